import errno
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from rag import manifest, store
from rag.build import build
from rag.errors import (CorpusError, IndexBusyError, IndexCorruptError, IndexMismatchError, IndexMissingError,
                        IndexWriteError)

from conftest import KILLED_BUILD, ROOT, FakeEmbedder


def run_build(settings, embedder=None, **kw):
    embedder = embedder or FakeEmbedder()
    return build(settings, lambda: embedder, **kw), embedder


def test_build_writes_a_loadable_index_with_a_manifest(settings):
    report, embedder = run_build(settings)
    assert report.counts() == {"added": 3, "changed": 0, "unchanged": 0, "removed": 0, "skipped": 0}
    index = store.load(settings.index, model="fake-model")
    assert len(index.documents) == 3 and len(index.chunks) == report.chunks
    texts = ([index.documents[d].text[sp.start:sp.end] for d, sp in index.sentences]
             + [c.section for c in index.chunks if c.section])
    assert sorted(embedder.encoded) == sorted(set(texts))  # sentences and headings, each distinct text once
    assert report.embedded == len(set(texts)) and report.embedded_passages == len(index.chunks)
    assert any(c.section for c in index.chunks)  # the seeds have headings: they were embedded
    for c in index.chunks:
        assert index.doc_by_id[c.doc_id].text[c.start:c.end] == c.text
    for row, (d, span) in enumerate(index.sentences):  # every sentence lies inside the passage it maps to
        chunk = index.chunks[index.sentence_chunk[row]]
        assert chunk.doc_id == index.documents[d].id and chunk.start <= span.start < span.end <= chunk.end
    for c_row, (lo, hi) in enumerate(index.chunk_sentences):
        assert hi > lo and index.chunks[c_row].start == index.sentences[lo][1].start
    m = index.manifest
    assert m["format_version"] == store.FORMAT_VERSION and m["model"] == "fake-model" and m["dim"] == 64
    assert m["chunking"]["size"] == settings.chunk_size and set(m["documents"]) == {d.id for d in index.documents}
    assert m["counts"]["documents"] == 3 and m["counts"]["sentences"] == len(index.sentences) and m["built_at"]
    assert index.passage_faiss.ntotal == len(index.chunks) and index.sentence_faiss.ntotal == len(index.sentences)


def test_a_passage_vector_is_made_of_its_sentences_and_heading(settings):
    _, embedder = run_build(settings)
    index = store.load(settings.index)
    passages, sentences = index.all_vectors(), index.all_sentence_vectors()
    for row, (lo, hi) in enumerate(index.chunk_sentences):
        section = index.chunks[row].section
        weights = np.sqrt([sp.end - sp.start for _, sp in index.sentences[lo:hi]])
        made = weights @ sentences[lo:hi] + (np.sqrt(len(section)) * embedder.encode([section])[0] if section else 0)
        assert float(made @ passages[row]) / np.linalg.norm(made) > 0.9999


def test_passages_embedded_whole_on_request_and_the_index_rebuilt_whole_for_it(settings):
    run_build(settings)
    report, embedder = run_build(settings.with_overrides(passage_vectors="model"))  # no --full needed
    assert report.counts()["added"] == 3 and report.written
    assert any("other passage settings" in note for note in report.notes)
    index = store.load(settings.index)
    from rag.build import passage_input
    whole = embedder.encode([passage_input(c) for c in index.chunks])
    assert np.allclose(index.all_vectors(), whole, atol=1e-6)
    assert index.manifest["chunking"]["vectors"] == "model"


