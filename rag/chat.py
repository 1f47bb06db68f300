"""Conversations (pure): a follow-up question and the chat history become a standalone search query.

"What range do they have?" after "What are ATACMS missiles?" searches for
"What range do they have? ATACMS missiles": a follow-up that leans on the conversation (a pronoun,
or too few words of its own) keeps its own words and borrows the subject of the conversation: the
words of the nearest earlier question that names something, so that a third turn ("Who authorized
sending them?") still asks about ATACMS and not about the second turn's "far reach". When the last
question asked who, and the follow-up asks about a person ("What did he say?" after "Which general
admitted defeat?"), the name the last answer opened with is the subject.

History is a list of {"role": "user" | "assistant", "content": str}, the chat's own format.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from .errors import QuestionError
from .attribution import ARTICLE_NOUNS, asked_source, asks_only_what_was_said
from .chunking import sentence_spans
from .lexical import stem, tokenize, with_kin
from .reading import CLAIM_MADE, PERSON, REASON, asked_nouns, name_runs, question_type, subject_asked

_ANAPHORA = {"they", "them", "their", "theirs", "it", "its", "this", "that", "these", "those", "he", "him",
             "his", "she", "her", "there", "then", "such", "same", "other", "others"}
# "it" and "that" that stand for nothing said before: "find it hard to", "it is impossible to", "say that …"
_NOT_ANAPHORA = re.compile(r"\b(?:finds?|found|making|makes?|made|considers?|considered|keeps?|kept)\s+it\s+(?:hard|harder|"
                           r"difficult|easy|easier|impossible|possible|necessary|clear|likely|unlikely)\b|"
                           r"\bit\s+(?:is|was|would be|will be|has been)\s+(?:hard|difficult|easy|impossible|possible|"
                           r"necessary|clear|likely|unlikely|important|true)\s+(?:to|that)\b|"
                           r"\b(?:says?|said|claims?|claimed|argues?|argued|believes?|believed|thinks?|thought|writes?|"
                           r"wrote|reports?|reported|suggests?|suggested)\s+that\b(?!\s*[?.!]*$)"
                           # but "Does it think that can be done?": a verb right after "that" makes it the subject
                           r"(?!\s+(?:can|could|will|would|should|might|may|must|is|was|has|had|does|did)\b)", re.I)
# (and a fragment adding to the last question: "including in which region?", "especially where?")
_FOLLOW_UP_OPENERS = re.compile(r"^(?:and|but|so|also|what about|how about|why|how come|including|excluding|"
                                r"especially|particularly|besides|except|even)\b", re.I)
_CONJUNCTION = re.compile(r"^\s*(?:and|but|so|also)\b,?\s*(?=(?:what|which|who|whom|whose|when|where|why|how|does|do|did|is|"
                          r"are|was|were|has|have|had|can|could|will|would|should)\b)", re.I)
_STOP = {
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "but", "is", "are", "was", "were", "be",
    "been", "do", "does", "did", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "that",
    "this", "these", "those", "it", "its", "they", "them", "their", "he", "she", "his", "her", "about", "with",
    "by", "from", "as", "at", "into", "than", "then", "there", "have", "has", "had", "can", "could", "would",
    "should", "will", "say", "says", "said", "tell", "me", "us", "we", "you", "i", "any", "all", "more", "much",
    "many", "some", "also", "according", "article", "articles", "think", "so", "not", "no", "mention",
    "mentions", "mentioned", "mean", "means", "meant", "under", "over", "against", "between", "within",
    "without", "through", "among", "upon", "per",
    # the words naming an article ("the news report", "the opinion piece", "the author"): never the subject
    "piece", "pieces", "report", "reports", "news", "opinion", "author", "writer", "op-ed",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text)


def content_words(text: str) -> list[str]:
    """The words that say what a question is about; a number only as part of a name ("Site 512")."""
    words = _words(text)
    # (and not "where's", "what's": a stop word with its "is" joined on)
    return [w for i, w in enumerate(words) if re.sub(r"[’']s$", "", w.lower()) not in _STOP and not w.isdigit()
            or w.isupper() and len(w) > 1 or w.isdigit() and i and words[i - 1][:1].isupper()]


# "How many does the op-ed count?": a count of what the conversation spoke of, the thing left unsaid
_HOW_MANY_OF_IT = re.compile(r"^\s*(?:(?:and|so|but)\s+)?how (?:many|much)\s+(?:do|does|did|are|is|were|was|have|has|had|"
                             r"will|would|can|could)\b", re.I)


def needs_context(question: str, earlier: str = "") -> bool:
    """Whether a question leans on the conversation: a pronoun, too few words of its own, an opener
    ("and", "what about"), a response to nothing named ("How did Putin respond?"), only names the
    conversation already holds and a word or two more ("What did Biden decide?" after an answer quoting
    Biden), or no name at all and a definite description of what it already spoke of ("Who runs the base?")."""
    opener = _CONJUNCTION.match(question)
    if opener:  # "And does the op-ed mention humanitarian aid?": a question of its own, to an article, after the "and"
        rest = question[opener.end():]
        said = {w.lower() for w in _words(earlier)}
        if _AN_ARTICLE.search(rest) and not needs_context(rest, earlier) and \
                len([w for w in content_words(rest) if w.lower() not in said]) > 1:
            return False
    words = [w.lower() for w in _words(_NOT_ANAPHORA.sub(" ", question))]
    if (_ANAPHORA & set(words) or _FOLLOW_UP_OPENERS.match(question.strip()) or _DID_THAT.search(question)
            or _RESPONSE.search(question) or _COMPARED.search(question) or _HOW_MANY_OF_IT.match(question)):
        return True  # (and "Who else thinks so?", whose "so" is what was just said)
    if len(content_words(question)) <= 1:  # "When?", "Why not?"; but "What is Mekovit?" asks of a name of its own,
        name = subject_asked(question)     # and "What does the news report say about logistics?" of its article
        return not (content_words(question) and _AN_ARTICLE.search(question)) and (
            not name or name.lower() in earlier.lower())
    names = {w for run in name_runs(question) for w in run}
    said = set(_words(earlier))
    if not names:  # "Who runs the base?" after an answer on Site 512: "the base" is the one it spoke of (and "Who is
        # mediating the talks?" after one on "discussions facilitated by Qatar": the same thing in other words)
        described = _DEFINITE.finditer(_AN_ARTICLE.sub(" ", question))  # not "the opinion piece"
        return _held_as_kin([w for m in described for w in content_words(m.group(1)) if len(w) > 3], earlier) > 0
    return names <= said and len([w for w in content_words(question) if w not in names]) <= 2


def _held_as_kin(words: list[str], text: str) -> int:
    """How many of the words the text holds as themselves or as their kin ("shows": "evidence")."""
    told = set(tokenize([text])[0])
    return sum(bool(with_kin({stem(w)}) & told) for w in words)


# "How did Putin respond?", "What was Egypt's reaction?": a response to what the conversation spoke of
_RESPONSE = re.compile(r"\b(?:respond|responded|react|reacted|reply|replied|retaliate|retaliated)\s*[?.!]*$|"
                       r"\b(?:response|reaction|reply)\s*[?.!]*$", re.I)

# "How does the news report's figure compare?": compared with what the conversation spoke of
_COMPARED = re.compile(r"\b(?:compare[sd]?|differ(?:s|ed)?)\s*[?.!]*$", re.I)

# a definite description: "the base", "the smaller operations"
_DEFINITE = re.compile(r"\b(?:the|that|this|these|those)\s+((?:[a-z][\w-]*\s+)?[a-z][\w-]*)")


_PERSONAL = {"he", "him", "his", "she", "her", "hers"}
_PLURAL = {"they", "them", "their", "theirs"}
_WHO_IS = re.compile(r"(?:who|whom)\b", re.I)  # a question asking who someone is names a person


def turns(history: Iterable) -> list[tuple[str, str]]:
    """(role, text) of each message of a history of {"role", "content"} dicts or (user, bot) pairs."""
    out = []
    for item in history or []:
        if isinstance(item, Mapping):
            if item.get("role") in ("user", "assistant") and isinstance(item.get("content"), str):
                out.append((item["role"], item["content"]))
        elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            out.append(("user", item[0]))
            if len(item) > 1 and isinstance(item[1], str):
                out.append(("assistant", item[1]))
    return out


def _messages(pairs: list[tuple[str, str]]) -> list[dict]:
    """(role, text) pairs (``turns``) as the {"role", "content"} history they came from."""
    return [{"role": role, "content": text} for role, text in pairs]


NONE_MENTIONS = "none of them mentions"  # how an answer says that a question names what no article does

HISTORY_FORMAT = 'a JSON list of {"role": "user" or "assistant", "content": "..."}'


def check_history(history) -> list[dict]:
    """A conversation given by a script, checked: a list of {"role", "content"} messages."""
    if history is None:
        return []
    if not isinstance(history, list):
        raise QuestionError("the history must be a list of messages", f"give {HISTORY_FORMAT}")
    for i, m in enumerate(history):
        if (not isinstance(m, Mapping) or m.get("role") not in ("user", "assistant")
                or not isinstance(m.get("content"), str)):
            raise QuestionError(f"message {i + 1} of the history is not a user or assistant message with text",
                                f"give {HISTORY_FORMAT}")
    return [{"role": m["role"], "content": m["content"]} for m in history]


_MORE = re.compile(r"\b(?:else|another|besides|apart from that|also)\b|\b(?:any|what|anything|something)\s+more\b|"
                   r"\b(?:what|which|any|the) others?\b|\bdisagrees?\b|\bcontradicts?\b|"
                   # "Who agrees with that?": a voice other than the one just quoted
                   r"\b(?:who|anyone|anybody)\s+(?:\w+\s+)?(?:agrees?|concurs?)\b", re.I)
# things listed, each in a few words: "Latvia, Estonia and Turkey", "the Crimean Bridge, bridges in Kursk, …, and"
_LIST = re.compile(r"(?:,\s*(?:[^\s,.;:]+\s+){0,4}[^\s,.;:]+)+,?\s+and\b")
_DEEDS = re.compile(r"(?:,\s+(?:and\s+)?[a-z]+ed\b[^,.;]*){2,}")  # "…, engaged …, conducted …, and stopped …"
# ("What else did they do?", or do of the deeds listed: "what else did they fire at Israeli cities?")
_DID_MORE = re.compile(r"^\s*(?:and\s+)?what\s+else\s+(?:did|do|does|have|has|had)\s+(?:they|he|she|it|we)\s+(?P<v>[a-z]+)\b",
                       re.I)
# ... and two things joined: "the deployment of a second aircraft carrier … and the sending of …"
_PAIR = re.compile(r"\b(?:the|a|an)\s+[^,.;:]+?\s+and\s+(?:the|a|an)\s+", re.I)
# "Did any other country refuse too?" (and "Did Jordan do the same?", _SAME; "Who else refused a similar
# plan?"): another who did what was told
_TOO = re.compile(r"\b(?:too|as well|likewise)\s*[?.!]*$|^\s*(?:and\s+)?(?:(?:did|does|do|has|have|had|is|was|were|would|"
                  r"will)\s+)?(?:who|anyone|anybody|someone|somebody)\s+else\b", re.I)  # "Did anyone else reject it?"


def _written_in(word: str, text: str) -> bool:
    """Whether the text writes the word in some form: its opening letters ("fire": "fired", "presence")."""
    return bool(re.search(rf"\b{re.escape(word[:max(4, len(word) - 3)])}", text, re.I))


def quoted_before(question: str, history: Iterable | None) -> list[str]:
    """The conversation's answers, when the question asks for more ("What else did he say?"): the
    answer to it is something none of them quoted (a quote may hold quotation marks of its own, so the
    answers are kept whole); or what each answer led with, when it asks who else did the same (another
    article's sentence an answer showed after its lead may be that other)."""
    if _SAME.search(question) or _TOO.search(question):
        # (not a quote naming several people, one not asked about: "Who else declared it?" after "What did he
        # declare?" of Netanyahu, answered "… officials, including Defense Minister Yoav Gallant and Prime
        # Minister Benjamin Netanyahu, declared …": Gallant is the other)
        asked = " ".join(text for role, text in turns(history) if role == "user")
        return [quote for role, text in turns(history) if role == "assistant" for quote in first_quotes(text)
                if not _names_another(quote, asked)]
    answers = [text for role, text in turns(history) if role == "assistant"]
    if _HAPPEN_TO.search(question) and _FUTURE.search(question) and answers:
        # "What could happen to them?" after a quote naming them: what befalls them, which that quote did not tell
        return first_quotes(answers[-1])
    if not _MORE.search(question):
        return []
    # "What other targets does he list?" after a quote listing them ("… such as the Crimean Bridge, bridges in
    # Kursk, downtown shopping centers …, and …"): the others are in that list, which may be quoted again
    quotes = first_quotes(answers[-1]) if answers else []
    lead = quotes[0] if quotes else ""
    # (a direct answer's sentence, quoted "In full" after it: "… stationed 2,000 special forces soldiers …, bolstered
    # their forces and boosted the number of combat aircraft …, and recruited military advisors.")
    lead = next((quote for quote in quotes[1:] if lead and lead in quote), lead)
    words = [w.lower() for w in content_words(question) if not _MORE.search(w)]
    held = sum(_written_in(w, lead) for w in words)
    # (or two things joined, of which the question asks in the lead's own words or their kin: "What else shows the
    # increased presence?", "… the stronger presence?" after "The deployment of a second aircraft carrier … and the
    # sending of Air Force fighter jets are evidence of this increased presence.")
    # (and "What else did they do?" after a list of their deeds: "… have fired missiles …, engaged the enemy …,
    # conducted an operation …, and stopped …")
    did = _DID_MORE.search(question)
    if did and did.group("v").lower() not in ("do", "done"):  # a deed of the list's own
        did = _written_in(did.group("v"), lead)
    if _LIST.search(lead) and held or _DEEDS.search(lead) and did or \
            _PAIR.search(lead) and max(held, _held_as_kin(words, lead)) >= 2:
        return [a for a in answers if lead not in a]
    return answers


# "What does that mean in practice?" asks what "that" means, nothing more
_PLAINLY = r"in practice|exactly|concretely|in (?:plain|real|practical|simple) terms"
# "Is that realistic?", "Is it true?": of the claim just quoted
_REALISTIC = (r"\b(?:is|was|are|were)\s+(?:that|this|it)\s+(?:realistic|possible|achievable|feasible|likely|plausible|"
              r"true|accurate|right|correct)\b"
              # "Does the op-ed think that can be done?", "Can that work?"
              r"|\b(?:(?:that|this|it)\s+(?:can|could)|(?:can|could)\s+(?:that|this|it))\s+"
              r"(?:be\s+(?:done|achieved|accomplished)|work|succeed)\b")
# "What happened next?", "Where did they move after that?", "How did Biden respond?", "Is that realistic?":
# what follows what the last answer quoted
# ("Where did it go from there?" asks where next; "What is fired from there?" asks what, from that place)
_NEXT = re.compile(r"\b(?:after that|afterwards?|next|and then|then what|in (?:response|return|reply)|"
                   r"(?:go|goes|went|gone|move[sd]?|moving|head(?:s|ed)?|turn(?:s|ed)?|proceed(?:s|ed)?|advance[sd]?)"
                   r"(?:\s+on)?\s+from there|"
                   r"respond(?:s|ed)?|react(?:s|ed|ion)?|repl(?:y|ies|ied)|response|answer(?:s|ed)?)\b|"
                   # "So what does that mean for Ukraine?": what the article draws from it, right after
                   rf"\bwhat (?:does|did|would|will) (?:that|this) mean(?:\s+(?:for\s+[^?.!]+|{_PLAINLY}))?|"
                   # "such as?": the examples the article gives, right after what it was asked for
                   r"^\s*(?:(?:and|so)\s+)?(?:such as|like what|for (?:example|instance)|(?:any |some |give me some )?"
                   r"examples?)\s*[?.!]*$|"
                   + _REALISTIC, re.I)  # what the article says of the claim it just made, right after it
# "What isn't included in that tally?", "What does that leave out?": what the article sets beside a count or a
# list it just gave is told right after it ("And that’s without even taking into account …")
LEFT_OUT = re.compile(r"\b(?:is|are|was|were)(?:n[’']t| not)\s+(?:even\s+)?(?:included|counted|listed|covered)\b|"
                      r"\b(?:leaves?|left|leaving)\s+out\b|\bexcluded\b", re.I)
_HAPPEN = re.compile(r"\bhappen(?:s|ed|ing)?\b", re.I)
# to what was just quoted ("What could happen to them?", "what could Russia now do to them?")
_HAPPEN_TO = re.compile(r"\b(?:happen|do)\s+to\s+(?:them|it|him|her|those|these)\b", re.I)
# ... but "What could they do next?" asks what may yet happen, which the article need not tell next
_FUTURE = re.compile(r"\b(?:could|would|might|will|may|shall|plans?|intends?|going to)\b", re.I)


# "What did the Israeli army do after seizing farmland?", "What happened after Israel seized the farmland?":
# what the article tells right after it tells that deed
# (a deed told in a clause: "after Zelensky asked for Tomahawks", not "after the ATACMS decision")
_CLAUSE = r"(?!(?:that|this|it|then)\b)[^?]*?\b[a-z]+ed\b[^?]*?"
_AFTER_DOING = re.compile(r"^\s*(?:and\s+)?what\s+(?:did|does|do|has|have|had|will|would)\s+(?P<who>.+?)\s+do\s+"
                          rf"after\s+(?:(?P<doing>[a-z]+ing\b[^?]*?)|(?P<clause>{_CLAUSE}))\s*[?.!]*$|"
                          r"^\s*(?:and\s+)?what\s+happened\s+(?:right\s+|just\s+)?after\s+"
                          rf"(?P<event>{_CLAUSE})\s*[?.!]*$", re.I)


def deed_before(question: str) -> tuple[str, list[str]] | None:
    """The deed a question asks what came after ("the Israeli army seizing farmland"), and the questions
    asking what came next to ask of it in turn (of its doer first: "What did Biden do next?"); or None."""
    m = _AFTER_DOING.match(question)
    if not m:
        return None
    who = m.group("who")
    deed = m.group("event") or m.group("clause") or f"{who} {m.group('doing')}"
    return deed, [*([f"What did {who} do next?"] if who else []), "What happened next?"]


def beside_next(question: str) -> str:
    """The question without its words asking what came next: "How did Biden respond?" -> "How did Biden ?"."""
    return _HAPPEN.sub(" ", _NEXT.sub(" ", question))


# "What are some of those goals?" (or "What were their goals?") after "… with clear goals.": the article goes on
# to name them
# (or "name one of those objectives", which the article goes on to name as "these objectives")
_THOSE = re.compile(r"^\s*(?:and\s+)?(?:(?:what|which) (?:are|were|is|was)|name|list|give(?:\s+me)?)\s+"
                    r"(?:(?:one|some|any|all|a few|two|three) of\s+)?(?P<which>those|these|the|their|its)\s+"
                    r"(?:(?:new|other|main|specific|actual|exact)\s+)?([a-z]+?)s\s*[?.!]*$", re.I)


def things_pointed_back(question: str) -> str | None:
    """The things a question asks some of, pointing back at them ("goal" of "What are some of those goals?", of
    "name one of those objectives" "objective"); else None."""
    those = _THOSE.match(question)
    return those.group(2) if those else None


def quoted_last(question: str, history: Iterable | None) -> list[str]:
    """What the last answer quoted from its first source, when the question asks what came after it
    ("What happened next?", "How did Biden respond?") or asks after things that quote names ("those
    goals"); otherwise nothing."""
    if not history:
        return []
    quotes = first_quotes(last_reply(history))
    those = _THOSE.match(question)
    # (things pointed back at with "those" that the quote calls otherwise: "those objectives" after "… clear goals")
    if those and (those.group("which").lower() in ("those", "these")
                  or any(re.search(rf"\b{re.escape(those.group(2))}s?\b", q, re.I) for q in quotes)):
        return quotes
    if LEFT_OUT.search(question):
        return quotes
    if not _NEXT.search(question) or (_FUTURE.search(question) and not re.search(_REALISTIC, question, re.I)):
        return []
    # "How did Russia respond to it?" after "… Russia has supposedly stationed 40,000 to 50,000 troops in response
    # to the Ukrainian Kursk offensive …": the quote told the response itself
    if _RESPONSE_ASKED.search(question) and any(IN_RESPONSE.search(q) for q in quotes):
        return []
    # "and what was Biden's answer to Zelensky?" after "Russia has stated that …" and "Knowing this, Biden told
    # Zelensky this was a non-starter.": a quote after the first, naming all those the question names, told it
    names = [" ".join(run) for run in name_runs(question)]
    if _RESPONSE_ASKED.search(question) and names and any(all(re.search(rf"\b{re.escape(n)}\b", q) for n in names)
                                                          for q in quotes[1:]):
        return []
    return quotes


IN_RESPONSE = re.compile(r"\bin (?:response|reaction|retaliation|reply) to\b", re.I)
_RESPONSE_ASKED = re.compile(r"\b(?:respond(?:s|ed)?|react(?:s|ed|ion)?|repl(?:y|ies|ied)|response|answer(?:s|ed)?)\b", re.I)


_THAT_ARTICLE = re.compile(r"\b(?:(?:that|this|the same) (?:article|piece|op-?ed|report|story|one)|it|"
                           r"(?:this|that)(?= (?:reported|published|written)\b))\b", re.I)  # "When was this reported?"


# "its" of what an article has ("What is its main point?", "Does it name its author?"); not "Who is behind its
# expansion?" (a base's), which is no question about an article
_ITS = re.compile(r"\bits\b(?=\s+(?:(?:main|central|overall|key|chief|publication|first|last|closing|opening)\s+)?"
                  r"(?:points?|arguments?|thesis|message|gist|authors?|writers?|byline|date|headline|title|kind|type|"
                  r"outlet|publisher|sources?|summary|conclusions?|length|opening|paragraphs?|tags?|figures?)\b)", re.I)
# "What does he conclude?", "What is her conclusion?": an author concludes (the article's last paragraph)
# ("What is his final judgment?" likewise)
FINAL_SAY = r"(?:final|last|overall) (?:word|say|thoughts?|verdicts?|judg(?:e)?ments?|assessments?)"
_HE_CONCLUDES = re.compile(rf"\b(?:he|she)(?= (?:conclude|end)s?\b)|\b(?:his|her)(?= (?:conclusions?|{FINAL_SAY})\b)",
                           re.I)


def the_author(pronoun: re.Match) -> str:
    """What a pronoun standing for an article's author becomes: "his" "the author's", "he" "the author"."""
    return "the author's" if pronoun.group().lower() in ("his", "her") else "the author"


def about_that_article(question: str) -> str | None:
    """"Who wrote that article?", "When was it published?" (after an answer): the question about "the
    article", to be asked of the articles the last answer quoted; None when it refers to none."""
    if _HE_CONCLUDES.search(question):
        return _HE_CONCLUDES.sub(the_author, question, count=1)
    if not _THAT_ARTICLE.search(question):
        # "What is its main point?": the article's ("What is its range?" becomes a question about no article's
        # metadata either way, and is asked as it stands)
        return _ITS.sub("the article's", question, count=1) if _ITS.search(question) else None
    return _THAT_ARTICLE.sub("the article", question, count=1)


# "And the Gaza article?", "What about the news report?", "What does the news report say?": the last
# question, asked of that article
_ARTICLE_PHRASE = r"(?:the|that|this)\s+(?:[\w’'-]+\s+){0,3}?(?:article|piece|op-?ed|report|story|column|editorial)"
_ONLY_ARTICLE = re.compile(rf"^\s*(?:(?:and|but|so)\s+)?(?:(?:what|how)\s+about\s+|in\s+|according\s+to\s+|"
                           rf"(?:what|how)\s+(?:does|do|did)\s+)?(?P<a>{_ARTICLE_PHRASE})(?:\s+(?:say|report|think|write|"
                           r"argue|claim|tell us)|['’]s(?:\s+(?:take|view|position|stance|version|account|answer))?)?"
                           r"\s*[?.!]*\s*$", re.I)  # (not "… say about it?": its subject; "And the op-ed's?" is its take)
_AN_ARTICLE = re.compile(rf"\b{_ARTICLE_PHRASE}\b", re.I)
# "Does the Gaza article agree?", "Does the other article say the same?": what the last answer quoted, in that article
# ... and "Do they agree?", "Do both articles say the same?": the articles the conversation's answers led with
_BOTH = r"they|both(?: of them| articles| pieces)?|the two(?: articles| pieces)?"
_AGREES = re.compile(rf"^\s*(?:(?:and|but|so)\s+)?(?:does|do|did|would|will)\s+(?P<a>{_ARTICLE_PHRASE}|the other one|"
                     rf"{_BOTH})\s+"
                     r"(?:agree|concur|disagree|differ|say the same(?: thing)?|say so|say that|report the same(?: thing)?|"
                     r"back (?:that|this|it) up|confirm (?:that|this|it)|see it the same way)"
                     r"(?:\s+(?:too|as well|with (?:that|this|it|them|him|her)))?\s*[?.!]*\s*$|"
                     # "Do they agree that Hezbollah is involved?": the two the conversation quoted, on its point
                     rf"^\s*(?:(?:and|but|so)\s+)?(?:do|did)\s+(?P<b>{_BOTH})\s+agree\s+that\s+[^?]+[?.!]*\s*$", re.I)


# "Are they the same troops?" after each article's count: whether what the two articles said is one thing
_SAME_THING = re.compile(r"^\s*(?:(?:and|but|so)\s+)?(?:are|were|is)\s+(?:they|these|those|both|the two)\s+(?:really\s+)?"
                         r"(?:the\s+)?same(?:\s+[\w-]+){0,3}\s*[?.!]*\s*$", re.I)
# "Is that the same 2,000 the op-ed talks about?", "Are they the same troops as in the Gaza piece?": the last
# answer's point, set beside that article's
_SAME_AS = re.compile(r"^\s*(?:(?:and|but|so)\s+)?(?:are|were|is|was)\s+(?:they|these|those|that|this|it)\s+(?:really\s+)?"
                      r"(?:the\s+)?same(?:\s+[\w,’'-]+){0,3}?\s+(?:as\s+(?:in\s+)?|that\s+|which\s+)?"
                      rf"(?P<a>{_ARTICLE_PHRASE})(?:['’]s)?(?:\s+(?:talks?\s+about|mentions?|describes?|reports?|"
                      r"speaks?\s+of|writes?\s+about|refers?\s+to|cites?|has|gives?))?\s*[?.!]*\s*$", re.I)


# "How does the news report's figure compare?", "How does that compare with the news report?": set side by side
_COMPARES = re.compile(rf"^\s*(?:(?:and|but|so)\s+)?how\s+(?:does|do|did)\s+(?:(?P<a>{_ARTICLE_PHRASE})(?:['’]s\s+"
                       r"(?:figure|number|count|account|version|estimate|tally|view|take|description))?\s+compare|"
                       rf"(?:that|this|it)\s+compare\s+(?:with|to)\s+(?P<b>{_ARTICLE_PHRASE}))\s*[?.!]*\s*$", re.I)


def agreement_asked(question: str) -> str | None:
    """The article a question asks to agree or not with the last answer ("the Gaza article" in "Does the
    Gaza article agree?" and "How does the Gaza article's figure compare?"; "they" in "Do they agree?"
    and "Are they the same troops?"), or None."""
    m = _AGREES.match(question)
    if m:
        return m.group("a") or m.group("b")
    m = _COMPARES.match(question) or _SAME_AS.match(question)
    if m:
        return m.groupdict().get("b") or m.group("a")
    return "they" if _SAME_THING.match(question) else None


def asks_both(phrase: str) -> bool:
    """Whether the articles asked to agree are "they", "both" or "the two": those the conversation spoke of."""
    return bool(re.fullmatch(_BOTH, phrase, re.I))


# "And what about Iraq?", "What about Jordan?": the last question's predicate, of a new subject
_WHAT_ABOUT = re.compile(r"^\s*(?:(?:and|but)\s+)?(?:what|how)\s+about\s+(?P<x>[^?]+?)\s*[?.!]*\s*$", re.I)
# "And in Yemen?", "And Jordan?": likewise
# (a thing, not a question of its own: "and can Ukraine still win, in his view?")
_AND_NAME = re.compile(r"^\s*(?:and|but)\s+(?:(?P<prep>in|for|of|on|at|from|with|about|to)\s+)?"
                       r"(?!(?:can|could|does|do|did|is|are|was|were|will|would|has|have|had|should|what|who|when|where|why|"
                       r"how|which)\b)(?P<x>[^?]+?)\s*[?.!]*\s*$", re.I)
# "Did Jordan do the same?": the last question, of another subject
_SAME = re.compile(r"\b(?:do|does|did|doing|done)\s+(?:the same(?: thing)?|likewise|similarly)\b|\bfollow(?:s|ed)? suit\b",
                   re.I)
# "Why?" alone asks why the claim just quoted holds: the article that made it answers, not another one
# that happens to give a reason for something else
BARE_WHY = re.compile(r"^\s*(?:and\s+)?(?:why(?: not| so| is that| was that)?|how (?:so|come)|on what (?:basis|grounds)|"
                      r"based on what|for what (?:reason|purpose)|to what end|"
                      # "What is the reasoning behind that?", "What's the reason for this?"
                      r"(?:what(?:['’]s| is| was| are)\s+)?(?:the\s+|his\s+|her\s+|their\s+)?"
                      r"(?:reasoning|reasons?|rationale|logic|justification)\s+(?:behind|for)\s+(?:that|this|it))"
                      r"\s*[?.!]*\s*$", re.I)
# "Why did he do that?", "Who carried it out?", "Who did it?", "Where did he say it?", "Why was that
# refused?", "Who disagrees?", "Why does that matter?", "Who raises that possibility?", "Who does that refer
# to?": a pro-verb, or a pronoun for what was said, standing for what the last answer reported
_DID_THAT = re.compile(r"\b(?:do|does|did|doing|done)\s+(?:that|this|so)\b(?!\s+[a-z])|\b(?:did|does|do) it\s*[?.!]*$|"
                       r"\bcarr(?:y|ies|ied|ying) (?:it|that|this) out\b|"
                       # "How did Putin react to that?": a response to what was just quoted (not "… to it?", its subject)
                       r"\b(?:react(?:s|ed)?|respond(?:s|ed)?|repl(?:y|ies|ied)|answer(?:s|ed)?)\s+to\s+(?:that|this)\s*[?.!]*$|"
                       r"\b(?:say|says|said|saying|declare[sd]?|announce[sd]?|state[sd]?|claim(?:s|ed)?|think|thinks|"
                       r"thought|believes?|believed|write|wrote|written|mean|meant)\s+(?:it|that|this|so)\b(?!\s+[a-z])"
                       # (not "declared that goal"); "Is that realistic?" of a claim just quoted
                       rf"|{_REALISTIC}"
                       r"|\b(?:say|says|said|declare[sd]?|write|wrote)\s+(?:it|that|this)\s+(?=to|about|in|on|at|when)\b"
                       r"|\b(?:was|were|is|has been)\s+(?:that|this)\s+\w+(?:ed|en)\b"
                       # ("In what scenario would that matter most?": when what was quoted would matter)
                       r"|\b(?:why (?:does|did|do|would|will|should) (?:that|this|it)|"
                       r"(?:does|did|do|would|will|could|might|should) (?:that|this)) matter\b"
                       # "Why would that be so bad?", "Why is this dangerous?"
                       r"|\bwhy (?:would|will|could|is|was|are|were) (?:that|this|it)(?: be)?(?: so| such)? "
                       r"(?:bad|dangerous|risky|serious|important|significant|worrying|harmful|deadly|devastating)\b"
                       # "Which country does that refer to?", "Who does this mean?", "What does it apply to?"
                       r"|\b(?:does|did|do) (?:that|this|it) (?:refer|apply|relate) to\b"
                       rf"|\b(?:does|did|do) (?:that|this) mean(?:\s+(?:{_PLAINLY}))?\s*[?.!]*$"
                       # "Why does Russia see it that way?", "Who else sees it so?"
                       r"|\b(?:see|sees|saw|seen|seeing|view|views|viewed|put|puts)\s+(?:it|things)\s+(?:that|this)\s+way\b"
                       r"|\b(?:see|sees|saw|seen|view|views|viewed)\s+it\s+so\b"
                       r"|\b(?:dis)?agrees?\b(?:\s+with\s+(?:him|her|them|it|that|this))?\s*[?.!]*$"
                       r"|\b(?:disput|contradict|deni|challeng|question)\w*\s+(?:it|that|this)\b"
                       rf"|\b{CLAIM_MADE}",
                       re.I)
# ... and "Who disagrees?" asks about the claim, not about who made it: its words without the speaker's
_DISAGREE = re.compile(r"\b(?:dis)?agree|\bdisput|\bcontradict|\bdeni|\bchalleng", re.I)
_SAID_VERB = re.compile(r"(?:declar|stat|sa[iy]|claim|announc|argu|tweet|wr[io]t|report)\w*$", re.I)

# A quote follows ": " or "says"/"reports" (an article's title, also in quotation marks, does not), and
# may hold quotation marks of its own (“a “peace plan,” which …” [1])
_CITED = re.compile(r"(?:: |\bsays |\breports )“(.*?)” \[(\d+)\]", re.S)


def first_quotes(reply: str) -> list[str]:
    """The quotes of a reply that cite its first source ("… says: “2,000 troops” [1]. In full: “…” [1]")."""
    cited = _CITED.findall(reply)
    return [quote for quote, n in cited if n == cited[0][1]] if cited else []


# what a further quote of an article follows ("… [1] It also argues: “…”", "… [1] It, citing X, reports: “…”")
_FURTHER = re.compile(r"(?:^|\s)It(?: also \w+|, citing .+?, reports)$", re.S)


def lead_quotes(reply: str) -> list[str]:
    """The quotes of a reply's lead: its first source's, without those it adds after "It also argues:"
    ("Why did he do it?" asks about the deed the lead told, not about the comment added after it)."""
    cited = list(_CITED.finditer(reply))
    return [m.group(1) for m in cited if m.group(2) == cited[0].group(2)
            and not _FURTHER.search(reply[max(0, m.start() - 300):m.start()])]


def _last_sentences(quote: str, n: int) -> str:
    spans = sentence_spans(quote)
    return quote[spans[-n].start:] if len(spans) > n else quote


def last_reply(history: Iterable | None) -> str:
    replies = [text for role, text in turns(history) if role == "assistant"]
    return replies[-1] if replies else ""


# a question asking whether: "Is …?", "Has it been …?", "and will they …?"
YES_NO = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(?:is|are|was|were|does|do|did|has|have|had|will|would|can|could)\b",
                    re.I)


