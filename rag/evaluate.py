"""Retrieval evaluation over a QA file: recall@K, answer hits, MRR and query latency (pure but for timing)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from .errors import RagError
from .retrieval import Passage


@dataclass(frozen=True)
class QAItem:
    id: str
    question: str
    answers: tuple[str, ...] = ()
    gold_docs: tuple[str, ...] = ()


def read_qa(path: Path) -> list[QAItem]:
    """Lines of {"id", "question", "answers"?, "gold_docs"?}; a bad line is an error naming it."""
    if not path.is_file():
        raise RagError(f"QA file {path} does not exist", "pass a JSONL file of questions")
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(QAItem(str(row["id"]), str(row["question"]), tuple(map(str, row.get("answers") or ())),
                                tuple(map(str, row.get("gold_docs") or ()))))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise RagError(f"{path}:{n} is not a QA line ({type(e).__name__}: {e})",
                           'each line must be {"id": ..., "question": ..., "answers": [...], "gold_docs": [...]}') from None
    if not items:
        raise RagError(f"QA file {path} holds no questions")
    return items


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def first_gold_rank(item: QAItem, results: Sequence[Passage]) -> int | None:
    gold = set(item.gold_docs)
    return next((i for i, p in enumerate(results, 1) if p.document.source in gold), None)


def first_answer_rank(item: QAItem, results: Sequence[Passage]) -> int | None:
    answers = [_norm(a) for a in item.answers if a.strip()]
    return next((i for i, p in enumerate(results, 1) if any(a in _norm(p.chunk.text) for a in answers)), None)


def evaluate(items: Iterable[QAItem], search: Callable[[str, int], Sequence[Passage]], ks: Sequence[int],
             progress=None) -> dict:
    """Run every question through search(question, max(ks)) and aggregate the metrics."""
    ks = sorted(set(ks))
    gold_ranks, answer_ranks, latencies = [], [], []
    with_gold = with_answers = 0
    for item in items:
        started = time.perf_counter()
        results = search(item.question, ks[-1])[:ks[-1]]  # (not a passage added for a name: metrics are at k)
        latencies.append((time.perf_counter() - started) * 1000)
        if item.gold_docs:
            with_gold += 1
            gold_ranks.append(first_gold_rank(item, results))
        if item.answers:
            with_answers += 1
            answer_ranks.append(first_answer_rank(item, results))
        if progress:
            progress()
    out: dict = {"n": len(latencies)}
    for k in ks:
        out[f"recall@{k}"] = sum(r is not None and r <= k for r in gold_ranks) / with_gold if with_gold else None
    for k in ks:
        out[f"answer_hit@{k}"] = (sum(r is not None and r <= k for r in answer_ranks) / with_answers
                                  if with_answers else None)
    out["mrr"] = sum(1 / r for r in gold_ranks if r) / with_gold if with_gold else None
    lat = np.array(latencies) if latencies else np.zeros(1)
    out["latency_ms"] = {"p50": round(float(np.percentile(lat, 50)), 2), "p95": round(float(np.percentile(lat, 95)), 2),
                         "mean": round(float(lat.mean()), 2)}
    return out
