"""Which articles a question confines itself to (pure): "…, according to the news report?", "What does
Yossi Aharoni say about Trump?", "In the opinion piece, why …?".

The words that name the articles are not what the question asks about: they are taken out of the
query (a sentence holds "Trump", not "Yossi Aharoni"), and the articles they name become the search's
filter. An article is named by its kind (when the articles' metadata gives kinds), its author or its
outlet. Articles whose metadata states no kind stay in every kind's filter: "the news report" never
hides an article that may be one, only those marked as another kind (an opinion piece).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .documents import Document

_KINDS = {"opinion": r"opinion (?:piece|article|column)|op-?ed|column|editorial|commentary",
          "news": r"news (?:report|article|story)|report",
          "analysis": r"analysis"}
_KIND_WORDS = "|".join(f"(?P<{k}>{p})" for k, p in _KINDS.items())
# "according to the news report", "per the news report", "in the opinion piece", "in the (Gaza) article" (no
# kind: the words only)
_BY_KIND = re.compile(rf",?\s*\b(?:according to|(?:as )?per|in|from|by)\s+(?:the|this|that)\s+"
                      rf"(?:(?-i:[A-Z])[\w’'-]*\s+){{0,3}}"
                      rf"(?:{_KIND_WORDS}|article|piece|"
                      rf"story|text|author|writer)\b(?![’'-])(?:\s+by\s+(?P<author>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){{0,3}}))?", re.I)

# an author named as the one speaking: "What does Yossi Aharoni say", "according to Aharoni", "Aharoni's"
SPEAKS = (r"(?:say|says|said|write|writes|wrote|argue|argues|argued|think|thinks|thought|claim|claims|claimed|"
           r"believe|believes|suggest|suggests|describe|describes|see|sees|mean|means|conclude|concludes|"
           r"cite|cites|quote|quotes|mention|mentions|mentioned|list|lists|name|names)\b")

_WH = r"(?:what|how|who|whom|whose|which|where|when|why)"
# the article as the one judging: "Who does Aharoni blame …?", "What does Aharoni call Kyiv's goal?"
JUDGES = (r"(?:blame|blames|accuse|accuses|critici[sz]e|critici[sz]es|call|calls|consider|considers|view|views|"
           r"warn|warns|predict|predicts|expect|expects|fear|fears|hold|holds|want|wants)\b")
# "What does the news report say about Iran?": the articles of that kind, the question's words kept
# ("Does the news report mention Iran?", "Does the news report name its author?" likewise)
_KIND_SAYS = re.compile(rf"(?:\b{_WH}\b(?:\s+[\w’'-]+){{0,3}}? (?:does|did|do)|^\s*(?:does|did)) the (?:{_KIND_WORDS})\s+"
                        rf"(?:{SPEAKS}|{JUDGES}|(?:mention|discuss|cover|report|refer|name|give|have|has|carr(?:y|ies)|"
                        r"list|credit|count|tall(?:y|ie)|estimate|put)s?\b)",
                        re.I)
# ... or as the one holding a view: "Is it the op-ed's own view that …?", "What is the news report's claim?"
_KIND_OWN = re.compile(rf"\bthe (?:{_KIND_WORDS})(?=[’']s\s+(?:own\s+)?(?:views?|claims?|arguments?|positions?|opinions?|"
                       r"points?|thesis|words|assertions?|stance|figures?|numbers?|counts?|estimates?|accounts?|"
                       r"versions?)\b)", re.I)
# "Who does the article say will find it hard to de-escalate?" asks "Who will find it hard to de-escalate?",
# "Who does the article blame for the escalation?" "Who for the escalation?" (the article is the filter)
# (but "What does the article say about Iran?" keeps its words: "about Iran" alone says too little)
_SAYS_CLAUSE = re.compile(rf"^(?P<wh>{_WH}\b(?:\s+[\w’'-]+){{0,3}}?)\s+(?:does|did|do)\s+the\s+"
                          r"(?:article|piece|op-?ed|story|column|editorial|author|writer)\s+"
                          # (not a verb whose object is what is asked about: "How does it describe Ukraine's conduct?")
                          r"(?!(?:describe|see|portray|view|depict|treat|characteri[sz]e)s?\b)"
                          rf"(?:{SPEAKS}|{JUDGES})(?:\s+that\b)?(?!\s+(?:about|of|on|in|regarding|concerning|to|so)\b|\s*[?.!]*$)",
                          re.I)


@dataclass(frozen=True)
class Scope:
    query: str  # the question without the words that name articles
    doc_ids: list[str] | None  # the articles named; None: every article


def _authors(question: str, docs: Sequence[Document]) -> tuple[list[str], list[tuple[int, int]]]:
    """The articles whose author the question names (full name, or surname as a word), and where."""
    ids, spans = [], []
    words = {w.lower() for w in re.findall(r"[\w’'.-]+?(?=’s|'s|[^\w’'.-]|$)", question)}
    for doc in docs:
        if not doc.author or doc.author.split()[-1].lower() not in words:  # most articles: one set look-up
            continue
        for name in dict.fromkeys([doc.author, doc.author.split()[-1]]):
            n = re.escape(name)
            m = re.search(rf"\b(?:according to|(?:as )?per|by)\s+{n}\b|\b{n}(?:’s|'s)\b|"
                          rf"\b{n}(?=\s+(?:{SPEAKS}|{JUDGES}))", question, re.I)
            if m and len(name) > 2:
                ids.append(doc.id)
                spans.append(m.span())
                break
    return ids, spans


def scope_of(question: str, docs: Sequence[Document]) -> Scope:
    """The question's scope over ``docs``: a filter, and the query without the naming words."""
    ids: set[str] | None = None
    cut: list[tuple[int, int]] = []
    m = _BY_KIND.search(question) or _KIND_SAYS.search(question) or _KIND_OWN.search(question)
    if m:
        kind = next((k for k in _KINDS if m.group(k)), None)
        if kind:
            kept = {d.id for d in of_kind(docs, kind)}
            ids = kept if kept and len(kept) < len(docs) else None
        if m.re is _BY_KIND:
            cut.append(m.span())
        else:  # "What does the news report say …": the kind's words are not searched for
            kind_words = (m.start(kind), m.end(kind)) if kind else None
            if kind_words:
                question = question[:kind_words[0]] + "article" + question[kind_words[1]:]
    # "What are the ATACMS, in the author's words?": the article's own words are what a quote gives anyway
    cut += [w.span() for w in IN_ITS_WORDS.finditer(question) if not any(a <= w.start() < b for a, b in cut)]
    author_ids, author_spans = _authors(question, docs)
    if author_ids:
        ids = set(author_ids) if ids is None else (ids & set(author_ids)) or set(author_ids)
        cut += [s for s in author_spans if not any(a <= s[0] < b for a, b in cut)]
    if not cut:
        return Scope(_says_clause(question), sorted(ids) if ids is not None else None)
    query = question
    for a, b in sorted(cut, reverse=True):
        named = question[a:b].lower()
        replacement = ("" if (a, b) not in author_spans or named.startswith(("according", "by", "per", "as per"))
                       # "What is Aharoni's conclusion?": the author's (the article's last paragraph)
                       else " the author's" if named.endswith(("’s", "'s")) and _CONCLUSION.match(question, b)
                       else " the" if named.endswith(("’s", "'s")) else " the article")
        query = query[:a] + replacement + query[b:]
    query = re.sub(r"[\s,;:]+([?,.!])", r"\1", " ".join(query.split())).strip(" ,")
    query = query[:1].upper() + query[1:]
    if len(re.findall(r"\w+", query)) < 3:  # too little left to search with: keep the question whole
        query = question
    return Scope(_says_clause(query), sorted(ids) if ids is not None else None)


