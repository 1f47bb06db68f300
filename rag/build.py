"""Building the index from a corpus folder, incrementally: only new or changed files are embedded."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import store, stores
from .stores import Store
from .chunking import Chunk, Span, chunk_text, sentence_runs, sentence_units
from .config import Settings
from .documents import Document, Skipped, load_corpus, scan_corpus
from .embedding import Embedder, normalize
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
    embedded: int = 0  # texts sent through the model: sentences and headings, each distinct text once
    embedded_passages: int = 0  # passages that were new or changed, their vectors made (the rest kept theirs)
    encoder: str | None = None  # what embedded them ("openvino bf16"), when anything was embedded
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
    """How passages and their vectors are made: an index made otherwise is rebuilt whole."""
    return {"size": settings.chunk_size, "overlap": settings.chunk_overlap, "splitter": "sentencex-en",
            "vectors": settings.passage_vectors}


def passage_input(chunk: Chunk) -> str:
    """What BM25 (and the model, with passage_vectors "model") reads of a passage: its section heading
    gives it context."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


def _previous(settings: Settings, full: bool) -> tuple[Store | None, str | None]:
    """The live index to update, or None to build from scratch (with a note saying why)."""
    if full:
        return None, None
    try:
        if settings.store:
            from .milvus_store import MilvusStore

            prev = MilvusStore.open(settings.store)
            manifest = prev.manifest
        else:
            _, manifest = store.read_manifest(settings.index)
    except IndexMissingError:
        return None, None
    where = stores.where(settings)
    if not isinstance(manifest["format_version"], int) or manifest["format_version"] > store.FORMAT_VERSION:
        raise IndexMismatchError(
            f"the index in {where} has format version {manifest['format_version']}, newer than this "
            f"program's {store.FORMAT_VERSION}: a newer rag-news built it",
            "upgrade rag-news, or replace that index with `rag build --full`")
    if manifest["format_version"] != store.FORMAT_VERSION:  # written by an older version of rag
        return None, (f"the index in {where} has format version {manifest['format_version']}; "
                      f"every article is indexed again in version {store.FORMAT_VERSION}")
    if settings.store:
        store.check_compatible(manifest, model=settings.model, where=where)
        return prev, None
    return store.load(settings.index, model=settings.model), None


def build(settings: Settings, make_embedder: Callable[[], Embedder], *, full: bool = False,
          progress: bool = False) -> BuildReport:
    """Index settings.corpus into settings.index. The model is only loaded if something must be embedded."""
    started = time.perf_counter()
    files = scan_corpus(settings.corpus)
    if not files:
        raise CorpusError(f"corpus folder {settings.corpus} is empty",
                          "put .txt, .md or .html articles in it, or pass --corpus DIR")
    if settings.store:
        from . import milvus_store

        lock = milvus_store.writing(settings.store)
    else:
        lock = store.writing(settings.index)
    with lock:  # one build at a time per index
        return _build(settings, make_embedder, files, full, progress, started)


