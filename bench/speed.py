"""Speed, side by side in one run: cold starts of the commands, and the two embedding backends.

    .venv/bin/rag build
    .venv/bin/python bench/speed.py [--runs 5] [--texts 500] [--rounds 3]

1. Cold start, medians of --runs: `rag info`, `rag search`, `rag ask` on the seed index, and, as the
   floor, a bare Python process that loads the same model with sentence-transformers and encodes one
   question. Each command is a fresh process, run in turn.
2. Encoding: --texts passages of the BBC folder (../shared/data/bbc), 600-character pieces, encoded by
   sentence-transformers (torch, fp32) and by onnxruntime (the project's ONNX export, fp32), in
   --rounds interleaved rounds: texts/s (median), the cosine of each ONNX vector to its torch vector
   (min, mean), and the overlap of the top 10 neighbours of 50 queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "data" / "bbc"
BARE = """
from sentence_transformers import SentenceTransformer
from rag.embedding import packaged_model_path
SentenceTransformer(packaged_model_path("sentence-transformers/all-MiniLM-L6-v2")).encode(["Which ship is it?"])
"""


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    return time.perf_counter() - started


def cold_starts(runs: int) -> None:
    rag = [sys.executable, "-m", "rag"]
    commands = {"rag info": rag + ["info"], "rag search": rag + ["search", "USS Bataan"],
                "rag ask": rag + ["ask", "Which ship is the 26th Marine Expeditionary Unit aboard?"],
                "bare load + encode": [sys.executable, "-c", BARE]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd))
    bare = statistics.median(times["bare load + encode"])
    for name, t in times.items():
        print(f"{name:>20}: median {statistics.median(t):.2f} s ({statistics.median(t) / bare:.2f}x bare) "
              f"over {runs}")


def passages(n: int) -> list[str]:
    files = sorted(p for p in BBC.rglob("*.txt") if p.name != "README.TXT")
    out = []
    for f in files:
        text = " ".join(f.read_text(encoding="latin-1").split())
        out += [text[i:i + 600] for i in range(0, len(text), 600)]
        if len(out) >= n:
            break
    return out[:n]


def backends(n: int, rounds: int) -> None:
    from rag.embedding import OnnxEmbedder, SentenceTransformerEmbedder

    texts = passages(n)
    torch_e, onnx_e = SentenceTransformerEmbedder().warm_up(), OnnxEmbedder().warm_up()
    rate = {"torch fp32": [], "onnx fp32": []}
    vectors = {}
    for _ in range(rounds):
        for name, e in (("torch fp32", torch_e), ("onnx fp32", onnx_e)):
            started = time.perf_counter()
            vectors[name] = e.encode(texts, batch_size=32)
            rate[name].append(len(texts) / (time.perf_counter() - started))
    a, b = vectors["torch fp32"], vectors["onnx fp32"]
    cosine = (a * b).sum(axis=1)
    q = a[:50]
    top_a, top_b = np.argsort(-(q @ a.T), axis=1)[:, :10], np.argsort(-(q @ b.T), axis=1)[:, :10]
    overlap = np.mean([len(set(x) & set(y)) / 10 for x, y in zip(top_a, top_b)])
    base = statistics.median(rate["torch fp32"])
    for name, r in rate.items():
        print(f"{name:>20}: {statistics.median(r):.1f} texts/s ({statistics.median(r) / base:.2f}x) on {len(texts)} "
              f"BBC passages, {rounds} rounds")
    print(f"onnx vs torch: cosine min {cosine.min():.6f}, mean {cosine.mean():.6f}; top-10 overlap {overlap:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--texts", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cold_starts(args.runs)
    if BBC.is_dir():
        backends(args.texts, args.rounds)
    else:
        print(f"no BBC folder at {BBC}: the encoding comparison is skipped")


if __name__ == "__main__":
    main()
