"""Tune the fusion weights of the hybrid retriever on a QA file (SQuAD dev-a by default).

    .venv/bin/python bench/tune.py [QA.jsonl] [--index DIR] [--limit N] [--check QA.jsonl ...]

Computes the six signals of every candidate passage of every question once (with the product's own
`rag.retrieval.signals`), then searches the weights by coordinate ascent, maximising
top-1 + 2 x top-5 (the share of questions whose gold document is the first result, and among the first
five). Prints the weights found and, for each --check file, the figures those weights give there
next to the current defaults. Run bench/squad.py first: it writes the corpus, the index and the QA files.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rag import store  # noqa: E402
from rag.embedding import SentenceTransformerEmbedder  # noqa: E402
from rag.evaluate import read_qa  # noqa: E402
from rag.retrieval import SIGNALS, RetrievalParams, candidates, signals, weights  # noqa: E402

SQUAD = ROOT / "bench" / "data" / "squad"
STEPS = (0.0, 0.5, 0.7, 0.85, 1.2, 1.4, 2.0)  # each weight is tried at these multiples of its value


def table(index, embedder, qa: Path, limit: int | None, pool: int):
    """Signals of every question's candidates, padded into arrays: values (Q, P, 6), doc rows, gold."""
    items = read_qa(qa)[:limit]
    vectors = embedder.encode([it.question for it in items], batch_size=64, progress=True, desc="Questions")
    source_row = {d.source: i for i, d in enumerate(index.documents)}
    rows = []
    for item, vector in zip(items, vectors):
        found = candidates(index, vector, item.question, pool)
        sig = signals(index, vector, item.question, found)
        docs = index.chunk_doc[found]
        gold = np.isin(docs, [source_row[g] for g in item.gold_docs if g in source_row])
        rows.append((sig.values, docs, gold))
    width = max(len(r[0]) for r in rows)
    values = np.zeros((len(rows), width, len(SIGNALS)))
    docs = np.full((len(rows), width), -1)
    gold = np.zeros((len(rows), width), dtype=bool)
    real = np.zeros((len(rows), width), dtype=bool)
    for i, (v, d, g) in enumerate(rows):
        values[i, :len(v)], docs[i, :len(v)], gold[i, :len(v)], real[i, :len(v)] = v, d, g, True
    return values, docs, gold, real


def measure(data, w: np.ndarray, decay: float, k: int = 5) -> tuple[float, float]:
    """Top-1 and top-5 shares under weights w, with the same greedy diversity as the retriever."""
    values, docs, gold, real = data
    fused = np.where(real, values @ w, -np.inf)
    taken, open_ = np.zeros(fused.shape), real.copy()
    first = np.zeros(len(fused), dtype=int)
    everyone = np.arange(len(fused))
    for r in range(1, k + 1):
        best = np.where(open_, fused * decay ** taken, -np.inf).argmax(1)
        first = np.where((first == 0) & gold[everyone, best], r, first)
        open_[everyone, best] = False
        taken += docs == docs[everyone, best][:, None]
    return float((first == 1).mean()), float(((first >= 1) & (first <= k)).mean())


def ascend(data, w: np.ndarray, decay: float) -> np.ndarray:
    def objective(w):
        top1, top5 = measure(data, w, decay)
        return top1 + 2 * top5

    best = objective(w)
    improved = True
    while improved:
        improved = False
        for j, name in enumerate(SIGNALS):
            for step in STEPS:
                trial = w.copy()
                trial[j] = w[j] * step if w[j] else step
                score = objective(trial)
                if score > best + 1e-9:
                    best, w, improved = score, trial, True
            print(f"  {name:<14} {w[j]:.3f}   top1 + 2 x top5 = {best:.4f}", flush=True)
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("qa", nargs="?", type=Path, default=SQUAD / "dev-a.jsonl")
    parser.add_argument("--index", type=Path, default=SQUAD / "index")
    parser.add_argument("--limit", type=int, default=None, help="only the first N questions of each file")
    parser.add_argument("--check", type=Path, action="append", default=[], help="QA file to report the weights on")
    args = parser.parse_args()

    index = store.load(args.index)
    embedder = SentenceTransformerEmbedder(index.model).warm_up()
    defaults = RetrievalParams()
    data = table(index, embedder, args.qa, args.limit, defaults.pool)
    start = weights(defaults)
    print(f"{args.qa.name}: defaults give top1 / top5 {measure(data, start, defaults.same_doc_decay)}")
    found = ascend(data, start, defaults.same_doc_decay)
    found = found / found[0] * start[0]  # same scale as the defaults: only ratios matter
    print("weights found:", {name: round(float(v), 3) for name, v in zip(SIGNALS, found)})
    for qa in [args.qa, *args.check]:
        check = data if qa == args.qa else table(index, embedder, qa, args.limit, defaults.pool)
        for label, w in (("defaults", start), ("found", found)):
            top1, top5 = measure(check, w, defaults.same_doc_decay)
            print(f"{qa.name:<12} {label:<9} top1 {top1:.2%}  top5 {top5:.2%}")


if __name__ == "__main__":
    main()
