"""Conversations (pure): a follow-up question and the chat history become a standalone search query.

"What range do they have?" after "What are ATACMS missiles?" searches for
"What range do they have? ATACMS missiles": the follow-up keeps its own words and borrows the
subject of the previous question when it leans on it (a pronoun, or too few words of its own).
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

_ANAPHORA = {"they", "them", "their", "theirs", "it", "its", "this", "that", "these", "those", "he", "him",
             "his", "she", "her", "there", "then", "such", "same", "other", "others"}
_FOLLOW_UP_OPENERS = re.compile(r"^(?:and|but|so|also|what about|how about|why|how come)\b", re.I)
_STOP = {
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "but", "is", "are", "was", "were", "be",
    "been", "do", "does", "did", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "that",
    "this", "these", "those", "it", "its", "they", "them", "their", "he", "she", "his", "her", "about", "with",
    "by", "from", "as", "at", "into", "than", "then", "there", "have", "has", "had", "can", "could", "would",
    "should", "will", "say", "says", "said", "tell", "me", "us", "we", "you", "i", "any", "all", "more", "much",
    "many", "some", "also", "according", "article", "articles", "think", "according", "so", "not", "no",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text)


def content_words(text: str) -> list[str]:
    return [w for w in _words(text) if w.lower() not in _STOP and not w.isdigit() or w.isupper() and len(w) > 1]


def needs_context(question: str) -> bool:
    words = [w.lower() for w in _words(question)]
    return bool(_ANAPHORA & set(words)) or len(content_words(question)) <= 1 or bool(
        _FOLLOW_UP_OPENERS.match(question.strip()))


def user_turns(history: Iterable) -> list[str]:
    """User messages from a history of {"role", "content"} dicts or (user, bot) pairs."""
    turns = []
    for item in history or []:
        if isinstance(item, Mapping):
            if item.get("role") == "user" and isinstance(item.get("content"), str):
                turns.append(item["content"])
        elif isinstance(item, (list, tuple)) and item and isinstance(item[0], str):
            turns.append(item[0])
    return turns


def condense(question: str, history: Iterable | None = None) -> str:
    """The standalone query for a question asked after ``history``."""
    question = question.strip()
    previous = user_turns(history)
    if not previous or not needs_context(question):
        return question
    own = {w.lower() for w in _words(question)}
    for earlier in reversed(previous):  # the nearest question that has a subject of its own
        borrowed = [w for w in dict.fromkeys(content_words(earlier)) if w.lower() not in own]
        if borrowed:
            return f"{question} {' '.join(borrowed)}"
    return question