# "those missiles": a plural thing pointed back at, which the conversation may have named ("Tomahawk missiles")
# (a name or two may stand before the noun: "these US assets", "those Tomahawk missiles")
_THOSE_THINGS = re.compile(r"\b(?i:those|these)\s+(?:[A-Z][\w.-]*\s+){0,2}?([A-Za-z]{3,}s)\b")


def own_words_missed(question: str, history: Iterable | None, lead: str) -> set[str]:
    """The stems of a follow-up's own words, when it asks whether and the quote its answer leads with is one the
    last answer quoted (or opens with one) and holds none of them (nor their kin): "and has it been sent into
    combat?" after "What is the 26th MEU's specialty?", answered again with the unit's sentence, asks what that
    sentence does not weigh (not "Who carried it out?" after a quote telling the deed, whose doer that quote may
    name); the thing a follow-up points back at ("those assets"), when that quote does not call it so; and the words
    of one naming its own subject ("and what are officials refraining from?", ``names_own_subject``). Else none."""
    reply = last_reply(history)  # (the quote again, or it and the sentence after it)
    if not lead or not (lead in reply or any(lead.startswith(quote) for quote in first_quotes(reply))):
        return set()
    those = _THOSE_THINGS.search(question)
    if those and not YES_NO.match(question):  # (and "what does he say those assets have become?": a sentence calling
        own = set(tokenize([those.group(1)])[0])  # them so)
    # "and what are officials refraining from?": its words, not the last quote's
    elif YES_NO.match(question) or names_own_subject(question):
        own = set(tokenize([" ".join(content_words(question))])[0])
    else:
        return set()
    return set() if own & with_kin(set(tokenize([lead])[0])) else own


