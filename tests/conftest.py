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

    def encode(self, texts, *, batch_size=32, progress=False):
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[i, h % self._dim] += 1.0 if (h >> 32) & 1 else -1.0
            out[i, 0] += 1e-3  # never the zero vector
        return normalize(out)


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
