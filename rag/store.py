"""The on-disk index: FAISS vectors, document and passage tables, BM25, and a manifest.

Layout of the index folder::

    CURRENT              name of the live generation (replaced atomically)
    gen-<time>-<rand>/   one complete, immutable index
        manifest.json    format version, model, dim, chunking, hashes, counts, and every file's sha256
        vectors.faiss    inner-product index over L2-normalized passage vectors, row i = passage i
        sentences.faiss  the same over every sentence, row j = sentence j
        documents.json   documents with their text and metadata
        chunks.json      passages as columns of (document row, start, end, section)
        sentences.json   sentences as columns of (document row, start, end)
        bm25-docs/       BM25 over whole documents; bm25-sentences/: over sentences;
        bm25-passages/   over passages, words and adjacent word pairs (read for which terms a
                         passage holds); all bm25s arrays and vocabulary: numpy without pickle, JSON

A build writes a new generation beside the live one and only then points CURRENT at it, so a build
killed at any moment leaves the previous index whole, and a reader never mixes generations. Builds
hold an OS lock on ``.lock`` (released by the OS when a build dies), so two never interleave; readers
take no lock. The generation before the live one is kept, so that a reader still loading it when a
build finishes can finish; older ones and the leftovers of killed builds are removed by the next
build. No file here is ever unpickled.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path

import faiss
import numpy as np

from .chunking import Chunk, Span, sentence_runs
from .documents import Document
from .errors import IndexBusyError, IndexCorruptError, IndexWriteError
from .lexical import Lexical, query_terms, term_shares
from .manifest import (CURRENT, FIX_CORRUPT, FORMAT_VERSION, LOCK, MANIFEST,  # noqa: F401 - re-exported
                       check_compatible, live_generation, read_manifest, sha256_file, summary, verify_files)



class Tables:
    """What is where: documents by row, each passage's and sentence's document row and offsets, and
    the links between them. Both stores hold these in memory, in document order."""

    documents: list[Document]
    chunks: list[Chunk]
    sentences: list[tuple[int, Span]]
    manifest: dict
    doc_lexical: Lexical  # BM25 over whole documents: held in memory by both stores, beside the documents

    def link(self) -> None:
        self._document_scores = lru_cache(maxsize=16)(self.doc_lexical.scores)
        self.doc_by_id = {d.id: d for d in self.documents}
        self.doc_row = {d.id: i for i, d in enumerate(self.documents)}
        self.chunk_doc = np.array([self.doc_row[c.doc_id] for c in self.chunks], dtype=np.int64)
        self.sentence_doc = np.array([d for d, _ in self.sentences], dtype=np.int64)
        # the sentences inside each chunk form a contiguous run of rows [lo, hi)
        by_doc: dict[int, list[int]] = {}
        for row, (d, _) in enumerate(self.sentences):
            by_doc.setdefault(d, []).append(row)
        self._doc_sentences = by_doc
        self.chunk_sentences = np.array(
            sentence_runs([(d, c.start, c.end) for d, c in zip(self.chunk_doc.tolist(), self.chunks)], self.sentences),
            dtype=np.int64).reshape(-1, 2)
        self.sentence_chunk = np.zeros(len(self.sentences), dtype=np.int64)
        for c_row in range(len(self.chunks) - 1, -1, -1):  # a sentence points at the first chunk holding it
            lo, hi = self.chunk_sentences[c_row]
            self.sentence_chunk[lo:hi] = c_row

    def doc_sentence_rows(self, doc_row: int) -> list[int]:
        """The sentence rows of a document, in text order."""
        return self._doc_sentences.get(doc_row, [])

    def document_bm25(self, query: str, doc_rows: np.ndarray, docs: np.ndarray | None = None
                      ) -> tuple[np.ndarray, float]:
        scores = self._document_scores(query)
        best = scores[docs].max(initial=0.0) if docs is not None else scores.max(initial=0.0)
        return scores[doc_rows], float(best)

    @property
    def model(self) -> str:
        return self.manifest["model"]

    @property
    def dim(self) -> int:
        return int(self.manifest["dim"])


@dataclass
class Index(Tables):
    """A loaded index folder, read-only once built; shared by every request. Implements the Store
    interface (rag/stores.py)."""

    documents: list[Document]
    chunks: list[Chunk]
    passage_faiss: faiss.Index  # one row per passage
    sentences: list[tuple[int, Span]]  # (document row, span), in document order
    sentence_faiss: faiss.Index  # one row per sentence
    doc_lexical: Lexical  # BM25 over documents
    sentence_lexical: Lexical  # BM25 over sentences
    passage_terms: Lexical  # words and word pairs of each passage (row i = passage i)
    manifest: dict = field(default_factory=dict)
    path: Path | None = None
    generation: str | None = None  # the folder it was loaded from, e.g. "gen-20260101T000000-a1b2c3"

    def __post_init__(self):
        self.link()
        # one question's BM25 is read by retrieval and the answerer alike: the rows holding its words, and their scores
        self._sentence_scores = lru_cache(maxsize=16)(self.sentence_lexical.sparse_scores)

    # -- the Store interface (rag/stores.py) --
    def published(self) -> str | None:
        gen = live_generation(self.path)
        return gen.name if gen else None

    def passage_search(self, vector: np.ndarray, k: int) -> np.ndarray:
        return _top(self.passage_faiss, vector, k)

    def sentence_search(self, vector: np.ndarray, k: int) -> np.ndarray:
        return _top(self.sentence_faiss, vector, k)

    def sentence_lexical_search(self, query: str, k: int) -> np.ndarray:
        rows, scores = self._sentence_scores(query)
        keep = scores > 0
        rows, scores = rows[keep], scores[keep]
        return rows[np.lexsort((rows, -scores))][:k]

    def passage_cosines(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self.passage_vectors(rows) @ np.asarray(vector, dtype=np.float32).reshape(-1)

    def sentence_cosines(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self.sentence_vectors(rows) @ np.asarray(vector, dtype=np.float32).reshape(-1)

    def passage_vectors(self, rows: np.ndarray) -> np.ndarray:
        return self.passage_faiss.reconstruct_batch(np.asarray(rows, dtype=np.int64))

    def sentence_vectors(self, rows: np.ndarray) -> np.ndarray:
        return self.sentence_faiss.reconstruct_batch(np.asarray(rows, dtype=np.int64))

    def sentence_bm25(self, query: str, rows: np.ndarray, docs: np.ndarray | None = None) -> tuple[np.ndarray, float]:
        held, scores = self._sentence_scores(query)
        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros(len(rows), dtype=scores.dtype)
        if len(held):  # a row's score where it holds a query term, else 0
            at = np.minimum(np.searchsorted(held, rows), len(held) - 1)
            hit = held[at] == rows
            out[hit] = scores[at[hit]]
        if docs is not None:
            scores = scores[np.isin(self.sentence_doc[held], docs)]
        return out, float(scores.max(initial=0.0))

    def term_shares(self, query: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        words, pairs = query_terms(query)
        idf = self.doc_lexical.idf()

        def held(term: str) -> np.ndarray:
            return np.isin(rows, self.passage_terms.rows_holding(term))

        return term_shares(words, pairs, idf, held, len(rows))

    def sentence_idf(self):
        return self.sentence_lexical.idf()

    def all_vectors(self) -> np.ndarray:
        return all_rows(self.passage_faiss)

    def all_sentence_vectors(self) -> np.ndarray:
        return all_rows(self.sentence_faiss)

    def info(self) -> dict:
        return summary(self.manifest, self.path)


def _top(index: faiss.Index, vector: np.ndarray, k: int) -> np.ndarray:
    """The rows of the k nearest vectors, nearest first."""
    _, ids = index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), min(k, index.ntotal))
    return ids[0][ids[0] >= 0].astype(np.int64)


def all_rows(index: faiss.Index) -> np.ndarray:
    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_n(0, index.ntotal)


def flat_index(vectors: np.ndarray, dim: int) -> faiss.Index:
    index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


# Exact search costs about 15 ms per 100,000 vectors per question on two cores; from ``ann_from``
# vectors on, an index is approximate: HNSW graphs over the same vectors instead, one per slice of
# HNSW_SHARD rows, each searched (in parallel) and the results merged. One graph over a million vectors
# misses 2.3% of the exact top 100; ten graphs of 100,000 miss 0.15%, in 19 ms (p95, two cores) where
# exact search takes 160 (bench/ann.py measures recall of the top 100 against exact search, and speed).
# The vectors stay whole inside them: cosines of given rows, and incremental builds, read them back exactly.
HNSW_M = 32  # neighbours per node
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 512  # nodes each graph's search keeps in view; retrieval asks for the top 100 (bench/ann.py)
HNSW_SHARD = 100_000  # vectors per graph


class Shards:
    """HNSW graphs over consecutive slices of the rows, read as one index: a search asks every graph
    (one thread each) and keeps the best; a row is read back from the graph holding it."""

    def __init__(self, parts: list[faiss.Index]):
        self.parts = parts
        self.starts = np.cumsum([0] + [p.ntotal for p in parts])
        self.ntotal = int(self.starts[-1])
        self.d = parts[0].d
        self._all = faiss.IndexShards(self.d, True, True)  # threaded; row ids follow one another
        for part in parts:
            self._all.add_shard(part)

    def search(self, vectors: np.ndarray, k: int):
        return self._all.search(vectors, k)

    def reconstruct_batch(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        out = np.empty((len(rows), self.d), dtype=np.float32)
        part = np.searchsorted(self.starts, rows, side="right") - 1
        for i in np.unique(part):
            at = part == i
            out[at] = self.parts[i].reconstruct_batch(rows[at] - self.starts[i])
        return out

    def reconstruct_n(self, start: int, n: int) -> np.ndarray:
        return self.reconstruct_batch(np.arange(start, start + n))


def search_kind(rows: int, ann_from: int) -> str:
    """How an index of that many vectors searches: "flat" (exact) below ``ann_from``, else HNSW: "hnsw32",
    or "hnsw32x10" for ten graphs."""
    if rows < ann_from:
        return "flat"
    graphs = max(1, -(-rows // HNSW_SHARD))
    return f"hnsw{HNSW_M}" + (f"x{graphs}" if graphs > 1 else "")


def _graph(vectors: np.ndarray, dim: int) -> faiss.Index:
    index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def vector_index(vectors: np.ndarray, dim: int, ann_from: int):
    """Exact (flat) below ``ann_from`` vectors, else HNSW graphs of HNSW_SHARD vectors at most; inner
    product over L2-normalized vectors."""
    if search_kind(len(vectors), ann_from) == "flat":
        return flat_index(vectors, dim)
    parts = [_graph(vectors[s:s + HNSW_SHARD], dim) for s in range(0, len(vectors), HNSW_SHARD)]
    return parts[0] if len(parts) == 1 else Shards(parts)


def index_kind(index) -> str:
    """How an index searches, for the manifest: "flat" (exact), "hnsw<M>" or "hnsw<M>x<graphs>"."""
    if isinstance(index, Shards):
        return f"hnsw{index.parts[0].hnsw.nb_neighbors(1)}x{len(index.parts)}"
    return f"hnsw{index.hnsw.nb_neighbors(1)}" if isinstance(index, faiss.IndexHNSW) else "flat"


def _write_json(path: Path, obj) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, separators=(",", ":"))


def _write_faiss(index, path: Path) -> None:
    # serialized here and written by Python, so that a full disk is an OSError like any other write
    # (faiss.write_index reports it as a RuntimeError); several graphs go in one .npz of their bytes
    with open(path, "wb") as f:
        if isinstance(index, Shards):
            np.savez(f, **{f"part{i:05d}": faiss.serialize_index(p) for i, p in enumerate(index.parts)})
        else:
            f.write(faiss.serialize_index(index).tobytes())


def _read_faiss(path: Path):
    with open(path, "rb") as f:
        several = f.read(2) == b"PK"  # a zip (.npz): graphs; a FAISS file begins otherwise
    if not several:
        return faiss.read_index(str(path))
    with np.load(path, allow_pickle=False) as parts:
        return Shards([faiss.deserialize_index(parts[name]) for name in sorted(parts.files)])


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for p in sorted(folder.rglob("*"), key=lambda p: -len(p.parts)):
        _fsync(p)
    _fsync(folder)


@contextmanager
def write_errors(index_dir: Path):
    """Turn a failed write (disk full, no permission, read-only disk) into words naming the folder."""
    try:
        yield
    except OSError as e:
        keep = "the previous index was left as it was"
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            raise IndexWriteError(f"the disk holding {index_dir} is full ({e.strerror}); {keep}",
                                  "free some space, or build into a folder on another disk with --index DIR") from None
        if e.errno in (errno.EACCES, errno.EPERM):
            raise IndexWriteError(f"no permission to write in {index_dir} ({e.strerror}); {keep}",
                                  "run as a user who may write there, or pass --index DIR") from None
        if e.errno == errno.EROFS:
            raise IndexWriteError(f"{index_dir} is on a read-only file system; {keep}",
                                  "pass --index DIR on a writable disk") from None
        raise IndexWriteError(f"cannot write the index in {index_dir} ({e.strerror or e}); {keep}",
                              "check the folder and the disk, then build again") from None


@contextmanager
def writing(index_dir: Path):
    """Hold the index folder's write lock for the length of a build.

    The lock is an OS file lock, so a killed build releases it. Holding it, nothing else writes here,
    so every temporary folder found is a dead build's and is removed."""
    created = not index_dir.exists()
    with write_errors(index_dir):
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise IndexBusyError(
                f"another build of the index in {index_dir} is running" + (f" (pid {holder})" if holder.isdigit() else ""),
                "wait for it to finish; it indexes the same folder") from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            remove_stale(index_dir, keep=_live_and_previous(index_dir))
            yield
        finally:
            os.ftruncate(fd, 0)  # no pid while no one holds the lock
            if created and [p.name for p in index_dir.iterdir()] == [LOCK]:  # a first build that failed
                shutil.rmtree(index_dir, ignore_errors=True)
    finally:
        os.close(fd)  # releases the lock