def names_own_subject(question: str) -> bool:
    """Whether a follow-up asks what (who, where …) of things it names itself, pointing back at nothing: "and what are
    officials refraining from?" (not "what does it want to avoid?", nor "Is it …?")."""
    words = {w.lower() for w in _words(question)}
    return (bool(re.match(r"^\s*(?:and\s+|so\s+|but\s+)?(?:what|who|whom|where|when|which|how)\b", question, re.I))
            and not words & _PRONOUNS and len(content_words(question)) >= 2)


def _person_answered(messages: list[tuple[str, str]], back: int = 2) -> str | None:
    """The person named by the answer to one of the last ``back`` questions, when it asked who ("Who
    tweeted …?", then "When?", then "What else did he say?": Yair Golan)."""
    pairs = [(q, a) for (qr, q), (ar, a) in zip(messages, messages[1:]) if qr == "user" and ar == "assistant"]
    for q, a in reversed(pairs[-back:]):
        if question_type(q) == PERSON:  # "Who is Ehud Barak?": he is Ehud Barak, whatever the answer names
            return (subject_asked(q) if _WHO_IS.match(q) else None) or _answer_name(a) or _opening_name(a)
    return None


def _person_cited(messages: list[tuple[str, str]]) -> str | None:
    """The one person by title the last answer cites ("It, citing former … General Yair Golan, reports: …"),
    whom "his" in "What was his rank?" stands for; None when it cites none or several, or when the conversation
    already asked of someone, whom "he" goes on standing for ("Which article was written by Yossi Aharoni?",
    "What does he say about NATO?", then "Which countries does he name?" after an answer citing Putin)."""
    asked = [text for role, text in messages if role == "user"]
    if any(_PERSONAL & {w.lower() for w in _words(q)} or any(len(run) > 1 for run in name_runs(q)) for q in asked):
        return None
    reply = messages[-1][1] if messages and messages[-1][0] == "assistant" else ""
    people = {" ".join(_after_title(run)) for source in re.findall(r"\bciting (.+?), reports:", reply)
              for run in name_runs("x " + source) if _after_title(run)}
    return people.pop() if len(people) == 1 else None


