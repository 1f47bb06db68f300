"""Hybrid retrieval: dense (FAISS) and lexical (BM25) scores fused, diversified across articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from .chunking import Chunk
from .documents import CONTROL_CHARS, Document
from .embedding import Embedder
from .errors import QuestionError
from .lexical import kin_words
from .reading import name_runs
from .stores import Store


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


def _diversify(index: Store, candidates: np.ndarray, fused: np.ndarray, dense: np.ndarray, lexical: np.ndarray,
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


def candidates(index: Store, query_vector: np.ndarray, query: str, pool: int,
               allowed: np.ndarray | None = None) -> np.ndarray:
    """The passages worth scoring: the best by passage vector, by sentence vector and by sentence
    BM25; or, for a search restricted to a few articles (``allowed``, a mask over documents), every
    passage of theirs and nothing else."""
    if allowed is not None:
        return np.flatnonzero(allowed[index.chunk_doc])
    chunk_ids = index.passage_search(query_vector, pool)
    sent_ids = index.sentence_search(query_vector, pool)
    lex_ids = index.sentence_lexical_search(query, pool)
    return np.unique(np.concatenate([chunk_ids, index.sentence_chunk[sent_ids], index.sentence_chunk[lex_ids]]))


def signals(index: Store, query_vector: np.ndarray, query: str, found: np.ndarray,
            docs: np.ndarray | None = None) -> Signals:
    """The six signals of each candidate passage (at least one): see SIGNALS and RetrievalParams.
    ``docs``: the document rows a restricted search is confined to (the BM25 ratios are to their best)."""
    q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
    passage_cos = index.passage_cosines(q, found)
    rows, starts, lengths = _runs(index.chunk_sentences[found])
    unique_rows, back = np.unique(rows, return_inverse=True)  # overlapping passages share sentences
    sent_cos = index.sentence_cosines(q, unique_rows)[back] if len(rows) else rows
    best_sent_cos = _run_max(sent_cos, starts, lengths, -1.0)
    sent_bm25, best_sentence = index.sentence_bm25(query, unique_rows, docs)
    lexical = _ratio(_run_max(sent_bm25[back] if len(rows) else sent_bm25, starts, lengths, 0.0), best_sentence)
    doc_bm25, best_doc = index.document_bm25(query, index.chunk_doc[found], docs)
    word_share, pair_share = index.term_shares(query, found)
    values = np.column_stack([_ratio(passage_cos, passage_cos.max()), _ratio(best_sent_cos, best_sent_cos.max()),
                              _ratio(doc_bm25, best_doc), lexical, word_share, pair_share])
    return Signals(values, passage_cos, lexical)


def rank(index: Store, query_vector: np.ndarray, query: str, k: int, *,
         doc_ids: Iterable[str] | None = None, params: RetrievalParams = RetrievalParams()) -> list[Passage]:
    """The k best passages for a query, then the best further one for each name the query writes that
    none of them holds (pure over the loaded index)."""
    if not index.chunks:
        return []
    allowed = docs = None  # a mask over documents, and their rows, when the search is restricted to some articles
    if doc_ids is not None:
        allowed = np.zeros(len(index.documents), dtype=bool)
        allowed[[index.doc_row[d] for d in doc_ids if d in index.doc_row]] = True
        if not allowed.any():
            return []
        docs = np.flatnonzero(allowed)
    found = candidates(index, query_vector, query, params.pool, allowed)
    if params.mode != "hybrid":
        return _single(index, np.asarray(query_vector, dtype=np.float32).reshape(-1), query, found, k, params.mode,
                       docs)
    if not len(found):
        return []
    sig = signals(index, query_vector, query, found, docs)
    w = weights(params)
    fused = sig.values @ w / w.sum()
    chosen = _diversify(index, found, fused, sig.dense, sig.lexical, k, params.same_doc_decay)
    return chosen + _named_further(index, found, fused, sig, chosen, query)


def _named_further(index: Store, candidates: np.ndarray, fused: np.ndarray, sig: Signals, chosen: list[Passage],
                   query: str) -> list[Passage]:
    """For each name the question writes (a run of capitalised words) that no chosen passage holds, the
    best further candidate holding it: "Why did Biden refuse to give Ukraine Tomahawks?" took three
    passages of the ATACMS article before the one naming the Tomahawks, and the decay for a fourth from
    one article then ranked it below passages of the others."""
    taken = np.isin(candidates, [p.row for p in chosen])
    further: list[int] = []
    for run in name_runs(query):
        holds = index.term_shares(" ".join(run), candidates)[0] >= 1.0 - 1e-9  # every word of the name
        if not holds.any() or (holds & taken).any():
            continue
        best = int(np.argmax(np.where(holds & ~taken, fused, -np.inf)))
        if best not in further:
            further.append(best)
    return [Passage(index.chunks[int(candidates[i])], index.doc_by_id[index.chunks[int(candidates[i])].doc_id],
                    float(fused[i]), float(sig.dense[i]), float(sig.lexical[i]), int(candidates[i])) for i in further]


def _single(index: Store, q: np.ndarray, query: str, candidates: np.ndarray, k: int, mode: str,
            docs: np.ndarray | None) -> list[Passage]:
    """Plain dense (passage vectors) or plain BM25 (best sentence) ranking, no fusion, no diversity."""
    if mode == "dense":
        scores = index.passage_cosines(q, candidates) if len(candidates) else np.zeros(0)
        dense, lexical = scores, np.zeros(len(candidates))
    else:
        rows, starts, lengths = _runs(index.chunk_sentences[candidates])
        sent_bm25, best = index.sentence_bm25(query, rows, docs)
        scores = _ratio(_run_max(sent_bm25, starts, lengths, 0.0), best)
        dense, lexical = np.zeros(len(candidates)), scores
    order = np.argsort(-scores)[:k]
    return [Passage(index.chunks[int(candidates[i])], index.doc_by_id[index.chunks[int(candidates[i])].doc_id],
                    float(scores[i]), float(dense[i]), float(lexical[i]), int(candidates[i])) for i in order]


class Retriever:
    """Embeds the query with the index's model and ranks passages."""

    def __init__(self, index: Store, embedder: Embedder, params: RetrievalParams = RetrievalParams()):
        self.index = index
        self.embedder = embedder
        self.params = params

    def search(self, query: str, k: int, doc_ids: Iterable[str] | None = None) -> list[Passage]:
        vector = self.embedder.encode([query])[0]
        # the words are also looked for in their everyday kin ("betting": "The United States is wagering …")
        lexical = " ".join([query, *kin_words(query)])
        return rank(self.index, vector, lexical, k, doc_ids=doc_ids, params=self.params)
