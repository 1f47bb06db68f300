"""Hybrid retrieval: dense (FAISS) and lexical (BM25) scores fused, diversified across articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from .chunking import Chunk
from .documents import CONTROL_CHARS, Document
from .embedding import Embedder
from .errors import QuestionError
from .store import Index


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    document: Document
    score: float  # fused score used for ranking
    dense: float  # cosine similarity between question and passage
    lexical: float  # BM25 score divided by the best BM25 score for this query (0..1)
    row: int


@dataclass(frozen=True)
class RetrievalParams:
    pool: int = 100  # candidates taken from each of dense and lexical search
    dense_weight: float = 0.6  # fused = w * cosine + (1 - w) * normalized BM25
    same_doc_decay: float = 0.85  # each passage already taken from an article scales the next by this


def check_query(text: str, max_chars: int) -> str:
    """The query with its whitespace folded, or QuestionError when it cannot be searched."""
    if not isinstance(text, str):
        raise QuestionError("the question must be text")
    control = CONTROL_CHARS.search(text)
    if control:
        raise QuestionError(f"the question contains a control character (U+{ord(control.group()):04X})",
                            "type the question as plain text")
    cleaned = text.strip()
    if not cleaned:
        raise QuestionError("the question is empty", "type a question, for example: Which ship carries the Marines?")
    if len(cleaned) > max_chars:
        raise QuestionError(f"the question is too long ({len(cleaned):,} characters; the limit is {max_chars:,})",
                            "ask a shorter question, or raise RAG_MAX_QUESTION_CHARS")
    return " ".join(cleaned.split())


def rank(index: Index, query_vector: np.ndarray, query: str, k: int, *,
         doc_ids: Iterable[str] | None = None, params: RetrievalParams = RetrievalParams()) -> list[Passage]:
    """The k best passages for a query (pure over the loaded index)."""
    n = len(index.chunks)
    if n == 0:
        return []
    allowed = None
    if doc_ids is not None:
        rows = [index.doc_row[d] for d in doc_ids if d in index.doc_row]
        allowed = np.isin(index.chunk_doc, rows)
        if not allowed.any():
            return []

    q = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
    pool = min(n, params.pool if allowed is None else n)
    dense_scores, dense_ids = index.vectors.search(q, pool)
    lexical = index.lexical.scores(query)
    if allowed is not None:
        lexical = np.where(allowed, lexical, 0.0)
    top_lex = lexical.max(initial=0.0)
    lex_ids = np.argsort(-lexical)[: params.pool]
    lex_ids = lex_ids[lexical[lex_ids] > 0]

    candidates = np.union1d(dense_ids[0][dense_ids[0] >= 0], lex_ids)
    if allowed is not None:
        candidates = candidates[allowed[candidates]]
    dense = index.vectors.reconstruct_batch(candidates) @ q[0] if len(candidates) else np.zeros(0)
    lex_norm = lexical[candidates] / top_lex if top_lex > 0 else np.zeros(len(candidates))
    fused = params.dense_weight * dense + (1 - params.dense_weight) * lex_norm

    chosen: list[Passage] = []
    taken: dict[int, int] = {}
    remaining = list(np.argsort(-fused))
    while remaining and len(chosen) < k:
        best = max(remaining, key=lambda i: fused[i] * params.same_doc_decay ** taken.get(
            int(index.chunk_doc[candidates[i]]), 0))
        remaining.remove(best)
        row = int(candidates[best])
        doc_row = int(index.chunk_doc[row])
        taken[doc_row] = taken.get(doc_row, 0) + 1
        chunk = index.chunks[row]
        chosen.append(Passage(chunk, index.doc_by_id[chunk.doc_id], float(fused[best]),
                              float(dense[best]), float(lex_norm[best]), row))
    return chosen


class Retriever:
    """Embeds the query with the index's model and ranks passages."""

    def __init__(self, index: Index, embedder: Embedder, params: RetrievalParams = RetrievalParams()):
        self.index = index
        self.embedder = embedder
        self.params = params

    def search(self, query: str, k: int, doc_ids: Iterable[str] | None = None) -> list[Passage]:
        vector = self.embedder.encode([query])[0]
        return rank(self.index, vector, query, k, doc_ids=doc_ids, params=self.params)