# "Ayman Al-Safadi, the foreign minister of …": a quote that opens with a name set off by a comma names its person
# (not "In Tel Aviv, …")
_OPENING_NAME = re.compile(r"(?!(?:In|On|At|By|For|From|Since|After|Before|During|With|Under|Over|Near|To)\s)"
                           r"(?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'.-]*(?=,)")


def _opening_name(reply: str) -> str | None:
    """The name an answer's first quote opens with, set off by a comma; None otherwise."""
    m = _OPENING_NAME.match((first_quotes(reply) or [""])[0])
    return m.group() if m else None


def _thing_answered(messages: list[tuple[str, str]]) -> str | None:
    """What the last answer named, when the last question asked which thing ("What weapons did the US
    authorize?": “ATACMS”) and the answer opened with the words that answer it; else None."""
    if len(messages) < 2 or messages[-1][0] != "assistant" or not asked_nouns(messages[-2][1]):
        return None
    m = _DIRECT.search(messages[-1][1].strip().split("\n\n")[0])
    return m.group(1) if m and len(m.group(1)) <= 80 else None


# "they", and "those" standing for a thing ("How far can those fly?"; not "those troops", "those bases")
_PLURAL_PRONOUN = re.compile(r"\b(?:they|them|their)\b|\b(?:those|these)\b(?!\s+[a-z]+s\b)", re.I)
# a plural noun, with the name before it: "Tomahawk missiles", "troops" (not "across", "status", "basis")
_PLURAL_NOUN = re.compile(r"\b(?:[A-Z][\w-]*\s+){0,2}[a-z]{2,}[^suiy\W]s\b")


