import pytest

from rag.attribution import describe, introduce, voice_of
from rag.chat import condense
from rag.documents import Document


@pytest.mark.parametrize("sentence,source", [
    ("According to the Financial Times, Israel is keeping most of these military actions under wraps.",
     "the Financial Times"),
    ("We lost the battle, as former Israeli Defense Forces Deputy Chief of Staff General Yair Golan pointed out "
     "in a startling tweet on October 27.", "former Israeli Defense Forces Deputy Chief of Staff General Yair Golan"),
    ("But Russian President Vladimir Putin stated shortly after the decision that all parties are involved.",
     "Russian President Vladimir Putin"),
    ("Russia has stated that the delivery of these missiles would necessitate a major Russian response.", "Russia"),
    ("On November 18, news media reported the Biden administration authorized sending missiles.", "news media"),
    ("Prominent Israeli officials, including Defense Minister Yoav Gallant and Prime Minister Benjamin Netanyahu, "
     "declared in Tel Aviv that the objective is clear.",
     "Prominent Israeli officials, including Defense Minister Yoav Gallant and Prime Minister Benjamin Netanyahu"),
    ("Knowing this, Biden told Zelensky this was a non-starter.", "Biden"),
])
def test_reported_speech_names_its_source(sentence, source):
    assert voice_of(sentence).source == source


@pytest.mark.parametrize("sentence", [
    "The US is orchestrating the Israel-Palestine War by fully supporting the Israel army’s armed offensive.",
    "Israel’s first stated objective is to completely eradicate Hamas.",
    "It remains aboard the USS Bataan, an amphibious assault ship.",
    "He said nothing.",
])
def test_an_articles_own_assertions_are_its_own(sentence):
    assert not voice_of(sentence).reported


def doc(**kw):
    base = dict(id="a.txt", title="A title", text="x", sha256="0")
    return Document(**{**base, **kw})


def test_articles_are_named_by_kind_author_and_date():
    opinion = doc(kind="opinion", author="Yossi Aharoni", date="2024-11-29")
    assert describe(opinion) == "the opinion piece by Yossi Aharoni (2024-11-29) “A title”"
    assert describe(doc(kind="news", outlet="The Daily")) == "the news report in The Daily “A title”"
    assert introduce(opinion, voice_of("Plain claim."), first=True).endswith("argues")
    cited = introduce(opinion, voice_of("According to the Financial Times, x."), first=True)
    assert cited == "The opinion piece by Yossi Aharoni (2024-11-29) “A title”, citing the Financial Times, reports"


def test_follow_up_questions_become_standalone():
    history = [{"role": "user", "content": "What are ATACMS missiles?"},
               {"role": "assistant", "content": "The opinion piece ... [1]"}]
    assert "ATACMS" in condense("What range do they have?", history)
    assert condense("Which ship is the 26th Marine Expeditionary Unit aboard?", history) == \
        "Which ship is the 26th Marine Expeditionary Unit aboard?"
    assert condense("What range do they have?", []) == "What range do they have?"
    pairs = [("Who is Lloyd Austin?", "...")]  # the older (user, bot) pair format works too
    assert "Lloyd Austin" in condense("What did he order?", pairs)


@pytest.mark.parametrize("question, source", [
    ("According to the New York Times, how many missiles does the US have?", {"New", "York", "Times"}),
    ("What did Russia say about delivering Tomahawk missiles?", {"Russia"}),
    ("How did Biden respond?", {"Biden"}),
    ("What did he say?", set()),
    ("What else did Yair Golan say?", {"Yair", "Golan"}),
    ("According to the article, what is the range?", set()),
    ("What did Putin threaten?", {"Putin"}),  # a threat, a promise, a demand: what someone is reported saying
    ("What did Hamas demand?", {"Hamas"}),
    # a name and the nouns after it: whose words, more narrowly than the name's ("Israel's")
    ("What did Israel's military intelligence say about Hezbollah?", {"Israel", "military", "intelligence"}),
    ("What did Israeli officials declare?", {"Israeli"}),
    # ... and the body it names: the ministry's words, not any Israeli's; not an adverb after the name
    ("What did the Israeli intelligence ministry propose?", {"Israeli", "ministry"}),
    ("What did Putin really say?", {"Putin"}),
    ("What did Hamas just say?", {"Hamas"}),
    ("What does the Gaza opinion piece say about the US role?", set()),  # an article's own words
    ("does Ehud Barak think that's possible?", {"Ehud", "Barak"}),  # whether he does: his words
    ("Does the news report say the Marines will fight?", set()),
])
def test_the_source_a_question_asks_about(question, source):
    from rag.attribution import asked_source

    assert asked_source(question) == source


