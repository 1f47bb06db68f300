"""Answers on SQuAD v1.1: the gold answer inside a quote, and abstention on articles not indexed.

    .venv/bin/python bench/squad_answers.py [--split dev-b] [--n 300] [--seed 0] [--threshold T ...]
                                            [--param NAME=VALUE ...]

Indexes every other Wikipedia article of the split (bench/squad_articles.py), then asks n questions
drawn from the indexed articles and n from the others, through the product's own pipeline. Reports,
for the first kind, how often the answer is not an abstention and holds a gold answer string inside
a quote (any quote; the first quote, i.e. the first citation; the quoted words the answer opens
with), and for the second how often the answer abstains. With several --threshold values it prints
one row per threshold (the abstention threshold is calibrated on dev-a; report dev-b).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import squad_articles  # noqa: E402


def opening_quote(text: str) -> str:
    """The first cited quote of an answer (article titles are quoted too, but never cited)."""
    from rag.chat import first_quotes

    return (first_quotes(text) or [""])[0]


def score(results_present, results_absent) -> dict:
    def has(answers, text):
        return any(a in text for a in answers)

    n = len(results_present)
    answered = [(q, r) for q, r in results_present if not r.abstained]
    return {
        "in_quote": sum(has(q.answers, " ".join(c.quote for c in r.citations)) for q, r in answered) / n,
        "in_first": sum(has(q.answers, r.citations[0].quote) for q, r in answered) / n,
        "in_opening": sum(has(q.answers, opening_quote(r.text)) for q, r in answered) / n,
        "false_abstain": 1 - len(answered) / n,
        "abstained_absent": sum(r.abstained for _, r in results_absent) / max(1, len(results_absent)),
    }


def main() -> None:
    from rag.build import build
    from rag.config import Settings
    from rag.embedding import SentenceTransformerEmbedder
    from rag.pipeline import Pipeline

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev-b")
    parser.add_argument("--n", type=int, default=300, help="questions of each kind")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threshold", type=float, action="append", default=None)
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="another AnswerParams value, e.g. untyped_factor=0.5 (for tuning on dev-a)")
    args = parser.parse_args()

    present, absent = squad_articles.halves(args.split)
    corpus = squad_articles.write_corpus(args.split, present, squad_articles.OUT / args.split / "half-corpus")
    settings = Settings(corpus=corpus, index=squad_articles.OUT / args.split / "half-index")
    embedder = SentenceTransformerEmbedder(settings.model).warm_up()
    build(settings, lambda: embedder)
    pipeline = Pipeline.open(settings, embedder=embedder)
    asked = squad_articles.sample(args.split, present, args.n, args.seed)
    others = squad_articles.sample(args.split, absent, args.n, args.seed)
    print(f"{args.split}: {len(present)} articles indexed, {len(asked)} questions on them, "
          f"{len(others)} on {len(absent)} articles not indexed")
    for name, value in (p.split("=", 1) for p in args.param):
        pipeline.answerer.params = replace(pipeline.answerer.params, **{name: type(getattr(
            pipeline.answerer.params, name))(value)})
    for t in args.threshold or [None]:  # None: the reader's own
        pipeline.answerer.params = replace(pipeline.answerer.params, abstain_threshold=t)
        times = []

        def ask(q):
            t0 = time.perf_counter()
            r = pipeline.ask(q.question)
            times.append(time.perf_counter() - t0)
            return q, r

        m = score([ask(q) for q in asked], [ask(q) for q in others])
        print(f"threshold {pipeline.answerer.threshold:.4f}: gold in a quote {m['in_quote']:.1%}, in the first quote {m['in_first']:.1%}, "
              f"in the opening words {m['in_opening']:.1%}, false abstentions {m['false_abstain']:.1%}; "
              f"abstained on absent articles {m['abstained_absent']:.1%}; "
              f"median {statistics.median(times) * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
