"""Both stores at scale: build and query one BBC-derived corpus at 10k and 100k passages.

    .venv/bin/python bench/scale.py [--sizes 10000,100000] [--stores folder,milvus] [--queries 200]

The corpus: the 2,225 BBC articles of ../shared/data/bbc, copied as often as it takes to reach the
size (each copy a distinct article: its file name and first line carry the copy's number). Vectors
come from a hashing embedder (tests/conftest.py's FakeEmbedder, 384 dimensions, no model), so the
figures are the stores' own costs; the model's rate is measured by bench/speed.py. The Milvus store is
Milvus Lite in the process (milvus:///…/scale.db), so its memory is counted with the process.

Each step runs in a process of its own: the build (seconds, passages/s, peak memory, disk), then a
reader (time to open, peak memory, retrieval p50/p95 over --queries questions made of BBC titles, and
the recall of the store's top-100 passages by vector against exact search over every vector).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
BBC = ROOT.parent / "shared" / "data" / "bbc"
OUT = ROOT / "bench" / "data" / "scale"
DIM = 384


def articles() -> list[tuple[str, str]]:
    return [(f"{p.parent.name}-{p.stem}", p.read_text(encoding="utf-8", errors="replace"))
            for p in sorted(BBC.glob("*/*.txt"))]


def write_corpus(size: int) -> Path:
    """Copies of the BBC articles until their passages number at least ``size``."""
    from rag.chunking import chunk_text
    from rag.config import Settings

    folder = OUT / f"corpus-{size}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    s = Settings()
    source = articles()
    per_article = [len(chunk_text(name, text, s.chunk_size, s.chunk_overlap)) for name, text in source]
    total, copy = 0, 0
    while total < size:
        for (name, text), n in zip(source, per_article):
            if total >= size:
                break
            title, _, body = text.partition("\n")
            (folder / f"{copy:03d}-{name}.txt").write_text(f"{title} (copy {copy})\n{body}", encoding="utf-8")
            total += n
        copy += 1
    done.write_text(str(total))
    return folder


def settings_for(store: str, size: int):
    from rag.config import Settings

    index = OUT / f"index-{store}-{size}"
    uri = f"milvus://{OUT / f'milvus-{size}' / 'scale.db'}" if store == "milvus" else ""
    return Settings(corpus=write_corpus(size), index=index, store=uri, model="hash-384"), index


def disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def do_build(store: str, size: int) -> dict:
    from conftest import FakeEmbedder

    from rag.build import build

    settings, index = settings_for(store, size)
    shutil.rmtree(index, ignore_errors=True)
    shutil.rmtree(OUT / f"milvus-{size}", ignore_errors=True)
    embedder = FakeEmbedder(dim=DIM, name="hash-384")
    started = time.perf_counter()
    report = build(settings, lambda: embedder, full=True)
    seconds = time.perf_counter() - started
    where = OUT / f"milvus-{size}" if store == "milvus" else index
    return {"passages": report.chunks, "documents": report.documents, "build_s": round(seconds, 1),
            "passages_per_s": round(report.chunks / seconds), "build_peak_mb": round(peak_mb()),
            "disk_mb": round(disk(where) / 2**20, 1)}


def do_query(store: str, size: int, n: int) -> dict:
    import numpy as np
    from conftest import FakeEmbedder

    from rag import stores
    from rag.retrieval import rank

    settings, _ = settings_for(store, size)
    embedder = FakeEmbedder(dim=DIM, name="hash-384")
    started = time.perf_counter()
    index = stores.load_store(settings)
    opened = time.perf_counter() - started
    titles = [text.partition("\n")[0] for _, text in articles()[::max(1, 2225 // n)]][:n]
    vectors = embedder.encode(titles)
    times = []
    for title, vector in zip(titles, vectors):
        t0 = time.perf_counter()
        rank(index, vector, title, 5)
        times.append((time.perf_counter() - t0) * 1000)
    every = index.passage_vectors(np.arange(len(index.chunks)))
    recall = []
    for vector in vectors[:50]:
        exact = set(np.argsort(-(every @ vector), kind="stable")[:100].tolist())
        found = set(index.passage_search(vector, 100).tolist())
        recall.append(len(exact & found) / len(exact))
    return {"open_s": round(opened, 1), "query_p50_ms": round(statistics.median(times), 1),
            "query_p95_ms": round(float(np.percentile(times, 95)), 1), "reader_peak_mb": round(peak_mb()),
            "recall_at_100": round(statistics.mean(recall), 4), "search": index.info().get("search")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--stores", default="folder,milvus")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--worker", nargs=2, metavar=("STEP", "STORE"), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        step, store = args.worker
        result = do_build(store, args.size) if step == "build" else do_query(store, args.size, args.queries)
        print(json.dumps(result))
        return
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    rows = []
    for size in map(int, args.sizes.split(",")):
        write_corpus(size)
        for store in args.stores.split(","):
            row = {"store": store, "size": size}
            for step in ("build", "query"):
                out = subprocess.run([sys.executable, __file__, "--worker", step, store, "--size", str(size),
                                      "--queries", str(args.queries)], capture_output=True, text=True, env=env)
                if out.returncode != 0:
                    sys.exit(f"{step} {store} {size} failed:\n{out.stderr[-3000:]}")
                row.update(json.loads(out.stdout.strip().splitlines()[-1]))
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n| store | passages | build s | passages/s | build peak MB | disk MB | open s | reader peak MB | "
          "query p50 / p95 ms | recall@100 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['store']} | {r['passages']:,} | {r['build_s']} | {r['passages_per_s']:,} | {r['build_peak_mb']:,} | "
              f"{r['disk_mb']} | {r['open_s']} | {r['reader_peak_mb']:,} | {r['query_p50_ms']} / {r['query_p95_ms']} | "
              f"{r['recall_at_100']} |")


if __name__ == "__main__":
    main()
