"""Building the index from a corpus folder, incrementally: only new or changed files are embedded."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import store
from .chunking import Chunk, Span, chunk_text, sentence_units
from .config import Settings
from .documents import Document, Skipped, load_corpus, scan_corpus
from .embedding import Embedder
from .errors import CorpusError, IndexMismatchError, IndexMissingError
from .lexical import Lexical


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    embedded: int = 0  # texts sent through the model: passages and sentences, each distinct text once
    embedded_passages: int = 0  # passages that were new or changed (the rest kept their vectors)
    documents: int = 0
    chunks: int = 0
    seconds: float = 0.0
    written: bool = False

    def counts(self) -> dict:
        return {"added": len(self.added), "changed": len(self.changed), "unchanged": len(self.unchanged),
                "removed": len(self.removed), "skipped": len(self.skipped)}


# BM25 parameters, tuned on SQuAD dev-a (bench/README.md)
DOC_BM25 = {"k1": 0.9, "b": 0.9}
SENTENCE_BM25 = {"k1": 1.2, "b": 0.75}


def chunking_params(settings: Settings) -> dict:
    return {"size": settings.chunk_size, "overlap": settings.chunk_overlap, "splitter": "sentencex-en"}


def passage_input(chunk: Chunk) -> str:
    """What the embedder and BM25 see for a passage: its section heading gives it context."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


def _previous(settings: Settings, full: bool) -> tuple[store.Index | None, str | None]:
    """The live index to update, or None to build from scratch (with a note saying why)."""
    if full:
        return None, None
    try:
        _, manifest = store.read_manifest(settings.index)
    except IndexMissingError:
        return None, None
    if not isinstance(manifest["format_version"], int) or manifest["format_version"] > store.FORMAT_VERSION:
        raise IndexMismatchError(
            f"the index in {settings.index} has format version {manifest['format_version']}, newer than this "
            f"program's {store.FORMAT_VERSION}: a newer rag-news built it",
            "upgrade rag-news, or replace that index with `rag build --full`")
    if manifest["format_version"] != store.FORMAT_VERSION:  # written by an older version of rag
        return None, (f"the index in {settings.index} has format version {manifest['format_version']}; "
                      f"every article is indexed again in version {store.FORMAT_VERSION}")
    return store.load(settings.index, model=settings.model), None


def build(settings: Settings, make_embedder: Callable[[], Embedder], *, full: bool = False,
          progress: bool = False) -> BuildReport:
    """Index settings.corpus into settings.index. The model is only loaded if something must be embedded."""
    started = time.perf_counter()
    files = scan_corpus(settings.corpus)
    if not files:
        raise CorpusError(f"corpus folder {settings.corpus} is empty",
                          "put .txt, .md or .html articles in it, or pass --corpus DIR")
    with store.writing(settings.index):  # one build at a time per index folder
        return _build(settings, make_embedder, files, full, progress, started)


def _build(settings: Settings, make_embedder: Callable[[], Embedder], files: list, full: bool, progress: bool,
           started: float) -> BuildReport:
    prev, why_full = _previous(settings, full)
    params = chunking_params(settings)
    if prev is not None and prev.manifest.get("chunking") != params:
        prev = None  # passages would differ: every document is re-chunked and re-embedded
    known = prev.doc_by_id if prev else {}
    corpus = load_corpus(settings.corpus, settings.max_file_bytes, known=known, files=files, progress=progress)
    report = BuildReport(skipped=corpus.skipped, notes=[why_full, *corpus.notes] if why_full else corpus.notes)
    if not corpus.documents:
        raise CorpusError(
            f"nothing to index in {settings.corpus}: all {len(files)} files were skipped",
            "see the reasons above; articles must be non-empty UTF-8 .txt, .md or .html files")

    current = {d.id for d in corpus.documents}
    for doc in corpus.documents:
        if doc.id not in known:
            report.added.append(doc.id)
        elif known[doc.id].sha256 != doc.sha256:
            report.changed.append(doc.id)
        else:
            report.unchanged.append(doc.id)
    report.removed = sorted(set(known) - current)
    report.documents = len(corpus.documents)

    if prev is not None and not (report.added or report.changed or report.removed):
        report.chunks = len(prev.chunks)
        report.seconds = time.perf_counter() - started
        return report  # nothing to do: the live index already is this corpus

    index = assemble(corpus.documents, prev, settings, make_embedder, report, progress)
    store.save(index, settings.index, model=settings.model, chunking=params, stats=report.counts())
    report.chunks, report.written = len(index.chunks), True
    report.seconds = time.perf_counter() - started
    return report


