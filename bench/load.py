"""Many people asking at once: a real server (`python app.py`), N concurrent gradio_client clients.

    .venv/bin/python bench/load.py [--clients 100] [--corpus seeds] [--concurrency 4] [--rebuild]

Each client asks one question of the seeds through `/ask` at the same moment; the script reports
errors, abstentions, the latency of each request (queue wait included) as p50 / p95 / max, and answers
per second. With --rebuild, an article is added and `rag build` runs while the clients ask, and the
figures also say whether every answer came back and whether the server switched to the new index.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

QUESTIONS = [
    "Which ship is the 26th Marine Expeditionary Unit aboard?",
    "What is the range of the ATACMS missiles?",
    "What does the Financial Times say about Israel's military actions?",
    "Who wrote the article about ATACMS?",
    "What is the capital of Australia?",
]


def main() -> None:
    from conftest import AppServer  # the same server start-up the tests use
    from gradio_client import Client

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index while the clients ask")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(args.corpus, corpus)
        env = {"RAG_CONCURRENCY": str(args.concurrency), "RAG_MAX_QUEUE": str(max(128, args.clients))}
        with AppServer(corpus, Path(tmp) / "index", env=env) as server:
            Client(server.url, verbose=False).predict(QUESTIONS[0], api_name="/ask")  # warm
            latencies, errors, abstained = [], [], 0
            lock, go = threading.Lock(), threading.Event()

            def one(i: int) -> None:
                nonlocal abstained
                client = Client(server.url, verbose=False)
                go.wait()
                started = time.perf_counter()
                try:
                    result = client.predict(QUESTIONS[i % len(QUESTIONS)], api_name="/ask")
                except Exception as e:  # noqa: BLE001 - every failure is counted
                    with lock:
                        errors.append(repr(e)[:200])
                    return
                with lock:
                    latencies.append(time.perf_counter() - started)
                    abstained += result["abstained"]

            threads = [threading.Thread(target=one, args=(i,)) for i in range(args.clients)]
            for t in threads:
                t.start()
            time.sleep(2)  # every client connected
            started = time.perf_counter()
            go.set()
            if args.rebuild:
                (corpus / "lighthouse.txt").write_text(
                    "Lighthouse keepers return\n\nThe old lighthouse was staffed again on Monday by three keepers.\n")
                subprocess.run([sys.executable, "-m", "rag", "build", "--corpus", str(corpus), "--index",
                                str(server.index)], cwd=ROOT, check=True, capture_output=True)
            for t in threads:
                t.join()
            wall = time.perf_counter() - started
            log = server.log.read_text()

    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")  # noqa: E731
    print(f"clients {args.clients}, concurrency {args.concurrency}: answered {len(lat)}, errors {len(errors)}, "
          f"abstained {abstained}")
    print(f"latency p50 {statistics.median(lat) if lat else float('nan'):.2f} s, p95 {p(0.95):.2f} s, "
          f"max {lat[-1] if lat else float('nan'):.2f} s; {len(lat) / wall:.1f} answers/s over {wall:.1f} s")
    if args.rebuild:
        print("switched to the rebuilt index:", "switched to index" in log)
    for e in errors[:5]:
        print("error:", e)


if __name__ == "__main__":
    main()
