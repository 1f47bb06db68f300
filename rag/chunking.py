"""Sentence-aware passages with character offsets into the document text (pure).

Invariant: ``document.text[chunk.start:chunk.end] == chunk.text`` for every chunk.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Hashable, Sequence

import sentencex

_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_NOT_HEADING_END = (".", ",", ";", ":", "!", "…")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    start: int
    end: int
    section: str | None
    text: str


def _lines(text: str, start: int = 0, end: int | None = None):
    """(start, end) of every non-blank line of text[start:end], stripped of surrounding whitespace."""
    end = len(text) if end is None else end
    for m in re.finditer(r"[^\n]+", text):
        s, e = max(m.start(), start), min(m.end(), end)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


def heading_of(line: str, is_last: bool) -> str | None:
    """The heading a line stands for, or None for an ordinary line of prose."""
    m = _MD_HEADING.match(line)
    if m:
        return m.group(1)
    words = line.split()
    if is_last or not words or len(words) > 10 or line.endswith(_NOT_HEADING_END):
        return None
    if line.endswith("?") and len(words) > 8:
        return None
    if line[0].islower():
        return None
    return line


@lru_cache(maxsize=4096)
def _sentence_spans_cached(text: str) -> tuple[tuple[int, int], ...]:
    out = []
    for b in sentencex.get_sentence_boundaries("en", text):
        s, e = b["start_index"], b["end_index"]
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return tuple(out)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of text[start:end], as spans into text, trimmed of whitespace."""
    end = len(text) if end is None else end
    return [Span(start + s, start + e) for s, e in _sentence_spans_cached(text[start:end])]


def _limit(span: Span, text: str, size: int) -> list[Span]:
    """Cut an over-long sentence at whitespace so that no piece exceeds size characters."""
    if span.end - span.start <= size:
        return [span]
    pieces, s = [], span.start
    while span.end - s > size:
        cut = text.rfind(" ", s + 1, s + size)
        cut = cut if cut > s else s + size
        pieces.append(Span(s, cut))
        s = cut
        while s < span.end and text[s].isspace():
            s += 1
    if s < span.end:
        pieces.append(Span(s, span.end))
    return pieces


def sections(text: str, start: int = 0, end: int | None = None) -> list[tuple[str | None, list[Span]]]:
    """Split text[start:end] into (heading, sentence spans) groups, in order."""
    lines = list(_lines(text, start, end))
    groups: list[tuple[str | None, list[Span]]] = [(None, [])]
    for i, (s, e) in enumerate(lines):
        heading = heading_of(text[s:e], is_last=i == len(lines) - 1)
        if heading is not None:
            groups.append((heading, []))
        else:
            groups[-1][1].extend(sentence_spans(text, s, e))
    return [g for g in groups if g[1]]


def sentence_units(text: str, size: int, start: int = 0, end: int | None = None) -> list[tuple[str | None, list[Span]]]:
    """Sections with their sentences, over-long sentences cut to size: the units passages are made of."""
    return [(heading, [p for sp in spans for p in _limit(sp, text, size)])
            for heading, spans in sections(text, start, end)]


def chunk_text(doc_id: str, text: str, size: int, overlap: int, start: int = 0, end: int | None = None) -> list[Chunk]:
    """Pack whole sentences into passages of about ``size`` characters, never across a heading.

    ``overlap`` trailing sentences of a passage start the next one, so a fact that straddles a
    boundary is whole in at least one passage.
    """
    chunks: list[Chunk] = []
    for heading, spans in sentence_units(text, size, start, end):
        i = 0
        while i < len(spans):
            j = i + 1
            while j < len(spans) and spans[j].end - spans[i].start <= size:
                j += 1
            start, end = spans[i].start, spans[j - 1].end
            chunks.append(Chunk(doc_id, start, end, heading, text[start:end]))
            if j >= len(spans):
                break
            i = max(i + 1, j - overlap)
    return chunks


def sentence_runs(chunks: Sequence[tuple[Hashable, int, int]],
                  sentences: Sequence[tuple[Hashable, Span]]) -> list[tuple[int, int]]:
    """For each passage (its document, start, end), the rows [lo, hi) of ``sentences`` (document, span;
    each document's in text order) that lie inside it: a run, since passages are made of whole
    sentences; (0, 0) where none does."""
    by_doc: dict[Hashable, tuple[list[int], list[int], list[int]]] = {}
    for row, (doc, span) in enumerate(sentences):
        rows, starts, ends = by_doc.setdefault(doc, ([], [], []))
        rows.append(row)
        starts.append(span.start)
        ends.append(span.end)
    runs = []
    for doc, start, end in chunks:
        rows, starts, ends = by_doc.get(doc, ([], [], []))
        first, past = bisect_left(starts, start), bisect_right(ends, end)
        runs.append((rows[first], rows[past - 1] + 1) if first < past else (0, 0))
    return runs