def _reuse_or_embed(units: list, old_rows: list[int], prev_matrix, texts: list[str],
                    embed: Callable[[list[str]], np.ndarray], dim: int | None) -> tuple[np.ndarray, int]:
    """Vectors for units: row old_rows[i] of prev_matrix where >= 0, else the embedding of texts[i]."""
    fresh = [i for i, r in enumerate(old_rows) if r < 0]
    kept = [i for i, r in enumerate(old_rows) if r >= 0]
    new = embed([texts[i] for i in fresh]) if fresh else None
    if new is not None:
        dim = new.shape[1]
    vectors = np.zeros((len(units), dim), dtype=np.float32)
    if fresh:
        vectors[fresh] = new
    if kept:
        vectors[kept] = prev_matrix[[old_rows[i] for i in kept]]
    return vectors, len(fresh)


def assemble(documents: list[Document], prev: store.Index | None, settings: Settings,
             make_embedder: Callable[[], Embedder], report: BuildReport, progress: bool) -> store.Index:
    """Passages, sentences and their vectors; unchanged documents keep theirs from prev."""
    reuse = set(report.unchanged)
    old_chunks: dict[str, list[int]] = {}
    old_sentences: dict[str, list[int]] = {}
    if prev is not None:
        for row, c in enumerate(prev.chunks):
            if c.doc_id in reuse:
                old_chunks.setdefault(c.doc_id, []).append(row)
        for row, (d, _) in enumerate(prev.sentences):
            if prev.documents[d].id in reuse:
                old_sentences.setdefault(prev.documents[d].id, []).append(row)

    chunks: list[Chunk] = []
    chunk_rows: list[int] = []  # row in the previous index, or -1 for a passage to embed
    sentences: list[tuple[int, Span]] = []
    sentence_rows: list[int] = []
    for d_row, doc in enumerate(documents):
        if doc.id in reuse:
            chunks.extend(prev.chunks[r] for r in old_chunks.get(doc.id, []))
            chunk_rows.extend(old_chunks.get(doc.id, []))
            sentences.extend((d_row, prev.sentences[r][1]) for r in old_sentences.get(doc.id, []))
            sentence_rows.extend(old_sentences.get(doc.id, []))
            continue
        new = chunk_text(doc.id, doc.text, settings.chunk_size, settings.chunk_overlap, *doc.body)
        chunks.extend(new)
        chunk_rows.extend([-1] * len(new))
        spans = [sp for _, group in sentence_units(doc.text, settings.chunk_size, *doc.body) for sp in group]
        sentences.extend((d_row, sp) for sp in spans)
        sentence_rows.extend([-1] * len(spans))

    embedder = None
    seen: dict[str, np.ndarray] = {}  # a text is embedded once per build: a one-sentence passage is its sentence

    def embed(texts: list[str], desc: str = "Embedding passages") -> np.ndarray:
        nonlocal embedder
        todo = [t for t in dict.fromkeys(texts) if t not in seen]
        if todo:
            embedder = embedder or make_embedder()
            vectors = embedder.encode(todo, batch_size=settings.batch_size, progress=progress, desc=desc)
            if prev is not None:
                store.check_compatible(prev.manifest, dim=vectors.shape[1], where=settings.index)
            seen.update(zip(todo, vectors))
            report.embedded += len(todo)
        return np.stack([seen[t] for t in texts])

    dim = prev.dim if prev is not None else None
    passage_texts = [passage_input(c) for c in chunks]
    chunk_vectors, report.embedded_passages = _reuse_or_embed(
        chunks, chunk_rows, prev.all_vectors() if prev else None, passage_texts, embed, dim)
    dim = chunk_vectors.shape[1]
    sentence_texts = [documents[d].text[sp.start:sp.end] for d, sp in sentences]
    sentence_vectors, _ = _reuse_or_embed(
        sentences, sentence_rows, prev.all_sentence_vectors() if prev else None, sentence_texts,
        lambda texts: embed(texts, "Embedding sentences"), dim)
    return store.Index(
        documents, chunks, store.flat_index(chunk_vectors, dim), sentences, store.flat_index(sentence_vectors, dim),
        Lexical.build([d.text for d in documents], **DOC_BM25), Lexical.build(sentence_texts, **SENTENCE_BM25),
        Lexical.build(passage_texts, pairs=True))
