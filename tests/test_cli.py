"""The `rag` command as a person runs it: a real process, the packaged model where one is needed."""

import json
import os
import subprocess
import sys

import pytest

from rag import store

from conftest import ROOT, SEEDS

RAG = [sys.executable, "-m", "rag"]


def rag(*args, env=None, timeout=300):
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run([*RAG, *args], capture_output=True, text=True, cwd=ROOT, env=full_env, timeout=timeout)


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory):
    index = tmp_path_factory.mktemp("seed") / "index"
    out = rag("build", "--corpus", str(SEEDS), "--index", str(index))
    assert out.returncode == 0, out.stderr
    assert "added 3, changed 0, unchanged 0, removed 0, skipped 0" in out.stdout
    assert "Embedding sentences" in out.stderr and "text/s" in out.stderr  # the progress bar, with its rate
    return index


@pytest.mark.parametrize("command", [[], ["build"], ["search"], ["info"], ["ask"], ["serve"], ["eval"]])
def test_every_command_has_help(command):
    out = rag(*command, "--help")
    assert out.returncode == 0 and "Usage:" in out.stdout


@pytest.mark.model
def test_build_info_and_second_build_embeds_nothing(seed_index):
    info = json.loads(rag("info", "--index", str(seed_index), "--json").stdout)
    assert {"documents", "chunks", "model", "dim", "built_at"} <= info.keys()
    assert info["documents"] == 3 and info["dim"] == 384 and info["model"].endswith("all-MiniLM-L6-v2")
    from rag.embedding import embedder_for

    assert info["encoders"] == [embedder_for(info["model"]).runtime]  # "openvino bf16" where the CPU has bf16
    again = rag("build", "--corpus", str(SEEDS), "--index", str(seed_index), "--json")
    report = json.loads(again.stdout)
    assert again.returncode == 0 and report["embedded"] == 0 and report["unchanged"] == 3
    assert report["seconds"] < 5 and report["notes"] == [] and not report["written"]
    remade = json.loads(rag("build", "--corpus", str(SEEDS), "--index", str(seed_index), "--json",
                            env={"RAG_ANN_FROM": "10"}).stdout)  # what the build did and why, for scripts too
    assert remade["written"] and remade["embedded"] == 0 and any("RAG_ANN_FROM" in n for n in remade["notes"])
    assert json.loads(rag("info", "--index", str(seed_index), "--json").stdout)["encoders"] == info["encoders"]
    back = json.loads(rag("build", "--corpus", str(SEEDS), "--index", str(seed_index), "--json").stdout)
    assert back["written"] and back["embedded"] == 0  # exact search again, for the tests that follow


@pytest.mark.model
def test_search_json_ranks_the_uss_bataan_passage_first(seed_index):
    out = rag("search", "USS Bataan", "--index", str(seed_index), "--json", "--k", "3")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["query"] == "USS Bataan" and len(data["results"]) == 3
    first = data["results"][0]
    assert {"rank", "doc_id", "source", "title", "text", "start", "end", "score"} <= first.keys()
    assert first["rank"] == 1 and first["source"] == "002_946b607c78fc92eb.txt" and "USS Bataan" in first["text"]
    doc = store.load(seed_index).doc_by_id[first["doc_id"]]
    assert doc.text[first["start"]:first["end"]] == first["text"]


@pytest.mark.model
def test_settings_come_from_environment(seed_index):
    out = rag("search", "ATACMS range", "--json", env={"RAG_INDEX": str(seed_index), "RAG_K": "2"})
    assert out.returncode == 0 and len(json.loads(out.stdout)["results"]) == 2


def assert_clean_failure(out, *phrases):
    assert out.returncode != 0
    assert "Traceback" not in out.stderr + out.stdout
    for phrase in phrases:
        assert phrase in out.stderr, out.stderr


def test_missing_corpus_folder(tmp_path):
    assert_clean_failure(rag("build", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i")),
                         "does not exist")


def test_empty_corpus_folder(tmp_path):
    (tmp_path / "c").mkdir()
    assert_clean_failure(rag("build", "--corpus", str(tmp_path / "c"), "--index", str(tmp_path / "i")), "is empty")


def test_missing_index(tmp_path):
    assert_clean_failure(rag("info", "--index", str(tmp_path)), "no index", "rag build")
    assert_clean_failure(rag("search", "x", "--index", str(tmp_path)), "no index")


def test_bad_setting_is_named(tmp_path):
    assert_clean_failure(rag("info", env={"RAG_CHUNK_SIZE": "tiny"}), "chunk_size")


def test_corrupt_index_on_the_command_line(tmp_path):
    import shutil

    from conftest import FakeEmbedder
    from rag.build import build
    from rag.config import Settings

    settings = Settings(corpus=SEEDS, index=tmp_path / "index", model="fake-model")
    build(settings, FakeEmbedder)
    vectors = store.live_generation(settings.index) / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])
    out = rag("info", "--index", str(settings.index))
    assert_clean_failure(out, "vectors.faiss", "rag build --full")
    shutil.rmtree(settings.index)


@pytest.mark.model
def test_model_mismatch_on_the_command_line(seed_index):
    out = rag("search", "x", "--index", str(seed_index), env={"RAG_MODEL": "/some/other-model"})
    assert_clean_failure(out, "all-MiniLM-L6-v2", "/some/other-model")


def test_empty_query_is_refused(tmp_path):
    assert_clean_failure(rag("search", "   ", "--index", str(tmp_path)), "empty")


APP = [sys.executable, str(ROOT / "app.py")]


def app(*args, env=None):
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run([*APP, *args], capture_output=True, text=True, cwd=ROOT, env=full_env, timeout=300)


def test_app_without_index_or_corpus_says_what_to_do(tmp_path):
    out = app("--corpus", str(tmp_path / "nothing"), "--index", str(tmp_path / "index"))
    assert_clean_failure(out, "does not exist", "--corpus")


def test_app_with_a_corrupt_index_names_the_fix(tmp_path):
    from conftest import FakeEmbedder
    from rag.build import build
    from rag.config import Settings

    settings = Settings(corpus=SEEDS, index=tmp_path / "index")
    build(settings, lambda: FakeEmbedder(dim=384))
    (store.live_generation(settings.index) / "chunks.json").write_text("[]")
    assert_clean_failure(app("--index", str(settings.index)), "chunks.json", "rag build --full")


@pytest.mark.model
def test_app_with_another_model_names_both(seed_index):
    out = app("--index", str(seed_index), env={"RAG_MODEL": "/models/other"})
    assert_clean_failure(out, "/models/other", "all-MiniLM-L6-v2", "rag build --full")


def test_serve_has_help():
    out = rag("serve", "--help")
    assert out.returncode == 0 and "RAG_AUTH" in out.stdout


def test_listening_beyond_loopback_needs_a_login_or_insecure(tmp_path):
    out = rag("serve", "--host", "0.0.0.0", "--index", str(tmp_path / "index"))
    assert out.returncode == 2 and "RAG_AUTH" in out.stderr and "--insecure" in out.stderr
    assert "Traceback" not in out.stderr and not (tmp_path / "index").exists()
