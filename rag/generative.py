"""The generative answerer: a language model writes a short answer from the excerpts the extractive
answerer chose, and every sentence it writes is checked against the excerpt it cites (rag/verify.py).

The model never decides who says what: a kept sentence is framed by the program ("The opinion piece by
Yossi Aharoni … argues that …", "…, citing the Financial Times, reports that …") from the article's
metadata and the reported-speech detection. A sentence that fails a check is replaced by its excerpt,
quoted verbatim and cited; when most fail, or the model cannot be reached, the extractive answer is
given with a notice saying why. What the articles do not answer, the model is never asked.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from typing import Callable, Sequence

from .answer import Answer, Citation, ExtractiveAnswerer
from .attribution import Voice, capital, describe, introduce, own_verb
from .errors import AnswerCancelled
from .llm import ChatModel, LLMError
from .retrieval import Passage
from .verify import Excerpt, Verdict, split_cited, verify

log = logging.getLogger("rag.generative")

SYSTEM = ("You answer a question using only the numbered excerpts given. Write one to three short sentences. "
          "End every sentence with the number of the excerpt it comes from, like [1]. Use the excerpts' own "
          "words and numbers. Do not say who wrote an excerpt, and add nothing that is not in it.")
# One worked example, as a previous turn: small models copy a format far better than they follow one.
EXAMPLE = [
    {"role": "user", "content": "Excerpts:\n[1] (the news report “Harbour reopens”) The harbour of Exampleton "
                                "reopened on Monday after two weeks of repairs.\n[2] (the opinion piece “A costly "
                                "delay”) The repairs cost the town 40,000 euros, far too much.\n\n"
                                "Question: When did the harbour reopen, and what did the repairs cost?"},
    {"role": "assistant", "content": "The harbour reopened on Monday after two weeks of repairs [1]. "
                                     "The repairs cost the town 40,000 euros [2]."},
]
# Words that may open a sentence and are lower-cased when it follows "… argues that".
_LOWER_OPENERS = {"The", "A", "An", "This", "These", "That", "Those", "It", "Its", "They", "Their", "There",
                  "Some", "Many", "Most", "All", "No", "Both", "Each", "Such", "In", "On", "At", "For", "By"}


def prompt(question: str, citations: list[Citation], documents: dict) -> list[dict]:
    """The excerpts numbered, each with its attribution, then the question."""
    lines = []
    for c in citations:
        doc = documents[c.doc_id]
        who = describe(doc) + (f", citing {c.reported_source}" if c.reported_source else "")
        lines.append(f"[{c.n}] ({who}) {c.quote}")
    return [{"role": "system", "content": SYSTEM}, *EXAMPLE,
            {"role": "user", "content": "Excerpts:\n" + "\n".join(lines) + f"\n\nQuestion: {question}"}]


_OWN_FRAME = re.compile(r"^(?:according to (?P<by>[^,]{2,80}),\s*|(?P<who>[^,]{2,80}?)\s+(?:says|said|reports|reported|"
                        r"states|stated|argues|argued|claims|claimed|writes|wrote)\s+(?:that\s+)?)(?P<rest>\w.*)$",
                        re.I)
_ARTICLE_WORDS = {"article", "news report", "report", "opinion piece", "author", "writer", "analysis", "excerpt"}


def _without_own_frame(sentence: str, reported_source: str | None) -> str:
    """"The Financial Times says that X" -> "X" when the program's frame already says who says it."""
    m = _OWN_FRAME.match(sentence.strip())
    if not m:
        return sentence
    who = re.sub(r"^the\s+", "", (m.group("by") or m.group("who")).strip(), flags=re.I).lower()
    source = re.sub(r"^the\s+", "", (reported_source or "").strip(), flags=re.I).lower()
    if who in _ARTICLE_WORDS or (source and who == source):
        return capital(m.group("rest"))
    return sentence


def _clause(sentence: str) -> str:
    """The model's sentence as the clause after "that": no final stop, a common opening word lower-cased."""
    sentence = sentence.strip().rstrip(".!;:")
    first = sentence.split(" ", 1)[0]
    return first.lower() + sentence[len(first):] if first in _LOWER_OPENERS else sentence