def _build(settings: Settings, make_embedder: Callable[[], Embedder], files: list, full: bool, progress: bool,
           started: float) -> BuildReport:
    prev, why_full = _previous(settings, full)
    params = chunking_params(settings)
    if prev is not None and prev.manifest.get("chunking") != params:
        prev = None  # passages would differ: every document is re-chunked and re-embedded
        why_full = why_full or "the index was built with other passage settings: every article is indexed again"
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
        search = {"passages": store.search_kind(len(prev.chunks), settings.ann_from),
                  "sentences": store.search_kind(len(prev.sentences), settings.ann_from)}
        if settings.store or prev.info()["search"] == search:
            report.chunks = len(prev.chunks)
            report.seconds = time.perf_counter() - started
            return report  # nothing to do: the live index already is this corpus
        report.notes.append("RAG_ANN_FROM asks for other vector indexes: they are made again from the stored "
                            "vectors (nothing is embedded)")

    keep = set(report.unchanged)
    todo = [d for d in corpus.documents if d.id not in keep]

    def check_dim(dim: int) -> None:
        if prev is not None:
            store.check_compatible(prev.manifest, dim=dim, where=stores.where(settings))

    fresh = embed_fresh(todo, settings, make_embedder, report, progress, prev.dim if prev is not None else None,
                        check_dim)
    # What computed the vectors the index will hold: the kept ones' and the fresh ones' (bf16 and fp32 vectors
    # are interchangeable, measured: an index may hold both; an index from before this was kept says so).
    kept = prev.manifest.get("encoders", ["not recorded"]) if prev is not None and keep else []
    encoders = sorted(set(kept) | ({report.encoder} if report.encoder else set()))
    if settings.store:
        from . import milvus_store

        dim = fresh.chunk_vectors.shape[1] if len(fresh.chunks) else prev.dim
        milvus_store.save(settings.store, corpus.documents, prev, fresh, keep, model=settings.model, chunking=params,
                          stats=report.counts(), dim=dim, encoders=encoders)
        report.chunks = len(fresh.chunks) + (sum(c.doc_id in keep for c in prev.chunks) if prev is not None else 0)
    else:
        index = assemble(corpus.documents, prev, fresh, keep, settings.ann_from)
        store.save(index, settings.index, model=settings.model, chunking=params, stats=report.counts(),
                   encoders=encoders)
        report.chunks = len(index.chunks)
    report.written = True
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class Fresh:
    """What a build embeds: the passages and sentences of the new and changed documents, with vectors."""

    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentences: list[tuple[str, Span]]  # (document id, span)
    sentence_vectors: np.ndarray


def embed_fresh(documents: list[Document], settings: Settings, make_embedder: Callable[[], Embedder],
                report: BuildReport, progress: bool, dim: int | None, check_dim: Callable[[int], None]) -> Fresh:
    """Cut the documents into passages and sentences and embed the sentences (and headings), each
    distinct text once; passage vectors are made from them, or, with passage_vectors "model", embedded
    whole as well. The model loads only if there is work."""
    chunks: list[Chunk] = []
    sentences: list[tuple[str, Span]] = []
    for doc in documents:
        chunks.extend(chunk_text(doc.id, doc.text, settings.chunk_size, settings.chunk_overlap, *doc.body))
        sentences.extend((doc.id, sp) for _, group in sentence_units(doc.text, settings.chunk_size, *doc.body)
                         for sp in group)
    by_id = {d.id: d for d in documents}
    sentence_texts = [by_id[d].text[sp.start:sp.end] for d, sp in sentences]
    headings = sorted({c.section for c in chunks if c.section})
    whole = [passage_input(c) for c in chunks] if settings.passage_vectors == "model" else []
    texts = list(dict.fromkeys([*sentence_texts, *headings, *whole]))
    if texts:
        embedder = make_embedder()
        vectors = embedder.encode(texts, batch_size=settings.batch_size, progress=progress,
                                  desc="Embedding sentences" + (" and passages" if whole else ""))
        report.encoder = getattr(embedder, "runtime", type(embedder).__name__)
        check_dim(vectors.shape[1])
        dim = vectors.shape[1]
        report.embedded = len(texts)
    else:
        vectors = np.zeros((0, dim or 0), dtype=np.float32)
    row = {t: i for i, t in enumerate(texts)}
    sentence_vectors = vectors[[row[t] for t in sentence_texts]] if sentences else vectors[:0]
    report.embedded_passages = len(chunks)
    if whole:
        chunk_vectors = vectors[[row[t] for t in whole]]
    else:
        chunk_vectors = passage_vectors(chunks, sentences, sentence_vectors, {h: vectors[row[h]] for h in headings},
                                        sentence_vectors.shape[1])
    return Fresh(chunks, chunk_vectors, sentences, sentence_vectors)


