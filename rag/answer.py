"""Answers: the Answer and Citation values, the Answerer interface, and the extractive answerer.

An Answer is a value: ``abstained`` is a flag, not an exception. Every ``[n]`` in ``text`` has a
citation whose ``quote == document.text[start:end]``, and every citation is used in ``text``.

The extractive answerer needs no language model. It reads every sentence of the retrieved passages,
judges with a small trained model (``rag/reader.py``) how likely each one is to answer the question
(similarity, how much of the question it holds, whether it holds the kind of answer asked for), and
quotes the best verbatim, each introduced by the article it comes from. Where the question asks for a
short fact, the answer opens with the exact words that answer it; where two articles answer, it sets
them side by side in one sentence. When no sentence is likely enough to answer, it abstains.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Protocol, Sequence

import numpy as np

from .chat import (LEFT_OUT, NONE_MENTIONS, YES_NO, beside_next, content_words, things_pointed_back,
                   without_pointed_back)
from .attribution import (ARTICLE_NOUNS, SPEAKING, Voice, asked_source, asks_only_what_was_said, capital, describe,
                          introduce, reports, topic_of_words, voice_in, words_required)
from .chunking import sentence_spans
from .documents import Document
from .lexical import IRREGULAR_DEMONYMS, in_their_words, tokenize, with_derivations, with_kin, words_told
from .reader import FEATURES, META_TERMS, Reader, features, holds_no_name, question_features
from .reading import (ANY_HARM, CLAIM_MADE, CIVILIANS, CURRENCY_SIGN, COMBATANTS, COUNT_SYNONYMS, DATE, EXPANSION, HARM,
                      INJURED, LOSS, MONEY, MONTH_NAMES, NAME, NUMBER, PEOPLE_DEMONYM, PERSON, PLACE, REASON, UNIT_RE, UNKNOWN_RE,
                      AnswerSpan, answer_spans, asked_nouns, counted_noun,
                      in_units, measure_units, mentions_unnamed, name_asked, name_runs, proper_words, question_type, says_unknown,
                      sentence_case, spelled_out, subject_asked)
from .retrieval import Passage

# A sentence opening with one of these, with a short phrase ending on one ("Knowing this, …",
# "Despite that, …"), or with what one of them is for ("The aim of these measures …"), leans on the one
# before; quoting both keeps the referent. So does a gloss that is no sentence of its own ("Meaning Russia now …").
_LEANS_BACK = re.compile(r"^(?:It|Its|They|Their|Them|This|These|That|Those|He|She|His|Her|Such|Meaning)\b|"
                         r"^(?:[\w’'-]+\s+){1,3}(?:this|that|these|those|it|them)\s*,|"
                         r"^(?:The|A|An)\s+[\w’'-]+\s+of\s+(?:this|these|that|those|such)\b")


# what a question asking for a purpose names, and a sentence stating one
_PURPOSE = re.compile(r"\b(?:aims?|goals?|purposes?|objectives?|intentions?|motives?|(?:meant|supposed|intended|designed)"
                      r"\s+(?:to\s+)?(?:achieve|accomplish|gain))\b", re.I)
# ... and a sentence telling one in a verb: "Tel Aviv hoped to exhaust its population"
_PURPOSE_TOLD = re.compile(_PURPOSE.pattern + r"|\b(?:hop(?:es|ed)|meant|intend(?:s|ed)|seek(?:s|ing)|sought|tr(?:ies|ied|ying)|"
                           r"in order) to\b|"
                           # ... or in what a deed is sent as: "… converging on Israel as a message of deterrence to Iran"
                           r"\bas an? (?:message|signal|warning|deterrent|show|sign) (?:of|to)\b", re.I)
# ... and one telling what a count or list leaves out
_LEFT_OUT_TOLD = re.compile(r"\bwithout (?:even )?(?:taking into account|counting|including)\b|"
                            r"\bnot (?:counting|including)\b|\bexclud(?:es|ing)\b|\bleav(?:es|ing) out\b", re.I)
# "Why did the US send ATACMS?": "The most likely reason for Biden to authorize the shipment of ATACMS … is to …"
_REASON_NAMED = re.compile(r"\breasons?\s+(?:for|why|behind)\b", re.I)
# a name given to a thing: "a nightmare known as the “Al-Aqsa Flood,”", "a village called Ossachite"
_NAMING = re.compile(r"\b(?:known as|called|named|dubbed|nicknamed|referred to as|code-?named)\s+(?:the\s+)?[\"“‘']?[A-Z]")

# "Will it fight?", "Are they definitely going?", "Are they sure to be sent?": whether a thing will happen,
# answered by a sentence weighing it ("does not necessarily mean it will be engaged in combat", "no plans to")
_WILL = re.compile(r"^\s*(?:(?:and|so|but)\s+)?(?:(?:will|would|won['’]t)\b|(?:is|are|does|do)\b(?=[^?]*\b(?:will|would|"
                   r"going to|definitely|certainly|actually|really|sure|certain|bound to)\b))", re.I)
# "Has his order changed anything?", "What difference did it make?", "What effect did the order have?": what a
# thing did, answered by a sentence where it changes something ("the order … has reduced the preparation time …")
_EFFECT = re.compile(r"\b(?:chang(?:e|es|ed)|alter(?:s|ed)?|affect(?:s|ed)?)\s+(?:anything|something|much|things)\b|"
                     r"\b(?:make|makes|made)\s+(?:a|any|much of a|some)\s+difference\b|"
                     r"\bwhat\s+(?:effect|impact|difference|consequences?)\b|\b(?:effects?|impact)\s+of\b", re.I)
_CHANGES = re.compile(r"\b(?:reduc|increas|cut|rais|lower|shorten|lengthen|boost|weaken|strengthen|improv|worsen|"
                      r"chang|alter|affect|doubl|halv|eas|slow|delay|hasten|speed|sped|accelerat|expand|limit|"
                      r"curb|shrink|shrank|widen|narrow|heighten|deepen|escalat|tripl)\w*\b", re.I)
# "Can Israel destroy Hamas?", "Does the op-ed think Israel can …?": whether a thing can be done
_CAN = re.compile(r"^\s*(?:(?:and|so|but)\s+)?(?:can|could)\b|^\s*(?:does|do|did)\b[^?]*\b(?:think|believe|say|"
                  r"expect|argue|claim)s?\b[^?]*\b(?:can|could)\b", re.I)
_ABLE = re.compile(r"\b(?:(?:im)?possib(?:le|ly|ility)|(?:un)?able|(?:in)?capable|cannot|can['’]t|(?:un)?achievable|"
                   r"(?:un)?likely|(?:in)?feasible)\b", re.I)
# "Who leads Hezbollah?", "Who commands them?", "Who controls the Golan Heights?": a role over something
# ("Which Russian general commands the Kursk troops?" likewise: a person asked by an office)
_WHO_LEADS = re.compile(r"^\s*(?:and\s+|so\s+)?(?:who|whom|(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:general|commander|"
                        r"official|officer|leader|person|man|woman))(?:['’]s(?= the))?\s+(?:(?:currently|now|really)\s+)?"
                        r"(?:leads|led|heads|headed|"
                        r"commands|commanded|runs|ran|controls|controlled|founded|chairs|chaired|owns|owned|rules|ruled|"
                        r"governs|governed|(?:is|was|are|were) in (?:charge|command|control) of|"
                        r"(?:is )?the (?:leader|head|commander|founder|chief) of)\b",
                        re.I)
# ... an office, which may be over anything (and "direct", "own", mostly no verb), or the deed of leading
_OFFICE_WORDS = set(tokenize(["leader chief founder chairman owner ruler governor director president minister general "
                              "king queen emperor prime secretary captain mayor ambassador spokesman spokesperson envoy "
                              "adviser advisor commissioner premier chancellor dean provost sheriff judge senator "
                              "direct own"])[0])
_LEADING_WORDS = set(tokenize(["lead leads led head heads headed command commands commanded commander run runs ran "
                               "control controls controlled found founded chair chairs owns rule rules govern governs "
                               "directs directed manage managed charge"])[0]) - _OFFICE_WORDS
_ROLE_WORDS = _LEADING_WORDS | _OFFICE_WORDS
# words telling a time without a date: "recently accepted", "shortly after the decision", "a month ago"
_SOME_TIME = re.compile(r"\b(?:recent(?:ly)?|lately|shortly|soon|ago|earlier|later|now|currently|since|until|"
                        r"before|after|during|then|once|already|yet|previously|formerly|years?|months?|weeks?|days?|"
                        r"decades?|centur(?:y|ies)|era|period|age|times?)\b", re.I)
# "When was the Kursk offensive halted?": the deed whose date is asked, told in a participle at the end
_WHEN_DONE = re.compile(r"^\s*(?:and\s+)?when\s+(?:was|were|has\s+been|had\s+been)\b[^?]*?\s"
                        r"(?P<v>[a-z]+(?:ed|en))\s*[?.!]*$", re.I)
_WHEN_FUTURE = re.compile(r"^\s*(?:and\s+)?when\s+(?:will|would|shall|is\b[^?]*\bgoing to|are\b[^?]*\bgoing to)\b", re.I)
# (not "may", "could", "potential": "prepare for potential deployment" weighs nothing)
_HEDGE = re.compile(r"\b(?:necessarily|guarantee[sd]?|no plans?|plans? to|(?:un)?likel(?:y|ihood)|(?:im)?possib(?:le|ly|"
                    r"ility)|expected to|intends? to|chances?)\b", re.I)

# "Washington's ultimate political objective is also this.": a sentence ending on a pronoun leans back too
_ENDS_ON_IT = re.compile(r"\b(?:is|was|are|were|means?|meant)\s+(?:also\s+|just\s+|exactly\s+)?(?:this|that|it)\s*[.!]$")


@dataclass(frozen=True)
class AnswerParams:
    # the question model's probability below which the articles do not answer; None: its calibrated threshold
    abstain_threshold: float | None = None
    evidence_floor: float = 0.2  # ... and the best sentence's evidence below which they do not, whatever it says
    sentence_bar: float = 0.2  # evidence a sentence needs to answer for its article ("what each article says")
    relevance_weight: float = 0.5  # evidence = (reader probability + w * relevance) / (1 + w)
    keep_ratio: float = 0.5  # a further sentence of an article joins at this share of the best evidence
    other_article_ratio: float = 0.6  # another article's best sentence joins at this share of the best relevance
    other_article_min: float = 0.33  # ... and at no less than this relevance
    max_citations: int = 4
    max_per_article: int = 3
    max_articles: int = 3
    uncounted_factor: float = 0.5  # "how many X" and no sentence counts X: every sentence's evidence scaled so
    untyped_factor: float = 0.7  # ... and a sentence with no number (date) for "how many" ("when")
    nameless_factor: float = 0.5  # a sentence whose article holds none of the question's names
    yearless_factor: float = 0.5  # ... or none of the years it names
    other_day_factor: float = 0.7  # a sentence not writing the day a question names, where another one does
    unsourced_factor: float = 0.5  # every sentence, when the question asks what X said and none reports X
    off_topic_factor: float = 0.5  # a sentence holding no word of what X's words are asked to be about
    undated_factor: float = 0.5  # every sentence, when a "when" question is read and no sentence gives a date
    harmless_factor: float = 0.3  # a sentence with no word of harm, for a count of harm ("how many … died")
    negated_factor: float = 0.6  # a sentence denying what a question without negation asks about
    roleless_factor: float = 0.3  # "Who leads X?": a sentence holding no word of a role (lead, head, command, …)
    unnamed_factor: float = 0.2  # "What is the name of X?": a sentence speaking of "a X" without its name (no answer)
    borrowed_factor: float = 0.5  # a follow-up's sentence holding only the words the conversation lent it
    aimless_factor: float = 0.2  # "Whom is it meant to deter?": a sentence without the deed aimed at ("deterrence")
    unknown_cover: float = 0.34  # "… is not known" answers a fact question holding this share of its words
    typed_first: float = 0.5  # a sentence giving the number (date) asked for leads from this share of the best
    posed_cos: float = 0.7  # an article's own question this near the question: what follows it answers


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
    answer: str | None = None  # the words of the quote that answer the question, when it asks for a fact
    answer_start: int | None = None  # their offsets into the document: quote[answer_start-start:...]
    answer_end: int | None = None
    # an excerpt whose voice changes: each part's source in order (None: the article's own words); else empty
    voices: tuple[str | None, ...] = ()

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
    evidence: float = 0.0  # the best sentence's (0..1)
    answerable: float = 0.0  # how likely the articles answer the question at all (the question model, 0..1)
    answerer: str = "extractive"  # or "generative": sentences written by a language model, each checked
    sentences: list[dict] = field(default_factory=list)  # generative: per sentence, its citations and checks
    notice: str | None = None  # why the language model's answer was not used, when it was asked for

    def to_dict(self) -> dict:
        out = {"question": self.question, "query": self.query, "answer": self.text, "abstained": self.abstained,
               "citations": [c.to_dict() for c in self.citations],
               "closest": [c.to_dict() for c in self.closest], "evidence": round(self.evidence, 4),
               "answerable": round(self.answerable, 4),
               "answerer": self.answerer}
        if self.sentences:
            out["sentences"] = self.sentences
        if self.notice:
            out["notice"] = self.notice
        return out


class Answerer(Protocol):
    """Question, standalone query and retrieved passages in; an Answer out. ``knows_name(word)`` says
    whether the corpus writes a word capitalised (the pipeline expands acronyms and recases names with
    it; ``exact``: spelt just so)."""

    def answer(self, question: str, query: str, passages: list[Passage],
               cancelled: Callable[[], bool] | None = None, avoid: Sequence[str] = (),
               after: Sequence[str] = ()) -> Answer:
        """``cancelled()`` turning true means nobody waits for the answer any more: a slow answerer
        stops (raising AnswerCancelled) rather than finish for nothing. ``avoid``: what the conversation
        has already quoted, which "What else did he say?" does not want again; ``after``: what the last
        answer quoted, when the question asks what came after it ("How did Biden respond?")."""
        ...

    def knows_name(self, word: str, exact: bool = False) -> bool: ...


@dataclass(frozen=True)
class Candidate:
    document: Document
    start: int  # the quote: the sentence, extended back to its referent when it opens with a pronoun
    end: int
    evidence: float  # how surely the sentence answers the question (0..1): the reader's probability and relevance
    passage_rank: int
    span: AnswerSpan | None = None  # the answering words, offsets into document.text
    relevance: float = 0.0  # how much it is about the question: mean of its cosine and its share of the question
    follows: bool = False  # it comes right after what the last answer quoted, as "What happened next?" asks

    @property
    def quote(self) -> str:
        return self.document.text[self.start:self.end]


def unknown_names(question: str, known) -> list[str]:
    """Names in the question (runs of capitalised words) none of whose words the corpus holds.

    ``known(word)`` says whether the corpus writes that word capitalised, so "China" is not known
    from "a china shop". A short acronym ("IDF") is often spelled out in the text, so it alone never
    decides.
    """
    return [" ".join(run) for run in name_runs(question)
            if not any(known(w) for w in run) and not all(w.isupper() and len(w) <= 4 for w in run)]


# "Who is the US ambassador to Israel?", "Who is Yanukovych's successor?": the role the person asked for holds
# (the role may be written with its capital: "Who is the Commissioner of the National Football League?")
_ROLE = re.compile(r"^[Ww]ho(?:m?\s+(?:is|was|are|were)|['’]s)\s+(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?P<r>[a-zA-Z][\w-]*?)\s+"
                   r"(?:of|to|in|for|at|on|from|with|behind)\b|(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*['’]s\s+"
                   r"(?:[\w-]+\s+)?(?P<p>[a-z][\w-]*)\s*[?.!]*$)")


def unknown_role(question: str, written: Callable[[str], bool]) -> list[str]:
    """The role a "who is the X of Y" question asks about, when no article writes it in any form
    (``written(stem)``); such a question has no answer, whoever else the articles name."""
    m = _ROLE.match(question.strip())
    role = m and (m.group("r") or m.group("p"))
    stems = set(tokenize([role])[0]) if role else set()
    if not stems or any(map(written, with_derivations(stems))):
        return []
    return [f"{'an' if role[0] in 'aeiou' else 'a'} {role}"]


# a compass point's adjective, capitalised or not in a question: what the articles write is the point
_COMPASS = re.compile(r"^(North|South|East|West)ern$")


def with_class_noun(query: str, docs: Sequence[Document]) -> str:
    """A question counting a name, with the noun an article calls it by: "How many ATACMS were sent?"
    is counted in "missiles" where an article says "The ATACMS, which stands for …, are tactical
    ballistic missiles", so that "the exact number of missiles has not yet been confirmed" is about it."""
    noun = counted_noun(query) if question_type(query) == NUMBER else None
    head = noun.split()[-1] if noun else ""
    if not head[:1].isupper() or PEOPLE_DEMONYM.fullmatch(head):  # (people are counted as themselves)
        return query
    defined = re.compile(rf"\b{re.escape(head)}(?:,[^,.;]{{0,80}},)?\s+(?:are|were)\s+(?:the\s+)?"
                         r"(?:[a-z][\w-]*\s+){0,3}?(?P<n>[a-z]{3,}s)"  # the noun: the last word before what it takes
                         r"(?=\s+(?:with|of|that|which|who|in|on|for|to|and)\b|[,.;])")
    found = next((m for d in dict.fromkeys(docs) for m in [defined.search(d.text)] if m), None)
    return query.replace(noun, f"{noun} {found.group('n')}", 1) if found else query


