"""Hybrid retrieval: dense (FAISS) and lexical (BM25) scores fused, diversified across articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import faiss
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
    score: float  # fused score used for ranking (0..1)
    dense: float  # cosine similarity between question and passage
    lexical: float  # best sentence BM25 in the passage, over the best for this query (0..1)
    row: int


MODES = ("hybrid", "dense", "lexical")


@dataclass(frozen=True)
class RetrievalParams:
    """Weights of the four signals, each divided by its best value for the query; tuned on SQuAD
    dev-a only (bench/README.md)."""

    mode: str = "hybrid"  # "dense" and "lexical" alone are baselines for evaluation
    pool: int = 100  # candidates taken from each of the dense and lexical searches
    w_passage: float = 1.0  # cosine of question and passage
    w_sentence: float = 1.5  # best cosine of question and a sentence of the passage
    w_document: float = 0.75  # BM25 of the passage's whole document
    w_sentence_bm25: float = 0.75  # best BM25 of a sentence of the passage
    same_doc_decay: float = 0.5  # each passage already taken from an article scales the next by this


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


def _ratio(values: np.ndarray, best: float) -> np.ndarray:
    return values / best if best > 0 else np.zeros_like(values)


def _top(index_: faiss.Index, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    scores, ids = index_.search(q, min(k, index_.ntotal))
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]


def _diversify(index: Index, candidates: np.ndarray, fused: np.ndarray, dense: np.ndarray, lexical: np.ndarray,
               k: int, decay: float) -> list[Passage]:
    """Greedy top k, each further passage from an article already taken scaled down by decay."""
    chosen: list[Passage] = []
    taken: dict[int, int] = {}
    remaining = list(np.argsort(-fused)[: max(k * 8, 50)])
    while remaining and len(chosen) < k:
        best = max(remaining, key=lambda i: fused[i] * decay ** taken.get(int(index.chunk_doc[candidates[i]]), 0))
        remaining.remove(best)
        row = int(candidates[best])
        taken[int(index.chunk_doc[row])] = taken.get(int(index.chunk_doc[row]), 0) + 1
        chunk = index.chunks[row]
        chosen.append(Passage(chunk, index.doc_by_id[chunk.doc_id], float(fused[best]), float(dense[best]),
                              float(lexical[best]), row))
    return chosen


def rank(index: Index, query_vector: np.ndarray, query: str, k: int, *,
         doc_ids: Iterable[str] | None = None, params: RetrievalParams = RetrievalParams()) -> list[Passage]:
    """The k best passages for a query (pure over the loaded index)."""
    if not index.chunks:
        return []
    allowed = None  # a mask over documents when the search is restricted to some articles
    if doc_ids is not None:
        allowed = np.zeros(len(index.documents), dtype=bool)
        allowed[[index.doc_row[d] for d in doc_ids if d in index.doc_row]] = True
        if not allowed.any():
            return []
    q = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
    pool = params.pool if allowed is None else len(index.sentences)  # restricted: look at everything

    # candidate passages: the best by passage vector, by sentence vector and by sentence BM25
    _, chunk_ids = _top(index.vectors, q, pool)
    _, sent_ids = _top(index.sentence_vectors, q, pool)
    sent_bm25 = index.sentence_lexical.scores(query)
    doc_bm25 = index.doc_lexical.scores(query)
    if allowed is not None:
        sent_bm25 = np.where(allowed[index.sentence_doc], sent_bm25, 0.0)
        doc_bm25 = np.where(allowed, doc_bm25, 0.0)
    lex_ids = np.argsort(-sent_bm25)[:params.pool]
    lex_ids = lex_ids[sent_bm25[lex_ids] > 0]
    candidates = np.unique(np.concatenate([chunk_ids, index.sentence_chunk[sent_ids], index.sentence_chunk[lex_ids]]))
    if allowed is not None:
        candidates = candidates[allowed[index.chunk_doc[candidates]]]
    if params.mode != "hybrid":
        return _single(index, q, candidates, sent_bm25, k, params.mode)
    if not len(candidates):
        return []

    # the four signals of each candidate, each over its best value for this query
    passage_cos = index.vectors.reconstruct_batch(candidates) @ q[0]
    lo_hi = index.chunk_sentences[candidates]
    rows = np.unique(np.concatenate([np.arange(lo, hi) for lo, hi in lo_hi] or [np.zeros(0, dtype=np.int64)]))
    sent_cos = np.full(len(index.sentences), -1.0, dtype=np.float32)
    if len(rows):
        sent_cos[rows] = index.sentence_vectors.reconstruct_batch(rows) @ q[0]
    best_sent_cos = np.array([sent_cos[lo:hi].max(initial=-1.0) for lo, hi in lo_hi])
    best_sent_bm25 = np.array([sent_bm25[lo:hi].max(initial=0.0) for lo, hi in lo_hi])
    fused = (params.w_passage * _ratio(passage_cos, passage_cos.max())
             + params.w_sentence * _ratio(best_sent_cos, best_sent_cos.max())
             + params.w_document * _ratio(doc_bm25[index.chunk_doc[candidates]], doc_bm25.max())
             + params.w_sentence_bm25 * _ratio(best_sent_bm25, sent_bm25.max()))
    fused = fused / (params.w_passage + params.w_sentence + params.w_document + params.w_sentence_bm25)
    lexical = _ratio(best_sent_bm25, sent_bm25.max())
    return _diversify(index, candidates, fused, passage_cos, lexical, k, params.same_doc_decay)


def _single(index: Index, q: np.ndarray, candidates: np.ndarray, sent_bm25: np.ndarray, k: int,
            mode: str) -> list[Passage]:
    """Plain dense (passage vectors) or plain BM25 (best sentence) ranking, no fusion, no diversity."""
    if mode == "dense":
        scores = index.vectors.reconstruct_batch(candidates) @ q[0] if len(candidates) else np.zeros(0)
        dense, lexical = scores, np.zeros(len(candidates))
    else:
        scores = np.array([sent_bm25[lo:hi].max(initial=0.0) for lo, hi in index.chunk_sentences[candidates]])
        scores = _ratio(scores, sent_bm25.max())
        dense, lexical = np.zeros(len(candidates)), scores
    order = np.argsort(-scores)[:k]
    return [Passage(index.chunks[int(candidates[i])], index.doc_by_id[index.chunks[int(candidates[i])].doc_id],
                    float(scores[i]), float(dense[i]), float(lexical[i]), int(candidates[i])) for i in order]


class Retriever:
    """Embeds the query with the index's model and ranks passages."""

    def __init__(self, index: Index, embedder: Embedder, params: RetrievalParams = RetrievalParams()):
        self.index = index
        self.embedder = embedder
        self.params = params

    def search(self, query: str, k: int, doc_ids: Iterable[str] | None = None) -> list[Passage]:
        vector = self.embedder.encode([query])[0]
        return rank(self.index, vector, query, k, doc_ids=doc_ids, params=self.params)
