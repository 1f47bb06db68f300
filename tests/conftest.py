"""Shared fixtures. Unit tests use FakeEmbedder; tests marked `model` load the packaged model once."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from rag.config import Settings
from rag.embedding import normalize

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared" / "data"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


class FakeEmbedder:
    """Deterministic bag-of-words hashing: texts sharing words get similar vectors. No model."""

    def __init__(self, dim: int = 64, name: str = "fake-model"):
        self.name = name
        self._dim = dim
        self.encoded: list[str] = []  # every text ever encoded, to count work

    @property
    def dim(self) -> int:
        return self._dim

    def encode(self, texts, *, batch_size=32, progress=False, desc=""):
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[i, h % self._dim] += 1.0 if (h >> 32) & 1 else -1.0
            out[i, 0] += 1e-3  # never the zero vector
        return normalize(out)


# A full build with a slowed embedder, to be killed at some moment (tests/test_store.py, tests/test_stores.py).
KILLED_BUILD = r"""
import sys, time
sys.path.insert(0, {tests!r})
from conftest import FakeEmbedder
from rag.build import build
from rag.config import Settings

class Slow(FakeEmbedder):
    def encode(self, texts, **kw):
        time.sleep(0.002 * len(texts))
        return super().encode(texts, **kw)

s = Settings(corpus={corpus!r}, index={index!r}, store={store!r}, model="fake-model", chunk_size=150)
print("start", flush=True)
build(s, lambda: Slow(), full=True)
print("done", flush=True)
"""


@pytest.fixture
def fake_embedder():
    return FakeEmbedder()


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A copy of the seeds that a test may change."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def settings(tmp_path, corpus) -> Settings:
    return Settings(corpus=corpus, index=tmp_path / "index", model="fake-model")


@pytest.fixture(scope="session")
def real_embedder():
    from rag.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder().warm_up()


@pytest.fixture(scope="session")
def seed_pipeline(tmp_path_factory, real_embedder):
    """The seeds indexed with the packaged model, opened once for the session."""
    from rag.build import build
    from rag.pipeline import Pipeline

    settings = Settings(corpus=SEEDS, index=tmp_path_factory.mktemp("seeds") / "index")
    build(settings, lambda: real_embedder)
    return Pipeline.open(settings, embedder=real_embedder)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`python app.py` as a person starts it, in its own process, on a free loopback port."""

    def __init__(self, corpus: Path, index: Path, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.corpus, self.index, self.env = corpus, index, env or {}
        self.proc = None
        self.log = index.parent / f"app-{self.port}.log"

    def __enter__(self) -> "AppServer":
        import subprocess
        import sys
        import time
        import urllib.request

        env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", **self.env}
        self._out = open(self.log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--corpus", str(self.corpus), "--index", str(self.index),
             "--port", str(self.port)], cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT)
        deadline = time.time() + 240
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited: {self.log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=2)
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"app did not start: {self.log.read_text()[-2000:]}")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except Exception:
                self.proc.kill()
        self._out.close()


@pytest.fixture(scope="session")
def seed_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    with AppServer(SEEDS, folder / "index") as server:
        yield server


HOSTILE = """Harbour report from Exampleton

The harbour of Exampleton reopened on Monday <script>alert('script-ran')</script> after two weeks of repairs.
Workers said the cranes <img src=x onerror="alert('img-ran')"> were fixed by the harbour engineers.
Details of the harbour repairs are at [the port site](javascript:alert('link-ran')) and ![tracker](http://tracker.invalid/pixel.png) for readers.
<a href="javascript:alert('anchor-ran')">harbour schedule</a> <iframe src="http://tracker.invalid/frame"></iframe>

Ferry times for the harbour are posted every morning at https://tracker.invalid/ferries?day=mon_fri by the port office.
"""


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    corpus = folder / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "harbour.md").write_text(HOSTILE)
    with AppServer(corpus, folder / "index") as server:
        yield server


class EventStreamServer:
    """A model server on loopback that answers every POST with server-sent events: ``write(wfile)``
    writes the body (tests of what the app does with slow, broken or abandoned streams)."""

    def __init__(self, write):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                write(self.wfile)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture(scope="session")
def milvus_server(tmp_path_factory):
    """A Milvus to test against: RAG_TEST_MILVUS_URI (milvus://HOST:PORT, e.g. a real cluster), else a
    `milvus-lite server` process started here on a free loopback port. Yields its milvus:// address."""
    import socket
    import subprocess
    import sys
    import time

    given = os.environ.get("RAG_TEST_MILVUS_URI")
    if given:
        yield given.rstrip("/")
        return
    port = free_port()
    folder = tmp_path_factory.mktemp("milvus")
    log = open(folder / "server.log", "w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "milvus-lite"), "server", "--data-dir",
                             str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"milvus-lite server exited: {(folder / 'server.log').read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("milvus-lite server did not open its port in 60 s")
                time.sleep(0.2)
        yield f"milvus://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def milvus_uri(milvus_server):
    """The test Milvus with collections of this test's own (a fresh prefix)."""
    import secrets

    return f"{milvus_server}/t{secrets.token_hex(4)}"
