"""Answer every question of tests/data/seed_questions.jsonl and report what the answerer did.

    .venv/bin/python bench/seed_questions.py [--index DIR] [--threshold T ...]

For each question: the evidence score, whether the answer abstained, whether it cited the expected
article with an excerpt holding the expected words, and (for reported speech) whether the cited
source was named. With several --threshold values it prints the calibration table: the false-abstain
rate on answerable questions and the missed-abstain rate on unanswerable ones.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "data" / "seed_questions.jsonl"


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def judge(q: dict, result) -> dict:
    """Did the answer cite the expected article(s) with the expected words in a quote?"""
    cited = {c.doc_id for c in result.citations}
    quotes = " ".join(c.quote for c in result.citations if c.doc_id in q.get("docs", []))
    ok = (not result.abstained and set(q["docs"]) <= cited if q["type"] == "multi"
          else not result.abstained and bool(cited & set(q.get("docs", []))))
    ok = ok and all(e in quotes for e in q.get("expect", []))
    if q.get("source"):
        ok = ok and q["source"] in result.text
    return {"id": q["id"], "type": q["type"], "evidence": round(result.evidence, 3),
            "abstained": result.abstained, "correct": ok if q["type"] != "unanswerable" else result.abstained}


def run(pipeline, questions: list[dict]) -> list[dict]:
    return [judge(q, pipeline.ask(q["question"])) for q in questions]


def rates(rows: list[dict]) -> dict:
    answerable = [r for r in rows if r["type"] != "unanswerable"]
    unanswerable = [r for r in rows if r["type"] == "unanswerable"]
    return {
        "answerable": len(answerable), "unanswerable": len(unanswerable),
        "correct_answerable": sum(r["correct"] for r in answerable) / max(1, len(answerable)),
        "false_abstain": sum(r["abstained"] for r in answerable) / max(1, len(answerable)),
        "missed_abstain": sum(not r["abstained"] for r in unanswerable) / max(1, len(unanswerable)),
    }


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from rag.config import Settings
    from rag.pipeline import Pipeline

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--threshold", type=float, action="append", default=None)
    args = parser.parse_args()
    settings = Settings() if args.index is None else Settings(index=args.index)
    pipeline = Pipeline.open(settings)
    questions = load_questions()
    for t in args.threshold or [None]:  # None: the reader's own
        pipeline.answerer.params = replace(pipeline.answerer.params, abstain_threshold=t)
        rows = run(pipeline, questions)
        if len(args.threshold or []) <= 1:
            for r in rows:
                print(f"{r['id']:>4} {r['type']:<12} evidence {r['evidence']:.3f} "
                      f"{'ABSTAIN' if r['abstained'] else 'answer '} {'ok' if r['correct'] else 'WRONG'}")
        r = rates(rows)
        print(f"threshold {pipeline.answerer.threshold:.4f}: correct {r['correct_answerable']:.0%} of {r['answerable']} answerable, "
              f"false-abstain {r['false_abstain']:.0%}, missed-abstain {r['missed_abstain']:.0%} "
              f"of {r['unanswerable']} unanswerable")


if __name__ == "__main__":
    main()
