"""BM25 over passages (bm25s, English stopwords, Snowball stemming of American spellings), saved without pickle.

The same inverted index also answers which rows hold a term at all (``rows_holding``); built with
``pairs=True`` its terms include adjacent word pairs ("nord stream"), which a question's phrasing
often shares with the sentence that answers it.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import bm25s
import numpy as np


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _american() -> dict[str, str]:
    """British spellings and their American forms ("kilometres": "kilometers"), from breame's table."""
    from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS

    return BRITISH_ENGLISH_SPELLINGS


@lru_cache(maxsize=200_000)
def _base(word: str) -> str:
    """An irregular verb form as its base ("sent": "send", "fought": "fight", "began": "begin"), which
    stemming cannot give; a word that is also a noun or an adjective ("left", "felt", "thought") stays."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    return lemmas["VERB"][0] if set(lemmas) == {"VERB"} else word


def _stem_words(words: list[str]) -> list[str]:
    """Lower-case words stemmed, a British spelling as its American form ("kilometres" and "kilometers",
    "defence" and "defense" are one term, in the index and in a question) and an irregular verb form as
    its base ("sent" and "send")."""
    american = _american()
    return _stemmer().stemWords([_base(american.get(w, w)) for w in words])


def stem(word: str) -> str:
    """A word as the index stems it."""
    return _stem_words([word.lower()])[0]


@lru_cache(maxsize=1)
def _derivations() -> dict[str, tuple[str, ...]]:
    """Stems WordNet derives from one another ("deter"/"deterr"), from rag/derivations.txt."""
    lines = Path(__file__).with_name("derivations.txt").read_text("utf-8").splitlines()
    return {head: tuple(rest) for head, *rest in (line.split() for line in lines if line and line[0] != "#")}


# a place's people and what is theirs: "Yemen"/"Yemeni", "Syria"/"Syrian", "Jordan"/"Jordanian" (stems)
DEMONYM_ENDINGS = ("i", "n", "an", "ian", "ese", "ish")


# ... and the peoples whose names are not the place's with an ending ("British ships", "naval vessels from Britain")
IRREGULAR_DEMONYMS = {"British": "Britain", "English": "England", "French": "France", "Dutch": "Netherlands",
                      "Swiss": "Switzerland", "Turkish": "Turkey", "Polish": "Poland", "Spanish": "Spain",
                      "Danish": "Denmark", "Swedish": "Sweden", "Finnish": "Finland", "Norwegian": "Norway",
                      "Greek": "Greece", "Welsh": "Wales", "Scottish": "Scotland", "Irish": "Ireland",
                      "Chinese": "China", "Japanese": "Japan", "Lebanese": "Lebanon", "Vietnamese": "Vietnam"}


# ... and a capital standing for its country's government: "What was Moscow's reaction?" asks Russia's
CAPITALS = {"Moscow": "Russia", "Kyiv": "Ukraine", "Kiev": "Ukraine", "Beijing": "China",
            "London": "Britain", "Paris": "France", "Berlin": "Germany", "Tehran": "Iran", "Damascus": "Syria",
            "Cairo": "Egypt", "Amman": "Jordan", "Beirut": "Lebanon", "Baghdad": "Iraq", "Ankara": "Turkey",
            "Riyadh": "Saudi Arabia", "Doha": "Qatar", "Sanaa": "Yemen", "Tokyo": "Japan", "Brussels": "EU"}


@lru_cache(maxsize=1)
def _people_place() -> dict[str, str]:
    """The stems of each irregular people's name and its place's, both ways."""
    pairs = {stem(a): stem(b) for a, b in IRREGULAR_DEMONYMS.items()}
    return pairs | {b: a for a, b in pairs.items()}


# Everyday words a question and an article use for one thing, which WordNet does not derive from one
# another (stems): "When did the ground offensive begin?" / "Ground operations by Israel have started";
# "What is the force made up of?" (read as "composed of") / "This force, comprising …". Deaths are
# counted with words of their own (reading.HARM): "killed" and "murdered" are not kin here. A missile that
# can "hit" a place "can reach" it; "strike" is left out, as "never allowed Ukraine to strike" is no target;
# "goal" is left out of "aim objective", as "Israel’s first objective" is not "… tone back its goals".
_SAME_SENSE = ("bet wager", "free release", "begin start launch", "secret classified covert", "ask request",
               "fight combat engage", "stop halt", "buy purchase", "build construct", "destroy demolish eradicate",
               "comprise consist compose", "win victory", "refuse reject", "gather assemble mass",
               "hide conceal wraps", "show demonstrate evidence", "move relocate", "reason motive",
               "struggle difficult hard", "last continue", "premier prime", "middle center",
               "mediate facilitate broker", "talk discuss", "hit reach", "likely chance probable possibility likelihood",
               "ready prepared", "backer supporter", "help assist aid",
               "specialty specialize", "sure certain guarantee", "aim objective", "government regime", "enter entry")


@lru_cache(maxsize=1)
def _same_sense() -> dict[str, set[str]]:
    """stem -> the stems of its group"""
    groups = [set(_stem_words(group.split())) for group in _SAME_SENSE]
    return {t: group for group in groups for t in group}


# A refusal told as a negated consent: "declared he would not accept an Israeli plan" is a rejection of it
_REFUSED = re.compile(r"(?:\bnot|\bnever|n[’']t)\s+(?:\w+\s+)?(?:accept|agree|allow|approve|permit)", re.I)


def refusal_words(text: str) -> list[str]:
    """"reject" and "refuse" (stemmed) where the text tells a refusal as a negated consent, else none."""
    return [stem("reject"), stem("refuse")] if _REFUSED.search(text) else []


def words_told(texts: Sequence[str]) -> list[set[str]]:
    """Each text's stemmed words (one tokenizer call for all), with its refusal_words."""
    return [set(words) | set(refusal_words(text)) for words, text in zip(tokenize(texts), texts)]


