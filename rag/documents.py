"""Loading articles from a folder: text, metadata, content hashes, and reasons for what is skipped."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
SIDECAR_SUFFIX = ".meta.json"  # "story.html.meta.json" describes "story.html"
META_KEYS = ("title", "author", "date", "outlet", "url", "kind")

# The seeds' own header: " date 2024-11-29 By Yossi Aharoni" (alone on the first line), or
# " date 2023-11-10 The United States is ..." (the body follows on the same line).
_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+By[ \t]+([^\n]{1,80}?))?[ \t]*(?=\n|\Z)")
_DATE_PREFIX = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]+")
_HASHTAGS = r"#[^\s#]+(?:[ \t]+#[^\s#]+)*"  # "#Opinion #AntiWarMovement …"
_HASHTAG_LINE = re.compile(rf"^[ \t]*{_HASHTAGS}[ \t]*$")
_KIND_TAGS = {"opinion": "opinion", "analysis": "analysis", "news": "news", "editorial": "opinion"}
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # all but tab, newline, return


@dataclass(frozen=True)
class Document:
    id: str  # path relative to the corpus folder, with forward slashes
    title: str
    text: str
    sha256: str
    kind: str = "article"  # "opinion", "news", "analysis" or the unspecific "article"
    date: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    # The prose: text[body_start:body_end]. Around it, a seed header line (" date … By …") and
    # trailing hashtag lines stay in the text, so that an answer about the article can quote them.
    body_start: int = 0
    body_end: int | None = None

    @property
    def source(self) -> str:
        return self.id

    @property
    def body(self) -> tuple[int, int]:
        return self.body_start, len(self.text) if self.body_end is None else self.body_end

    @property
    def prose(self) -> str:
        return self.text[slice(*self.body)]

    def to_dict(self) -> dict:
        return {
            "id": self.id, "title": self.title, "kind": self.kind, "date": self.date,
            "author": self.author, "outlet": self.outlet, "url": self.url,
            "tags": list(self.tags), "sha256": self.sha256, "text": self.text,
            "body_start": self.body_start, "body_end": self.body_end,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Document":
        return cls(**{**d, "tags": tuple(d.get("tags") or ())})


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. files decoded from a legacy encoding


def file_sha256(data: bytes, sidecar: bytes | None = None) -> str:
    h = hashlib.sha256(data)
    if sidecar is not None:
        h.update(b"\0sidecar\0" + sidecar)
    return h.hexdigest()


def decode_text(data: bytes) -> tuple[str, str]:
    """UTF-8, or - for a long, almost all-ASCII file - Windows-1252, as older news archives use.

    Short or mostly non-ASCII byte soup is not guessed at: it raises UnicodeDecodeError.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        non_ascii = sum(b > 0x7F for b in data)
        if len(data) >= 256 and non_ascii <= 0.03 * len(data):
            text = data.decode("cp1252")  # raises on bytes cp1252 leaves undefined
            return text, "cp1252"
        raise


def too_large(size: int, max_bytes: int) -> str | None:
    if size > max_bytes:
        return f"too large ({size:,} bytes; the limit is {max_bytes:,}, setting RAG_MAX_FILE_BYTES)"
    return None


def problem_with(data: bytes, max_bytes: int) -> str | None:
    """Why a file cannot be indexed, or None."""
    if too_large(len(data), max_bytes):
        return too_large(len(data), max_bytes)
    if not data.strip():
        return "empty"
    if b"\0" in data[:8192]:
        return "binary (contains NUL bytes)"
    return None


def _split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    import frontmatter  # imported here: only Markdown with front matter needs it

    try:
        post = frontmatter.loads(text)
    except Exception:  # malformed YAML: treat the block as text rather than lose the file
        return {}, text
    return dict(post.metadata), post.content


def _seed_header(text: str) -> tuple[dict, int]:
    """Metadata of a seed header at the start of text, and where the prose after it begins."""
    m = _HEADER.match(text) or _DATE_PREFIX.match(text)
    if not m:
        return {}, 0
    meta = {"date": m.group(1)}
    if m.re is _HEADER and m.group(2):
        meta["author"] = m.group(2).strip()
    end = m.end()
    while end < len(text) and text[end].isspace():
        end += 1
    return meta, end


