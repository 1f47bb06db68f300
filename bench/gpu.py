"""An index built on a CUDA GPU against one built on the CPU: the same vectors, the same answers.

    .venv/bin/python bench/gpu.py [--corpus seeds] [--questions tests/data/seed_questions.jsonl] [--out F]

On a machine with CUDA (RAG_MODEL and the other RAG_* settings apply as usual):
1. builds the corpus three times, each a fresh `rag build --full` process: with RAG_DEVICE=cuda (torch on
   the GPU), with RAG_DEVICE=cpu RAG_BACKEND=torch, and with the CPU default (onnxruntime); wall time and
   texts/s of each;
2. compares every stored passage and sentence vector of the GPU build with the same row of each CPU
   build (cosine: min and mean) and the passage top 10 of each question's vector (overlap);
3. answers each question three ways: GPU index and GPU questions, GPU index served on the CPU (the index
   carried to a machine without a GPU), and the CPU default throughout; counts answers whose text
   differs from the CPU default's.
Prints one JSON object (and writes it to --out).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CPU_BUILDS = {"cpu-torch": {"RAG_DEVICE": "cpu", "RAG_BACKEND": "torch"},
              "cpu": {"RAG_DEVICE": "cpu", "RAG_BACKEND": "auto"}}


def build(corpus: Path, index: Path, settings: dict) -> dict:
    env = {**os.environ, **settings, "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "rag", "build", "--corpus", str(corpus), "--index", str(index),
                           "--full", "--json"], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build with {settings} failed:\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    report["wall_s"] = round(seconds, 2)
    return report


def cosines(a: np.ndarray, b: np.ndarray) -> dict:
    c = np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return {"min": round(float(c.min()), 6), "mean": round(float(c.mean()), 6), "rows": len(c)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--questions", type=Path, default=ROOT / "tests" / "data" / "seed_questions.jsonl")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--device", default="cuda", help="the torch device to compare with the CPU (cuda, cuda:1, mps)")
    args = parser.parse_args()

    import torch

    if args.device.startswith("cuda") and not torch.cuda.is_available():
        sys.exit("no CUDA device: this check compares a GPU build with a CPU build")
    builds = {"cuda": {"RAG_DEVICE": args.device, "RAG_BACKEND": "torch"}, **CPU_BUILDS}
    from rag import store
    from rag.config import Settings
    from rag.pipeline import Pipeline

    questions = [json.loads(line)["question"] for line in args.questions.read_text().splitlines() if line.strip()]
    result = {"device": torch.cuda.get_device_name(0) if args.device.startswith("cuda") else args.device, "torch": torch.__version__, "corpus": str(args.corpus),
              "questions": len(questions), "builds": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folders = {name: Path(tmp) / name for name in builds}
        for name, settings in builds.items():
            report = build(args.corpus, folders[name], settings)
            result["builds"][name] = {"wall_s": report["wall_s"], "embedded": report["embedded"], "report": report}
        indexes = {name: store.load(folder) for name, folder in folders.items()}
        gpu = indexes["cuda"]
        for name in ("cpu-torch", "cpu"):
            other = indexes[name]
            same_rows = ([(d, s.start, s.end) for d, s in gpu.sentences] == [(d, s.start, s.end) for d, s in other.sentences]
                         and [(c.doc_id, c.start, c.end) for c in gpu.chunks] == [(c.doc_id, c.start, c.end)
                                                                                   for c in other.chunks])
            result[f"cuda_vs_{name}"] = {"same_rows": same_rows,
                                         "passages": cosines(gpu.all_vectors(), other.all_vectors()),
                                         "sentences": cosines(gpu.all_sentence_vectors(), other.all_sentence_vectors())}

        def pipeline(index: str, device: str) -> Pipeline:
            backend = "auto" if device == "cpu" else "torch"
            return Pipeline.open(Settings(index=folders[index], device=device, backend=backend))

        ways = {"cuda": pipeline("cuda", args.device), "cuda-index-on-cpu": pipeline("cuda", "cpu"),
                "cpu": pipeline("cpu", "cpu")}
        answers = {name: [p.ask(q) for q in questions] for name, p in ways.items()}
        overlap = []
        for q in questions:
            tops = [set(p.index.passage_search(p.embedder.encode([q]), 10).tolist()) for p in (ways["cuda"], ways["cpu"])]
            overlap.append(len(tops[0] & tops[1]) / max(1, len(tops[1])))
        result["top10_overlap"] = round(float(np.mean(overlap)), 4)
        reference = [a.text for a in answers["cpu"]]
        for name in ("cuda", "cuda-index-on-cpu"):
            differ = [q for q, a, r in zip(questions, answers[name], reference) if a.text != r]
            result[f"answers_{name}_differ"] = {"count": len(differ), "questions": differ}
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
