"""The running app as clients reach it: gradio_client, and raw HTTP against Gradio's file routes."""

import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.model


def test_a_question_gets_an_answer_with_excerpts(seed_server):
    from gradio_client import Client

    client = Client(seed_server.url, verbose=False)
    result = client.predict("Which ship is the 26th Marine Expeditionary Unit aboard?", api_name="/ask")
    assert result["abstained"] is False and result["citations"]
    assert any("USS Bataan" in c["quote"] and c["source"] == "002_946b607c78fc92eb.txt" for c in result["citations"])
    assert all(c["quote"] and c["end"] > c["start"] for c in result["citations"])


@pytest.mark.parametrize("question,message", [("", "empty"), ("   ", "empty"), ("x" * 5000, "too long")])
def test_bad_questions_get_a_message(seed_server, question, message):
    from gradio_client import Client

    client = Client(seed_server.url, verbose=False)
    with pytest.raises(Exception, match=message):
        client.predict(question, api_name="/ask")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            body = r.read()
            return 200 if body else 204
    except urllib.error.HTTPError as e:
        return e.code


def targets(seed_server):
    gen = next(p for p in seed_server.index.iterdir() if p.name.startswith("gen-"))
    return ["/etc/passwd", str(ROOT / "app.py"), str(gen / "documents.json"), str(gen / "manifest.json"),
            str(SEEDS / "002_946b607c78fc92eb.txt"), str(ROOT / "pyproject.toml"), "app.py", "../app.py"]


def test_no_file_can_be_fetched_through_gradio_file_routes(seed_server):
    assert status(seed_server.url + "/config") == 200  # the probe itself can see what is served
    prefixes = ["/gradio_api/file=", "/file=", "/Gradio_API/FILE=", "/gradio_api/file%3D", "/gradio_api/upload/.."]
    served = []
    for path in targets(seed_server):
        for prefix in prefixes:
            for form in (path, urllib.parse.quote(path, safe=""), path.upper(),
                         urllib.parse.quote(urllib.parse.quote(path, safe=""), safe="")):
                url = seed_server.url + prefix + form
                code = status(url)
                if code < 400:
                    served.append((url, code))
    assert not served


def test_app_listens_on_loopback_only(seed_server):
    assert seed_server.url.startswith("http://127.0.0.1:")
    assert "Running on local URL:  http://127.0.0.1" in seed_server.log.read_text()


def test_concurrent_questions_are_all_answered(seed_server):
    from gradio_client import Client

    client = Client(seed_server.url, verbose=False)
    questions = ["Which ship is the 26th Marine Expeditionary Unit aboard?", "What is the range of the ATACMS missiles?",
                 "What does the Financial Times say about Israel's military actions?", "What is the capital of Australia?"]
    jobs = [client.submit(q, api_name="/ask") for q in questions * 2]
    results = [job.result(timeout=120) for job in jobs]
    assert [r["question"] for r in results] == questions * 2
    assert [r["abstained"] for r in results] == [False, False, False, True] * 2


def test_queue_concurrency_is_the_setting(seed_pipeline):
    from rag.ui import queued_app

    demo = queued_app(seed_pipeline, 3)
    assert demo._queue.default_concurrency_limit == 3
    assert {fn.concurrency_limit for fn in demo.fns.values() if fn.queue} == {"default"}


def test_a_conversation_through_the_api_keeps_its_subject(seed_server):
    from gradio_client import Client

    client = Client(seed_server.url, verbose=False)
    first = client.predict("What are ATACMS missiles?", None, api_name="/ask")
    history = [{"role": "user", "content": "What are ATACMS missiles?"},
               {"role": "assistant", "content": first["answer"]},
               {"role": "user", "content": "How far can they reach?"},
               {"role": "assistant", "content": "…"}]
    third = client.predict("Who authorized sending them?", history, api_name="/ask")
    assert "ATACMS" in third["query"] and not third["abstained"]
    assert "Biden administration" in third["citations"][0]["quote"]
    with pytest.raises(Exception) as err:
        client.predict("And then?", [{"role": "system", "content": "x"}], api_name="/ask")
    assert "history" in str(err.value)
