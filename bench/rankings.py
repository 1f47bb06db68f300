"""Dump the top 10 passages of a sample of SQuAD dev-a questions, to check that a change leaves rankings
exactly as they were.

    .venv/bin/python bench/rankings.py before.json          # on the old commit
    .venv/bin/python bench/rankings.py after.json           # on the new one
    .venv/bin/python bench/rankings.py --compare before.json after.json

Uses the dev-a index of bench/squad_articles.py (built by bench/train_reader.py or bench/squad_answers.py);
each question is searched once over everything and once restricted to three random articles.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def dump(out: Path, n: int) -> None:
    import squad_articles
    from rag import store
    from rag.embedding import embedder_for
    from rag.retrieval import Retriever

    index = store.load(squad_articles.OUT / "dev-a" / "index")
    retriever = Retriever(index, embedder_for(index.model).warm_up())
    names = [d.id for d in index.documents]
    rng = random.Random(0)
    rows, started = [], time.perf_counter()
    for q in squad_articles.sample("dev-a", list(squad_articles.load("dev-a")), n, 3):
        rows.append([[p.row for p in retriever.search(q.question, 10)],
                     [p.row for p in retriever.search(q.question, 10, doc_ids=rng.sample(names, 3))]])
    out.write_text(json.dumps(rows))
    print(f"{len(rows)} questions, twice each, in {time.perf_counter() - started:.1f} s -> {out}")


def compare(a: Path, b: Path) -> None:
    x, y = json.loads(a.read_text()), json.loads(b.read_text())
    for i, kind in enumerate(("over everything", "restricted to 3 articles")):
        same = sum(p[i] == q[i] for p, q in zip(x, y))
        print(f"{kind}: identical top 10 for {same} / {len(x)} questions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
    elif args.out:
        dump(args.out, args.n)
    else:
        parser.error("give OUT.json, or --compare BEFORE AFTER")


if __name__ == "__main__":
    main()
