"""Reading a sentence as an answer (pure): what a question asks for, and where a sentence holds it.

``question_type`` says what kind of answer a question expects (a number, a date, a name, a reason,
what an abbreviation stands for); ``answer_spans`` finds the words of that kind in a sentence, leaving
out words the question already holds; ``says_unknown`` recognises a sentence that says the thing is
not known ("the exact number … has not yet been confirmed"), which answers a question of any type.
The answerer turns these into features of its reader model and into the direct answer it opens with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexical import CAPITALS, stem

NUMBER, DATE, PERSON, PLACE, NAME, REASON, EXPANSION = (
    "number", "date", "person", "place", "name", "reason", "expansion")

_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
                 "hundred hundreds thousand thousands million millions billion billions trillion dozen dozens "
                 "half single double twice triple").split()
MONTH_NAMES = "January February March April May June July August September October November December".split()
_SHORT_MONTHS = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()  # ("May" is no short name)
_MONTHS = MONTH_NAMES + _SHORT_MONTHS
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# a month's short name beside a day or a year ("feb 2014", "18 Nov")
_SHORT = "|".join(_SHORT_MONTHS)
_SHORT_MONTH = re.compile(rf"\b(?:(?P<a>{_SHORT})\.?(?=\s+\d)|(?<=\d\s)(?P<b>{_SHORT})\b\.?)", re.I)


def months_spelled_out(text: str) -> str:
    """The text with a month's short name beside a number spelled out, as the articles write it ("what went on
    in feb 2014": "February 2014")."""
    def full(m: re.Match) -> str:
        short = (m.group("a") or m.group("b")).lower()[:3]
        return next(name for name in MONTH_NAMES if name.lower().startswith(short))
    return _SHORT_MONTH.sub(full, text)


# "What took place in February 2014?" asks what happened: said so, the question reads as the articles' sentences
# do ("… in February 2014 during the U.S.-backed Euromaidan coup"), not as one about a place
_TOOK_PLACE = re.compile(r"((?:^|[,:;]\s*)\s*(?:(?:and|so|but)\s+)?what\s+(?:else\s+)?)(?P<v>took|takes|take|"
                         r"has taken|have taken|had taken|will take|is taking|was taking|were taking)\s+place\b", re.I)
_HAPPENED = {"took": "happened", "takes": "happens", "take": "happen", "has taken": "has happened",
             "have taken": "have happened", "had taken": "had happened", "will take": "will happen",
             "is taking": "is happening", "was taking": "was happening", "were taking": "were happening"}


def happened_for_took_place(question: str) -> str:
    """The question with "what took place" said as "what happened" (in its tense)."""
    return _TOOK_PLACE.sub(lambda m: m.group(1) + _HAPPENED[" ".join(m.group("v").lower().split())], question)


# a capital acting for its country: "Moscow's reaction", "the response from Moscow", "How did Moscow react?"
_ACTS = r"(?:reaction|response|reply|answer|position|stance|warning|statement)"
_CAPITAL = "|".join(CAPITALS)
_CAPITAL_ACTS = re.compile(rf"\b(?P<c>{_CAPITAL})(?=['’]s\s+{_ACTS}\b)|\b(?P<of>{_ACTS} (?:from|of) )(?P<d>{_CAPITAL})\b|"
                           rf"\b(?P<aux>(?:did|does|has|have|had|will|would) )(?P<e>{_CAPITAL})(?=\s+(?:react|respond|repl|"
                           r"answer|say|said|warn|state|announce|claim|threat|think|thought))", re.I)


def country_for_capital(question: str) -> str:
    """The question with a capital that acts for its country named as its country, as the articles name whoever
    speaks for it ("What was Moscow's reaction?" -> "What was Russia's reaction?"); a capital that is a place
    ("Can they reach Moscow?") stays."""
    return _CAPITAL_ACTS.sub(lambda m: (m.group("of") or m.group("aux") or "")
                             + CAPITALS[(m.group("c") or m.group("d") or m.group("e")).title()], question)


# "would those be able to reach Moscow?", "Which missiles will be able to reach it?": whether they can
_ABLE_INVERTED = re.compile(r"^(?P<pre>\s*(?:(?:and|so|but)\s+)?)(?P<aux>would|will|is|are|was|were)\s+"
                            r"(?P<subj>[^?,]+?)\s+(?:be\s+)?able\s+to\s+", re.I)
_ABLE_AFTER = re.compile(r"\b(?P<aux>would|will)\s+be\s+able\s+to\b", re.I)
_CAN_FOR = {"would": "could", "will": "can", "is": "can", "are": "can", "was": "could", "were": "could"}


def can_for_able(question: str) -> str:
    """The question with "be able to" asked as "can": "would those be able to reach Moscow?" -> "could those reach
    Moscow?", as whether a thing can be done is asked (not whether it will happen)."""
    def aux(word: str) -> str:
        can = _CAN_FOR[word.lower()]
        return can.capitalize() if word[:1].isupper() else can
    question = _ABLE_INVERTED.sub(lambda m: f"{m.group('pre')}{aux(m.group('aux'))} {m.group('subj')} ", question, count=1)
    return _ABLE_AFTER.sub(lambda m: aux(m.group("aux")), question)


# contractions typed without their apostrophe: "whats the news report's date", "why didnt biden send them"
_BARE_CONTRACTION = re.compile(r"\b(?:(?P<s>what|who|where|when|how|that|there)s|(?P<nt>is|are|was|were|do|does|did|"
                               r"has|have|had|could|would|should|ca|wo)nt)\b", re.I)


