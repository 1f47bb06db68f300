"""Rendering of untrusted document text, without a server."""

import re

import pytest

from rag.answer import Answer, Citation
from rag.ui import chat_message, md_text, render_article, render_sources

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
           "![t](http://tracker.invalid/p.png)", "**bold** _em_ `code` # head", "$x^2$"]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaping_leaves_nothing_active(text):
    out = md_text(text)
    assert "<" not in out and "](" not in out and "**" not in out
    assert re.sub(r"\\(.)", r"\1", out).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def citation(quote, **kw):
    base = dict(n=1, doc_id="a.txt", source="a.txt", title="<b>T</b>", author="<i>A</i>", date=None,
                kind="article", quote=quote, start=0, end=len(quote), score=0.5, reported_source="<u>FT</u>")
    return Citation(**{**base, **kw})


def test_sources_and_article_escape_everything():
    hostile = " ".join(HOSTILE)
    answer = Answer("q", "q", f"The article states: “{hostile}” [1]", False, [citation(hostile)], [],
                    [f"The article states: “{hostile}” [1]"], 0.9)
    panel = render_sources(answer)
    assert "<script>" not in panel and "<img" not in panel and "<b>T</b>" not in panel and "<u>" not in panel
    assert "&lt;script&gt;" in panel and "&lt;b&gt;T&lt;/b&gt;" in panel
    message = chat_message(answer)
    assert "<script>" not in message and "](" not in message

    class Doc:
        title, kind, author, date, outlet, source = "<b>x</b>", "article", None, None, None, "a.txt"
        text = "before " + hostile + " after"

    class Index:
        doc_by_id = {"a.txt": Doc}

    html_out = render_article(Index, "a.txt", 7, 7 + len(hostile))
    assert "<script>" not in html_out and "<img" not in html_out
    assert html_out.count("<mark") == 1 and "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out


def test_abstained_answer_looks_different():
    answer = Answer("q", "q", "The indexed articles do not answer this question.", True, [], [citation("near")],
                    ["The indexed articles do not answer this question."], 0.1)
    assert chat_message(answer).startswith("⚠️ **Not answered by the articles.**")
    panel = render_sources(answer)
    assert "Closest passages, not an answer" in panel and "class='closest'" in panel