def _trailing_hashtags(text: str) -> tuple[list[str], int]:
    """Tags of the hashtag lines that end text, and where those lines begin (len(text) if none)."""
    tags: list[str] = []
    end = len(text.rstrip())
    while True:
        line_start = text.rfind("\n", 0, end) + 1
        line = text[line_start:end]
        if not _HASHTAG_LINE.match(line) or not line.strip():
            break
        tags = re.findall(r"#([^\s#]+)", line) + tags
        end = len(text[:line_start].rstrip())
    return tags, end if tags else len(text)


HEADER_FIELDS = {
    "author": re.compile(r"(?<=\s)By[ \t]+[^\n]{1,80}?[ \t]*$", re.M),
    "date": re.compile(r"\bdate[ \t]+\d{4}-\d{2}-\d{2}"),
    "kind": re.compile(rf"#(?:{'|'.join(_KIND_TAGS)})\b", re.I),
    "tags": re.compile(rf"(?:^|(?<=\s)){_HASHTAGS}"),  # the whole line of them
}


def metadata_excerpt(doc: "Document", field_name: str) -> tuple[int, int] | None:
    """Where the text outside the article's prose states one of its metadata fields (the seed header's
    "By Yossi Aharoni" or "date 2024-11-29", a "#Opinion" tag), as offsets into doc.text; None when
    only the front matter, a sidecar or the HTML's markup gave it."""
    pattern = HEADER_FIELDS.get(field_name)
    if pattern is None:
        return None
    start, end = doc.body
    for region_start, region in ((0, doc.text[:start]), (end, doc.text[end:])):
        m = pattern.search(region)
        if m:
            return region_start + m.start(), region_start + m.end()
    return None


def _html_to_text(html: str) -> tuple[dict, str]:
    import trafilatura  # imported here: heavy, and only HTML needs it

    # no extensive date search: it turns a footer's "© 2019" or a link's /2020/05/ into a publication
    # date; only a date the page states as its own (meta tags, a dated byline) is kept
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_recall=True,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None or not (doc.text or "").strip():
        return {}, ""
    meta = {"title": doc.title, "author": doc.author, "date": doc.date, "outlet": doc.sitename, "url": doc.url}
    return {k: v for k, v in meta.items() if v}, doc.text


def _headline(text: str) -> str | None:
    """A short first line followed by a blank line, as news archives write headlines."""
    first, sep, rest = text.lstrip().partition("\n")
    first = first.strip()
    if sep and rest.startswith("\n") and 0 < len(first) <= 150 and len(first.split()) <= 20:
        if not first.endswith((",", ";", ":")) and (not first.endswith(".") or first.endswith("...")):
            return first
    return None


def _title_from_opening(text: str, words: int = 12) -> str:
    """The opening sentence, cut to a dozen words."""
    from .chunking import sentence_spans

    spans = sentence_spans(text, 0, min(len(text), 2000))
    first = text[spans[0].start:spans[0].end].split() if spans else []
    if len(first) > words:
        return " ".join(first[:words]).rstrip(",;:") + "…"
    return " ".join(first) or "(untitled)"


def parse_document(doc_id: str, raw_text: str, *, html: bool, sidecar: dict, sha256: str) -> Document:
    """Pure: turn a file's decoded text and its sidecar metadata into a Document."""
    meta: dict = {}
    tags: list[str] = []
    if html:
        meta, text = _html_to_text(raw_text)
    else:
        meta, text = _split_front_matter(raw_text)
    text = CONTROL_CHARS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    body_start, body_end = 0, len(text)
    if not html:
        if not meta:
            meta, body_start = _seed_header(text)
        tags, body_end = _trailing_hashtags(text)
        body_end = max(body_end, body_start)
    meta.update({k: v for k, v in sidecar.items() if v not in (None, "")})
    body = text[body_start:body_end]

    kind = str(meta.get("kind") or "").lower() or next(
        (_KIND_TAGS[t.lower()] for t in tags if t.lower() in _KIND_TAGS), "article"
    )
    title = str(meta.get("title") or "").strip() or _headline(body) or _title_from_opening(body)
    str_or_none = lambda key: str(meta[key]).strip() if meta.get(key) not in (None, "") else None  # noqa: E731
    return Document(
        id=doc_id, title=title, text=text, sha256=sha256, kind=kind, date=str_or_none("date"),
        author=str_or_none("author"), outlet=str_or_none("outlet"), url=str_or_none("url"), tags=tuple(tags),
        body_start=body_start, body_end=body_end if body_end < len(text) else None,
    )


