"""Rendering of untrusted document text, without a server."""

import html
import re

import pytest

from rag.answer import Answer, Citation
from rag.ui import chat_message, md_text, render_article, render_sources

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
           "![t](http://tracker.invalid/p.png)", "**bold** _em_ `code` # head", "$x^2$",
           "see https://tracker.invalid/a_b?c=d, www.tracker.invalid or ops@tracker.invalid"]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaping_leaves_nothing_active(text):
    out = md_text(text)
    assert "<" not in out and "](" not in out and "**" not in out and "://" not in out and "www." not in out
    assert html.unescape(out) == text  # shown exactly as written


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
    assert "<script>" not in message and re.sub(r"\]\(#cite-0-1\)", "", message).count("](") == 0

    class Doc:
        title, kind, author, date, outlet, source = "<b>x</b>", "article", None, None, None, "a.txt"
        text = "before " + hostile + " after"

    class Index:
        doc_by_id = {"a.txt": Doc}

    html_out = render_article(Index, "a.txt", 7, 7 + len(hostile))
    assert "<script>" not in html_out and "<img" not in html_out
    assert html_out.count("<mark") == 1 and "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out


def test_an_excerpt_in_two_voices_says_whose_words_each_part_is():
    quote = "Russia has stated that … Knowing this, Biden told Zelensky this was a non-starter."
    answer = Answer("q", "q", "…", False, [citation(quote, reported_source="Biden", voices=("<u>Russia</u>", None))],
                    [], ["…"], 0.9)
    panel = render_sources(answer)
    assert "reports: &lt;u&gt;Russia&lt;/u&gt;, then its own words" in panel and "<u>" not in panel
    one = render_sources(Answer("q", "q", "…", False, [citation(quote)], [], ["…"], 0.9))
    assert "reports: &lt;u&gt;FT&lt;/u&gt;" in one and "then" not in one


def test_markers_open_their_source_and_answering_words_are_bold():
    quote = "The ATACMS, which stands for Army Tactical Missile System, are missiles."
    a = quote.index("Army")
    c = citation(quote, start=100, end=100 + len(quote), answer="Army Tactical Missile System",
                 answer_start=100 + a, answer_end=100 + a + len("Army Tactical Missile System"))
    text = (f"The article “A title, quoted” says: “Army Tactical Missile System” [1].\n\n"
            f"In full, it states: “{quote}” [1]")  # a quoted title before a quote must not swallow it
    answer = Answer("q", "q", text, False, [c], [], text.split("\n\n"), 0.9)
    message = chat_message(answer, turn=3)
    assert message.count("](#cite-3-1)") == 2
    assert "“**Army Tactical Missile System**”" in message
    assert "which stands for **Army Tactical Missile System**, are missiles&#46;" in message
    panel = render_sources(answer)
    assert "<mark class='answer'>Army Tactical Missile System</mark>" in panel

    class Doc:
        title, kind, author, date, outlet, source = "T", "opinion", None, None, None, "a.txt"
        text = "x" * 100 + quote

    class Index:
        doc_by_id = {"a.txt": Doc}

    page = render_article(Index, "a.txt", c.start, c.end, (c.answer_start, c.answer_end))
    assert "<mark id='excerpt'>The ATACMS, which stands for <mark class='answer'>Army Tactical Missile System</mark>" in page


def test_titles_are_cut_on_a_word_boundary():
    from rag.attribution import cut

    title = "The US is orchestrating the Israel-Palestine War by fully supporting the Israel army’s offensive"
    short = cut(title, 40)
    assert short.endswith("…") and len(short) <= 40 and title.startswith(short[:-1])
    assert title[len(short) - 1] == " "  # the cut falls between words
    assert cut("Short title", 40) == "Short title"


def test_abstained_answer_looks_different():
    answer = Answer("q", "q", "The indexed articles do not answer this question.", True, [], [citation("near")],
                    ["The indexed articles do not answer this question."], 0.1)
    assert chat_message(answer).startswith("⚠️ **Not answered by the articles.**")
    panel = render_sources(answer)
    assert "Closest passages, not an answer" in panel and "class='closest'" in panel


def test_checked_sentences_are_marked_and_a_notice_is_shown_escaped():
    quote = "The unit remains aboard the USS Bataan."
    c = citation(quote)
    parts = ["The article “T” states that the unit remains aboard the USS Bataan [1].",
             f"It also states: “{quote}” [1]"]
    sentences = [{"text": "The unit remains aboard the USS Bataan.", "citations": [1], "checks": {"cited": True},
                  "kept": True, "problems": [], "part": 0},
                 {"text": "It is a fact.", "citations": [1], "checks": {"cited": True, "attribution": False},
                  "kept": False, "problems": ["states it as fact"], "replaced_by": 1, "part": 1}]
    answer = Answer("q", "q", " ".join(parts), False, [c], [], parts, 0.9, answerer="generative",
                    sentences=sentences)
    message = chat_message(answer)
    first, second = message.split("\n\n")[:2]
    assert first.endswith("✓") and not second.endswith("✓") and "checked against its excerpt" in message
    noted = chat_message(Answer("q", "q", parts[1], False, [c], [], parts[1:], 0.9,
                                notice="The language model was not used: <b>down</b>."))
    assert noted.startswith("_The language model was not used") and "<b>" not in noted