def _plural_answered(question: str, messages: list[tuple[str, str]]) -> str | None:
    """What "they" in ``question`` stands for when the last question named nothing plural for it to stand for
    ("What did Zelensky's peace plan ask for?"): the last plural noun the answer's first quote holds ("… a
    request to President Biden for Tomahawk missiles"); else None, as when the question already names it."""
    if len(messages) < 2 or messages[-1][0] != "assistant" or not _PLURAL_PRONOUN.search(question):
        return None
    asked = [w for w in content_words(messages[-2][1]) if w[:1].islower()]
    if any(_PLURAL_NOUN.fullmatch(w) for w in asked):  # "What weapons did the US send?": they are the weapons
        return None
    quotes = first_quotes(messages[-1][1])
    nouns = [m.group(0) for m in _PLURAL_NOUN.finditer(quotes[0])] if quotes else []
    nouns = [n for n in nouns if n.split()[-1].lower() not in _STOP]
    own = {w.lower() for w in _words(question)}
    return nouns[-1] if nouns and not {w.lower() for w in _words(nouns[-1])} & own else None


# a pronoun as what a verb is done to: "using them", "send it"
_DONE_TO_IT = re.compile(r"\b(?P<v>[a-z]{3,})\s+(?:them|it|those|these)\b(?!\s+[a-z]+s\b)")
# ... and a verb's object in a quote that is a name, after up to two words: "used the ATACMS", "sending long-range
# ATACMS missiles"
_NAMED_OBJECT = re.compile(r"(?=\b(?P<v>[a-z]{3,})\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?"
                           r"(?P<o>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*))")  # (a lookahead: "already used the ATACMS")


def _object_quoted(question: str, messages: list[tuple[str, str]]) -> str | None:
    """What a pronoun that a verb is done to stands for ("and what does using them require?"): the first name
    the last answer's first quote does that verb to ("Ukraine has already used the ATACMS, …, using Ukrainians as
    cannon fodder": ATACMS, what the sentence is about first); else None."""
    done = _DONE_TO_IT.search(question)
    if not done or len(messages) < 2 or messages[-1][0] != "assistant":
        return None
    verb = set(tokenize([done.group("v")])[0])
    quotes = first_quotes(messages[-1][1])
    objects = [m.group("o") for m in _NAMED_OBJECT.finditer(quotes[0] if quotes else "")
               if verb and set(tokenize([m.group("v")])[0]) == verb]
    own = {w.lower() for w in _words(question)}
    return objects[0] if objects and not {w.lower() for w in _words(objects[0])} & own else None


_DIRECT = re.compile(r": “([^”]{1,200})” \[\d+\]\.$")  # an answer's opening words: "… says: “2,000 troops” [1]."


def _answer_name(reply: str) -> str | None:
    """The name an answer's direct answer holds ("… says: “Yair Golan” [1]."); an answer that opens
    with a whole sentence names no one in particular."""
    m = _DIRECT.search(reply.strip().split("\n\n")[0])
    runs = name_runs("x " + m.group(1)) if m else []
    if not runs:
        return None
    run = runs[-1][1:] if runs[-1][0] == "By" else runs[-1]  # a byline: “By Yossi Aharoni”
    return " ".join(_after_title(run) or run)


def _after_title(run: list[str]) -> list[str]:
    """The name after a name's last title ("Israeli Defense Forces General Yair Golan": Yair Golan), when
    it has one and at least two words follow it; else empty."""
    last = max((i for i, w in enumerate(run) if w.lower() in _TITLES), default=None)
    return run[last + 1:] if last is not None and len(run) - last - 1 >= 2 else []


def _of_a_person(question: str, messages: list[tuple[str, str]]) -> bool:
    """Whether every name the question holds is a person's: one the last answer writes after a title
    ("US Secretary of Defense Lloyd Austin"), whom "they" cannot stand for."""
    runs = name_runs(question)  # (one word too: "President Zelensky", "President Biden")
    reply = messages[-1][1] if messages and messages[-1][0] == "assistant" else ""
    return bool(runs) and all(re.search(rf"\b(?:{'|'.join(_TITLES)})\s+{re.escape(' '.join(run))}\b", reply, re.I)
                              for run in runs)


def _names_another(quote: str, asked: str) -> bool:
    """Whether the quote names several people by their titles ("Defense Minister Yoav Gallant and Prime Minister
    Benjamin Netanyahu"), one of whom ``asked`` does not name."""
    people = [person for person in map(_after_title, name_runs(quote)) if person]
    return len(people) > 1 and any(not re.search(rf"\b{re.escape(p[-1])}\b", asked) for p in people)


_TITLES = {"general", "staff", "deputy", "chief", "president", "prime", "minister", "secretary", "defense",
           "defence", "foreign", "commander", "lieutenant", "colonel", "major", "admiral", "senator", "governor",
           "former"}


# A request worded as one ("tell me about Site 512", "Can you tell me who wrote it?") is asked as the
# question it stands for: the reader judges sentences against questions.
_TELL_ABOUT = re.compile(r"^(?:please\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?)?(?:tell|show|give)\s+me\s+"
                         r"(?:(?:some|more|something)\s+)?(?:about|on|information (?:about|on))\s+(?P<x>.+?)[\s.?!]*$", re.I)
# "What's the Nord Stream thing about?", "what's the deal with nord stream": what the articles say of it
_WHATS_IT_ABOUT = re.compile(r"^\s*what(?:['’]s| is| was)\s+(?P<det>(?:the|this|that)\s+)?(?:(?P<x>.+?)(?:\s+(?:thing|business|"
                             r"stuff|affair|issue))?\s+about|(?:the\s+)?(?:deal|story)\s+with\s+(?:the\s+)?(?P<y>.+?))"
                             r"\s*[?.!]*$", re.I)
_WRAPPER = re.compile(r"^(?:please\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?(?:tell me|say|explain)|"
                      r"(?:do|does) (?:you|anyone) know|i (?:want|would like|wish) to know|i wonder|(?:tell|show) me)\s+"
                      r"(?=(?:who|whom|whose|what|when|where|why|which|how)\b)", re.I)


# "Give me the op-ed's claim about Patriot systems.", "What is Aharoni's view on Trump?": what that article says of it
_CLAIM_OF = re.compile(r"^(?:please\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?)?(?:(?P<ask>(?:give|show|tell)\s+(?:me\s+)?)|"
                       r"what(?:['’]s| is| are| was| were)\s+)(?P<a>(?:the\s+)?[\w -]+?)['’]s?\s+(?:claims?|views?|take|"
                       r"position|argument|point|opinion|line|stance)\s+(?:about|on|of|regarding|concerning)\s+"
                       r"(?P<x>.+?)[\s.?!]*$", re.I)
# "Is Aharoni for or against sending ATACMS?": what he thinks of it
_FOR_OR_AGAINST = re.compile(r"^(?:so\s+|and\s+)?(?:is|are|was|were)\s+(?P<a>.+?)\s+(?:for or against|against or for|"
                             r"in favou?r of or (?:against|opposed to))\s+(?P<x>.+?)\s*[?.!]*$", re.I)
# "Quote the op-ed's sentence about Qatar.": likewise
_QUOTE_OF = re.compile(r"^(?:please\s+)?(?:quote|show|find|give|cite)\s+(?:me\s+)?(?P<a>(?:the\s+)?[\w -]+?)['’]s?\s+"
                       r"(?:sentences?|passages?|lines?|quotes?|words)\s+(?:about|on|regarding|concerning|mentioning)\s+"
                       r"(?P<x>.+?)[\s.?!]*$", re.I)
# "What's the source for the claim that Israel is hiding its ground operations?": who says it
_SOURCE_OF = re.compile(r"^\s*(?:what|who)(?:['’]s|\s+(?:is|was|are|were))\s+(?:the\s+)?sources?\s+(?:for|of|behind)\s+"
                        r"(?:the\s+)?(?:claim|report|assertion|statement|idea|story)\s+that\s+(?P<claim>.+?)[\s.?!]*$", re.I)
# "Quote the sentence where the op-ed mentions elephants.": what that article says of them
_QUOTE_WHERE = re.compile(r"^(?:please\s+)?(?:quote|show|find|give|cite)\s+(?:me\s+)?(?:the|a|any)\s+(?:sentences?|"
                          r"passages?|parts?|lines?|quotes?|words|places?)\s+(?:where|in which|that|which)\s+(?P<a>.+?)\s+"
                          r"(?:mentions?|says?|talks? about|discuss(?:es)?|refers? to|speaks? (?:of|about))\s+"
                          r"(?P<x>.+?)[\s.?!]*$", re.I)


# "Does the Gaza op-ed give a source for the claim about Site 512?", "What evidence does the news report give
# of a stronger US presence?", "What does Aharoni base his claim that Ukraine cannot win on?": what the article
# says of it (the answer frames each sentence as the article's own assertion or as the source it cites)
_BASIS = re.compile(r"^(?:(?:does|did)\s+(?P<a>.+?)\s+(?:give|cite|name|offer|provide|have)\s+(?:a|any|its)\s+"
                    r"(?:sources?|evidence|proof)\s+(?:for|of|behind)\s+(?:the|its|this|that)\s+(?:claims?|assertions?|"
                    r"statements?)\s+|what\s+(?P<proof>evidence|proof|sources?)\s+(?:does|did)\s+(?P<b>.+?)\s+(?:give|cite|offer|"
                    r"provide|have)\s+(?:(?:of|for)\s+(?:the\s+claim\s+)?)?|what\s+(?:does|did)\s+(?P<c>.+?)\s+base\s+"
                    r"(?:his|her|its|their|the)\s+(?:claims?|argument|view|conclusion)\s+)"
                    # (x: words of a claim; not "that", which is what was just said: "What evidence … of that?")
                    r"(?P<rel>about|that|on)?\s*(?P<x>(?!(?:(?:of|for|about)\s+)?(?:that|this|it|them|these|those)"
                    r"[\s.?!]*$)[\w“\"‘'].*?)(?(c)\s+on)[\s.?!]*$", re.I)