def apostrophes_restored(text: str) -> str:
    """The text with the apostrophe of a contraction typed without it put back ("whats" -> "what's", "didnt" ->
    "didn't"), so that it reads as the same question typed with it."""
    return _BARE_CONTRACTION.sub(lambda m: f"{m.group('s')}'s" if m.group("s") else f"{m.group('nt')}n't", text)


# (a scale word after the digits is the number's: "$1.2 billion", "2 million")
_NUM = (rf"(?:\d[\d,.]*(?:\s(?:hundred|thousand|million|billion|trillion)\b)?(?:\s?(?:%|percent|per cent))?|"
        rf"(?:{'|'.join(_NUMBER_WORDS)})(?:-\w+)?)")
_QUALIFIER = r"(?:(?:about|around|approximately|roughly|nearly|almost|over|under|more than|fewer than|less than|" \
             r"at least|up to|some|only|just|an estimated|estimated)\s+)?"
# a number followed by a unit measures it ("300 to 400 kilometers" counts no missiles) ...
_UNITS = (r"km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|foot|ft|yards?|tons?|tonnes?|kg|kilograms?|pounds?|"
          r"dollars?|euros?|years?|months?|weeks?|days?|hours?|times|percent")
UNIT_RE = re.compile(rf"\s*(?:{_UNITS})\b", re.I)
# ... and "2400 kilometers, or 1500 miles" or "1800 troops" are no years
_MEASURES = _UNITS + "|people|troops|soldiers|men|women|children|civilians"
_MANY = r"(?:(?:tens|hundreds|thousands|millions|dozens)\s+of\s+)?"  # "tens of billions"
# (a currency sign opens a number where no word boundary does: "there are $2 million worth")
NUMBER_RE = re.compile(rf"(?:\b{_QUALIFIER}{_MANY}|(?<![\w$£€])(?=[$£€]))(?:\$|£|€)?{_NUM}"
                       rf"(?:\s*(?:to|-|–|and|or)\s*(?:\$|£|€)?{_NUM})?\b", re.I)
DATE_RE = re.compile(
    rf"\b(?:(?:{'|'.join(_DAYS)}),?\s+)?(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?:{'|'.join(_MONTHS)})\b\.?"
    rf"(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:\s*[–-]\s*\d{{1,2}}\b)?)?(?:,?\s+\d{{4}}\b)?|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:early|mid|late)[- ](?:\d{{4}}s?|\d{{2}}th century)|\d{{1,2}}(?:st|nd|rd|th) century"
    rf"|(?:in|since|by|from|until|of|during|before|after)\s+\d{{4}}s?\b(?!\s*(?:{_MEASURES})\b)|\d{{4}}s|"
    rf"(?:{'|'.join(_DAYS)})|(?:yesterday|today|tonight|last (?:week|month|year|night))|\b(?:1[5-9]\d\d|20\d\d)\b(?!\s*(?:{_MEASURES})\b))",
    re.I)
_CAP = r"(?:[A-Z][\w’'.-]*|\d+[\w-]*)"
NAME_RE = re.compile(rf"\b(?:\d+(?:st|nd|rd|th)\s+(?=[A-Z]))?[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|de|al|bin|von|van|and|for)\s+)?{_CAP})*")
REASON_RE = re.compile(r"\b(?:because|since|due to|as a result of|so that|in order to|in response to|"
                       r"owing to|to (?:create|prevent|keep|avoid|stop|ensure|serve|help|support|protect|hurt|"
                       r"strengthen|increase|reduce))\b", re.I)
EXPANSION_RE = re.compile(r"\b(?:stands? for|short for|abbreviation (?:of|for)|acronym (?:of|for)|"
                          r"(?:is|are) an acronym for)\s+(?:the\s+)?(?P<x>[^,.;:()]+)", re.I)
UNKNOWN_RE = re.compile(
    r"\b(?:(?:has|have|had) not (?:yet )?been (?:confirmed|disclosed|released|revealed|made public|announced|"
    r"determined|established|verified|published)|(?:is|are|was|were|remains?) (?:still )?(?:unknown|unclear|"
    r"not known|undisclosed|unconfirmed|not clear)|no (?:official )?(?:figures?|numbers?|details) "
    r"(?:have been|has been|were|was) (?:given|released|disclosed|provided)|refrained from providing|"
    r"declined to (?:say|give|specify|disclose)|did not (?:say|specify|disclose))\b", re.I)

# Words that open a sentence in capitals without being a name.
_NOT_NAMES = {"The", "A", "An", "This", "That", "These", "Those", "It", "Its", "They", "Their", "There", "He",
              "She", "His", "Her", "We", "Our", "I", "In", "On", "At", "As", "By", "For", "From", "With", "But",
              "And", "Or", "So", "If", "When", "While", "Since", "After", "Before", "Although", "However", "Yet",
              "Nevertheless", "Nonetheless", "Meanwhile", "Furthermore", "Moreover", "First", "Second", "Third",
              "Finally", "Generally", "Officially", "Rather", "Meaning", "Knowing", "Many", "Some", "All", "Both",
              "Each", "Most", "Roughly", "Up", "Until", "Not", "No", "Nothing", "Only", "What", "Why", "How",
              "Who", "Which", "Where", "To", "Of", "Thousands", "Hundreds", "Millions", "One", "Two", "Three",
              "According"}

