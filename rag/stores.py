"""The store interface: what retrieval, the answerer, the build and the app read from an index.

Two stores implement it: the index folder (``rag/store.py``: FAISS files, bm25s arrays and JSON
tables, the default) and Milvus (``rag/milvus_store.py``: a server, a cluster or Milvus Lite). The
setting ``RAG_STORE`` picks one: empty for the folder, ``milvus://HOST:PORT`` for a Milvus server,
``milvus:///path/file.db`` for Milvus Lite in this process.

Both hold the tables of what is where in memory (documents, and each passage's and sentence's
document row and offsets, in document order, so that row numbers are the same on both); vectors and
lexical postings stay in the engine and are read through the methods below, for the candidates of
one question only. The ranking itself (rag/retrieval.py) is computed on this side from these values,
so it is the same whichever store holds them.
"""

from __future__ import annotations

from typing import Callable, Protocol

import numpy as np

from .chunking import Chunk, Span
from .config import Settings
from .documents import Document


class Store(Protocol):
    documents: list[Document]  # in row order
    chunks: list[Chunk]  # passages, grouped by document, in text order
    sentences: list[tuple[int, Span]]  # (document row, span), grouped by document, in text order
    doc_by_id: dict[str, Document]
    doc_row: dict[str, int]
    chunk_doc: np.ndarray  # passage row -> document row
    sentence_doc: np.ndarray  # sentence row -> document row
    chunk_sentences: np.ndarray  # passage row -> [lo, hi): its sentence rows
    sentence_chunk: np.ndarray  # sentence row -> the first passage holding it
    manifest: dict  # model, dim, chunking, counts, document hashes (rag/manifest.py)
    generation: str | None  # changes whenever a build publishes new content

    @property
    def model(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def info(self) -> dict: ...

    def published(self) -> str | None:
        """The generation the store publishes now, which a later build may have made newer than this one's
        ``generation`` (read over the open connection: a server polls it every few seconds)."""
        ...

    def doc_sentence_rows(self, doc_row: int) -> list[int]: ...

    # -- search: rows, best first --
    def passage_search(self, vector: np.ndarray, k: int) -> np.ndarray:
        """The k passages nearest the (normalized) vector."""
        ...

    def sentence_search(self, vector: np.ndarray, k: int) -> np.ndarray:
        """The k sentences nearest the vector."""
        ...

    def sentence_lexical_search(self, query: str, k: int) -> np.ndarray:
        """The k sentences of best BM25 for the query (only those holding a query word)."""
        ...

    # -- values of given rows --
    def passage_cosines(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The inner product of the vector with each given passage's (computed where the vectors are)."""
        ...

    def sentence_cosines(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray: ...

    def passage_vectors(self, rows: np.ndarray) -> np.ndarray: ...

    def sentence_vectors(self, rows: np.ndarray) -> np.ndarray: ...

    def sentence_bm25(self, query: str, rows: np.ndarray, docs: np.ndarray | None = None
                      ) -> tuple[np.ndarray, float]:
        """BM25 of the given sentences, and the best BM25 of any sentence (of the documents whose
        rows ``docs`` lists, when given)."""
        ...

    def document_bm25(self, query: str, doc_rows: np.ndarray, docs: np.ndarray | None = None
                      ) -> tuple[np.ndarray, float]:
        """BM25 of the given documents as wholes, and the best of any document (of ``docs``)."""
        ...

    def term_shares(self, query: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each passage row, the IDF-weighted share of the query's words it holds and the share
        of its adjacent word pairs."""
        ...

    def sentence_idf(self) -> Callable[[str], float]:
        """term -> inverse sentence frequency (a term no sentence holds weighs the most)."""
        ...


def where(settings: Settings) -> str:
    """The configured store, in words for messages: the index folder or the Milvus address."""
    return settings.store or str(settings.index)


def load_store(settings: Settings, *, model: str | None = None) -> Store:
    """Open the live index of the configured store (the folder unless RAG_STORE names Milvus)."""
    if not settings.store:
        from . import store

        return store.load(settings.index, model=model)
    from .milvus_store import MilvusStore

    return MilvusStore.open(settings.store, model=model)


def live_generation(settings: Settings) -> str | None:
    """The name of the live generation of the configured store; None when nothing is built yet."""
    if not settings.store:
        from .manifest import live_generation as folder_generation

        gen = folder_generation(settings.index)
        return gen.name if gen else None
    from .milvus_store import live_generation as milvus_generation

    return milvus_generation(settings.store)