def _plain(word: str) -> str:
    """A word without its accents: "Céloron" and "Celoron" are one name."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def with_referent(text: str, sentence: tuple[int, int], before: tuple[int, int] | None) -> tuple[int, int]:
    """The sentence of text, extended back over the one ``before`` it when it opens with a pronoun that needs
    it, or ends on one ("… is also this.")."""
    start, end = sentence
    if before and before[1] <= start:
        if _LEANS_BACK.match(text[start:end]) and "\n" not in text[before[1]:start]:  # in its paragraph
            return before[0], end
        if _ENDS_ON_IT.search(text[start:end]):  # "… is also this." opens a paragraph on the last one
            return before[0], end
    return start, end


def _with_what_follows(doc: Document, sentence: tuple[int, int], next_end: int | None) -> int:
    """Where the quote of a sentence ends: a sentence ending in a colon ("… set impossible-to-achieve goals
    for itself:") is quoted with the sentence it introduces (ending at ``next_end``)."""
    start, end = sentence
    return next_end if next_end is not None and doc.text[start:end].rstrip().endswith(":") else end


# words that end what a number counts ("2,000 troops to prepare …")
_NOT_COUNTED = (r"(?:in|on|at|to|of|for|from|by|with|and|or|the|a|an|that|which|who|is|are|was|were|has|have|had|will|"
                r"would|can|could|across|into|over|under|per|each|this|these|it|its)")


_PERCENT_OF = re.compile(r"%|\bper ?cent\b", re.I)  # a share, not a sum


def _span_words(doc: Document, span: AnswerSpan, base: int) -> AnswerSpan:
    """A number grows to the words it counts ("2,000 special forces soldiers"); a name loses the full
    stop of the sentence it ends."""
    start, end = base + span.start, base + span.end
    if span.kind == NUMBER and (CURRENCY_SIGN.search(doc.text, start, end) or _PERCENT_OF.search(doc.text, start, end)):
        return AnswerSpan(start, end, span.kind)  # a sum or a share counts no words after it: "$40 million"
    if span.kind == NUMBER:
        of = re.match(r"\s+of\b", doc.text[end:end + 5])  # "tens of billions of dollars"
        unit = of and UNIT_RE.match(doc.text, end + of.end())
        if unit:
            return AnswerSpan(start, unit.end(), span.kind)
        m = re.match(rf"(?:\s+(?!{_NOT_COUNTED}\b)[A-Za-z][\w’'-]*){{1,4}}", doc.text[end:end + 80])
        if m:
            end += m.end()
            # "2,000 Marines and sailors": one more thing counted, where the phrase ends with it
            more = re.match(rf"\s+(?:and|or)\s+(?!{_NOT_COUNTED}\b)[a-z][\w’'-]*(?=\s*[,.;:)]|\s+{_NOT_COUNTED}\b)",
                            doc.text[end:end + 40])
            end += more.end() if more else 0
    elif doc.text[end - 1:end] == "." and "." not in doc.text[start:end - 1].rsplit(" ", 1)[-1]:
        end -= 1  # "the Gulf of Oman." ends a sentence; "U.S." keeps its stop
    return AnswerSpan(start, end, span.kind)


def _clause_start(text: str, start: int) -> int:
    """Where the clause holding text[start] begins: after the punctuation before it."""
    return max(text.rfind(c, 0, start) for c in ",;:—()") + 1


def _clause(text: str, start: int, end: int) -> str:
    """The clause of text around [start, end): from the punctuation before it to the one after it."""
    rights = [i for i in (text.find(c, end) for c in ",;:—()") if i >= 0]
    return text[_clause_start(text, start):min(rights) if rights else len(text)]


def counts_thing(text: str, start: int, end: int, noun_terms: set[str], head: str | None = None) -> bool:
    """Whether the number at text[start:end] counts what the question counts: all its words are in
    the number's clause ("2,000 special forces soldiers", not "the Israeli army …, 2,000 soldiers"), or
    words counting the same thing ("1.7 million inhabitants" for a population); and the counted noun,
    ``head`` when given, in the words the number counts ("How many Israelis …?" is not answered by "over
    7,000 Palestinian prisoners detained in Israeli facilities")."""
    unit = UNIT_RE.match(text, end)
    if unit and not noun_terms & set(tokenize([unit.group()])[0]):  # "300 to 400 kilometers" counts no missiles
        return False
    # a share is no sum: "25 percent of all money it raises" says not how much money
    if _PERCENT_OF.search(text, start, end + 9) and any("dollar" in COUNT_SYNONYMS.get(t, ()) for t in noun_terms):
        return False
    clause = _clause(text, start, end)
    words = set(tokenize([clause])[0]) | ({"dollar"} if CURRENCY_SIGN.search(clause) else set())
    if head and head in words and head not in ("peopl", "person", "dollar"):
        # (the number's own words too, and the few before it: "The three-stage Saturn V", "… leading the NFL in
        # interceptions with 24")
        before = " ".join(text[_clause_start(text, start):start].split()[-3:])
        counted = set(tokenize([f"{before} {text[start:end]} {_COUNTED.match(text, end).group('what')}"])[0])
        if head not in counted and not COUNT_SYNONYMS.get(head, set()) & counted:
            return False
    # (a people's name counts where its place's is written: "How many Russian troops …?", "… where Russia has
    # supposedly stationed 40,000 to 50,000 troops")
    return all(t in words or COUNT_SYNONYMS.get(t, set()) & words or with_derivations({t}) & words
               or t in ("peopl", "person") and PEOPLE_DEMONYM.search(clause) for t in noun_terms)


# the words a number counts: those after it, up to a preposition, a relative or punctuation ("2,000 special
# forces soldiers in Palestine", "tens of billions of dollars in weapons")
_COUNTED = re.compile(r"\s*(?:of\s+)?(?P<what>(?:(?!(?:in|at|on|from|by|with|who|which|that|to|for|of|across|"
                      r"near|into|over|under|since|during)\b)[^\s,;:.()—]+\s*){0,5})", re.I)


def _in_other_units(text: str, spans: Sequence[AnswerSpan], noun_terms: set[str]) -> bool:
    """Whether every number of the text (its ``spans``) is followed by a unit that is none of the things counted."""
    units = [UNIT_RE.match(text, s.end) for s in spans]
    return bool(units) and all(u and not noun_terms & set(tokenize([u.group()])[0]) for u in units)


def _unknown_clause(doc: Document, start: int, end: int) -> AnswerSpan | None:
    """The clause of a sentence that says a thing is not known: "the exact number … has not yet been confirmed"."""
    text = doc.text[start:end]
    m = UNKNOWN_RE.search(text)
    if not m:
        return None
    left = max(text.rfind(c, 0, m.start()) for c in ",;:—")
    s = left + 1 if left >= 0 else 0
    clause = text[s:m.end()]
    lead = re.match(r"\s*(?:(?:while|although|though|but|and|however|yet|so|as|because)\b\s*)?", clause, re.I)
    return AnswerSpan(start + s + lead.end(), start + m.end(), "unknown")


_YEAR = re.compile(r"\b(?:in|by|of|to|since|until|from|after|before|during|between|and)\s+((?:1[0-9]|20)\d\d)\b", re.I)
# a day the question names: "on October 27–28", "on 18 November"
_DAY = re.compile(rf"\b(?:(?P<m>{'|'.join(MONTH_NAMES)})\s+(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{'|'.join(MONTH_NAMES)}))\b",
                  re.I)  # (typed in lower case too: "what happened on october 27")


def _days_held(days: list[tuple[str, str]], text: str) -> bool:
    """Whether the text writes each (month, day) either way round ("October 27", "27 October")."""
    return all(re.search(rf"\b{m}\s+0?{d}\b|\b0?{d}\s+{m}\b", text, re.I) for m, d in days)


# "Who says the US is trying to hurt Russia?", "Who raises that possibility?" ask whose claim it is: the
# source a quote reports, or the article itself (no name in what it asserts)
_WHO_SAYS = re.compile(r"\s*(?:who|whom)\s+(?:says|said|claims?|claimed|argues|argued|believes|thinks|writes|wrote|"
                       r"suggests|suggested|asserts|asserted|insists|insisted|maintains|alleges|alleged|stated|states)\b"
                       rf"|\s*(?:who|whom)\s+{CLAIM_MADE}", re.I)


_PEOPLES_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ican|ese|ish|i)$")


