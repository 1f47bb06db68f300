"""Ask the reader questions of bench/reader_questions.jsonl and judge each answer.

    .venv/bin/python bench/reader.py [--index DIR] [--verbose]

The questions are what a reader asks of the three seed articles: about the articles themselves
(author, date, kind), facts of a given type (a number, a date, a person), reported speech, questions
two articles answer, questions the articles cannot answer, and conversations of two or three turns
asked with the chat's history (one hundred and eighty-nine batches: bench/README.md). An answer is acceptable
when it abstains where it should and otherwise cites the expected articles, with the expected words in its
first quote (``first``), in its text (``text``), and, for ``direct``, in the quoted words that open the
answer. Prints each verdict, the totals and the median time per answer.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "bench" / "reader_questions.jsonl"


def load(path: Path = QUESTIONS) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def opening_quote(text: str) -> str:
    """The first cited quote of an answer (article titles are quoted too, but never cited)."""
    from rag.chat import first_quotes

    return (first_quotes(text) or [""])[0]


def judge(q: dict, result) -> list[str]:
    """What is wrong with the answer (empty when it is acceptable)."""
    if q.get("abstain"):
        return [] if result.abstained else ["should abstain"]
    if result.abstained:
        return ["abstained"]
    problems = []
    cited = {c.doc_id for c in result.citations}
    problems += [f"does not cite {d}" for d in q.get("docs", []) if d not in cited]
    first = result.citations[0].quote if result.citations else ""
    problems += [f"first quote lacks {w!r}" for w in q.get("first", []) if w not in first]
    problems += [f"text lacks {w!r}" for w in q.get("text", []) if w not in result.text]
    if q.get("direct") and q["direct"] not in opening_quote(result.text):
        problems.append(f"does not open with {q['direct']!r}")
    return problems


def run(pipeline, questions: list[dict], verbose: bool = False) -> dict:
    histories: dict[str, list[dict]] = {}
    rows, times = [], []
    for q in questions:
        history = histories.setdefault(q["conversation"], []) if q.get("conversation") else []
        t0 = time.perf_counter()
        result = pipeline.ask(q["question"], list(history))
        times.append(time.perf_counter() - t0)
        if q.get("conversation"):
            history += [{"role": "user", "content": q["question"]}, {"role": "assistant", "content": result.text}]
        problems = judge(q, result)
        rows.append((q, problems))
        print(f"{q['id']:>4} {'ok   ' if not problems else 'WRONG'} {q['question']}"
              + (f"  <- {'; '.join(problems)}" if problems else ""))
        if verbose:
            print("      query:", result.query)
            print("      " + result.text.replace("\n", "\n      ")[:900])
    single = [p for q, p in rows if not q.get("conversation")]
    turns = [p for q, p in rows if q.get("conversation")]
    summary = {"questions": len(single), "acceptable": sum(not p for p in single),
               "turns": len(turns), "acceptable_turns": sum(not p for p in turns),
               "median_s": round(statistics.median(times), 3)}
    print(f"questions {summary['acceptable']}/{summary['questions']} acceptable, conversation turns "
          f"{summary['acceptable_turns']}/{summary['turns']}, median {summary['median_s'] * 1000:.0f} ms per answer")
    return summary


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from rag.config import Settings
    from rag.pipeline import Pipeline

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--verbose", action="store_true", help="print every answer")
    parser.add_argument("--threshold", type=float, action="append", default=None,
                        help="abstention threshold(s) to try (default: the setting)")
    args = parser.parse_args()
    settings = Settings() if args.index is None else Settings(index=args.index)
    pipeline = Pipeline.open(settings)
    pipeline.ask("warm-up")
    for t in args.threshold or [None]:  # None: the reader's own
        pipeline.answerer.params = replace(pipeline.answerer.params, abstain_threshold=t)
        print(f"threshold {pipeline.answerer.threshold:.4f}")
        run(pipeline, load(), args.verbose)


if __name__ == "__main__":
    main()
