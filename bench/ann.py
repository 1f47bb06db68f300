"""Exact against approximate (HNSW) vector search: recall of the top 100 and time per question.

    .venv/bin/python bench/ann.py [--sizes 100000,1000000] [--queries 300] [--ef 2048,8192] [--no-real]

The retrieval step asks each vector index for its top 100 (RetrievalParams.pool) passages and as many
sentences. This compares the product's two kinds of index (rag/store.py: flat, exact; past
RAG_ANN_FROM vectors, HNSW graphs of at most 100,000 vectors each, searched side by side) on:

- real vectors: the sentence vectors of the SQuAD index (bench/squad.py builds it: SQuAD v1.1 dev's
  48 articles, ~10,000 sentences, the packaged model), queried with SQuAD questions;
- vectors shaped like them at sizes too large to embed here: each the normalized sum of two real
  sentence vectors (the second weighed 0.7) plus a little noise, so that no two are alike and the
  neighbourhoods are as crowded as real ones; queried with the same SQuAD questions.

Recall is the share of exact search's top 100 that the index returns (mean, and the 5th percentile
over questions); times are per question, one at a time, as the product searches, on this machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQUAD_INDEX = ROOT / "bench" / "data" / "squad" / "index"
K = 100


def real_vectors() -> np.ndarray:
    from rag import store

    if not (SQUAD_INDEX / "CURRENT").is_file():
        sys.exit(f"no index in {SQUAD_INDEX}: run bench/squad.py first")
    return store.load(SQUAD_INDEX).all_sentence_vectors()


def questions(n: int) -> np.ndarray:
    from rag.config import Settings
    from rag.embedding import embedder_for

    rows = [json.loads(line) for line in (ROOT / "bench" / "data" / "squad" / "all.jsonl").read_text().splitlines()]
    texts = [r["question"] for r in rows[::max(1, len(rows) // n)][:n]]
    return embedder_for(Settings().model).encode(texts)


def shaped_like(real: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, real.shape[1]), dtype=np.float32)
    for s in range(0, n, 100_000):
        m = min(100_000, n - s)
        v = real[rng.integers(0, len(real), m)] + 0.7 * real[rng.integers(0, len(real), m)]
        v += rng.normal(0, 0.03, v.shape).astype(np.float32)
        out[s:s + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def timed_search(index, queries: np.ndarray) -> tuple[np.ndarray, list[float]]:
    found, times = [], []
    for q in queries:
        t = time.perf_counter()
        _, ids = index.search(q.reshape(1, -1), K)
        times.append(time.perf_counter() - t)
        found.append(ids[0])
    return np.array(found), times


def compare(name: str, vectors: np.ndarray, queries: np.ndarray, efs: list[int | None]) -> list[dict]:
    """One row per search breadth (None: the product's), the graph built once."""
    from rag import store

    started = time.perf_counter()
    flat = store.flat_index(vectors, vectors.shape[1])
    t = time.perf_counter()
    hnsw = store.vector_index(vectors, vectors.shape[1], ann_from=0)
    build_s = time.perf_counter() - t
    exact, exact_t = timed_search(flat, queries)
    rows = []
    graphs = hnsw.parts if isinstance(hnsw, store.Shards) else [hnsw]
    for ef in efs:
        for graph in graphs:
            graph.hnsw.efSearch = ef or store.HNSW_EF_SEARCH
        approx, approx_t = timed_search(hnsw, queries)
        recall = np.array([len(set(a) & set(e)) / K for a, e in zip(approx, exact)])
        row = {"vectors": name, "n": len(vectors), "graphs": len(graphs), "ef_search": graphs[0].hnsw.efSearch,
               "hnsw_build_s": round(build_s, 1),
               "recall_mean": round(float(recall.mean()), 4), "recall_p5": round(float(np.percentile(recall, 5)), 4),
               "flat_p50_ms": round(statistics.median(exact_t) * 1000, 2),
               "flat_p95_ms": round(float(np.percentile(exact_t, 95)) * 1000, 2),
               "hnsw_p50_ms": round(statistics.median(approx_t) * 1000, 2),
               "hnsw_p95_ms": round(float(np.percentile(approx_t, 95)) * 1000, 2),
               "seconds": round(time.perf_counter() - started)}
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--ef", default="", help="comma-separated search breadths to try besides the product's "
                                                 "(efSearch; the product's is rag/store.py's HNSW_EF_SEARCH)")
    parser.add_argument("--no-real", action="store_true", help="skip the real SQuAD vectors")
    args = parser.parse_args()
    efs = [None, *(int(e) for e in args.ef.split(",") if e)]
    real = real_vectors()
    queries = questions(args.queries)
    rows = [] if args.no_real else compare("real (SQuAD sentences)", real, queries, efs)
    for n in (int(s) for s in args.sizes.split(",") if s):
        rows += compare("shaped like real", shaped_like(real, n), queries, efs)
    print("\n| vectors | n | HNSW build | search breadth | recall@100 mean / 5th pct | exact p50 / p95 | HNSW p50 / p95 |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['vectors']} | {r['n']:,} | {r['hnsw_build_s']} s | {r['ef_search']} | {r['recall_mean']} / "
              f"{r['recall_p5']} | {r['flat_p50_ms']} / {r['flat_p95_ms']} ms | {r['hnsw_p50_ms']} / {r['hnsw_p95_ms']} ms |")


if __name__ == "__main__":
    main()