IN_ITS_WORDS = re.compile(r",?\s*\bin (?:the (?:author|writer|article|piece|op-?ed|report)['’]s|its|his|her|their) "
                           r"(?:own )?words\b", re.I)
_A_KIND = re.compile(rf"\bthe\s+(?:(?:two|three|\d+)\s+)?(?:{_KIND_WORDS})s?\b", re.I)  # "the two opinion pieces" too
_CONCLUSION = re.compile(r"\s+(?:final\s+|main\s+)?conclusions?\b", re.I)


def of_kind(docs: Sequence[Document], kind: str) -> list[Document]:
    """The articles of a kind, and those of no stated kind: never those marked as another kind."""
    return [d for d in docs if d.kind in (kind, "article")]


def kind_named(question: str) -> str | None:
    """The kind of article a question names anywhere ("When was the news report about Israel published?")."""
    m = _A_KIND.search(question)
    return next((k for k in _KINDS if m.group(k)), None) if m else None


def names_articles(question: str, docs: Sequence[Document]) -> bool:
    """Whether the question names the articles it asks of ("the news report", "Aharoni's piece")."""
    scope = scope_of(question, docs)
    # ("Which other targets are named?" is asked as "Which other targets?", of no article)
    passive = _MENTIONED.match(question)
    return scope.doc_ids is not None or scope.query != question and not (passive and not passive["article"])


# "Which crossing does the article mention?", "Which US secretary is mentioned?": what is asked is "Which
# crossing?" (the article is the filter)
_MENTIONED = re.compile(rf"^(?P<wh>{_WH}(?:\s+[\w’'-]+){{1,3}}?)\s+(?:(?P<article>(?:does|did|do)\s+the\s+"
                        r"(?:article|piece|op-?ed|story|column|editorial|author|writer))\s+"
                        r"(?:mention|name|cite|quote|list|discuss|describe|refer to|count|tally|estimate)|"
                        r"(?:is|are|was|were|gets?|got)\s+"
                        r"(?:mentioned|named|cited|quoted|listed|discussed|described|referred to))\s*[?.!]*$", re.I)


# "Does the news report name the Marine unit?" asks which unit it is (a thing named by a common noun; "Does
# it name Iran?" and "Does it name its author?" are asked otherwise)
_NAMES_THE = re.compile(r"^(?:does|did) the (?:article|piece|op-?ed|story|column|editorial|author|writer)\s+"
                        r"(?:name|identify|specify)\s+(?:the|a|any)\s+(?P<x>(?:[\w’'-]+\s+){0,3}[a-z][\w-]*)\s*[?.!]*$",
                        re.I)


def _says_clause(query: str) -> str:
    """The question inside "Who does the article say …?" (the article is the filter already)."""
    mentioned = _MENTIONED.match(query)
    if mentioned:
        return f"{mentioned.group('wh')}?"
    named = _NAMES_THE.match(query)
    if named:
        return f"Which {named.group('x')}?"
    m = _SAYS_CLAUSE.match(query)
    if not m:
        return query
    # "Which forces does the op-ed list as having joined?": "Which forces have joined?"
    rest = re.sub(r"^as\s+having\b", "have", query[m.end():].strip(), flags=re.I)
    if len(re.findall(r"\w+", rest)) < 2:
        return query
    # "What does the author think Biden's motive was?": "What was Biden's motive?"
    last = re.match(r"^(?P<x>.+?)\s+(?P<v>is|was|are|were)\s*(?P<end>[?.!]*)$", rest)
    return f"{m.group('wh')} {last['v']} {last['x']}{last['end']}" if last else f"{m.group('wh')} {rest}"
