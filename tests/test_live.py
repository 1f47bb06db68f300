"""A server's pipeline follows the index folder: a new generation is swapped in, a bad one is not."""

import json
import logging

from rag import store
from rag.build import build
from rag.live import LivePipeline
from rag.pipeline import Pipeline

from conftest import FakeEmbedder


def test_a_new_generation_is_swapped_in_and_a_bad_one_is_not(settings, corpus, caplog):
    embedder = FakeEmbedder()
    build(settings, lambda: embedder)
    live = LivePipeline(Pipeline(settings, store.load(settings.index), embedder))
    first = live.current()
    assert not live.refresh() and live.current() is first  # nothing new

    (corpus / "new.txt").write_text("Fresh report\n\nA brand new article about the harbour bridge opening.")
    build(settings, lambda: embedder)
    with caplog.at_level(logging.INFO, logger="rag.live"):
        assert live.refresh()
    second = live.current()
    assert second is not first and "new.txt" in second.index.doc_by_id and "new.txt" not in first.index.doc_by_id
    assert "switched to index gen-" in caplog.text and "(4 articles" in caplog.text

    (corpus / "later.txt").write_text("Later report\n\nAnother article about the harbour ferries.")
    build(settings, lambda: embedder)
    gen = store.live_generation(settings.index)
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest["model"] = "another-model"  # built with another model: refused, the old index goes on serving
    (gen / "manifest.json").write_text(json.dumps(manifest))
    with caplog.at_level(logging.WARNING, logger="rag.live"):
        assert not live.refresh() and not live.refresh()  # logged once, not retried until it changes
    assert live.current() is second and caplog.text.count("not loaded, still serving") == 1