def _is_article_file(path: Path) -> bool:
    name = path.name.lower()
    return not name.startswith(".") and not name.endswith(SIDECAR_SUFFIX)


def scan_corpus(folder: Path) -> list[Path]:
    """Every candidate file under folder, sorted; raises CorpusError when there is no such folder.

    The walk never leaves the folder: symbolic links are listed (to be reported as skipped), not
    followed, and so are folders that cannot be read."""
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist", "pass --corpus DIR or set RAG_CORPUS")
    if not folder.is_dir():
        raise CorpusError(f"corpus path {folder} is not a folder", "pass a folder of .txt, .md or .html files")
    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=lambda e: found.append(Path(e.filename))):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root, d) for d in dirs if os.path.islink(os.path.join(root, d))]  # listed, not entered
        found += [Path(root, n) for n in names if _is_article_file(Path(n))]
    return sorted(p for p in found if p != folder)


def read_sidecar(path: Path) -> tuple[dict, bytes | None]:
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    try:
        data = side.read_bytes()
    except OSError as e:
        if e.errno in (errno.ENOENT, errno.ENAMETOOLONG, errno.EISDIR):  # a name this long can have none
            return {}, None
        raise
    try:
        meta = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}, data
    return ({k: meta[k] for k in META_KEYS if k in meta} if isinstance(meta, dict) else {}), data


def _read_article(path: Path, doc_id: str, max_bytes: int, known: dict[str, Document],
                  notes: list[str]) -> Document | Skipped:
    if path.is_symlink():
        return Skipped(doc_id, "a symbolic link: links are not followed, so that nothing outside the corpus "
                               "folder is read (copy the file in instead)")
    if path.is_dir():
        return Skipped(doc_id, "a folder that cannot be read")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        return Skipped(doc_id, "not a .txt, .md or .html file")
    if path.stem.upper() in {"README", "LICENSE", "LICENCE"}:
        return Skipped(doc_id, "a README or licence file, not an article")
    # O_NOFOLLOW: a file swapped for a link after the check above is still not followed
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as f:
        oversized = too_large(os.fstat(f.fileno()).st_size, max_bytes)  # checked before reading it
        if oversized:
            return Skipped(doc_id, oversized)
        data = f.read()
    problem = problem_with(data, max_bytes)
    if problem:
        return Skipped(doc_id, problem)
    sidecar, sidecar_bytes = read_sidecar(path)
    sha = file_sha256(data, sidecar_bytes)
    if doc_id in known and known[doc_id].sha256 == sha:
        return known[doc_id]
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as e:
        return Skipped(doc_id, f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})")
    if encoding != "utf-8":
        notes.append(f"{doc_id}: not UTF-8, read as {encoding}")
    doc = parse_document(doc_id, text, html=suffix in HTML_SUFFIXES, sidecar=sidecar, sha256=sha)
    if not doc.prose.strip():
        return Skipped(doc_id, "no text left after extraction")
    return doc


def load_corpus(folder: Path, max_bytes: int, known: dict[str, Document] | None = None, *,
                files: list[Path] | None = None, progress: bool = False) -> Corpus:
    """Read every article under folder. Documents whose hash is in ``known`` are reused unparsed."""
    from tqdm.auto import tqdm

    known = known or {}
    corpus = Corpus()
    files = scan_corpus(folder) if files is None else files
    for path in tqdm(files, desc="Reading articles", unit="file", disable=not progress):
        doc_id = path.relative_to(folder).as_posix()
        try:
            outcome = _read_article(path, doc_id, max_bytes, known, corpus.notes)
        except OSError as e:  # vanished, unreadable, a name the file system refuses: one file, not the build
            outcome = Skipped(doc_id, f"unreadable ({e.strerror or e})")
        (corpus.skipped if isinstance(outcome, Skipped) else corpus.documents).append(outcome)
    return corpus