def kin_words(text: str) -> list[str]:
    """The everyday words for what the text's words say (_SAME_SENSE) that it does not write itself: a
    search for "betting" also looks for "wager"."""
    own = set(tokenize([text])[0])
    words = [w for group in _SAME_SENSE if own & _same_sense()[stem(group.split()[0])] for w in group.split()]
    # a people's name and its place's: "Which Jordanian official …?" / "the Kingdom of Jordan"
    names = set(tokenize([" ".join(re.findall(r"\b[A-Z][a-z]{3,}\b", text))])[0])
    places = {r for t in names for r in _derivations().get(t, ()) if _demonym_of(t, r) or _demonym_of(r, t)}
    places |= {_people_place()[t] for t in names if t in _people_place()}
    return [w for w in words if stem(w) not in own] + sorted(places - own)


@lru_cache(maxsize=1)
def _asking_words() -> set[str]:
    """The stems of the words a question asks with, which say nothing of what it asks about."""
    return set(tokenize(["what which who whom whose when where why how is are was were be been do does did done "
                         "has have had it its they them their he she his her"])[0])


def in_their_words(query: str, texts: Sequence[str]) -> str:
    """The query with each of its words that the texts never write, but one of them writes a word of the same
    sense for (_SAME_SENSE) beside half the query's other words or more, said in that text's word as it writes
    it: "Where have its backers massed? Axis Resistance" read against "Thousands of supporters of the resistance
    have assembled …" is "Where have its supporters assembled? …" (not "… scheduled to launch" as "started"
    where no sentence holds what is scheduled)."""
    words = [m for m in re.finditer(r"[A-Za-z][\w’'-]*", query)
             if m.group()[:1].islower() and stem(m.group()) in _same_sense()]
    if not words:  # (most questions: nothing to read otherwise)
        return query
    asked = set(tokenize([query])[0]) - _asking_words()
    told = [(text, set(tokenize([text])[0])) for text in texts]
    anywhere = set().union(*(stems for _, stems in told))
    out, at = [], 0
    for m in words:
        own = stem(m.group())
        kin = _same_sense().get(own, set()) - {own}
        if not kin or own not in asked or with_derivations({own}) & anywhere:
            continue
        others = asked - {own}
        beside = [text for text, stems in told if kin & stems and 2 * len(others & with_kin(stems)) >= len(others)]
        said = next((w.group() for text in beside for w in re.finditer(r"[a-z][\w’'-]*", text)
                     if stem(w.group()) in kin), None)
        if said:
            out += [query[at:m.start()], said]
            at = m.end()
    return "".join(out) + query[at:]


def _demonym_of(people: str, place: str) -> bool:
    """Whether a stem is a place's with a people's ending ("jordanian", "jordan"; not "universal", "univers")."""
    return any(people == place + e for e in DEMONYM_ENDINGS)


def with_derivations(terms: set[str]) -> set[str]:
    """The stems and the stems of their derived forms: a question asking whom the US wants to "deter"
    finds its word in "a message of deterrence", one on "the Yemeni opposition movement" finds it in "the
    … opposition movement from Yemen"."""
    table = _derivations()
    demonyms = {t + e for t in terms if len(t) >= 4 for e in DEMONYM_ENDINGS}
    demonyms |= {t[:-len(e)] for t in terms for e in DEMONYM_ENDINGS if t.endswith(e) and len(t) - len(e) >= 4}
    irregular = {_people_place()[t] for t in terms if t in _people_place()}
    return terms | demonyms | irregular | {r for t in terms for r in table.get(t, ())}


def with_kin(terms: set[str]) -> set[str]:
    """The derived forms (``with_derivations``) and the everyday words for the same thing (_SAME_SENSE)."""
    return with_derivations(terms) | {r for t in terms for r in _same_sense().get(t, ())}


# words of two letters or more, and a digit alone: "October 7" is not "October 8", nor "World War 2" "World War"
_TOKEN = r"(?u)\b\w\w+\b|\b\d\b"


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=_stem_words, return_ids=False, show_progress=False,
                          token_pattern=_TOKEN)