class GenerativeAnswerer:
    def __init__(self, extractive: ExtractiveAnswerer, model: ChatModel, *, max_tokens: int = 200,
                 min_kept: float = 0.5):
        self.extractive, self.model = extractive, model
        self.max_tokens, self.min_kept = max_tokens, min_kept
        self.documents = extractive.index.doc_by_id

    def knows_name(self, word: str, exact: bool = False) -> bool:
        return self.extractive.knows_name(word, exact)

    def answer(self, question: str, query: str, passages: list[Passage],
               cancelled: Callable[[], bool] | None = None, avoid: Sequence[str] = (),
               after: Sequence[str] = ()) -> Answer:
        base = self.extractive.answer(question, query, passages, avoid=avoid, after=after)
        if base.abstained or not base.citations:
            return base  # the articles do not answer: nothing for a model to say
        try:
            reply = ""
            stream = self.model.chat(prompt(question, base.citations, self.documents), max_tokens=self.max_tokens)
            try:
                for piece in stream:
                    if cancelled is not None and cancelled():
                        raise AnswerCancelled  # closing the stream below hangs up on the model server
                    reply += piece
            finally:
                getattr(stream, "close", lambda: None)()
        except LLMError as e:
            log.info("language model not used: %s", e.message)
            return replace(base, notice=f"The language model was not used: {e.message}"
                                        + (f" ({e.fix})" if e.fix else "") + ". The answer quotes the articles.")
        return self.checked(base, reply)

    def checked(self, base: Answer, reply: str) -> Answer:
        """The answer made from the model's reply, sentence by sentence, or ``base`` when most fail."""
        excerpts = {c.n: Excerpt(c.n, c.quote, self.documents[c.doc_id], c.reported_source) for c in base.citations}
        verdicts = [verify(sentence, cited, excerpts) for sentence, cited in split_cited(reply)]
        kept = sum(v.passed for v in verdicts)
        if not verdicts or kept < self.min_kept * len(verdicts):
            why = "it wrote nothing" if not verdicts else f"{len(verdicts) - kept} of its {len(verdicts)} sentences " \
                                                            "did not match their excerpts"
            return replace(base, sentences=[_report(v, False) for v in verdicts],
                           notice=f"The language model's answer was not used: {why}. The answer quotes the articles.")
        return self._compose(base, verdicts)

    def _compose(self, base: Answer, verdicts: list[Verdict]) -> Answer:
        by_n = {c.n: c for c in base.citations}
        used: list[int] = []  # base citation numbers in order of first use
        parts, reports, named, quoted = [], [], set(), set()
        seen = set()
        for v in verdicts:
            if v.sentence in seen:  # said once is enough
                continue
            seen.add(v.sentence)
            if v.passed:
                c = by_n[v.cited[0]]
                doc = self.documents[c.doc_id]
                voice = Voice(c.reported_source)
                if voice.reported:
                    frame = f"{describe(doc) if c.doc_id not in named else 'it'}, citing {voice.source}, reports"
                elif c.doc_id not in named:
                    frame = f"{describe(doc)} {own_verb(doc)}"
                else:
                    frame = f"it also {own_verb(doc)}"
                marks = "".join(f"[{n}]" for n in dict.fromkeys(v.cited))
                clause = _clause(_without_own_frame(v.sentence, c.reported_source))
                parts.append(f"{frame[0].upper()}{frame[1:]} that {clause} {marks}.")
                named.add(c.doc_id)
                used += list(v.cited)
                reports.append({**_report(v, True), "part": len(parts) - 1})
                continue
            n = next((n for n in v.cited if n in by_n), None)
            if n is None or n in quoted:  # nothing it may stand for, or its excerpt is already quoted
                reports.append(_report(v, False))
                continue
            c = by_n[n]
            doc = self.documents[c.doc_id]
            intro = introduce(doc, Voice(c.reported_source), first=c.doc_id not in named)
            parts.append(f"{intro}: “{c.quote}” [{n}]")
            named.add(c.doc_id)
            quoted.add(n)
            used.append(n)
            reports.append({**_report(v, False), "replaced_by": n, "part": len(parts) - 1})
        order = list(dict.fromkeys(used))
        renumber = {old: new for new, old in enumerate(order, 1)}
        swap = lambda text: re.sub(r"\[(\d+)\]", lambda m: f"[{renumber[int(m.group(1))]}]", text)  # noqa: E731
        parts = [swap(p) for p in parts]
        for r in reports:
            r["citations"] = [renumber[n] for n in r["citations"] if n in renumber]
            if "replaced_by" in r:
                r["replaced_by"] = renumber[r["replaced_by"]]
        citations = [replace(by_n[old], n=renumber[old]) for old in order]
        return replace(base, text=" ".join(parts), parts=parts, citations=citations, answerer="generative",
                       sentences=reports)


def _report(v: Verdict, kept: bool) -> dict:
    """One generated sentence for the JSON output: what it said, what it cited, which checks it passed."""
    return {"text": v.sentence, "citations": list(v.cited), "checks": dict(v.checks), "kept": kept,
            "problems": list(v.problems)}
