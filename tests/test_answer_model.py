"""The answerer with the packaged model on the seeds, judged on our own question set."""

import json
import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from seed_questions import judge, load_questions, rates  # noqa: E402

pytestmark = pytest.mark.model
QUESTIONS = load_questions()


@pytest.fixture(scope="module")
def judged(seed_pipeline):
    return [(q, seed_pipeline.ask(q["question"])) for q in QUESTIONS]


def test_question_set_meets_the_targets(judged):
    rows = [judge(q, r) for q, r in judged]
    r = rates(rows)
    wrong = [row["id"] for row in rows if not row["correct"]]
    assert r["correct_answerable"] >= 0.90, wrong
    assert r["missed_abstain"] <= 1 / 6, wrong
    assert sum(row["abstained"] for row in rows if row["type"] != "unanswerable") <= 1, wrong


def test_every_quote_is_verbatim_and_every_marker_resolves(judged, seed_pipeline):
    for q, result in judged:
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", result.text)}
        assert markers == {c.n for c in result.citations}, q["id"]
        for c in result.citations + result.closest:
            assert seed_pipeline.index.doc_by_id[c.doc_id].text[c.start:c.end] == c.quote


def unquoted(text):
    return re.sub(r"“[^”]*”", "“…”", text)


def test_partisan_claims_are_attributed_not_asserted(seed_pipeline):
    result = seed_pipeline.ask("Is the United States orchestrating the war in Gaza?")
    assert not result.abstained
    outside = unquoted(result.text)
    assert "orchestrating the Israel-Palestine War by" not in outside
    assert outside.startswith("The opinion piece")
    assert not re.search(r"^(Yes|No)\b", result.text)
    nord = seed_pipeline.ask("Who bombed the Nord Stream II pipeline?")
    assert not nord.abstained and nord.citations[0].doc_id == "001_bb11f538d38316f3.txt"
    assert unquoted(nord.text).startswith("The opinion piece by Yossi Aharoni (2024-11-29)")
    assert "Nord Stream" not in unquoted(nord.text)


def test_reported_speech_names_the_quoted_source(seed_pipeline):
    result = seed_pipeline.ask("What did Yair Golan say about the war?")
    assert "citing former Israeli Defense Forces Deputy Chief of Staff General Yair Golan" in result.text


def test_a_follow_up_is_searched_with_its_subject(seed_pipeline):
    history = [{"role": "user", "content": "What are the ATACMS missiles?"},
               {"role": "assistant", "content": seed_pipeline.ask("What are the ATACMS missiles?").text}]
    result = seed_pipeline.ask("What range do they have?", history)
    assert "ATACMS" in result.query
    assert any("300 to 400 kilometers" in c.quote for c in result.citations)


def _conversation(pipeline, *questions):
    history, result = [], None
    for q in questions:
        result = pipeline.ask(q, list(history))
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": result.text}]
    return result


def test_what_came_next_is_the_sentence_after_the_last_quote(seed_pipeline):
    moved = _conversation(seed_pipeline, "When did Israeli troops start seizing land in northern Gaza?",
                          "Where did they move after that?")
    assert "sparsely populated area" in moved.citations[0].quote
    # ... and when the follow-up names again what the quote told of ("the army"): the article goes on with "it"
    went = _conversation(seed_pipeline, "What happened in northern Gaza on October 27?", "Where did the army go next?")
    assert "sparsely populated area" in went.citations[0].quote
    # the words the quote did not hold pick which of the next sentences answers ("want": "It wants to use it …")
    wants = _conversation(seed_pipeline, "What does the op-ed say about Qatar?", "Who would be released?",
                          "What does the resistance want in return?")
    assert "7,000 Palestinian prisoners" in wants.citations[0].quote
    # "what does that mean (for X)?" asks what the article draws from the claim, which it tells next
    means = _conversation(seed_pipeline, "What does the ATACMS piece say about the New York Times?",
                          "So what does that mean for Ukraine?")
    assert "military objective" in means.citations[0].quote
    # ... and it asks for no fact: the sentence's "not yet confirmed" clause is no answer to open with
    assert "has not yet been confirmed”" not in means.text and "military objective" in means.text.split("\n")[0]
    # the request quoted holds quotation marks of its own (“peace plan,”); the reply comes after it
    answer = _conversation(seed_pipeline, "What range do Tomahawk missiles have?", "Who asked for them?",
                           "How did Biden respond?")
    assert "non-starter" in answer.citations[0].quote


def test_ask_json_from_the_command_line(seed_pipeline):
    from test_cli import rag

    out = rag("ask", "Which ship is the 26th Marine Expeditionary Unit aboard?", "--index",
              str(seed_pipeline.settings.index), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"question", "answer", "abstained", "citations"} <= data.keys() and data["abstained"] is False
    keys = {"n", "doc_id", "source", "title", "author", "date", "kind", "quote", "start", "end", "score"}
    assert all(keys <= c.keys() for c in data["citations"])
    assert any("USS Bataan" in c["quote"] and c["source"] == "002_946b607c78fc92eb.txt" for c in data["citations"])
    assert {int(n) for n in re.findall(r"\[(\d+)\]", data["answer"])} == {c["n"] for c in data["citations"]}
    text = rag("ask", "What is the capital of Australia?", "--index", str(seed_pipeline.settings.index))
    assert text.returncode == 0 and "do not answer" in text.stdout and "Closest passages" in text.stdout


@pytest.mark.parametrize("bad", ["", "   ", "x" * 100_000, "ask\x1bme"])
def test_bad_questions_on_the_command_line(bad, seed_pipeline):
    from test_cli import assert_clean_failure, rag

    assert_clean_failure(rag("ask", bad, "--index", str(seed_pipeline.settings.index)), "question")


