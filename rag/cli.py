"""The `rag` command line. With ui.py, the only place that talks to a person."""

from __future__ import annotations

import functools
import json
import logging
import sys
import textwrap
from pathlib import Path

import click
from pydantic import ValidationError

from .config import Settings
from .errors import RagError
from .config import RETRIEVERS

INDEX_OPT = click.option("--index", "index_dir", type=click.Path(path_type=Path), default=None,
                         help="Index folder [env RAG_INDEX; default: index].")
K_OPT = click.option("--k", type=click.IntRange(1, 100), default=None, help="Number of passages [env RAG_K; default: 5].")
JSON_OPT = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def fail(message: str, code: int = 1) -> None:
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(code)


def handles_errors(fn):
    """Turn the package's typed errors into a message and a non-zero exit, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RagError as e:
            fail(str(e))
        except ValidationError as e:
            problems = "; ".join(f"{'.'.join(map(str, err['loc'])) or 'settings'}: {err['msg']}" for err in e.errors())
            fail(f"invalid setting: {problems}")
        except KeyboardInterrupt:
            fail("interrupted; the index was left as it was", 130)

    return wrapper


def settings_from(**flags) -> Settings:
    return Settings().with_overrides(**flags)


def make_embedder(settings: Settings):
    from .embedding import embedder_for

    return embedder_for(settings.model, settings.device, settings.backend).warm_up()


def print_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rag-news")
def main():
    """Ask questions of a folder of news and opinion articles; answers cite their articles.

    Settings come from flags, then RAG_* environment variables (see the README), then defaults.
    """


@main.command()
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="Folder of .txt, .md and .html articles [env RAG_CORPUS; default: seeds].")
@INDEX_OPT
@click.option("--full", is_flag=True, help="Rebuild everything, ignoring the existing index.")
@JSON_OPT
@handles_errors
def build(corpus, index_dir, full, as_json):
    """Build or update the index; only new and changed files are embedded."""
    from .build import build as run_build

    settings = settings_from(corpus=corpus, index=index_dir)
    report = run_build(settings, lambda: make_embedder(settings), full=full, progress=not as_json)
    if as_json:
        print_json({**report.counts(), "documents": report.documents, "chunks": report.chunks,
                    "embedded": report.embedded, "embedded_passages": report.embedded_passages,
                    "encoder": report.encoder, "seconds": round(report.seconds, 3), "written": report.written,
                    "notes": report.notes,
                    "skipped_files": [{"path": s.path, "reason": s.reason} for s in report.skipped]})
        return
    for s in report.skipped:
        click.secho(f"skipped {s.path}: {s.reason}", fg="yellow", err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    c = report.counts()
    click.echo(f"added {c['added']}, changed {c['changed']}, unchanged {c['unchanged']}, "
               f"removed {c['removed']}, skipped {c['skipped']}")
    by = f" by {report.encoder}" if report.encoder else ""
    state = (f"{report.embedded_passages} new passages, {report.embedded} texts embedded{by}" if report.written
             else "index already up to date, nothing embedded")
    click.echo(f"{report.documents} documents, {report.chunks} passages in {settings.store or settings.index} "
               f"({state}, {report.seconds:.1f} s)")


def open_retriever(settings: Settings):
    from . import stores
    from .manifest import check_compatible
    from .retrieval import Retriever

    index = stores.load_store(settings, model=settings.model)
    embedder = make_embedder(settings)
    check_compatible(index.manifest, dim=embedder.dim, where=stores.where(settings))
    return Retriever(index, embedder)


@main.command()
@click.argument("query")
@INDEX_OPT
@K_OPT
@JSON_OPT
@handles_errors
def search(query, index_dir, k, as_json):
    """Show the passages that best match QUERY."""
    from .retrieval import check_query

    settings = settings_from(index=index_dir, k=k)
    query = check_query(query, settings.max_question_chars)
    passages = open_retriever(settings).search(query, settings.k)
    results = [{"rank": i, "doc_id": p.document.id, "source": p.document.source, "title": p.document.title,
                "text": p.chunk.text, "start": p.chunk.start, "end": p.chunk.end, "score": round(p.score, 4),
                "section": p.chunk.section, "kind": p.document.kind, "author": p.document.author,
                "date": p.document.date, "dense": round(p.dense, 4), "lexical": round(p.lexical, 4)}
               for i, p in enumerate(passages, 1)]
    if as_json:
        print_json({"query": query, "results": results})
        return
    if not results:
        click.echo("No passages found.")
    for r in results:
        click.secho(f"[{r['rank']}] {r['title']}", bold=True)
        click.echo(f"    {r['source']} · {r['kind']} · score {r['score']:.3f} · chars {r['start']}-{r['end']}")
        click.echo(textwrap.indent(textwrap.fill(r["text"], 96), "    ") + "\n")


@main.command()
@INDEX_OPT
@JSON_OPT
@handles_errors
def info(index_dir, as_json):
    """Describe the built index: documents, passages, model, when it was built."""
    from . import manifest  # the manifest and checksums only: no FAISS, no model, so it answers at once

    settings = settings_from(index=index_dir)
    if settings.store:
        from .milvus_store import read_manifest

        data = {**manifest.summary(read_manifest(settings.store), None), "path": settings.store}
    else:
        _, built = manifest.check(settings.index)
        data = manifest.summary(built, settings.index)
    if as_json:
        print_json(data)
        return
    for key in ("documents", "chunks", "model", "dim", "built_at", "path"):
        click.echo(f"{key:>10}: {data[key]}")
    click.echo(f"{'encoders':>10}: {', '.join(data['encoders']) or 'not recorded'}")
    click.echo(f"{'chunking':>10}: {data['chunking']}")


def print_answer(result) -> None:
    """The answer, then its numbered sources with excerpts and article metadata."""
    if result.notice:
        click.secho(f"note: {result.notice}", fg="yellow", err=True)
    checked = {s["part"] for s in result.sentences if s.get("kept")}
    for i, part in enumerate(result.parts):
        click.echo(textwrap.fill(part + (" ✓" if i in checked else ""), 100) + "\n")
    if checked:
        click.echo("✓ written by the language model and checked against its excerpt\n")
    sources = result.closest if result.abstained else result.citations
    if sources:
        click.secho("Closest passages (not an answer):" if result.abstained else "Sources:", bold=True)
    for c in sources:
        meta = " · ".join(x for x in (c.kind, c.author, c.date, c.source) if x)
        click.secho(f"[{c.n}] {c.title}", bold=True)
        click.echo(f"    {meta} · score {c.score:.3f} · chars {c.start}-{c.end}")
        click.echo(textwrap.indent(textwrap.fill(c.quote, 96), "    ") + "\n")


def read_history(path: Path | None) -> list[dict]:
    """The conversation in a --history file: the chat's JSON list of {"role", "content"} messages."""
    from .chat import HISTORY_FORMAT, check_history

    if path is None:
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        fail(f"cannot read the history file {path} ({e.strerror})", 2)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        fail(f"the history file {path} is not JSON ({e}); it must hold {HISTORY_FORMAT}", 2)
    return check_history(data)


