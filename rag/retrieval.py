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
from .lexical import query_terms
from .store import Index


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    document: Document
    score: float  # fused score used for ranking (0..1)
    dense: float  # cosine similarity between question and passage
    lexical: float  # best sentence BM25 in the passage, over the best for this query (0..1)
    row: int



@dataclass(frozen=True)
class RetrievalParams:
    """Weights of the six signals (the first four each divided by its best value for the query, the
    last two shares from 0 to 1); tuned on SQuAD dev-a only (bench/README.md, bench/tune.py)."""

    mode: str = "hybrid"  # one of config.RETRIEVERS: "dense" and "lexical" alone are baselines for evaluation
    pool: int = 100  # candidates taken from each of the dense and lexical searches
    w_passage: float = 1.0  # cosine of question and passage
    w_sentence: float = 1.5  # best cosine of question and a sentence of the passage
    w_document: float = 0.42  # BM25 of the passage's whole document
    w_sentence_bm25: float = 0.5  # best BM25 of a sentence of the passage
    w_words: float = 1.5  # share of the question's words, weighted by IDF, that the passage holds
    w_pairs: float = 1.2  # share of the question's adjacent word pairs that the passage holds
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
    """values / best in float64, so that a weighted sum of ratios of 1 stays exactly 1."""
    values = np.asarray(values, dtype=np.float64)
    return values / float(best) if best > 0 else np.zeros_like(values)


