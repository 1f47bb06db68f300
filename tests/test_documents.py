import json

import pytest

from rag.documents import load_corpus, metadata_excerpt, parse_document
from rag.errors import CorpusError

from conftest import SEEDS

MAX = 5_000_000


def load(folder, max_bytes=MAX):
    return load_corpus(folder, max_bytes)


def body(doc):
    return doc.text[doc.body[0]:doc.body[1]]


def test_seed_headers_become_metadata_and_stay_quotable_outside_the_prose():
    docs = {d.id: d for d in load(SEEDS).documents}
    assert set(docs) == {"000_b759d4404567853c.txt", "001_bb11f538d38316f3.txt", "002_946b607c78fc92eb.txt"}
    opinion = docs["001_bb11f538d38316f3.txt"]
    assert (opinion.date, opinion.author, opinion.kind) == ("2024-11-29", "Yossi Aharoni", "opinion")
    assert opinion.tags == ("Opinion", "AntiWarMovement", "International", "Russia", "Ukraine")
    assert body(opinion).startswith("On November 18") and "#Opinion" not in body(opinion)
    assert body(opinion).endswith("World War III.")
    s, e = metadata_excerpt(opinion, "author")
    assert opinion.text[s:e] == "By Yossi Aharoni"
    s, e = metadata_excerpt(opinion, "kind")
    assert opinion.text[s:e] == "#Opinion"
    report = docs["002_946b607c78fc92eb.txt"]
    assert report.date == "2023-11-10" and report.author is None
    assert body(report).startswith("The United States is escalating")
    assert metadata_excerpt(report, "author") is None
    s, e = metadata_excerpt(report, "date")
    assert report.text[s:e] == "date 2023-11-10"
    untagged = docs["000_b759d4404567853c.txt"]
    # its kind comes from seeds/000_b759d4404567853c.txt.meta.json, not from its text
    assert untagged.kind == "opinion" and untagged.date is None and metadata_excerpt(untagged, "kind") is None
    assert untagged.title.startswith("The US is orchestrating the Israel-Palestine War") and untagged.title.endswith("…")


def test_ids_are_relative_paths_and_hashes_follow_content(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Headline here\n\nBody text of the story.")
    first = load(tmp_path).documents[0]
    assert first.id == "sub/a.txt" and first.source == "sub/a.txt" and len(first.sha256) == 64
    (tmp_path / "sub" / "a.txt").write_text("Headline here\n\nBody text of the story, changed.")
    assert load(tmp_path).documents[0].sha256 != first.sha256


def test_headline_first_line_is_the_title():
    doc = parse_document("x.txt", "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant rose.",
                         html=False, sidecar={}, sha256="0")
    assert doc.title == "Ad sales boost Time Warner profit"
    trailing = parse_document("y.txt", "Rivals of the £400 Apple...\n\nThe Mac mini is cheap.", html=False,
                              sidecar={}, sha256="0")
    assert trailing.title == "Rivals of the £400 Apple..."
    sentence = parse_document("z.txt", "A whole first sentence ends here.\n\nMore.", html=False, sidecar={}, sha256="0")
    assert sentence.title == "A whole first sentence ends here."  # from the opening words, which are short


def test_front_matter_sets_metadata(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Front Title\nauthor: Ann Lee\ndate: 2024-05-01\n"
                                   "outlet: The Daily\nurl: https://example.org/a\nkind: news\n---\n# Part one\n\nSome text.")
    doc = load(tmp_path).documents[0]
    assert (doc.title, doc.author, doc.date, doc.outlet, doc.url, doc.kind) == (
        "Front Title", "Ann Lee", "2024-05-01", "The Daily", "https://example.org/a", "news")
    assert not doc.text.startswith("---")


def test_sidecar_overrides_and_is_not_a_document(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2020-01-01 By Someone\n\nText of the piece.")
    (tmp_path / "a.txt.meta.json").write_text(json.dumps({"title": "Side Title", "kind": "opinion", "outlet": "Paper"}))
    corpus = load(tmp_path)
    assert len(corpus.documents) == 1 and not corpus.skipped
    doc = corpus.documents[0]
    assert (doc.title, doc.kind, doc.outlet, doc.author) == ("Side Title", "opinion", "Paper", "Someone")


def test_html_main_text_is_extracted_without_markup(tmp_path):
    html = ("<html><head><title>Page title</title><meta name='author' content='Jane Roe'></head><body>"
            "<nav>Home | World | Sport</nav><article><h1>Storm hits the coast</h1>"
            "<p>A powerful storm reached the northern coast on Monday, cutting power to thousands of homes.</p>"
            "<p>Officials said repairs could take a week. <script>alert('x')</script></p></article>"
            "<footer>Copyright</footer></body></html>")
    (tmp_path / "story.html").write_text(html)
    doc = load(tmp_path).documents[0]
    assert "powerful storm" in doc.text and "<p>" not in doc.text and "alert" not in doc.text
    assert doc.author == "Jane Roe"


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\n", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin.txt", b"caf\xe9 \xff\xfe broken", "not valid UTF-8"),
    ("big.txt", b"word " * 300, "too large"),
    ("image.png", b"\x89PNG", "not a .txt, .md or .html file"),
])
def test_bad_files_are_skipped_with_a_reason_and_the_rest_indexed(tmp_path, name, content, reason):
    (tmp_path / "good.txt").write_text("A perfectly ordinary article about the weather.")
    (tmp_path / name).write_bytes(content)
    corpus = load(tmp_path, max_bytes=1000)
    assert [d.id for d in corpus.documents] == ["good.txt"]
    assert [(s.path, reason in s.reason) for s in corpus.skipped] == [(name, True)]


