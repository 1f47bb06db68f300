"""Checking a language model's sentence against the excerpt it cites (pure).

A generated sentence is kept only when every check passes:

- cited:       it cites at least one excerpt, and only excerpts that exist;
- words:       most of its content words (stemmed) are in the cited excerpts;
- numbers:     every number in it is in the excerpts or their articles' metadata (a date);
- names:       every capitalised name in it is there too;
- negation:    it negates nothing the excerpts do not ("not", "never", "no", "n't", ...);
- attribution: it says no one said it but whom the excerpt names, does not call an opinion piece a
               report, and does not vouch for a claim in its own voice ("it is a fact that", "clearly")
               where the excerpt does not: the program writes who says what, the model must not
               contradict it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .attribution import KIND_NOUN
from .documents import Document
from .lexical import tokenize

MIN_WORD_SHARE = 0.75  # of a sentence's content words that its excerpts must hold

_MARKER = re.compile(r"\s*\[(\d+)\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands",
                 "million", "millions", "billion", "billions", "dozen", "dozens", "half", "twice", "double"}
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n[’']t\b", re.I)
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
# Capitalised words that are not names when they open a sentence or follow a colon.
_COMMON = {"the", "a", "an", "this", "these", "that", "those", "it", "its", "they", "their", "there", "he", "she",
           "his", "her", "in", "on", "at", "as", "by", "for", "from", "to", "of", "with", "and", "but", "or", "so",
           "yet", "according", "however", "also", "both", "some", "many", "most", "all", "after", "before",
           "while", "when", "since", "if", "we", "our", "i", "you", "one", "each", "such", "then", "thus"}
_OWN_ATTRIBUTION = re.compile(
    r"\b(?:according to|citing)\s+(?P<src>[^,;:.]{2,80})|"
    r"\bthe\s+(?P<kind>news report|report|opinion piece|op-ed|editorial|analysis|article|author|writer)\s+"
    r"(?:says|said|states|stated|reports|reported|argues|argued|claims|claimed|writes|wrote)\b", re.I)
# The model asserting, in its own voice, that a claim is true ("It is a fact that ...").
_CERTAINTY = re.compile(r"\b(?:it is|it's|it’s) (?:a fact|true|clear|certain|undeniable|proven|obvious|known) that\b|"
                        r"\b(?:in fact|indeed|undeniably|undoubtedly|clearly|certainly|obviously|of course|"
                        r"in reality|the truth is)\b", re.I)
_KIND_WORDS = {"news": {"news report", "report", "article"}, "opinion": {"opinion piece", "op-ed", "editorial",
                                                                         "article", "author", "writer"},
               "analysis": {"analysis", "article", "author", "writer"}, "article": {"article", "author", "writer"}}


@dataclass(frozen=True)
class Excerpt:
    """What a generated sentence may draw on: one cited quote and the article it comes from."""

    n: int
    quote: str
    document: Document
    reported_source: str | None = None  # whom the quote reports ("the Financial Times"), if anyone

    @property
    def metadata(self) -> str:
        d = self.document
        return " ".join(x for x in (d.title, d.author, d.outlet, d.date, KIND_NOUN.get(d.kind, d.kind)) if x)


@dataclass(frozen=True)
class Verdict:
    sentence: str  # the model's sentence without its [n] markers
    cited: tuple[int, ...]
    checks: dict[str, bool] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # what failed, in words, for the JSON output and the logs

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(self.checks.values())


def split_cited(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """A generated answer as sentences, each with the excerpt numbers it cites ("... [1][2].")."""
    from .chunking import sentence_spans

    text = " ".join(text.split())
    out = []
    for span in sentence_spans(text, 0, len(text)):
        raw = text[span.start:span.end]
        cited = tuple(int(n) for n in _MARKER.findall(raw))
        sentence = _MARKER.sub("", raw).strip()
        if re.search(r"\w", sentence):
            out.append((sentence, cited))
    return out


def _numbers(text: str) -> set[str]:
    found = {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}
    return found | {w for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}


def _names(sentence: str) -> set[str]:
    names = set()
    for m in _WORD.finditer(sentence):
        word = m.group().rstrip("’'").removesuffix("’s").removesuffix("'s")
        if not word[:1].isupper():
            continue
        opening = not sentence[:m.start()].strip() or sentence[:m.start()].rstrip()[-1:] in ":;“\""
        if opening and word.lower() in _COMMON:
            continue
        names.add(word)
    return names


_ADVERBS = set(tokenize(["yet even ever also just only still always really necessarily entirely fully"])[0])


def _negations(text: str) -> Counter:
    return Counter("not" if m.group().lower().endswith(("n't", "n’t")) else m.group().lower()
                   for m in _NEGATION.finditer(text))


def _negated(text: str) -> list[tuple[str, ...]]:
    """What each negation in text governs: the first two content words (stemmed) after it ("cannot
    reach Moscow" -> reach, moscow)."""
    out = []
    for m in _NEGATION.finditer(text):
        words = [w for w in tokenize([" ".join(text[m.end():].split()[:5])])[0] if w not in _ADVERBS]
        out.append(tuple(words[:2]))
    return out


def verify(sentence: str, cited: tuple[int, ...], excerpts: dict[int, Excerpt]) -> Verdict:
    """Judge one generated sentence against the excerpts it cites."""
    problems: list[str] = []
    unknown = [n for n in cited if n not in excerpts]
    sources = [excerpts[n] for n in cited if n in excerpts]
    checks = {"cited": bool(cited) and not unknown}
    if not cited:
        problems.append("cites no excerpt")
    if unknown:
        problems.append(f"cites [{', '.join(map(str, unknown))}], which does not exist")
    quote = " ".join(e.quote for e in sources)
    known = f"{quote} {' '.join(e.metadata for e in sources)}"

    words = tokenize([sentence])[0]
    held = set(tokenize([quote])[0])
    share = sum(w in held for w in words) / len(words) if words else 0.0
    checks["words"] = bool(sources) and share >= MIN_WORD_SHARE
    if sources and not checks["words"]:
        problems.append(f"only {share:.0%} of its words are in the excerpt")

    missing_numbers = sorted(_numbers(sentence) - _numbers(known))
    checks["numbers"] = bool(sources) and not missing_numbers
    if missing_numbers:
        problems.append("numbers not in the excerpt: " + ", ".join(missing_numbers))

    known_words = {w.lower() for w in _WORD.findall(known)} | {w.lower().removesuffix("’s").removesuffix("'s")
                                                               for w in _WORD.findall(known)}
    missing_names = sorted(n for n in _names(sentence) if n.lower() not in known_words)
    checks["names"] = bool(sources) and not missing_names
    if missing_names:
        problems.append("names not in the excerpt: " + ", ".join(missing_names))

    negations, excerpt_negations = _negations(sentence), _negations(quote)
    added = +(negations - excerpt_negations)
    # a negated phrase of the excerpt ("not yet been confirmed") whose words the sentence holds unnegated
    own = set(_negated(sentence))
    dropped = sorted({" ".join(g) for g in _negated(quote) if g and set(g) <= set(words) and g not in own})
    checks["negation"] = bool(sources) and not added and not dropped
    if added:
        problems.append("negates what the excerpt does not: " + ", ".join(sorted(added)))
    if dropped:
        problems.append("drops the excerpt's negation of: " + ", ".join(dropped))

    checks["attribution"] = bool(sources) and _attribution_ok(sentence, sources, problems)
    return Verdict(sentence, tuple(cited), checks, tuple(problems))


def _attribution_ok(sentence: str, sources: list[Excerpt], problems: list[str]) -> bool:
    ok = True
    if len({e.document.id for e in sources}) > 1:  # the program could not say who says it
        problems.append("cites more than one article in one sentence")
        ok = False
    quote = " ".join(e.quote for e in sources).lower()
    for m in _CERTAINTY.finditer(sentence):
        if m.group().lower() not in quote:
            problems.append(f"states it as fact (“{m.group()}”), which the excerpt does not")
            ok = False
    for m in _OWN_ATTRIBUTION.finditer(sentence):
        if m.group("src"):
            source = m.group("src").strip().lower()
            named = " ".join(f"{e.reported_source or ''} {e.quote} {e.metadata}" for e in sources).lower()
            if not all(w in named for w in re.findall(r"[a-z]{3,}", source)):
                problems.append(f"attributes it to {m.group('src').strip()}, whom the excerpt does not name")
                ok = False
        else:
            said_by = m.group("kind").lower()
            if not any(said_by in _KIND_WORDS.get(e.document.kind, {"article"}) for e in sources):
                problems.append(f"calls the {KIND_NOUN.get(sources[0].document.kind, 'article')} “the {said_by}”")
                ok = False
    return ok
