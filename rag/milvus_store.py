"""The Milvus store: the index in a Milvus server, cluster or Milvus Lite file (``RAG_STORE=milvus://…``).

Collections, named ``<prefix>_…`` (prefix ``rag`` unless the address names one, ``milvus://host:port/news``):

    passages    one row per passage: document id, generation, order, offsets, section, the stemmed
                words (``terms``: Milvus's BM25 function turns them into the ``sparse`` field), and
                the ``dense`` vector
    sentences   the same for every sentence
    blobs       JSON in pieces: each generation's manifest, each document (text and metadata), and
                ``CURRENT``, the name of the live generation

The words are stemmed here (Snowball, English stopwords dropped, as in the folder store) and Milvus
is given the stems, so that Milvus Lite's ``standard`` analyzer and a server's give the same terms.

A build writes the new and changed documents' rows under a new generation name, then the
generation's manifest (which names, for every document, the generation whose rows are its own), and
publishes it by upserting the one ``CURRENT`` row. A build killed before that leaves the live index
as it was; its rows belong to no manifest and are deleted by the next build, with the rows of
documents replaced two builds ago (the previous generation's are kept for readers still on it).
Searches drop rows that are not the live generation's. Milvus's raw scores are never compared
across engines: BM25 ratios are taken within one query, and the sign of Lite's BM25 is undone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import secrets
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from .chunking import Chunk, Span
from .documents import Document
from .errors import IndexCorruptError, IndexMissingError, IndexWriteError, RagError
from .lexical import Lexical, query_terms, term_shares, tokenize, with_pairs
from .manifest import FORMAT_VERSION, check_compatible, summary
from .store import Tables

PIECE = 15_000  # characters of JSON per blob row (VARCHAR holds 65,535 bytes; UTF-8 takes up to 4 per character)
MAX_TERMS_BYTES = 60_000
SLACK = 32  # searched beyond k, for rows of generations that are not live
POOL = 100  # candidates per search (RetrievalParams.pool): the lexical search whose best score is reused
BATCH = 512  # rows per insert
SENTENCE_BM25 = {"bm25_k1": 1.2, "bm25_b": 0.75}  # as the folder store's sentence BM25 (rag/build.py)


class StoreUnreachable(RagError):
    pass


def parse(uri: str) -> tuple[str, str]:
    """milvus://host:port[/prefix] -> ("http://host:port", prefix); milvus:///path/file.db -> (path, "rag")."""
    rest = uri[len("milvus://"):]
    if rest.endswith(".db"):
        return rest, "rag"
    address, _, prefix = rest.partition("/")
    if not address or not prefix.replace("_", "").isalnum() and prefix:
        raise RagError(f"RAG_STORE={uri!r} is not a Milvus address",
                       "use milvus://HOST:PORT, milvus://HOST:PORT/PREFIX or milvus:///path/file.db")
    return f"http://{address}", prefix or "rag"


def connect(uri: str):
    from pymilvus import MilvusClient

    for name in ("pymilvus", "pymilvus.milvus_client"):  # set on import; its iterators warn of Lite's clock each call
        logging.getLogger(name).setLevel(logging.ERROR)
    logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)  # a file it cannot open: said below, without a traceback
    target, prefix = parse(uri)
    if not target.startswith("http"):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        return MilvusClient(target, timeout=10), prefix
    except Exception as e:  # pymilvus raises its own exception types for every way of not connecting
        if not target.startswith("http"):  # Milvus Lite: one process at a time holds a file
            raise StoreUnreachable(
                f"cannot open the Milvus Lite file {target} ({type(e).__name__}); another process (a running "
                "`rag serve`?) may hold it: a Lite file serves one process at a time",
                "stop that process, or serve the file with `milvus-lite server --data-dir DIR --port 19530` and set "
                "RAG_STORE=milvus://127.0.0.1:19530 for every process") from None
        raise StoreUnreachable(f"cannot reach Milvus at {uri} ({type(e).__name__}: {str(e)[:200]})",
                               "start the Milvus server, or check RAG_STORE") from None


