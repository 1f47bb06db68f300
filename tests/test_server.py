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


@pytest.fixture(scope="module")
def small_server(tmp_path_factory):
    """A server of its own over a copy of the seeds, answering one question at a time with room for
    two waiting: the index it serves is rebuilt under it."""
    import shutil

    from conftest import AppServer

    folder = tmp_path_factory.mktemp("live")
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    with AppServer(corpus, folder / "index", env={"RAG_CONCURRENCY": "1", "RAG_MAX_QUEUE": "2"}) as server:
        yield server


NEW_ARTICLE = """Lighthouse keepers return to Exampleton

The old lighthouse of Exampleton was staffed again on Monday by three keepers named Ada, Bo and Cy.
The harbour council said the keepers will live in the tower until the spring storms have passed.
"""


def test_a_rebuilt_index_is_served_without_a_restart_and_without_errors(small_server):
    import subprocess
    import sys
    import threading
    import time

    from gradio_client import Client

    client = Client(small_server.url, verbose=False)
    question = "Who staffed the lighthouse of Exampleton?"
    assert client.predict(question, api_name="/ask")["abstained"]
    answers, errors, stop = [], [], threading.Event()

    def keep_asking():  # a reader asking throughout the rebuild
        c = Client(small_server.url, verbose=False)
        while not stop.is_set():
            try:
                answers.append(c.predict("Which ship is the 26th Marine Expeditionary Unit aboard?", api_name="/ask"))
            except Exception as e:  # noqa: BLE001 - every failure is counted
                errors.append(repr(e))

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        (small_server.corpus / "lighthouse.txt").write_text(NEW_ARTICLE)
        build = subprocess.run([sys.executable, "-m", "rag", "build", "--corpus", str(small_server.corpus),
                                "--index", str(small_server.index)], capture_output=True, text=True, cwd=ROOT,
                               timeout=300)
        assert build.returncode == 0, build.stderr
        deadline, result = time.time() + 30, None
        while time.time() < deadline:
            result = client.predict(question, api_name="/ask")
            if not result["abstained"]:
                break
            time.sleep(1)
    finally:
        stop.set()
        asker.join(60)
    assert not result["abstained"] and result["citations"][0]["source"] == "lighthouse.txt"
    assert "Ada, Bo and Cy" in result["citations"][0]["quote"]
    assert not errors and len(answers) > 3 and all(not a["abstained"] for a in answers)
    log = small_server.log.read_text()
    assert "switched to index gen-" in log and "(4 articles" in log


def test_a_full_queue_is_told_busy_at_once(small_server):
    from gradio_client import Client

    client = Client(small_server.url, verbose=False)
    jobs = [client.submit("What does the Financial Times say about Israel's military actions?", api_name="/ask")
            for _ in range(12)]
    outcomes = []
    for job in jobs:
        try:
            outcomes.append("answered" if job.result(timeout=120)["citations"] else "empty")
        except Exception as e:  # noqa: BLE001
            outcomes.append("busy" if "queue is full" in str(e).lower() else repr(e))
    assert set(outcomes) == {"answered", "busy"}, outcomes  # 1 answering + 2 waiting; the rest refused


def test_uploads_are_refused(small_server):
    import uuid

    body = b"x" * 20_000
    boundary = uuid.uuid4().hex
    data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + body + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(small_server.url + "/gradio_api/upload", data=data, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            code = r.status
    except urllib.error.HTTPError as e:
        code = e.code
    assert code == 413


def test_a_refused_question_is_one_log_line(small_server):
    from gradio_client import Client

    with pytest.raises(Exception, match="empty"):
        Client(small_server.url, verbose=False).predict("   ", api_name="/ask")
    assert "Traceback" not in small_server.log.read_text()
