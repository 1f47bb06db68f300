"""A real browser (Debian's Chromium driven by Playwright) against the running app."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.model, pytest.mark.e2e]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """Everything a page does that it must not: dialogs, requests to other hosts, script errors."""

    def __init__(self, page, base_url):
        self.dialogs, self.foreign = [], []
        host = urlparse(base_url).netloc
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: urlparse(r.url).netloc not in ("", host) and not r.url.startswith("data:")
                and self.foreign.append(r.url))


def ask(page, question):
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.wait_for_function("() => document.querySelectorAll('#sources .src').length > 0", timeout=60_000)


def open_first_source(page):
    page.locator("#pick label").first.click()
    page.wait_for_selector("#article mark", timeout=30_000)
    return page.locator("#article mark#excerpt").inner_text()


def test_ask_read_sources_and_open_the_article(browser, seed_server):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(page, seed_server.url)
    page.goto(seed_server.url)
    page.wait_for_selector("#status")
    assert re.search(r"3\s+articles\s+·\s+53\s+passages\s+·\s+model sentence-transformers/all-MiniLM-L6-v2", page.locator("#status").inner_text())
    ask(page, "Which ship is the 26th Marine Expeditionary Unit aboard?")
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('[1]')")
    chat = page.locator("#chat").inner_text()
    assert "USS Bataan" in chat and "The news report (2023-11-10)" in chat
    sources = page.locator("#sources").inner_text()
    assert "[1]" in sources and "002_946b607c78fc92eb.txt" in sources and "USS Bataan" in sources
    excerpt = open_first_source(page)
    assert "USS Bataan" in excerpt
    assert page.locator("#article mark#excerpt").is_visible()
    in_view = page.evaluate("""() => { const m = document.querySelector('#article mark').getBoundingClientRect();
        const box = document.querySelector('#article .doc').getBoundingClientRect();
        return m.top >= box.top - 1 && m.bottom <= box.bottom + 1 && m.top < window.innerHeight; }""")
    assert in_view
    page.screenshot(path=str(ARTIFACTS / "answer.png"), full_page=True)
    # a follow-up, then starting over
    ask_follow = "Where is it currently located?"
    page.locator("#question textarea").fill(ask_follow)
    page.locator("#ask").click()
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('Gulf of Oman')", timeout=60_000)
    # the answer written to its end (its sources shown, its stream closed); stopping an answer still being
    # written is test_new_conversation_stops_an_answer_being_written
    page.wait_for_function("() => document.querySelector('#sources').innerText.includes('Gulf of Oman')")
    page.locator("#clear").click()
    try:
        page.wait_for_function("() => !document.querySelector('#chat').innerText.includes('USS Bataan')")
    finally:
        page.screenshot(path=str(ARTIFACTS / "new-conversation.png"), full_page=True)
    assert not watch.dialogs and not watch.foreign


def test_unanswerable_question_shows_closest_passages(browser, seed_server):
    page = browser.new_page()
    page.goto(seed_server.url)
    ask(page, "What is the capital of Australia?")
    assert "Not answered by the articles" in page.locator("#chat").inner_text()
    assert "Closest passages, not an answer" in page.locator("#sources").inner_text()


def test_empty_question_gets_a_message(browser, seed_server):
    page = browser.new_page()
    page.goto(seed_server.url)
    page.locator("#ask").click()
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('question is empty')")
    assert page.locator("#chat [data-testid=user]").count() == 0  # no empty bubble for what was not asked


def test_hostile_markup_stays_inert_text(browser, hostile_server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch(page, hostile_server.url)
    page.goto(hostile_server.url)
    ask(page, "When did the harbour of Exampleton reopen after repairs?")
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('[1]')")
    chat, sources = page.locator("#chat").inner_text(), page.locator("#sources").inner_text()
    assert "<script>alert('script-ran')</script>" in chat + sources
    open_first_source(page)
    article = page.locator("#article").inner_text()
    for literal in ["<script>alert('script-ran')</script>", "<img src=x onerror=\"alert('img-ran')\">",
                    "[the port site](javascript:alert('link-ran'))", "![tracker](http://tracker.invalid/pixel.png)"]:
        assert literal in article
    page.wait_for_timeout(1000)
    for area in ("#chat", "#sources", "#article"):
        assert page.locator(f"{area} script, {area} img[src='x'], {area} iframe, {area} a[href^='javascript']").count() == 0
    ask(page, "Where are the ferry times for the harbour posted?")
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('ferries')")
    chat = page.locator("#chat").inner_text()
    assert "https://tracker.invalid/ferries?day=mon_fri" in chat and "\\" not in chat  # verbatim
    assert page.locator("#chat a[href*='tracker.invalid']").count() == 0  # and inert
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)
    assert not watch.dialogs, watch.dialogs
    assert not watch.foreign, watch.foreign


def test_first_page_lists_the_articles_and_examples_that_are_answered(browser, seed_server):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(seed_server.url)
    page.wait_for_selector("#articles table")
    table = page.locator("#articles").inner_text()
    assert "Yossi Aharoni" in table and "opinion" in table and "2023-11-10" in table
    assert "The US is orchestrating the Israel-Palestine War" in table
    example = page.get_by_text("Which of the articles are opinion pieces?").first
    example.wait_for(timeout=30_000)
    example.click()
    page.locator("#ask").click()
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('#Opinion')", timeout=60_000)
    assert "Not answered" not in page.locator("#chat").inner_text()


@pytest.mark.parametrize("width", [1400, 400])
def test_markers_open_articles_for_every_turn(browser, seed_server, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    watch = Watch(page, seed_server.url)
    page.goto(seed_server.url)
    ask(page, "What does ATACMS stand for?")
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('Army Tactical Missile System')")
    assert page.locator("#chat strong", has_text="Army Tactical Missile System").count() >= 1
    page.locator("#question textarea").fill("Which ship is the 26th Marine Expeditionary Unit aboard?")
    page.locator("#ask").click()
    page.wait_for_function("() => document.querySelectorAll('#chat a[href^=\"#cite-2-\"]').length > 0", timeout=60_000)
    # the first question's [1], clicked after the second answer, opens the first question's article
    page.locator("#chat a[href='#cite-1-1']").first.click()
    page.wait_for_selector("#article mark", timeout=30_000)
    assert "Army Tactical Missile System" in page.locator("#article mark#excerpt").inner_text()
    assert page.locator("#article mark.answer").inner_text() == "Army Tactical Missile System"
    assert page.locator("#pick label").count() >= 2  # both questions' sources stay reachable
    page.locator("#chat a[href='#cite-2-1']").first.click()
    page.wait_for_function("() => document.querySelector('#article mark#excerpt').innerText.includes('26th Marine')")
    page.screenshot(path=str(ARTIFACTS / f"markers-{width}.png"), full_page=True)
    # the articles listed on the first page fit the window, a phone's included
    assert page.evaluate("document.querySelector('#articles table').getBoundingClientRect().right") <= width
    assert not watch.dialogs and not watch.foreign


class SlowModel:
    """A model server that streams one word every 0.2 s (300 words: 60 s), and records whether the client
    hung up before it finished."""

    def __init__(self, words: int = 300):
        import json
        import threading
        import time

        from conftest import EventStreamServer

        self.started, self.hung_up, self.finished = threading.Event(), threading.Event(), threading.Event()
        chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "slow",
                 "choices": [{"index": 0, "delta": {"content": "word "}, "finish_reason": None}]}

        def write(out):
            self.started.set()
            try:
                for _ in range(words):
                    out.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    out.flush()
                    time.sleep(0.2)
                out.write(b"data: [DONE]\n\n")
                self.finished.set()
            except (BrokenPipeError, ConnectionResetError):
                self.hung_up.set()

        self.server = EventStreamServer(write)
        self.url = self.server.url


def test_new_conversation_stops_an_answer_being_written(browser, tmp_path):
    """A cancelled question stops its work: the model server is hung up on, not read to the end."""
    from conftest import AppServer, SEEDS

    slow = SlowModel()
    env = {"RAG_LLM_BASE_URL": slow.url, "RAG_LLM_MODEL": "slow", "RAG_ANSWERER": "generative"}
    with AppServer(SEEDS, tmp_path / "index", env=env) as server:
        page = browser.new_page()
        page.goto(server.url)
        page.locator("#question textarea").fill("What is the range of the ATACMS missiles?")
        page.locator("#ask").click()
        assert slow.started.wait(60), "the model was never asked"
        page.locator("#clear").click()
        assert slow.hung_up.wait(10) and not slow.finished.is_set()
        page.wait_for_timeout(1000)
        assert "ATACMS" not in page.locator("#chat").inner_text()  # nothing written back
        assert "question cancelled; its work stops" in server.log.read_text()
    slow.server.close()


def test_a_question_typed_while_an_answer_is_written_stays_in_the_box(browser, tmp_path):
    from conftest import AppServer, SEEDS

    slow = SlowModel(words=15)  # an answer written over 3 s
    env = {"RAG_LLM_BASE_URL": slow.url, "RAG_LLM_MODEL": "slow", "RAG_ANSWERER": "generative"}
    with AppServer(SEEDS, tmp_path / "index", env=env) as server:
        page = browser.new_page()
        page.goto(server.url)
        box = page.locator("#question textarea")
        box.fill("What is the range of the ATACMS missiles?")
        page.locator("#ask").click()
        assert slow.started.wait(60), "the model was never asked"
        # (the box is emptied as the question goes into the chat; a reader types the next one after that, which
        # a loaded machine may show a moment after the model is asked)
        page.wait_for_function("() => document.querySelector('#question textarea').value === ''", timeout=30_000)
        box.fill("Who wrote the ATACMS piece?")  # the next question, typed while the answer is written
        assert slow.finished.wait(30)
        page.wait_for_function("() => !document.querySelector('#chat').innerText.includes('Searching the articles')",
                               timeout=30_000)
        page.wait_for_timeout(1000)
        assert box.input_value() == "Who wrote the ATACMS piece?"
    slow.server.close()