@contextmanager
def _talking(uri: str):
    """pymilvus raises its own exception types for every way a server can fail: they become one message."""
    try:
        yield
    except RagError:
        raise
    except Exception as e:
        raise StoreUnreachable(f"cannot read the index in Milvus at {uri} ({type(e).__name__}: {str(e)[:200]})",
                               "check that the Milvus server is up and RAG_STORE is right") from None


def _read_live(client, prefix: str, uri: str) -> tuple[str | None, dict | None]:
    """The live generation's name and manifest (None, None when nothing is built)."""
    if not client.has_collection(_names(prefix)["blobs"]):
        return None, None
    client.load_collection(_names(prefix)["blobs"])
    gen = _get_blobs(client, prefix, ["CURRENT"]).get("CURRENT")
    if gen is None:
        return None, None
    manifest = _get_blobs(client, prefix, [f"manifest/{gen}"]).get(f"manifest/{gen}")
    if manifest is None:
        raise IndexCorruptError(f"the index in Milvus at {uri} names generation {gen}, which has no manifest",
                                "rebuild it with `rag build --full`")
    return gen, manifest


def literal(text: str) -> str:
    """A string as a Milvus filter-expression literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _in(field: str, values: Iterable) -> str:
    values = list(values)
    if values and isinstance(values[0], str):
        return f"{field} in [{', '.join(literal(v) for v in values)}]"
    return f"{field} in [{', '.join(str(int(v)) for v in values)}]"


def terms_text(text: str) -> str:
    """The stemmed words of a text, for Milvus's BM25 (which splits them on spaces)."""
    return _joined(tokenize([text])[0])


# -- collections --

def _names(prefix: str) -> dict[str, str]:
    return {k: f"{prefix}_{k}" for k in ("passages", "sentences", "blobs")}


def _create(client, prefix: str, dim: int) -> None:
    from pymilvus import DataType, Function, FunctionType, MilvusClient

    names = _names(prefix)
    if not client.has_collection(names["blobs"]):
        schema = MilvusClient.create_schema(auto_id=False)
        schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=2048)
        schema.add_field("name", DataType.VARCHAR, max_length=2048)
        schema.add_field("part", DataType.INT64)
        schema.add_field("text", DataType.VARCHAR, max_length=65535)
        schema.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector in every collection
        params = client.prepare_index_params()
        params.add_index("v", index_type="FLAT", metric_type="L2")
        client.create_collection(names["blobs"], schema=schema, index_params=params)
    for kind in ("passages", "sentences"):
        if client.has_collection(names[kind]):
            continue
        schema = MilvusClient.create_schema(auto_id=True)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("doc", DataType.VARCHAR, max_length=2048)
        schema.add_field("gen", DataType.VARCHAR, max_length=64)
        schema.add_field("seq", DataType.INT64)
        schema.add_field("start", DataType.INT64)
        schema.add_field("end", DataType.INT64)
        if kind == "passages":
            schema.add_field("section", DataType.VARCHAR, max_length=4096)
        schema.add_field("terms", DataType.VARCHAR, max_length=65535, enable_analyzer=True, enable_match=True,
                         analyzer_params={"type": "standard"})
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
        schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["terms"],
                                     output_field_names=["sparse"]))
        params = client.prepare_index_params()
        params.add_index("dense", index_type="FLAT", metric_type="IP")
        params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params=SENTENCE_BM25)
        client.create_collection(names[kind], schema=schema, index_params=params)


