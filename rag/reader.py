"""The reader: how likely a sentence is to answer a question, from a handful of features (pure).

A logistic model over the features below, trained on SQuAD v1.1 dev-a only by
``bench/train_reader.py``; its weights are the small JSON file ``rag/reader.json`` (no download, no
pickle). The features say how similar the sentence is to the question (the embedding cosine), how
much of the question it holds (IDF-weighted words, word pairs, the question's names), whether it holds
the kind of answer the question asks for (a number counting what the question counts, a date, a
name), or says that the thing is not known, and how well its passage was retrieved.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .lexical import DEMONYM_ENDINGS, refusal_words, tokenize, with_kin, with_pairs
from .reading import HOW_LONG, NUMBER, answer_spans, counted_noun, name_runs, says_unknown

WEIGHTS = Path(__file__).with_name("reader.json")

FEATURES = ("cos", "cos_gap", "cover", "cover_gap", "pairs", "typed_hit", "typed_miss", "count_hit", "unknown",
            "names_doc", "names_quote", "passage", "rhetorical", "novelty", "novelty_none", "bm25", "exact",
            "answer_near")

# Words that ask about the articles rather than their subject ("according to the opinion piece"), and
# verbs that ask for an event or a reaction without naming it ("What happened on November 18?", "What did
# the US do on November 18?", "How did Egypt respond?": "Egyptian President … declared he would not
# accept"), and "who", whose answer a
# relative "who" does not give ("Who will pay to rebuild Gaza?": "Ayman Al-Safadi, … who is located …"), and
# "anyone else", which asks for a person as "who" does ("Did anyone else reject a similar plan?").
META_TERMS = set(tokenize(["according article articles opinion piece report reports writer "
                           "say says said claim claims think thinks news happen happened occur occurred "
                           "respond responded response react reacted reaction who whom whose do done doing "
                           "anyone anybody someone somebody else"])[0])
# "How long will the conflict last?" asks a length of time: "long" is the question's, not a word to find
_LONG = set(tokenize(["long longer"])[0])
# "author" too, as a word: its stem is also that of "authorize" and "authority", which are no such words
_AUTHOR = re.compile(r"\bauthors?\b", re.I)
# "What is the force made up of?" asks what it is composed of ("comprising 2,000 Marines")
_MADE_UP = re.compile(r"\bmade up of\b", re.I)


def _share(weights: dict[str, float], terms: set[str]) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in terms) / total if total else 0.0


def _names_held(runs: list[list[str]], text: str) -> float:
    """How much of the question's names the text holds: a name counts whole when its words stand
    together ("United Kingdom"), half as much per word found apart ("Kingdom of Jordan", "United
    States"); 1.0 for a question that names nothing."""
    if not runs:
        return 1.0
    held = 0.0
    for run in runs:
        if re.search(r"\b" + r"\s+".join(map(_forms, run)), text):
            held += 1.0
        else:
            held += 0.5 * sum(bool(re.search(rf"\b{_forms(w)}", text)) for w in run) / len(run)
    return held / len(runs)


_ENDINGS = "|".join(DEMONYM_ENDINGS)
_DEMONYM = re.compile(rf"(?<=\w{{4}})(?:{_ENDINGS})$")


# The United States by its other names: a question's "America", "American" or "Washington" is held by "US",
# "U.S." and "United States" ("Which American defense secretary is mentioned?": "US Secretary of Defense Lloyd
# Austin"; "… did Washington call sending these missiles too dangerous?": "… the overall U.S. objective …")
_AMERICA = re.compile(r"\bAmerica(?:ns?)?\b|\bWashington\b")
_US = r"U\.S\.|US\b|USA\b|United States\b"
_US_RE = re.compile(rf"\b(?:{_US})")


def _forms(word: str) -> str:
    """A name as a pattern that also finds its place or its people: "Yemeni" finds "Yemen", "Syria" "Syrian";
    a plural finds the singular ("Tomahawks": "Tomahawk missiles"); "American" finds "US"."""
    if _AMERICA.fullmatch(word):
        return rf"(?:{word}|Americ|{_US})"
    if word.isupper():  # an acronym or a numeral as written: "XLVII" is not "XLVIII"
        return rf"{re.escape(word)}(?![A-Z])"
    word = _singular(word)  # the pattern is open on the right: "Tomahawks" too
    bare = _DEMONYM.sub("", word)
    return rf"(?:{re.escape(bare)}(?:{_ENDINGS})?|{re.escape(word)})" if len(bare) >= 4 else re.escape(word)


def holds_no_name(runs: list[list[str]], text: str) -> bool:
    """Whether the text holds no word of the question's names, even in another form ("Australia" for
    "Australian", "Egypt" for "Egyptian": the stem, all but the last three letters, at least four)."""
    return bool(runs) and not any(re.search(rf"\b{re.escape(w[:max(4, len(w) - 3)])}", text)
                                   or _AMERICA.fullmatch(w) and _US_RE.search(text) for run in runs for w in run)


def _singular(word: str) -> str:
    """A word without the "s" of a plural ("Tomahawks", "missiles"; not "Hamas" or "class")."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")) else word


def _held(words: set[str], plural_names: set[str], quote_words: list[str]) -> float:
    """The share of ``words`` the quote holds as written, or, for the plural names, in the singular."""
    if not words:
        return 0.0
    written = set(quote_words)
    return sum(w in written or w in plural_names and _singular(w) in written for w in words) / len(words)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text.lower())


def features(query: str, kind: str | None, sentences: Sequence[tuple[str, str, str]], cos: np.ndarray,
             passage_scores: Sequence[float], idf: Callable[[str], float], bm25: Sequence[float]) -> np.ndarray:
    """One row of FEATURES per (sentence, quote, document text); ``quote`` is the sentence with the
    sentence before it when it leans on it, ``cos`` the sentence's cosine with the query and ``bm25``
    its BM25 score."""
    tokens = tokenize([_MADE_UP.sub("composed of", _AUTHOR.sub(" ", query))])[0]
    frame = META_TERMS | (_LONG if HOW_LONG.search(query) else set())
    weights = {t: idf(t) for t in dict.fromkeys(tokens) if t not in frame}
    pairs = set(with_pairs([t for t in tokens if t not in frame])[len(weights):])
    runs = name_runs(query)
    noun = counted_noun(query) if kind == NUMBER else None
    noun_head = tokenize([noun])[0][-1:] if noun else []
    stems = set(weights)
    # (a number however short: "Which player had 109 tackles?")
    exact = {w for w in _words(query) if (len(w) > 3 or any(c.isdigit() for c in w))
             and w not in {"what", "which", "when", "where", "does", "did"}}
    # a plural name is found in the singular ("Tomahawks": "Tomahawk missiles"), other words as written
    plural_names = {w.lower() for run in runs for w in run if _singular(w) != w and not w.isupper()}
    rows = []
    names_doc: dict[int, float] = {}  # per document, not per sentence: an article is long
    us_named = [w.lower() for w in _AMERICA.findall(query)]  # "American", "Washington": held by "US" too
    american = set(tokenize([" ".join(us_named)])[0])
    for (sentence, quote, doc_text) in sentences:
        if id(doc_text) not in names_doc:
            names_doc[id(doc_text)] = _names_held(runs, doc_text)
        us = sorted(american) if american and _US_RE.search(quote) else []
        quote_tokens = tokenize([quote])[0] + us + refusal_words(quote)
        sentence_tokens = tokenize([sentence])[0]
        spans = answer_spans(sentence, kind, query)
        unknown = says_unknown(sentence)
        count_hit = bool(noun_head) and any(
            noun_head[0] in tokenize([sentence[s.start:s.end + 40]])[0] for s in spans)
        novel = [t for t in sentence_tokens if t not in weights]
        anchors = []
        if spans:  # where the question's words stand in the sentence: each word stemmed once, in one call
            words = list(re.finditer(r"[\w’'-]+", sentence))
            anchors = [m.start() for m, t in zip(words, tokenize([m.group() for m in words])) if t and t[0] in stems]
        near = min((abs(a - s.start) for a in anchors for s in spans), default=200)
        rows.append([
            0.0, 0.0,  # cosines, filled below
            _share(weights, with_kin(set(quote_tokens))), 0.0,
            len(pairs & set(with_pairs(quote_tokens))) / len(pairs) if pairs else 0.0,
            float(bool(kind) and bool(spans)), float(bool(kind) and not spans and not unknown),
            float(count_hit), float(unknown),
            names_doc[id(doc_text)], _names_held(runs, quote),
            0.0, float(sentence.rstrip().endswith("?")),
            len(novel) / len(sentence_tokens) if sentence_tokens else 0.0, float(not novel),
            0.0, _held(exact, plural_names, _words(quote) + us_named * bool(us)),
            1.0 - min(near, 200) / 200,
        ])
    X = np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
    if len(X):  # the columns that compare a sentence with the others read for the question
        col = FEATURES.index
        cos = np.asarray(cos, dtype=np.float64)
        X[:, col("cos")], X[:, col("cos_gap")] = cos, cos - cos.max()
        X[:, col("cover_gap")] = X[:, col("cover")] - X[:, col("cover")].max()
        X[:, col("passage")] = _to_best(passage_scores)
        X[:, col("bm25")] = _to_best(bm25)
    return X


def _to_best(values) -> np.ndarray:
    """values over the largest of them (zeros when none is positive)."""
    v = np.asarray(values, dtype=np.float64)
    return v / v.max() if v.max() > 0 else np.zeros_like(v)


# What the answer as a whole is judged on: do the articles answer the question at all? Read from the
# sentences' features, the reader's probabilities and the retrieval scores; "best" is the sentence of
# highest evidence.
QUESTION_FEATURES = ("evidence", "probability", "cos", "relevance", "passage_cos", "passage_score", "names_doc",
                     "names_doc_best", "names_quote", "exact", "cover", "cover_best")


def question_features(X: np.ndarray, probability: np.ndarray, evidence: np.ndarray, relevance: np.ndarray,
                      passage_cos: float, passage_score: float) -> np.ndarray:
    """One row of QUESTION_FEATURES from the rows of FEATURES of every sentence read (at least one)."""
    col = FEATURES.index
    b = int(np.argmax(evidence))
    return np.array([[evidence[b], probability.max(), X[:, col("cos")].max(), relevance[b], passage_cos,
                      passage_score, X[:, col("names_doc")].max(), X[b, col("names_doc")],
                      X[:, col("names_quote")].max(), X[:, col("exact")].max(), X[:, col("cover")].max(),
                      X[b, col("cover")]]], dtype=np.float64)


@dataclass(frozen=True)
class Logistic:
    """A logistic model: standardise, weigh, squash."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probability(self, X: np.ndarray) -> np.ndarray:
        if not len(X):
            return np.zeros(0)
        z = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))  # the same values, without overflow

    def to_dict(self, features: tuple[str, ...]) -> dict:
        return {"features": list(features), "mean": self.mean.round(6).tolist(), "scale": self.scale.round(6).tolist(),
                "coef": self.coef.round(6).tolist(), "intercept": round(float(self.intercept), 6)}

    @classmethod
    def from_dict(cls, data: dict, features: tuple[str, ...], path: Path) -> "Logistic":
        if tuple(data["features"]) != features:
            raise ValueError(f"{path} was trained on other features; retrain it with bench/train_reader.py")
        return cls(np.array(data["mean"]), np.array(data["scale"]), np.array(data["coef"]), float(data["intercept"]))


@dataclass(frozen=True)
class Reader(Logistic):
    """The sentence model (FEATURES), and the question model (QUESTION_FEATURES): how likely it is that
    the articles answer the question at all."""

    meta: dict = None
    answerable: Logistic | None = None
    threshold: float | None = None  # the question model's, calibrated with it

    def answerability(self, row: np.ndarray) -> float | None:
        return float(self.answerable.probability(row)[0]) if self.answerable is not None else None

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> "Reader":
        data = json.loads(Path(path).read_text())
        sentence = Logistic.from_dict(data, FEATURES, path)
        question = Logistic.from_dict(data["answerable"], QUESTION_FEATURES, path) if "answerable" in data else None
        return cls(sentence.mean, sentence.scale, sentence.coef, sentence.intercept, data.get("meta", {}), question,
                   data.get("answerable", {}).get("threshold"))

    def save(self, path: Path = WEIGHTS) -> None:
        data = {**self.to_dict(FEATURES), "meta": self.meta}
        if self.answerable is not None:
            data["answerable"] = {**self.answerable.to_dict(QUESTION_FEATURES), "threshold": self.threshold}
        Path(path).write_text(json.dumps(data, indent=1) + "\n")
