"""The index folder's pointer and manifest: which generation is live, what it was built with, and
whether its files are whole. Light on purpose (no FAISS, no BM25): `rag info` needs only this."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .errors import IndexCorruptError, IndexMismatchError, IndexMissingError

# 4: documents keep their header and hashtag lines around the prose; 5: British spellings indexed as American;
# 6: irregular verb forms indexed as their base ("sent" as "send"); 7: a digit alone is a term ("October 7")
FORMAT_VERSION = 7
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
LOCK = ".lock"
FIX_CORRUPT = "rebuild it with `rag build --full`"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def live_generation(index_dir: Path) -> Path | None:
    pointer = index_dir / CURRENT
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    if not name or "/" in name or name.startswith("."):
        raise IndexCorruptError(f"{pointer} is damaged (it names no generation)", FIX_CORRUPT)
    return index_dir / name


def read_manifest(index_dir: Path) -> tuple[Path, dict]:
    gen = live_generation(index_dir)
    if gen is None:
        raise IndexMissingError(f"no index in {index_dir}", "build one with `rag build`")
    path = gen / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict) or not {"format_version", "model", "dim", "files"} <= manifest.keys():
            raise ValueError("missing keys")
    except FileNotFoundError:
        raise IndexCorruptError(f"index file {path} is missing", FIX_CORRUPT) from None
    except (ValueError, UnicodeDecodeError) as e:
        raise IndexCorruptError(f"index file {path} is damaged ({e})", FIX_CORRUPT) from None
    return gen, manifest


def check_compatible(manifest: dict, *, model: str | None = None, dim: int | None = None, where: Path) -> None:
    if manifest["format_version"] != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index in {where} has format version {manifest['format_version']}, "
            f"this program reads version {FORMAT_VERSION}", "rebuild it with `rag build --full`")
    if model is not None and manifest["model"] != model:
        raise IndexMismatchError(
            f"index in {where} was built with model {manifest['model']!r}, "
            f"but the configured model is {model!r}",
            f"rebuild with `rag build --full` for {model!r}, or set RAG_MODEL={manifest['model']}")
    if dim is not None and int(manifest["dim"]) != dim:
        raise IndexMismatchError(
            f"index in {where} holds {manifest['dim']}-dimensional vectors, "
            f"but the model gives {dim}-dimensional ones", "rebuild it with `rag build --full`")


def verify_files(gen: Path, manifest: dict) -> None:
    for name, meta in manifest["files"].items():
        path = gen / name
        if not path.is_file():
            raise IndexCorruptError(f"index file {path} is missing", FIX_CORRUPT)
        if path.stat().st_size != meta["bytes"]:
            raise IndexCorruptError(
                f"index file {path} is truncated or altered ({path.stat().st_size:,} bytes, "
                f"expected {meta['bytes']:,})", FIX_CORRUPT)
        if sha256_file(path) != meta["sha256"]:
            raise IndexCorruptError(f"index file {path} is corrupt (checksum mismatch)", FIX_CORRUPT)


def check(index_dir: Path) -> tuple[Path, dict]:
    """The live generation and its manifest, after checking its format and every file's checksum."""
    gen, manifest = read_manifest(index_dir)
    check_compatible(manifest, where=index_dir)
    verify_files(gen, manifest)
    return gen, manifest


def summary(manifest: dict, index_dir: Path | None) -> dict:
    """What `rag info` shows of an index."""
    return {"documents": manifest["counts"]["documents"], "chunks": manifest["counts"]["chunks"],
            "model": manifest["model"], "encoders": manifest.get("encoders", []), "dim": int(manifest["dim"]),
            "built_at": manifest["built_at"],
            "format_version": manifest["format_version"], "chunking": manifest["chunking"],
            "search": manifest.get("search", {"passages": "flat", "sentences": "flat"}),
            "path": str(index_dir) if index_dir else None}