_PLACE_WORDS = r"(?:country|city|town|state|region|province|place|location|area|sea|river|island|continent|" \
               r"desert|border|port|base|capital|village|county|territory|ocean|gulf|mountain|where)"
# "What California city …?", "Which NFL team …?": up to two words before the noun that says what is asked
# for, none of them a verb or an article ("What did the state …?" asks for no place)
_MODIFIER = r"(?:(?!(?:is|was|are|were|did|does|do|has|have|had|can|could|would|will|the|a|an|that|to|of|in|on|" \
            r"for)\b)[\w-]+ )"
# (place words that are also verbs, "state" and "place", only right after "which"/"what": "What articles
# state …?", "What festival takes place …?")
_PLACE_NOUNS = r"(?:country|countries|city|cities|town|region|province|location|island|continent|river|port|" \
               r"village|county|territory|capital|mountain|desert|sea|ocean)"
_PERSON_WORDS = r"(?:person|man|woman|general|minister|president|leader|official|secretary|commander|king|" \
                r"queen|author|writer|scientist|player|chief|director|founder|politician|emperor|pope|" \
                r"chancellor|governor|mayor|spokesman|spokesperson|ambassador|people|individual|artist|composer|" \
                r"premier)"


# what a number measures: "What is the population of …?", "What is the missiles' range?"
_AMOUNT_NOUN = r"(?:population|price|cost|number|size|height|length|area|age|budget|death toll|toll|value|speed|range|rate)"
# "Does the report say when it will reach Israel?": what a question asks whether an article tells
_TELLS = r"\b(?:say|says|said|mention|mentions|mentioned|tell|tells|told|state|states|stated|report|reports|reported|" \
         r"note|notes|specify|specifies|reveal|reveals|explain|explains|know|indicate|indicates)\s+"
# In order: the first pattern a question matches gives the kind of answer it asks for.
_QUESTION_TYPES = [(kind, re.compile(pattern)) for kind, pattern in (
    (EXPANSION, r"\bstands? for\b|\bshort for\b|\babbreviation\b|\bacronym\b"),
    (NUMBER, r"\bhow (?:many|much|long|far|old|large|big|tall|high|often)\b|\bwhat (?:percentage|number|"
             r"proportion|share|amount|range|distance|size|population)\b|\bwhat (?:is|was|are|were) "
             rf"(?:the|its|their|his|her|[\w-]+['’]s?) {_MODIFIER}{{0,2}}{_AMOUNT_NOUN}\b|"  # "What is the US death toll …?"
             # "What is the USS Bataan's crew size?": a measure of something named in several words
             rf"\bwhat (?:is|was|are|were) (?:the )?(?:[\w.-]+ ){{0,3}}[\w-]+['’]s? (?:[\w-]+ )?{_AMOUNT_NOUN}\b|"
             # "How does the news report's figure compare?", "What figure does the op-ed give?"
             r"\b(?:what|which) (?:figure|tally|estimate)\b|['’]s (?:own )?(?:figure|tally|estimate)s?\b"),
    # ("When rock folds deep in the Earth …, what does it create?" asks what, not when)
    (DATE, r"^(?:when|since when)\b(?![^?]*(?:,\s*(?:what|who|whom|which|where|how|why)\b|\b(?:what|who|which)\s*\?\s*$))|"
           r"\b(?:what|which|in what|in which|on what|on which) "
           r"(?:year|date|day|month|decade|century|time|period)\b|\bwhen (?:did|was|were|is|does|do|will)\b|"
           rf"{_TELLS}when\b"),
    (REASON, rf"^why\b|\bwhy (?:did|does|do|is|was|were|are|would)\b|{_TELLS}why\b|"
             r"\bfor what (?:reason|purpose)\b|\bwhat (?:is|was) the (?:purpose|goal|aim|objective)\b|"
             # "What was Biden's real motive?", "What is the reasoning behind it?", "What motivated …?"
             r"\bwhat(?:['’]s| is| was| are| were) (?:the|his|her|its|their|[\w-]+['’]s?)"
             r"(?: (?:real|true|main|underlying|actual|likely|stated))? "
             r"(?:reasons?|reasoning|motives?|motivations?|rationale|logic|justification)\b|\bwhat motivated\b|"
             # "What was cutting off the north meant to achieve?": its purpose (not "What were they meant to do?", which
             # the sentence telling what they do answers: "… to hurt Russia …, as evidenced by the … sanctions")
             r"\bwhat (?:is|was|are|were)\b[^?]{1,80}?\b(?:meant|supposed|intended|designed) to "
             r"(?:achieve|accomplish|gain)\b"),
    (PERSON, rf"^(?:who|whom|whose)\b|\b(?:which|what) {_MODIFIER}{{0,2}}{_PERSON_WORDS}s?\b|"
             rf"\bwho (?:is|was|were|did|has)\b|{_TELLS}(?:who|whom)\b"),
    (PLACE, rf"^where\b|\bwhere (?:is|was|are|were|did|does|do)\b|{_TELLS}where\b|\b(?:which|what|in which|in what) {_PLACE_WORDS}\b|"
            rf"\b(?:which|what|in which|in what) {_MODIFIER}{{1,2}}{_PLACE_NOUNS}\b"),
    (NAME, rf"^(?:which|what) {_MODIFIER}{{0,2}}(?:newspapers?|papers?|organi[sz]ations?|compan(?:y|ies)|groups?|"
           r"part(?:y|ies)|teams?|agenc(?:y|ies)|ships?|units?|movements?|countr(?:y|ies)|nations?|bands?|networks?|"
           r"universit(?:y|ies)|schools?|church(?:es)?|languages?|forces?|arm(?:y|ies)|militias?|outlets?|websites?|"
           r"channels?|books?|"
           r"films?|magazines?|names?|missiles?)\b|\bwhat (?:is|was|are|were) the names? of\b"),
)]