def _put_blobs(client, prefix: str, blobs: dict[str, object], *, new: bool = True) -> None:
    """Write JSON values in pieces; ``new=False`` for a name written before, whose extra pieces are removed
    (a delete per name scans the collection in Milvus Lite, so new names skip it)."""
    rows = []
    for name, obj in blobs.items():
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        pieces = [text[i:i + PIECE] for i in range(0, len(text), PIECE)] or [""]
        rows += [{"key": f"{name}#{i}", "name": name, "part": i, "text": p, "v": [0.0, 0.0]} for i, p in enumerate(pieces)]
        if not new:
            client.delete(_names(prefix)["blobs"], filter=f"name == {literal(name)} and part >= {len(pieces)}")
    for i in range(0, len(rows), BATCH):
        client.upsert(_names(prefix)["blobs"], rows[i:i + BATCH])


def _get_blobs(client, prefix: str, names: list[str]) -> dict[str, object]:
    parts: dict[str, dict[int, str]] = {}
    for i in range(0, len(names), 100):
        for row in _query_all(client, _names(prefix)["blobs"], _in("name", names[i:i + 100]), ["name", "part", "text"]):
            parts.setdefault(row["name"], {})[row["part"]] = row["text"]
    return {n: json.loads("".join(p[i] for i in sorted(p))) for n, p in parts.items()}


def _query_all(client, collection: str, expr: str, fields: list[str]) -> list[dict]:
    it = client.query_iterator(collection, filter=expr, output_fields=fields, batch_size=4096)
    out = []
    try:
        while batch := it.next():
            out.extend(batch)
    finally:
        it.close()
    return out


def live_generation(uri: str) -> str | None:
    """The name of the live generation (None when nothing is built there)."""
    client, prefix = connect(uri)
    try:
        with _talking(uri):
            return _read_live(client, prefix, uri)[0]
    finally:
        client.close()


def read_manifest(uri: str) -> dict:
    """The live generation's manifest, checked for format (what `rag info` shows; no model, no vectors)."""
    client, prefix = connect(uri)
    try:
        with _talking(uri):
            gen, manifest = _read_live(client, prefix, uri)
    finally:
        client.close()
    if gen is None:
        raise IndexMissingError(f"no index in Milvus at {uri}", "run `rag build` first")
    check_compatible(manifest, where=uri)
    return manifest


