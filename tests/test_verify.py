"""The verifier of generated sentences, against adversarial ones (pure)."""

import pytest

from rag.documents import Document
from rag.verify import Excerpt, split_cited, verify

NEWS = Document("news.txt", "The United States is escalating its military posture", "…", "0", kind="news",
                date="2023-11-10")
OPINION = Document("op.txt", "What awaits Ukraine after the ATACMS", "…", "1", kind="opinion",
                   author="Yossi Aharoni", date="2024-11-29")
EXCERPTS = {
    1: Excerpt(1, "The 26th Marine Expeditionary Unit remains aboard the USS Bataan, an amphibious assault ship, "
                  "currently located in the Gulf of Oman.", NEWS),
    2: Excerpt(2, "The exact number of missiles shipped to Ukraine has not yet been confirmed.", OPINION),
    3: Excerpt(3, "Washington is sending 2,000 Marines and sailors to the region.", NEWS),
}


@pytest.mark.parametrize("sentence, cited", [
    ("The 26th Marine Expeditionary Unit is aboard the USS Bataan", (1,)),
    ("The USS Bataan, an amphibious assault ship, is in the Gulf of Oman", (1,)),
    ("The exact number of missiles shipped to Ukraine has not been confirmed", (2,)),
    ("Washington is sending 2,000 Marines and sailors", (3,)),
    ("The unit is aboard the USS Bataan, and 2,000 Marines and sailors are being sent", (1, 3)),
])
def test_faithful_sentences_pass(sentence, cited):
    verdict = verify(sentence, cited, EXCERPTS)
    assert verdict.passed, verdict.problems


@pytest.mark.parametrize("sentence, cited, failed", [
    ("Washington is sending 3,000 Marines and sailors", (3,), "numbers"),           # a wrong number
    ("Washington is sending 2,000 Marines and sailors", (1,), "numbers"),           # the wrong [n]
    ("Washington is sending 2,000 Marines and sailors", (7,), "cited"),             # an [n] that does not exist
    ("Washington is sending 2,000 Marines and sailors", (), "cited"),               # uncited
    ("The 26th Marine Expeditionary Unit is not aboard the USS Bataan", (1,), "negation"),   # a negation added
    ("The exact number of missiles shipped to Ukraine has been confirmed", (2,), "negation"),  # one dropped
    ("The 26th Marine Expeditionary Unit is aboard the USS Kearsarge", (1,), "names"),  # a name not there
    ("President Biden keeps the unit aboard the USS Bataan", (1,), "names"),
    ("It is a fact that the exact number of missiles has not been confirmed", (2,), "attribution"),  # opinion as fact
    ("Clearly, the exact number of missiles shipped to Ukraine has not been confirmed", (2,), "attribution"),
    ("According to the Pentagon, the unit remains aboard the USS Bataan", (1,), "attribution"),
    ("The news report says the exact number of missiles has not been confirmed", (2,), "attribution"),
    ("The unit will invade Lebanon within days from the Gulf", (1,), "words"),     # mostly not in the excerpt
])
def test_corrupted_sentences_fail_the_right_check(sentence, cited, failed):
    verdict = verify(sentence, cited, EXCERPTS)
    assert not verdict.passed and not verdict.checks[failed], verdict
    assert verdict.problems


def test_split_cited_reads_markers_and_drops_them():
    text = "The unit is aboard the USS Bataan [1]. It carries 2,000 Marines and sailors [1][3]. No marker here."
    assert split_cited(text) == [("The unit is aboard the USS Bataan.", (1,)),
                                 ("It carries 2,000 Marines and sailors.", (1, 3)), ("No marker here.", ())]


def test_a_negation_governs_its_own_words_only():
    excerpts = {1: Excerpt(1, "These missiles cannot reach Moscow, but they can reach the Kursk region.", OPINION)}
    assert verify("These missiles can reach the Kursk region", (1,), excerpts).passed
    assert not verify("These missiles can reach Moscow", (1,), excerpts).checks["negation"]
