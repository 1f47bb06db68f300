"""Building the index from a corpus folder, incrementally: only new or changed files are embedded."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import store
from .chunking import Chunk, chunk_text
from .config import Settings
from .documents import Document, Skipped, load_corpus, scan_corpus
from .embedding import Embedder
from .errors import CorpusError, IndexMissingError
from .lexical import Lexical


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    embedded: int = 0  # passages sent through the model
    documents: int = 0
    chunks: int = 0
    seconds: float = 0.0
    written: bool = False

    def counts(self) -> dict:
        return {"added": len(self.added), "changed": len(self.changed), "unchanged": len(self.unchanged),
                "removed": len(self.removed), "skipped": len(self.skipped)}


def chunking_params(settings: Settings) -> dict:
    return {"size": settings.chunk_size, "overlap": settings.chunk_overlap, "splitter": "sentencex-en"}


def passage_input(chunk: Chunk) -> str:
    """What the embedder and BM25 see for a passage: its section heading gives it context."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


def _previous(settings: Settings, full: bool) -> store.Index | None:
    if full:
        return None
    try:
        return store.load(settings.index, model=settings.model)
    except IndexMissingError:
        return None


def build(settings: Settings, make_embedder: Callable[[], Embedder], *, full: bool = False,
          progress: bool = False) -> BuildReport:
    """Index settings.corpus into settings.index. The model is only loaded if something must be embedded."""
    started = time.perf_counter()
    files = scan_corpus(settings.corpus)
    if not files:
        raise CorpusError(f"corpus folder {settings.corpus} is empty",
                          "put .txt, .md or .html articles in it, or pass --corpus DIR")
    prev = _previous(settings, full)
    params = chunking_params(settings)
    if prev is not None and prev.manifest.get("chunking") != params:
        prev = None  # passages would differ: every document is re-chunked and re-embedded
    known = prev.doc_by_id if prev else {}
    corpus = load_corpus(settings.corpus, settings.max_file_bytes, known=known, files=files, progress=progress)
    report = BuildReport(skipped=corpus.skipped, notes=corpus.notes)
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


def assemble(documents: list[Document], prev: store.Index | None, settings: Settings,
             make_embedder: Callable[[], Embedder], report: BuildReport, progress: bool) -> store.Index:
    """Passages and vectors for documents, reusing those of unchanged documents from prev."""
    reuse = set(report.unchanged)
    old_rows: dict[str, list[int]] = {}
    if prev is not None:
        for row, c in enumerate(prev.chunks):
            if c.doc_id in reuse:
                old_rows.setdefault(c.doc_id, []).append(row)
    old_vectors = prev.all_vectors() if prev is not None and reuse else None

    chunks: list[Chunk] = []
    source_rows: list[int] = []  # row in old_vectors, or -1 for a passage to embed
    for doc in documents:
        if doc.id in reuse:
            rows = old_rows.get(doc.id, [])
            chunks.extend(prev.chunks[r] for r in rows)
            source_rows.extend(rows)
        else:
            new = chunk_text(doc.id, doc.text, settings.chunk_size, settings.chunk_overlap)
            chunks.extend(new)
            source_rows.extend([-1] * len(new))

    to_embed = [i for i, r in enumerate(source_rows) if r < 0]
    kept = [i for i, r in enumerate(source_rows) if r >= 0]
    report.embedded = len(to_embed)
    dim = prev.dim if prev is not None else None
    new_vectors = None
    if to_embed:  # every document yields a passage, so with no previous index this always runs
        new_vectors = make_embedder().encode([passage_input(chunks[i]) for i in to_embed],
                                             batch_size=settings.batch_size, progress=progress)
        if prev is not None:
            store.check_compatible(prev.manifest, dim=new_vectors.shape[1], where=settings.index)
        dim = new_vectors.shape[1]
    vectors = np.zeros((len(chunks), dim), dtype=np.float32)
    if to_embed:
        vectors[to_embed] = new_vectors
    if kept:
        vectors[kept] = old_vectors[[source_rows[i] for i in kept]]

    lexical = Lexical.build([passage_input(c) for c in chunks])
    return store.Index(documents, chunks, store.flat_index(vectors, dim), lexical)
