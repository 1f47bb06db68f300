"""The store contract: every store (the index folder, Milvus) builds, updates and answers alike.

The Milvus runs are against a real `milvus-lite server` process on loopback (tests/conftest.py), or the
Milvus that RAG_TEST_MILVUS_URI names.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from conftest import KILLED_BUILD, ROOT, SEEDS, FakeEmbedder

from rag import stores
from rag.build import build
from rag.config import Settings
from rag.errors import IndexMismatchError, RagError
from rag.pipeline import Pipeline
from rag.retrieval import Retriever

STORES = ["folder", "milvus"]


@pytest.fixture(params=STORES)
def kind(request):
    return request.param


def settings_for(kind: str, tmp_path, corpus, milvus_uri, **kw) -> Settings:
    return Settings(corpus=corpus, index=tmp_path / "index", model=kw.pop("model", "fake-model"),
                    store=milvus_uri if kind == "milvus" else "", **kw)


@pytest.fixture
def store_settings(kind, tmp_path, corpus, request):
    uri = request.getfixturevalue("milvus_uri") if kind == "milvus" else ""
    return settings_for(kind, tmp_path, corpus, uri)


def open_store(settings: Settings, model: str | None = None):
    return stores.load_store(settings, model=model)


def search(index, embedder, query: str, k: int = 5, doc_ids=None):
    return [(p.document.id, p.chunk.start, p.chunk.end) for p in Retriever(index, embedder).search(query, k, doc_ids)]


QUERIES = ["Which ship carries the Marines?", "Who bombed the Nord Stream pipelines?", "ATACMS range kilometers",
           "What does Iran want?", "Ehud Barak said Israel lost", "population of Tel Aviv"]


def test_both_stores_hold_the_same_tables_and_find_the_same_passages(tmp_path, corpus, milvus_uri):
    embedder = FakeEmbedder()
    folder = settings_for("folder", tmp_path, corpus, "")
    milvus = settings_for("milvus", tmp_path, corpus, milvus_uri)
    build(folder, lambda: embedder)
    build(milvus, lambda: embedder)
    a, b = open_store(folder), open_store(milvus)
    assert [d.to_dict() for d in a.documents] == [d.to_dict() for d in b.documents]
    assert [(c.doc_id, c.start, c.end, c.section) for c in a.chunks] == [(c.doc_id, c.start, c.end, c.section)
                                                                         for c in b.chunks]
    assert a.sentences == b.sentences
    assert (a.chunk_sentences == b.chunk_sentences).all() and (a.sentence_chunk == b.sentence_chunk).all()
    rows = np.arange(len(a.chunks))
    assert np.allclose(a.passage_vectors(rows), b.passage_vectors(rows), atol=1e-6)
    for q in QUERIES:
        assert search(a, embedder, q) == search(b, embedder, q), q
        one = [a.documents[0].id]
        assert search(a, embedder, q, doc_ids=one) == search(b, embedder, q, doc_ids=one), q
        sa, ba = a.sentence_bm25(q, np.arange(len(a.sentences)))
        sb, bb = b.sentence_bm25(q, np.arange(len(b.sentences)))
        # the engines' BM25 differ in scale (milvus-lite#343); the ranking reads each over the query's best
        assert ((sa > 0) == (sb > 0)).all() and np.allclose(sa / ba, sb / bb, atol=0.05), q
    assert a.info()["chunks"] == b.info()["chunks"] and a.manifest["documents"] == b.manifest["documents"]


@pytest.mark.model
def test_both_stores_give_the_same_answers(tmp_path, corpus, milvus_uri, real_embedder):
    pipelines = []
    for kind in STORES:
        s = settings_for(kind, tmp_path / kind, corpus, milvus_uri, model=Settings().model)
        build(s, lambda: real_embedder)
        pipelines.append(Pipeline.open(s, embedder=real_embedder))
    folder, milvus = pipelines
    for q in ["Which ship carries the Marines?", "What does ATACMS stand for?", "Who wrote the article about ATACMS?",
              "Which Israeli general admitted that Israel had been defeated?", "What is the population of Tel Aviv?",
              "How far can the ATACMS reach?"]:
        a, b = folder.ask(q), milvus.ask(q)
        # the same decision, the same first quote and the same articles; a further quote near the bar may differ,
        # the two engines' BM25 being alike but not equal (89 of 90 seed and reader answers are identical)
        assert a.abstained == b.abstained, q
        assert [(c.doc_id, c.start, c.end) for c in a.citations[:1]] == [(c.doc_id, c.start, c.end)
                                                                         for c in b.citations[:1]], q
        assert {c.doc_id for c in a.citations} == {c.doc_id for c in b.citations}, q
        for c in b.citations:
            assert c.quote == milvus.index.doc_by_id[c.doc_id].text[c.start:c.end]


def test_an_incremental_build_writes_only_what_changed(store_settings, corpus):
    embedder = FakeEmbedder()
    build(store_settings, lambda: embedder)
    names = sorted(p.name for p in corpus.glob("*.txt"))  # the articles, not their sidecar files
    (corpus / names[0]).write_text((corpus / names[0]).read_text() + "\n\nA paragraph added at the end.")
    (corpus / names[1]).unlink()
    (corpus / "new.txt").write_text("A new article about the Suez Canal and its ships.")
    embedder.encoded.clear()
    report = build(store_settings, lambda: embedder)
    assert report.counts() == {"added": 1, "changed": 1, "unchanged": 1, "removed": 1, "skipped": 0}
    index = open_store(store_settings)
    fresh = [c for c in index.chunks if c.doc_id in (names[0], "new.txt")]
    assert report.embedded_passages == len(fresh) and report.chunks == len(index.chunks)
    assert sorted(d.id for d in index.documents) == sorted([names[0], names[2], "new.txt"])
    assert "A paragraph added at the end." in index.doc_by_id[names[0]].text
    assert search(index, embedder, "Suez Canal ships", 1)[0][0] == "new.txt"
    again = build(store_settings, lambda: embedder)
    assert not again.written and again.counts()["unchanged"] == 3


def test_a_collection_of_another_model_is_refused_with_the_folder_message(store_settings):
    build(store_settings, lambda: FakeEmbedder())
    with pytest.raises(IndexMismatchError) as e:
        open_store(store_settings, model="other-model")
    assert "was built with model 'fake-model'" in e.value.message and "other-model" in e.value.message
    with pytest.raises(IndexMismatchError):
        build(store_settings.with_overrides(model="other-model"), lambda: FakeEmbedder(name="other-model"))




MARINES = "Which ship carries the Marines?"


def built_then_more(settings: Settings, corpus, n: int, text: str):
    """The corpus built and opened, with its passages for MARINES; then n more articles written, not built."""
    embedder = FakeEmbedder()
    build(settings, lambda: embedder)
    index = open_store(settings)
    expected = search(index, embedder, MARINES)
    for i in range(n):
        (corpus / f"extra{i}.txt").write_text(text.format(i=i))
    return embedder, index, expected


def test_a_killed_build_leaves_the_old_data_usable(store_settings, corpus):
    store_settings = store_settings.with_overrides(chunk_size=150)
    embedder, before, expected = built_then_more(store_settings, corpus, 20,
                                                 "Extra article {i}. " + "Filler sentence here. " * 100)
    script = KILLED_BUILD.format(tests=str(ROOT / "tests"), corpus=str(corpus), index=str(store_settings.index),
                                 store=store_settings.store)
    for delay in (1.0, 2.5, 4.0):  # embedding, then writing (Milvus inserts come after all the embedding)
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=ROOT)
        proc.stdout.readline()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        index = open_store(store_settings)  # never half of one build and half of another
        assert len(index.documents) in (len(before.documents), len(before.documents) + 20)
        if len(index.documents) == len(before.documents):
            assert search(index, embedder, MARINES) == expected
    report = build(store_settings, lambda: embedder)  # the next build completes and removes what the kills left
    index = open_store(store_settings)
    assert len(index.documents) == len(before.documents) + 20 and report.counts()["skipped"] == 0
    if store_settings.store:  # the killed builds' rows are gone: only the live and the previous generation's remain
        stored, used = milvus_rows(store_settings.store, index.manifest)
        assert stored == used


def milvus_rows(uri: str, manifest: dict) -> tuple[set, set]:
    """The (document, generation) pairs of the passage rows stored, and those the live and previous manifests use."""
    from rag.milvus_store import _get_blobs, _names, _query_all, connect

    client, prefix = connect(uri)
    try:
        rows = _query_all(client, _names(prefix)["passages"], "id >= 0", ["doc", "gen"])
        previous = _get_blobs(client, prefix, [f"manifest/{manifest['previous']}"]).get(
            f"manifest/{manifest['previous']}", {"doc_gen": {}})
        return {(r["doc"], r["gen"]) for r in rows}, {*manifest["doc_gen"].items(), *previous["doc_gen"].items()}
    finally:
        client.close()


def test_readers_keep_answering_while_a_build_runs(store_settings, corpus):
    embedder, reader, expected = built_then_more(store_settings, corpus, 10,
                                                 "Extra article {i} about harbours. " + "Filler sentence. " * 60)
    errors, answers, done = [], [], threading.Event()

    def read():
        while not done.is_set():
            try:
                answers.append(search(reader, embedder, MARINES))
            except Exception as e:  # noqa: BLE001 - any failure of a reader is what this test looks for
                errors.append(e)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        build(store_settings, lambda: embedder)
    finally:
        done.set()
        for t in threads:
            t.join()
    assert not errors and answers and all(a == expected for a in answers)
    assert search(reader, embedder, MARINES) == expected  # the previous generation is kept
    assert len(open_store(store_settings).documents) == len(reader.documents) + 10


def test_an_unreachable_milvus_is_a_message_not_a_traceback(tmp_path, corpus):
    from conftest import free_port

    env = {**os.environ, "RAG_STORE": f"milvus://127.0.0.1:{free_port()}", "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-m", "rag", "info"], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=120)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "cannot reach Milvus" in out.stderr and "RAG_STORE" in out.stderr


def test_a_store_setting_that_is_not_a_store_is_refused():
    with pytest.raises(ValueError, match="RAG_STORE"):
        Settings(store="postgres://localhost")


def test_the_cli_works_unchanged_on_milvus(tmp_path, milvus_uri):
    env = {**os.environ, "RAG_STORE": milvus_uri, "HF_HUB_OFFLINE": "1"}

    def rag(*args):
        out = subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True, env=env,
                             cwd=tmp_path, timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout

    assert "3 documents" in rag("build", "--corpus", str(SEEDS))
    assert milvus_uri in rag("info") and "documents: 3" in rag("info")
    assert "USS Bataan" in rag("search", "Which ship carries the Marines?")
    answer = rag("ask", "Which ship carries the Marines?")
    assert "USS Bataan" in answer and "[1]" in answer
    assert "nothing embedded" in rag("build", "--corpus", str(SEEDS))


def test_store_errors_are_rag_errors(milvus_uri):
    with pytest.raises(RagError, match="no index in Milvus"):
        stores.load_store(Settings(store=milvus_uri))


def test_a_lite_file_held_by_another_process_is_a_message(tmp_path):
    """A Milvus Lite file serves one process (a running `rag serve`): another is told so, and how to share it."""
    db = tmp_path / "lite.db"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pymilvus import MilvusClient\n"
                               f"MilvusClient({str(db)!r})\nprint('open', flush=True)\ntime.sleep(120)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        env = {**os.environ, "RAG_STORE": f"milvus://{db}", "HF_HUB_OFFLINE": "1"}
        out = subprocess.run([sys.executable, "-m", "rag", "info"], capture_output=True, text=True, env=env,
                             cwd=tmp_path, timeout=120)
        assert out.returncode != 0 and "Traceback" not in out.stderr
        assert "serves one process at a time" in out.stderr and "milvus-lite server" in out.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_server_switches_to_each_new_generation(store_settings, corpus):
    from rag.live import LivePipeline

    embedder = FakeEmbedder()
    build(store_settings, lambda: embedder)
    live = LivePipeline(Pipeline(store_settings, open_store(store_settings), embedder))
    first = live.current()
    assert not live.refresh() and live.current() is first  # nothing new
    (corpus / "new.txt").write_text("Fresh report\n\nA brand new article about the harbour bridge opening.")
    build(store_settings, lambda: embedder)
    assert live.refresh()
    second = live.current()
    assert "new.txt" in second.index.doc_by_id and "new.txt" not in first.index.doc_by_id
    assert search(second.index, embedder, "harbour bridge opening", 1)[0][0] == "new.txt"
