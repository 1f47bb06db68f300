"""The ONNX and OpenVINO embedders give the vectors the sentence-transformers one gives (the packaged model)."""

import numpy as np
import pytest

from rag.documents import load_corpus
from rag.embedding import OnnxEmbedder, OpenVinoEmbedder, bf16_cpu, embedder_for, onnx_supported

from conftest import SEEDS

pytestmark = pytest.mark.model


def cpu_multiplies_in_bfloat16() -> bool:
    """What the kernel says of this CPU (AVX-512 BF16 or AMX), independently of OpenVINO."""
    from pathlib import Path

    info = Path("/proc/cpuinfo")
    flags = info.read_text().split() if info.is_file() else []
    return "avx512_bf16" in flags or "amx_bf16" in flags


@pytest.fixture(scope="module")
def texts():
    from rag.chunking import sentence_spans

    docs = load_corpus(SEEDS, 5_000_000).documents
    return [d.text[s.start:s.end] for d in docs for s in sentence_spans(d.text, *d.body)] + [
        " ".join(d.prose.split()[:400]) for d in docs]  # and texts longer than the model reads (truncated)


def test_onnx_vectors_equal_the_torch_ones(real_embedder, texts, tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path))  # exported afresh, here
    assert onnx_supported(real_embedder.name)
    onnx = OnnxEmbedder(real_embedder.name)
    a, b = real_embedder.encode(texts, batch_size=16), onnx.encode(texts, batch_size=16)
    assert a.shape == b.shape and onnx.dim == real_embedder.dim
    cosine = (a * b).sum(axis=1)
    assert cosine.min() > 0.9999, cosine.min()
    queries = a[:20]  # the same neighbours, in the same order
    assert (np.argsort(-(queries @ a.T), axis=1)[:, :10] == np.argsort(-(queries @ b.T), axis=1)[:, :10]).mean() > 0.98
    assert (tmp_path / "onnx").is_dir()


def test_openvino_vectors_are_the_torch_ones_in_bfloat16_or_fp32(real_embedder, texts):
    openvino = OpenVinoEmbedder(real_embedder.name)
    assert openvino.precision == ("bf16" if cpu_multiplies_in_bfloat16() else "f32")
    a, b = real_embedder.encode(texts, batch_size=16), openvino.encode(texts, batch_size=16)
    assert a.shape == b.shape and openvino.dim == real_embedder.dim
    cosine = (a * b).sum(axis=1)  # bfloat16 products, float32 sums: within the bound an index is queried across
    assert cosine.min() > 0.9999, cosine.min()
    queries = a[:20]
    overlap = [len(set(x) & set(y)) / 10 for x, y in zip(np.argsort(-(queries @ a.T), axis=1)[:, :10],
                                                        np.argsort(-(queries @ b.T), axis=1)[:, :10])]
    assert np.mean(overlap) >= 0.98, overlap


@pytest.mark.parametrize("kind", [OnnxEmbedder, OpenVinoEmbedder])
def test_many_batches_on_every_core_give_each_text_its_own_vector(texts, kind):
    embedder = kind("sentence-transformers/all-MiniLM-L6-v2")
    alone = np.concatenate([embedder.encode([t]) for t in texts])  # one at a time, on the query path
    together = embedder.encode(texts, batch_size=4)  # batches side by side on worker threads
    assert len(texts) > 8 and embedder._bulk is not None
    assert (alone * together).sum(axis=1).min() > 0.99999


def test_auto_backend_is_the_fastest_runtime_on_cpu_and_torch_when_asked():
    auto = embedder_for("sentence-transformers/all-MiniLM-L6-v2")
    assert bf16_cpu() == cpu_multiplies_in_bfloat16()
    assert type(auto) is (OpenVinoEmbedder if cpu_multiplies_in_bfloat16() else OnnxEmbedder)
    assert type(embedder_for("sentence-transformers/all-MiniLM-L6-v2", backend="onnx")) is OnnxEmbedder
    assert type(embedder_for("sentence-transformers/all-MiniLM-L6-v2", backend="openvino")) is OpenVinoEmbedder
    assert not isinstance(embedder_for("sentence-transformers/all-MiniLM-L6-v2", backend="torch"), OnnxEmbedder)


def test_an_unwritable_cache_falls_back_to_torch_or_says_so(tmp_path, monkeypatch):
    from rag.embedding import SentenceTransformerEmbedder, export_onnx
    from rag.errors import ModelLoadError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("RAG_CACHE_DIR", str(blocker))  # nothing can be written under a file
    with pytest.raises(ModelLoadError, match="RAG_CACHE_DIR"):
        export_onnx("sentence-transformers/all-MiniLM-L6-v2")
    assert isinstance(embedder_for("sentence-transformers/all-MiniLM-L6-v2"), SentenceTransformerEmbedder)


@pytest.mark.parametrize("device, says", [("gpu", "not a torch device"), ("cuda:7", "CUDA GPU")])
def test_a_device_torch_cannot_use_is_named_as_the_setting_at_fault(device, says):
    from rag.embedding import SentenceTransformerEmbedder
    from rag.errors import ModelLoadError

    with pytest.raises(ModelLoadError, match=says) as e:
        SentenceTransformerEmbedder("sentence-transformers/all-MiniLM-L6-v2", device).warm_up()
    assert "RAG_DEVICE" in e.value.message and "RAG_MODEL" not in e.value.fix
    for backend in ("onnx", "openvino"):
        with pytest.raises(ModelLoadError, match=f"RAG_BACKEND={backend} runs on the CPU"):
            embedder_for("sentence-transformers/all-MiniLM-L6-v2", device="cuda", backend=backend)
