"""Grounded answers without a language model: chosen sentences, quoted verbatim, each attributed.

An Answer is a value: ``abstained`` is a flag, not an exception. Every ``[n]`` in ``text`` has a
citation whose ``quote == document.text[start:end]``, and every citation is used in ``text``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Iterable, Protocol

import numpy as np

from .attribution import Voice, introduce, voice_of
from .chunking import sentence_spans
from .documents import Document
from .lexical import tokenize
from .retrieval import Passage

# A sentence opening with one of these leans on the one before; quoting both keeps the referent.
_LEANS_BACK = re.compile(r"^(?:It|Its|They|Their|Them|This|These|That|Those|He|She|His|Her|Such)\b")


@dataclass(frozen=True)
class AnswerParams:
    abstain_threshold: float = 0.41  # evidence (0..1) below this: the articles do not answer
    dense_weight: float = 0.5  # sentence evidence = w * cosine + (1 - w) * weighted term coverage
    keep_ratio: float = 0.8  # a further sentence joins the answer at this share of the best evidence
    other_article_ratio: float = 0.6  # another article's best sentence joins at this share
    other_article_min: float = 0.33  # ... and at no less than this evidence
    max_citations: int = 4
    max_per_article: int = 2
    max_articles: int = 3


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    source: str
    title: str
    author: str | None
    date: str | None
    kind: str
    quote: str
    start: int
    end: int
    score: float
    reported_source: str | None = None  # "the Financial Times" when the article reports someone else

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    question: str
    query: str  # what was searched: the question made standalone from the conversation
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    closest: list[Citation] = field(default_factory=list)  # shown, when abstaining, as nearest passages
    parts: list[str] = field(default_factory=list)  # text in paragraphs (one per article), for streaming
    evidence: float = 0.0

    def to_dict(self) -> dict:
        return {"question": self.question, "query": self.query, "answer": self.text, "abstained": self.abstained,
                "citations": [c.to_dict() for c in self.citations],
                "closest": [c.to_dict() for c in self.closest], "evidence": round(self.evidence, 4)}


class Encoder(Protocol):
    def encode(self, texts, *, batch_size: int = 32, progress: bool = False, desc: str = "") -> np.ndarray: ...


@dataclass(frozen=True)
class Candidate:
    document: Document
    start: int
    end: int
    evidence: float
    passage_rank: int


# Words that ask about the articles rather than their subject ("according to the opinion piece").
_META_TERMS = set(tokenize(["according article articles author authors opinion piece report reports writer "
                           "say says said claim claims think thinks news"])[0])


def term_weights(terms: Iterable[str], idf) -> dict[str, float]:
    return {t: idf(t) for t in dict.fromkeys(terms) if t not in _META_TERMS}


def coverage(weights: dict[str, float], terms: set[str]) -> float:
    """Share of the question's term weight that a sentence contains."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in terms) / total if total else 0.0


def candidates(question: str, passages: list[Passage], encoder: Encoder, idf,
               params: AnswerParams) -> list[Candidate]:
    """Every sentence of the retrieved passages, scored as evidence for the question."""
    seen, spans = set(), []
    for rank, p in enumerate(passages):
        text = p.document.text
        for s in sentence_spans(text, p.chunk.start, p.chunk.end):
            start, end = _with_referent(p.document, s.start, s.end)  # judged with its referent
            if (p.document.id, start, end) not in seen:
                seen.add((p.document.id, start, end))
                spans.append((p.document, start, end, rank))
    if not spans:
        return []
    sentences = [d.text[s:e] for d, s, e, _ in spans]
    vectors = encoder.encode([question] + sentences)
    dense = vectors[1:] @ vectors[0]
    weights = term_weights(tokenize([question])[0], idf)
    out = []
    for (doc, s, e, rank), sentence, cos in zip(spans, sentences, dense):
        cov = coverage(weights, set(tokenize([sentence])[0]))
        evidence = params.dense_weight * float(cos) + (1 - params.dense_weight) * cov
        if sentence.rstrip().endswith("?"):
            evidence -= 0.1  # a rhetorical question is weak evidence
        out.append(Candidate(doc, s, e, evidence, rank))
    return sorted(out, key=lambda c: -c.evidence)


