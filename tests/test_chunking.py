from hypothesis import given, settings as hsettings, strategies as st

from rag.chunking import chunk_text, sections, sentence_runs, sentence_units
from rag.documents import load_corpus

from conftest import SEEDS

SEED_DOCS = load_corpus(SEEDS, 5_000_000).documents


def test_offsets_hold_for_every_chunk_of_every_seed():
    for size, overlap in [(200, 0), (600, 1), (1500, 2)]:
        for doc in SEED_DOCS:
            chunks = chunk_text(doc.id, doc.text, size, overlap)
            assert chunks
            for c in chunks:
                assert doc.text[c.start:c.end] == c.text
                assert c.text == c.text.strip()


def test_chunks_respect_size_and_cover_every_sentence():
    doc = SEED_DOCS[1]
    chunks = chunk_text(doc.id, doc.text, 400, 0)
    assert all(len(c.text) <= 400 for c in chunks)
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    assert all(i in covered for i, ch in enumerate(doc.text) if not ch.isspace())


def test_overlap_repeats_the_last_sentence():
    doc = SEED_DOCS[1]
    plain = chunk_text(doc.id, doc.text, 600, 0)
    overlapped = chunk_text(doc.id, doc.text, 600, 1)
    assert len(overlapped) > len(plain)
    assert any(b.start < a.end for a, b in zip(overlapped, overlapped[1:]))
    assert all(b.start >= a.end for a, b in zip(plain, plain[1:]))


def test_sub_headings_are_kept_as_sections_and_split_passages():
    doc = next(d for d in SEED_DOCS if d.id.startswith("000"))
    heads = [h for h, _ in sections(doc.text)]
    assert heads == [None, "Impossible goals", "Washington, leading Israel’s Gaza war",
                     "What can the ground war achieve?", "‘Israel lost the war’"]
    chunks = chunk_text(doc.id, doc.text, 600, 1)
    goal = [c for c in chunks if c.section == "Impossible goals"]
    assert goal and "Al-Aqsa Flood" in goal[0].text
    assert not any("Impossible goals" in c.text for c in chunks)


def test_markdown_headings_are_sections():
    text = "# Intro\n\nFirst part. Still first.\n\n## Details\n\nSecond part here."
    assert [(h, len(s)) for h, s in sections(text)] == [("Intro", 2), ("Details", 1)]


@hsettings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .?!\n’“”é,;U.S")), min_size=1, max_size=400),
       st.integers(20, 300), st.integers(0, 3))
def test_offset_property_on_arbitrary_text(text, size, overlap):
    for c in chunk_text("d", text, size, overlap):
        assert text[c.start:c.end] == c.text and c.text


def test_passages_stay_inside_the_prose():
    from rag.chunking import chunk_text, sentence_units

    text = "date 2024-11-29 By A Writer\n\nFirst sentence here. Second one.\n\n#Opinion #News"
    start, end = text.index("First"), text.index("\n\n#")
    chunks = chunk_text("a.txt", text, 600, 1, start, end)
    assert [c.text for c in chunks] == ["First sentence here. Second one."]
    spans = [text[s.start:s.end] for _, group in sentence_units(text, 600, start, end) for s in group]
    assert spans == ["First sentence here.", "Second one."]


def test_each_passage_maps_to_the_run_of_sentences_inside_it():
    chunks = [c for doc in SEED_DOCS for c in chunk_text(doc.id, doc.text, 300, 1, *doc.body)]
    sentences = [(doc.id, sp) for doc in SEED_DOCS for _, group in sentence_units(doc.text, 300, *doc.body)
                 for sp in group]
    runs = sentence_runs([(c.doc_id, c.start, c.end) for c in chunks], sentences)
    for chunk, (lo, hi) in zip(chunks, runs):
        inside = [i for i, (d, sp) in enumerate(sentences)
                  if d == chunk.doc_id and chunk.start <= sp.start and sp.end <= chunk.end]
        assert inside == list(range(lo, hi)) and hi > lo
    assert sentence_runs([("not indexed", 0, 100)], sentences) == [(0, 0)]
