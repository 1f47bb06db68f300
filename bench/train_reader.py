"""Train the reader (rag/reader.json) on SQuAD v1.1 dev-a only, reproducibly.

    .venv/bin/pip install -e '.[train]'      # scikit-learn, used only here
    .venv/bin/python bench/train_reader.py [--questions 2500] [--seed 1]

Indexes every dev-a article (bench/squad_articles.py), then for a seeded sample of dev-a questions
reads the sentences of the passages the product retrieves, twice: once from the whole index (a
sentence is a positive when it is in the question's own article and holds a gold answer), and once
with the question's own article left out of the search (every sentence a negative: the question is
about an article that is not indexed, and the answer must abstain). A logistic regression over the
reader's features (rag/reader.py) is fitted to these.

Then the question model: every other dev-a article is indexed (bench/squad_articles.py's halves), and
questions on the indexed articles (the articles answer them) and on the others (they do not) are
answered with the sentence model just fitted; a logistic regression over QUESTION_FEATURES learns
which is which, and its threshold is set so that --abstain (95.5%) of the questions on articles not
indexed are abstained on. Both are written to rag/reader.json with how they were made. dev-b is never
read here. ``--threshold-only`` keeps both models and sets that threshold anew, for answerer code that
has changed since they were fitted (a few minutes rather than ten).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import squad_articles  # noqa: E402


def rows_for(pipeline, questions, names, absent: bool):
    """Features and labels of every sentence read for each question."""
    from rag.pipeline import MIN_PASSAGES_READ
    from rag.reading import question_type

    answerer = pipeline.answerer
    X, y, group = [], [], []
    for i, q in enumerate(questions):
        doc_ids = [n for n in names if n != q.title] if absent else None
        passages = pipeline.retriever.search(q.question, MIN_PASSAGES_READ, doc_ids=doc_ids)
        sentences = answerer.sentences(passages)
        if not sentences:
            continue
        X.append(answerer.features(q.question, passages, sentences, question_type(q.question)))
        y += [float(not absent and doc.id == q.title and any(a in doc.text[s:e] for a in q.answers))
              for doc, _, (s, e), _, _ in sentences]
        group += [i] * len(sentences)
    return np.vstack(X), np.array(y), np.array(group)


def fit_sentence_model(embedder, args):
    from sklearn.linear_model import LogisticRegression

    from rag import store
    from rag.answer import ExtractiveAnswerer
    from rag.build import build
    from rag.config import Settings
    from rag.pipeline import Pipeline
    from rag.reader import FEATURES, Reader

    names = list(squad_articles.load("dev-a"))
    corpus = squad_articles.write_corpus("dev-a", names)
    settings = Settings(corpus=corpus, index=squad_articles.OUT / "dev-a" / "index")
    build(settings, lambda: embedder, progress=True)
    blank = Reader(np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.zeros(len(FEATURES)), 0.0, {})
    index = store.load(settings.index)
    pipeline = Pipeline(settings, index, embedder, ExtractiveAnswerer(index, embedder, reader=blank))
    questions = squad_articles.sample("dev-a", names, args.questions, args.seed)
    Xp, yp, gp = rows_for(pipeline, questions, names, absent=False)
    Xa, ya, ga = rows_for(pipeline, questions, names, absent=True)
    X, y = np.vstack([Xp, Xa]), np.concatenate([yp, ya])
    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=2000).fit((X - mean) / scale, y)
    reader = Reader(mean, scale, model.coef_[0], float(model.intercept_[0]), {
        "trained_on": f"SQuAD v1.1 dev-a, {len(questions)} questions (seed {args.seed}), each read from the whole "
                      "index and with its own article left out", "rows": int(len(y)), "positives": int(y.sum()),
        "script": "bench/train_reader.py"})
    p = reader.probability(Xp)
    top = [int(np.argmax(np.where(gp == g, p, -1))) for g in np.unique(gp)]
    print(f"{len(y)} sentences ({int(y.sum())} answer)")
    print(f"top sentence holds the answer: {np.mean(yp[top]):.1%} of {len(top)} dev-a questions (training data)")
    for name, c in zip(FEATURES, model.coef_[0]):
        print(f"  {name:>12} {c:+.3f}")
    return reader


def fit_question_model(embedder, reader, args):
    """The question model, on dev-a's halves, answered with ``reader``'s sentence model."""
    from dataclasses import replace

    from sklearn.linear_model import LogisticRegression

    from rag import store
    from rag.answer import AnswerParams, ExtractiveAnswerer, unknown_names
    from rag.build import build
    from rag.config import Settings
    from rag.pipeline import MIN_PASSAGES_READ, Pipeline
    from rag.reader import QUESTION_FEATURES, Logistic

    present, absent = squad_articles.halves("dev-a")
    corpus = squad_articles.write_corpus("dev-a", present, squad_articles.OUT / "dev-a" / "half-corpus")
    settings = Settings(corpus=corpus, index=squad_articles.OUT / "dev-a" / "half-index")
    build(settings, lambda: embedder, progress=True)
    index = store.load(settings.index)
    answerer = ExtractiveAnswerer(index, embedder, reader=replace(reader, answerable=None))
    pipeline = Pipeline(settings, index, embedder, answerer)
    floor = AnswerParams().evidence_floor
    rows, labels, vetoed = [], [], []
    for label, names in ((1, present), (0, absent)):
        for q in squad_articles.sample("dev-a", names, args.question_sample, args.seed):
            query = pipeline.standalone(q.question)
            if unknown_names(query, answerer.knows_name):
                vetoed.append(label)  # abstains before any model is asked
                continue
            ranked, row = answerer.judge(query, pipeline.retriever.search(query, MIN_PASSAGES_READ))
            if row is None or ranked[0].evidence < floor:
                vetoed.append(label)
                continue
            rows.append(row[0])
            labels.append(label)
    X, y = np.array(rows), np.array(labels)
    if args.threshold_only:
        question = reader.answerable
    else:
        mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-9
        model = LogisticRegression(C=1.0, max_iter=3000).fit((X - mean) / scale, y)
        question = Logistic(mean, scale, model.coef_[0], float(model.intercept_[0]))
    p = question.probability(X)
    n_absent = int((y == 0).sum()) + vetoed.count(0)
    need = int(np.ceil(args.abstain * n_absent)) - vetoed.count(0)  # absent questions the threshold must stop
    threshold = float(np.sort(p[y == 0])[need - 1]) + 1e-6 if need > 0 else 0.0
    answered = (p >= threshold)
    print(f"question model: {len(y)} questions read, {len(vetoed)} abstained before it; threshold {threshold:.4f}: "
          f"answers {answered[y == 1].sum() / (int((y == 1).sum()) + vetoed.count(1)):.1%} of questions on indexed "
          f"articles, abstains on {1 - answered[y == 0].sum() / n_absent:.1%} of the others (training data)")
    for name, c in zip(QUESTION_FEATURES, question.coef):
        print(f"  {name:>14} {c:+.3f}")
    meta = {**(reader.meta or {}), "answerable": f"SQuAD v1.1 dev-a halves, {args.question_sample} questions of each "
            f"kind (seed {args.seed}); threshold {threshold:.4f} abstains on {args.abstain:.1%} of questions on "
            "articles not indexed"}
    return replace(reader, answerable=question, meta=meta, threshold=round(threshold, 4))


def main() -> None:
    from rag.config import Settings
    from rag.embedding import QueryCache, SentenceTransformerEmbedder
    from rag.reader import WEIGHTS, Reader

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=2500, help="dev-a questions sampled")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--question-sample", type=int, default=1500, help="dev-a questions of each kind, question model")
    parser.add_argument("--abstain", type=float, default=0.955, help="share of questions on absent articles abstained on")
    parser.add_argument("--question-model-only", action="store_true",
                        help="keep the sentence model of --out; fit the question model only")
    parser.add_argument("--threshold-only", action="store_true",
                        help="keep both models of --out; set the question model's threshold only (at --abstain)")
    args = parser.parse_args()

    started = time.perf_counter()
    embedder = QueryCache(SentenceTransformerEmbedder(Settings().model).warm_up())  # retrieval and reader share it
    if args.question_model_only or args.threshold_only:
        reader = Reader.load(args.out)
    else:
        reader = fit_sentence_model(embedder, args)
    reader = fit_question_model(embedder, reader, args)
    reader.save(args.out)
    print(f"{time.perf_counter() - started:.0f} s")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