def _with_referent(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Extend a quote back by one sentence when it opens with a pronoun that needs it."""
    if not _LEANS_BACK.match(doc.text[start:end]):
        return start, end
    before = [s for s in sentence_spans(doc.text, max(0, start - 600), start) if s.end <= start]
    if before and "\n" not in doc.text[before[-1].start:start]:  # not across a paragraph break
        return before[-1].start, end
    return start, end


def select(ranked: list[Candidate], params: AnswerParams) -> list[Candidate]:
    """The sentences to quote: the best of each article that speaks to the question (side by side),
    then further sentences nearly as good as the best one."""
    if not ranked:
        return []
    best = ranked[0].evidence
    chosen: list[Candidate] = []
    per_doc: dict[str, int] = {}
    article_bar = max(params.other_article_min, params.other_article_ratio * best)
    for c in ranked:  # pass 1: one sentence per article
        if c.evidence < article_bar or len(per_doc) >= params.max_articles:
            break
        if c.document.id not in per_doc:
            chosen.append(c)
            per_doc[c.document.id] = 1
    for c in ranked:  # pass 2: more from the same articles
        if len(chosen) >= params.max_citations or c.evidence < params.keep_ratio * best:
            break
        if c not in chosen and 0 < per_doc.get(c.document.id, 0) < params.max_per_article:
            chosen.append(c)
            per_doc[c.document.id] += 1
    return chosen


def _citation(n: int, doc: Document, start: int, end: int, score: float, voice: Voice | None = None) -> Citation:
    return Citation(n, doc.id, doc.source, doc.title, doc.author, doc.date, doc.kind, doc.text[start:end],
                    start, end, round(score, 4), voice.source if voice else None)


def compose(question: str, query: str, chosen: list[Candidate], evidence: float) -> Answer:
    """Group the chosen sentences by article, in order of each article's best evidence."""
    by_doc: dict[str, list[Candidate]] = {}
    for c in chosen:
        by_doc.setdefault(c.document.id, []).append(c)
    citations: list[Citation] = []
    parts: list[str] = []
    for group in by_doc.values():
        sentences = []
        spans = sorted({(c.start, c.end): c for c in group}.items())
        merged: list[tuple[int, int, Candidate]] = []
        for (s, e), c in spans:  # overlapping quotes from one article become one quote
            if merged and s <= merged[-1][1]:
                ps, pe, pc = merged[-1]
                merged[-1] = (ps, max(pe, e), pc if pc.evidence >= c.evidence else c)
            else:
                merged.append((s, e, c))
        for i, (s, e, c) in enumerate(merged):
            doc = c.document
            voice = voice_of(doc.text[s:e])
            citation = _citation(len(citations) + 1, doc, s, e, c.evidence, voice)
            citations.append(citation)
            sentences.append(f"{introduce(doc, voice, first=i == 0)}: “{citation.quote}” [{citation.n}]")
        parts.append(" ".join(sentences))
    return Answer(question, query, "\n\n".join(parts), False, citations, [], parts, evidence)


_POSSESSIVE = re.compile(r"[’']s?$")


def proper_words(text: str) -> list[str]:
    """Capitalised words of a text, possessives removed: "Egypt's" -> "Egypt"."""
    return [_POSSESSIVE.sub("", w) for w in re.findall(r"\b[A-Z][\w’'-]*", text)]


def unknown_names(question: str, known) -> list[str]:
    """Names in the question (runs of capitalised words) none of whose words the corpus holds.

    ``known(word)`` says whether the corpus writes that word capitalised, so "China" is not known
    from "a china shop". The first word is skipped (every question starts with a capital), and so is
    a question typed in capitals.
    """
    letters = [ch for ch in question if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > len(letters) / 2:
        return []
    words = re.findall(r"[\w’'-]+", question)[1:]
    names, run = [], []
    for w in words + [""]:
        if w[:1].isupper() and w != "I":
            run.append(_POSSESSIVE.sub("", w))
        elif run:
            names.append(run)
            run = []
    # a short acronym ("IDF") is often spelled out in the text, so it alone never decides
    return [" ".join(run) for run in names
            if not any(known(w) for w in run) and not all(w.isupper() and len(w) <= 4 for w in run)]


def abstain(question: str, query: str, passages: list[Passage], evidence: float,
            missing: list[str] | None = None) -> Answer:
    reason = f": none of them mentions {' or '.join(missing)}" if missing else ""
    text = (f"The indexed articles do not answer this question{reason}. "
            "The closest passages are listed below; none of them is an answer.")
    closest = [_citation(i, p.document, p.chunk.start, p.chunk.end, p.score) for i, p in enumerate(passages, 1)]
    return Answer(question, query, text, True, [], closest, [text], evidence)


def answer(question: str, query: str, passages: list[Passage], encoder: Encoder, idf, known,
           params: AnswerParams = AnswerParams()) -> Answer:
    """Answer from passages, or abstain: when the question names what no article mentions, or when
    the best evidence is below the threshold."""
    missing = unknown_names(query, known)
    if missing:
        return abstain(question, query, passages, 0.0, missing)
    ranked = candidates(query, passages, encoder, idf, params)
    evidence = ranked[0].evidence if ranked else 0.0
    if evidence < params.abstain_threshold:
        return abstain(question, query, passages, evidence)
    return compose(question, query, select(ranked, params), evidence)

