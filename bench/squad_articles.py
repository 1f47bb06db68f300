"""SQuAD v1.1 dev as articles to answer from: shared by bench/train_reader.py and bench/squad_answers.py.

Each Wikipedia article of a split becomes one file (its title as the headline, then its paragraphs),
under bench/data/squad-articles/<split>/<Title>.txt. A split's titles are divided in two: questions
on the indexed half must be answered with the gold answer inside a quote; questions on the other half
are about articles that are not indexed, and must be abstained on.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQUAD = ROOT.parent / "shared" / "data" / "squad"
OUT = ROOT / "bench" / "data" / "squad-articles"


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answers: tuple[str, ...]
    title: str  # the article's file name (relative to the corpus folder)


def load(split: str) -> dict[str, tuple[str, list[Question]]]:
    """title -> (article text, its questions)."""
    out = {}
    for article in json.loads((SQUAD / f"{split}.json").read_text())["data"]:
        title = article["title"]
        name = f"{title}.txt"
        text = title.replace("_", " ") + "\n\n" + "\n\n".join(p["context"].strip() for p in article["paragraphs"])
        qs = [Question(qa["id"], qa["question"], tuple(sorted({a["text"] for a in qa["answers"]})), name)
              for p in article["paragraphs"] for qa in p["qas"]]
        out[name] = (text, qs)
    return out


def halves(split: str) -> tuple[list[str], list[str]]:
    """The indexed titles (every other one, in the split's order) and the absent ones."""
    names = list(load(split))
    return names[0::2], names[1::2]


def write_corpus(split: str, names: list[str], folder: Path | None = None) -> Path:
    """A corpus folder holding the given articles of a split (rewritten from scratch)."""
    folder = folder or OUT / split / "corpus"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    articles = load(split)
    for name in names:
        (folder / name).write_text(articles[name][0], encoding="utf-8")
    return folder


def sample(split: str, names: list[str], n: int, seed: int = 0) -> list[Question]:
    """n questions drawn at random (with the seed) from the given articles."""
    pool = [q for name, (_, qs) in load(split).items() if name in names for q in qs]
    return random.Random(seed).sample(pool, min(n, len(pool)))