def _best_span(doc: Document, start: int, end: int, query: str, kind: str | None,
               noun_terms: set[str]) -> AnswerSpan | None:
    """The words of the quote that answer a fact question, only where it leaves no doubt which they
    are: the one span of the asked-for kind (a number: the one that counts what the question counts,
    or that is in the unit it asks for, "how far": kilometers). A quote naming several people or places
    gives no direct answer: picking one would put words in the article's mouth."""
    quote = doc.text[start:end]
    spans = [_span_words(doc, s, start) for s in answer_spans(quote, kind, query)]
    if kind == NUMBER and noun_terms:
        spans = [s for s in spans if counts_thing(doc.text, s.start, s.end, noun_terms)]
    units = measure_units(query) if kind == NUMBER else set()
    if units:
        spans = [s for s in spans if in_units(doc.text, s.start, s.end, units, after=0)]  # spans hold their words
    if kind == REASON:  # the reason given for what was asked, not one given further on for something else
        stems = set(tokenize([query])[0])
        spans = [s for s in spans if _reason_attached(doc.text[start:s.start], stems)]
        return spans[0] if spans else None
    if kind in (PERSON, PLACE, NAME):  # "Formal teaching may be …": a capital that only opens sentences
        spans = [s for s in spans if not sentence_case(doc.text, s.start, s.end)]
        # nor the question's own words: "Marine" answers no "Who commands the Marines?"
        asked = set(tokenize([query])[0])
        spans = [s for s in spans if not asked.issuperset(tokenize([doc.text[s.start:s.end]])[0] or ["\0"])]
    if kind == PERSON:  # "Palestinian" of "occupied Palestinian territory", "Prominent Israeli" of "Prominent
        # Israeli officials": words describing what follows them name no one; nor does a name in quotation
        # marks (“Al-Aqsa Flood,”: an attack's)
        spans = [s for s in spans if not (_PEOPLES_ADJECTIVE.match(doc.text[s.start:s.end].split()[-1])
                                          and re.match(r"\s+[a-z]", doc.text[s.end:s.end + 2]))
                 and not (s.start and doc.text[s.start - 1] in "“\""
                          and re.match(r"[,.]?[”\"]", doc.text[s.end:s.end + 2]))
                 # nor one word after "the" ("the center of the Strip"), unless a people ("the Americans")
                 and not (re.search(r"\bthe\s$", doc.text[max(0, s.start - 4):s.start])
                          and re.fullmatch(r"[A-Z][\w’'-]*(?<!s)", doc.text[s.start:s.end]))]
    if kind == PERSON:  # "Who committed genocide in Gaza?": "… the genocide carried out by its right-wing Israeli
        # ally …" names its doer after "by", not "Washington", which conceals it
        stems = set(tokenize([query])[0])
        agents = [(start + m.start("agent"), start + m.end("agent")) for m in _BY_AGENT.finditer(quote)
                  if stems & set(tokenize([m.group("done")])[0])]
        if agents:
            spans = [s for s in spans if any(a <= s.start < b for a, b in agents)]
    whom = _WHOM_DID.match(query) if kind == PERSON else None
    if whom:  # "who did they recruit?": a name the deed takes, just after it; "… and recruited military advisors"
        # names no one (not "Gaza", of "its attack on Gaza" before it)
        verb = set(tokenize([whom.group("verb")])[0])
        found = list(re.finditer(r"[\w’'-]+", quote))
        after = [start + m.end() for m, words in zip(found, tokenize([m.group() for m in found])) if verb & set(words)]
        if after:
            spans = [s for s in spans if any(0 <= s.start - a <= _OBJECT_REACH for a in after)]
    subject = subject_asked(query) if kind == PERSON else None
    if subject:  # "Who is Ehud Barak?": his name with its titles, never another name ("Hamas")
        spans = [s for s in spans if subject.split()[-1] in doc.text[s.start:s.end]]
    if kind == PERSON and _WHO_SAYS.match(query):  # "Who says …?": the one the quote reports, if any
        source = voice_in(doc.text, start, end).source or ""
        spans = [s for s in spans if source and doc.text[s.start:s.end] in source]
    if len(spans) > 1 and kind in (PERSON, PLACE, NAME):  # "Which ship …": the name the sentence calls one
        nouns = asked_nouns(query)                          # ("the USS Bataan, an amphibious assault ship")
        spans = [s for s in spans if nouns & set(re.findall(r"[a-z-]+", doc.text[max(start, s.start - 25):
                                                                                 min(end, s.end + 40)].lower()))]
    return spans[0] if len(spans) == 1 else None


# "who did they recruit?", "Whom did Biden appoint?": the one a deed was done to, named after its verb (within
# _OBJECT_REACH characters)
_WHOM_DID = re.compile(r"^\s*(?:and\s+|so\s+)?(?:who|whom)\s+(?:did|does|do|will|would|could|can|has|have|had)\s+"
                       r"(?:[\w’'-]+\s+){1,3}?(?P<verb>(?!(?:for|with|from|about|into|against|over|after|before)\b)"
                       r"[a-z]{3,})\s*\?", re.I)
_OBJECT_REACH = 30


# a deed's doer, told after a participle following what was done: "the genocide carried out by its right-wing
# Israeli ally", "the novel written by Mark Twain"
_BY_AGENT = re.compile(r"\b(?P<done>[\w-]+)\s+(?:[a-z]+ed|carried out|done|made|given|taken|seen|written|led|run|held|"
                       r"built|won|begun|drawn|shot|struck|thrown|sent|fought|brought|caught|told|known)\s+by\s+"
                       r"(?P<agent>[^,.;:()]+)")


# a sentence saying what something is, before its reason ("This is an especially dangerous escalation …, ")
_SAID_OF_IT = re.compile(r"(?:this|that|it)\s+(?:is|was)\s+(?!because\b|due\b|why\b|so\b|to\b|in order\b|done\b)"
                         r"(?P<what>[^,.;:]{3,}?),?\s*$", re.I)


def _reason_attached(before: str, stems: set[str], reach: int = 80) -> bool:
    """Whether a reason ("because …", "to avoid …") that follows the text ``before`` it in its quote gives
    the reason for what the question asks: a word of the question stands shortly before it in its sentence,
    or none does (the sentence that follows what was done and says why: "The aim of these measures is to
    …"). "These missiles cannot reach Moscow, but they can reach the Kursk region, a place where Russia has
    … stationed … troops in response to …" gives no reason why they cannot reach Moscow."""
    sentence = re.split(r"(?<=[.!?])\s+", before)[-1]
    said = _SAID_OF_IT.match(sentence)
    if said:  # "This is an especially dangerous escalation …, because …": why it is that (the words before any
        # "by …", "of …"), not why it was done
        what = re.split(r"\s(?:by|of|for|in|on|from|with|to|at)\s", said.group("what"))[0]
        return bool(stems & set(tokenize([what])[0]))
    words = list(re.finditer(r"[\w’'-]+", sentence))
    hits = [m for m, t in zip(words, tokenize([m.group() for m in words])) if t and t[0] in stems]
    return not hits or len(sentence) - hits[-1].end() <= reach