def question_type(question: str) -> str | None:
    """The kind of answer a question asks for, or None when it asks for an explanation or a description."""
    q = re.sub(r"\bwhat['’]s\b", "what is", " ".join(question.strip().split()).lower())
    return next((kind for kind, pattern in _QUESTION_TYPES if pattern.search(q)), None)


@dataclass(frozen=True)
class AnswerSpan:
    start: int  # offsets into the sentence
    end: int
    kind: str


def _novel(text: str, question_words: set[str]) -> bool:
    """Whether a candidate answer holds a word the question does not (an answer is not the question)."""
    words = {w.lower() for w in re.findall(r"[\w’'-]+", text)}
    return bool(words - question_words - {"the", "of", "and", "a", "an"})


def _names(sentence: str) -> list[tuple[int, int]]:
    out = []
    for m in NAME_RE.finditer(sentence):
        s, e, text = m.start(), m.end(), m.group()
        first = text.split()[0]
        if first in _NOT_NAMES:  # "The Financial Times" -> "Financial Times"; a lone "The" -> nothing;
            # "In the Mediterranean Sea" -> "Mediterranean Sea"
            rest = re.sub(r"^(?:(?:the|of|and|for)\s+)+", "", text[len(first):].lstrip())
            if not rest or not (rest[0].isupper() or re.match(r"\d+(?:st|nd|rd|th)\s+[A-Z]", rest)):
                continue
            s = e - len(rest)
        out.append((s, e))
    return out


# A name right after one of these is a place in that sentence ("could reach Moscow"), not who did a thing.
_AT_PLACE = re.compile(r"\b(?:in|near|across|throughout|inside|outside|into|towards?|reach)\s+(?:the\s+)?$", re.I)


def answer_spans(sentence: str, kind: str | None, question: str, durations: bool | None = None) -> list[AnswerSpan]:
    """Words of the sentence of the kind the question asks for, not already in the question; a number
    may be a length of time in words ("for months") where ``durations`` (default: "how long" questions)."""
    if kind is None:
        return []
    qwords = {w.lower() for w in re.findall(r"[\w’'-]+", question)}
    found: list[tuple[int, int]] = []
    if kind == EXPANSION:
        found = [(m.start("x"), m.end("x")) for m in EXPANSION_RE.finditer(sentence)]
        # (the words spelled out answer, though the query carries them: expand_abbreviations)
        spelled = [AnswerSpan(s, e, kind) for s, e in spelled_out(sentence, question)]
        if spelled:
            return spelled
    elif kind == NUMBER:
        dates = [(m.start(), m.end()) for m in DATE_RE.finditer(sentence)]
        found = [(m.start(), m.end()) for m in NUMBER_RE.finditer(sentence)
                 if not any(s <= m.start() and m.end() <= e for s, e in dates)
                 or re.search(r"\d,\d{3}", m.group())]
        if _HOW_MUCH.search(question) and not counted_noun(question):  # "How much did San Francisco get?" is
            # no count of persons ("More than 1 million people are expected …")
            found = [(s, e) for s, e in found if not _counts_persons(sentence, e)]
        if _COUNTS.search(question):  # "a second aircraft carrier": one more, where "how many" are counted
            found += [(m.start(), m.end()) for m in ONE_MORE_RE.finditer(sentence)
                      if not any(s <= m.start() < e for s, e in found)]
        if not _MEASURE.search(question):  # "meager amounts of humanitarian supplies" says how much, in words
            found += [(m.start(), m.end()) for m in VAGUE_AMOUNT_RE.finditer(sentence)
                      if not any(s <= m.start() < e for s, e in found)]
        if HOW_LONG.search(question) if durations is None else durations:  # "for months or possibly even years"
            found += [(m.start(), m.end()) for m in DURATION_RE.finditer(sentence)
                      if not any(s <= m.start() < e for s, e in found)]
            # "How long has Hezbollah been attacking …?": "Since October 8, …"
            found += [(m.start(), d.end()) for m in _SINCE.finditer(sentence)
                      for d in [DATE_RE.match(sentence, m.end())] if d and not any(s <= m.start() < e for s, e in found)]
    elif kind == DATE:
        found = [(m.start(), m.end()) for m in DATE_RE.finditer(sentence)]
    elif kind in (PERSON, PLACE, NAME):
        dates = [(m.start(), m.end()) for m in DATE_RE.finditer(sentence)]
        found = [(s, e) for s, e in _names(sentence) if not any(ds <= s < de for ds, de in dates)
                 and not (kind == PERSON and _AT_PLACE.search(sentence, 0, s))]
    elif kind == REASON:
        found = [(m.start(), len(sentence.rstrip(".!?”\""))) for m in REASON_RE.finditer(sentence)][:1]
    return [AnswerSpan(s, e, kind) for s, e in found if e > s and _novel(sentence[s:e], qwords)]


_PERIOD = r"(?:hours|days|weeks|months|years|decades|centuries)"
# a length of time written in words: "for months or possibly even years", "for several weeks"
DURATION_RE = re.compile(rf"\b(?:for|over|within|in) (?:(?:several|many|a few|some|the coming|the next)\s+)?{_PERIOD}"
                         rf"(?:\s*(?:,|or|and|to)\s+(?:(?:possibly|perhaps|maybe|even|several|many)\s+)*{_PERIOD})?\b",
                         re.I)
