"""Questions about the articles themselves, answered from their metadata (fake embedder, no model)."""

import re

import pytest

from rag.about import intent_of

from test_answer import check_structure, pipeline  # noqa: F401  (the module's seeded pipeline)

ATACMS, GAZA, MARINES = "001_bb11f538d38316f3.txt", "000_b759d4404567853c.txt", "002_946b607c78fc92eb.txt"


def test_who_wrote_quotes_the_byline(pipeline):
    result = pipeline.ask("Who wrote the article about ATACMS?")
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [ATACMS]
    assert result.citations[0].quote == "By Yossi Aharoni" and result.citations[0].answer == "Yossi Aharoni"


def test_the_author_of_an_article_asked_in_a_few_words_quotes_the_byline(pipeline):
    result = pipeline.ask("author of the atacms article")
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [ATACMS] and result.citations[0].quote == "By Yossi Aharoni"


def test_an_article_without_an_author_is_said_to_name_none(pipeline):
    result = pipeline.ask("Who is the author of the article claiming the US is orchestrating the Gaza war?")
    check_structure(result, pipeline)
    assert "names no author" in result.text and [c.doc_id for c in result.citations] == [GAZA]


def test_when_an_article_came_out_is_its_date_and_a_report_named_in_capitals_is_no_article(pipeline):
    result = pipeline.ask("On which day did Aharoni's piece come out?")
    assert [c.doc_id for c in result.citations] == [ATACMS] and "2024-11-29" in result.citations[0].quote
    assert intent_of("When did the news report appear?").kind == "date"
    assert intent_of("In what year was the Kalven Report issued?") is None