class ExtractiveAnswerer:
    """Quotes the sentences of the passages that the reader judges to answer the question.

    Owns what only it uses: the corpus's IDF and the names it writes (to notice a question about a
    name no article mentions), read from the index it is built from.
    """

    def __init__(self, index, embedder, params: AnswerParams = AnswerParams(), reader: Reader | None = None):
        self.index = index
        self.embedder = embedder
        self.params = params
        self.reader = reader or Reader.load()
        self.idf = index.sentence_idf()
        # every capitalised word of the corpus and its metadata: the names a question can be about
        self._names = {_plain(w) for d in index.documents
                       for w in proper_words(" ".join(filter(None, (d.text, d.title, d.author, d.outlet))))}
        self._names |= {m.replace(".", "") for d in index.documents for m in re.findall(r"\b(?:[A-Z]\.){2,}", d.text)}
        # each capitalised part of a compound: "Lebanese" of "the Lebanese-Palestinian border"
        self._names |= {part for name in list(self._names) if "-" in name
                        for part in name.split("-") if part[:1].isupper()}
        self._names_by_initial: dict[str, list[str]] = {}
        for name in self._names:
            self._names_by_initial.setdefault(name[0], []).append(name)

    @property
    def threshold(self) -> float:
        """Below this the question model's probability abstains: the setting, else the threshold kept with
        the model (weights without one, or without a question model: the evidence floor)."""
        if self.params.abstain_threshold is not None:
            return self.params.abstain_threshold
        return self.reader.threshold if self.reader.threshold is not None else self.params.evidence_floor

    def writes(self, stem: str) -> bool:
        """Whether a sentence of the corpus holds this word (stemmed): rarer than any word it holds otherwise."""
        return self.idf(stem) < self.idf("\0")

    def knows_name(self, word: str, exact: bool = False) -> bool:
        """Whether the corpus writes this name, spelt with or without dots ("U.S."), or as part of a
        compound ("US-backed"); a long name may be misspelt by a letter or two, unless ``exact``."""
        word = _plain(word)
        if exact:
            return word in self._names
        variants = {word, word.replace(".", ""), *(p for p in word.split("-") if p[:1].isupper()),
                    IRREGULAR_DEMONYMS.get(word, word),  # "British": the articles write "Britain"
                    _COMPASS.sub(r"\1", word)}  # "Western": "West Asia", "the West Bank"
        if any(v in self._names or v.replace(".", "") in self._names for v in variants):
            return True
        return len(word) >= 6 and bool(difflib.get_close_matches(
            word, self._names_by_initial.get(word[0], []), n=1, cutoff=0.8))

    def unknown_rows(self, passages: list[Passage], noun_terms: list[str]) -> dict[int, list[int]]:
        """For "how many X" (X's words: ``noun_terms``), the sentences of the best passages' articles that
        say the number of X is not known, wherever they are in the article: passage rank -> sentence rows."""
        head = noun_terms[-1:]
        out: dict[int, list[int]] = {}
        seen_docs = set()
        for rank, p in enumerate(passages[:3]):
            d_row = self.index.doc_row[p.document.id]
            if not head or d_row in seen_docs:
                continue
            seen_docs.add(d_row)
            for r in self.index.doc_sentence_rows(d_row):
                span = self.index.sentences[r][1]
                text = p.document.text[span.start:span.end]
                if says_unknown(text) and head[0] in tokenize([text])[0]:
                    out.setdefault(rank, []).append(r)
        return out

    def rows_after(self, passages: list[Passage], quotes: Sequence[str], n: int = 3) -> dict[int, list[int]]:
        """The rows of the ``n`` sentences after each quote: passage rank -> rows (the rank of a passage
        of the quote's article, else 0)."""
        index, out = self.index, {}
        docs = list({p.document.id: p.document for p in passages}.values())
        ends: dict[str, tuple[Document, int]] = {}  # past the last of an article's quotes (a direct answer
        for quote in quotes:                        # opens inside the quote that follows it)
            doc = next((d for d in [*docs, *index.documents] if quote in d.text), None)
            if doc is not None:
                end = doc.text.index(quote) + len(quote)
                ends[doc.id] = (doc, max(end, ends.get(doc.id, (doc, 0))[1]))
        for doc, end in ends.values():
            rows = [r for r in index.doc_sentence_rows(index.doc_row[doc.id]) if index.sentences[r][1].start >= end]
            rows = rows[:n]  # a response may open the next paragraph
            rank = next((i for i, p in enumerate(passages) if p.document.id == doc.id), 0)
            out.setdefault(rank, []).extend(rows)
        return out

    def _sentence_before(self, row: int, start: int) -> int:
        """Where the sentence before row ``row`` starts, in its article (else ``start``)."""
        if row and self.index.sentences[row - 1][0] == self.index.sentences[row][0]:
            return min(start, self.index.sentences[row - 1][1].start)
        return start

    def following_rows(self, passages: list[Passage], n: int = 2) -> dict[int, list[int]]:
        """The rows of the ``n`` sentences after each passage, in its article: passage rank -> rows."""
        index, out = self.index, {}
        for rank, p in enumerate(passages):
            hi = int(index.chunk_sentences[p.row][1])
            d_row = index.sentences[hi - 1][0]
            out[rank] = [r for r in range(hi, min(hi + n, len(index.sentences))) if index.sentences[r][0] == d_row]
        return out

    def sentences(self, passages: list[Passage], also: dict[int, list[int]] | None = None
                  ) -> list[tuple[Document, tuple[int, int], tuple[int, int], int, int]]:
        """Every sentence of the passages once (and the rows ``also`` adds to a passage's):
        (document, quote span, sentence span, passage rank, row)."""
        index = self.index
        out, seen = [], set()
        for rank, p in enumerate(passages):
            lo, hi = index.chunk_sentences[p.row]
            for r in [*range(lo, hi), *(also or {}).get(rank, [])]:
                if r in seen:
                    continue
                seen.add(r)
                d_row, span = index.sentences[r]
                doc = index.documents[d_row]
                before = index.sentences[r - 1] if r and index.sentences[r - 1][0] == d_row else None
                sentence = (span.start, span.end)
                after = index.sentences[r + 1] if r + 1 < len(index.sentences) and index.sentences[r + 1][0] == d_row \
                    else None
                qs, _ = with_referent(doc.text, sentence, before and (before[1].start, before[1].end))
                out.append((doc, (qs, _with_what_follows(doc, sentence, after and after[1].end)), sentence, rank, r))
        return out

    def features(self, query: str, passages: list[Passage], sentences, kind: str | None = None) -> np.ndarray:
        """The reader's features of each sentence (see rag/reader.py) for a question asking for ``kind``;
        the cosines come from the sentence vectors the index already holds."""
        if not sentences:
            return np.zeros((0, 0))
        # (read in the sentences' own words where it says the same thing otherwise: "backers massed" is
        # "supporters … assembled", which the cosines and BM25 would not see)
        query = in_their_words(query, [doc.text[qs:qe] for doc, (qs, qe), *_ in sentences])
        q = self.embedder.encode([query])[0]
        rows = np.array([r for *_, r in sentences], dtype=np.int64)
        cos = self.index.sentence_cosines(q, rows)
        # "It wants to use it to negotiate …" means little without the sentence it leans on: a sentence
        # quoted with its referent is read halfway to the two together, when that is closer (the two
        # together, fully, credit it with the words only its referent holds: dev-a in the first quote
        # 76.0% against 75.3% halfway and 74.7% alone, but "What else did he announce?" lost Putin)
        lean = np.array([qs < s for _, (qs, _), (s, _), _, _ in sentences])
        if lean.any():
            both = self.index.sentence_vectors(rows[lean]) + self.index.sentence_vectors(rows[lean] - 1)
            together = both @ np.asarray(q, dtype=np.float32) / np.maximum(np.linalg.norm(both, axis=1), 1e-6)
            cos = cos.copy()
            cos[lean] = np.maximum(cos[lean], (together + cos[lean]) / 2)
        bm25, _ = self.index.sentence_bm25(query, rows)
        return features(query, kind,
                        [(doc.text[s:e], doc.text[qs:qe], doc.text) for doc, (qs, qe), (s, e), _, _ in sentences],
                        cos, [passages[rank].score for *_, rank, _ in sentences], self.idf, bm25)

    def _rules(self, X: np.ndarray, texts: list[str], noun_terms: set[str], units: set[str] = frozenset(),
               names: Sequence[str] = (), head: Sequence[str] = (),
               named_by: Sequence[bool] = ()) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What the reader cannot learn from SQuAD, which holds no such cases. Returns which sentences
        answer by saying the asked-for fact is not known ("the exact number of missiles has not yet
        been confirmed": the answer unless another sentence gives the fact), and which hold no number
        counting what "how many X" counts (all of X's words in the number's clause), so that "about 10,000
        civilians" does not answer "how many Israeli soldiers", and which hold one that does; a number
        in the ``units`` "how far" or "what percentage" asks for counts as well. Where the question counts
        nothing, a sentence saying something is not known is about it only if it holds one of the
        question's ``names``, when it has any ("Who leads Hezbollah?" is not answered by "the exact number
        of missiles has not yet been confirmed"); nor is one whose article has not yet named what X's names
        name where it says so (``named_by``: per sentence, whether it has)."""
        cover = X[:, FEATURES.index("cover")]
        numbers = [answer_spans(t, NUMBER, "", durations="months" in units) for t in texts]
        counts = np.array([any(noun_terms and counts_thing(t, s.start, s.end, noun_terms, head[0] if head else None)
                               or units and in_units(t, s.start, s.end, units) for s in spans)
                           for t, spans in zip(texts, numbers)])
        if HARM & noun_terms and names:  # deaths are counted where the question puts them: "10,000 civilians
            counts &= np.array([any(n in t for n in names) for t in texts])  # in Gaza" are none at the Kursk reactor
        # (of what is counted, not of a word before it: "How many US soldiers have died?" is not answered by
        # "US officials have refrained from providing specific details regarding the deployment")
        counted = {t for t in noun_terms if t in HARM} | set(head)
        unknown = np.array([says_unknown(t) and (bool(counted & set(tokenize([t])[0])) if noun_terms
                                                 else cover[i] >= self.params.unknown_cover
                                                 and (not names or any(n in t for n in names)))
                            for i, t in enumerate(texts)])
        if len(named_by):
            unknown &= np.array(named_by, dtype=bool)
        if counts.any():
            unknown[:] = False
        # a length in other units, or none, never says how far ("How far is Yemen from Israel?" is not
        # answered by a sentence on Yemen because another gives a missile's range in kilometers)
        # (nor does one giving no sum where a sum is asked, whatever sum another gives: "What is the budget of the
        # Israeli army?" is not answered by "2,000 special forces soldiers" for "tens of billions of dollars" elsewhere)
        uncounted = (~counts & ~unknown if units or noun_terms and (not counts.any() or priced(head))
                     else np.zeros(len(texts), dtype=bool))
        # and a sentence whose every number is in a unit the question does not count in never says how many
        # or how much ("300 to 400 kilometers" is no cost), whatever another sentence counts
        if noun_terms:
            other_units = [_in_other_units(t, spans, noun_terms) for t, spans in zip(texts, numbers)]
            uncounted |= np.array(other_units, dtype=bool) & ~unknown
        return unknown, uncounted, counts

    def candidates(self, query: str, passages: list[Passage]) -> list[Candidate]:
        """Every sentence of the passages, each judged by the reader, best first."""
        return self.judge(query, passages)[0]

    def judge(self, query: str, passages: list[Passage], avoid: Sequence[str] = (), after: Sequence[str] = (),
              question: str = "") -> tuple[list[Candidate], np.ndarray | None]:
        """The candidates, best first, and the question's features for the question model (QUESTION_FEATURES;
        None when no sentence was read); a sentence quoted in ``avoid`` comes after those that answer
        without it; one of the few right after a quote in ``after`` comes first (see _comes_next)."""
        kind = question_type(query)
        noun = counted_noun(query) if kind == NUMBER else None
        noun_list = tokenize([noun])[0] if noun else []
        stems = set(tokenize([query])[0])
        harm = HARM & stems if noun else set()
        if not set(noun_list) & (COMBATANTS | CIVILIANS | {"peopl", "person"}):
            harm -= LOSS
        noun_terms = set(noun_list) | harm
        also = self.unknown_rows(passages, noun_list)
        if kind == REASON:  # the reason may be given just after a passage ends (see _reason_follows)
            for rank, row in self.following_rows(passages[:3]).items():
                also.setdefault(rank, []).extend(row)
        next_rows = self.rows_after(passages, after)
        for rank, row in next_rows.items():
            also.setdefault(rank, []).extend(row)
        sentences = self.sentences(passages, also)
        if not sentences:
            return [], None
        # "Who says …?": any voice answers, the article's own too; the claim's words pick the sentence
        X = self.features(query, passages, sentences, None if kind == PERSON and _WHO_SAYS.match(query) else kind)
        probability = self.reader.probability(X)
        unknown = uncounted = counts = np.zeros(len(sentences), dtype=bool)
        if kind:
            # "the exact number of missiles" counts missiles named before it, not the Tomahawks a later paragraph names
            named = [w for w in (noun or "").split() if w[:1].isupper()]
            unknown, uncounted, counts = self._rules(X, [doc.text[s:e] for doc, _, (s, e), _, _ in sentences], noun_terms,
                                                     measure_units(query) if kind == NUMBER else set(),
                                                     [w for run in name_runs(query) for w in run], noun_list[-1:],
                                                     [all(doc.text.find(w, 0, e) >= 0 for w in named)
                                                      for doc, _, (_, e), _, _ in sentences])
            if kind == REASON:  # "officials have refrained from providing details" is no unknown aim or cause
                unknown = np.zeros(len(sentences), dtype=bool)
            probability = np.where(unknown, 1.0, probability)
        if kind == EXPANSION:  # "What does MEU stand for?": "the 26th Marine Expeditionary Unit" is sure to answer
            spelled = np.array([bool(spelled_out(doc.text[s:e], query)) for doc, _, (s, e), _, _ in sentences])
            probability = np.where(spelled, 1.0, probability)
        # The reader, trained on SQuAD (questions written against their sentence), is sure of itself where
        # a question shares the sentence's words; relevance, the plain mean of cosine and word share,
        # keeps a paraphrased question ("Which general admitted defeat?") from being dismissed.
        relevance = (0.5 * X[:, FEATURES.index("cos")] + 0.5 * X[:, FEATURES.index("cover")]
                     - 0.1 * X[:, FEATURES.index("rhetorical")])
        # each sentence's stemmed words, and its quote's (one leaning on the sentence before is quoted with it)
        sentence_words = words_told([doc.text[s:e] for doc, _, (s, e), _, _ in sentences])
        quote_words = words_told([doc.text[qs:qe] for doc, (qs, qe), *_ in sentences])
        w = self.params.relevance_weight
        # (a sentence giving no sum where a sum is asked counts another kind of thing, no answer at all: scaled twice)
        factor = self.params.uncounted_factor ** (2 if priced(noun_list[-1:]) else 1)
        evidence = (probability + w * relevance) / (1 + w) * np.where(uncounted, factor, 1.0)
        runs = name_runs(query)
        if runs:  # "What is the Patriot missile's range?" is not answered by an article that never names it
            nameless = {id(d): holds_no_name(runs, d.text) for d, *_ in sentences}
            evidence = evidence * np.array([self.params.nameless_factor if nameless[id(d)] else 1.0
                                            for d, *_ in sentences])
        if HARM & noun_terms:  # "How many American soldiers have died?" is not answered by soldiers stationed,
            # nor "How many Hamas fighters have been killed?" by "Israel has murdered about 10,000 civilians"
            asked, other = ((COMBATANTS, CIVILIANS) if noun_terms & COMBATANTS else
                            (CIVILIANS, COMBATANTS) if noun_terms & CIVILIANS else (set(), set()))
            harmless = np.array([not HARM & w or bool(other & w) and not asked & w for w in sentence_words])
            # (and the wounded are not the dead: "How many Palestinians have been wounded?" is not answered by
            # "Israel has murdered about 10,000 civilians", nor the reverse)
            hurt = HARM & noun_terms - ANY_HARM
            if hurt and (hurt <= INJURED or not hurt & INJURED):
                told = INJURED | ANY_HARM if hurt <= INJURED else HARM - INJURED
                harmless |= np.array([not told & w for w in sentence_words])
            evidence = evidence * np.where(harmless, self.params.harmless_factor, 1.0)
        if not _NEGATION.search(query):  # "Which missiles can reach Moscow?" is not answered by "cannot reach Moscow"
            negated = np.array([_negates(doc.text[qs:qe], stems) for doc, (qs, qe), _, _, _ in sentences])
            # (twice where it denies what is asked of as well, unless whether it is so is asked: "Can they reach
            # Moscow?" is answered by "These missiles cannot reach Moscow")
            negated = np.minimum(negated, 1) if YES_NO.match(query) else negated
            evidence = evidence * self.params.negated_factor ** negated
        else:  # ... nor "Who said Hamas cannot be eradicated?" by "the objective is to eradicate Hamas" (an
            # impossibility; "What did he not do?" is answered by what he did instead as often)
            denied = {t for m in _CANNOT.finditer(query) for t in tokenize([m.group(1)])[0]}
            affirmed = np.array([bool(denied & words) and not _DENIAL.search(doc.text[qs:qe])
                                 for (doc, (qs, qe), *_), words in zip(sentences, quote_words)])
            evidence = evidence * np.where(affirmed, self.params.negated_factor, 1.0)
        years = _YEAR.findall(query)
        if years:  # "Who won the Nobel Prize in 1905?" is not answered by an article that never writes 1905
            yearless = {id(d): not any(y in d.text for y in years) for d, *_ in sentences}
            evidence = evidence * np.array([self.params.yearless_factor if yearless[id(d)] else 1.0
                                            for d, *_ in sentences])
        # (the question's own days: not those a follow-up borrowed from the conversation)
        days = [(m["m"] or m["m2"], m["d"] or m["d2"]) for m in _DAY.finditer(question or query)]
        dated = np.array([_days_held(days, doc.text[qs:qe]) for doc, (qs, qe), *_ in sentences]) if days else None
        if dated is not None and dated.any():  # "What did Israel's army do overnight on October 27–28?": a sentence
            # of that day ("… on the night of October 27–28") before one of none
            evidence = evidence * np.where(dated, 1.0, self.params.other_day_factor)
        if kind in (NUMBER, DATE):  # a sentence without a number (a date) does not say how many (when), nor
            # does one whose numbers count something else when another sentence counts what is asked
            untyped = ((X[:, FEATURES.index("typed_miss")] == 1) | counts.any() & ~counts) & ~unknown
            done = _WHEN_DONE.match(query) if kind == DATE else None
            if done:  # ... nor "When was the Kursk offensive halted?" by the date it "began"
                deed = with_kin(set(tokenize([done.group("v")])[0]))
                untyped = untyped | np.array([not deed & with_kin(words) for words in quote_words]) & ~unknown
            # (what is yet to come has no date unless one is given: "When will the Marines be deployed?" is not
            # answered by "… nor does it guarantee that the identified troops will be deployed")
            future = kind == DATE and bool(_WHEN_FUTURE.match(query))
            # (nor is "When was the Nord Stream pipeline bombed?" by "… and the bombing of the Nord Stream II
            # pipeline", which tells no time at all; "recently accepted into NATO" tells one)
            timeless = untyped & np.array([kind == DATE and not _SOME_TIME.search(doc.text[qs:qe])
                                           for doc, (qs, qe), *_ in sentences])
            evidence = evidence * np.where(untyped, 0.0 if future else self.params.untyped_factor, 1.0)
            evidence = evidence * np.where(timeless, self.params.undated_factor, 1.0)
            if kind == DATE and untyped.all():  # "When did the war end?" and no sentence read gives a date
                evidence = evidence * self.params.undated_factor
        if kind == PERSON and (leads := _WHO_LEADS.match(query)):  # "Who leads Hezbollah?" is not answered by a
            # sentence naming Hezbollah and a person in no role over it ("… regular operations … by resistance
            # organizations in Lebanon, including Hezbollah …")
            led = set(tokenize([query[leads.end():]])[0])
            unled = np.array([not _role_over(doc.text[qs:qe], led) for doc, (qs, qe), *_ in sentences])
            evidence = evidence * np.where(unled, self.params.roleless_factor, 1.0)
        elif kind == PERSON and (role := _ROLE.match(query.strip())):
            # "Who is the defense minister of Ukraine?" is not answered by a sentence naming no minister, nor "Who
            # is Egypt's foreign minister?" by one naming Jordan's
            office = set(tokenize([role.group("r") or role.group("p")])[0]) & _ROLE_WORDS
            roleless = np.array([bool(office) and (not office & words or bool(runs)
                                                   and holds_no_name(runs, doc.text[qs:qe]))
                                 for (doc, (qs, qe), *_), words in zip(sentences, quote_words)])
            evidence = evidence * np.where(roleless, self.params.roleless_factor, 1.0)
        head = name_asked(query) if kind == NAME else None
        if head:  # "What is the name of the second aircraft carrier?" is not answered by "the deployment of a second
            # aircraft carrier to the eastern Mediterranean Sea", whose names are of other things
            unnamed = np.array([mentions_unnamed(doc.text[qs:qe], head) for doc, (qs, qe), *_ in sentences])
            evidence = evidence * np.where(unnamed, self.params.unnamed_factor, 1.0)
        own = _own_words(question, query)
        # "Will it see combat?" (the Marine unit): "combat", not the unit's name, picks the sentence; and "Who
        # is the Marine deployment meant to deter?" a sentence on deterring ("… as a message of deterrence to
        # Iran and Hezbollah"), not one on the deployment alone
        # (and "Is Iran already fighting in the war?" a sentence of Iran, not of the war alone)
        # (and "Where was the plan leaked?" after a question on Israel's plans: "leaked", the word the follow-up adds
        # to what it borrowed, before "plan", which it shares with it)
        new = _new_words(question, query, own)
        favoured = [(np.array([bool(words & with_kin(q)) for q in quote_words]), bar, factor)
                    for words, bar, factor in ((own, self.params.sentence_bar, self.params.borrowed_factor),
                                               (new, self.params.sentence_bar, self.params.borrowed_factor),
                                               (_aimed_at(query), self.params.sentence_bar / 2,
                                                self.params.aimless_factor))
                    if words]
        # (its own names, not the conversation's, nor one naming articles: "Do both Israel articles …?")
        asked_names = [run for run in name_runs(question) if run in runs
                       and not re.search(rf"\b{re.escape(run[-1])}\s+{ARTICLE_NOUNS}", question, re.I)]
        if YES_NO.match(question) and asked_names:
            favoured.append((np.array([not holds_no_name(asked_names, doc.text[qs:qe])
                                       for doc, (qs, qe), *_ in sentences]), self.params.sentence_bar / 2,
                             self.params.borrowed_factor))
        done = _DONE_BY.match(question or query) if kind == PERSON else None
        if done:  # "Which defense secretary ordered troops to get ready?": the one who "has ordered" them, not
            # "the order from Secretary of Defense Austin" (the deed told as a verb, by its doer)
            deed = re.compile(rf"\b{re.escape(done.group('verb'))}\b", re.I)
            favoured.append((np.array([bool(deed.search(doc.text[qs:qe])) for doc, (qs, qe), *_ in sentences]),
                             self.params.sentence_bar / 2, self.params.borrowed_factor))
        said = _WHO_SAYS.match(query) if kind == PERSON else None
        if said:  # "Who says Israel is hiding its ground operations?": a sentence reporting a source's words that
            # tells all of the claim, with the one before it ("According to the Financial Times, Israel is keeping
            # most of these military actions under wraps …", its ground operations told just before)
            rest = query[said.end():]  # (its names and numbers too: "Who thinks the war began in 2014?")
            claim = set(tokenize([" ".join(content_words(rest) + re.findall(r"\b\d+\b", rest))])[0]) - META_TERMS
            if claim:
                told = words_told([doc.text[self._sentence_before(row, qs):qe]
                                   for doc, (qs, qe), _, _, row in sentences])
                favoured.append((np.array([claim <= with_kin(words) and voice_in(doc.text, s, e).reported
                                           for (doc, _, (s, e), _, _), words in zip(sentences, told)]),
                                 self.params.sentence_bar / 2, self.params.borrowed_factor))
        deed = _DEED_OF.match(question or query)
        verb = set(tokenize([deed.group("verb")])[0]) - META_TERMS - _LIGHT_VERBS if deed else set()
        if verb:  # "What does the resistance want in exchange for the hostages?": the sentence telling what it
            # wants ("It wants to use it to negotiate …", the resistance before it) leads one on the hostages
            doer = set(tokenize([deed.group("subj")])[0])
            tells = np.array([bool(verb & with_kin(words)) and doer <= with_kin(words) for words in quote_words])
            evidence = _led_by_telling(evidence, tells, self.params.sentence_bar / 2)
        shown = _EVIDENCE_ASKED.match(question or query)
        if shown:  # "What evidence does the news report give of a stronger US presence?": a sentence offering
            # evidence of it ("… are evidence of this increased presence") leads one telling it again
            of = set(tokenize([" ".join(content_words(shown.group("x")))])[0])
            tells = np.array([bool(_EVIDENCE_TOLD.search(doc.text[qs:qe]) and of & words)
                              for (doc, (qs, qe), *_), words in zip(sentences, quote_words)])
            evidence = _led_by_telling(evidence, tells, self.params.sentence_bar / 2)
        for holds, bar, factor in favoured:
            if (holds & (evidence >= bar)).any():
                evidence = evidence * np.where(holds, 1.0, factor)
        if kind == REASON:
            evidence = _reason_follows(sentences, evidence, X[:, FEATURES.index("typed_hit")] == 1)
        # "When did the ground operation start?": "… started … on the night of October 27–28" answers
        # before "Ground operations … have started", which is closer to the words but gives no date
        typed = np.zeros(len(sentences), dtype=bool)
        top = float(evidence.max())
        if kind in (NUMBER, DATE):
            typed = ((X[:, FEATURES.index("typed_hit")] == 1) & (~counts.any() | counts)) | unknown
        elif kind == REASON and _PURPOSE.search(query):  # "What is the aim of …?": "The aim of these measures is …",
            # or a purpose told in a verb ("What was the goal of cutting off the north?": "By cutting off the northern
            # portion of Gaza, … Tel Aviv hoped to exhaust …"), of what the question names, not of anything
            # ("Washington persuaded Israel to tone back its goals …")
            of = _purpose_asked(question or query)
            typed = np.array([_purpose_of(doc.text[s:e], words, of)
                              for (doc, _, (s, e), _, _), words in zip(sentences, sentence_words)])
        elif kind == REASON:  # a sentence naming the reason for something the question names
            asked = set(tokenize([" ".join(content_words(query))])[0])
            typed = _telling(_REASON_NAMED, asked, sentences, sentence_words)
            named_for = np.array([_reason_named_for(doc.text[s:e], asked) for doc, _, (s, e), _, _ in sentences])
            if named_for.any():  # "The most likely reason for Biden to authorize the shipment of ATACMS …" leads
                # from a share of the best sentence giving a reason for what was asked, not of one giving none (the
                # deed "Why did he do it?" asks about, quoted again in its query)
                gives = typed | np.array([_best_span(doc, qs, qe, query, kind, noun_terms) is not None
                                          for doc, (qs, qe), _, _, _ in sentences])
                top = float(evidence[gives].max())
        elif kind == NAME:  # "What name does the article give the October 7 attack?": a sentence giving a name to
            # something it tells with the question's words ("Since October 7, when Israel awoke to a nightmare known as
            # the “Al-Aqsa Flood,” …")
            typed = np.array([_names_asked(doc.text[s:e], query) for doc, _, (s, e), _, _ in sentences], dtype=bool)
        elif own and _WILL.match(question):  # a sentence weighing whether the follow-up's own words will happen
            typed = _telling(_HEDGE, own, sentences, sentence_words)
        elif _EFFECT.search(question):  # a sentence where what the question names changes something
            asked = _effect_of(question)
            typed = np.array([_changes_asked(doc.text[s:e], asked, words)
                              for (doc, _, (s, e), _, _), words in zip(sentences, sentence_words)], dtype=bool)
        elif _CAN.match(question):  # a sentence saying whether the deed asked of (not the names) can be done
            deed = set(tokenize([" ".join(w for w in content_words(question) if w[:1].islower())])[0])
            typed = _telling(_ABLE, deed, sentences, sentence_words)
        leads = typed & (evidence >= self.params.typed_first * top)
        comes = None
        if next_rows:
            own_next = set(tokenize([" ".join(content_words(beside_next(question)))])[0]) - _LIGHT_VERBS
            # "Where did the army go next?" after "The Israeli army started …": "From there, it …" (the army, told
            # of before, goes on as "it"); not "What was Biden's reply?" after a quote naming him: his words answer
            # ("What does the resistance want in return?" after a quote naming the resistance: "It wants …", not
            # "The resistance refuses …": the words the quote did not hold pick the sentence)
            named = set(tokenize([" ".join(w for run in name_runs(question) for w in run)])[0])
            new = own_next - with_kin({t for words in tokenize(list(after)) for t in words})
            own_next = new or (own_next if own_next & named else set())
            those = things_pointed_back(question)  # "name one of those objectives": "… a few of these objectives"
            own_next = set(tokenize([those])[0]) if those else own_next
            told = _PURPOSE_TOLD if _PURPOSE.search(question) else _LEFT_OUT_TOLD if LEFT_OUT.search(question) else None
            evidence, comes = _comes_next(sentences, evidence, {r for rows in next_rows.values() for r in rows},
                                          own_next, told)
        # "What did Russia say about …": the sentences reporting Russia's words (the sentence's own speaker, or
        # its quote's: "Russia has stated … Knowing this, Biden told …") come first; where none does ("What
        # did Hezbollah say?"), no sentence says what was asked
        source = asked_source(query)
        reported = np.array([bool(source) and (reports(voice_in(doc.text, s, e), source)
                                               or reports(voice_in(doc.text, qs, qe), source))
                             for doc, (qs, qe), (s, e), _, _ in sentences])
        topic = topic_of_words(query)
        if topic:  # "What did Netanyahu say about the hostages?" is not answered by his words on another thing,
            # nor by another's words on the hostages; the paragraph may name it ("Tomahawk missiles … Russia
            # has stated that the delivery of these missiles …")
            wanted = with_kin(set(tokenize([topic])[0]))
            elsewhere = np.array([not wanted & set(tokenize([_paragraph(doc.text, s, e)])[0])
                                  for doc, _, (s, e), *_ in sentences])
            evidence = evidence * np.where(elsewhere, self.params.off_topic_factor, 1.0)
            reported &= ~elsewhere
        if source and not reported.any() and words_required(query):
            evidence = evidence * self.params.unsourced_factor
        row = question_features(X, probability, evidence, relevance, passages[0].dense, passages[0].score)
        posed = self._answer_posed(sentences, X, evidence, relevance, query, sentence_words)
        if posed is not None:  # "Why is this such a dangerous escalation?", as the article itself asks it
            return [posed], row
        out = []
        for i, ((doc, (qs, qe), (s, e), rank, _), ev, rel) in enumerate(zip(sentences, evidence, relevance)):
            # (a sentence saying a fact is not known opens with that clause only when a fact was asked for)
            span = _unknown_clause(doc, s, e) if kind and says_unknown(doc.text[s:e]) else None
            span = span or _best_span(doc, qs, qe, query, kind, noun_terms)
            out.append(Candidate(doc, qs, qe, float(ev), rank, span, float(rel), follows=i == comes))
        # "What else did Yair Golan say?": whatever else he is reported saying answers, however it reads
        anything = bool(avoid) and only_said(question, query)
        first = {id(c) for c, r in zip(out, reported)
                 if r and (anything or c.evidence >= self.params.sentence_bar / 2)}
        # (of his words, those holding more of the question's other words come first: "And what does Putin say the
        # US has become?" after a question on why Biden sent the ATACMS is answered by his words on the decision
        # and the conflict, not by those on Russia's nuclear doctrine)
        claim = _claim_words(query, source) if source else set()
        held = {id(c): len(claim & with_kin(words)) for c, words in zip(out, quote_words) if claim}
        # (a sentence quoted before is said, whether or not the sentence it leans on was quoted with it, and
        # so is one quoted with a sentence quoted before: "… goals for itself:" and what follows the colon)
        leading = {id(c) for c, lead in zip(out, leads) if lead}
        said = {id(c) for c, (doc, _, (s, e), _, _) in zip(out, sentences)
                if any(_quoted_in(doc.text[s:e], text) or _quoted_in(c.quote, text) for text in avoid)}
        if not any(c.evidence >= self.params.sentence_bar / 2 or id(c) in first for c in out if id(c) not in said):
            said = set()  # nothing new that answers: what was said stays the answer
        elif anything and first and first <= said:  # all the source is reported saying was quoted: that stays the
            # answer, not another's words ("What else did he announce?" of Putin), what the last answer quoted last
            said = {id(c) for c, (doc, _, (s, e), _, _) in zip(out, sentences)
                    if _quoted_in(doc.text[s:e], avoid[-1]) or _quoted_in(c.quote, avoid[-1])}
        # (his words holding more of the claim first; and when anything he said answers, in the article's order:
        # what he said next comes first)
        return sorted(out, key=lambda c: (id(c) in said, id(c) not in first, -held.get(id(c), 0) if id(c) in first else 0,
                                          (c.document.id, c.start) if anything and id(c) in first
                                          else ("", id(c) not in leading, -c.evidence))), row

    def _answer_posed(self, sentences, X: np.ndarray, evidence: np.ndarray, relevance: np.ndarray,
                      query: str, sentence_words: list[set[str]]) -> Candidate | None:
        """When the sentence nearest the question is a question the article asks itself ("Why is this such a
        dangerous escalation?", "The final word?"), the article's answer to it: the sentence after it (the
        next paragraph's first, when the question closes its own), and the one after that in its paragraph.
        It stands in for the question's sentence, and comes as what the article tells next. Else None, as
        when the question's words that the article's question lacks are all in another sentence read ("Why
        is the escalation reckless?": "… a very dangerous and reckless escalation …")."""
        cos = X[:, FEATURES.index("cos")]
        i = int(np.argmax(cos))
        if X[i, FEATURES.index("rhetorical")] != 1 or cos[i] < self.params.posed_cos:
            return None
        if X[i, FEATURES.index("typed_hit")] == 1 and question_type(query) in (NUMBER, DATE):
            return None  # the article's question itself tells the number asked ("… after two years of saying …")
        lacked = set(tokenize([" ".join(re.findall(r"\b[a-z][\w-]*", query))])[0])  # its words, not its names
        lacked = lacked - META_TERMS - with_kin(sentence_words[i])
        if lacked and any(lacked <= with_kin(words) for words in sentence_words):
            return None
        doc, _, (_, end), rank, _ = sentences[i]
        index = self.index
        spans = [index.sentences[r][1] for r in index.doc_sentence_rows(index.doc_row[doc.id])
                 if index.sentences[r][1].start >= end][:2]
        if not spans:
            return None
        stop = spans[1].end if len(spans) > 1 and "\n" not in doc.text[spans[0].end:spans[1].start] else spans[0].end
        return Candidate(doc, spans[0].start, stop, float(evidence.max()), rank, None, float(relevance[i]),
                         follows=True)

    def answer(self, question: str, query: str, passages: list[Passage],
               cancelled: Callable[[], bool] | None = None, avoid: Sequence[str] = (),
               after: Sequence[str] = ()) -> Answer:
        """Answer from passages, or abstain (fast: ``cancelled`` is not consulted): when the question names
        what no article mentions, when no sentence is likely enough to answer it, or when the question
        model judges that the articles do not answer it."""
        missing = unknown_names(query, self.knows_name) or unknown_role(query, self.writes)
        if missing:
            return abstain(question, query, passages, 0.0, missing)
        query = with_class_noun(query, [p.document for p in passages])
        ranked, row = self.judge(query, passages, avoid, after, question)
        evidence = max((c.evidence for c in ranked), default=0.0)
        answerable = self.reader.answerability(row) if row is not None else None
        if answerable is None:  # weights without a question model: the best sentence's evidence decides
            answerable = evidence
        # "What did Yair Golan write?" is answered by what he is reported saying, whatever it is about
        told = (bool(ranked) and only_said(question, query)
                and (ranked[0].evidence >= self.params.sentence_bar / 2 or bool(avoid))
                and reports(voice_in(ranked[0].document.text, ranked[0].start, ranked[0].end), asked_source(query)))
        told = told or bool(ranked) and ranked[0].follows  # "What happened next?": what the article tells next
        # "What does Golan say must follow?": his words holding every other word of the question answer, though
        # they go on without his name ("… Golan pointed out … Nonetheless, a political triumph must follow …”")
        told = told or bool(ranked) and ranked[0].evidence >= self.params.sentence_bar / 2 \
            and _says_asked(query, ranked[0])
        # "What does PIJ stand for?": a sentence spelling it out ("… Palestinian Islamic Jihad (PIJ)") answers,
        # however little else it shares with the question
        told = told or bool(ranked) and question_type(query) == EXPANSION and bool(spelled_out(ranked[0].quote, query))
        # "What is Mekovit?": the sentences naming it are what the articles say of it, however little else
        # they share with the question, and only they are
        subject = subject_asked(query)
        named = [c for c in ranked if subject and re.search(rf"\b{re.escape(subject)}\b", c.quote)]
        if named and named[0].evidence >= self.params.sentence_bar / 2:
            ranked, told = named, True
        # "Has his order changed anything?": the sentence where the order changes something tells what it did
        told = told or bool(ranked and _EFFECT.search(question) and ranked[0].evidence >= self.params.sentence_bar / 2
                            and _changes_asked(ranked[0].quote, _effect_of(question)))
        # "Whose tweet?", "Which crossing?" (what the article mentions of that kind): the best sentence naming the
        # thing answers, though so few words leave the question model unsure
        kind_of = _BARE_WHICH.match(query)
        told = told or bool(kind_of and ranked and ranked[0].evidence >= self.params.sentence_bar
                            and re.search(rf"\b{re.escape(kind_of['n'])}", ranked[0].quote, re.I))
        # "What is the purpose of the rapid response force?": the sentence telling a purpose of it tells it ("… will
        # join … as a message of deterrence to Iran and Hezbollah")
        told = told or bool(ranked and question_type(query) == REASON and _PURPOSE.search(query)
                            and ranked[0].evidence >= self.params.sentence_bar / 2
                            and _purpose_of(ranked[0].quote, set(tokenize([ranked[0].quote])[0]), _purpose_asked(query)))
        # "What name does the article give the October 7 attack?": the sentence giving it a name tells it
        told = told or bool(ranked and question_type(query) == NAME and ranked[0].evidence >= self.params.sentence_bar / 2
                            and _names_asked(ranked[0].quote, query))
        if not told and (evidence < self.params.evidence_floor or answerable < self.threshold):
            return abstain(question, query, passages, evidence, answerable=answerable)
        chosen = ranked[:1] if ranked[0].follows else select(ranked, self.params, name_runs(query))  # what came next, alone
        return replace(compose(question, query, chosen, evidence), answerable=answerable)


def priced(head: Sequence[str]) -> bool:
    """Whether the thing a question counts (its stemmed ``head``, or none) is a sum of money ("budget", "cost")."""
    return bool(head) and COUNT_SYNONYMS.get(head[0]) is MONEY


_BARE_WHICH = re.compile(r"^\s*(?:which|what|whose)\s+(?P<n>[\w’'-]+(?:\s+[\w’'-]+){0,2}?)s?\s*\?\s*$", re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can['’]t|couldn['’]t|won['’]t|didn['’]t|doesn['’]t|isn['’]t|"
                       r"aren['’]t|wasn['’]t|weren['’]t|nor|neither)\b", re.I)
_NEGATED_VERB = re.compile(r"\b(?P<neg>cannot|can['’]t|could not|couldn['’]t|will not|won['’]t|did not|didn['’]t|"
                           r"does not|doesn['’]t|do not|don['’]t|never|not)\s+(?:\w+\s+)?(?P<w>[\w-]+)", re.I)


_CANNOT = re.compile(r"\b(?:cannot|can['’]t|could not|couldn['’]t|will never|can never|never be)\s+(?:be\s+)?([\w-]+)",
                     re.I)
# a sentence that denies in any words: "impossible to eradicate", "failed to", "unable to"
_DENIAL = re.compile(_NEGATION.pattern + r"|\b(?:impossible|unable|fail(?:s|ed)?|unachievable|unlikely|"
                     r"no longer|refus(?:e|es|ed)|reject(?:s|ed)?)\b", re.I)


def _negates(sentence: str, stems: set[str]) -> int:
    """How far the sentence denies the question's words: 1 where it denies one of them ("These missiles cannot
    reach"), 2 where it denies what the question asks that of too ("… cannot reach Moscow"), else 0."""
    most = 0
    for m in _NEGATED_VERB.finditer(sentence):
        if stems & set(tokenize([m.group("w")])[0]):
            # the verb right after the denial one of the question's, and one of the few words it takes too (not
            # "not on February 24, 2022, …": no verb denied)
            verb, *what = sentence[m.end("neg"):].split()[:4]  # (past "cannot", "could not")
            denied = set(tokenize([verb])[0]) if verb.islower() else set()
            told = denied and denied <= stems and stems & set(tokenize([" ".join(what)])[0])
            most = max(most, 2 if told else 1)
    return most


def _quoted_in(sentence: str, text: str) -> bool:
    """Whether text quotes the sentence, or the long sentence's opening or closing words."""
    return sentence in text or len(sentence) > 120 and (sentence[:60] in text or sentence[-60:] in text)


def _paragraph(text: str, start: int, end: int) -> str:
    """The paragraph holding text[start:end], with the heading of its section when one stands right before
    it ("‘Israel lost the war’": a short line that ends with no full stop)."""
    begin = text.rfind("\n", 0, start) + 1
    paragraph = text[begin:(text.find("\n", end) + 1 or len(text) + 1) - 1]
    before = text[:begin].rstrip()
    heading = before[before.rfind("\n") + 1:]
    return f"{heading}\n{paragraph}" if 0 < len(heading) <= 80 and not heading.endswith(".") else paragraph


def only_said(question: str, query: str) -> bool:
    """Whether the question, as asked or made standalone, asks only what someone said ("What else did Yair
    Golan say?", though its query carries the conversation's words as well)."""
    return asks_only_what_was_said(question) or asks_only_what_was_said(query)


# "Who ordered …?", "Which US defense secretary ordered …?": a deed in the past tense, asked of its doer
_DONE_BY = re.compile(r"^\s*(?:and\s+|so\s+)?(?:who|which(?:\s+[\w'’-]+){1,4}?)\s+(?P<verb>[a-z]+ed)\b", re.I)
# "What evidence does the news report give of a stronger US presence?", "What proof does Aharoni offer that …?"
_EVIDENCE_ASKED = re.compile(r"^\s*(?:and\s+|so\s+)?what\s+(?:evidence|proof)\s+(?:does|did|do)\s+.+?\s+"
                             r"(?:give|cite|offer|provide|have|present)s?\s+(?:of|for|that)\s+(?P<x>.+)$", re.I)
# ... and a sentence offering it: "… are evidence of this increased presence", "…, which demonstrates that …"
_EVIDENCE_TOLD = re.compile(r"\b(?:evidence[sd]?|proof|proves?|proven|demonstrat\w*|shows?|showed|shown)\b", re.I)
# "What does the resistance want …?", "What does Russia consider …?": a deed asked of a doer written as one ("the
# resistance", a name; not "he", whom the conversation names, nor a bare word, which may be no doer: "What does
# increased oxygen … displace?")
_DEED_OF = re.compile(r"^\s*(?i:(?:and\s+|so\s+)?what\s+(?:does|do|did|will|would|could|can)\s+)"
                      r"(?P<subj>[Tt]he\s+(?:[A-Z][\w’'-]*\s+)*[\w’'-]+|(?:[A-Z][\w’'-]*\s+)*[A-Z][\w’'-]*)"
                      r"\s+(?P<verb>[a-z]+)\b")
# "meant to deter", "wants to deter": what is aimed at is the question's point, whatever the subject
_AIMED = re.compile(r"\b(?:meant|supposed|intended|designed|wants?|wanted|wish(?:es|ed)?|seeks?|sought|tr(?:y|ies|ied))"
                    r"\s+to\s+(?P<v>[a-z]+)\b", re.I)
_VAGUE_AIMS = set(tokenize(["achieve accomplish gain make happen have be"])[0])


def _purpose_asked(question: str) -> set[str]:
    """The stems of what a question asks the purpose of: its words but the purpose's ("the rapid response force")."""
    return set(tokenize([_PURPOSE.sub(" ", " ".join(content_words(question)))])[0])


def _purpose_of(sentence: str, words: set[str], of: set[str]) -> bool:
    """Whether the sentence (its stemmed ``words``) tells a purpose of what the question names (``of``), or
    one of what it points back to ("The aim of these measures is …")."""
    if not _PURPOSE_TOLD.search(sentence):
        return False
    return not of or bool(of & with_kin(words)) or bool(_PURPOSE.search(sentence) and _POINTS_BACK.search(sentence))


def _says_asked(query: str, c: Candidate) -> bool:
    """Whether the candidate reports the source the question asks about saying what the question's other
    words ask for (each of them, or a kin of it, is in the quote)."""
    source = asked_source(query)
    if not source or not reports(voice_in(c.document.text, c.start, c.end), source):
        return False
    asked = _claim_words(query, source)
    return bool(asked) and asked <= with_kin(set(tokenize([c.quote])[0]))


def _claim_words(query: str, source: set[str]) -> set[str]:
    """The stems of a question's words on what a source said ("What does Putin say the US has become?": "us",
    "becom"), its name and the verb of saying left out."""
    return set(tokenize([" ".join(w for w in content_words(SPEAKING.sub(" ", query)) if w not in source)])[0])


def _aimed_at(query: str) -> set[str]:
    """The stem of the verb a question says something is meant to do ("deter"), unless it says nothing of
    what ("achieve", "do")."""
    m = _AIMED.search(query)
    return set(tokenize([m.group("v")])[0]) - _LIGHT_VERBS - _VAGUE_AIMS if m else set()


def _telling(pattern: re.Pattern, asked: set[str], sentences, sentence_words: list[set[str]]) -> np.ndarray:
    """Which sentences say what ``pattern`` finds ("the reason for", "unlikely", "impossible") of one of the
    ``asked`` words (stems) or their kin."""
    return np.array([bool(asked and pattern.search(doc.text[s:e]) and asked & with_kin(words))
                     for (doc, _, (s, e), _, _), words in zip(sentences, sentence_words)], dtype=bool)


_NAME_WORDS = set(tokenize(["name names named call called give given article"])[0])


def _names_asked(text: str, query: str) -> bool:
    """Whether the text gives a name ("known as the “Al-Aqsa Flood,”") to what it tells with half the words the
    question asks the name of or more, shortly before the name in its sentence ("Since October 7, when Israel
    awoke to a nightmare known as …" for "What name does the article give the October 7 attack?")."""
    asked = set(tokenize([" ".join(content_words(query))])[0]) - _NAME_WORDS
    for m in _NAMING.finditer(text):
        before = re.split(r"[.!?]\s", text[max(0, m.start() - 80):m.start()])[-1]
        held = set(tokenize([before])[0])
        if asked and 2 * sum(bool(with_kin({t}) & held) for t in asked) >= len(asked):
            return True
    return False


def _reason_named_for(text: str, asked: set[str], reach: int = 8) -> bool:
    """Whether the text names the reason for the deed asked about: the ``reach`` words after "the reason for"
    hold three of the ``asked`` stems, or all of them when fewer ("reason for Biden to authorize the shipment of
    ATACMS" for Biden sending ATACMS; not for why the ATACMS cannot hit Moscow)."""
    m = _REASON_NAMED.search(text)
    held = set(tokenize([" ".join(text[m.end():].split()[:reach])])[0]) & with_kin(asked) if m else set()
    return bool(asked) and len(held) >= min(3, len(asked))


def _effect_of(question: str) -> set[str]:
    """The stems of what an effect question asks the effect of: its words but those asking for an effect
    ("Has his order changed anything?": "order")."""
    words = " ".join(w for w in content_words(_EFFECT.sub(" ", question)) if not _CHANGES.fullmatch(w))
    return set(tokenize([words])[0]) - META_TERMS - _LIGHT_VERBS


def _changes_asked(text: str, asked: set[str], words: set[str] | None = None) -> bool:
    """Whether the text (its stems ``words``) tells a change and holds half the ``asked`` stems or more (not
    "… began to reform the curriculum …" for "What was an additional projected effect of the attempted reform?")."""
    words = set(tokenize([text])[0]) if words is None else words
    return bool(asked and _CHANGES.search(text)) and 2 * len(asked & with_kin(words)) >= len(asked)


def _role_over(sentence: str, led: set[str]) -> bool:
    """Whether the sentence names a role over what is led: a verb of leading anywhere ("… which is led by …"),
    or an office within four words of one of its words ("Hamas leader", "the leader of Hamas"), or anywhere where
    the question names nothing. (An office far from what is asked is over something else: "former army chief of
    staff … Ehud Barak, it is impossible to eradicate Hamas"; and so is a word that is mostly no verb: "no plans to
    engage in direct military action in the war between Israel and Hamas".)"""
    words = tokenize([sentence])[0]
    if _LEADING_WORDS & set(words):
        return True
    offices = [i for i, w in enumerate(words) if w in _OFFICE_WORDS]
    return any(abs(i - j) <= 4 for i in offices for j, w in enumerate(words) if w in led) if led else bool(offices)


def _own_words(question: str, query: str) -> set[str]:
    """The stems of a follow-up's own words, when the query it was made into borrowed others from the
    conversation ("Will it see combat? 26th Marine Expeditionary Unit": "see", "combat"); else none."""
    # (not the noun that points back with "that": "that area" is Wadi Gaza, which the sentence names instead)
    own = set(tokenize([" ".join(content_words(without_pointed_back(question)))])[0])
    borrowed = set(tokenize([" ".join(content_words(query))])[0]) - set(tokenize([question])[0])
    return own if borrowed else set()


def _new_words(question: str, query: str, own: set[str]) -> set[str]:
    """Of a follow-up's own words (``_own_words``), those the words it borrowed from the conversation do not
    hold too ("Where was the plan leaked? Israel's plans Gaza's inhabitants": "leak"); none when that is all
    of them."""
    words = tokenize([" ".join(content_words(query)), " ".join(content_words(question))])
    lent = Counter(words[0]) - Counter(words[1])
    new = own - with_kin(set(lent))
    return new if new != own else set()


def _led_by_telling(evidence: np.ndarray, tells: np.ndarray, bar: float) -> np.ndarray:
    """The evidence with the best sentence that ``tells`` in the best one's place, when the best one does not
    tell and that one reaches ``bar``."""
    i = int(np.argmax(np.where(tells, evidence, -1.0)))
    if tells[i] and not tells[int(np.argmax(evidence))] and evidence[i] >= bar:
        return _led_by(evidence, i)
    return evidence


def _led_by(evidence: np.ndarray, i: int) -> np.ndarray:
    """The evidence with sentence ``i`` in the best one's place and the best one just under it."""
    b = int(np.argmax(evidence))
    evidence = evidence.copy()
    if b != i:
        evidence[i], evidence[b] = evidence[b], 0.9 * evidence[b]
    return evidence


def _reason_follows(sentences, evidence: np.ndarray, gives_reason: np.ndarray) -> np.ndarray:
    """"Why did Austin order troops to prepare?": when the sentence judged best says what was done but
    gives no reason, a sentence right after it in its paragraph that leans back on it, or points back to it
    ("these military actions"), and gives a purpose or cause ("The aim of these measures is to prevent …",
    "This is because …", "… under wraps to keep Iran and Hezbollah out …") answers, ahead of it; so
    does the sentence right before it that it points back to ("… a strategy to strengthen its presence
    …" before "… fighter jets are evidence of this increased presence")."""
    b = int(np.argmax(evidence))
    if gives_reason[b]:
        return evidence
    doc_b, _, (start_b, end_b), _, row_b = sentences[b]
    points_back = bool(_POINTS_BACK.search(doc_b.text[start_b:end_b]))
    for i, (doc, (qs, _), (s, e), _, row) in enumerate(sentences):
        if doc is doc_b and gives_reason[i] and (
                0 < row - row_b <= 2 and (qs < s or _POINTS_BACK.search(doc.text[s:e]))
                and "\n" not in doc.text[end_b:s]
                or row == row_b - 1 and points_back and "\n" not in doc.text[e:start_b]):
            return _led_by(evidence, i)
    return evidence


_POINTS_BACK = re.compile(r"\b(?:this|these|such)\s+(?!is\b|was\b|are\b|were\b)[a-z]", re.I)


# verbs that say nothing of what happened ("Where did it go from there?": "From there, it moved into …")
_LIGHT_VERBS = set(tokenize(["go goes went gone come comes came get gets got do does did done"])[0])


def _comes_next(sentences, evidence: np.ndarray, next_rows: set[int], own: set[str], told: re.Pattern | None = None
                ) -> tuple[np.ndarray, int | None]:
    """"Where did they move after that?", "How did Biden respond?": of the sentences right after what the
    last answer quoted, the first that holds a word of the question's own (``own``, stemmed: "move",
    "biden"; or their kin), or tells what the question asks for in the way ``told`` finds it (a purpose:
    "What are some of those goals?": "… are just a few of these objectives"; what a tally leaves out:
    "… without even taking into account …"), or the very next when it has none ("What happened next?"),
    answers, ahead of the best. Returns the evidence and that sentence's index (None when none is one)."""
    following = sorted((row, i) for i, (*_, row) in enumerate(sentences) if row in next_rows)
    for row, i in following:
        doc, _, (s, e), _, _ = sentences[i]
        text = doc.text[s:e]
        if not own or own & with_kin(set(tokenize([text])[0])) or told and told.search(text):
            return _led_by(evidence, i), i
    return evidence, None


def select(ranked: list[Candidate], params: AnswerParams, names: Sequence[Sequence[str]] = ()) -> list[Candidate]:
    """The sentences to quote: the best of each article that speaks to the question (side by side),
    then further sentences nearly as good as the best one. Another article is set beside the best one's
    only if it writes each of the question's ``names`` (name runs) that the best one writes: "How many
    missiles does the US have left to give Ukraine?" is not answered by an article that never names Ukraine."""
    if not ranked:
        return []
    best = max(c.evidence for c in ranked)
    chosen: list[Candidate] = [ranked[0]]
    per_doc: dict[str, int] = {ranked[0].document.id: 1}
    article_bar = max(params.other_article_min, params.other_article_ratio * max(c.relevance for c in ranked))
    wanted = [run for run in names if not holds_no_name([run], ranked[0].document.text)]
    for c in ranked:  # pass 1: the best sentence of each other article that speaks to the question
        if len(per_doc) >= params.max_articles:
            break
        if (c.document.id not in per_doc and c.relevance >= article_bar and c.evidence >= params.sentence_bar / 2
                and not any(holds_no_name([run], c.document.text) for run in wanted)):
            chosen.append(c)
            per_doc[c.document.id] = 1
    for c in ranked:  # pass 2: more from the same articles
        if len(chosen) >= params.max_citations or c.evidence < params.keep_ratio * best:
            break
        if c not in chosen and 0 < per_doc.get(c.document.id, 0) < params.max_per_article:
            chosen.append(c)
            per_doc[c.document.id] += 1
    return chosen


def citation(n: int, doc: Document, start: int, end: int, score: float, voice: Voice | None = None,
             span: AnswerSpan | None = None) -> Citation:
    answer = span and start <= span.start < span.end <= end
    return Citation(n, doc.id, doc.source, doc.title, doc.author, doc.date, doc.kind, doc.text[start:end],
                    start, end, round(score, 4), voice.source if voice else None,
                    doc.text[span.start:span.end] if answer else None,
                    span.start if answer else None, span.end if answer else None)


def _says(doc: Document, voice: Voice) -> str:
    """'the opinion piece … says' or 'the opinion piece …, citing X, reports' (not capitalised)."""
    return f"{describe(doc)}, citing {voice.source}, reports" if voice.reported else f"{describe(doc)} says"


def _adjacent(a: Candidate, b: Candidate) -> bool:
    """Whether two quotes of one article follow each other in one paragraph, in one voice, or have one
    sentence of that voice between them: one excerpt (with that sentence) reads better than two, and keeps
    what each sentence refers to."""
    lo, hi = (a, b) if a.start < b.start else (b, a)
    gap = a.document.text[lo.end:hi.start]
    text = a.document.text
    between = sentence_spans(text, lo.end, hi.start) if gap.strip() else []
    return lo.end <= hi.start and len(between) <= 1 and "\n" not in gap and len({
        voice_in(text, s, e) for s, e in [(a.start, a.end), (b.start, b.end), *[(x.start, x.end) for x in between]]}) == 1


def _voice_runs(text: str, start: int, end: int) -> list[tuple[int, int, Voice]]:
    """text[start:end] cut where its voice changes, each part with its voice ("Russia has stated that … |
    Knowing this, Biden told Zelensky this was a non-starter."); one part when it speaks in one voice."""
    runs: list[tuple[int, int, Voice]] = []
    for s in sentence_spans(text, start, end):
        voice = voice_in(text, s.start, s.end)
        if runs and runs[-1][2] == voice:
            runs[-1] = (runs[-1][0], s.end, voice)
        else:
            runs.append((s.start, s.end, voice))
    if len(runs) < 2:
        return [(start, end, voice_in(text, start, end))]
    return [(start, *runs[0][1:]), *runs[1:-1], (runs[-1][0], end, runs[-1][2])]


def _framed(doc: Document, c: Citation, voice: Voice, runs: list[tuple[int, int, Voice]], first: bool,
            named: bool) -> str:
    """A quote and the words naming who says it; a quote in two voices, each part framed by its own, under
    one number: "It, citing Russia, reports: “Russia has stated …” [1] It, citing Biden, reports: “Knowing this,
    Biden told Zelensky …” [1]"."""
    if len(runs) < 2:
        return f"{introduce(doc, voice, first=first, named=named)}: “{c.quote}” [{c.n}]"
    return " ".join(f"{introduce(doc, v, first=first and j == 0, named=named)}: “{doc.text[a:b]}” [{c.n}]"
                    for j, (a, b, v) in enumerate(runs))


def compose(question: str, query: str, chosen: list[Candidate], evidence: float) -> Answer:
    """The direct answer first, where the question asks for a fact and the best sentence holds it; then
    each article's quotes in a paragraph of its own, in order of each article's best evidence."""
    by_doc: dict[str, list[Candidate]] = {}
    for c in chosen:
        by_doc.setdefault(c.document.id, []).append(c)
    citations: list[Citation] = []
    # each article's quotes, its best first, each cut where its voice changes
    quoted: dict[str, list[tuple[Citation, Voice, list[tuple[int, int, Voice]]]]] = {}
    for doc_id, group in by_doc.items():
        merged: list[Candidate] = []
        for c in group:  # overlapping or adjacent quotes from one article become one, at the better one's place
            # (and so do two it joins: a quote reaching back over another's sentence)
            twins = [m for m in merged if c.start < m.end and m.start < c.end or _adjacent(m, c)]
            if not twins:
                merged.append(c)
                continue
            whole = replace(twins[0], start=min(m.start for m in [c, *twins]), end=max(m.end for m in [c, *twins]))
            merged = [whole if m is twins[0] else m for m in merged if not any(m is t for t in twins[1:])]
        for c in merged:
            runs = _voice_runs(c.document.text, c.start, c.end)
            # (the voice of the words that answer, where a quote holds two: "…, citing Biden, reports: “a non-starter”")
            voice = runs[0][2] if len(runs) == 1 else next((v for a, b, v in runs if c.span and a <= c.span.start < b),
                                                           None) or voice_in(c.document.text, c.start, c.end)
            cited = citation(len(citations) + 1, c.document, c.start, c.end, c.evidence, voice, c.span)
            citations.append(replace(cited, voices=tuple(v.source for _, _, v in runs)) if len(runs) > 1 else cited)
            quoted.setdefault(doc_id, []).append((citations[-1], voice, runs))
    docs = {c.document.id: c.document for c in chosen}
    opening, named = _opening({d: q[0][0] for d, q in quoted.items()}, docs)
    paragraphs = [" ".join(_framed(docs[d], c, voice, runs, first=i == 0, named=d in named)
                           for i, (c, voice, runs) in enumerate(q)) for d, q in quoted.items()]
    parts = ([opening] if opening else []) + paragraphs
    return Answer(question, query, "\n\n".join(parts), False, citations, [], parts, evidence)


def _opening(lead: dict[str, Citation], docs: dict[str, Document]) -> tuple[str | None, set[str]]:
    """One framed sentence with the answering words, and the articles it names: the best article's
    words, or each article's side by side when more than one holds them. Every word is the frame or a
    verbatim span of a quote."""
    with_answer = [(docs[d], c) for d, c in lead.items() if c.answer]
    if not with_answer or list(lead)[0] != with_answer[0][0].id:
        return None, set()  # the best article holds no answering words: no direct answer to give
    named = {doc.id for doc, _ in with_answer}
    if len(with_answer) == 1:
        doc, c = with_answer[0]
        return f"{capital(_says(doc, Voice(c.reported_source)))}: “{c.answer}” [{c.n}].", named
    sides = [f"{_says(doc, Voice(c.reported_source))} “{c.answer}” [{c.n}]" for doc, c in with_answer]
    return "Side by side, " + "; ".join(sides) + ".", named


def abstain(question: str, query: str, passages: list[Passage], evidence: float,
            missing: list[str] | None = None, answerable: float = 0.0) -> Answer:
    reason = f": {NONE_MENTIONS} {' or '.join(missing)}" if missing else ""
    text = (f"The indexed articles do not answer this question{reason}. "
            "The closest passages are listed below; none of them is an answer.")
    ordered = sorted(passages, key=lambda p: -p.score)
    closest = [citation(i, p.document, p.chunk.start, p.chunk.end, p.score) for i, p in enumerate(ordered, 1)]
    return Answer(question, query, text, True, [], closest, [text], evidence, answerable=answerable)