def test_incremental_rebuild_embeds_only_what_changed(settings, corpus):
    run_build(settings)
    again, embedder = run_build(settings)
    assert again.counts()["unchanged"] == 3 and again.embedded == 0 and not embedder.encoded and not again.written

    (corpus / "new.txt").write_text("Fresh report\n\nA brand new article about the harbour bridge opening.")
    changed = corpus / "002_946b607c78fc92eb.txt"
    changed.write_text(changed.read_text() + "\nA late update mentions the frigate Example.")
    (corpus / "000_b759d4404567853c.txt").unlink()
    report, embedder = run_build(settings)
    assert report.counts() == {"added": 1, "changed": 1, "unchanged": 1, "removed": 1, "skipped": 0}
    index = store.load(settings.index)
    assert {d.id for d in index.documents} == {"001_bb11f538d38316f3.txt", "002_946b607c78fc92eb.txt", "new.txt"}
    unchanged = [c.text for c in index.chunks if c.doc_id == "001_bb11f538d38316f3.txt"]
    unchanged += [index.doc_by_id[index.documents[d].id].text[sp.start:sp.end] for d, sp in index.sentences
                  if index.documents[d].id == "001_bb11f538d38316f3.txt"]
    assert not any(text in sent for text in unchanged for sent in embedder.encoded)
    assert report.embedded_passages == sum(c.doc_id in {"new.txt", "002_946b607c78fc92eb.txt"} for c in index.chunks)
    assert report.embedded == len(set(embedder.encoded)) == len(embedder.encoded)  # every text counted, once
    from rag.lexical import query_terms
    for row, c in enumerate(index.chunks):  # the words and word pairs of each passage are its own
        words, pairs = query_terms(c.text)
        assert all(row in index.passage_terms.rows_holding(t) for t in words[:5] + pairs[:5])

    # reused vectors are the ones the unchanged document had: searching its own text finds it first
    from rag.retrieval import rank
    c = next(c for c in index.chunks if c.doc_id == "001_bb11f538d38316f3.txt")
    top = rank(index, FakeEmbedder().encode([c.text])[0], c.text, 1)[0]
    assert top.chunk == c

    full, embedder = run_build(settings, full=True)
    assert full.counts()["added"] == 3 and full.embedded_passages == len(store.load(settings.index).chunks)


def test_the_manifest_names_what_computed_the_vectors_it_holds(settings, corpus):
    def embedder(runtime):
        e = FakeEmbedder()
        e.runtime = runtime
        return e

    report, _ = run_build(settings, embedder("onnxruntime fp32"))
    assert report.encoder == "onnxruntime fp32"
    assert store.load(settings.index).manifest["encoders"] == ["onnxruntime fp32"]
    (corpus / "new.txt").write_text("The frigate Example sailed north.\n\nIt carried forty sailors.")
    report, _ = run_build(settings, embedder("openvino bf16"))  # the kept vectors were made the other way
    assert store.load(settings.index).manifest["encoders"] == ["onnxruntime fp32", "openvino bf16"]
    assert manifest.summary(store.load(settings.index).manifest, None)["encoders"] == ["onnxruntime fp32",
                                                                                       "openvino bf16"]
    report, _ = run_build(settings, embedder("openvino bf16"), full=True)
    assert store.load(settings.index).manifest["encoders"] == ["openvino bf16"]
    # an index written before manifests named their encoders: its kept vectors are "not recorded"
    path = manifest.live_generation(settings.index) / manifest.MANIFEST
    path.write_text(json.dumps({k: v for k, v in json.loads(path.read_text()).items() if k != "encoders"}))
    (corpus / "new.txt").write_text("The frigate Example sailed south.\n\nIt carried fifty sailors.")
    run_build(settings, embedder("openvino bf16"))
    assert store.load(settings.index).manifest["encoders"] == ["not recorded", "openvino bf16"]


def test_past_ann_from_vectors_an_index_searches_a_graph_with_the_same_results(settings, corpus, tmp_path):
    """HNSW instead of exact search past RAG_ANN_FROM: recorded in the manifest, the same top passages on
    an index this small, the vectors read back whole (cosines, incremental builds)."""
    import numpy as np

    from rag.retrieval import rank

    run_build(settings)
    graph = settings.model_copy(update={"index": tmp_path / "graph", "ann_from": 10})
    run_build(graph)
    exact, approx = store.load(settings.index), store.load(graph.index)
    assert exact.info()["search"] == {"passages": "flat", "sentences": "flat"}
    assert approx.info()["search"] == {"passages": "hnsw32", "sentences": "hnsw32"}
    assert np.array_equal(exact.all_sentence_vectors(), approx.all_sentence_vectors())
    embedder = FakeEmbedder()
    for q in ("USS Bataan amphibious ship", "ATACMS range Kursk", "Yair Golan lost the battle", "Rafah crossing"):
        v = embedder.encode([q])[0]
        assert [p.chunk for p in rank(exact, v, q, 5)] == [p.chunk for p in rank(approx, v, q, 5)], q
    (corpus / "new.txt").write_text("Fresh report\n\nA brand new article about the harbour bridge opening.")
    report, _ = run_build(graph)  # incremental: the old vectors come back out of the graph
    again = store.load(graph.index)
    assert report.counts()["added"] == 1 and again.info()["search"]["sentences"] == "hnsw32"
    assert np.array_equal(again.all_vectors()[:len(exact.chunks)], exact.all_vectors())