def term_shares(index: Index, query: str, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each candidate passage, the share of the query's words (weighted by IDF) and the share of
    its adjacent word pairs that the passage holds. BM25 saturates on a repeated word; these reward
    a passage for holding more of the question, and for holding its phrases."""
    words, pairs = query_terms(query)
    idf = index.doc_lexical.idf()

    def held(term: str) -> np.ndarray:
        return np.isin(candidates, index.passage_terms.rows_holding(term))

    weights = np.array([idf(w) for w in words])
    word_share = (sum(w * held(t) for w, t in zip(weights, words)) / weights.sum() if words
                  else np.zeros(len(candidates)))
    pair_share = sum(held(p) for p in pairs) / len(pairs) if pairs else np.zeros(len(candidates))
    return word_share, pair_share


def _top(index_: faiss.Index, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    scores, ids = index_.search(q, min(k, index_.ntotal))
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]


def _diversify(index: Index, candidates: np.ndarray, fused: np.ndarray, dense: np.ndarray, lexical: np.ndarray,
               k: int, decay: float) -> list[Passage]:
    """Greedy top k, each further passage from an article already taken scaled down by decay."""
    order = np.argsort(-fused, kind="stable")[: max(k * 8, 50)]
    docs, scores = index.chunk_doc[candidates[order]], fused[order]
    taken = np.zeros(len(order))  # passages already chosen from each one's article
    open_ = np.ones(len(order), dtype=bool)
    chosen: list[Passage] = []
    for _ in range(min(k, len(order))):
        best = int(np.argmax(np.where(open_, scores * decay ** taken, -np.inf)))
        open_[best] = False
        taken[docs == docs[best]] += 1
        i, row = order[best], int(candidates[order[best]])
        chunk = index.chunks[row]
        chosen.append(Passage(chunk, index.doc_by_id[chunk.doc_id], float(fused[i]), float(dense[i]),
                              float(lexical[i]), row))
    return chosen


def _runs(lo_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sentence rows of each passage's run [lo, hi), laid end to end; where each run starts in that
    list; and its length."""
    lengths = np.maximum(lo_hi[:, 1] - lo_hi[:, 0], 0) if len(lo_hi) else np.zeros(0, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    rows = np.repeat(lo_hi[:, 0] - starts, lengths) + np.arange(lengths.sum()) if len(lo_hi) else lengths
    return rows, starts, lengths


def _run_max(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray, empty: float) -> np.ndarray:
    """The largest of values (laid out as _runs lays out rows) in each run; empty for an empty run."""
    out = np.full(len(starts), empty, dtype=np.float64)
    nonempty = lengths > 0
    if nonempty.any():
        out[nonempty] = np.maximum.reduceat(values, starts[nonempty])
    return out


SIGNALS = ("passage", "sentence", "document", "sentence_bm25", "words", "pairs")


def weights(params: RetrievalParams) -> np.ndarray:
    """The weights of the signals, in SIGNALS order."""
    return np.array([params.w_passage, params.w_sentence, params.w_document, params.w_sentence_bm25,
                     params.w_words, params.w_pairs])


@dataclass(frozen=True)
class Signals:
    """The signals of a query's candidate passages: ``values[i]`` holds candidate i's, each at most 1
    (a cosine ratio dips below 0 when the cosine does)."""

    values: np.ndarray  # (candidates, len(SIGNALS))
    dense: np.ndarray  # cosine of question and passage
    lexical: np.ndarray  # best sentence BM25 in the passage, over the best for this query


def candidates(index: Index, query_vector: np.ndarray, query: str, pool: int,
               allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The passages worth scoring: the best by passage vector, by sentence vector and by sentence
    BM25; with the BM25 of every sentence and every document (zero outside the allowed documents)."""
    sent_bm25 = index.sentence_lexical.scores(query)
    doc_bm25 = index.doc_lexical.scores(query)
    if allowed is not None:  # a few articles: every passage of theirs is a candidate, nothing else is searched
        sent_bm25 = np.where(allowed[index.sentence_doc], sent_bm25, 0.0)
        doc_bm25 = np.where(allowed, doc_bm25, 0.0)
        return np.flatnonzero(allowed[index.chunk_doc]), sent_bm25, doc_bm25
    q = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
    _, chunk_ids = _top(index.vectors, q, pool)
    _, sent_ids = _top(index.sentence_vectors, q, pool)
    lex_ids = _top_rows(sent_bm25, pool)
    found = np.unique(np.concatenate([chunk_ids, index.sentence_chunk[sent_ids], index.sentence_chunk[lex_ids]]))
    return found, sent_bm25, doc_bm25


def _top_rows(scores: np.ndarray, n: int) -> np.ndarray:
    """The rows of the n best positive scores, best first: only the rows that hold a query term are
    sorted, not every sentence of the corpus."""
    rows = np.flatnonzero(scores > 0)
    return rows[np.lexsort((rows, -scores[rows]))][:n]


def signals(index: Index, query_vector: np.ndarray, query: str, found: np.ndarray, sent_bm25: np.ndarray,
            doc_bm25: np.ndarray) -> Signals:
    """The six signals of each candidate passage (at least one): see SIGNALS and RetrievalParams."""
    q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
    passage_cos = index.vectors.reconstruct_batch(found) @ q
    rows, starts, lengths = _runs(index.chunk_sentences[found])
    unique_rows, back = np.unique(rows, return_inverse=True)  # overlapping passages share sentences
    sent_cos = (index.sentence_vectors.reconstruct_batch(unique_rows) @ q)[back] if len(rows) else rows
    best_sent_cos = _run_max(sent_cos, starts, lengths, -1.0)
    lexical = _ratio(_run_max(sent_bm25[rows], starts, lengths, 0.0), sent_bm25.max())
    word_share, pair_share = term_shares(index, query, found)
    values = np.column_stack([_ratio(passage_cos, passage_cos.max()), _ratio(best_sent_cos, best_sent_cos.max()),
                              _ratio(doc_bm25[index.chunk_doc[found]], doc_bm25.max()), lexical,
                              word_share, pair_share])
    return Signals(values, passage_cos, lexical)


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
    found, sent_bm25, doc_bm25 = candidates(index, query_vector, query, params.pool, allowed)
    if params.mode != "hybrid":
        return _single(index, np.asarray(query_vector, dtype=np.float32).reshape(1, -1), found, sent_bm25, k,
                       params.mode)
    if not len(found):
        return []
    sig = signals(index, query_vector, query, found, sent_bm25, doc_bm25)
    w = weights(params)
    return _diversify(index, found, sig.values @ w / w.sum(), sig.dense, sig.lexical, k, params.same_doc_decay)


def _single(index: Index, q: np.ndarray, candidates: np.ndarray, sent_bm25: np.ndarray, k: int,
            mode: str) -> list[Passage]:
    """Plain dense (passage vectors) or plain BM25 (best sentence) ranking, no fusion, no diversity."""
    if mode == "dense":
        scores = index.vectors.reconstruct_batch(candidates) @ q[0] if len(candidates) else np.zeros(0)
        dense, lexical = scores, np.zeros(len(candidates))
    else:
        rows, starts, lengths = _runs(index.chunk_sentences[candidates])
        scores = _ratio(_run_max(sent_bm25[rows], starts, lengths, 0.0), sent_bm25.max())
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