def test_a_voice_reports_a_source_when_it_holds_every_word_naming_it():
    from rag.attribution import reports

    putin = voice_of("But Russian President Vladimir Putin stated shortly after the decision that all parties …")
    assert reports(putin, {"Putin"}) and reports(putin, {"Vladimir", "Putin"})
    assert not reports(voice_of("According to the Financial Times, Israel acts."), {"New", "York", "Times"})
    assert not reports(voice_of("Israel acts."), {"Russia"})
    sisi = voice_of("It caught our notice when Egyptian President Abdel Fattah Al-Sisi declared he would not accept it.")
    assert reports(sisi, {"Egypt"})  # a country speaks through its people's president
    assert not reports(sisi, {"Jordan"})
    assert reports(sisi, {"Egypt", "president"}) and not reports(sisi, {"Egypt", "ministry"})
    nyt = voice_of("According to the New York Times, the U.S. has a low-volume surplus of these missiles.")
    assert reports(nyt, {"NYT"}) and not reports(nyt, {"FT"})  # a source named by its initials


def test_how_someone_responded_asks_only_what_they_said():
    from rag.attribution import asks_only_what_was_said

    assert asks_only_what_was_said("How did Egypt respond?") and asks_only_what_was_said("How did Russia react?")
    assert not asks_only_what_was_said("How did Egypt respond to the leaked paper?")  # the paper picks the words


def test_a_sentence_inside_a_quotation_speaks_in_the_voice_that_opened_it():
    from rag.attribution import voice_in

    text = ("Israel is weaker. We lost the battle, as General Yair Golan pointed out in a tweet on October 27. "
            "Nothing can reverse the defeat of October 7. A political triumph must follow.”\n"
            "Washington’s objective is also this. He said “it is over.” The war goes on.")
    at = lambda s: voice_in(text, text.index(s), text.index(s) + len(s))  # noqa: E731
    assert at("Nothing can reverse the defeat of October 7.").source == "General Yair Golan"
    assert at("A political triumph must follow.”").source == "General Yair Golan"
    assert not at("Israel is weaker.").reported  # before the quotation
    assert not at("Washington’s objective is also this.").reported  # the next paragraph
    assert not at("The war goes on.").reported  # after a quotation that closed


def test_a_capital_that_only_opens_the_sentence_is_no_part_of_a_sources_name():
    from rag.attribution import voice_in

    text = ("Prominent officials, including Yoav Gallant, declared that Hamas must go. Russia has stated that "
            "it would respond. The war goes on in Russia.")
    at = lambda s: voice_in(text, text.index(s), text.index(s) + len(s))  # noqa: E731
    assert at("Prominent officials, including Yoav Gallant, declared that Hamas must go.").source == (
        "prominent officials, including Yoav Gallant")
    assert at("Russia has stated that it would respond.").source == "Russia"  # written so after "in"


@pytest.mark.parametrize("question, required", [
    ("What did Hezbollah say?", True),  # no sentence reporting Hezbollah: the articles do not say
    ("According to the New York Times, how many missiles are left?", True),
    ("What did the Axis of Resistance threaten?", False),  # an article may tell a threat in its own words
    ("What is the range of ATACMS?", False),
])
def test_whose_words_a_question_requires(question, required):
    from rag.attribution import words_required

    assert words_required(question) == required


def test_the_topic_someones_words_are_asked_to_be_about():
    from rag.attribution import topic_of_words

    assert topic_of_words("What did Netanyahu say about the hostages?") == "the hostages"
    assert topic_of_words("What does Russia say about that?") is None  # the conversation's, not a topic
    assert topic_of_words("What does the news report say about Iran?") is None  # an article's words: any
    assert topic_of_words("What did Putin say after the decision?") is None
