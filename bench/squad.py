"""SQuAD v1.1 dev as a retrieval benchmark: every paragraph one document, every question asked.

    .venv/bin/python bench/squad.py [--limit N] [--splits dev-a,dev-b,all] [--retrievers hybrid,dense,lexical]

Writes bench/data/squad/corpus/<article>/<nnnn>.txt (with a .meta.json sidecar giving the article's
title) and one QA file per split, builds the index with `rag build`, then runs `rag eval` for each
retriever on each split, side by side in one run, and prints the table of bench/README.md.
Environment variables RAG_* (e.g. RAG_CHUNK_SIZE) apply to the build as usual.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQUAD = ROOT.parent / "shared" / "data" / "squad"
OUT = ROOT / "bench" / "data" / "squad"
RAG = [str(ROOT / ".venv" / "bin" / "rag")]
PUBLISHED = [  # the usual stack, measured on the whole dev set on a 2-core machine (issue figures)
    ("plain dense, all-MiniLM-L6-v2 (LangChain FAISS)", 0.625, 0.864, 0.952, "13.5"),
    ("BM25 (bm25s, English stopwords)", 0.749, 0.908, 0.958, "0.2"),
    ("reciprocal-rank fusion of the two", 0.722, 0.933, 0.985, ""),
]


def convert() -> dict[str, Path]:
    """Corpus folder and QA files from the two halves of the dev set (idempotent)."""
    corpus = OUT / "corpus"
    files = {}
    rows_all = []
    for split in ("dev-a", "dev-b"):
        data = json.loads((SQUAD / f"{split}.json").read_text())["data"]
        rows = []
        for article in data:
            title = article["title"]
            folder = corpus / title
            folder.mkdir(parents=True, exist_ok=True)
            for i, para in enumerate(article["paragraphs"]):
                doc = folder / f"{i:04d}.txt"
                if not doc.exists():
                    doc.write_text(para["context"], encoding="utf-8")
                    (folder / f"{i:04d}.txt.meta.json").write_text(
                        json.dumps({"title": f"{title.replace('_', ' ')} ({i})"}), encoding="utf-8")
                for qa in para["qas"]:
                    rows.append({"id": qa["id"], "question": qa["question"],
                                 "answers": sorted({a["text"] for a in qa["answers"]}),
                                 "gold_docs": [f"{title}/{i:04d}.txt"]})
        files[split] = OUT / f"{split}.jsonl"
        files[split].write_text("".join(json.dumps(r) + "\n" for r in rows))
        rows_all += rows
    files["all"] = OUT / "all.jsonl"
    files["all"].write_text("".join(json.dumps(r) + "\n" for r in rows_all))
    return files


def run(*args: str) -> str:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([*RAG, *args], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"rag {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions of each split")
    parser.add_argument("--splits", default="dev-a,dev-b,all")
    parser.add_argument("--retrievers", default="hybrid,dense,lexical")
    parser.add_argument("--index", type=Path, default=OUT / "index")
    args = parser.parse_args()

    files = convert()
    started = time.perf_counter()
    built = json.loads(run("build", "--corpus", str(OUT / "corpus"), "--index", str(args.index), "--json"))
    print(f"index: {built['documents']} documents, {built['chunks']} passages, embedded {built['embedded']} "
          f"in {time.perf_counter() - started:.0f} s", flush=True)
    results = []
    for split in args.splits.split(","):
        for retriever in args.retrievers.split(","):
            extra = ["--limit", str(args.limit)] if args.limit else []
            m = json.loads(run("eval", str(files[split]), "--index", str(args.index), "--retriever", retriever,
                               "--json", *extra))
            results.append((split, retriever, m))
            print(f"{split:>6} {retriever:<8} n={m['n']:>5}  top1 {m['recall@1']:.1%}  top5 {m['recall@5']:.1%}  "
                  f"top20 {m['recall@20']:.1%}  answer@5 {m['answer_hit@5']:.1%}  mrr {m['mrr']:.3f}  "
                  f"p50 {m['latency_ms']['p50']} ms  p95 {m['latency_ms']['p95']} ms", flush=True)

    print("\n| retriever | split | gold paragraph in top 1 | top 5 | top 20 | p50 / p95 query time |")
    print("|---|---|---|---|---|---|")
    for name, t1, t5, t20, ms in PUBLISHED:
        print(f"| {name} | all (published) | {t1:.1%} | {t5:.1%} | {t20:.1%} | {ms + ' ms' if ms else ''} |")
    for split, retriever, m in results:
        label = {"hybrid": "**this project (hybrid)**", "dense": "plain dense, this index",
                 "lexical": "BM25 alone, this index"}[retriever]
        print(f"| {label} | {split} | {m['recall@1']:.1%} | {m['recall@5']:.1%} | {m['recall@20']:.1%} | "
              f"{m['latency_ms']['p50']} / {m['latency_ms']['p95']} ms |")


if __name__ == "__main__":
    main()
