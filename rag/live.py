"""The pipeline a long-running server answers with, switched to each newly built index.

A build publishes a generation by replacing the index folder's CURRENT pointer. A watcher thread
reads that pointer every few seconds; when it names another generation, the watcher loads it in
the background and swaps it in with one assignment, so a request in flight finishes on the index it
started with and the next one gets the new index. An index that fails to load is logged and the
server goes on answering from the one it has.
"""

from __future__ import annotations

import logging
import threading

from . import stores
from .manifest import check_compatible
from .errors import RagError
from .pipeline import Pipeline

log = logging.getLogger("rag.live")


class LivePipeline:
    def __init__(self, pipeline: Pipeline, *, check_every: float = 2.0):
        self._pipeline = pipeline
        self.check_every = check_every
        self._stop = threading.Event()
        self._failed: str | None = None  # a generation that would not load: not retried until it changes
        self._thread: threading.Thread | None = None

    def current(self) -> Pipeline:
        """The pipeline to answer one request with; read it once per request."""
        return self._pipeline

    def start(self) -> "LivePipeline":
        self._thread = threading.Thread(target=self._watch, name="rag-index-watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(self.check_every):
            self.refresh()

    def refresh(self) -> bool:
        """Switch to the live generation if it is not the one served; True when it switched."""
        old = self._pipeline
        try:
            gen = old.index.published()
        except RagError as e:
            log.warning("index pointer unreadable, still serving %s: %s", old.index.generation, e.message)
            return False
        if gen is None or gen in (old.index.generation, self._failed):
            return False
        try:
            index = stores.load_store(old.settings, model=old.settings.model)
            check_compatible(index.manifest, dim=old.embedder.dim, where=stores.where(old.settings))
        except RagError as e:
            self._failed = gen
            log.warning("new index %s not loaded, still serving %s: %s", gen, old.index.generation, e.message)
            return False
        self._pipeline = Pipeline(old.settings, index, old.embedder, chat_model=old.chat_model)
        self._failed = None
        log.info("switched to index %s (%d articles, %d passages), was %s", index.generation,
                 len(index.documents), len(index.chunks), old.index.generation)
        return True