def passage_vectors(chunks: list[Chunk], sentences: list[tuple[str, Span]], sentence_vectors: np.ndarray,
                    headings: dict[str, np.ndarray], dim: int) -> np.ndarray:
    """Each passage's vector: the normalized sum of its sentences' vectors (and its heading's), each
    weighed by the square root of its length, so that a long sentence counts for more, but not in
    proportion."""
    out = np.zeros((len(chunks), dim), dtype=np.float32)
    weight = np.sqrt([sp.end - sp.start for _, sp in sentences]).astype(np.float32)
    runs = sentence_runs([(c.doc_id, c.start, c.end) for c in chunks], sentences)
    for c_row, (chunk, (lo, hi)) in enumerate(zip(chunks, runs)):
        out[c_row] = weight[lo:hi] @ sentence_vectors[lo:hi]
        if chunk.section:
            out[c_row] += np.sqrt(len(chunk.section)) * headings[chunk.section]
    return normalize(out)


def assemble(documents: list[Document], prev: store.Index | None, fresh: Fresh, keep: set[str],
             ann_from: int) -> store.Index:
    """The folder store's new index: the documents in ``keep`` keep their rows of prev; in document order."""
    old_chunks: dict[str, list[int]] = {}
    old_sentences: dict[str, list[int]] = {}
    if prev is not None:
        for row, c in enumerate(prev.chunks):
            old_chunks.setdefault(c.doc_id, []).append(row)
        for row, (d, _) in enumerate(prev.sentences):
            old_sentences.setdefault(prev.documents[d].id, []).append(row)
    new_chunks: dict[str, list[int]] = {}
    new_sentences: dict[str, list[int]] = {}
    for i, c in enumerate(fresh.chunks):
        new_chunks.setdefault(c.doc_id, []).append(i)
    for i, (d, _) in enumerate(fresh.sentences):
        new_sentences.setdefault(d, []).append(i)
    # rows into [previous vectors; fresh vectors]
    offset_c = len(prev.chunks) if prev is not None else 0
    offset_s = len(prev.sentences) if prev is not None else 0
    chunks, chunk_rows, sentences, sentence_rows = [], [], [], []
    for d_row, doc in enumerate(documents):
        if doc.id not in keep or prev is None:
            chunks.extend(fresh.chunks[i] for i in new_chunks.get(doc.id, []))
            chunk_rows.extend(offset_c + i for i in new_chunks.get(doc.id, []))
            sentences.extend((d_row, fresh.sentences[i][1]) for i in new_sentences.get(doc.id, []))
            sentence_rows.extend(offset_s + i for i in new_sentences.get(doc.id, []))
        else:
            chunks.extend(prev.chunks[r] for r in old_chunks.get(doc.id, []))
            chunk_rows.extend(old_chunks.get(doc.id, []))
            sentences.extend((d_row, prev.sentences[r][1]) for r in old_sentences.get(doc.id, []))
            sentence_rows.extend(old_sentences.get(doc.id, []))
    dim = prev.dim if prev is not None else fresh.chunk_vectors.shape[1]
    chunk_matrix = fresh.chunk_vectors.reshape(-1, dim)
    sentence_matrix = fresh.sentence_vectors.reshape(-1, dim)
    if prev is not None:
        chunk_matrix = np.vstack([prev.all_vectors(), chunk_matrix])
        sentence_matrix = np.vstack([prev.all_sentence_vectors(), sentence_matrix])
    passage_texts = [passage_input(c) for c in chunks]
    sentence_texts = [documents[d].text[sp.start:sp.end] for d, sp in sentences]
    return store.Index(
        documents, chunks, store.vector_index(chunk_matrix[chunk_rows], dim, ann_from), sentences,
        store.vector_index(sentence_matrix[sentence_rows], dim, ann_from),
        Lexical.build([d.text for d in documents], **DOC_BM25), Lexical.build(sentence_texts, **SENTENCE_BM25),
        Lexical.build(passage_texts, pairs=True))