def test_long_legacy_encoded_article_is_read_not_skipped(tmp_path):
    text = ("Shares rose to \xa35.20 on Tuesday after the firm reported strong sales. " * 8).encode("cp1252")
    (tmp_path / "old.txt").write_bytes(text)
    corpus = load(tmp_path)
    assert corpus.documents and "£5.20" in corpus.documents[0].text
    assert corpus.notes == ["old.txt: not UTF-8, read as cp1252"]


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load(tmp_path / "nope")


def test_symlinks_are_skipped_with_a_reason_and_never_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("A perfectly ordinary article about the weather.")
    secret = tmp_path / "secret.txt"
    secret.write_text("password = hunter2, a file outside the corpus folder.")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "inner.txt").write_text("Another file outside the corpus folder, reached through a folder link.")
    (corpus / "leak.txt").symlink_to(secret)
    (corpus / "etc").symlink_to(outside, target_is_directory=True)
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    loaded = load(corpus)
    assert [d.id for d in loaded.documents] == ["good.txt"]
    assert {s.path: "symbolic link" in s.reason for s in loaded.skipped} == {
        "leak.txt": True, "etc": True, "dangling.txt": True}
    assert not any("hunter2" in d.text for d in loaded.documents)


@pytest.mark.parametrize("length", [246, 250, 255])
def test_a_name_as_long_as_the_file_system_allows_is_indexed(tmp_path, length):
    name = "a" * (length - 4) + ".txt"  # its sidecar's name would be too long to exist
    (tmp_path / name).write_text("An article whose file name is very long indeed.")
    (tmp_path / "good.txt").write_text("A perfectly ordinary article about the weather.")
    loaded = load(tmp_path)
    assert sorted(d.id for d in loaded.documents) == sorted([name, "good.txt"]) and not loaded.skipped


def test_a_file_that_cannot_be_read_is_skipped_not_fatal(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text("A perfectly ordinary article about the weather.")
    (tmp_path / "locked.txt").write_text("An article the server may not read.")
    import rag.documents as documents

    real_open = documents.os.open

    def refuse(path, *a, **k):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(documents.os, "open", refuse)
    loaded = load(tmp_path)
    assert [d.id for d in loaded.documents] == ["good.txt"]
    assert [(s.path, s.reason) for s in loaded.skipped] == [("locked.txt", "unreadable (Permission denied)")]


@pytest.mark.parametrize("extra, date", [
    ("<footer>© 2019 Example News</footer><a href='/2020/05/story'>More</a>", None),  # not a date it states
    ("<meta property='article:published_time' content='2024-03-05T10:00:00Z'>", "2024-03-05"),
])
def test_an_html_page_gets_only_a_date_it_states(tmp_path, extra, date):
    text = ("<p>A powerful storm reached the northern coast on Monday, cutting power to thousands of homes. "
            "Officials said repairs could take a week and more.</p>")
    head, foot = (extra, "") if extra.startswith("<meta") else ("", extra)
    (tmp_path / "story.html").write_text(f"<html><head><title>Storm</title>{head}</head><body><article>"
                                         f"<h1>Storm</h1>{text}</article>{foot}</body></html>")
    assert load(tmp_path).documents[0].date == date