# "Does any article give the number of Israeli hostages?": how many there are (in the article named, if one is)
# (not "Does Russia have a number of …?", which asks whether it has several)
_NUMBER_GIVEN = re.compile(r"^(?:does|do|did)\s+(?P<a>.+?)\s+(?:give|state|say|report|mention|provide|list)\s+(?:the|any)\s+"
                           r"(?:exact\s+|total\s+)?(?:number|count|figure|total)\s+(?:of|for)\s+(?P<x>.+?)[\s.?!]*$", re.I)
_ANY_ARTICLE = re.compile(rf"^(?:any|either|all|both|each)(?: of)?(?: the| these| those)?(?: two| three)? {ARTICLE_NOUNS}$|"
                          rf"^the {ARTICLE_NOUNS}$|^(?:they|you|anyone)$", re.I)


# "What post does Netanyahu hold?", "What is Lloyd Austin's job?": who he is ("Prime Minister Benjamin Netanyahu")
_OFFICE = r"(?:post|position|office|role|job|title|rank)s?"
_NAME = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*"
# ... and "What title does the news report give Lloyd Austin?": who he is, according to that article
# (and "What posts has Ehud Barak held?")
_OFFICE_HELD = re.compile(rf"^(?i:(?:what|which)\s+{_OFFICE}\s+(?:does|did|has|had))\s+(?P<x>{_NAME})\s+"
                          rf"(?i:hold|have|occupy|held|had|occupied)"
                          # ("What role does Al-Sisi have, per the Gaza article?")
                          rf"(?:,?\s+(?i:in|per|according\s+to)\s+(?P<c>(?i:the|this|that)\s+(?:[\w’'-]+\s+){{0,3}}?"
                          rf"{ARTICLE_NOUNS}))?\s*[?.!]*$|^(?i:what(?:['’]s|\s+is|\s+was))\s+(?P<y>{_NAME})['’]s?\s+(?i:{_OFFICE})"
                          rf"(?:,?\s+(?i:in|according\s+to)\s+(?P<b>(?i:the|this|that)\s+(?:[\w’'-]+\s+){{0,3}}?"
                          rf"{ARTICLE_NOUNS}))?\s*[?.!]*$|"
                          rf"^(?i:(?:what|which)\s+{_OFFICE}\s+(?:does|did)\s+"
                          rf"(?P<a>(?:the|this|that)\s+(?:[\w’'-]+\s+){{0,3}}?{ARTICLE_NOUNS})\s+"
                          rf"(?:give|assign|use\s+for))\s+(?P<z>{_NAME})\s*[?.!]*$")


# words of courtesy closing a request, which no article writes
# (and words that only insist: "Who's Yossi Aharoni, exactly?")
_POLITE_TAIL = re.compile(r"(?:,?\s+(?:for me|for us|please|thanks|thank you|exactly|precisely|actually))+\s*([?.!]*)\s*$",
                          re.I)
# an article or a person that tells the reader something says it (not "Can you tell me …?", a request)
_TELLS_US = re.compile(r"\b(?P<aux>does|did|do)\s+(?P<x>(?!you\b)[^?,]+?)\s+tell\s+(?:us|me|readers|the readers?)\b",
                       re.I)
# "what went on", "what is going on": what happened, a verb that names no word to find
_GOING_ON = re.compile(r"\b(?P<what>what(?:['’]s|\s+(?:is|was|has been|had been|has|had))?\s+)(?P<v>went|goes|going|gone)"
                       r"\s+on\b(?!\s+(?:to|for|about)\b)", re.I)
_HAPPENED = {"went": "happened", "goes": "happens", "going": "happening", "gone": "happened"}


# Two things compared ("What do the ATACMS and the Tomahawk have in common?", "Compare Patriot and THAAD"): what
# the articles say of both, side by side, for the reader to compare (not two articles: see about.py)
_TWO_COMPARED = re.compile(r"^\s*(?:please\s+)?(?:"
                           r"(?:what|which)(?: things?)? (?:do|does|did) (?P<a>.+?) and (?P<b>.+?) have in common|"
                           r"compare (?!how\b|what\b)(?P<c>.+?) (?:and|with|to|against) (?P<d>.+?)|"
                           r"how (?:do|does|did) (?P<e>.+?) and (?P<f>.+?) compare(?: (?:with|to) each other)?|"
                           r"how (?:are|were|is) (?P<g>.+?) and (?P<h>.+?) (?:alike|similar|different)|"
                           r"what (?:is|are) the (?:main )?(?:differences?|similarit(?:y|ies)) between (?P<i>.+?) and (?P<j>.+?)"
                           r")\s*[?.!]*$", re.I)
_ARTICLE_NAMED = re.compile(rf"\b(?:{ARTICLE_NOUNS}|authors?|writers?|ones?|them|they|it|this|that|these|those)\b", re.I)


def as_question(text: str) -> str:
    """A request as the question it stands for: "tell me about Site 512" -> "What is Site 512?", "Can
    you tell me who wrote it?" -> "Who wrote it?", "What post does Netanyahu hold?" -> "Who is Netanyahu?",
    "what went on in February 2014" -> "what happened in February 2014", "What's the Nord Stream thing about?" ->
    "What is the Nord Stream?", "Compare Patriot and THAAD" -> "What do the articles say about Patriot and
    THAAD?"; anything else unchanged."""
    text = _POLITE_TAIL.sub(r"\1", text)  # "Describe Site 512 for me, please." asks "Describe Site 512."
    text = _TELLS_US.sub(r"\g<aux> \g<x> say", text)  # "What does Aharoni tell us about …?" asks what he says
    text = _GOING_ON.sub(lambda m: m.group("what") + _HAPPENED[m.group("v").lower()], text)
    m = _TELL_ABOUT.match(text)
    if m:
        return f"What is {m.group('x')}?"
    m = _WHATS_IT_ABOUT.match(text)
    if m and not _ARTICLE_NAMED.search(m.group("x") or m.group("y")):  # (what an article is about is about.py's)
        return f"What is {m.group('det') or ''}{m.group('x')}?" if m.group("x") else f"What is {m.group('y')}?"
    m = _OFFICE_HELD.match(text)
    if m:
        article = m.group("a") or m.group("b") or m.group("c")  # "What's Lloyd Austin's role in the news report?"
        return f"Who is {m.group('x') or m.group('y') or m.group('z')}{f', according to {article}' if article else ''}?"
    m = _HEARD_THAT.match(text)
    if m:
        return (f"Does {m.group('a')} say that {m.group('claim')}?" if m.group("a") else
                f"Is it true that {m.group('claim')}?")
    m = _TWO_COMPARED.match(text)
    both = [g for g in m.groups() if g] if m else []
    if both and not any(_ARTICLE_NAMED.search(x) for x in both):
        return f"What do the articles say about {both[0]} and {both[1]}?"
    m = _CLAIM_OF.match(text)
    # (asked "What is X's view …?", only of an article or its author: "the US's position on the war" is what the
    # articles say it is, not what the US says)
    if m and (m.group("ask") or re.search(rf"\b(?:{ARTICLE_NOUNS}|authors?|writers?)$", m.group("a"), re.I)):
        return f"What does {m.group('a')} say about {m.group('x')}?"
    m = _NUMBER_GIVEN.match(text)
    if m:
        where = "" if _ANY_ARTICLE.match(m.group("a")) else f", according to {m.group('a')}"
        return f"How many {m.group('x')} are there{where}?"
    m = _BASIS.match(text)
    if m:
        who = m.group("a") or m.group("b") or m.group("c")
        if m.group("b") and (m.group("proof") or "").lower() in ("evidence", "proof") and not m.group("rel"):
            # ("What evidence does the news report give of a stronger US presence?": the sentence offering evidence
            # of it, "… are evidence of this increased presence", not what else the article says of it)
            return f"What is evidence of {m.group('x')}, according to {who}?"
        return (f"{m.group('x')[:1].upper()}{m.group('x')[1:]}, according to {who}?" if (m.group("rel") or "").lower()
                == "that" else f"What does {who} say about {m.group('x')}?")
    m = _QUOTE_WHERE.match(text) or _QUOTE_OF.match(text)
    if m:
        return f"What does {m.group('a')} say about {m.group('x')}?"
    m = _SOURCE_OF.match(text)
    if m:
        return f"Who says {m.group('claim')}?"
    m = _FOR_OR_AGAINST.match(text)
    if m:
        return f"What does {m.group('a')} think of {m.group('x')}?"
    m = _WRAPPER.match(text)
    if m:
        rest = text[m.end():]
        inverted = _EMBEDDED.match(rest)  # "who Yossi Aharoni is" -> "who is Yossi Aharoni"
        says = _EMBEDDED_SAYS.match(rest)
        rest = (f"{inverted['wh']} {inverted['verb']} {inverted['x']}?" if inverted else
                f"{says['wh']} does {says['x']} {says['verb']}{says['rest']}?" if says else rest)
        return rest[:1].upper() + rest[1:]
    return text


# "I read that Ukraine blew up Nord Stream. Does Aharoni say that?" -> "Does Aharoni say that Ukraine blew up Nord
# Stream?"; "I heard the US has 800 bases. Is that true?" -> "Is it true that the US has 800 bases?"
_HEARD_THAT = re.compile(r"^\s*(?:i(?:['’]ve)?\s+(?:read|heard|saw|seen|was told)|someone\s+(?:told me|said)|"
                         r"(?:they|people)\s+say|apparently|supposedly)\s+(?:that\s+)?(?P<claim>[^.?!;]+?)\s*[.!;]\s*"
                         r"(?:(?:so|but|and)\s+)?(?:(?:does|did|do)\s+(?P<a>[^?]+?)\s+(?:really\s+|actually\s+)?"
                         r"(?:say|claim|report|write|mention|confirm)\s+(?:that|so|this|it)|"
                         r"is\s+(?:that|this|it)\s+(?:really\s+)?(?:true|right|correct|so))\s*[?.!]*\s*$", re.I)