def test_ask_takes_a_history_file(seed_pipeline, tmp_path):
    from test_cli import assert_clean_failure, rag

    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"role": "user", "content": "Who is Yair Golan?"},
                                   {"role": "assistant", "content": seed_pipeline.ask("Who is Yair Golan?").text}]))
    out = rag("ask", "What did he say?", "--history", str(history), "--index", str(seed_pipeline.settings.index),
              "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert "Yair Golan" in data["query"] and "We lost the battle" in data["citations"][0]["quote"]
    history.write_text("{not json")
    assert_clean_failure(rag("ask", "What did he say?", "--history", str(history), "--index",
                             str(seed_pipeline.settings.index)), "not JSON")
    assert_clean_failure(rag("ask", "What did he say?", "--history", str(tmp_path / "missing.json"), "--index",
                             str(seed_pipeline.settings.index)), "history")


def test_a_direct_answer_opens_with_the_exact_words(seed_pipeline):
    result = seed_pipeline.ask("What does ATACMS stand for?")
    assert result.parts[0].endswith("says: “Army Tactical Missile System” [1].")
    c = result.citations[0]
    assert c.answer == "Army Tactical Missile System" and c.quote[c.answer_start - c.start:c.answer_end - c.start] == c.answer


@pytest.mark.parametrize("question, words", [("What does MEU stand for?", "Marine Expeditionary Unit"),
                                              ("What does IDF stand for?", "Israeli Defense Forces")])
def test_an_acronym_the_articles_only_spell_out_is_answered_with_its_words(seed_pipeline, question, words):
    result = seed_pipeline.ask(question)
    assert not result.abstained and result.citations[0].answer == words


def test_what_a_thing_is_meant_to_do_is_read_where_it_is_done(seed_pipeline):
    result = seed_pipeline.ask("Who is the Marine deployment supposed to deter?")  # not the deployment alone
    assert "deterrence to Iran and Hezbollah" in result.citations[0].quote


@pytest.mark.parametrize("turns", [
    ("What happened in northern Gaza on October 27?", "What was the goal of cutting off the north?"),  # not "… tone
    # back its goals …"; and what it was meant to achieve, after "where did the army go from there?" (had abstained)
    ("What does the Gaza op-ed say happened on the night of October 27–28?", "and where did the army go from there?",
     "what was cutting off the north meant to achieve?")])
def test_the_goal_of_a_thing_is_read_where_that_thing_is_done_for_a_purpose(seed_pipeline, turns):
    result = _conversation(seed_pipeline, *turns)
    assert not result.abstained and "hoped to exhaust its population" in result.citations[0].quote


def test_a_yes_no_question_is_answered_by_a_sentence_on_what_it_names(seed_pipeline):
    result = seed_pipeline.ask("Is Iran already fighting in the war, according to the op-ed?")
    assert "Iran" in result.citations[0].quote  # not "… the primary participant in the fight …"


def test_an_abbreviation_the_articles_never_write_is_read_as_the_words_they_do(seed_pipeline):
    result = seed_pipeline.ask("Who is Israel's PM according to the Gaza article?")  # "Prime Minister", mid-run
    assert not result.abstained and "Prime Minister Benjamin Netanyahu" in result.citations[0].quote


def test_a_follow_up_naming_its_own_subject_is_not_answered_with_the_last_quote_again(seed_pipeline):
    result = _conversation(seed_pipeline, "What does the news report say the Biden administration remains cautious about?",
                           "and what are officials refraining from?")
    assert "officials have refrained from providing specific details" in result.citations[0].quote


def test_which_officials_is_answered_with_an_officials_name_not_a_place_beside_the_deed(seed_pipeline):
    result = seed_pipeline.ask("Which officials does the Gaza op-ed say rejected Israeli requests about Palestinians?")
    assert "Al-Safadi" in result.citations[0].quote and result.citations[0].answer != "Gaza"


@pytest.mark.parametrize("question, told", [
    # a purpose told in what a deed is sent as
    ("What is the purpose of the rapid response force, according to the news report?", "as a message of deterrence"),
    # the name an article gives a thing, set beside the words telling it
    ("What name does the Gaza op-ed give the October 7 attack?", "known as the “Al-Aqsa Flood"),
    # what a capital said is what its country is reported saying (not "… these could reach Moscow.")
    ("What did Moscow warn about Tomahawks?", "major Russian response"),
    # a chance asked of is read as the possibility the article writes
    ("According to Aharoni, how do European governments rate Ukraine's chances of winning?",
     "possibility of a Ukrainian victory"),
])
def test_a_question_in_other_words_is_answered_by_the_sentence_telling_it(seed_pipeline, question, told):
    result = seed_pipeline.ask(question)
    assert not result.abstained and told in result.citations[0].quote


def test_who_did_a_deed_is_answered_by_the_sentence_telling_it_as_their_deed(seed_pipeline):
    result = seed_pipeline.ask("Which US defense secretary ordered troops to get ready?")
    assert "Lloyd Austin has ordered" in result.citations[0].quote  # not "the order from Secretary of Defense Austin"


def test_what_the_articles_do_not_say_is_not_answered_with_something_else(seed_pipeline):
    unknown = seed_pipeline.ask("How many ATACMS missiles did the US ship to Ukraine?")
    assert not unknown.abstained and "has not yet been confirmed" in unknown.citations[0].answer
    assert seed_pipeline.ask("How many Israeli soldiers have been killed in the Gaza ground operation?").abstained
    # the wounded are not the dead: "Israel has murdered about 10,000 civilians" counts no one wounded
    assert seed_pipeline.ask("How many Palestinians have been wounded in Gaza, per the op-ed?").abstained
    # the missiles whose number is unknown are those named before it, not the Tomahawks a later paragraph names
    assert seed_pipeline.ask("How many Tomahawk missiles did Biden send to Ukraine?").abstained
    assert seed_pipeline.ask("On what date did the 26th MEU arrive off Israel?").abstained
    assert seed_pipeline.ask("When was the Nord Stream pipeline bombed?").abstained  # a sentence telling no time
    # "its population" and "Tel Aviv" are in the articles, no count of people living there is
    assert seed_pipeline.ask("What is the population of Tel Aviv?").abstained
    assert seed_pipeline.ask("What's the population of Gaza City?").abstained  # "densely populated Gaza City"
    # a sentence saying the number of missiles is unknown says nothing about Hezbollah
    assert all("confirmed" not in c.quote for c in seed_pipeline.ask("Who leads Hezbollah?").citations)
    assert seed_pipeline.ask("Who's the leader of Hezbollah?").abstained  # no sentence says who leads it


def _first_batch(q: dict) -> bool:
    return q["id"][0] in "mrc"


def test_reader_questions_and_conversations_meet_the_targets(seed_pipeline):
    """The reader set's first batch (bench/reader_questions.jsonl: 38 questions, 3 conversations), judged
    as bench/reader.py judges it; targets of the same proportion as the product's: 9 in 10 questions and
    8 in 9 conversation turns acceptable."""
    from reader import load, run

    summary = run(seed_pipeline, [q for q in load() if _first_batch(q)])
    assert summary["acceptable"] >= 0.9 * summary["questions"], summary
    assert summary["acceptable_turns"] >= 8 / 9 * summary["turns"], summary


def test_the_later_reader_batches_do_not_fall_back(seed_pipeline):
    """Batches 2 to 189 of the reader set, each written to probe the answerer after a round of changes.
    Their turns stand near the 8-in-9 target (bench/README, "Answers a reader accepts"); this holds
    them close to where they stand (1752 of 1905 questions, 1610 of 1743 turns), a few answers' leeway
    for arithmetic that differs between machines."""
    from reader import load, run

    summary = run(seed_pipeline, [q for q in load() if not _first_batch(q)])
    assert (summary["questions"], summary["turns"]) == (1905, 1743), summary
    assert summary["acceptable"] >= 1749 and summary["acceptable_turns"] >= 1607, summary


def test_a_measure_is_answered_in_its_unit_or_not_directly(seed_pipeline):
    history = [{"role": "user", "content": "What are ATACMS missiles?"},
               {"role": "assistant", "content": seed_pipeline.ask("What are ATACMS missiles?").text}]
    result = seed_pipeline.ask("How far can they reach?", history)
    assert "300 to 400 kilometers" in result.citations[0].quote
    assert "troops" not in (result.citations[0].answer or "")  # "40,000 to 50,000 troops" is no distance


def test_what_a_source_said_is_answered_with_that_sources_words_first(seed_pipeline):
    result = seed_pipeline.ask("What did Russia say about delivering Tomahawk missiles to Ukraine?")
    assert "major Russian response" in result.citations[0].quote and result.citations[0].reported_source == "Russia"
    result = seed_pipeline.ask("According to the New York Times, how many ATACMS missiles does the US have?")
    assert "low-volume surplus" in result.citations[0].quote
    assert result.citations[0].reported_source == "the New York Times"


def test_an_article_that_never_names_what_is_asked_about_does_not_answer(seed_pipeline):
    # the seeds give the range of ATACMS and Tomahawk missiles, not of the Patriot they mention
    assert seed_pipeline.ask("What is the Patriot missile's range?").abstained
    assert not seed_pipeline.ask("What is the range of the ATACMS?").abstained


def test_what_happened_on_a_date_is_answered_with_that_dates_sentence(seed_pipeline):
    result = seed_pipeline.ask("What happened on November 18?")
    assert not result.abstained and "On November 18" in result.citations[0].quote



def test_what_a_source_never_said_in_the_articles_is_not_answered(seed_pipeline):
    assert seed_pipeline.ask("What did Hezbollah say?").abstained  # named, never reported as saying anything
    assert not seed_pipeline.ask("What did Ehud Barak say about Hamas?").abstained


def test_what_else_was_said_is_something_not_yet_quoted(seed_pipeline):
    first = seed_pipeline.ask("What did Putin say after the ATACMS decision?")
    history = [{"role": "user", "content": "What did Putin say after the ATACMS decision?"},
               {"role": "assistant", "content": first.text}]
    again = seed_pipeline.ask("What else did he announce?", history)
    assert again.citations[0].quote not in first.text and "nuclear doctrine" in again.citations[0].quote


@pytest.mark.parametrize("question, quoted, why, reason", [
    # a sentence pointing back ("this increased presence") is answered by the reason before it
    ("What else did the US send besides a second aircraft carrier?", "fighter jets are evidence of this increased presence",
     "Why?", "strategy to strengthen its presence"),
    # "why did he do it?" asks why of the deed quoted, not of the comment after it ("… dangerous escalation …,
    # because …"): the sentence naming the reason for that deed answers
    ("What does the opinion piece say Biden did on November 18?", "authorized sending long-range ATACMS",
     "why does the author think he did it?", "most likely reason for Biden to authorize"),
    # "the reasoning behind that" is asked as "Why?"
    ("What did Putin say after Biden's decision?", "parties to the conflict",
     "What is the reasoning behind that?", "satellite geo-tracking"),
])
def test_why_after_a_quote_is_answered_by_the_reason_for_it(seed_pipeline, question, quoted, why, reason):
    first = seed_pipeline.ask(question)
    assert quoted in first.citations[0].quote
    result = seed_pipeline.ask(why, [{"role": "user", "content": question}, {"role": "assistant", "content": first.text}])
    assert reason in result.citations[0].quote


def test_a_follow_ups_own_words_pick_the_sentence_over_the_subject_it_borrows(seed_pipeline):
    question = "What is the 26th Marine Expeditionary Unit?"
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": seed_pipeline.ask(question).text}]
    result = seed_pipeline.ask("Will it see combat?", history)
    assert "does not necessarily mean it will be engaged in combat" in result.citations[0].quote


def test_each_article_is_read_as_deep_as_a_question_reads_it(seed_pipeline):
    result = seed_pipeline.ask("Do the Gaza op-ed and the news report agree on how many US troops are being sent?")
    opening = result.text.split("\n")[0]  # the counts side by side, each in its article's words
    assert "“2,000 special forces soldiers”" in opening and "“approximately 2,000 troops”" in opening


@pytest.mark.parametrize("question, answer", [
    ("Why is this such a dangerous escalation?", "Up until this point, while it was well known"),
    ("What is the overall US objective in sending the missiles?", "If the objective is not military"),
])
def test_a_question_the_article_asks_itself_is_answered_by_what_follows_it(seed_pipeline, question, answer):
    result = seed_pipeline.ask(question)
    assert result.citations[0].quote.startswith(answer) and "?" not in result.citations[0].quote


def test_a_word_the_articles_own_question_lacks_picks_the_sentence_holding_it(seed_pipeline):
    # "Why is this such a dangerous escalation?" is nearest, but "reckless" is in the article's conclusion
    result = seed_pipeline.ask("Why does Aharoni call the escalation reckless?")
    assert "dangerous and reckless escalation" in result.citations[0].quote


def test_where_it_went_from_there_is_what_the_article_tells_next(seed_pipeline):
    result = _conversation(seed_pipeline, "What did the Israeli army do on the night of October 27-28?",
                           "Where did it go from there?")
    assert result.citations[0].quote.startswith("From there, it moved into a sparsely populated area")


def test_an_article_naming_what_is_counted_speaks_of_its_number_though_it_gives_none(seed_pipeline):
    result = seed_pipeline.ask("How do the articles differ on the number of aircraft carriers?")
    quoted = {(c.doc_id, phrase) for c in result.citations for phrase in ("two aircraft carriers",
                                                                        "a second aircraft carrier") if phrase in c.quote}
    assert quoted == {("000_b759d4404567853c.txt", "two aircraft carriers"),
                      ("002_946b607c78fc92eb.txt", "a second aircraft carrier")}  # not "does not speak of" it


def test_one_more_of_a_thing_is_how_many_an_article_tells_of(seed_pipeline):
    result = seed_pipeline.ask("How many aircraft carriers does the news report say the US sent?")
    assert [c.doc_id for c in result.citations] == ["002_946b607c78fc92eb.txt"]
    assert result.citations[0].answer == "a second aircraft carrier"


def test_their_range_after_the_missiles_named_is_the_range_of_those_missiles(seed_pipeline):
    result = _conversation(seed_pipeline, "What missiles did Biden authorize for Ukraine?", "What is their range?")
    assert "300 to 400 kilometers" in result.citations[0].quote


def test_which_ship_opens_with_the_name_the_sentence_calls_a_ship(seed_pipeline):
    result = seed_pipeline.ask("Which ship is the 26th Marine Expeditionary Unit aboard?")
    assert result.citations[0].answer == "USS Bataan"  # not Kuwait, Israel or the Gulf of Oman


def test_the_author_in_a_conversation_is_the_author_of_the_article_discussed(seed_pipeline):
    first = seed_pipeline.ask("What does the opinion piece say about Finland?")
    assert first.citations[0].doc_id == "001_bb11f538d38316f3.txt"
    history = [{"role": "user", "content": "What does the opinion piece say about Finland?"},
               {"role": "assistant", "content": first.text}]
    result = seed_pipeline.ask("What does the author say about Russian attacks on NATO countries?", history)
    assert {c.doc_id for c in result.citations} == {"001_bb11f538d38316f3.txt"}
    assert "fair game" in result.citations[0].quote
    # an article the question describes is that article
    other = seed_pipeline.ask("Who is the author of the article about the rapid response force?", history)
    assert other.citations[0].doc_id == "002_946b607c78fc92eb.txt"
    # without the conversation, every article is read
    alone = seed_pipeline.ask("What does the author say about attacks on US bases?")
    assert "000_b759d4404567853c.txt" in {c.doc_id for c in alone.citations}


def test_he_who_wrote_an_article_is_its_author_in_a_conversation_typed_in_lower_case(seed_pipeline):
    history = []
    for question, words in (("who is yossi aharoni", "By Yossi Aharoni"), ("what did he write about trump", "Trump"),
                            ("and about putin?", "Putin")):
        result = seed_pipeline.ask(question, history)
        assert not result.abstained and words in result.citations[0].quote, (question, result.text)
        assert {c.doc_id for c in result.citations} == {"001_bb11f538d38316f3.txt"}
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": result.text}]


def test_a_sentence_quoted_with_its_referent_is_read_with_it(seed_pipeline):
    from rag.reader import FEATURES

    answerer, query = seed_pipeline.answerer, "What does the resistance want in exchange for the hostages?"
    passages = seed_pipeline.retriever.search(query, 8)
    sentences = answerer.sentences(passages)
    i = next(i for i, (doc, _, (s, e), _, _) in enumerate(sentences) if doc.text[s:e].startswith("It wants to use it"))
    doc, (qs, _), (s, _), _, row = sentences[i]
    assert qs < s  # quoted from "The resistance refuses to give up this power card …"
    alone = float(seed_pipeline.index.sentence_cosines(seed_pipeline.embedder.encode([query])[0], [row])[0])
    assert answerer.features(query, passages, sentences)[i, FEATURES.index("cos")] > alone + 0.02


def test_what_someone_wrote_is_what_they_are_reported_saying(seed_pipeline):
    wrote = _conversation(seed_pipeline, "Who is Yair Golan?", "When did he tweet?", "What did he write?")
    assert wrote.query == "What did Yair Golan write?" and "We lost the battle" in wrote.citations[0].quote
    assert seed_pipeline.ask("What did Hezbollah say?").abstained  # no sentence reports Hezbollah's words


def test_what_someone_says_of_a_thing_is_answered_by_his_words_going_on_without_his_name(seed_pipeline):
    # “… as … Yair Golan pointed out in a startling tweet on October 27. Nothing can reverse … Nonetheless, a
    # political triumph must follow this setback …”: the quotation goes on in his words
    result = seed_pipeline.ask("What does Golan say must follow?")
    assert not result.abstained and "a political triumph must follow" in result.citations[0].quote
    assert result.citations[0].reported_source and "Yair Golan" in result.citations[0].reported_source
    assert seed_pipeline.ask("What does Golan say about Ukraine?").abstained  # his words hold no such thing


def test_a_mountain_is_found_where_the_article_writes_mt(seed_pipeline):
    result = seed_pipeline.ask("On which mountain is Site 512 being built?")
    assert not result.abstained and "Mt. Har Qeren" in result.citations[0].quote


def test_a_year_no_article_writes_halves_the_evidence(seed_pipeline):
    in_2024 = seed_pipeline.ask("What did the Biden administration authorize in 2024?")
    in_1962 = seed_pipeline.ask("What did the Biden administration authorize in 1962?")
    assert in_1962.evidence <= 0.6 * in_2024.evidence


def test_who_is_aboard_is_the_unit_not_the_place_the_ship_is_in(seed_pipeline):
    result = _conversation(seed_pipeline, "Where is the USS Bataan?", "Who is on board?")
    assert result.citations[0].answer == "26th Marine Expeditionary Unit"  # not "Gulf of Oman."


def test_such_as_asks_for_the_examples_the_article_gives_next(seed_pipeline):
    result = _conversation(seed_pipeline, "How did Washington get Israel to change its war plans?", "in favor of what",
                           "such as?")
    assert not result.abstained and "Controlling barren areas" in result.citations[0].quote


def test_a_response_is_read_after_the_event_even_in_the_next_paragraph(seed_pipeline):
    result = _conversation(seed_pipeline, "What happened on the night of October 27-28?", "What happened next?",
                           "How did the resistance respond?")
    assert not result.abstained and "Erez crossing" in result.citations[0].quote


def test_a_sentence_ending_on_this_is_quoted_with_what_it_stands_for(seed_pipeline):
    result = seed_pipeline.ask("What is Washington's ultimate political objective?")
    assert "disarmed in the end" in result.citations[0].quote  # “… is also this.” opens the next paragraph


def test_what_the_news_report_says_leads_with_the_article_that_says_it(seed_pipeline):
    result = seed_pipeline.ask("What does the news report say about Air Force fighter jets?")
    assert [c.doc_id for c in result.citations] == ["002_946b607c78fc92eb.txt"]  # not "resistance fighters"
    assert "Air Force fighter jets" in result.citations[0].quote


def test_an_article_naming_one_word_of_a_topic_does_not_speak_of_it_by_reading_near_itself(seed_pipeline):
    # the news report names Iran, never a nuclear program: no article speaks of it, so none is quoted on it
    assert seed_pipeline.ask("What does the news report say about Iran's nuclear program?").abstained
    # the risk of a wider war: the op-ed reads near the report, which says it plainly
    both = seed_pipeline.ask("How do the articles describe the risk of a wider war?")
    assert {c.doc_id for c in both.citations} == {"000_b759d4404567853c.txt", "002_946b607c78fc92eb.txt"}


def test_why_one_sees_it_that_way_asks_the_reason_for_what_was_just_quoted(seed_pipeline):
    result = _conversation(seed_pipeline, "What did Putin say about Russia's nuclear doctrine?",
                           "What else did he state?", "Why does Russia see it that way?")
    assert "satellite geo-tracking" in result.citations[0].quote


def test_what_happened_next_is_read_past_the_direct_answer_and_quoted_alone(seed_pipeline):
    # the last answer opened with “26th Marine Expeditionary Unit”, inside the sentence it then quoted whole
    result = _conversation(seed_pipeline, "Where is the USS Bataan?", "Who is on board?", "What happened next?")
    assert len(result.citations) == 1 and "engaged in combat" in result.citations[0].quote


def test_who_says_a_claim_is_answered_by_its_voice_not_by_a_name_inside_it(seed_pipeline):
    own = seed_pipeline.ask("Who says the US is trying to hurt Russia?")
    # the opinion piece's own claim: the article answers; "U.S." inside a sentence is no speaker
    assert "hurt Russia" in own.citations[0].quote and own.citations[0].answer is None
    assert own.citations[0].doc_id == "001_bb11f538d38316f3.txt" and own.text.startswith("The opinion piece")
    reported = seed_pipeline.ask("Who said it is impossible to eradicate Hamas?")
    assert reported.citations[0].answer == "Ehud Barak"  # a reported claim: its source


def test_a_question_naming_its_article_is_not_retried_with_the_last_questions_words(seed_pipeline):
    first = seed_pipeline.ask("Who says the US is trying to hurt Russia?")
    history = [{"role": "user", "content": "Who says the US is trying to hurt Russia?"},
               {"role": "assistant", "content": first.text}]
    result = seed_pipeline.ask("Who does the opinion piece say will find it hard to de-escalate?", history)
    assert result.query == "Who will find it hard to de-escalate?"
    # it had been asked again with "US trying hurt Russia" and answered "U.S."
    assert all(c.answer != "U.S." for c in result.citations)


def test_when_is_answered_first_by_the_sentence_giving_a_date(seed_pipeline):
    result = seed_pipeline.ask("When did the Israeli ground operation in Gaza start?")
    assert "October 27" in result.citations[0].quote


def test_how_far_is_not_answered_by_a_sentence_without_a_distance(seed_pipeline):
    # the seeds give missiles' ranges in kilometers, but no distance between Yemen and Israel
    assert seed_pipeline.ask("How far is Yemen from Israel?").abstained


def test_what_a_name_is_is_answered_by_the_sentences_naming_it(seed_pipeline):
    result = seed_pipeline.ask("What is Mekovit?")  # named once, in a sentence about a leaked paper
    assert not result.abstained and "Hebrew media source Mekovit" in result.citations[0].quote
    result = seed_pipeline.ask("What role does Qatar play, according to the articles?")
    assert [c.quote.count("Qatar") for c in result.citations] == [1]


def test_the_news_report_is_never_an_article_marked_as_opinion(seed_pipeline):
    # the ATACMS piece is marked as opinion (its #Opinion tag), so it is never "the news report"
    result = seed_pipeline.ask("What does the news report say about the Biden administration?")
    assert "001_bb11f538d38316f3.txt" not in {c.doc_id for c in result.citations}
    assert "remains cautious" in result.citations[0].quote


def test_a_sentence_denying_what_is_asked_does_not_answer_it_first(seed_pipeline):
    result = _conversation(seed_pipeline, "What are ATACMS?", "Can they reach Moscow?", "Which missiles can?")
    assert result.citations[0].quote.startswith("Tomahawk missiles")  # not "These missiles cannot reach Moscow"
    # ... nor the question asked whole: the sentence denies its verb and what it asks that of
    result = seed_pipeline.ask("What weapons can reach Moscow, according to the ATACMS piece?")
    assert result.citations[0].quote.startswith("Tomahawk missiles")
    # (whether they can is answered by the denial)
    result = _conversation(seed_pipeline, "What are ATACMS?", "Can they reach Moscow?")
    assert "cannot reach Moscow" in result.citations[0].quote
    # ... and whether the Tomahawks "would be able to" by what says they can ("— these could reach Moscow"), not by
    # a sentence weighing what will happen ("The conflict could continue …, … regime change in Moscow, …")
    result = _conversation(seed_pipeline, "What does Aharoni say Zelensky's peace plan involved?",
                           "would those be able to reach Moscow?")
    assert "these could reach Moscow" in result.citations[0].quote


def test_who_disagrees_is_answered_by_another_voice(seed_pipeline):
    result = _conversation(seed_pipeline, "Who is Yoav Gallant?", "What did he and Netanyahu declare?", "Who disagrees?")
    assert "impossible to eradicate Hamas" in result.citations[0].quote
    assert result.citations[0].reported_source.endswith("Ehud Barak")


def test_an_author_named_earlier_is_not_searched_for_in_a_follow_up(seed_pipeline):
    history = [{"role": "user", "content": "What does Aharoni say about sanctions?"}, {"role": "assistant", "content": "…"}]
    query = seed_pipeline.standalone("What was their point, according to him?", history)
    assert "sanctions" in query and "Aharoni" not in query
    assert "Aharoni" in seed_pipeline.standalone("What else does Aharoni say?", history)  # his own words stay
    # (nor the word that brought his name in: "per Aharoni" lends "red line", not "red line per")
    history = [{"role": "user", "content": "What is the Biden administration's red line, per Aharoni?"},
               {"role": "assistant", "content": "…"}]
    query = seed_pipeline.standalone("and what did the administration now authorize?", history)
    assert "red line" in query and not re.search(r"\bper\b|Aharoni", query)


def test_the_writer_of_an_article_described_is_that_article_not_a_word_to_search(seed_pipeline):
    # ("ATACMS" searched for would pick the sentence naming it, on no civilian site)
    result = seed_pipeline.ask("Which civilian sites does the ATACMS writer accuse Ukraine of striking?")
    assert {c.doc_id for c in result.citations} == {"001_bb11f538d38316f3.txt"}
    assert "Crimean Bridge" in result.citations[0].quote


def test_a_sum_asked_is_not_answered_by_a_count_of_another_thing(seed_pipeline):
    # "2,000 special forces soldiers" in a sentence on the Israeli army; "tens of billions of dollars" is elsewhere
    assert seed_pipeline.ask("What is the budget of the Israeli army?").abstained
    given = seed_pipeline.ask("What is the value of the weapons the US has given Ukraine?")
    assert not given.abstained and given.citations[0].answer == "tens of billions of dollars"


def test_a_specialty_asked_is_found_where_a_unit_specializes(seed_pipeline):
    result = seed_pipeline.ask("What is the MEU's specialty, per the news report?")
    assert not result.abstained and "specializes in various operations" in result.citations[0].quote


def test_whose_thing_an_article_quotes_is_answered_by_the_sentence_naming_it(seed_pipeline):
    result = seed_pipeline.ask("Whose tweet does the Gaza piece quote?")
    assert not result.abstained and "Yair Golan" in result.citations[0].answer


def test_a_count_of_deaths_is_answered_only_by_a_sentence_counting_deaths_where_asked(seed_pipeline):
    # "the Americans have also stationed 2,000 special forces soldiers": soldiers, but none dead
    assert seed_pipeline.ask("How many American soldiers have died in Gaza?").abstained
    killed = seed_pipeline.ask("How many civilians have died in Gaza?")  # "Israel has murdered about 10,000 civilians"
    assert not killed.abstained and killed.citations[0].answer == "about 10,000 civilians"
    assert seed_pipeline.ask("How many civilians died in the attack on the Kursk reactor?").abstained
    # the dead are fighters or civilians, never one for the other
    assert seed_pipeline.ask("How many Hamas fighters have been killed?").abstained
    assert seed_pipeline.ask("What is the death toll among Hamas militants so far?").abstained  # a count asked
    toll = seed_pipeline.ask("What is the death toll among civilians in Gaza?")  # without "how many"
    assert not toll.abstained and toll.citations[0].answer == "about 10,000 civilians"
    assert not seed_pipeline.ask("How many Palestinians has Israel murdered in Gaza?").abstained


def test_what_an_article_says_about_a_country_includes_the_sentences_naming_its_people(seed_pipeline):
    result = seed_pipeline.ask("What does the Gaza article say about Egypt?")
    quotes = [c.quote for c in result.citations]
    assert any("to Egypt" in q for q in quotes) and any("Egyptian President" in q for q in quotes)


def test_a_direct_answer_is_never_the_questions_own_words(seed_pipeline):
    history = [{"role": "user", "content": "Tell me about the Marines heading to Israel."}]
    history.append({"role": "assistant", "content": seed_pipeline.ask(history[0]["content"]).text})
    result = seed_pipeline.ask("Who commands them?", history)
    asked = {"who", "commands", "them", "marine", "marines", "heading", "israel"}  # the question and its subject
    assert all(c.answer is None or set(c.answer.lower().split()) - asked for c in result.citations)


def test_an_article_putting_a_topic_in_other_words_is_read_beside_one_naming_it(seed_pipeline):
    # "any one mistake might spark a regional war …" beside "… expanding into a wider regional war"
    result = seed_pipeline.ask("How do the articles describe the risk of a wider war?")
    gaza, marines = "000_b759d4404567853c.txt", "002_946b607c78fc92eb.txt"
    assert {gaza, marines} <= {c.doc_id for c in result.citations}
    assert "regional war" in next(c.quote for c in result.citations if c.doc_id == gaza)


def test_whether_articles_agree_on_a_count_reads_a_count_in_words_of_what_is_counted(seed_pipeline):
    # "a second aircraft carrier" beside "two aircraft carriers" (what is counted, not "… the US sent")
    result = seed_pipeline.ask("Do the articles agree on how many aircraft carriers the US sent?")
    assert {"000_b759d4404567853c.txt", "002_946b607c78fc92eb.txt"} <= {c.doc_id for c in result.citations}
    assert "second aircraft carrier" in result.text


def test_what_an_article_says_of_a_number_leads_with_the_sentence_counting_that_thing(seed_pipeline):
    result = seed_pipeline.ask("What does the news report say about the 2,000 troops?")
    assert "approximately 2,000 troops" in result.citations[0].quote  # not "2,000 Marines and sailors"
    same = _conversation(seed_pipeline, "What does the news report say about the 2,000 troops?", "And the op-ed?",
                         "Are they the same troops?")
    assert {"000_b759d4404567853c.txt", "002_946b607c78fc92eb.txt"} <= {c.doc_id for c in same.citations}
    named = _conversation(seed_pipeline, "How many troops is Austin getting ready to send to Israel?",
                          "is that the same 2,000 the op-ed talks about?")
    assert [c.doc_id for c in named.citations] == ["002_946b607c78fc92eb.txt", "000_b759d4404567853c.txt"]
    assert "2,000 special forces soldiers" in named.citations[1].quote


def test_how_articles_differ_on_a_number_sets_each_articles_count_side_by_side(seed_pipeline):
    result = seed_pipeline.ask("How do the articles differ on the number of US troops?")
    opening = result.parts[0]
    assert opening.startswith("Side by side") and "“2,000 special forces soldiers”" in opening
    assert "“approximately 2,000 troops”" in opening or "“2,000 Marines and sailors”" in opening


def test_a_threat_an_article_tells_in_its_own_words_is_answered(seed_pipeline):
    result = seed_pipeline.ask("What did the Axis of Resistance threaten?")
    assert not result.abstained and "prepared to join the conflict" in result.citations[0].quote
    assert seed_pipeline.ask("What did Hezbollah say?").abstained  # words no article reports


def test_a_follow_up_the_subject_does_not_answer_is_asked_with_what_was_just_quoted(seed_pipeline):
    result = _conversation(seed_pipeline, "What is the Axis of Resistance threatening?", "Under what conditions?")
    assert not result.abstained and "displace Palestinians" in result.citations[0].quote
    result = _conversation(seed_pipeline, "What is Site 512?", "Where is it being built?")
    assert not result.abstained and "Mt. Har Qeren" in result.citations[0].quote


def test_how_a_country_responded_is_answered_by_what_its_people_are_reported_saying(seed_pipeline):
    result = _conversation(seed_pipeline, "What did Israel's intelligence ministry propose?", "How did Egypt respond?")
    assert not result.abstained and "would not accept" in result.citations[0].quote


def test_an_amount_told_in_words_answers_how_much(seed_pipeline):
    result = seed_pipeline.ask("How much humanitarian aid is the US giving Gaza?")
    assert not result.abstained and "meager amounts of humanitarian supplies" in result.parts[0]


def test_a_question_according_to_an_article_described_by_its_subject_quotes_only_that_article(seed_pipeline):
    result = seed_pipeline.ask("What is Hezbollah doing, according to the Gaza article?")
    assert {c.doc_id for c in result.citations} == {"000_b759d4404567853c.txt"}
    assert seed_pipeline.ask("What does the Gaza article say Austin ordered?").abstained  # it never names him
    result = seed_pipeline.ask("What does the opinion piece on Gaza say the US did with its combat aircraft?")
    assert {c.doc_id for c in result.citations} == {"000_b759d4404567853c.txt"}  # described after the noun
    # "report" after a name is a verb, not an article described by the name
    result = seed_pipeline.ask("What did the Financial Times report?")
    assert not result.abstained and "under wraps" in result.citations[0].quote


def test_whether_another_article_agrees_sets_its_nearest_sentence_beside_the_quote(seed_pipeline):
    result = _conversation(seed_pipeline, "What does the news report say Austin ordered?", "Does the Gaza article agree?")
    assert [c.doc_id for c in result.citations] == ["002_946b607c78fc92eb.txt", "000_b759d4404567853c.txt"]
    assert "Lloyd Austin" in result.citations[0].quote and "2,000 special forces" in result.citations[1].quote
    # ... and a question about the articles after it asks of them all, not of the article it led with
    result = _conversation(seed_pipeline, "What does the news report say Austin ordered?", "Does the Gaza article agree?",
                           "Which of the two articles was published first?")
    assert "2023-11-10" in result.text and "names no date" in result.text
    result = _conversation(seed_pipeline, "What is Israel's first objective in Gaza?", "Does the news report agree?")
    assert result.abstained and "says nothing close" in result.text
    # of a quote of two sentences, the one holding what was asked about is the point compared ("… This includes
    # … a potential ground invasion of Gaza by Israel.", not the deployment's insights)
    result = _conversation(seed_pipeline, "What does the news report say about a ground invasion?", "Does the op-ed agree?")
    assert result.citations[1].doc_id == "000_b759d4404567853c.txt" and "ground" in result.citations[1].quote.lower()


def test_whether_they_agree_sets_what_the_conversation_quoted_of_each_article_side_by_side(seed_pipeline):
    first = seed_pipeline.ask("What does the news report say about Hezbollah?")
    history = [{"role": "user", "content": "What does the news report say about Hezbollah?"},
               {"role": "assistant", "content": first.text}]
    second = seed_pipeline.ask("What does the Gaza op-ed say about it?", history)
    history += [{"role": "user", "content": "What does the Gaza op-ed say about it?"},
                {"role": "assistant", "content": second.text}]
    result = seed_pipeline.ask("Do they agree?", history)
    assert [c.doc_id for c in result.citations] == ["000_b759d4404567853c.txt", "002_946b607c78fc92eb.txt"]
    assert [c.quote for c in result.citations] == [second.citations[0].quote, first.citations[0].quote]


def test_a_peoples_adjective_before_a_noun_is_no_direct_answer_to_who(seed_pipeline):
    result = _conversation(seed_pipeline, "What is happening on the Iraqi-Jordanian border?", "Who are they supporting?")
    assert "Thousands of supporters" in result.citations[0].quote and result.citations[0].answer != "Palestinian"


def test_who_did_a_deed_told_with_its_doer_after_by_is_never_another_name(seed_pipeline):
    # "Washington is exerting great effort to conceal the genocide carried out by its right-wing Israeli ally …"
    result = seed_pipeline.ask("Who does the op-ed say committed genocide in Gaza?")
    assert "carried out by its right-wing Israeli ally" in result.citations[0].quote
    assert result.citations[0].answer != "Washington"


def test_what_else_they_did_may_be_told_in_the_sentence_a_direct_answer_was_taken_from(seed_pipeline):
    # the last answer gave “2,000 special forces soldiers” and its sentence in full, which goes on "…, bolstered their
    # forces and boosted the number of combat aircraft …": not another sentence, for having quoted that one
    result = _conversation(seed_pipeline, "How many special forces soldiers have the Americans stationed in Palestine, "
                                          "per the Gaza op-ed?", "what else did they boost?")
    assert "boosted the number of combat aircraft" in result.citations[0].quote


def test_whom_a_deed_was_done_to_is_named_just_after_its_verb_or_not_at_all(seed_pipeline):
    # "… in its attack on Gaza, the Americans have also stationed 2,000 special forces soldiers …, and recruited
    # military advisors.": the advisors are named by no name, and "Gaza" is not whom they recruited
    result = _conversation(seed_pipeline, "How many special forces soldiers have the Americans stationed in Palestine, "
                                          "per the Gaza op-ed?", "and who did they recruit?")
    assert "recruited military advisors" in result.citations[0].quote and result.citations[0].answer is None


def test_a_number_in_another_unit_never_says_what_something_costs(seed_pipeline):
    assert seed_pipeline.ask("How much does an ATACMS missile cost?").abstained  # only its range is given
    result = _conversation(seed_pipeline, "What does the news report say the US wants to prevent?",
                           "When was this reported?")
    assert "2023-11-10" in result.text and [c.doc_id for c in result.citations] == ["002_946b607c78fc92eb.txt"]


def test_who_said_a_thing_cannot_be_done_is_answered_by_the_one_denying_it(seed_pipeline):
    result = seed_pipeline.ask("Which Israeli official said Hamas cannot be eradicated?")
    assert result.citations[0].answer == "Ehud Barak"  # not "Prominent Israeli" of those declaring the goal
    # "British" is a name the articles write, as "Britain"
    assert "none of them mentions" not in seed_pipeline.ask("What have the British sent?").text


def test_a_plural_name_is_answered_by_the_sentence_naming_one(seed_pipeline):
    result = seed_pipeline.ask("How far can Tomahawks fly?")
    assert not result.abstained and "2400 kilometers" in result.citations[0].quote


def test_what_someone_said_about_a_topic_is_not_their_words_on_another(seed_pipeline):
    # Netanyahu is quoted only declaring the goal of eradicating Hamas; the hostages are another sentence's
    assert seed_pipeline.ask("What did Netanyahu say about the hostages?").abstained
    # ... but the paragraph may name the topic that the words themselves call "these missiles"
    result = seed_pipeline.ask("What did Russia say about the Tomahawks?")
    assert not result.abstained and "major Russian response" in result.citations[0].quote


def test_who_holds_a_role_no_article_writes_is_not_answered_with_another_role(seed_pipeline):
    result = seed_pipeline.ask("Who is the US ambassador to Israel?")  # not the foreign minister of Jordan
    assert result.abstained and "mentions an ambassador" in result.text
    assert not seed_pipeline.ask("Who is the foreign minister of Jordan?").abstained


def test_he_after_a_byline_is_the_author_and_reads_his_article(seed_pipeline):
    result = _conversation(seed_pipeline, "Who wrote the piece about ATACMS?", "When?",
                           "What does he think Biden wants to do to Trump?")
    assert not result.abstained and "By" not in result.query.split()  # not the byline's first word
    assert {c.doc_id for c in result.citations} == {"001_bb11f538d38316f3.txt"}
    assert "Trump" in result.citations[0].quote


def test_whether_the_claim_just_quoted_can_be_done_reads_what_follows_it(seed_pipeline):
    result = _conversation(seed_pipeline, "Who is Yoav Gallant?", "What goal did he declare?",
                           "Does the op-ed think that can be done?")
    assert not result.abstained and "nearly impossible to accomplish" in result.citations[0].quote


def test_a_toll_asked_with_words_before_it_is_a_number_no_article_gives(seed_pipeline):
    # "the US death toll": no article counts American dead, and no sentence without one answers
    assert seed_pipeline.ask("What is the US death toll in the Gaza war?").abstained


def test_an_article_never_naming_what_the_question_names_is_not_set_beside_one_that_does(seed_pipeline):
    # the Gaza op-ed counts missiles too, but never names Ukraine
    result = seed_pipeline.ask("How many missiles does the US have left to give Ukraine?")
    assert not result.abstained and {c.doc_id for c in result.citations} == {"001_bb11f538d38316f3.txt"}


def test_whether_a_thing_will_happen_is_answered_by_the_sentence_weighing_it(seed_pipeline):
    # not the unit's own sentence, which the follow-up borrowed its subject from
    result = _conversation(seed_pipeline, "What is the 26th Marine Expeditionary Unit doing?", "Will it fight?")
    assert not result.abstained and "does not necessarily mean it will be engaged in combat" in result.citations[0].quote


@pytest.mark.parametrize("turns", [
    ("What did Washington persuade Israel to give up?", "What are some of those goals?"),
    # (things the article goes on to call otherwise than the quote did: "goals", then "these objectives")
    ("What does the Gaza op-ed say Washington persuaded Israel to abandon?", "what did it favor instead?",
     "name one of those objectives")])
def test_what_some_of_those_things_are_is_what_the_article_goes_on_to_name(seed_pipeline, turns):
    # "… smaller-scale operations with clear goals." then "… are just a few of these objectives."
    result = _conversation(seed_pipeline, *turns)
    assert not result.abstained and result.citations[0].quote.startswith("Controlling barren areas")


@pytest.mark.parametrize("turns", [
    ("Which regional forces have joined the Gaza conflict, per the op-ed?", "and what isn't included in that tally?"),
    ("Whose naval vessels does the Gaza op-ed say are stationed to ensure Israel's security?",
     "how many resistance fighters are in Lebanon, in the same list?", "and what does it say is not even counted?")])
def test_what_a_tally_leaves_out_is_what_the_article_sets_beside_it_next(seed_pipeline, turns):
    # "These include … hundreds of thousands of fighters in Yemen, …" then "And that’s without even taking into
    # account the revolutionary entry of Iran’s missile batteries …"
    result = _conversation(seed_pipeline, *turns)
    assert not result.abstained and "without even taking into account" in result.citations[0].quote


def test_help_asked_for_is_found_as_the_assistance_an_article_writes(seed_pipeline):
    result = _conversation(seed_pipeline, "What does the news report say the US won't do in the Israel-Hamas war?",
                           "so what kind of help might it give instead?")
    assert not result.abstained and "kind of assistance the US might offer" in result.citations[0].quote


def test_two_articles_asked_whether_they_give_the_same_number_are_set_side_by_side(seed_pipeline):
    result = seed_pipeline.ask("Do the news report and the Gaza op-ed give the same number of US troops?")
    assert result.text.startswith("Side by side") and "2,000 special forces soldiers" in result.text


def test_who_else_did_the_same_is_another_even_if_shown_before_after_the_lead(seed_pipeline):
    result = _conversation(seed_pipeline, "What did Egypt's president reject?", "Did any other Arab country refuse too?")
    assert not result.abstained and "Ayman Al-Safadi" in result.citations[0].quote


def test_how_long_a_thing_will_last_is_how_long_it_could_continue(seed_pipeline):
    # "long" asks for a length of time, it is no word to find; "last" is said "continue"
    result = seed_pipeline.ask("How long will the conflict last?")
    assert not result.abstained and "for months or possibly even years" in result.citations[0].quote


def test_the_middle_of_a_place_is_its_center(seed_pipeline):
    # "… stopped an Israeli armored vehicle infiltration into Wadi Gaza, a region in the center of the Strip"
    result = seed_pipeline.ask("What did the resistance do in the middle of the Strip?")
    assert not result.abstained and any("Wadi Gaza" in c.quote for c in result.citations)


def test_who_would_not_accept_a_plan_rejected_it(seed_pipeline):
    # Al-Sisi "declared he would not accept an Israeli plan to permit Gaza inhabitants to overrun the Sinai
    # Peninsula"; Al-Safadi "similarly rejected a similar Israeli request": the word is his, the plan Al-Sisi's
    result = _conversation(seed_pipeline, "What does the op-ed say about the Sinai Peninsula?", "Who rejected it?")
    assert not result.abstained and "Al-Sisi" in result.citations[0].quote


def test_who_else_did_it_is_another_than_the_one_the_answer_led_with(seed_pipeline):
    # the first answer shows Al-Safadi's refusal after Al-Sisi's: he is the other, not a sentence neither quoted
    result = _conversation(seed_pipeline, "What did Egypt's president refuse?", "Who else refused a similar plan?")
    assert not result.abstained and "Ayman Al-Safadi" in result.citations[0].quote


def test_what_a_doer_wants_is_told_by_the_sentence_saying_it_wants_it(seed_pipeline):
    # "It wants to use it to negotiate the release of over 7,000 Palestinian prisoners …" (the resistance in the
    # sentence before it), not the sentence on the hostages, which shares more of the question's words
    result = seed_pipeline.ask("What does the resistance want in exchange for the hostages?")
    assert not result.abstained and "7,000 Palestinian prisoners" in result.citations[0].quote
    # ("he" is no doer to look for: the conversation names him)
    result = _conversation(seed_pipeline, "Who is Ayman Al-Safadi?", "What did he reject?")
    assert not result.abstained and "similar Israeli request" in result.citations[0].quote


def test_troops_lost_are_not_answered_by_troops_stationed(seed_pipeline):
    # "… where Russia has supposedly stationed 40,000 to 50,000 troops": how many are near Kursk, not how many
    # Russia lost (losses of persons are harm, counted as deaths are)
    near = seed_pipeline.ask("How many Russian soldiers are near Kursk?")
    assert not near.abstained and "40,000 to 50,000" in near.citations[0].quote
    assert seed_pipeline.ask("How many troops did Russia lose in Kursk?").abstained


def test_who_says_a_claim_is_the_source_reported_telling_it(seed_pipeline):
    # "According to the Financial Times, Israel is keeping most of these military actions under wraps …" (its
    # ground operations told in the sentence before), not "Ground operations by Israel have started …"
    result = seed_pipeline.ask("What's the source for the claim that Israel is hiding its ground operations?")
    assert not result.abstained and "Financial Times" in result.citations[0].quote
    # (a claim's number is the claim's: "… began in 2014", not analysts' words on the war "to begin with")
    result = seed_pipeline.ask("Who thinks the war in Ukraine began in 2014?")
    assert not result.abstained and "February 2014" in result.citations[0].quote


def test_whether_anyone_else_did_it_asks_who_did_as_who_else_does(seed_pipeline):
    # "anyone else" asks for a person as "who" does: it is no word to find ("Who rejected a similar plan?")
    result = seed_pipeline.ask("did anyone else reject a similar plan?")
    assert not result.abstained and "Ayman Al-Safadi" in result.text
    result = _conversation(seed_pipeline, "who is al-sisi", "what did he turn down?",
                           "did anyone else reject a similar plan?")
    assert not result.abstained and "Ayman Al-Safadi" in result.citations[0].quote


def test_who_else_did_it_may_be_named_beside_him_in_the_quote_just_given(seed_pipeline):
    result = _conversation(seed_pipeline, "Who is Benjamin Netanyahu?", "What did he declare?", "Who else declared it?")
    assert not result.abstained and "Defense Minister Yoav Gallant" in result.citations[0].quote
    # (“Al-Aqsa Flood,” in the lead-in names an attack, not a person: it is no direct answer)
    assert "“Al-Aqsa Flood” [1]" not in result.text


def test_the_word_a_follow_up_adds_picks_the_sentence_over_the_word_it_shares(seed_pipeline):
    # "the plan" is the conversation's subject ("Israel's plans"); "leaked" is what is asked of it
    result = _conversation(seed_pipeline, "What are Israel's plans for Gaza's inhabitants, according to the op-ed?",
                           "Where was the plan leaked?")
    assert "leaked to the Hebrew media source Mekovit" in result.citations[0].quote


def test_he_who_is_known_only_as_an_author_is_asked_of_as_the_author_of_his_article(seed_pipeline):
    for question, words in [("What is his main argument?", "especially dangerous escalation"),
                            ("When did he publish it?", "2024-11-29")]:
        result = _conversation(seed_pipeline, "Who is Yossi Aharoni?", question)
        assert {c.doc_id for c in result.citations} == {"001_bb11f538d38316f3.txt"} and words in result.text


def test_their_other_deeds_are_the_rest_of_the_list_just_quoted(seed_pipeline):
    result = _conversation(seed_pipeline, "What does the op-ed say about the Erez crossing?", "Who conducted it?")
    assert "Palestinian resistance forces" in result.citations[0].quote
    assert result.citations[0].answer != "Strip"  # "… a region in the center of the Strip": no one
    result = _conversation(seed_pipeline, "What does the op-ed say about the Erez crossing?", "Who conducted it?",
                           "What else did they do?")
    assert "engaged the enemy with anti-armor missiles" in result.citations[0].quote


def test_an_article_described_in_lower_case_before_one_is_found_by_its_words(seed_pipeline):
    result = seed_pipeline.ask("when was the marines one published")
    assert [c.doc_id for c in result.citations] == ["002_946b607c78fc92eb.txt"] and "2023-11-10" in result.text


def test_what_happened_to_a_name_is_what_the_sentences_naming_it_say(seed_pipeline):
    result = seed_pipeline.ask("what happened to nord stream")
    assert not result.abstained and "bombing of the Nord Stream II pipeline" in result.citations[0].quote


def test_what_else_of_a_list_just_quoted_is_that_list(seed_pipeline):
    result = _conversation(seed_pipeline, "What does Aharoni say about the Nord Stream pipeline?",
                           "What other targets does he list?")
    assert not result.abstained and "Crimean Bridge, bridges in Kursk" in result.citations[0].quote


def test_which_other_things_are_named_is_read_again_with_the_list_just_quoted(seed_pipeline):
    # the question made standalone borrows the last question's words ("blame hitting") and abstains; asking
    # "Which other targets are named?" names no article, so it is read again with the words the last answer quoted
    result = _conversation(seed_pipeline, "What's the Nord Stream II pipeline?",
                           "who does Aharoni blame for hitting it?", "which other targets are named?")
    assert not result.abstained and "Crimean Bridge, bridges in Kursk" in result.citations[0].quote


def test_a_count_no_article_gives_is_not_answered_by_details_withheld_on_something_else(seed_pipeline):
    # "US officials have refrained from providing specific details regarding the deployment" holds "US",
    # not what is counted
    assert seed_pipeline.ask("How many US soldiers have died in Gaza?").abstained


def test_when_a_thing_will_happen_is_not_answered_by_a_sentence_giving_no_date(seed_pipeline):
    # "… the potential to spark unrest …" and the like say nothing of when
    assert seed_pipeline.ask("When will the war in Gaza end?").abstained
    result = seed_pipeline.ask("When will the Marines be deployed to Israel?")
    assert result.abstained or "nor does it guarantee" not in result.citations[0].quote


def test_when_a_thing_was_done_is_not_answered_by_the_date_of_another_deed(seed_pipeline):
    # "… the Ukrainian Kursk offensive which began in August 2024": when it began, not when it was halted
    assert seed_pipeline.ask("When was the Ukrainian Kursk offensive halted?").abstained
    launched = seed_pipeline.ask("When was the Kursk offensive launched?")  # "launched" is "began"
    assert not launched.abstained and "August 2024" in launched.citations[0].quote


@pytest.mark.parametrize("question", ["Who leads Hezbollah?", "Who controls the Golan Heights?",
                                      "Who runs the Israeli Ministry of Intelligence?",
                                      # (a role over something else: "former army chief of staff and defense
                                      # minister Ehud Barak, it is impossible to eradicate Hamas …")
                                      "Who leads Hamas?",
                                      # ("in command of" is "commands": not "… aboard the USS Bataan")
                                      "Who is in command of Hezbollah?", "Who is in command of the 26th MEU?",
                                      # (a person asked by an office: not "… Russia has supposedly stationed …")
                                      "Which Russian general commands the Kursk troops?"])
def test_who_holds_a_role_over_something_no_article_gives_a_role_for_is_not_answered(seed_pipeline, question):
    # sentences naming Hezbollah, the Golan Heights or the ministry name no one leading, controlling or running it
    assert seed_pipeline.ask(question).abstained


@pytest.mark.parametrize("question", ["What is the name of the second aircraft carrier?",
                                      "What are the names of the aircraft carriers?"])
def test_the_name_of_a_thing_no_article_names_is_not_answered(seed_pipeline, question):
    # "a second aircraft carrier to the eastern Mediterranean Sea", "two aircraft carriers": no carrier's name
    assert seed_pipeline.ask(question).abstained
    base = seed_pipeline.ask("What is the name of the classified base in the Negev?")  # "… named Site 512"
    assert not base.abstained and "Site 512" in base.citations[0].quote


def test_a_sentence_of_the_day_a_question_names_comes_first(seed_pipeline):
    # not the headline's "fully supporting the Israel army’s armed offensive", which tells no day
    for question in ("What did Israel's army do overnight on October 27–28?", "What did Israel's army do on October 27?",
                     "what did Israel's army do on october 27?"):  # (the month typed in lower case)
        assert "agricultural territory" in seed_pipeline.ask(question).citations[0].quote


def test_a_follow_up_asking_whether_is_not_answered_by_the_last_quote_again_when_it_weighs_nothing_asked(seed_pipeline):
    # the unit's sentence ("… which specializes in various operations, has been redirected …") tells no combat
    result = _conversation(seed_pipeline, "What is the 26th MEU's specialty?", "and has it been sent into combat?")
    assert "engaged in combat" in result.citations[0].quote
    # (but a sentence on another thing is no answer either: "is it a carrier?" of the USS Bataan is answered by
    # "… the USS Bataan, an amphibious assault ship …" again, not by "… a second aircraft carrier …")
    result = _conversation(seed_pipeline, "In which gulf is the USS Bataan sailing?", "is it a carrier?")
    assert "amphibious assault ship" in result.citations[0].quote
    # (a question asking who did the deed just quoted is still answered by that quote, which names the doer)
    result = _conversation(seed_pipeline, "What happened at the Erez crossing?", "Who carried it out?")
    assert "Palestinian resistance forces" in result.citations[0].quote


def test_a_measure_of_a_named_thing_no_sentence_gives_is_not_answered(seed_pipeline):
    # the sentence naming the ship gives no number, let alone its crew's
    assert seed_pipeline.ask("What is the USS Bataan's crew size?").abstained


@pytest.mark.parametrize("first, follow_up", [
    ("Who is Lloyd Austin?", "Does that mean the troops will go?"),
    # (how sure a thing is asks whether it will happen: "nor does it guarantee")
    ("What would the 2,000 troops Austin ordered to prepare do?", "are they sure to be sent?"),
    ("How many troops did Austin put on alert?", "Are they certain to go?")])
def test_whether_the_troops_will_go_leads_with_the_sentence_weighing_it_not_a_potential_deployment(seed_pipeline,
                                                                                                  first, follow_up):
    # "… ordered approximately 2,000 troops to prepare for potential deployment" weighs nothing
    result = _conversation(seed_pipeline, first, follow_up)
    assert "nor does it guarantee" in result.citations[0].quote


def test_a_paraphrase_in_everyday_words_finds_the_sentence_that_says_it_otherwise(seed_pipeline):
    # "Kyiv’s objective of regime change in Moscow, which is a delusional fever dream"
    result = seed_pipeline.ask("How does Aharoni describe the aim of toppling the government in Moscow?")
    assert not result.abstained and "delusional fever dream" in result.citations[0].quote
    # (while "first objective" still finds "Israel’s first stated objective is …", not "… tone back its goals")
    assert "eradicate" in seed_pipeline.ask("What is Israel's first objective in Gaza?").citations[0].quote


def test_its_of_the_thing_discussed_is_not_asked_of_the_article(seed_pipeline):
    # not "The opinion piece … names no author": the base is expanded by the US
    result = _conversation(seed_pipeline, "Where is the classified base named Site 512?", "who is behind its expansion?")
    assert "The US is quietly expanding" in result.citations[0].quote


def test_a_response_the_last_answer_quoted_is_quoted_again_and_those_things_keep_their_name(seed_pipeline):
    turns = ["What did Russia say about delivering Tomahawks to Ukraine?", "and what was Biden's answer to Zelensky?"]
    # "Knowing this, Biden told Zelensky this was a non-starter.", which the first answer quoted after Russia's words
    assert "non-starter" in _conversation(seed_pipeline, *turns).citations[0].quote
    # "those missiles" are the Tomahawks, not the words of the turn before ("Biden's answer Zelensky")
    result = _conversation(seed_pipeline, *turns, "how far can those missiles fly?")
    assert not result.abstained and "2400 kilometers" in result.citations[0].quote


@pytest.mark.parametrize("turns", [
    ("How many military bases does the US have worldwide, per Aharoni?", "does that include bases in Eastern Europe?",
     "what does he say those assets have become?"),
    # (a name before the noun, after the NATO countries were quoted)
    ("Which NATO countries on Russia's border does the Ukraine op-ed name?",
     "and which Nordic country was recently accepted into the alliance?",
     "and what does he say all these US assets now are?")])
def test_those_things_a_follow_up_points_back_at_are_found_where_the_article_calls_them_so(seed_pipeline, turns):
    # not the last quote again ("The US has over 800 military bases …", "Many former Warsaw Pact countries …"):
    # "All these U.S. military assets … are now officially fair game"
    result = _conversation(seed_pipeline, *turns)
    assert "fair game" in result.citations[0].quote


@pytest.mark.parametrize("question, evidence", [
    # "The deployment of a second aircraft carrier … and the sending of Air Force fighter jets are evidence of this
    # increased presence.", not the sentence before it, which tells the presence again ("… in the Middle East")
    ("What evidence does the news report give of the stronger US presence in the Middle East?", "second aircraft carrier"),
    ("What evidence does the news report give of a stronger US presence?", "second aircraft carrier"),
    ("What evidence does Aharoni give that the war was never defensive?", "already used the ATACMS")])
def test_the_evidence_asked_for_is_the_sentence_offering_it(seed_pipeline, question, evidence):
    result = seed_pipeline.ask(question)
    assert not result.abstained and evidence in result.citations[0].quote


def test_what_it_is_cautious_about_is_no_question_about_the_article(seed_pipeline):
    # "it" is the administration ("… the Biden administration remains cautious about deploying US troops …"), not
    # the article, whose summary had answered
    result = _conversation(seed_pipeline, "According to the news report, what is the Biden administration trying not "
                                          "to get entangled in?", "so what is it cautious about?")
    assert "cautious about deploying US troops to Israel" in result.citations[0].quote


def test_what_it_says_of_a_subject_of_its_own_is_asked_in_its_own_words(seed_pipeline):
    # not the elephants in the china shop again: "While posing as a guarantee that Israel’s attack on Gaza will stay
    # inside its borders, the US is actually escalating the crisis …"
    result = _conversation(seed_pipeline, "What does the Gaza op-ed compare the US approach to?",
                           "what does it say the US is posing as?")
    assert not result.abstained and "posing as a guarantee" in result.citations[0].quote


def test_a_reaction_to_that_is_to_what_was_just_quoted(seed_pipeline):
    # Putin's words on the strikes into pre-2014 Russian territory, not his words on the nuclear doctrine
    result = _conversation(seed_pipeline, "What is the Biden administration's red line, per Aharoni?",
                           "and what did the administration now authorize?", "how did Putin react to that?")
    assert "parties to the conflict" in result.citations[0].quote


def test_a_word_and_its_noun_find_each_other(seed_pipeline):
    # "And that’s without even taking into account the revolutionary entry of Iran’s missile batteries …"
    result = seed_pipeline.ask("Does the op-ed on Gaza expect Iran to enter the fight?")
    assert not result.abstained and "entry of Iran" in result.citations[0].quote


def test_a_count_of_two_things_opens_with_both(seed_pipeline):
    result = seed_pipeline.ask("How many Marines and sailors are in the force heading to Israel?")
    assert result.citations[0].answer == "2,000 Marines and sailors"


@pytest.mark.parametrize("question, words", [
    # "naval vessels from Britain and other western nations": "Western" is not a name no article mentions
    ("Which other Western country has naval vessels there?", "Britain"),
    ("What is the rapid response force made up of?", "comprising 2,000 Marines and sailors"),
    # everyday words: "ask … for" against "a request to President Biden for Tomahawk missiles"
    ("What did Zelensky ask Biden for?", "Tomahawk missiles"),
    # the sentence naming the reason for what was done, not "… an especially dangerous escalation …,
    # because it simultaneously authorizes …", which says why the sending is dangerous
    ("Why does Aharoni think the US sent the ATACMS?", "The most likely reason for Biden"),
    # a count of a name no article gives: "the exact number of missiles has not yet been confirmed"
    ("How many ATACMS were sent?", "has not yet been confirmed"),
    # a request to quote where an article mentions a thing
    ("Quote the sentence where the op-ed mentions elephants.", "herd of elephants"),
    # "Ground operations by Israel have started …", then the sentence pointing back to them with a purpose:
    # "… these military actions under wraps to keep Iran and Hezbollah out of the conflict"
    ("Why did Israel hide its ground operations?", "to keep Iran and Hezbollah out of the conflict"),
    # the sentences a claim rests on, framed as the article's own or as the source it cites
    ("What does Aharoni base his claim that Ukraine cannot win on?", "Many countries in NATO and the EU"),
    ("Does the Gaza op-ed give a source for the claim about Site 512?", "Site 512"),
    # "the op-ed's own view": the opinion pieces, not the news report's "no plans to engage in direct military action"
    ("Is it the op-ed's own view that the US is directing Israel's war?", "directed by the United States"),
    # "show": "… the movement and positioning of forces demonstrate the United States’ commitment …"
    ("What does the news report say the deployments show about the United States?", "commitment to ensuring stability"),
    # "… suggested the relocation of over 2.4 million Palestinians from Gaza to Egypt …"
    ("How many people did Israel want to move to Egypt?", "2.4 million"),
    # "engaged the enemy with anti-armor missiles"
    ("How have the Palestinians fought back?", "anti-armor missiles"),
    # a people's name and its place's, in the search too: "the foreign minister of the Kingdom of Jordan"
    ("Which Jordanian official is quoted in the op-ed?", "Ayman Al-Safadi"),
    # what came after a deed: what the article tells after the sentence telling it, unless that sentence tells
    # the response as well
    ("What did the Israeli army do after seizing farmland?", "From there, it moved into a sparsely populated area"),
    ("What did Biden do after Zelensky asked for Tomahawks?", "Biden told Zelensky this was a non-starter"),
    ("What did Russia do after Ukraine launched its Kursk offensive?", "stationed 40,000 to 50,000 troops"),
    # "do" asks for a deed without naming it, as "happen" does: no word to find
    ("What did the US do on November 18?", "On November 18, news media reported the Biden administration"),
    ("What does the news report say the US will not do?", "the US has no plans to engage in direct military action"),
    # a premier is a prime minister
    ("Which Israeli premier does the op-ed name?", "Prime Minister Benjamin Netanyahu"),
    # "American" is held by "US": "US Secretary of Defense Lloyd Austin", not the opinion piece's "the Americans"
    ("Which American defense secretary is mentioned?", "Lloyd Austin"),
    ("What secret American installation is being built in the Negev desert?", "Site 512"),
    # the office a person holds: who the articles say he is
    ("What post does Netanyahu hold?", "Prime Minister Benjamin Netanyahu"),
    # a question the article asks itself ("… after two years of saying that doing so would be too dangerous an
    # escalation?") answers the number it holds, not the sentence answering it
    ("For how many years did Washington call sending these missiles too dangerous?", "two years"),
    # "how much longer" is how long
    ("For how much longer might the fighting in Ukraine last?", "for months or possibly even years"),
    # whether a thing can be done: a sentence saying it is (im)possible, in the question's words or their kin
    ("Does the op-ed think Israel can destroy Hamas?", "impossible to eradicate Hamas"),
    ("Can Israel destroy Hamas?", "impossible to eradicate Hamas"),
    # a body named with a people's name is that body, not any of that people: "An official Israeli Ministry of
    # Intelligence paper that suggested …", not "Prominent Israeli officials … declared …"
    ("What did the Israeli intelligence ministry propose?", "relocation of over 2.4 million Palestinians"),
])
def test_a_question_opens_with_the_sentence_that_answers_it(seed_pipeline, question, words):
    result = seed_pipeline.ask(question)
    assert not result.abstained and words in result.citations[0].quote


def test_those_after_an_answer_naming_no_subject_of_the_question_stand_for_the_things_it_quoted(seed_pipeline):
    # "those" is not Zelensky's peace plan but what it asked for: “… a request to President Biden for Tomahawk missiles”
    result = _conversation(seed_pipeline, "What did Zelensky's peace plan ask for?", "How far can those fly?")
    assert "2400 kilometers" in result.citations[0].quote


def test_a_follow_up_asks_again_of_the_article_the_conversation_is_following(seed_pipeline):
    # "the op-ed" fits both opinion pieces; the answer led with the Gaza one, and "And with …?" keeps to it
    result = _conversation(seed_pipeline, "What does the op-ed say the US did with aircraft carriers?", "And with troops?")
    assert {c.doc_id for c in result.citations} == {"000_b759d4404567853c.txt"}
    # and an author's name the follow-up asks of again is his article, not a word to search for
    result = _conversation(seed_pipeline, "What does Aharoni say about Biden?", "And about Trump?")
    assert "Trump" in result.citations[0].quote


def test_how_another_articles_figure_compares_sets_its_count_beside_the_one_quoted(seed_pipeline):
    result = _conversation(seed_pipeline, "How many US troops does the Gaza op-ed say are stationed in Palestine?",
                           "How does the news report's figure compare?")
    by_doc = {c.doc_id: c.quote for c in result.citations}
    assert "2,000 special forces soldiers" in by_doc["000_b759d4404567853c.txt"]
    assert "2,000" in by_doc["002_946b607c78fc92eb.txt"]


def test_whether_an_article_names_a_thing_it_calls_by_a_common_noun_is_answered_with_the_name(seed_pipeline):
    result = seed_pipeline.ask("Does the news report name the Marine unit?")
    assert result.citations[0].answer == "26th Marine Expeditionary Unit"  # not “the Marine unit does not …”


def test_they_after_what_a_person_did_are_the_things_he_did_it_with(seed_pipeline):
    result = _conversation(seed_pipeline, "What did Lloyd Austin do?", "Are they sure to go to Israel?")
    assert "nor does it guarantee that the identified troops will be deployed" in result.citations[0].quote


def test_whether_an_author_is_for_or_against_a_thing_quotes_his_judgement_of_it(seed_pipeline):
    result = seed_pipeline.ask("Is Aharoni for or against sending ATACMS?")
    assert "an especially dangerous escalation" in result.citations[0].quote


def test_what_an_acronym_the_articles_write_stands_for_is_answered_where_one_spells_it_out(seed_pipeline):
    # "… Hamas, and Palestinian Islamic Jihad (PIJ)": the question shares no other word with the sentence
    result = seed_pipeline.ask("What does PIJ stand for?")
    assert not result.abstained and result.citations[0].answer == "Palestinian Islamic Jihad"
    assert seed_pipeline.ask("What does WHO stand for?").abstained  # no article spells it out


def test_from_there_after_a_place_is_that_place_not_what_the_article_tells_next(seed_pipeline):
    # "… Missiles are periodically fired from Syria …", then the sentence on Yemen's missiles: "from there" is Syria
    result = _conversation(seed_pipeline, "What does the op-ed say about Syria?", "What is fired from there?")
    assert result.citations[0].quote.startswith("Missiles are periodically fired from Syria")


def test_who_holds_a_role_of_a_place_is_not_answered_by_a_sentence_naming_no_such_role(seed_pipeline):
    # the articles name defense ministers of Israel only, and speak of Ukraine elsewhere
    assert seed_pipeline.ask("Who is the defense minister of Ukraine?").abstained
    result = seed_pipeline.ask("Who is the foreign minister of Jordan?")
    assert "Ayman Al-Safadi" in result.citations[0].quote
    # "Ayman Al-Safadi, the foreign minister of the Kingdom of Jordan, …" is no minister of Egypt
    assert seed_pipeline.ask("Who is Egypt's foreign minister?").abstained
    assert "Egyptian President Abdel Fattah Al-Sisi" in seed_pipeline.ask("Who is Egypt's president?").citations[0].quote
    # and the same written with capitals
    assert seed_pipeline.ask("Who is the Defense Minister of Ukraine?").abstained
    assert "Al-Sisi" in seed_pipeline.ask("Who is the President of Egypt?").citations[0].quote


def test_whether_they_agree_on_a_point_sets_the_two_quoted_side_by_side(seed_pipeline):
    result = _conversation(seed_pipeline, "What does the op-ed say about Hezbollah?",
                           "Who does the news report say the US wants to deter?",
                           "Do they agree that Hezbollah is involved?")
    assert {c.doc_id for c in result.citations} >= {"000_b759d4404567853c.txt", "002_946b607c78fc92eb.txt"}
    assert all("Hezbollah" in c.quote for c in result.citations)


def test_of_a_speakers_words_those_holding_what_he_is_asked_to_have_said_come_first(seed_pipeline):
    # both quote Putin; "… now that the U.S. is authorizing missile strikes …, that all parties involved are now
    # considered to be parties to the conflict", not "… updating its nuclear doctrine …", which holds no more of
    # the question than his name
    result = _conversation(seed_pipeline, "Why does Aharoni think Biden sent the ATACMS?",
                           "And what does Putin say the US has become?")
    assert "parties to the conflict" in result.citations[0].quote


def test_a_month_typed_short_and_what_went_on_are_asked_as_written_out(seed_pipeline):
    result = seed_pipeline.ask("what went on in feb 2014")
    assert not result.abstained and "Euromaidan" in result.citations[0].quote


def test_a_count_of_one_people_is_not_answered_by_a_count_of_another_held_by_them(seed_pipeline):
    # "… the release of over 7,000 Palestinian prisoners detained in Israeli facilities" counts no Israelis
    result = seed_pipeline.ask("How many Israelis did Hamas release?")
    assert result.abstained or "7,000" not in result.citations[0].quote


def test_an_article_described_in_lower_case_keeps_a_question_on_its_subject_to_it(seed_pipeline):
    result = seed_pipeline.ask("Which US secretary is named in the marines story?")
    assert not result.abstained and {c.doc_id for c in result.citations} == {"002_946b607c78fc92eb.txt"}
    assert "Lloyd Austin" in result.citations[0].quote
    from rag.about import described_article

    docs = seed_pipeline.index.documents  # ... but "the number one pick" describes no article, nor "the main story"
    for question in ("Who was the number one pick in the draft?", "What is the main story about Gaza?"):
        assert described_article(question, seed_pipeline, docs) is None


def test_a_count_asked_after_a_sentence_of_context_is_answered(seed_pipeline):
    # ("How" opening the second sentence is no name the articles lack)
    result = seed_pipeline.ask("I heard the US sent carriers to the region. How many, according to the op-ed?")
    assert not result.abstained and "two aircraft carriers" in result.citations[0].quote


def test_whether_one_article_agrees_with_another_on_a_claim_sets_both_side_by_side(seed_pipeline):
    result = seed_pipeline.ask("Does the news report agree with the op-ed that the US is running Israel's war?")
    assert not result.abstained
    assert {"000_b759d4404567853c.txt", "002_946b607c78fc92eb.txt"} <= {c.doc_id for c in result.citations}


def test_an_effect_asked_of_a_thing_is_answered_where_the_thing_changes_something(seed_pipeline):
    # "However, the order from Secretary of Defense Austin has reduced the preparation time …", not the sentence
    # telling the order again, nor an abstention: "changed anything", "difference" name no word of the answer
    result = _conversation(seed_pipeline, "Who ordered 2,000 troops to get ready to deploy to Israel?",
                           "what support would they give?", "has his order changed anything?")
    assert not result.abstained and "reduced the preparation time" in result.citations[0].quote
    result = seed_pipeline.ask("What difference did Austin's order make?")
    assert not result.abstained and "reduced the preparation time" in result.citations[0].quote


def test_what_took_place_on_a_date_is_what_the_sentence_of_that_date_tells(seed_pipeline):
    # "… but in February 2014 during the U.S.-backed Euromaidan coup": "took place" is no place asked for
    result = seed_pipeline.ask("According to the ATACMS op-ed, what took place in February 2014?")
    assert not result.abstained and "Euromaidan coup" in result.citations[0].quote


def test_whom_a_thing_is_meant_to_deter_is_told_where_deterring_is(seed_pipeline):
    # "… as a message of deterrence to Iran and Hezbollah", not "US officials have refrained from providing …",
    # a person beside the question's "US" and "deployment" that deters no one
    result = seed_pipeline.ask("Whom is the US deployment meant to deter, per the news report?")
    assert "Iran and Hezbollah" in result.citations[0].quote


def test_that_area_is_the_place_named_before_not_a_sentence_with_the_word_area(seed_pipeline):
    # "… stopped an Israeli armored vehicle infiltration into Wadi Gaza …", not "Controlling barren areas …"
    result = _conversation(seed_pipeline, "Where is Wadi Gaza, per the op-ed?", "and what happened in that area?")
    assert "armored vehicle infiltration" in result.citations[0].quote


def test_using_them_is_using_what_the_last_quote_said_was_used(seed_pipeline):
    # "… successfully using the ATACMS requires U.S. satellite geo-tracking intelligence data …"
    result = _conversation(seed_pipeline, "What does Aharoni say Ukraine has already used?",
                           "what does he say that demonstrates?", "and what does using them require?")
    assert "satellite geo-tracking" in result.citations[0].quote


def test_the_conversation_keeps_to_its_article_through_a_question_on_what_the_answer_said_in_other_words(
        seed_pipeline):
    # "the talks" are the answer's "discussions facilitated by Qatar", so the op-ed stays the article asked of,
    # and what the resistance wants is "It wants to use it to negotiate the release of over 7,000 …"
    result = _conversation(seed_pipeline, "What does the op-ed say about the Israeli hostages?",
                           "who is mediating the talks?", "what does the resistance want for the captives?")
    assert "7,000 Palestinian prisoners" in result.citations[0].quote


def test_backers_massing_is_supporters_assembling(seed_pipeline):
    # "Thousands of supporters of the resistance have assembled on the Iraqi-Jordanian border …": the same deed
    # in other words, which the reader's cosine and BM25 see once the question is read in the article's words
    result = _conversation(seed_pipeline, "What is the Axis of Resistance prepared to do, per the op-ed?",
                           "under what conditions?", "and where have its backers massed?")
    assert "Iraqi-Jordanian border" in result.citations[0].quote


def test_a_word_capitalised_only_to_open_a_question_is_no_name_in_a_follow_up(seed_pipeline):
    # "Aboard which vessel …?" lends "aboard", not a name "Aboard" that no article mentions (an abstention)
    result = _conversation(seed_pipeline, "Aboard which vessel does the news report place the 26th MEU?",
                           "what does the unit specialize in?")
    assert "Aboard" not in result.query and "various operations" in result.citations[0].quote


def test_whether_an_article_says_when_is_asked_as_when(seed_pipeline):
    # no date is given for the Marines reaching Israel: not "… nor does it guarantee that the identified troops
    # will be deployed to Israel", which gives none
    result = _conversation(seed_pipeline, "Which country does the news report say the Marine unit was redirected from?",
                           "and which gulf is its ship in now?", "does the report say when it will reach Israel?")
    assert result.abstained


def test_making_a_thing_hard_is_making_it_difficult(seed_pipeline):
    # "… to create a situation where it is difficult if not impossible for incoming President Trump to de-escalate"
    result = seed_pipeline.ask("What does Aharoni say Biden wants to make hard for Trump?")
    assert not result.abstained and "de-escalate the conflict" in result.citations[0].quote


def test_a_conversation_keeps_its_article_and_subject_through_an_including_fragment(seed_pipeline):
    # "those bases" are the US bases of the first question, not the words "including region"; and the article
    # stays Aharoni's: "All these U.S. military assets … are now officially fair game for Russian attacks …"
    result = _conversation(seed_pipeline, "How many US military bases does Aharoni say exist worldwide?",
                           "including in which region?", "and what are those bases now, for Russia?")
    assert "fair game" in result.citations[0].quote