@main.command()
@click.argument("question")
@INDEX_OPT
@K_OPT
@click.option("--answerer", type=click.Choice(["extractive", "generative"]), default=None,
              help="extractive: quotes only; generative: a language model writes, every sentence checked "
                   "[env RAG_ANSWERER; default: extractive].")
@click.option("--history", "history_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help='The conversation so far: a JSON file holding [{"role": "user"|"assistant", "content": "..."}].')
@JSON_OPT
@handles_errors
def ask(question, index_dir, k, answerer, history_file, as_json):
    """Answer QUESTION from the articles, quoting and attributing every claim.

    With --history, QUESTION is a follow-up in that conversation ("What did he say?").
    """
    from .pipeline import Pipeline
    from .retrieval import check_query

    settings = settings_from(index=index_dir, k=k, answerer=answerer)
    check_query(question, settings.max_question_chars)  # refuse bad input before loading anything
    history = read_history(history_file)
    result = Pipeline.open(settings).ask(question, history)
    if as_json:
        print_json(result.to_dict())
    else:
        print_answer(result)


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@main.command()
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="Folder to build from when there is no index yet [env RAG_CORPUS; default: seeds].")
@INDEX_OPT
@click.option("--host", default=None, help="Address to listen on [env RAG_HOST; default: 127.0.0.1].")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port [env RAG_PORT; default: 7860].")
@click.option("--insecure", is_flag=True, help="Allow listening beyond this machine without a login.")
@handles_errors
def serve(corpus, index_dir, host, port, insecure):
    """Serve the browser chat, building the index first if there is none.

    Listening beyond this machine (--host 0.0.0.0) needs a login, RAG_AUTH=user:password, or
    --insecure. A rebuilt index (`rag build` while it runs) is picked up within seconds, without a
    restart.
    """
    import os

    from . import stores
    from .build import build as run_build
    from .pipeline import Pipeline

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    settings = settings_from(corpus=corpus, index=index_dir, host=host, port=port)
    if settings.host not in LOOPBACK and not settings.auth and not insecure:
        fail(f"refusing to listen on {settings.host} without a login: anyone who can reach this machine could "
             "use the app.\n  fix: set RAG_AUTH=user:password, or pass --insecure if that is what you want", 2)
    if stores.live_generation(settings) is None:
        click.echo(f"No index in {stores.where(settings)}: building it from {settings.corpus} first.", err=True)
        embedder = make_embedder(settings)
        report = run_build(settings, lambda: embedder, progress=True)
        click.echo(f"Indexed {report.documents} documents ({report.chunks} passages).", err=True)
        pipeline = Pipeline.open(settings, embedder=embedder)
    else:
        pipeline = Pipeline.open(settings)
    if settings.host not in LOOPBACK and not settings.auth:
        click.secho(f"Warning: listening on {settings.host} without a login (--insecure); anyone who can reach "
                    "this machine can use the app.", fg="yellow", err=True)
    from .live import LivePipeline
    from .ui import launch

    if hasattr(pipeline.chat_model, "warm_up"):  # an in-process model loads now, not on the first question
        click.echo(f"Loading the language model {pipeline.chat_model.name}…", err=True)
        pipeline.chat_model.warm_up()

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("rag").setLevel(logging.INFO)  # the index switches
    info = pipeline.index.info()
    click.echo(f"Serving {info['documents']} articles ({info['chunks']} passages) on "
               f"http://{settings.host}:{settings.port}", err=True)
    launch(LivePipeline(pipeline).start(), host=settings.host, port=settings.port, auth=settings.auth,
           concurrency=settings.concurrency, max_queue=settings.max_queue)