# "For how much longer …?", "How many more years …?" ask a length of time too
HOW_LONG = re.compile(r"\bhow (?:long|much longer|many more (?:hours|days|weeks|months|years|decades))\b", re.I)
_HOW_MUCH = re.compile(r"\bhow much\b", re.I)
_SINCE = re.compile(r"\bsince\s+", re.I)
_COUNTS = re.compile(r"\bhow many\b", re.I)
# an ordinal after "a" tells one more of a thing, so how many there are: "the deployment of a second aircraft carrier"
ONE_MORE_RE = re.compile(r"\ban?\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.I)
# an amount told in words: "meager amounts of", "a surprising number of", "such a low number of"
VAGUE_AMOUNT_RE = re.compile(r"\b(?:meag(?:er|re)|small|large|huge|massive|vast|limited|modest|enormous|significant|"
                             r"substantial|tiny|low|high|growing|increasing|surprising|unprecedented|considerable|"
                             r"sizable|sizeable|untold|countless)\s+(?:amounts?|quantit(?:y|ies)|numbers?|sums?|volumes?)"
                             r"\s+of\s+(?:the\s+)?[\w’'-]+(?:\s+(?!(?:and|or|to|by|in|into|that|which|who|from|on|at|for|as|"
                             r"with|have|has|had|were|was|are|is|will|would)\b)[\w’'-]+){0,2}", re.I)

_AUX = r"(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could)"
_ASKED_NOUN = re.compile(rf"^(?:which|what)\s+((?:(?!{_AUX}\b)[\w-]+\s+){{0,2}}(?!{_AUX}\b)[\w-]+)", re.I)


def asked_nouns(question: str) -> set[str]:
    """The words naming what "which X" asks for ("ship" in "Which ship is the unit aboard?"), lower case:
    up to three words before the verb, less those that read as a past verb or an adverb ("Which group
    specifically opposed …": "group")."""
    m = _ASKED_NOUN.match(question.strip())
    nouns: set[str] = set()
    for w in m.group(1).split() if m else []:
        if len(w) > 3 and w.lower().endswith(("ed", "ly")):
            if nouns:  # the verb: what follows it is no part of the thing asked for ("Which officials rejected
                break  # Israeli requests …?": "officials")
            continue
        if len(w) > 3:
            nouns.add(w.lower())
    return nouns


_SENTENCE_START = re.compile(r"(?:^|[.!?:][\"”’)]?\s+|\n\s*)[\"“‘(]?$")


def sentence_case(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is one word capitalised only because it opens a sentence: the article
    never writes it so after a lower-case word ("Formal", "Prominent"; not "Russia")."""
    word = text[start:end]
    if " " in word or not _SENTENCE_START.search(text, 0, start):
        return False
    return not re.search(rf"[a-z,;]\s+{re.escape(word)}\b", text)


def says_unknown(sentence: str) -> bool:
    return bool(UNKNOWN_RE.search(sentence))


# the thing counted, a few words up to one that ends it: "Israeli soldiers" in "… Israeli soldiers have …"
_COUNTED_NP = r"(?P<np>(?:[\w’'-]+\s+){0,3}?[\w’'-]+?)"
_NP_ENDS = "do|does|did|has|have|had|is|are|was|were|will|would|can|could|in|of|on|at|for|to|the|a|an"
_HOW_MANY = re.compile(rf"\bhow (?:many|much)\s+{_COUNTED_NP}\s+(?:{_NP_ENDS}|should|might|may|must|there)\b", re.I)


_UNITS = {
    "far": "km kilometers kilometres miles mile meters metres feet yards nautical",
    "long": "km kilometers kilometres miles meters metres feet years year months month weeks days day hours "
            "hour minutes seconds decades centuries",
    "old": "years year months centuries",
    "tall": "meters metres feet ft m cm inches", "high": "meters metres feet ft m km percent %",
    "often": "times daily weekly monthly yearly annually",
}
_MEASURE = re.compile(rf"\bhow ({'|'.join(_UNITS)})\b", re.I)
_RANGE = re.compile(r"\bwhat(?:['’]s| is| was| are| were) (?:the|its|their|[\w-]+['’]s) (?:range|distance)\b", re.I)


_PERCENT = re.compile(r"\bwhat (?:percentage|percent|proportion|share)\b", re.I)


def measure_units(question: str) -> set[str]:
    """The units a "how far / long / old / tall / high / often" or "what percentage" question is answered
    in (empty for others)."""
    if _PERCENT.search(question):
        return {"%", "percent", "per"}
    m = _MEASURE.search(question)
    units = set(_UNITS[m.group(1).lower()].split()) if m else set()
    if not m and question_type(question) == NUMBER and _RANGE.search(question):  # "What is their range?": how far
        units = set(_UNITS["far"].split())
    # "How far can ATACMS fly in kilometers?": the unit named, of those the measure is given in
    named = {w.lower() for w in re.findall(r"\bin\s+([a-z]+)", question, re.I)} & units
    if len(named) != 1:
        return units
    unit = named.pop()
    return _SAME_UNIT.get(unit, {unit})


# the spellings of a unit a question names ("in kilometers" is answered by "300 to 400 km" as well)
_SAME_UNIT = {w: set(group.split()) for group in ("km kilometers kilometres", "miles mile", "meters metres m",
                                                   "feet ft foot", "years year", "months month", "days day",
                                                   "hours hour", "weeks") for w in group.split()}


def in_units(text: str, start: int, end: int, units: set[str], after: int = 3) -> bool:
    """Whether the number at text[start:end] is given in one of the units: a word of it, or of the
    ``after`` words that follow it ("300 to 400 kilometers")."""
    words = re.findall(r"%|[^\W\d_]+", text[start:end].lower())
    words += re.findall(r"%|[^\W\d_]+", text[end:end + 30].lower())[:after]
    return bool(units & set(words))


# "What is the death toll among Hamas militants?", "What was the number of solo tackles that …?": a count of a thing
_WHAT_IS = r"\bwhat(?:['’]s| (?:is|was|are|were)) "
_WHOSE = r"(?:the|[\w-]+['’]s?) "  # "the population", "Gaza's population"
_NUMBER_OF = re.compile(rf"{_WHAT_IS}the (?:(?:death|casualty|body|total|final|overall|approximate|estimated) )?"
                        rf"(?:number|count|toll|tally|total)\s+(?:of|among|for)\s+{_COUNTED_NP}"
                        rf"(?=\s*[,?.!]|\s*$|\s+(?:{_NP_ENDS}|who|that|which|so|since|during|by|from|killed|dead|wounded|"
                        r"injured|slain|lost)\b)", re.I)
# "What is the budget of the Israeli army?", "What was the total cost of …?": money, as "how much … cost" is
_PRICE_OF = re.compile(rf"{_WHAT_IS}{_WHOSE}(?:(?:total|overall|annual|estimated|approximate|military|defen[cs]e) )?"
                       r"(?P<np>cost|budget|price|value)s?\b", re.I)
_POPULATION = re.compile(rf"{_WHAT_IS}{_WHOSE}(?P<np>population)\b", re.I)

# A population is counted in inhabitants, residents or people as often as in "population" (stems).
# Words (stemmed) that count the same thing: "How many US troops" is counted by "the Americans have also
# stationed 2,000 special forces soldiers" and by "2,000 Marines and sailors".
# "how many people": any word for persons counts them ("2.4 million Palestinians", "10,000 civilians")
_PERSONS = {"peopl", "person", "individu", "civilian", "resid", "inhabit", "citizen", "soldier", "troop", "fighter",
            "hostag", "prison", "captiv", "refuge", "children", "child", "women", "men", "worker", "voter", "marin",
            "sailor", "personnel", "palestinian", "isra", "israel", "gazan", "ukrainian", "russian", "american"}
PEOPLE_DEMONYM = re.compile(r"\b[A-Z][a-z]+(?:ians|eans|icans|is|ese)\b")
# "How much money": counted in a currency (stems)
MONEY = {"dollar", "euro", "pound", "yen", "yuan", "rubl", "shekel", "franc", "rupe", "cent", "usd", "eur"}
CURRENCY_SIGN = re.compile(r"[$£€¥₽₪]")  # "$1.2 billion" is counted in a currency as much as "dollars"
# "How many American soldiers have died?" counts deaths: a number of soldiers stationed is no answer, one of
# soldiers killed, murdered or wounded is (the words of harm, stemmed, each counted by any of them)
HARM = {"die", "dead", "death", "kill", "casualti", "wound", "injur", "injuri", "murder", "fatal", "perish", "toll",
        "victim", "slain", "lose", "loss"}
# ... losses among them only where persons are counted ("How many troops did Russia lose?"; not "How many games did
# the Panthers lose?")
LOSS = {"lose", "loss"}
# ... and the wounded are not the dead: "How many have been wounded?" is not answered by "murdered about 10,000"
INJURED = {"wound", "injur", "injuri"}
ANY_HARM = {"casualti", "toll", "victim"} | LOSS
# ... and the dead are counted as fighters or as civilians, never one for the other
COMBATANTS = {"fighter", "soldier", "troop", "milit", "combat", "marin", "sailor", "personnel", "gunmen"}  # stems
CIVILIANS = {"civilian", "noncombat"}
_AID = {"aid", "assist", "suppli", "help", "relief"}  # "How much aid": "meager amounts of humanitarian supplies"
COUNT_SYNONYMS = {"popul": {"inhabit", "resid", "peopl", "citizen", "populac"}, "peopl": _PERSONS, "person": _PERSONS,
                  "troop": {"soldier", "marin", "sailor", "personnel"}, "soldier": {"troop"},
                  "us": {"american", "america"}, "money": MONEY, "cost": MONEY, "spend": MONEY, "fund": MONEY,
                  "budget": MONEY, "pay": MONEY, "price": MONEY, "worth": MONEY, "valu": MONEY} | {t: _AID for t in _AID} | {
                  t: HARM for t in HARM}


def _counts_persons(text: str, end: int) -> bool:
    """Whether the number ending at ``end`` counts persons ("1 million people", "2,000 troops")."""
    m = re.match(r"(?:\s+(?:hundred|thousand|million|billion)s?)?\s+([a-z]+)", text[end:end + 40].lower())
    return bool(m) and stem(m.group(1)) in _PERSONS


def counted_noun(question: str) -> str | None:
    """The thing a "how many" question counts: "Israeli soldiers" in "How many Israeli soldiers have …";
    "population" in "What is the population of …"; "cost" in "How much does an ATACMS missile cost?"."""
    if HOW_LONG.search(question):  # "How much longer might the fighting last?" counts no thing
        return None
    m = (_HOW_MANY.search(question) or _POPULATION.search(question) or _NUMBER_OF.search(question)
         or _PRICE_OF.search(question))
    if m and not re.match(rf"{_AUX}\b", m.group("np"), re.I):  # not "does" of "How much does it cost?"
        return m.group("np")
    m = _HOW_MUCH_PAID.search(question)
    return m.group("verb") if m else None


# "How much does it cost?", "How much did the US spend?": money, whatever else the question names
_HOW_MUCH_PAID = re.compile(r"\bhow much\b.*?\b(?P<verb>cost|costs|spend|spent|pay|paid|price|priced|worth|fund|funded|"
                            r"budget)\b", re.I)


# "What is the name of the second aircraft carrier?": the thing whose name is asked, up to a word that ends it
_NAME_OF = re.compile(rf"\bnames? of (?:(?:the|its|their|his|her|[\w-]+['’]s) )?{_COUNTED_NP}"
                      rf"(?=\s*[,?.!]|\s*$|\s+(?:{_NP_ENDS}|that|which|who|where|sent|built|made|used|[\w-]+ed)\b)", re.I)
_INDEFINITE = r"(?:a|an|another|one|two|three|four|five|several|some|other|second|third|fourth|fifth)"
# a name set beside a thing ("a village called Ossachite", "one fraternity, Alpha Phi Omega", "the University of
# Chicago Press, the largest university press", "the USS Bataan, an amphibious assault ship")
_NAMED_AFTER = re.compile(r"\s*(?:[,(:—–-]\s*)?(?:(?:named|called|known as|dubbed|nicknamed|entitled|titled)\s+)?"
                          r"(?:the\s+)?[\"“‘']?[A-Z0-9]")
_NAMED_BEFORE = re.compile(r"[A-Z][\w’'.-]*\)?\s*[,(:—–]\s*$")


def name_asked(question: str) -> str | None:
    """The last word of what "What is the name of X?" asks the name of ("carrier"), or None."""
    m = _NAME_OF.search(question)
    return m.group("np").split()[-1] if m else None


def mentions_unnamed(sentence: str, head: str) -> bool:
    """Whether the sentence speaks of the thing only as one of its kind, never naming it: "the deployment of a
    second aircraft carrier to the eastern Mediterranean Sea" gives no carrier's name (its names are of other
    things); "a village called Ossachite", "Alpha Phi Omega, a co-ed fraternity" or any "the X" may."""
    head = re.escape(head[:-1] if head.endswith("s") and not head.endswith("ss") else head)
    mentions = list(re.finditer(rf"\b{head}(?:e?s)?\b", sentence, re.I))
    if not mentions:
        return False
    for m in mentions:
        article = re.search(rf"(?<!\bthe )\b({_INDEFINITE})\s+(?:[\w’'-]+\s+){{0,3}}$", sentence[:m.start()], re.I)
        if not article or _NAMED_AFTER.match(sentence, m.end()) or _NAMED_BEFORE.search(sentence[:article.start()]) \
                or re.search(r"\b[A-Z0-9]", sentence[article.end(1):m.start()]):  # "a hybrid Bermuda 419 turf"
            return False
    return True


# "raises that possibility", "made the claim", "holds this view": a claim spoken of as a thing someone put forward
CLAIM_MADE = (r"(?:rais|mak|made|voic|hold|held|put|advanc|float)\w*\s+(?:forward\s+)?(?:that|this|the|such an?)\s+"
              r"(?:possibility|claim|point|argument|idea|view|suggestion|theory|concern|charge|accusation|warning|"
              r"prediction)s?\b")


_POSSESSIVE = re.compile(r"[’']s?$")


def proper_words(text: str) -> list[str]:
    """Capitalised words of a text, possessives removed: "Egypt's" -> "Egypt"."""
    return [_POSSESSIVE.sub("", w) for w in re.findall(r"\b[A-Z][\w’'-]*", text)]


_OPENERS = {"how", "what", "who", "whom", "whose", "when", "where", "why", "which", "is", "are", "was", "were", "do",
            "does", "did", "can", "could", "will", "would", "should", "has", "have", "had"}


def name_runs(question: str) -> list[list[str]]:
    """Runs of capitalised words after the first word (every question starts with a capital); none
    for a question typed in capitals."""
    letters = [ch for ch in question if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > len(letters) / 2:
        return []
    # a question mark ends a run: "And France? Britain" (a follow-up and the subject it borrowed) names two
    words = re.findall(r"[\w’'-]+|[?!]", question)[1:]
    # (and a question's word opening a sentence of its own is none: "… to the region. How many?")
    opening = {m.group(1) for m in re.finditer(r"[.?!]\s+(\w+)", question) if m.group(1).lower() in _OPENERS}
    names, run = [], []
    for w in words + [""]:
        if w[:1].isupper() and w != "I" and (run or w not in opening):
            run.append(_POSSESSIVE.sub("", w))
        elif run:
            names.append(run)
            run = []
    return names


_CAPITAL_RUN = re.compile(r"\b[A-Z][\w’'-]+(?:\s+(?:(?:of|and|for|the)\s+)?[A-Z][\w’'-]+){1,5}")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}s?\b")


def abbreviations(texts) -> dict[str, str]:
    """Acronyms the texts spell out: "MEU" -> "Marine Expeditionary Unit" (the initials of a run of
    capitalised words), and "X, which stands for Y" -> X: Y. The first spelling found wins."""
    table: dict[str, str] = {}
    starts: dict[str, str] = {}  # the start of a longer run, where no run is the acronym whole: "IDF" in
    inside: dict[str, str] = {}  # "Israeli Defense Forces Deputy Chief …"; and, where no run starts with it,
    for text in texts:           # a part inside one: "PM" in "… Yoav Gallant and Prime Minister Benjamin …"
        for m in EXPANSION_RE.finditer(text):
            before = _ACRONYM.findall(text[max(0, m.start() - 40):m.start()])
            if before:
                table.setdefault(before[-1], m.group("x").strip())
        for run in _capital_runs(text):
            for i, j in _parts(run):
                initials = _initials(run[i:j])
                if 2 <= len(initials) <= 6:
                    found = table if i == 0 and j == len(run) else starts if i == 0 else inside
                    found.setdefault(initials, " ".join(w.group() for w in run[i:j]))
    return inside | starts | table


def _capital_runs(text: str) -> list[list[re.Match]]:
    """Runs of capitalised words (each word's match in the text), less a leading word that names nothing ("The")."""
    runs = []
    for m in _CAPITAL_RUN.finditer(text):
        words = list(re.compile(r"\S+").finditer(text, m.start(), m.end()))
        while words and words[0].group() in _NOT_NAMES:
            words = words[1:]
        if words:
            runs.append(words)
    return runs


def spelled_out(sentence: str, question: str) -> list[tuple[int, int]]:
    """Where the sentence spells out an acronym of the question: "What does MEU stand for?" of "The 26th
    Marine Expeditionary Unit …", "IDF" of "… Israeli Defense Forces Deputy Chief of Staff …" (a part of a
    longer run of capitalised words, from one capitalised word to another)."""
    acronyms = {a.rstrip("s") for a in _ACRONYM.findall(question)}
    return [(run[i].start(), run[j - 1].end()) for run in _capital_runs(sentence) for i, j in _parts(run)
            if _initials(run[i:j]) in acronyms]


def _parts(run: list[re.Match]):
    """(i, j) of each part of a run of capitalised words, at least two words long, that opens and closes on a
    capitalised word ("Prime Minister" in "Gallant and Prime Minister Benjamin", not "and Prime")."""
    return ((i, j) for i in range(len(run) - 1) if run[i].group()[0].isupper()
            for j in range(i + 2, len(run) + 1) if run[j - 1].group()[0].isupper())


def _initials(words: list[re.Match]) -> str:
    return "".join(w.group()[0] for w in words if w.group()[0].isupper())


# Words that news writes short before a name ("Mt. Har Qeren", "Gen. Golan", "Sept. 5"): a question
# spelling one out also searches the short form, when the texts write it
SHORT_FORMS = {"mount": "Mt", "mountain": "Mt", "saint": "St", "fort": "Ft", "general": "Gen", "governor": "Gov",
               "senator": "Sen", "lieutenant": "Lt", "colonel": "Col", "sergeant": "Sgt", "captain": "Capt",
               "professor": "Prof", "doctor": "Dr", "department": "Dept", "university": "Univ",
               "corporation": "Corp", "january": "Jan", "february": "Feb", "august": "Aug", "september": "Sept",
               "october": "Oct", "november": "Nov", "december": "Dec"}


def expand_abbreviations(query: str, table: dict[str, str], used=lambda acronym: False) -> str:
    """The query with the spelled-out form of each acronym it uses that the texts spell out but never
    abbreviate (``used(acronym)`` says whether they write the acronym itself: then it needs no help),
    and the short form of a word the texts abbreviate ("mountain" -> "Mt")."""
    extra = [short for word in dict.fromkeys(re.findall(r"[a-z]+", query.lower()))
             if (short := SHORT_FORMS.get(word)) and used(short + ".") and short not in query]
    for acronym in dict.fromkeys(_ACRONYM.findall(query)):
        if used(acronym):
            continue
        full = table.get(acronym) or table.get(acronym.rstrip("s"))
        if full and full.lower() not in query.lower() and full not in extra:
            extra.append(full)
    return f"{query} ({'; '.join(extra)})" if extra else query


# "What is Mekovit?", "What's Euromaidan?", "Who are the Ansarallah?", "What role does Qatar play, according to the
# articles?": questions that ask for nothing but what the articles say of a name
_SUBJECT_ONLY = re.compile(r"^\s*(?:(?:what|who)(?:\s+(?:is|are|was|were)|['’]s)\s+(?:the\s+|an?\s+)?(?P<x>[^?,]+?)|"
                           # "What happened to Nord Stream?", "Tell me about Site 512."
                           r"(?:what\s+(?:has\s+)?happened\s+to|(?:please\s+)?tell\s+me\s+about)\s+(?:the\s+)?(?P<z>[^?,]+?)|"
                           r"what (?:role|part) "
                           r"(?:does|do|did|has|have|is|are) (?:the\s+)?(?P<y>[^?,]+?) (?:play|played|playing)(?: in [^?,]+)?)"
                           r"(?:,? according to [^?]+)?\s*[?.!]?\s*$", re.I)


def subject_asked(question: str) -> str | None:
    """The name a question asks about and nothing else ("Mekovit" in "What is Mekovit?"), or None: a name
    is up to five words, each capitalised or a number ("Site 512")."""
    m = _SUBJECT_ONLY.match(question)
    name = m and (m.group("x") or m.group("y") or m.group("z"))
    words = name.split() if name else []
    if not words or len(words) > 5 or not all(w[:1].isupper() or w.isdigit() for w in words):
        return None
    return " ".join(words)