# a question embedded in a request keeps the order of a statement: "(tell me) who Yossi Aharoni is"
# ... and "(tell me) what the news report says about logistics" -> "What does the news report say about logistics?"
_EMBEDDED_SAYS = re.compile(r"^(?P<wh>what|how|why)\s+(?P<x>(?:the|this|that|each|every)\s+.+?)\s+"
                            r"(?P<verb>say|think|write|report|argue|claim|mean)s\b(?P<rest>.*?)[\s.?!]*$", re.I)
_EMBEDDED = re.compile(r"^(?P<wh>who|what|where|when|which \w+|how \w+)\s+(?P<x>(?!(?:is|was|are|were)\b).+?)\s+"
                       r"(?P<verb>is|was|are|were)\s*[.?!]*$", re.I)


# "what does it say the US is posing as?": the article (it) saying a clause
_IT_SAYS = re.compile(r"^(?P<head>\s*(?:and\s+|so\s+|but\s+)?(?:what|who|whom|which|where|when|how)\b"
                      r"(?:\s+[\w’'-]+){0,3}?\s+(?:does|did)\s+)(?:it|the article|the piece)(?P<verb>\s+(?:say|claim|argue|"
                      r"think|suggest|believe|write)s?\s+(?:that\s+)?)(?P<clause>.+)$", re.I)


def _said_of_its_own(question: str) -> str | None:
    """"what does it say the US is posing as?": "it" is the article the conversation keeps to (the pipeline
    finds which), saying a clause with a subject and words of its own, which borrows nothing; the question with
    "the article" for "it". None for any other, and where the clause leans on the conversation ("what does it say
    is happening there?", "how many does it say were killed?"), and for a why-question, whose claim the conversation
    quoted ("Why does it say the US supplies so little?")."""
    m = _IT_SAYS.match(question)
    clause = m.group("clause") if m else ""
    if not m or re.match(rf"{_AUX_WORDS}\b", clause, re.I) or needs_context(clause):
        return None
    return f"{m.group('head')}the article{m.group('verb')}{clause}"


def condense(question: str, history: Iterable | None = None, follow_up: bool = False) -> str:
    """The standalone query for a question asked after ``history``; ``follow_up`` takes it as one
    even when it does not look like one ("Who was removed from power?" after "When did it happen?")."""
    question = as_question(question.strip())
    messages = turns(history)
    previous = [text for role, text in messages if role == "user"]
    if not previous or not (follow_up or needs_context(question, " ".join(text for _, text in messages))):
        return question
    said = _said_of_its_own(question)
    if said:  # "what does it say the US is posing as?": what the article says, in words of the question's own
        return said
    own = {w.lower() for w in _words(question)}
    article = _ONLY_ARTICLE.match(question)
    if article:  # "And the Gaza article?" after "What does the news report say about Hezbollah?"
        # ... or after "What does the news report say about it?", which asked it of the subject before
        last = _last_asked(messages)
        named = _AN_ARTICLE.search(last)
        if named:
            return last[:named.start()] + article.group("a") + last[named.end():]
        return f"{last.rstrip(' ?.!')}, according to {article.group('a')}?"
    if _BY_WHOM.match(question):  # "By whom?" after "When were they authorized?": who authorized them
        last = _last_asked(messages)
        done = _PASSIVE.search(last)
        if done:  # "When was the base built?": "Who built the base?"; "… were they authorized? ATACMS missiles":
            # "Who authorized? ATACMS missiles" (what "they" stood for follows)
            what = " ".join(w for w in (done.group("x") or "").split()
                            if w.lower() not in _PRONOUNS | {"being", "been"})
            return f"Who {done.group('p')}{' ' + what if what else ''}{last[done.end():]}"
    about = _WHAT_ABOUT.match(question) or _AND_NAME.match(question)
    last_names = {w for run in name_runs(previous[-1]) for w in run}
    # a new name ("And what about Iraq?"; "What about" keeps "the ATACMS" from reading as typed in capitals)
    if about and name_runs("What about " + about.group("x")) and not last_names & set(about.group("x").split()):
        # the last full question, if of one name, asked of the new one: "How many fighters … in Lebanon?",
        # "And in Yemen?", "And in Gaza?"
        base = asked_of_base(previous)
        runs = name_runs(_AN_ARTICLE.sub(" ", base))
        if len(runs) == 1 and base.count(" ".join(runs[0])) == 1:
            asked = base.replace(" ".join(runs[0]), about.group("x").strip(), 1)
            return re.sub(r"\b(the|a|an) \1\b", r"\1", asked, flags=re.I)  # "the ATACMS" -> "the Tomahawks"
        asked = [w for w in dict.fromkeys(content_words(previous[-1])) if w.lower() not in own and w not in last_names]
        if asked:
            return f"{question} {' '.join(asked)}"
    asked_of = _of_another(question, previous)
    if asked_of:  # ... made standalone as the question it asks again was: "And about Putin?" after "What did
        # he write about Trump?" asks what Yossi Aharoni, whom "he" stood for, wrote about Putin
        asked = asked_of_base(previous)
        base = max(i for i, (role, text) in enumerate(messages) if role == "user" and text == asked)
        return condense(asked_of, _messages(messages[:base]))
    # "Who disagrees with him?" asks about his claim (below), not about him
    disputed = _DID_THAT.search(question) and _DISAGREE.search(question)
    name = _PERSONAL & own and not disputed and (_person_answered(messages) or _person_cited(messages))
    if name and not {w.lower() for w in name.split()} & own:
        if not (_DID_THAT.search(question) and messages[-1][0] == "assistant"):
            # (asked again as a question of its own: "What was Yair Golan's rank?" asks who he is)
            return as_question(_named(question, name) or f"{question} {name}")
        question = _named(question, name) or question  # "Why did he do that?": his name, and what he did (below)
    thing = (_PLURAL | {"it", "its"}) & own and _thing_answered(messages)
    if thing and not {w.lower() for w in _words(thing)} & own:  # "What's their range?" after "What weapons …?"
        return f"{question} {thing}"                              # was answered “ATACMS”: their range
    if _SAME.search(question):  # "Did Jordan do the same?": what the last question asked, of another subject
        names = {w for run in name_runs(previous[-1]) for w in run}
        done = [w for w in dict.fromkeys(content_words(previous[-1])) if w.lower() not in own and w not in names]
        if done:
            return f"{question} {' '.join(done)}"
    if messages[-1][0] == "assistant" and (_DID_THAT.search(question) or BARE_WHY.match(question)
                                           or _THAT_WOULD.search(question)
                                           or _that_thing_quoted(question, previous, messages[-1][1])):
        # what the last answer quoted is "that", and what "Why?" asks the reason for: the end of a long
        # quote, which told it last ("Why would that be so bad?" after three sentences, the third naming
        # the nuclear reactor Ukraine could target)
        said = " ".join(_last_sentences(quote, 2) for quote in lead_quotes(messages[-1][1]))
        quoted = [w for w in dict.fromkeys(content_words(said)) if w.lower() not in own]
        if _DISAGREE.search(question):  # "Who disagrees?" asks about the claim, not about who made it
            source = re.search(r"\bciting (.+?), reports:", messages[-1][1])
            speaker = {w.lower() for w in _words(source.group(1))} if source else set()
            quoted = [w for w in quoted if w.lower() not in speaker and not _SAID_VERB.match(w)]
        if quoted:
            return f"{question} {' '.join(quoted)}"
    # "Who asked for those?" after "And the Tomahawks?": the plural thing that turn moved the conversation to
    moved = _WHAT_ABOUT.match(previous[-1]) or _AND_NAME.match(previous[-1])
    if moved and not moved.groupdict().get("prep") and _PLURAL_PRONOUN.search(question) \
            and re.search(r"[a-z]s$", moved.group("x")):
        thing = [w for w in content_words(moved.group("x")) if w.lower() not in own]
        if thing:
            return f"{question} {' '.join(thing)}"
    thing = _object_quoted(question, messages)
    if thing:  # "and what does using them require?" after an answer quoting "Ukraine has already used the ATACMS"
        return f"{question} {thing}"
    # the subject: the nearest question that names it, or that stood on its own ("What is the rapid
    # response force?", not the "Who is it meant to deter?" that followed it)
    before = [" ".join(text for _, text in messages[:i]) for i, (role, _) in enumerate(messages) if role == "user"]
    # (a question on a name no article mentions leaves the subject where it was: "And France?" after a
    # question on Britain)
    known = [not (i + 1 < len(messages) and messages[i + 1][0] == "assistant" and NONE_MENTIONS in messages[i + 1][1])
             for i, (role, _) in enumerate(messages) if role == "user"]
    # "And with troops?" stands for the question it asks again ("What did the US do with troops?")
    expanded: list[str] = []
    for text in previous:
        expanded.append(_of_another(text, expanded) or text)
    named = [t for t, said, k in zip(expanded, before, known) if (_names_subject(t) or not needs_context(t, said))
             and not agreement_asked(t) and k]  # "Does the Gaza article agree?" names an article, not a subject
    if _PLURAL & own and named and _WHO_IS.match(named[-1]) and named[-1] != previous[-1]:
        named.append(previous[-1])  # "they" after "Who is Lloyd Austin?", "How many troops did he order …?": the troops
    elif named and named[-1] == previous[-1] and _of_a_person(named[-1], messages):
        plural = _plural_answered(question, messages)  # "Are they sure to go?" after "What did Lloyd Austin do?"
        if plural:                                     # (“… has ordered approximately 2,000 troops …”)
            return f"{question} {plural}"
    for earlier in reversed(named or previous):
        earlier = _AN_ARTICLE.sub(" ", earlier)  # "the Gaza article" names an article, not the subject
        borrowed = [w for w in dict.fromkeys(content_words(earlier)) if w.lower() not in own]
        if borrowed:  # "he" is the person the question named: "Who is Yair Golan?", "… written by Yossi Aharoni?"
            # (a one-word name too when the question asked who it is, or when one asked for its words and this
            # one asks what else it said: "What else did he announce?" after "What did Putin say once …?")
            people = [run for run in name_runs(earlier)
                      if (len(run) > 1 or _who_is(earlier) == run[0] or _what_else_said(question, earlier, run[0]))
                      and set(run) <= set(borrowed) and not any(_GEOGRAPHIC.match(w) for w in run)]
            named_q = _named(question, " ".join(people[-1])) if people else None
            if named_q:  # the other names the question held stay the subject ("… Ehud Barak say about Hamas?"),
                # unless it asks whatever else the person said (not more on the ATACMS)
                if _what_else_said(question, earlier, people[-1][-1]):
                    return named_q
                others = [w for w in borrowed if w not in people[-1] and w[:1].isupper()]
                return " ".join([named_q, *others])
            return _with_words(question, borrowed)
    return question