def test_past_a_graphs_size_an_index_searches_several_graphs_with_the_same_results(settings, corpus, tmp_path,
                                                                                   monkeypatch):
    """A million vectors are ten graphs of 100,000, each searched and the results merged: here graphs of 20
    vectors, saved and loaded, the same top passages as exact search, every vector read back whole."""
    from rag.retrieval import rank

    monkeypatch.setattr(store, "HNSW_SHARD", 20)
    run_build(settings)
    graphs = settings.model_copy(update={"index": tmp_path / "graphs", "ann_from": 10})
    run_build(graphs)
    exact, approx = store.load(settings.index), store.load(graphs.index)
    kinds = approx.info()["search"]
    assert kinds == {"passages": store.search_kind(len(exact.chunks), 10),
                     "sentences": store.search_kind(len(exact.sentences), 10)}
    assert kinds["sentences"] == f"hnsw32x{-(-len(exact.sentences) // 20)}" and isinstance(approx.sentence_faiss,
                                                                                          store.Shards)
    assert np.array_equal(exact.all_sentence_vectors(), approx.all_sentence_vectors())
    rows = np.array([0, 19, 20, 21, len(exact.sentences) - 1])
    assert np.array_equal(exact.sentence_vectors(rows), approx.sentence_vectors(rows))
    embedder = FakeEmbedder()
    for q in ("USS Bataan amphibious ship", "ATACMS range Kursk", "Yair Golan lost the battle", "Rafah crossing"):
        v = embedder.encode([q])[0]
        assert [p.chunk for p in rank(exact, v, q, 5)] == [p.chunk for p in rank(approx, v, q, 5)], q
        assert np.array_equal(exact.sentence_search(v, 30), approx.sentence_search(v, 30)), q
    (corpus / "new.txt").write_text("Fresh report\n\nA brand new article about the harbour bridge opening.")
    report, _ = run_build(graphs)  # incremental: the old vectors come back out of the graphs
    again = store.load(graphs.index)
    assert report.counts()["added"] == 1
    assert np.array_equal(again.all_vectors()[:len(exact.chunks)], exact.all_vectors())


def generations(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-"))


def test_a_new_ann_from_remakes_the_vector_indexes_without_embedding(settings):
    run_build(settings)
    before = store.load(settings.index)
    report, embedder = run_build(settings.with_overrides(ann_from=10))  # same corpus, no --full
    after = store.load(settings.index)
    assert report.written and report.embedded == 0 and not embedder.encoded
    assert any("RAG_ANN_FROM" in note for note in report.notes)
    assert after.info()["search"] == {"passages": "hnsw32", "sentences": "hnsw32"}
    assert np.array_equal(after.all_vectors(), before.all_vectors())
    again, _ = run_build(settings.with_overrides(ann_from=10))
    assert not again.written  # now it is what the settings ask for


def test_the_live_and_the_previous_generation_are_kept(settings, corpus):
    run_build(settings)
    first = generations(settings.index)
    (corpus / "x.txt").write_text("Another article body for the index.")
    run_build(settings)
    second = (settings.index / store.CURRENT).read_text().strip()
    assert set(generations(settings.index)) == {*first, second}  # a reader may still be loading the first
    (corpus / "y.txt").write_text("A third article body for the index.")
    run_build(settings)
    live = (settings.index / store.CURRENT).read_text().strip()
    assert set(generations(settings.index)) == {second, live}
    assert [p.name for p in settings.index.iterdir() if p.name.startswith(".")] == [store.LOCK]


def test_a_second_build_is_refused_while_one_runs(settings):
    run_build(settings)
    with store.writing(settings.index):  # stands for a build in another process: flock is per open file
        with pytest.raises(IndexBusyError, match=rf"another build .* is running \(pid {os.getpid()}\)"):
            run_build(settings, full=True)
        assert store.load(settings.index)  # readers take no lock
    report, _ = run_build(settings, full=True)  # released: the next build runs
    assert report.written


def test_a_newer_index_format_is_refused_unless_full(settings):
    run_build(settings)
    gen = store.live_generation(settings.index)
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest["format_version"] = store.FORMAT_VERSION + 1
    (gen / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match="newer"):
        run_build(settings)
    assert store.live_generation(settings.index) == gen  # untouched
    run_build(settings, full=True)
    assert store.load(settings.index).manifest["format_version"] == store.FORMAT_VERSION


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "is full"), (errno.EACCES, "no permission"),
                                         (errno.EROFS, "read-only")])
def test_a_failed_write_names_the_folder_and_keeps_the_old_index(settings, corpus, monkeypatch, code, words):
    run_build(settings)
    live = store.live_generation(settings.index)
    (corpus / "late.txt").write_text("A late article that never lands.")

    def fail(*a, **k):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(store, "_write_json", fail)  # the disk fills up half-way through the save
    with pytest.raises(IndexWriteError, match=words) as err:
        run_build(settings)
    assert str(settings.index) in str(err.value) and "fix:" in str(err.value)
    monkeypatch.undo()
    assert store.live_generation(settings.index) == live and "late.txt" not in store.load(settings.index).doc_by_id
    assert not [p for p in settings.index.iterdir() if p.name.startswith((".tmp", ".CURRENT."))]