@main.command(name="eval")
@click.argument("qa_file", type=click.Path(path_type=Path))
@INDEX_OPT
@click.option("--k", "ks", default="1,5,20", show_default=True, help="Cut-offs, comma-separated.")
@click.option("--retriever", type=click.Choice(RETRIEVERS), default="hybrid", show_default=True,
              help="The product's hybrid retriever, or plain dense / plain BM25 as baselines.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N questions.")
@JSON_OPT
@handles_errors
def eval_cmd(qa_file, index_dir, ks, retriever, limit, as_json):
    """Measure retrieval on QA_FILE (JSONL: id, question, answers, gold_docs).

    Reports recall@K (a gold document among the top K passages; gold_docs are paths relative to the
    corpus), answer_hit@K (an answer string inside a top-K passage), MRR and query latency.
    """
    from dataclasses import replace

    from tqdm.auto import tqdm

    from .evaluate import evaluate, read_qa

    try:
        cutoffs = sorted({int(x) for x in ks.split(",") if x.strip()})
    except ValueError:
        fail(f"--k takes whole numbers separated by commas, not {ks!r}", 2)
    if not cutoffs or cutoffs[0] < 1:
        fail("--k needs at least one cut-off of 1 or more", 2)
    settings = settings_from(index=index_dir)
    items = read_qa(qa_file)[:limit]
    search = open_retriever(settings)
    search.params = replace(search.params, mode=retriever)
    search.search(items[0].question, 1)  # warm-up: the first query pays for lazy initialisation
    with tqdm(total=len(items), desc=f"Evaluating ({retriever})", unit="q", disable=as_json) as bar:
        metrics = evaluate(items, search.search, cutoffs, progress=lambda: bar.update(1))
    metrics = {"retriever": retriever, **metrics}
    if as_json:
        print_json(metrics)
        return
    for key, value in metrics.items():
        if isinstance(value, float):
            click.echo(f"{key:>16}: {value:.4f}")
        elif isinstance(value, dict):
            click.echo(f"{key:>16}: " + ", ".join(f"{k} {v}" for k, v in value.items()))
        else:
            click.echo(f"{key:>16}: {value}")