def test_a_question_naming_another_kind_leaves_the_article_the_conversation_kept_to(pipeline):
    first = pipeline.ask("When was Aharoni's piece published?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    result = pipeline.ask("When was the news report published?", history)  # (or of no stated kind)
    cited = [c.doc_id for c in result.citations]
    assert cited[0] == MARINES and ATACMS not in cited and "2023-11-10" in result.citations[0].quote


def test_which_article_an_author_wrote_quotes_the_byline(pipeline):
    result = pipeline.ask("Which article was written by Yossi Aharoni?")
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [ATACMS] and result.citations[0].quote == "By Yossi Aharoni"
    nobody = pipeline.ask("Which article was written by John Smith?")
    assert nobody.text.startswith("No indexed article names John Smith as its author.")


def test_who_wrote_an_article_named_by_its_kind_speaks_of_that_article_alone(pipeline):
    result = pipeline.ask("Who wrote the news report?")
    check_structure(result, pipeline)
    assert MARINES in [c.doc_id for c in result.citations] and "names no author" in result.text
    assert not {ATACMS, GAZA} & {c.doc_id for c in result.citations}  # (the test corpus's file of no kind may join)


def test_whether_two_articles_share_an_author_reads_both_bylines(pipeline):
    result = pipeline.ask("Is the news report written by the same person as the ATACMS piece?")
    check_structure(result, pipeline)
    cited = [c.doc_id for c in result.citations]
    assert {MARINES, ATACMS} <= set(cited) and GAZA not in cited
    assert "names no author" in result.text and "Yossi Aharoni" in result.text
    assert "No indexed article names" not in result.text  # "by the same person" names no author


def test_when_after_a_question_about_an_article_asks_its_date(pipeline):
    first = pipeline.ask("Who wrote the piece about ATACMS?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    result = pipeline.ask("When?", history)
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [ATACMS] and result.citations[0].answer == "2024-11-29"
    # ... and so after "Who wrote it?", and "When was this reported?" after any answer
    first = pipeline.ask("Which article is about Ukraine?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    second = pipeline.ask("Who wrote it?", history)
    history += [{"role": "user", "content": "Who wrote it?"}, {"role": "assistant", "content": second.text}]
    assert pipeline.ask("When?", history).citations[0].answer == "2024-11-29"
    first = pipeline.ask("Who ordered the troops to prepare?")
    history = [{"role": "user", "content": first.question}, {"role": "assistant", "content": first.text}]
    assert pipeline.ask("When was this reported?", history).citations[0].answer == "2023-11-10"


@pytest.mark.parametrize("question", ["What is the ATACMS piece's conclusion?",
                                      "What is Aharoni's conclusion?"])  # the author's is the article's
def test_an_articles_conclusion_is_its_last_paragraph(pipeline, question):
    result = pipeline.ask(question)
    check_structure(result, pipeline)
    assert {c.doc_id for c in result.citations} == {ATACMS}
    assert result.citations[0].quote.startswith("In conclusion, this is a very dangerous and reckless escalation")


def test_how_an_article_begins_is_its_first_paragraph(pipeline):
    result = pipeline.ask("How does the news report begin?")  # (the test corpus's file of no kind may join)
    check_structure(result, pipeline)
    assert not {ATACMS, GAZA} & {c.doc_id for c in result.citations}
    marines = [c for c in result.citations if c.doc_id == MARINES]
    assert marines[0].quote.startswith("The United States is escalating its military posture")
    result = pipeline.ask("What is the first paragraph of the ATACMS article?")  # its body, not its header
    assert result.citations[0].quote.startswith("On November 18, news media reported")


def test_the_numbers_an_article_gives_are_its_sentences_counting_in_figures(pipeline):
    result = pipeline.ask("What numbers does the news report give?")
    check_structure(result, pipeline)
    marines = [c.quote for c in result.citations if c.doc_id == MARINES]
    assert len(marines) == 2 and all("2,000" in q for q in marines)
    quotes = " ".join(c.quote for c in pipeline.ask("What figures does the Gaza op-ed cite?").citations)
    assert "2.4 million" in quotes and "Site 512" not in quotes  # a number in a name counts nothing


def test_what_the_most_recent_article_is_about_summarises_that_article_alone(pipeline):
    result = pipeline.ask("What's the most recent article about?")
    check_structure(result, pipeline)
    assert {c.doc_id for c in result.citations} == {ATACMS}  # 2024-11-29, the latest date given
    assert {c.doc_id for c in pipeline.ask("What is the oldest article about?").citations} == {MARINES}


def test_an_article_asked_about_a_topic_it_never_names_says_so_and_which_articles_do(pipeline):
    result = pipeline.ask("Does the news report mention Site 512?")  # (the test corpus's file of no kind joins)
    check_structure(result, pipeline)
    assert result.abstained and result.text.startswith("The news report “")
    assert re.search(r"not speak of Site 512\. The opinion piece “The US is orchestrating", result.text)
    assert result.closest and {c.doc_id for c in result.closest} == {GAZA}  # where it is spoken of
    assert "none of them mentions Mars" in pipeline.ask("Does the news report mention Mars?").text  # nowhere


def test_a_number_in_a_name_is_no_count_of_a_topic(pipeline):
    result = pipeline.ask("What does each article say about Site 512?")  # not read as "How many Site?"
    assert result.citations[0].doc_id == GAZA and "Site 512" in result.citations[0].quote
    assert result.citations[0].answer is None


def test_the_people_an_article_names_are_those_named_with_a_title_each_cited_where_first_named(pipeline):
    result = pipeline.ask("Which officials are named in the news report?")
    check_structure(result, pipeline)
    assert "names Lloyd Austin [1]" in result.text  # "US Secretary of Defense Lloyd Austin", "… Austin": one
    result = pipeline.ask("Which people are mentioned in the Gaza op-ed?")
    assert {c.doc_id for c in result.citations} == {GAZA}
    for name in ("Yoav Gallant", "Benjamin Netanyahu", "Ehud Barak", "Abdel Fattah Al-Sisi", "Ayman Al-Safadi"):
        assert name in result.text, name
    assert " Yair Golan" in result.text and "General Yair Golan" not in result.text  # a title is no name


def test_an_authors_main_argument_summarises_the_article_the_author_wrote(pipeline):
    result = pipeline.ask("What's Aharoni's main argument?")
    check_structure(result, pipeline)
    assert not result.abstained and {c.doc_id for c in result.citations} == {ATACMS}


def test_which_of_two_articles_is_longer_compares_those_two(pipeline):
    result = pipeline.ask("Which is shorter, the Gaza op-ed or the ATACMS piece?")
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [ATACMS, GAZA] and result.text.startswith("Of the 2 articles")


def test_whether_an_article_mentions_a_name_none_writes_abstains_on_the_name(pipeline):
    result = pipeline.ask("Does either article mention China?")  # "a china shop" is no mention of China
    check_structure(result, pipeline)
    assert result.abstained and "none of them mentions China" in result.text


def test_whether_a_name_is_mentioned_anywhere_quotes_the_article_that_names_it(pipeline):
    result = pipeline.ask("Is Trump mentioned in any of the articles?")
    check_structure(result, pipeline)
    assert not result.abstained and {c.doc_id for c in result.citations} == {ATACMS}
    assert all("Trump" in c.quote for c in result.citations) and "do not speak of Trump" in result.text


def test_which_article_is_more_alarmed_about_a_thing_sets_what_each_says_of_it_side_by_side(pipeline):
    result = pipeline.ask("Which article is more alarmed about nuclear war?")
    check_structure(result, pipeline)
    assert not result.abstained and {c.doc_id for c in result.citations} == {ATACMS}
    assert "nuclear war" in result.citations[0].quote and "do not speak of nuclear war" in result.text


def test_two_things_compared_are_quoted_side_by_side(pipeline):
    result = pipeline.ask("What do the ATACMS and the Tomahawk have in common?")
    check_structure(result, pipeline)
    assert not result.abstained and {c.doc_id for c in result.citations} == {ATACMS}
    quotes = " ".join(c.quote for c in result.citations)
    assert "ATACMS" in quotes and "Tomahawk missiles have a range" in quotes


def test_which_article_uses_a_word_is_which_mentions_it(pipeline):
    assert intent_of("Which article uses the word genocide?").topic == "genocide"
    result = pipeline.ask("Which article uses the word genocide?")
    assert not result.abstained and result.citations[0].doc_id == GAZA and "genocide" in result.citations[0].quote


def test_a_likening_is_quoted_with_the_sentence_it_points_back_to(pipeline):
    result = pipeline.ask("What metaphor does the op-ed use for the US in the region?")
    assert not result.abstained and result.citations[0].doc_id == GAZA
    quote = result.citations[0].quote  # "This is like taking a herd of elephants …": what "this" is comes first
    assert quote.startswith("Since the US is the primary participant") and "herd of elephants" in quote


@pytest.mark.parametrize("question", ["which piece relies on a tweet?", "Which op-ed mentions a tweet?",
                                      "Which article draws on a tweet?"])
def test_which_piece_relies_on_a_thing_is_which_article_mentions_it(pipeline, question):
    assert intent_of(question).kind == "each"
    result = pipeline.ask(question)
    assert not result.abstained and result.citations[0].doc_id == GAZA and "tweet" in result.citations[0].quote


def test_how_one_article_describes_a_thing_quotes_that_article_alone(pipeline):
    result = pipeline.ask("How does the Gaza piece describe Hezbollah?")  # the news report names it too
    check_structure(result, pipeline)
    assert {c.doc_id for c in result.citations} == {GAZA}


@pytest.mark.parametrize("question, kind", [("whats the news report's date", "date"),
                                             ("Who is the news report's author?", "author"),
                                             ("What is the news report's publication date?", "date"),
                                             ("What is the news report's outlet?", "outlet")])
def test_an_articles_field_asked_with_a_possessive_is_asked_of_that_article(pipeline, question, kind):
    assert intent_of(question).kind == kind
    assert intent_of("What was the Kalven Report's date?") is None  # a report the article tells of
    result = pipeline.ask(question)  # (typed without the apostrophe of "what's", too)
    check_structure(result, pipeline)
    cited = [c.doc_id for c in result.citations]  # (this index holds a second news report)
    assert MARINES in cited and not {ATACMS, GAZA} & set(cited)


@pytest.mark.parametrize("question", ["Which article brings up Kuwait?", "Where is Kuwait mentioned?"])
def test_which_article_brings_up_a_name_quotes_the_one_that_names_it(pipeline, question):
    # (who ran a country, not who ran the article: "who ran Ukraine before it?" after a quote of it)
    assert intent_of("who ran Ukraine before the article?") is None
    result = pipeline.ask(question)
    check_structure(result, pipeline)
    assert not result.abstained and {c.doc_id for c in result.citations} == {MARINES}
    assert "Kuwait" in result.citations[0].quote
    assert intent_of("Where was that plan discussed?") is None  # where the story has it discussed


def test_how_two_articles_each_explain_a_thing_is_what_each_says_of_it(pipeline):
    intent = intent_of("How do the op-ed and the news report each explain why the US is sending forces?")
    assert intent.kind == "each" and intent.topic == "why the US is sending forces"


def test_whether_one_article_contradicts_another_on_a_thing_is_what_each_says_of_it(pipeline):
    intent = intent_of("Does the news report contradict the op-ed on whether US troops will fight?")
    assert intent.kind == "each" and intent.topic == "whether US troops will fight"


def test_dates_come_from_the_header(pipeline):
    result = pipeline.ask("When was the article about the Marine Expeditionary Unit published?")
    check_structure(result, pipeline)
    assert result.citations[0].doc_id == MARINES and result.citations[0].quote == "date 2023-11-10"


@pytest.mark.parametrize("question, order", [
    ("Which article was published most recently?", [ATACMS, MARINES]),
    ("Which of the articles is the oldest?", [MARINES, ATACMS]),
    ("What is the newest article?", [ATACMS, MARINES]),
    ("Which is the oldest of the articles?", [MARINES, ATACMS]),
    ("Which article has the most recent date?", [ATACMS, MARINES]),
    ("Which of the articles came out most recently?", [ATACMS, MARINES]),
])
def test_the_most_recent_article_is_told_from_the_dates_each_header_gives(pipeline, question, order):
    result = pipeline.ask(question)
    check_structure(result, pipeline)
    ids = [c.doc_id for c in result.citations]
    assert ids[:2] == order and GAZA in ids[2:]  # the undated articles last, said to name no date
    assert result.citations[0].quote.startswith("date ") and "names no date" in result.text
    assert ("most recent" if order[0] == ATACMS else "oldest") in result.parts[0]


def test_which_of_the_articles_of_a_kind_is_most_recent_is_told_among_those_only(pipeline):
    result = pipeline.ask("Which of the two opinion pieces is more recent?")
    check_structure(result, pipeline)
    ids = [c.doc_id for c in result.citations]
    assert ids[0] == ATACMS and GAZA in ids and MARINES not in ids  # the news report is no opinion piece
    # two articles named, one by its kind: both, and the third
    ids = [c.doc_id for c in pipeline.ask("Was the ATACMS article written before or after the news report?").citations]
    assert MARINES in ids and ATACMS in ids


def test_which_are_opinion_pieces_cites_the_tag_and_names_the_unmarked(pipeline):
    result = pipeline.ask("Which of the articles are opinion pieces?")
    check_structure(result, pipeline)
    tagged = [c for c in result.citations if c.quote == "#Opinion"]
    assert [c.doc_id for c in tagged] == [ATACMS]
    # the seeds' sidecar files (seeds/*.meta.json) give the other two kinds
    assert "is an opinion piece by its metadata" in result.text and "is a news report by its metadata" in result.text
    unmarked = [d for d in pipeline.index.documents if d.kind == "article"]
    assert ("no mark of their kind" in result.text or "no mark of its kind" in result.text) == bool(unmarked)
    assert {c.doc_id for c in result.citations} >= {ATACMS, GAZA, MARINES}


def test_what_each_article_says_is_per_article(pipeline):
    result = pipeline.ask("What does each article say about Iran?")
    check_structure(result, pipeline)
    assert {c.doc_id for c in result.citations} == {GAZA, MARINES}
    assert all("Iran" in c.quote for c in result.citations)
    assert result.text.endswith("do not speak of Iran.") and "Ignore previous instructions" in result.parts[-1]


def test_which_articles_mention_a_number_quotes_each_articles_count_side_by_side(pipeline):
    result = pipeline.ask("Which articles mention 2,000 troops, and are they the same troops?")
    check_structure(result, pipeline)
    opening = result.text.split("\n")[0]
    assert opening.startswith("Side by side") and "“2,000 special forces soldiers”" in opening
    # the opinion piece's "40,000 to 50,000 troops" are not 2,000 troops
    assert {c.doc_id for c in result.citations} == {GAZA, MARINES}
    assert all("2,000" in c.quote for c in result.citations)
    assert result.text.endswith("not speak of 2,000 troops.")


def test_a_topic_no_article_mentions_is_not_answered_per_article(pipeline):
    assert pipeline.ask("What does each article say about Sweden?").abstained


@pytest.mark.parametrize("question", [
    "When did the conflict in Ukraine begin, according to the opinion piece?",
    "Which newspaper reported that Israel keeps its military actions under wraps?",
    "Who ordered 2,000 troops to prepare for deployment to Israel?",
    "What did Putin say about the parties to the conflict?",
    "What is the aim of the US deployments, according to the news report?",
    "Who was the first president of Ukraine?",
    "To which year is the earliest known piece of English silver with a dated hallmark is dated?",
])
def test_questions_about_the_subject_are_not_about_the_articles(question):
    assert intent_of(question) is None


def test_intents_and_descriptions():
    assert intent_of("Who wrote the article about ATACMS?").description == "about ATACMS"
    assert intent_of("What is the date of the opinion piece by Yossi Aharoni?").kind == "date"
    assert intent_of("What date is on the opinion piece?").kind == "date"
    assert intent_of("Which article has an author?").kind == "author"
    assert intent_of("What is the name of the author of the opinion piece?").kind == "author"
    differ = intent_of("How do the news report and the opinion piece differ on US involvement in Gaza?")
    assert (differ.kind, differ.topic) == ("each", "US involvement in Gaza")
    assert intent_of("What is the difference between the news report and the opinion piece on Iran?").topic == "Iran"
    # what the author calls a thing is a question of what the article says, asked of that article
    assert intent_of("What does the author of the ATACMS article call Kyiv's goal of regime change?") is None
    assert intent_of("What article has the most quotes?") is None
    assert intent_of("Which articles mention 2,000 troops, and are they the same troops?").topic == "2,000 troops"
    both = intent_of("Do the op-ed and the news report mention the same 2,000 troops?")  # each article's, side by side
    assert (both.kind, both.topic) == ("each", "2,000 troops")
    # ("When did he publish it?" after an answer: "When did he publish the article?")
    for question in ["When did the author publish the article?", "When did Aharoni write the piece?"]:
        assert intent_of(question).kind == "date"
    assert intent_of("When did Biden write to Zelensky?") is None  # no article written
    for question in ["How many of the three articles are about Ukraine?", "Which articles are about Ukraine?"]:
        assert (intent_of(question).kind, intent_of(question).topic) == ("each", "Ukraine")
    assert intent_of("What is the title of the article about Site 512?").kind == "title"


def test_what_an_author_says_about_a_topic_is_read_from_that_authors_article_alone(pipeline):
    result = pipeline.ask("What does Yossi Aharoni say about Trump?")
    check_structure(result, pipeline)
    assert not result.abstained and {c.doc_id for c in result.citations} == {ATACMS}
    assert all("Trump" in c.quote for c in result.citations)


def test_according_to_the_news_report_is_a_filter_not_a_question_about_its_kind(pipeline):
    result = pipeline.ask("What is the aim of the US deployments, according to the news report?")
    check_structure(result, pipeline)
    # no seed is marked as news, so nothing is filtered out; the words naming the report are not searched
    assert "mark of their kind" not in result.text and result.query == "What is the aim of the US deployments?"


def test_do_the_articles_agree_is_asked_of_each_article():
    intent = intent_of("Do the articles agree about how many US troops are involved?")
    assert (intent.kind, intent.topic) == ("each", "how many US troops are involved")


@pytest.mark.parametrize("question, topic", [
    ("How many articles mention Hamas?", "Hamas"),
    ("What does the author think of Biden's decision?", "Biden's decision"),
    ("How do the articles describe the risk of a wider war?", "the risk of a wider war"),
])
def test_questions_about_what_articles_say_of_a_topic(question, topic):
    intent = intent_of(question)
    assert (intent.kind, intent.topic) == ("each", topic)


@pytest.mark.parametrize("question", [
    "How many articles are there?",  # the list, not a topic
    "What does the news report say the Biden administration is cautious about?",  # a question of fact
    "Who is the author of Harry Potter?",
])
def test_not_questions_about_what_articles_say_of_a_topic(question):
    intent = intent_of(question)
    assert intent is None or intent.kind != "each"


def test_a_question_typed_in_lower_case_is_given_the_names_the_articles_write(pipeline):
    assert pipeline.standalone("what did zelensky ask biden for") == "what did Zelensky ask Biden for"
    assert pipeline.standalone("who wrote the atacms article") == "who wrote the ATACMS article"
    # a name of several words, one of them also a common word: "new" of "the New York Times"
    assert pipeline.standalone("what did the new york times say") == "what did the New York Times say"
    assert pipeline.standalone("what new weapons were sent to israel") == "what new weapons were sent to Israel"
    # ... and its first letter is no capital of its own (a request made a question: "tell me who …")
    assert pipeline.standalone("tell me what zelensky asked for") == "What Zelensky asked for"
    # a question with capitals of its own is left as typed: "general" stays a common noun
    assert pipeline.standalone("Which Israeli general admitted defeat?") == "Which Israeli general admitted defeat?"


def test_who_wrote_that_article_is_asked_of_the_article_the_last_answer_led_with(pipeline):
    from rag.attribution import cut

    docs = pipeline.index.doc_by_id
    reply = (f"The article (2023-11-10) “{cut(docs[MARINES].title)}” says: “2,000 Marines” [1].\n\n"
             f"The article “{cut(docs[GAZA].title)}” states: “…” [2]")
    history = [{"role": "user", "content": "How many Marines are being sent toward Israel?"},
               {"role": "assistant", "content": reply}]
    result = pipeline.ask("When was it published?", history)
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [MARINES] and result.citations[0].quote == "date 2023-11-10"
    result = pipeline.ask("Who wrote that article?", history)
    cited = {c.doc_id for c in result.citations}  # (and an article of no stated kind, which may be one)
    assert MARINES in cited and not cited & {ATACMS, GAZA} and "names no author" in result.text
    # "it" that is no article: asked as it stands
    assert pipeline.ask("When did he say it?", history).query.startswith("When did he say it?")


def test_articles_are_ordered_by_date_over_all_of_them_not_the_first_listed():
    from rag.about import _by_date
    from rag.documents import Document

    docs = [Document(f"{i}.txt", f"T{i}", "…", "x", date=f"2024-01-{i + 1:02d}") for i in range(12)]
    docs.append(Document("undated.txt", "U", "…", "x"))
    assert [d.id for d in _by_date(docs, newest=True)][:2] == ["11.txt", "10.txt"]
    assert [d.id for d in _by_date(docs, newest=False)][0] == "0.txt" and _by_date(docs, True)[-1].id == "undated.txt"


def test_the_article_discussed_is_the_one_the_last_answer_led_with_unless_the_question_says_which():
    from rag.about import article_discussed
    from rag.documents import Document

    docs = [Document(id=f"{n}.txt", title=f"Title {n}", text="…", sha256=str(n)) for n in ("a", "b")]
    reply = "The opinion piece “Title b” argues: “…” [1]. The article “Title a” states: “…” [2]."
    assert article_discussed("What does the author say about Turkey?", reply, docs) == ["b.txt"]
    assert article_discussed("What else does this article claim?", reply, docs) == ["b.txt"]
    assert article_discussed("Who is the author of the article about ATACMS?", reply, docs) is None
    assert article_discussed("What does Putin say about Turkey?", reply, docs) is None
    assert article_discussed("Why?", reply, docs) == ["b.txt"] == article_discussed("How so?", reply, docs)
    assert article_discussed("Why did Putin say that?", reply, docs) is None
    assert article_discussed("What does the author say about Turkey?", "No article named.", docs) is None


def test_a_conversation_keeps_to_the_article_a_question_named_until_a_question_stands_alone():
    from rag.about import article_kept
    from rag.documents import Document

    docs = [Document(id=f"{n}.txt", title=f"Title {n}", text="…", sha256=str(n)) for n in ("a", "b")]
    reply = "The article “Title b” states: “…” [1]. The article “Title a” states: “…” [2]."

    def history(*questions):
        return [m for q in questions for m in ({"role": "user", "content": q}, {"role": "assistant", "content": reply})]

    named = "What does the news report say about the aircraft carrier?"
    assert article_kept("Where was it sent?", history(named), docs) == ["b.txt"]
    assert article_kept("Why?", history(named, "Where was it sent?"), docs) == ["b.txt"]
    assert article_kept("Why?", history(named, "Who commands the Marine unit aboard the USS Bataan?"), docs) is None
    assert article_kept("Why?", history("What is the range of the ATACMS?"), docs) is None
    assert article_kept("Who is the author of the article about ATACMS?", history(named), docs) is None


def test_who_an_article_quotes_is_every_voice_it_reports_each_cited_where_it_speaks(pipeline):
    result = pipeline.ask("Who is quoted in the Gaza article?")
    check_structure(result, pipeline)
    assert {c.doc_id for c in result.citations} == {GAZA}
    sources = {c.reported_source for c in result.citations}
    assert "the Financial Times" in sources and any("Ehud Barak" in s for s in sources)
    # each source in the quote's own words, bar a capital that only opened the sentence
    assert all(c.reported_source and c.reported_source.lower() in c.quote.lower() for c in result.citations)
    assert any(s.startswith("prominent Israeli officials") for s in sources)
    plain = pipeline.ask("Who is quoted in the news report about the Marines?")
    assert [c.doc_id for c in plain.citations] == [MARINES] and "reports no one's words" in plain.text
    assert intent_of("Which sources does the opinion piece cite?").kind == "sources"
    history = [{"role": "user", "content": "Who tweeted that Israel lost the battle?"},
               {"role": "assistant", "content": result.text.split("\n\n")[0]}]  # names the Gaza article
    after = pipeline.ask("Who does it quote?", history)
    assert {c.doc_id for c in after.citations} == {GAZA} and "reports the words of" in after.text


def test_which_newspaper_an_article_cites_names_its_publications_first(pipeline):
    result = pipeline.ask("Which newspaper does the ATACMS article cite, and what did it say?")
    check_structure(result, pipeline)
    assert result.citations[0].reported_source == "the New York Times"  # before "news media" and Russia
    assert "Russia" in {c.reported_source for c in result.citations}  # every voice is still named
    assert pipeline.ask("Who is quoted in the ATACMS article?").citations[0].reported_source == "news media"


def test_which_articles_are_from_a_year_or_month(pipeline):
    result = pipeline.ask("Which articles were published in 2024?")
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [ATACMS]
    assert "1 of the 2 articles that give a date is dated in 2024" in result.text
    undated = [d for d in pipeline.index.documents if not d.date]
    assert f"{len(undated)} article{'s give' if len(undated) > 1 else ' gives'} no date" in result.text
    result = pipeline.ask("Which article is from before November 2023?")
    assert "No indexed article gives a date before November 2023" in result.text
    assert {c.quote for c in result.citations} == {"date 2023-11-10", "date 2024-11-29"}
    assert [c.doc_id for c in pipeline.ask("How many articles were published since November 2023?").citations] == [
        MARINES, ATACMS]
    assert intent_of("How many troops were sent in 2024?") is None  # about the subject, not the articles


def test_is_there_an_author_is_asked_of_the_article_described(pipeline):
    result = pipeline.ask("Is there an author named on the Site 512 article?")
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [GAZA] and "names no author" in result.text


def test_who_published_is_a_question_about_the_outlet_and_does_it_mention_reads_that_article(pipeline):
    result = pipeline.ask("Who published the ATACMS article?")
    assert [c.doc_id for c in result.citations] == [ATACMS] and "names no outlet" in result.text
    result = pipeline.ask("Does the Gaza article mention Qatar?")
    check_structure(result, pipeline)
    assert {c.doc_id for c in result.citations} == {GAZA} and "Qatar" in result.citations[0].quote
    for question in ("Does the ATACMS op-ed bring up Nord Stream?", "Does the ATACMS article touch on Nord Stream?"):
        result = pipeline.ask(question)  # other words for "mention"
        assert [c.doc_id for c in result.citations] == [ATACMS] and "Nord Stream" in result.citations[0].quote


def test_a_description_naming_a_kind_is_looked_for_among_that_kind(pipeline):
    result = pipeline.ask("When was the news report about Israel published?")  # the Gaza piece is opinion
    assert [c.doc_id for c in result.citations] == [MARINES] and "2023-11-10" in result.text


def test_a_topic_put_as_a_why_clause_is_looked_for_by_its_words_not_by_why(pipeline):
    from rag.about import _mentions

    gaza = pipeline.index.doc_by_id[GAZA]
    assert _mentions(gaza, "why the US is sending forces") and not _mentions(gaza, "why the Pope is visiting Chile")


def test_an_article_named_by_its_authors_surname_is_that_authors(pipeline):
    result = pipeline.ask("Which news outlet does the Aharoni piece rely on for the missile stockpile?")
    check_structure(result, pipeline)
    assert {c.doc_id for c in result.citations} == {ATACMS}
    assert result.citations[0].reported_source == "the New York Times"


def test_written_by_a_journalist_asks_for_the_authors_not_for_one_named_so(pipeline):
    result = pipeline.ask("Is any of the three pieces written by a named journalist?")
    check_structure(result, pipeline)
    assert "names no author" in result.text and "Yossi Aharoni" in result.text
    assert "No indexed article names" not in result.text


def test_which_is_older_names_the_oldest_and_each_articles_count_is_asked_as_a_number():
    assert intent_of("How many US troops does each article say are involved?").topic == "the number of US troops"
    from rag.about import _OLDEST

    assert _OLDEST.search("Which is older, the news report or the ATACMS piece?")


def test_an_article_named_in_lower_case_before_one_is_that_article(pipeline):
    result = pipeline.ask("who wrote the gaza one")
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [GAZA] and "names no author" in result.text
    assert intent_of("when was the marines one published").description == "marines "
    assert intent_of("Who is the one leading Hamas?") is None  # not an article


def test_who_wrote_it_and_when_gives_both_fields(pipeline):
    result = pipeline.ask("Who wrote the ATACMS piece and when?")
    check_structure(result, pipeline)
    assert {c.quote for c in result.citations} == {"By Yossi Aharoni", "date 2024-11-29"}
    assert "It gives its date in its header" in result.text
    both = pipeline.ask("When was the ATACMS piece published, and by whom?")
    assert {c.quote for c in both.citations} == {"By Yossi Aharoni", "date 2024-11-29"}


def test_is_it_signed_asks_for_the_author(pipeline):
    result = pipeline.ask("Is the ATACMS article signed?")
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [ATACMS] and result.citations[0].answer == "Yossi Aharoni"


def test_which_article_is_longest_ranks_the_articles_by_their_words(pipeline):
    words = {d.id: len(d.text[slice(*d.body)].split()) for d in pipeline.index.documents}
    longest = pipeline.ask("Which article is the longest?")
    check_structure(longest, pipeline)
    ranked = [c.doc_id for c in longest.citations]
    assert ranked[0] == GAZA and set(ranked) == set(words)
    assert [words[i] for i in ranked] == sorted(words.values(), reverse=True)
    assert f"{words[GAZA]:,} words" in longest.parts[0] and "longest" in longest.parts[0]
    shortest = pipeline.ask("Which is the shortest article?")
    assert [c.doc_id for c in shortest.citations] == ranked[::-1]
    assert [c.doc_id for c in pipeline.ask("Which of the three articles is the shortest?").citations] == ranked[::-1]
    assert [c.doc_id for c in pipeline.ask("Which of the three pieces has the most words?").citations] == ranked
    assert [c.doc_id for c in pipeline.ask("Which article has the fewest words?").citations] == ranked[::-1]
    one = pipeline.ask("How long is the ATACMS piece?")
    assert [c.doc_id for c in one.citations] == [ATACMS] and f"{words[ATACMS]:,} words" in one.text


def test_a_summary_quotes_the_sentences_nearest_the_whole_article_in_its_order(pipeline):
    result = pipeline.ask("Summarize the news report.")
    check_structure(result, pipeline)
    assert {c.doc_id for c in result.citations} == {MARINES} and len(result.citations) >= 2
    starts = [c.start for c in result.citations]
    assert starts == sorted(starts)  # in the order the article gives them
    one = pipeline.ask("What is the ATACMS article about?")
    assert {c.doc_id for c in one.citations} == {ATACMS}
    every = pipeline.ask("What are the key points of each article?")
    assert {c.doc_id for c in every.citations} >= {ATACMS, GAZA, MARINES}
    from rag.about import _summary

    assert _summary("Summarize it.", "Summarize it.", pipeline, []) is None  # nothing to quote: no empty answer


@pytest.mark.parametrize("question, kind", [
    ("Summarize the news report.", "summary"),
    ("What's this piece about?", "summary"),
    ("What is the article about Site 512 about?", "summary"),
    ("What is the piece on Gaza really about?", "summary"),
    ("so what is the article cautious about?", None),  # what something is cautious about, not what it is about
    ("What is the news report saying about the Marines?", None),  # about the Marines, not the report's kind
    ("Is the news report an opinion piece?", "kind"),
    ("Which newspapers do the articles cite?", "sources"),
    ("What is the Gaza article's headline?", "title"),
    ("Do the opinion piece on Gaza and the news report agree on why the US is sending forces?", "each"),
    ("Do Hamas and Israel agree on the hostages?", None),
    ("List the articles that mention Iran.", "each"),  # not every article: those that mention it
    ("List the articles.", "list"),
    ("Does the opinion piece on ATACMS cite any sources?", "sources"),
    ("Is the ATACMS article news or opinion?", "kind"),
    ("Which of the two articles was published first?", "order"),
    ("Was the ATACMS article written before or after the news report?", "order"),
    ("Is the news report older than the ATACMS piece?", "order"),
    ("Which one is the newest of all the articles?", "order"),
    ("Which is the oldest of the Ottoman buildings?", None),  # of articles only
    ("Compare how the two opinion pieces describe the United States.", "each"),
    ("Is it an opinion piece or news?", "kind"),
    ("Is the Gaza piece dated?", "date"),
    ("Does the news report have a date?", "date"),
    ("Does the ATACMS piece cite any newspapers?", "sources"),
    ("Does the Gaza op-ed quote any Israeli sources?", "sources"),  # the voices it reports, Israeli ones among them
    ("Does the Gaza op-ed quote the Israeli army?", None),
    ("How many words long is the news report?", "length"),  # not whether it is one
    ("Is the ATACMS article news?", "kind"),
    ("How many opinion pieces are there?", "kind"),
    ("List all the articles.", "list"),
    ("Which publication ran the news report?", "outlet"),
    ("Who is the publisher of the ATACMS article?", "outlet"),
    ("Which newspaper is the news report from?", "outlet"),
    ("What is the publisher of the book he wrote?", None),  # of articles only
    ("What are the dates of the articles?", "date"),
    ("Who are the authors of the articles?", "author"),
    ("Which article did Aharoni write?", "author"),
    ("How does the news report begin?", "opening"),
    ("What is the first paragraph of the Gaza article?", "opening"),
    ("What is the last sentence of the news report?", "conclusion"),
    ("What does the author conclude?", "conclusion"),  # the author's conclusion is the article's
    ("What is the author's conclusion?", "conclusion"),
    ("What is the op-ed's final word?", "conclusion"),
    ("what's the bottom line of the ATACMS piece", "conclusion"),
    ("What numbers does the news report give?", "figures"),
    ("Are there any statistics in the ATACMS article?", "figures"),
    ("Which article uses the word genocide?", "each"),
    ("Where does the ATACMS article mention Trump?", "each"),
    ("Are any of the articles news?", "kind"),
    ("Give me the headlines.", "title"),
    ("What topics do the articles cover?", "summary"),
    ("Tell me about the articles.", "summary"),
    ("Which articles have no author?", "author"),
    ("Which articles are undated?", "date"),
    ("Which article should I read about Ukraine?", "each"),
    ("Which officials are named in the news report?", "people"),
    ("Does the ATACMS article name any officials?", "people"),
    ("Which US cabinet official is named in the news report?", "people"),  # (one, with the words saying which)
    ("Does the ATACMS article name its sources?", "sources"),
    ("Which is longer, the news report or the ATACMS piece?", "length"),
    ("Of the three texts, which is briefest?", "length"),
    ("Does anyone put their name to the Gaza op-ed?", "author"),
    ("Which is the longest river in Europe?", None),  # of no articles
    ("What is the author's final judgment on the decision?", "conclusion"),
    ("Who is the news report's audience?", None),  # not whether it is a news report
    ("Which news outlet does the Aharoni piece rely on?", "sources"),
    ("Which article is more recent, the news report or Aharoni's?", "order"),
    ("How many US troops does each article say are involved?", "each"),
    ("Does any article name Egypt's president?", "each"),  # what each says of him
    ("Does the news report name its author?", "author"),
    ("What source does the ATACMS article use for the missile stockpile?", "sources"),
    ("Is any of the three pieces written by a named journalist?", "author"),
    ("Which articles have a named author?", "author"),
    ("What metaphor does the op-ed use for the US?", "imagery"),
    ("What does the opinion piece compare America's role in the region to?", "imagery"),
    ("What image does the op-ed use for the US keeping things under control?", "imagery"),
    ("What does the op-ed liken the US role to, with elephants?", "imagery"),  # "liken", and words after "to"
    ("What does the Gaza op-ed liken the US to?", "imagery"),
    ("Do the news report and the Gaza op-ed give the same number of US troops?", "each"),
    ("Do the news report and the op-ed say the same thing about Iran?", "each"),
    ("What image of Israel does the op-ed give?", None),  # how it portrays Israel, no likening asked for
    ("How does the news report's figure compare?", None),  # a figure compared, no likening
    ("What did the author write about Trump?", "each"),
    ("What did the article write about Trump?", "each"),
    ("Is Trump mentioned anywhere?", "each"),  # names no article, yet asks which articles name him
    ("Are tanks discussed in any of the articles?", "each"),
    ("Do any of the articles mention Trump?", "each"),
    ("Was Yanukovych elected?", None),
    ("What is the defense secretary's full name in the news report?", None),  # a name in it, not its kind
    ("Which article is most critical of Biden?", "each"),  # the articles side by side on him
    ("Does the news report agree with the op-ed that the US is running Israel's war?", "each"),
    ("Is Trump mentioned as a candidate in the poem?", None),  # of articles only
])
def test_summaries_kinds_and_sources_are_told_apart(question, kind):
    intent = intent_of(question)
    assert (intent.kind if intent else None) == kind


def test_a_topic_a_follow_up_borrowed_for_its_pronoun_is_what_the_articles_are_asked_about():
    assert intent_of("Which articles mention it? Nord Stream II").topic == "Nord Stream II"


def test_a_question_on_a_kinds_author_is_asked_of_that_kind_only(pipeline):
    result = pipeline.ask("Does the news report name its author?")
    cited = {c.doc_id for c in result.citations}  # (and an article of no stated kind, which may be one)
    assert MARINES in cited and not cited & {ATACMS, GAZA} and "names no author" in result.text


def test_a_writer_described_is_an_article_only_as_its_voice(pipeline):
    from rag.about import described_article

    docs = pipeline.index.documents
    assert described_article("Which sites does the ATACMS writer accuse Ukraine of striking?", pipeline, docs)
    # a person who writes, described by the words before: no article
    assert described_article("What is the name of the American writer who studied there?", pipeline, docs) is None


def test_an_article_described_in_lower_case_is_found_by_the_names_the_articles_write(pipeline):
    result = pipeline.ask("who wrote the atacms article")
    assert [c.doc_id for c in result.citations] == [ATACMS] and result.citations[0].answer == "Yossi Aharoni"


def test_who_an_author_is_is_answered_with_the_byline_when_no_article_says_more(pipeline):
    result = pipeline.ask("Who is Yossi Aharoni?")
    assert [c.doc_id for c in result.citations] == [ATACMS] and result.citations[0].quote == "By Yossi Aharoni"
    assert "only as an author" in result.text
    assert "only as an author" not in pipeline.ask("Who is Yair Golan?").text  # the Gaza piece speaks of him
    assert "only as an author" in pipeline.ask("Who's Yossi Aharoni?").text  # "who's" is "who is"


def test_an_articles_tags_are_quoted_and_an_article_without_any_is_said_to_carry_none(pipeline):
    result = pipeline.ask("What tags does the ATACMS article have?")
    check_structure(result, pipeline)
    assert [c.doc_id for c in result.citations] == [ATACMS]
    assert result.citations[0].quote == "#Opinion #AntiWarMovement #International #Russia #Ukraine"
    result = pipeline.ask("How is the news report tagged?")
    ids = [c.doc_id for c in result.citations]  # (with an article of no stated kind, which may be one)
    assert "carries no tags" in result.text and ids[0] == MARINES and ATACMS not in ids


def test_which_articles_warn_of_a_thing_are_those_that_speak_of_it(pipeline):
    result = pipeline.ask("Which articles warn the war could turn into a world war?")
    check_structure(result, pipeline)
    assert {c.doc_id for c in result.citations} == {GAZA, ATACMS}  # "a worldwide war", "World War III"


@pytest.mark.parametrize("question", ["What date does the news report carry?", "Which date is the news report from?"])
def test_the_date_an_article_carries_is_its_date(pipeline, question):
    assert intent_of(question).kind == "date"
    assert intent_of("What date did the Apollo program give?") is None  # a date the article may tell of
    result = pipeline.ask(question)
    check_structure(result, pipeline)
    assert MARINES in [c.doc_id for c in result.citations] and "2023-11-10" in result.text