def test_a_read_only_index_folder_is_a_message(settings, tmp_path):
    if os.geteuid() == 0:  # root writes anywhere: the permission is injected instead, above
        pytest.skip("running as root")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    with pytest.raises(IndexWriteError, match="no permission"):
        run_build(settings.with_overrides(index=ro / "index"))


def test_missing_and_empty_corpus_are_clear_errors(settings, tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        run_build(settings.with_overrides(corpus=tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="is empty"):
        run_build(settings.with_overrides(corpus=tmp_path / "empty"))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "a.txt").write_bytes(b"")
    with pytest.raises(CorpusError, match="all 1 files were skipped"):
        run_build(settings.with_overrides(corpus=tmp_path / "bad"))
    assert not settings.index.exists()  # nothing half-written


def test_bad_files_do_not_stop_the_build_and_are_reported(settings, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "bin.txt").write_bytes(b"\x00\x01\x02")
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\xfa")
    (corpus / "huge.txt").write_bytes(b"a " * 600_000)
    report, _ = run_build(settings.with_overrides(max_file_bytes=1_000_000))
    assert report.counts()["added"] == 3
    assert {s.path: s.reason.split(" ")[0] for s in report.skipped} == {
        "empty.txt": "empty", "bin.txt": "binary", "bad.txt": "not", "huge.txt": "too"}


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexMissingError, match="rag build"):
        store.load(tmp_path / "none")


@pytest.mark.parametrize("victim", ["vectors.faiss", "sentences.faiss", "chunks.json", "sentences.json",
                                    "documents.json", "bm25-docs/params.index.json", "bm25-sentences/vocab.index.json"])
@pytest.mark.parametrize("damage", ["truncate", "flip", "delete"])
def test_corrupt_index_names_the_file_and_the_fix(settings, victim, damage):
    run_build(settings)
    gen = store.live_generation(settings.index)
    path = gen / victim
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    else:
        path.unlink()
    with pytest.raises(IndexCorruptError) as err:
        store.load(settings.index)
    assert victim in str(err.value) and "rag build --full" in str(err.value)
    run_build(settings, full=True)  # the fix works
    assert len(store.load(settings.index).documents) == 3


def test_damaged_manifest_and_pointer(settings):
    run_build(settings)
    gen = store.live_generation(settings.index)
    (gen / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorruptError, match="manifest.json"):
        store.load(settings.index)
    (settings.index / "CURRENT").write_text("../../etc")
    with pytest.raises(IndexCorruptError, match="CURRENT"):
        store.load(settings.index)


def test_model_dimension_and_format_mismatch_name_both_sides(settings):
    run_build(settings)
    with pytest.raises(IndexMismatchError) as err:
        store.load(settings.index, model="other-model")
    assert "fake-model" in str(err.value) and "other-model" in str(err.value)
    with pytest.raises(IndexMismatchError, match="64-dimensional.*128-dimensional"):
        store.check_compatible(store.load(settings.index).manifest, dim=128, where=settings.index)
    gen = store.live_generation(settings.index)
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest["format_version"] = 99
    (gen / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match=f"version 99.*version {store.FORMAT_VERSION}"):
        store.load(settings.index)


def test_incremental_build_refuses_another_model(settings):
    run_build(settings)
    with pytest.raises(IndexMismatchError, match="rag build --full"):
        run_build(settings.with_overrides(model="other-model"))
    report, _ = run_build(settings.with_overrides(model="other-model"), full=True)
    assert store.load(settings.index).model == "other-model"


def test_an_index_of_another_format_version_is_rebuilt_whole(settings):
    run_build(settings)
    gen = store.live_generation(settings.index)
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest["format_version"] = store.FORMAT_VERSION - 1
    (gen / "manifest.json").write_text(json.dumps(manifest))
    report, embedder = run_build(settings)  # no --full needed: nothing of the old format is reused
    assert report.counts()["added"] == 3 and report.written and embedder.encoded
    assert any(f"format version {store.FORMAT_VERSION - 1}" in note for note in report.notes)
    assert store.load(settings.index).manifest["format_version"] == store.FORMAT_VERSION


def test_no_pickle_is_loaded(settings, monkeypatch):
    run_build(settings)

    def refuse(*a, **k):
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    assert len(store.load(settings.index).chunks) > 0