def with_pairs(tokens: list[str]) -> list[str]:
    """The tokens followed by every adjacent pair of them, as "first second" terms."""
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def query_terms(query: str) -> tuple[list[str], list[str]]:
    """The distinct words of a query (stemmed, stopwords dropped) and its distinct adjacent pairs."""
    tokens = tokenize([query])[0]
    return list(dict.fromkeys(tokens)), list(dict.fromkeys(with_pairs(tokens)[len(tokens):]))


def term_shares(words: list[str], pairs: list[str], idf: Callable[[str], float],
                held: Callable[[str], np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """For n passages, the share of the query's words (weighted by IDF) and the share of its adjacent
    word pairs that each holds; ``held(term)`` says which hold the term. BM25 saturates on a repeated
    word; these reward a passage for holding more of the question, and for holding its phrases."""
    weights = np.array([idf(w) for w in words])
    word_share = sum(w * held(t) for w, t in zip(weights, words)) / weights.sum() if words else np.zeros(n)
    pair_share = sum(held(p) for p in pairs) / len(pairs) if pairs else np.zeros(n)
    return word_share, pair_share


_PARTICLES = {"over", "out", "up", "off", "down", "back", "away", "around", "through"}


def joined_compounds(query: str, known: Callable[[str], bool], apart: Callable[[str, str], bool]) -> str:
    """The query with two lower-case words written as one where the articles write that word, and never the
    two apart ("How much gun powder …?": "45,000 pounds of gunpowder"); ``known(term)`` says whether they
    hold the (stemmed) term, ``apart(a, b)`` whether they write "a b"."""
    out, at = [], 0
    for m in re.finditer(r"\b(?=([a-z]{3,}) ([a-z]{3,})\b)", query):
        a, b = m.group(1), m.group(2)
        # not "any more" (stopwords), "take over" (a verb and its particle), "become fully" ("becom" either way)
        if m.start() < at or not (tokenize([a])[0] and tokenize([b])[0]) or b in _PARTICLES:
            continue
        # nor "hand over all" (a particle after its verb); but "the over all objective"
        if a in _PARTICLES and not re.search(r"\b(?:the|a|an|its|their|his|her|this|that)\s+$", query[:m.start()], re.I):
            continue
        if known(stem(a + b)) and stem(a + b) != stem(a) and not apart(a, b):
            out.append(query[at:m.start()] + a + b)
            at = m.start() + len(a) + 1 + len(b)
    return "".join(out) + query[at:]


class Lexical:
    def __init__(self, bm25: bm25s.BM25, n: int):
        self._bm25 = bm25
        self.n = n

    @classmethod
    def build(cls, texts: Sequence[str], k1: float = 1.5, b: float = 0.75, *, pairs: bool = False) -> "Lexical":
        bm25 = bm25s.BM25(k1=k1, b=b)
        tokens = [with_pairs(t) for t in tokenize(texts)] if pairs else tokenize(texts)
        # An empty passage would leave bm25s with no vocabulary; a placeholder keeps rows aligned.
        bm25.index([t or ["\u2205"] for t in tokens], show_progress=False)
        return cls(bm25, len(texts))

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path, n: int) -> "Lexical":
        return cls(bm25s.BM25.load(str(folder), allow_pickle=False, mmap=False), n)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for the query (zeros where no query term occurs)."""
        vocab = self._bm25.vocab_dict
        terms = [t for t in tokenize([query])[0] if t in vocab]
        if not terms:
            return np.zeros(self.n, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)

    def sparse_scores(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows holding a query term (ascending) and their BM25 scores: the same values as
        ``scores``, summed over the terms' postings only, not over an array of every row."""
        vocab = self._bm25.vocab_dict
        ids = [vocab[t] for t in tokenize([query])[0] if t in vocab]
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        m = self._bm25.scores
        spans = [(m["indptr"][i], m["indptr"][i + 1]) for i in ids]
        indices = np.concatenate([m["indices"][a:b] for a, b in spans])
        values = np.concatenate([m["data"][a:b] for a, b in spans])
        rows, at = np.unique(indices, return_inverse=True)
        scores = np.zeros(len(rows), dtype=m["data"].dtype)
        np.add.at(scores, at, values)  # in the order bm25s adds them, so the sums are bit for bit the same
        return rows.astype(np.int64), scores

    def has(self, term: str) -> bool:
        """Whether any row holds the (stemmed) term."""
        return term in self._bm25.vocab_dict

    def rows_holding(self, term: str) -> np.ndarray:
        """The rows whose text holds the term, ascending (the term's column of the score matrix)."""
        column = self._bm25.vocab_dict.get(term)
        if column is None:
            return np.zeros(0, dtype=np.int64)
        indptr = self._bm25.scores["indptr"]
        return np.sort(self._bm25.scores["indices"][indptr[column]:indptr[column + 1]])

    def idf(self):
        """term -> inverse passage frequency; a term no passage holds weighs the most."""
        indptr = self._bm25.scores["indptr"]
        vocab = self._bm25.vocab_dict

        def idf(term: str) -> float:
            count = int(indptr[vocab[term] + 1] - indptr[vocab[term]]) if term in vocab else 0
            return math.log(1 + (self.n + 1) / (count + 0.5))

        return idf