def _live_and_previous(index_dir: Path) -> set[str] | None:
    """The live generation and the newest other one; None (keep every generation) when CURRENT is
    damaged, so that nothing is deleted before someone looks."""
    try:
        live = live_generation(index_dir)
    except IndexCorruptError:
        return None
    others = sorted((p.name for p in index_dir.glob("gen-*") if p.is_dir() and p != live), reverse=True)
    return ({live.name} if live else set()) | set(others[:1])


def save(index: Index, index_dir: Path, *, model: str, chunking: dict, stats: dict,
         encoders: list[str] | None = None) -> Path:
    """Write index as a new generation, switch CURRENT to it, then drop older generations but the one
    it replaces. ``encoders``: what computed the vectors it holds ("openvino bf16"). The caller holds
    ``writing(index_dir)``."""
    with write_errors(index_dir):
        return _save(index, index_dir, model=model, chunking=chunking, stats=stats, encoders=encoders or [])


def _live_or_none(index_dir: Path) -> Path | None:
    try:
        return live_generation(index_dir)
    except IndexCorruptError:  # a damaged pointer is being replaced
        return None


def _save(index: Index, index_dir: Path, *, model: str, chunking: dict, stats: dict, encoders: list[str]) -> Path:
    previous = _live_or_none(index_dir)
    name = f"gen-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    tmp = index_dir / f".tmp-{name}"
    tmp.mkdir()
    pointer_tmp = index_dir / f".{CURRENT}.{secrets.token_hex(3)}"
    try:
        _write_faiss(index.passage_faiss, tmp / "vectors.faiss")
        _write_faiss(index.sentence_faiss, tmp / "sentences.faiss")
        _write_json(tmp / "documents.json", [d.to_dict() for d in index.documents])
        _write_json(tmp / "chunks.json", {
            "doc": [index.doc_row[c.doc_id] for c in index.chunks],
            "start": [c.start for c in index.chunks],
            "end": [c.end for c in index.chunks],
            "section": [c.section for c in index.chunks],
        })
        _write_json(tmp / "sentences.json", {
            "doc": [d for d, _ in index.sentences],
            "start": [sp.start for _, sp in index.sentences],
            "end": [sp.end for _, sp in index.sentences],
        })
        index.doc_lexical.save(tmp / "bm25-docs")
        index.sentence_lexical.save(tmp / "bm25-sentences")
        index.passage_terms.save(tmp / "bm25-passages")
        files = {p.relative_to(tmp).as_posix(): {"bytes": p.stat().st_size, "sha256": sha256_file(p)}
                 for p in sorted(tmp.rglob("*")) if p.is_file()}
        manifest = {
            "format_version": FORMAT_VERSION, "model": model, "dim": index.passage_faiss.d, "metric": "cosine",
            "encoders": encoders, "chunking": chunking, "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "counts": {"documents": len(index.documents), "chunks": len(index.chunks),
                       "sentences": len(index.sentences), **stats},
            "search": {"passages": index_kind(index.passage_faiss), "sentences": index_kind(index.sentence_faiss)},
            "documents": {d.id: d.sha256 for d in index.documents}, "files": files,
        }
        _write_json(tmp / MANIFEST, manifest)
        _fsync_tree(tmp)
        os.rename(tmp, index_dir / name)
        pointer_tmp.write_text(name + "\n", encoding="utf-8")
        _fsync(pointer_tmp)
        os.replace(pointer_tmp, index_dir / CURRENT)  # the one atomic step that publishes the build
        _fsync(index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        pointer_tmp.unlink(missing_ok=True)
        if _live_or_none(index_dir) != index_dir / name:  # not published: this generation is garbage
            shutil.rmtree(index_dir / name, ignore_errors=True)
        raise
    index.manifest, index.path, index.generation = manifest, index_dir, name
    remove_stale(index_dir, keep={name, previous.name} if previous else {name})
    return index_dir / name


def remove_stale(index_dir: Path, keep: set[str] | None) -> None:
    """Drop generations not in ``keep`` (none when it is None) and leftovers of killed builds. A
    generation is first renamed out of the way (atomically), so that a removal cut short leaves only
    a leftover the next build removes, never a half-deleted generation."""
    for p in index_dir.iterdir():
        if keep is not None and p.name in keep:
            continue
        if keep is not None and p.is_dir() and p.name.startswith("gen-"):
            trash = index_dir / f".trash-{p.name}"
            try:
                os.rename(p, trash)
            except OSError:
                continue
            shutil.rmtree(trash, ignore_errors=True)
        elif p.is_dir() and p.name.startswith((".tmp-gen-", ".trash-gen-")):
            shutil.rmtree(p, ignore_errors=True)
        elif p.is_file() and p.name.startswith(f".{CURRENT}."):
            p.unlink(missing_ok=True)


def load(index_dir: Path, *, model: str | None = None) -> Index:
    """Open the live generation, checking format, model and every file's checksum."""
    index_dir = Path(index_dir)
    gen, manifest = read_manifest(index_dir)
    check_compatible(manifest, model=model, where=index_dir)
    verify_files(gen, manifest)
    started = time.perf_counter()
    try:
        vectors = _read_faiss(gen / "vectors.faiss")
        sentence_vectors = _read_faiss(gen / "sentences.faiss")
        documents = [Document.from_dict(d) for d in json.loads((gen / "documents.json").read_text("utf-8"))]
        cols = json.loads((gen / "chunks.json").read_text("utf-8"))
        chunks = [Chunk(documents[d].id, s, e, sec, documents[d].text[s:e])
                  for d, s, e, sec in zip(cols["doc"], cols["start"], cols["end"], cols["section"])]
        cols = json.loads((gen / "sentences.json").read_text("utf-8"))
        sentences = [(d, Span(s, e)) for d, s, e in zip(cols["doc"], cols["start"], cols["end"])]
        doc_lexical = Lexical.load(gen / "bm25-docs", len(documents))
        sentence_lexical = Lexical.load(gen / "bm25-sentences", len(sentences))
        passage_terms = Lexical.load(gen / "bm25-passages", len(chunks))
    except Exception as e:  # checksums matched, so this is a bug or a foreign file: still no traceback
        raise IndexCorruptError(f"index in {gen} cannot be read ({type(e).__name__}: {e})", FIX_CORRUPT) from None
    dim = int(manifest["dim"])
    if (vectors.ntotal, vectors.d, sentence_vectors.ntotal, sentence_vectors.d) != (
            len(chunks), dim, len(sentences), dim):
        raise IndexCorruptError(f"index in {gen} is inconsistent (vectors and passages differ)", FIX_CORRUPT)
    index = Index(documents, chunks, vectors, sentences, sentence_vectors, doc_lexical, sentence_lexical,
                  passage_terms, manifest, index_dir, gen.name)
    index.load_seconds = time.perf_counter() - started
    return index