def test_killed_build_leaves_the_previous_index_whole(settings, corpus):
    run_build(settings)
    before = store.load(settings.index)
    for i in range(30):
        (corpus / f"extra{i}.txt").write_text(f"Extra article {i}. " + "Filler sentence here. " * 200)
    script = KILLED_BUILD.format(tests=str(ROOT / "tests"), corpus=str(corpus), index=str(settings.index), store="")
    outcomes = set()
    kills = int(os.environ.get("RAG_KILL_ROUNDS", "8"))
    for delay in [0.3 + 3.7 * i / (kills - 1) for i in range(kills)]:  # from early embedding to the save
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=ROOT)
        proc.stdout.readline()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        index = store.load(settings.index)  # never half of one and half of another
        n = len(index.documents)
        assert n in (len(before.documents), len(before.documents) + 30)
        assert index.passage_faiss.ntotal == len(index.chunks)
        outcomes.add(n)
    assert len(before.documents) in outcomes
    run_build(settings)  # the next build, even one with nothing left to do, removes what the kills left
    assert not [p for p in settings.index.iterdir() if p.name.startswith((".tmp", ".trash", ".CURRENT."))]
    assert len(generations(settings.index)) <= 2


def test_kill_just_before_publishing_keeps_the_old_index(settings, corpus, monkeypatch):
    run_build(settings)
    (corpus / "late.txt").write_text("A late article that never lands.")
    real_replace = os.replace

    def crash(src, dst):
        if Path(dst).name == store.CURRENT:
            raise KeyboardInterrupt  # stands for a kill at the last moment
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        run_build(settings)
    monkeypatch.undo()
    assert "late.txt" not in store.load(settings.index).doc_by_id
    report, _ = run_build(settings)  # the next build cleans up and completes
    assert report.counts()["added"] == 1
    assert not [p for p in settings.index.iterdir() if p.name.startswith(".tmp")]


def test_a_full_disk_during_a_real_build(settings, corpus, tmp_path):
    """A real full file system: a 1 MiB tmpfs where this machine lets the test mount one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        small = settings.with_overrides(index=disk / "index")
        run_build(small)
        live = store.live_generation(small.index)
        for i in range(60):
            (corpus / f"big{i}.txt").write_text(f"Article {i} about harbours. " + f"Sentence {i} of filler. " * 400)
        with pytest.raises(IndexWriteError, match="is full"):
            run_build(small)
        assert store.live_generation(small.index) == live and len(store.load(small.index).documents) == 3
        assert sorted(p.name for p in small.index.iterdir()) == sorted([store.LOCK, store.CURRENT, live.name])
    finally:
        subprocess.run(["umount", str(disk)], check=False)


RACING_BUILD = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from conftest import FakeEmbedder
from rag.build import build
from rag.config import Settings
from rag.errors import RagError

class Held(FakeEmbedder):
    def encode(self, texts, **kw):  # holds the build (and its lock) inside embedding until told to go on
        print("embedding", flush=True)
        while not Path({go!r}).exists():
            time.sleep(0.01)
        return super().encode(texts, **kw)

s = Settings(corpus={corpus!r}, index={index!r}, model="fake-model", chunk_size=150)
try:
    build(s, lambda: Held(), full=True)
    print("done", flush=True)
except RagError as e:
    print("refused:", e.message, flush=True)
"""


def test_two_builds_racing_on_one_index_never_lose_it(settings, corpus):
    """Two real build processes on one index, the second started while the first is held inside its
    embedding step (where, without the lock, its clean-up deleted the first one's generation)."""
    run_build(settings)
    for i in range(10):
        (corpus / f"extra{i}.txt").write_text(f"Extra article {i}. " + "Filler sentence here. " * 100)
    go = settings.index.parent / "go"
    script = RACING_BUILD.format(tests=str(ROOT / "tests"), corpus=str(corpus), index=str(settings.index), go=str(go))
    for _ in range(int(os.environ.get("RAG_RACE_ROUNDS", "3"))):
        go.unlink(missing_ok=True)
        first = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert first.stdout.readline().strip() == "embedding"  # it holds the lock, mid-build
        # without the lock the second would wait inside embedding too, and time out
        second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
        go.touch()
        out, _ = first.communicate(timeout=120)
        assert "done" in out and first.returncode == 0
        assert second.returncode == 0 and "refused: another build of the index" in second.stdout, second.stdout
        assert f"(pid {first.pid})" in second.stdout
        index = store.load(settings.index)
        assert len(index.documents) == 13 and index.passage_faiss.ntotal == len(index.chunks)
        assert not [p for p in settings.index.iterdir() if p.name.startswith((".tmp", ".trash", ".CURRENT."))]