class MilvusStore(Tables):
    """The Store interface (rag/stores.py) over Milvus collections."""

    def __init__(self, uri: str, client, prefix: str, manifest: dict, documents: list[Document],
                 passages: list[dict], sentences: list[dict], sentence_df: dict[str, int]):
        from .build import DOC_BM25

        self.uri, self.path, self._client, self._prefix = uri, None, client, prefix
        self._names = _names(prefix)
        self.manifest = manifest
        self.generation = manifest["generation"]
        self._gens = sorted(set(manifest["doc_gen"].values()))
        self.documents = documents
        row = {d.id: i for i, d in enumerate(documents)}
        chunks = [Chunk(p["doc"], p["start"], p["end"], p["section"] or None, documents[row[p["doc"]]].text[p["start"]:p["end"]])
                  for p in passages]
        self.chunks = chunks
        self.sentences = [(row[s["doc"]], Span(s["start"], s["end"])) for s in sentences]
        # whole documents' BM25 is reckoned here, from the documents' text every process holds anyway
        self.doc_lexical = Lexical.build([d.text for d in documents], **DOC_BM25)
        self.link()
        self._passage_pk = np.array([p["id"] for p in passages], dtype=np.int64)
        self._sentence_pk = np.array([s["id"] for s in sentences], dtype=np.int64)
        self._passage_row = {int(pk): i for i, pk in enumerate(self._passage_pk)}
        self._sentence_row = {int(pk): i for i, pk in enumerate(self._sentence_pk)}
        self.sentence_df = sentence_df  # term -> sentences holding it, written by the build
        self._passage_terms: dict[int, frozenset[str]] = {}
        self._lexical = lru_cache(maxsize=64)(self._lexical_search)

    @classmethod
    def open(cls, uri: str, *, model: str | None = None) -> "MilvusStore":
        client, prefix = connect(uri)
        try:
            with _talking(uri):
                names = _names(prefix)
                gen, manifest = _read_live(client, prefix, uri)
                if gen is None or not all(client.has_collection(n) for n in names.values()):
                    raise IndexMissingError(f"no index in Milvus at {uri}", "run `rag build` first")
                check_compatible(manifest, model=model, where=uri)
                for n in names.values():
                    client.load_collection(n)
                doc_gen, order = manifest["doc_gen"], manifest["order"]
                blobs = _get_blobs(client, prefix, [f"doc/{doc_gen[d]}/{d}" for d in order])
                missing = [d for d in order if f"doc/{doc_gen[d]}/{d}" not in blobs]
                if missing:
                    raise IndexCorruptError(f"the index in Milvus at {uri} lacks {len(missing)} documents "
                                            f"(e.g. {missing[0]})", "rebuild it with `rag build --full`")
                documents = [Document.from_dict(blobs[f"doc/{doc_gen[d]}/{d}"]) for d in order]
                rank = {d: i for i, d in enumerate(order)}
                gens = _in("gen", sorted(set(doc_gen.values())))

                def rows(kind: str, fields: list[str]) -> list[dict]:
                    found = [r for r in _query_all(client, names[kind], gens, fields)
                             if doc_gen.get(r["doc"]) == r["gen"]]
                    return sorted(found, key=lambda r: (rank[r["doc"]], r["seq"]))

                passages = rows("passages", ["id", "doc", "gen", "seq", "start", "end", "section"])
                sentences = rows("sentences", ["id", "doc", "gen", "seq", "start", "end"])
                sentence_df = _get_blobs(client, prefix, [f"df/{gen}"]).get(f"df/{gen}", {})
        except BaseException:
            client.close()
            raise
        counts = manifest.get("counts", {})
        if (len(passages), len(sentences)) != (counts.get("chunks"), counts.get("sentences")):
            raise IndexCorruptError(f"the index in Milvus at {uri} is inconsistent: {len(passages)} passages and "
                                    f"{len(sentences)} sentences, its manifest says {counts.get('chunks')} and "
                                    f"{counts.get('sentences')}", "rebuild it with `rag build --full`")
        return cls(uri, client, prefix, manifest, documents, passages, sentences, sentence_df)

    def info(self) -> dict:
        return {**summary(self.manifest, None), "store": self.uri}

    def published(self) -> str | None:
        with _talking(self.uri):
            return _read_live(self._client, self._prefix, self.uri)[0]

    def close(self) -> None:
        self._client.close()

    # -- search --
    def _search(self, kind: str, data, field: str, k: int, expr: str, metric: str) -> tuple[list[int], list[float]]:
        limit = min(k, 16384)
        hits = self._client.search(self._names[kind], data=[data], anns_field=field, limit=limit, filter=expr,
                                   search_params={"metric_type": metric}, output_fields=["id"])[0]
        return [h["id"] for h in hits], [abs(h["distance"]) for h in hits]  # Lite gives BM25 negated

    def _map(self, pks: list[int], table: dict[int, int], k: int) -> np.ndarray:
        return np.array([table[p] for p in pks if p in table][:k], dtype=np.int64)

    def passage_search(self, vector: np.ndarray, k: int) -> np.ndarray:
        pks, _ = self._search("passages", _vec(vector), "dense", k + SLACK, _in("gen", self._gens), "IP")
        return self._map(pks, self._passage_row, k)

    def sentence_search(self, vector: np.ndarray, k: int) -> np.ndarray:
        pks, _ = self._search("sentences", _vec(vector), "dense", k + SLACK, _in("gen", self._gens), "IP")
        return self._map(pks, self._sentence_row, k)

    def _lexical_search(self, terms: str, k: int, docs: tuple[str, ...] | None) -> tuple[np.ndarray, float]:
        """The k sentences of best BM25 (of the given documents), and the best BM25."""
        if not terms:
            return np.zeros(0, dtype=np.int64), 0.0
        expr = _in("gen", self._gens) + (f" and {_in('doc', docs)}" if docs is not None else "")
        pks, scores = self._search("sentences", terms, "sparse", k + SLACK, expr, "BM25")
        live = [(p, v) for p, v in zip(pks, scores) if p in self._sentence_row]
        return (np.array([self._sentence_row[p] for p, _ in live[:k]], dtype=np.int64),
                max((v for _, v in live), default=0.0))

    def sentence_lexical_search(self, query: str, k: int) -> np.ndarray:
        return self._lexical(terms_text(query), k, None)[0]

    # -- values of given rows --
    def _vectors(self, kind: str, pk: np.ndarray, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return np.zeros((0, self.dim), dtype=np.float32)
        wanted = np.unique(pk[rows])
        got = {}
        for i in range(0, len(wanted), 4096):
            for r in self._client.query(self._names[kind], filter=_in("id", wanted[i:i + 4096]),
                                        output_fields=["id", "dense"]):
                got[r["id"]] = r["dense"]
        return np.array([got[int(p)] for p in pk[rows]], dtype=np.float32)

    def _cosines(self, kind: str, pk: np.ndarray, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """Inner products of the vector with the given rows' vectors, computed by Milvus (no vectors sent back)."""
        rows = np.asarray(rows, dtype=np.int64)
        found: dict[int, float] = {}
        wanted = np.unique(pk[rows])
        for i in range(0, len(wanted), 4096):
            part = wanted[i:i + 4096]
            hits = self._client.search(self._names[kind], data=[_vec(vector)], anns_field="dense", limit=len(part),
                                       filter=_in("id", part), search_params={"metric_type": "IP"},
                                       output_fields=["id"])[0]
            found.update((h["id"], h["distance"]) for h in hits)
        return np.array([found[int(p)] for p in pk[rows]], dtype=np.float32)

    def passage_cosines(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self._cosines("passages", self._passage_pk, vector, rows)

    def sentence_cosines(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self._cosines("sentences", self._sentence_pk, vector, rows)

    def passage_vectors(self, rows: np.ndarray) -> np.ndarray:
        return self._vectors("passages", self._passage_pk, rows)

    def sentence_vectors(self, rows: np.ndarray) -> np.ndarray:
        return self._vectors("sentences", self._sentence_pk, rows)

    def sentence_bm25(self, query: str, rows: np.ndarray, docs: np.ndarray | None = None) -> tuple[np.ndarray, float]:
        rows = np.asarray(rows, dtype=np.int64)
        terms = terms_text(query)
        scores = np.zeros(len(rows), dtype=np.float32)
        if not terms or not len(rows):
            return scores, 0.0
        wanted = np.unique(self._sentence_pk[rows])
        found: dict[int, float] = {}
        for i in range(0, len(wanted), 4096):
            part = wanted[i:i + 4096]
            pks, values = self._search("sentences", terms, "sparse", len(part), _in("id", part), "BM25")
            found.update(zip(pks, values))
        scores[:] = [found.get(int(p), 0.0) for p in self._sentence_pk[rows]]
        if docs is None:  # the best is that of the search for candidates, made already for this query
            return scores, self._lexical(terms, POOL, None)[1]
        return scores, self._lexical(terms, 1, tuple(self.documents[d].id for d in docs))[1]

    def term_shares(self, query: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        from .build import passage_input

        rows = np.asarray(rows, dtype=np.int64)
        todo = [int(r) for r in dict.fromkeys(rows.tolist()) if int(r) not in self._passage_terms]
        for r, tokens in zip(todo, tokenize([passage_input(self.chunks[r]) for r in todo])):
            self._passage_terms[r] = frozenset(with_pairs(tokens))
        words, pairs = query_terms(query)
        held_sets = [self._passage_terms[int(r)] for r in rows]
        return term_shares(words, pairs, self.doc_lexical.idf(),
                           lambda t: np.array([t in s for s in held_sets], dtype=bool), len(rows))

    def sentence_idf(self) -> Callable[[str], float]:
        n, df = len(self.sentences), self.sentence_df
        return lambda term: math.log(1 + (n + 1) / (df.get(term, 0) + 0.5))


def _vec(vector: np.ndarray) -> list[float]:
    return np.asarray(vector, dtype=np.float32).reshape(-1).tolist()


@contextmanager
def writing(uri: str):
    """One build at a time into this Milvus address from this machine (an OS lock beside the cache)."""
    from . import store
    from .embedding import cache_dir

    folder = cache_dir() / "milvus-locks" / hashlib.sha256(uri.encode()).hexdigest()[:16]
    with store.writing(folder):
        clean(uri)  # holding the lock, every row no manifest uses is a dead build's
        yield


def clean(uri: str) -> None:
    """Remove what killed builds left, and what only generations older than the previous one used."""
    client, prefix = connect(uri)
    try:
        with _talking(uri):
            if not all(client.has_collection(n) for n in _names(prefix).values()):
                return
            for n in _names(prefix).values():
                client.load_collection(n)
            live, manifest = _read_live(client, prefix, uri)
            _remove_stale(client, prefix, {live, (manifest or {}).get("previous")})
    finally:
        client.close()


def save(uri: str, documents: list[Document], prev: MilvusStore | None, fresh, keep: set[str], *, model: str,
         chunking: dict, stats: dict, dim: int, encoders: list[str] | None = None) -> str:
    """Write the fresh documents' rows under a new generation, then publish it; returns its name."""
    from .build import passage_input

    client, prefix = connect(uri)
    names = _names(prefix)
    try:
        _create(client, prefix, dim)
        for n in names.values():
            client.load_collection(n)
        previous_gen = _get_blobs(client, prefix, ["CURRENT"]).get("CURRENT")  # the live one, soon the previous
        gen = f"gen-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        by_id = {d.id: d for d in documents}
        passage_terms = tokenize([passage_input(c) for c in fresh.chunks])
        sentence_terms = tokenize([by_id[d].text[sp.start:sp.end] for d, sp in fresh.sentences])
        passages = [{"doc": c.doc_id, "start": c.start, "end": c.end, "section": c.section or ""}
                    for c in fresh.chunks]
        sentences = [{"doc": d, "start": sp.start, "end": sp.end} for d, sp in fresh.sentences]
        for kind, rows, terms, vectors in (("passages", passages, passage_terms, fresh.chunk_vectors),
                                           ("sentences", sentences, sentence_terms, fresh.sentence_vectors)):
            seq: dict[str, int] = {}
            for row in rows:
                seq[row["doc"]] = row["seq"] = seq.get(row["doc"], -1) + 1
            for i in range(0, len(rows), BATCH):  # vectors become lists one batch at a time (9 KB a row as lists)
                batch = [{**row, "gen": gen, "terms": _joined(words), "dense": vector.tolist()}
                         for row, words, vector in zip(rows[i:i + BATCH], terms[i:i + BATCH], vectors[i:i + BATCH])]
                client.insert(names[kind], batch)
        _put_blobs(client, prefix, {f"doc/{gen}/{d.id}": d.to_dict() for d in documents if d.id not in keep})
        _put_blobs(client, prefix, {f"df/{gen}": _sentence_df(prev, keep, sentence_terms)})
        kept_chunks = sum(c.doc_id in keep for c in prev.chunks) if prev is not None else 0
        kept_sentences = sum(prev.documents[d].id in keep for d, _ in prev.sentences) if prev is not None else 0
        previous_map = prev.manifest["doc_gen"] if prev is not None else {}
        manifest = {"format_version": FORMAT_VERSION, "model": model, "dim": dim, "metric": "cosine",
                    "encoders": encoders or [], "chunking": chunking,
                    "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "counts": {"documents": len(documents), "chunks": kept_chunks + len(fresh.chunks),
                               "sentences": kept_sentences + len(fresh.sentences), **stats},
                    "documents": {d.id: d.sha256 for d in documents}, "generation": gen,
                    "doc_gen": {d.id: (previous_map[d.id] if d.id in keep else gen) for d in documents},
                    "order": [d.id for d in documents], "previous": previous_gen}
        _put_blobs(client, prefix, {f"manifest/{gen}": manifest})
        for n in names.values():
            client.flush(n)
        _put_blobs(client, prefix, {"CURRENT": gen}, new=False)  # the one row whose change publishes the build
        client.flush(names["blobs"])
        _remove_stale(client, prefix, {gen, previous_gen})
        return gen
    except RagError:
        raise
    except Exception as e:
        raise IndexWriteError(f"cannot write the index to Milvus at {uri} ({type(e).__name__}: {str(e)[:200]}); "
                              "the previous index was left as it was", "check the Milvus server, then build again") from None
    finally:
        client.close()


def _joined(words: list[str]) -> str:
    """Stemmed words as the text Milvus's BM25 function reads (split on spaces), within a VARCHAR."""
    return " ".join(words).encode("utf-8")[:MAX_TERMS_BYTES].decode("utf-8", "ignore")


def _sentence_df(prev: MilvusStore | None, keep: set[str], fresh_terms: list[list[str]]) -> dict[str, int]:
    """How many sentences hold each term: the previous table, less the replaced documents' sentences,
    plus the fresh ones (only what changed is tokenized)."""
    df = Counter(prev.sentence_df) if prev is not None else Counter()
    if prev is not None:
        gone = [prev.documents[d].text[sp.start:sp.end] for d, sp in prev.sentences if prev.documents[d].id not in keep]
        df.subtract(t for words in tokenize(gone) for t in set(words))
    df.update(t for words in fresh_terms for t in set(words))
    return {t: n for t, n in df.items() if n > 0}


def _remove_stale(client, prefix: str, keep: set[str | None]) -> None:
    """Delete every row and blob that the generations in ``keep`` (the live one and the one before it) do not use."""
    names = _names(prefix)
    keep_gens = {g for g in keep if g}
    manifests = _get_blobs(client, prefix, [f"manifest/{g}" for g in keep_gens])
    pairs = {(d, g) for m in manifests.values() for d, g in m["doc_gen"].items()}
    used_gens = sorted({g for _, g in pairs})
    for kind in ("passages", "sentences"):
        if used_gens:
            client.delete(names[kind], filter=_in("gen", used_gens).replace(" in [", " not in [", 1))
            rows = _query_all(client, names[kind], _in("gen", used_gens), ["doc", "gen"])
            stale: dict[str, list[str]] = {}
            for d, g in sorted({(r["doc"], r["gen"]) for r in rows} - pairs):
                stale.setdefault(g, []).append(d)
            for g, docs in stale.items():  # one delete per few hundred documents: each scans the collection in Lite
                for i in range(0, len(docs), 500):
                    client.delete(names[kind], filter=f"gen == {literal(g)} and {_in('doc', docs[i:i + 500])}")
        else:
            client.delete(names[kind], filter="id >= 0")
    blobs = _query_all(client, names["blobs"], "part == 0", ["name"])
    wanted = ({"CURRENT"} | {f"manifest/{g}" for g in keep_gens} | {f"df/{g}" for g in keep_gens}
              | {f"doc/{g}/{d}" for d, g in pairs})
    gone = sorted({b["name"] for b in blobs} - wanted)
    for i in range(0, len(gone), 500):
        client.delete(names["blobs"], filter=_in("name", gone[i:i + 500]))
