"""Scale run over ../shared/data/bbc (2,225 articles): build time, index size, query latency, recall.

    .venv/bin/python bench/bbc.py [--index DIR] [--keep]

Builds the index from scratch with `rag build --full`, times a second (unchanged) build, measures
the index on disk, then runs `rag eval` on bench/bbc_questions.jsonl (questions written about 26
randomly drawn articles): the share whose article is among the top 5 passages, and query latency.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "data" / "bbc"
RAG = [str(ROOT / ".venv" / "bin" / "rag")]


def rag(*args: str) -> tuple[dict, float]:
    started = time.perf_counter()
    out = subprocess.run([*RAG, *args, "--json"], capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if out.returncode != 0:
        sys.exit(f"rag {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=ROOT / "bench" / "data" / "bbc-index")
    parser.add_argument("--keep", action="store_true", help="reuse an existing index instead of rebuilding")
    args = parser.parse_args()
    if not args.keep:
        shutil.rmtree(args.index, ignore_errors=True)
        built, seconds = rag("build", "--corpus", str(BBC), "--index", str(args.index), "--full")
        print(f"full build: {built['documents']} documents, {built['chunks']} passages, "
              f"skipped {built['skipped']}, {seconds:.0f} s wall", flush=True)
    again, seconds = rag("build", "--corpus", str(BBC), "--index", str(args.index))
    print(f"second build (nothing changed): embedded {again['embedded']}, {seconds:.1f} s wall", flush=True)
    size = sum(p.stat().st_size for p in args.index.rglob("*") if p.is_file())
    print(f"index size: {size / 2**20:.1f} MiB", flush=True)
    questions = ROOT / "bench" / "bbc_questions.jsonl"
    for retriever in ("hybrid", "dense"):
        m, _ = rag("eval", str(questions), "--index", str(args.index), "--retriever", retriever, "--k", "1,5,20")
        print(f"{retriever:<7} questions {m['n']}: article in top 1 {m['recall@1']:.1%}, top 5 {m['recall@5']:.1%}, "
              f"top 20 {m['recall@20']:.1%}, mrr {m['mrr']:.3f}, latency p50 {m['latency_ms']['p50']} ms, "
              f"p95 {m['latency_ms']['p95']} ms", flush=True)


if __name__ == "__main__":
    main()
