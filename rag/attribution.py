"""Who says what (pure): an article's own voice versus the sources it reports, and how to name each.

The bot never states a claim itself. A quoted sentence is introduced either as the article's own
assertion ("The opinion piece by Yossi Aharoni (2024-11-29) argues: ...") or, when the sentence
reports someone else ("According to the Financial Times, ..."), as the article citing that source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .documents import Document
from .lexical import DEMONYM_ENDINGS
from .reading import sentence_case

KIND_NOUN = {"opinion": "opinion piece", "news": "news report", "analysis": "analysis", "article": "article"}
_KIND_VERB = {"opinion": "argues", "news": "reports", "analysis": "argues", "article": "states"}

SPEECH_VERBS = (
    "said", "says", "stated", "states", "told", "tells", "declared", "declares", "claimed", "claims",
    "pointed out", "points out", "reported", "reports", "warned", "warns", "noted", "notes", "announced",
    "insisted", "insists", "wrote", "writes", "tweeted", "commented", "argued", "argues", "asserted",
    "asserts", "added", "confirmed", "denied", "acknowledged", "admitted", "explained", "suggested",
    "estimated", "predicted", "revealed", "concluded", "have concluded", "has concluded",
)
_VERB = "|".join(sorted((re.escape(v) for v in SPEECH_VERBS), key=len, reverse=True))
_ACCORDING = re.compile(r"\bAccording to\s+(?P<src>[^,;:.]{2,120}?)\s*,", re.I)
_AS_SAID = re.compile(rf"\bas\s+(?P<src>[^,;:]{{2,140}}?)\s+(?:has\s+|have\s+|had\s+)?(?:{_VERB})\b")
_SAID = re.compile(rf"(?P<pre>[^;:]*?)\s+(?:has\s+|have\s+|had\s+)?(?:also\s+)?(?:{_VERB})\b")

# words that end a reporting subject when read leftwards: clause boundaries
_CLAUSE_BREAK = re.compile(r"(?:[,;:—–(]|\b(?:when|that|because|while|after|since|which|who|where|if|but|and then)\b)",
                           re.I)
_LEADING = re.compile(r"^(?:but|and|so|yet|however|meanwhile|moreover|also|then|now|still|even)\s*,?\s+", re.I)
_TRAILING = re.compile(r"\s+(?:has|have|had|also|repeatedly|previously|recently|reportedly|publicly|"
                       r"officially|already|once|again|shortly)$", re.I)
_NOT_A_SOURCE = {"it", "this", "that", "which", "who", "there", "what", "such", "the", "a", "an", "its",
                 "first", "stated", "is", "was", "are", "were", "be"}
_PRONOUNS = {"he", "she", "they", "we", "i", "you"}


@dataclass(frozen=True)
class Voice:
    """Whose words a sentence carries: the article's own (source None), or a reported source's."""

    source: str | None = None

    @property
    def reported(self) -> bool:
        return self.source is not None


def _clean_subject(text: str) -> str | None:
    parts = _CLAUSE_BREAK.split(text)
    subject = parts[-1].strip()
    # "Officials, including A and B, declared" - the appositive belongs to the subject before it
    if re.match(r"^including\b", subject, re.I) and len(parts) > 1:
        subject = f"{parts[-2].strip()}, {subject}"
    if not subject and len(parts) > 1:
        tail = [p.strip() for p in parts if p.strip()]
        if len(tail) >= 2 and tail[-1].lower().startswith("including"):
            subject = f"{tail[-2]}, {tail[-1]}"
        elif tail:
            subject = tail[-1]
    previous = None
    while previous != subject:
        previous = subject
        subject = _TRAILING.sub("", _LEADING.sub("", subject)).strip(" ,")
    words = subject.split()
    if not words or len(words) > 18 or words[-1].lower() in _NOT_A_SOURCE or words[0].lower() in _NOT_A_SOURCE:
        return None
    if subject.lower() in _PRONOUNS:
        return None
    return subject


def voice_of(sentence: str) -> Voice:
    """Recognise reported speech: 'According to X, ...', 'as X pointed out', 'X stated that ...'."""
    m = _ACCORDING.search(sentence)
    if m:
        return Voice(m.group("src").strip())
    m = _AS_SAID.search(sentence)
    if m:
        subject = _clean_subject(m.group("src"))
        if subject:
            return Voice(subject)
    for m in _SAID.finditer(sentence):
        subject = _clean_subject(m.group("pre"))
        if subject:
            return Voice(subject)
    return Voice()


def _lower_opening(voice: Voice, text: str, start: int, end: int) -> Voice:
    """The voice, its first word in lower case where only the sentence's opening capitalised it
    ("prominent Israeli officials", cited mid-sentence; "Russia" stays)."""
    if not voice.reported:
        return voice
    at = text.find(voice.source, start, end)
    first = re.match(r"[\w’'-]+", voice.source)
    if at < 0 or not first or not sentence_case(text, at, at + first.end()):
        return voice
    return Voice(voice.source[:1].lower() + voice.source[1:])


def voice_in(text: str, start: int, end: int) -> Voice:
    """The voice of text[start:end] in its document: its own (voice_of), or, for a sentence inside a
    quotation that closes after it in its paragraph ("… Yair Golan pointed out in a tweet. Nothing can
    reverse the defeat … in the end.”"), the voice of the nearest sentence before it in the paragraph
    that names a speaker: the quotation goes on in that speaker's words."""
    from .chunking import sentence_spans

    voice = _lower_opening(voice_of(text[start:end]), text, start, end)
    para_end = text.find("\n", end)
    tail = text[start:para_end if para_end >= 0 else len(text)]
    if voice.reported or tail.count("”") <= tail.count("“"):
        return voice
    para_start = text.rfind("\n", 0, start) + 1
    for s in reversed(sentence_spans(text, para_start, start)):
        earlier = _lower_opening(voice_of(text[s.start:s.end]), text, s.start, s.end)
        if earlier.reported:
            return earlier
    return voice


_NAME = r"(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*"
# ... and one speaking: a name with a noun or two after it ("Israel's military intelligence", "Israeli officials")
_SPEAKER = rf"{_NAME}(?:\s+[a-z][\w-]*){{0,2}}"
# the nouns that name an article ("the Gaza piece", "which reports …")
ARTICLE_NOUNS = r"(?:articles?|pieces?|reports?|op-?eds?|stor(?:y|ies)|columns?|editorials?|commentar(?:y|ies))"
_ARTICLE_NOUN = rf"(?!\s+(?i:{ARTICLE_NOUNS})\b)"
_SPEAK = r"(?:say|state|claim|report|argue|write|tell|warn|think|announce|declare|add|respond|react|reply|describe|tweet|post)"
# ... and acts an article may tell in its own words ("the Axis has made it known that it is prepared to …")
_ACT = r"(?:threaten|promise|vow|pledge|demand|predict|admit|insist|propose|accuse|deny|reveal|confirm)"
_SAY = rf"(?:{_SPEAK}|{_ACT})"
# a verb of speaking, in any form ("says", "said", "tweeted", "wrote")
SPEAKING = re.compile(rf"\b(?:{_SPEAK}\w*|said|told|wrote|written|thought)\b", re.I)
_ASKED = re.compile(rf"\b(?i:according to)\s+(?P<a>{_NAME})\b{_ARTICLE_NOUN}|\b(?i:what|how)\s+(?:else\s+)?(?:did|does|do|has|have|had)\s+"
                    rf"(?P<b>{_SPEAKER})\s+{_SAY}\b|"
                    # "does Ehud Barak think that's possible?": whether he does, in his words
                    rf"^\s*(?:(?i:and|so)\s+)?(?i:does|did|do|has|have|had)\s+(?P<c>{_NAME})\s+{_SAY}\b")
_ONLY_SAID = re.compile(rf"(?i:what)\s+(?:else\s+)?(?:did|does|do|has|have|had)\s+{_SPEAKER}\s+{_SAY}\s*[?.!]*|"
                        rf"(?i:how)\s+(?:did|does|do|has|have|had)\s+{_SPEAKER}\s+(?:respond|react|reply)\s*[?.!]*")


def asks_only_what_was_said(question: str) -> bool:
    """"What did Yair Golan write?", "How did Egypt respond?": a question that the words someone is reported
    to have said answer, whatever they are about."""
    return bool(_ONLY_SAID.fullmatch(question.strip()))


def asked_source(question: str) -> set[str]:
    """The words naming whose account a question asks for ("According to the New York Times, …",
    "What did Russia say about …"): empty when it asks for none."""
    m = _ASKED.search(question)
    name = m and (m.group("a") or m.group("b") or m.group("c"))
    if name and re.search(rf"\b{ARTICLE_NOUNS}$", name, re.I):  # "What does the Gaza opinion piece say …?": an
        return set()                                               # article's own words, no source's
    # its names, and the nouns after a possessive ("Israel's intelligence ministry": the ministry's, not any Israeli's)
    words = re.findall(r"[A-Z][\w’'.-]*|(?<=[’']s )[a-z][\w-]*(?: [a-z][\w-]*)?", name) if name else []
    # ... and a body a name qualifies ("the Israeli intelligence ministry": the ministry's, not any Israeli's;
    # "Israeli officials" are any Israelis in office, and "Putin himself" is Putin)
    head = re.search(r"(?<=[A-Za-z] )[a-z][\w-]*$", name or "")
    if head and not re.search(r"(?:s|ly|self)$|^(?:just|ever|first|then|also|still|once|later|even|now|not)$",
                              head.group()):
        words.append(head.group())
    return {re.sub(r"[’']s$", "", x) for w in words for x in w.split()} - {"The"}


_SAID_ABOUT = re.compile(rf"\b(?i:{_SAY})\w*\s+(?i:about|on|of)\s+(?P<t>[^?.!]+)")


def topic_of_words(question: str) -> str | None:
    """What a question asks someone's words to be about ("What did Netanyahu say about the hostages?": "the
    hostages"), when it asks whose words (see ``asked_source``)."""
    m = _SAID_ABOUT.search(question) if asked_source(question) else None
    topic = m.group("t").strip() if m else None  # "What does Russia say about that?" names no topic of its own
    pronoun = topic and topic.lower() in {"it", "that", "this", "them", "those", "these", "him", "her"}
    return None if not topic or pronoun else topic


_ACTED = re.compile(rf"\b(?i:what|how)\s+(?:else\s+)?(?:did|does|do|has|have|had)\s+{_SPEAKER}\s+{_ACT}\b")


def words_required(question: str) -> bool:
    """Whether the source a question asks about must be reported speaking for the articles to answer it:
    "What did Hezbollah say?" yes; "What did the Axis of Resistance threaten?" no (an article may tell it)."""
    return bool(asked_source(question)) and not _ACTED.search(question)


def reports(voice: Voice, source: set[str]) -> bool:
    """Whether the voice is the source's (every word naming it is in the voice's, or its people's: "Putin"
    is "Russian President Vladimir Putin", and so is "Russia"): a quote reporting what it said."""
    words = set(re.findall(r"[\w’'.-]+", (voice.source or "").lower()))
    # (and "NYT" is "the New York Times": an acronym is held by the initials of the voice's names)
    initials = "".join(w[0] for w in re.findall(r"\b[A-Z][\w’'.-]*", voice.source or ""))
    return bool(words) and bool(source) and all(w.lower() in words or any(w.lower() + e in words for e in DEMONYM_ENDINGS)
                                                or re.fullmatch(r"[A-Z]{2,5}", w) and w in initials for w in source)


def cut(text: str, limit: int = 90) -> str:
    """Text of at most ``limit`` characters, cut at a word boundary and marked with "…"."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:—–-") + "…"


def describe(doc: Document) -> str:
    """How the answer names an article: 'the opinion piece by Yossi Aharoni (2024-11-29)'."""
    noun = KIND_NOUN.get(doc.kind, doc.kind)
    who = f" by {doc.author}" if doc.author else ""
    outlet = f" in {doc.outlet}" if doc.outlet else ""
    when = f" ({doc.date})" if doc.date else ""
    return f"the {noun}{who}{outlet}{when} “{cut(doc.title)}”"


def own_verb(doc: Document) -> str:
    return _KIND_VERB.get(doc.kind, "states")


def capital(text: str) -> str:
    """The text with its first letter capitalised ("the opinion piece …" opening a sentence)."""
    return text[0].upper() + text[1:]


def introduce(doc: Document, voice: Voice, first: bool, named: bool = False) -> str:
    """The words before a quote, naming who says it. 'first' names the article in full, unless the
    answer has already ``named`` it (then "In full, it …")."""
    subject = capital(("In full, it" if named else describe(doc)) if first else "It")
    if voice.reported:
        return f"{subject}, citing {voice.source}, reports"
    return f"{subject} {own_verb(doc)}" if first else f"It also {own_verb(doc)}"