# words of a place's name, which no "he" stands for ("Eastern Europe", "Gaza Strip", "Gulf of Oman")
_GEOGRAPHIC = re.compile(r"^(?:Eastern|Western|Northern|Southern|Central|Middle|East|West|North|South|Upper|Lower|"
                         r"Europe|Asia|Africa|America|Sea|Gulf|Strip|Bank|Heights|Peninsula|Mt\.?|Mount|River|City|"
                         r"Ocean|Desert|Coast|Islands?)$")


# "that reactor", "this plan": a thing pointed back at
_THAT_THING = re.compile(r"\b(?:that|this)\s+([a-z]{3,})\b(?!\s+(?:is|was|are|were|will|would|can|could|has|have|had)\b)")


def without_pointed_back(question: str) -> str:
    """The question without the nouns it points back with ("that area", "those assets"): they stand for what the
    conversation named, not for words of the question's own (not "that Israel lost", "could those reach")."""
    return _THOSE_THINGS.sub(" ", _THAT_THING.sub(" ", question))


# "where would that be crucial?", "how could this help?": "that" standing alone for what was just quoted (not in
# "Does that mean …?" nor "Why would that be?", which are asked otherwise)
_THAT_WOULD = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(?:where|when|who|whom|how|what|which)\b[^?]*?"
                         r"\b(?:would|will|could|might|may|can|does|did|is|was)\s+(?:that|this)\s+"
                         r"(?:be|have|matter|work|happen|help|lead|change|affect|cost|end)\b", re.I)


def _that_thing_quoted(question: str, previous: list[str], reply: str) -> bool:
    """Whether "that X" in the question is a thing the last answer (``reply``) quoted and no question named: "what
    does that reactor do?" after a quote on "the nuclear reactor in Kursk" asks of that quote."""
    m = _THAT_THING.search(question)
    if not m:
        return False
    noun = re.compile(rf"\b{re.escape(m.group(1))}\b", re.I)
    return any(noun.search(q) for q in first_quotes(reply)) and not any(noun.search(q) for q in previous)


# "By whom?": who did what the last question asked of in the passive ("When were they authorized?")
_BY_WHOM = re.compile(r"^\s*(?:and\s+)?(?:by whom|by who|who by)\s*[?.!]*\s*$", re.I)
_PASSIVE = re.compile(r"\b(?:is|are|was|were|been|being|be)\s+(?P<x>(?:[\w’'-]+\s+){0,3}?)"
                      r"(?P<p>(?-i:[a-z]+(?:ed|en))|built|sent|made|held|led|paid|won|hit|shot|fought|told|found|kept|run|"
                      r"seen|shown|known|set|put|sold|bought|brought)\b", re.I)  # (in lower case: not "Biden")
_PRONOUNS = _PERSONAL | _PLURAL | {"it", "this", "that", "these", "those"}


def _last_asked(messages: list[tuple[str, str]]) -> str:
    """The conversation's last question, made standalone from the turns before it."""
    at = max(i for i, (role, _) in enumerate(messages) if role == "user")
    return condense(messages[at][1], _messages(messages[:at]))


def asked_of_base(previous: list[str]) -> str:
    """The last full question asked ("What did the US do with aircraft carriers?"), not an "And with troops?"."""
    return next((q for q in reversed(previous) if not (_WHAT_ABOUT.match(q) or _AND_NAME.match(q))), "")


def _of_another(question: str, previous: list[str]) -> str | None:
    """"And with troops?" after "What did the US do with aircraft carriers?": the last full question with
    the phrase after the same preposition replaced ("… do with troops?"); None when it has no such phrase.
    One that names none goes on from one that did: "And troops on the ground?" after "And with air defenses?"."""
    m = _AND_NAME.match(question)
    before = _AND_NAME.match(previous[-1]) if m and not m.group("prep") else None
    prep = m and (m.group("prep") or before and before.group("prep"))
    if not prep:
        return None
    base = asked_of_base(previous)
    # the last phrase of that preposition, up to the end of the question or a comma ("…, according to …")
    phrases = list(re.finditer(rf"\b{prep}\s+(?P<y>[^?,;]+?)(?=\s*(?:,|[?.!]*\s*$))", base, re.I))
    if not phrases:
        return None
    y = phrases[-1]
    return base[:y.start("y")] + m.group("x").strip() + base[y.end("y"):]


def with_last_quote(question: str, history: Iterable | None) -> str | None:
    """The question with the words the last answer quoted first, when it leans on the conversation
    ("Under what conditions?" after an answer quoting "… prepared to join the conflict if …"); else None."""
    messages = turns(history)
    if not messages or messages[-1][0] != "assistant" or not needs_context(question):
        return None
    # not "And the news report?", which asks the last question of that article, nor a why-question, which
    # the claim quoted does not answer ("Why did they refuse?")
    if _ONLY_ARTICLE.match(question) or question_type(question) == REASON:
        return None
    own = {w.lower() for w in _words(question)}
    quoted = [w for w in dict.fromkeys(content_words(" ".join(first_quotes(messages[-1][1])))) if w.lower() not in own]
    return f"{as_question(question.strip())} {' '.join(quoted)}" if quoted else None


def with_plural_quoted(question: str, history: Iterable | None) -> str | None:
    """"How far can those fly?" after an answer quoting "… a request to President Biden for Tomahawk
    missiles": the question with the plural thing the last answer quoted (``_plural_answered``), when
    "they" or "those" finds nothing else to stand for; else None."""
    plural = _plural_answered(question, turns(history))
    return f"{as_question(question.strip())} {plural}" if plural else None


def with_kind_named(question: str, history: Iterable | None) -> str | None:
    """"how far can those missiles fly?" after an answer quoting "… a request to President Biden for Tomahawk
    missiles": the question with the name the conversation last gave those things (in an answer's quotes, its
    lead first, or a question; the latest turn first), when they have one; else None."""
    m = _THOSE_THINGS.search(question)
    if not m:
        return None
    named = re.compile(rf"\b((?:[A-Z][\w-]*\s+){{1,2}}){re.escape(m.group(1))}\b")
    for role, text in reversed(turns(history)):
        for said in [quote for quote, _ in _CITED.findall(text)] if role == "assistant" else [text]:
            found = named.search(said)
            if found:
                return f"{as_question(question.strip())} {found.group(1).strip()}"
    return None


_AUX_WORDS = r"(?:can|could|do|does|did|will|would|should|may|might|must|is|are|was|were|has|have|had)"
# "Which missiles can?", "Who else did?"; not "What would they do?", whose "do" is its verb
_ENDS_ON_AUX = re.compile(rf"^(?!.*\b{_AUX_WORDS}\b.*\b{_AUX_WORDS}\s*\?\s*$).*\b{_AUX_WORDS}\s*\?\s*$", re.I)


def _with_words(question: str, words: list[str]) -> str:
    """The question and the conversation's words: "Which missiles can reach Moscow?" for "Which missiles
    can?" (the words go where the verb it leaves out would be), else the words after the question."""
    if _ENDS_ON_AUX.search(question):
        return f"{question.rstrip(' ?')} {' '.join(words)}?"
    m = _HOW_MANY_BARE.match(question)  # "How many does the op-ed count?": how many of the things spoken of
    if m:
        return f"{question[:m.end()]} {' '.join(words)}{question[m.end():]}"
    return f"{question} {' '.join(words)}"


_HOW_MANY_BARE = re.compile(r"^\s*(?:(?:and|so|but)\s+)?how\s+(?:many|much)(?=\s+(?:do|does|did|are|is|were|was|have|has|"
                            r"had|will|would|can|could)\b)", re.I)


_HE = re.compile(r"\b(?:he|she|him)\b", re.I)

# "Russian", "Israeli": a word naming a people describes; it names no subject of its own
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ican|ese|ish)$|^(?:Israeli|Iraqi|Saudi|Yemeni|Pakistani|Kuwaiti|Qatari|"
                      r"Emirati|Omani|Bahraini|Somali|Bangladeshi|Afghan|Thai|Swiss|Dutch|French|Greek)$")


def _names_subject(question: str) -> bool:
    """Whether a question names something beyond a people's adjective ("How many Russian troops are
    stationed there?" does not: "there" is what the conversation was about) or an article's description."""
    question = _AN_ARTICLE.sub(" ", question)  # "And the Gaza article?" names an article, not a subject
    return any(len(run) > 1 or not _DEMONYM.match(run[0]) for run in name_runs(question))


def _what_else_said(question: str, earlier: str, name: str) -> bool:
    """Whether the question asks what else the person whose words the earlier one asked for said."""
    named = _named(question, name)
    return bool(named) and bool(re.search(r"\belse\b", question, re.I)) and asks_only_what_was_said(named) \
        and name in asked_source(earlier)


def _who_is(question: str) -> str | None:
    """The one-word name "Who is Zelensky?" asks about (a person, named by one word), else None."""
    name = subject_asked(question) if _WHO_IS.match(question) else None
    return name if name and " " not in name else None


def _named(question: str, name: str) -> str | None:
    """"What did he write?" about Yair Golan -> "What did Yair Golan write?": the question a reader would
    have asked on its own (and a question of what someone said, which reads that person's words); "What
    was his rank?" -> "What was Yair Golan's rank?"; None without "he", "she", "him" or "his"."""
    if _HE.search(question):
        return _HE.sub(name, question, count=1)
    return re.sub(r"\bhis\b", f"{name}’s", question, count=1, flags=re.I) if re.search(r"\bhis\b", question, re.I) else None
