"""Which articles a question confines itself to (pure: documents in, a filter and a query out)."""

import pytest

from rag.documents import Document
from rag.scope import scope_of

DOCS = [Document("op.txt", "ATACMS", "…", "x", kind="opinion", author="Yossi Aharoni"),
        Document("news.txt", "Marines", "…", "x", kind="news"),
        Document("plain.txt", "Gaza", "…", "x")]


@pytest.mark.parametrize("question, query, ids", [
    ("What does Yossi Aharoni say about Trump?", "What does the article say about Trump?", ["op.txt"]),
    ("Why did Biden send ATACMS, according to Aharoni?", "Why did Biden send ATACMS?", ["op.txt"]),
    ("What is Aharoni's view of NATO?", "What is the view of NATO?", ["op.txt"]),
    ("Who does Aharoni blame for the escalation?", "Who for the escalation?", ["op.txt"]),  # the one judging
    ("What sanctions does Aharoni mention?", "What sanctions?", ["op.txt"]),  # the one mentioning
    # an article of no stated kind may be a news report: it stays in
    ("What is the aim of the deployments, according to the news report?", "What is the aim of the deployments?",
     ["news.txt", "plain.txt"]),
    ("In the opinion piece by Yossi Aharoni, why did Biden send ATACMS?", "Why did Biden send ATACMS?", ["op.txt"]),
    ("What is the aim, per the news report?", "What is the aim?", ["news.txt", "plain.txt"]),
    ("Why did Biden send ATACMS, as per Aharoni?", "Why did Biden send ATACMS?", ["op.txt"]),
    ("Which US secretary is mentioned in the news report?", "Which US secretary?", ["news.txt", "plain.txt"]),
    ("Which Jordanian official is quoted in the op-ed?", "Which Jordanian official?", ["op.txt", "plain.txt"]),
    ("Whose tweet does the op-ed quote?", "Whose tweet?", ["op.txt", "plain.txt"]),
    ("What are the ATACMS, in the author's words?", "What are the ATACMS?", None),  # a quote gives its words
    ("How does the op-ed describe Washington, in its own words?", "How does the article describe Washington?",
     ["op.txt", "plain.txt"]),
    ("Is it the op-ed's own view that the US is running the war?", "Is it the article's own view that the US is "
     "running the war?", ["op.txt", "plain.txt"]),
    ("Who is the news report's audience?", "Who is the news report's audience?", None),  # no view held
    ("What is the news report's figure for US troops?", "What is the article's figure for US troops?",
     ["news.txt", "plain.txt"]),  # a figure it gives
    ("Does the news report name the Marine unit?", "Which Marine unit?", ["news.txt", "plain.txt"]),  # which one
    ("Does the news report name Iran?", "Does the article name Iran?", ["news.txt", "plain.txt"]),  # whether it does
    # what the article lists "as having" done: what has done it
    ("Which forces does the op-ed list as having joined the conflict?", "Which forces have joined the conflict?",
     ["op.txt", "plain.txt"]),
    # "describe" takes what is asked about as its object, not a clause
    ("How does Aharoni describe Ukraine's conduct?", "How does the article describe Ukraine's conduct?", ["op.txt"]),
    ("What does the analysis say about Gaza, according to the article?", "What does the analysis say about Gaza?", None),
    # "the author" in a conversation is the article the last answer led with (chosen in the pipeline)
    ("Who backed the coup, according to the author?", "Who backed the coup?", None),
    ("What happened in 2014, according to the commentary?", "What happened in 2014?", ["op.txt", "plain.txt"]),
])
def test_the_articles_a_question_names_become_its_filter_and_leave_its_words(question, query, ids):
    scope = scope_of(question, DOCS)
    assert (scope.query, scope.doc_ids) == (query, ids)


@pytest.mark.parametrize("question", [
    "Who is Yossi Aharoni?",  # asks about the person, not what the article says
    "According to the New York Times, how many missiles does the US have?",  # a source, not an article
    "What is the range of the ATACMS?",
    'What were the "great Forces" mentioned in the article\'s title?',  # the article's title: its words
])
def test_a_question_naming_no_article_is_left_alone(question):
    scope = scope_of(question, DOCS)
    assert scope.query == question and scope.doc_ids is None


@pytest.mark.parametrize("question, named", [
    ("Which crossing does the article mention?", True),
    ("Which crossing does the news report mention?", True),
    ("What sanctions does Aharoni mention?", True),
    ("Which other targets are named?", False),  # asked as "Which other targets?", of no article
    ("Which crossing is mentioned?", False),
    ("What is the range of the ATACMS?", False),
])
def test_whether_a_question_names_the_articles_it_asks_of(question, named):
    from rag.scope import names_articles

    assert names_articles(question, DOCS) is named


def test_a_kind_no_article_is_marked_with_filters_only_those_marked_otherwise():
    plain = [Document("a.txt", "A", "…", "x"), Document("b.txt", "B", "…", "x")]
    assert scope_of("What is the aim, according to the news report?", plain).doc_ids is None
    # the seeds: no article is marked as news, but an opinion piece is not the news report
    marked = plain + [Document("op.txt", "ATACMS", "…", "x", kind="opinion")]
    assert scope_of("What does the news report say about Biden?", marked).doc_ids == ["a.txt", "b.txt"]


def test_what_an_article_of_a_kind_says_filters_by_kind_and_searches_without_the_kind():
    scope = scope_of("What does the opinion piece say about Iran?", DOCS)
    assert (scope.query, scope.doc_ids) == ("What does the article say about Iran?", ["op.txt", "plain.txt"])
    # the question inside "What does the article say …?" is searched for, the article being the filter
    scope = scope_of("What does the news report say the administration is cautious about?", DOCS)
    assert scope.query == "What the administration is cautious about?"
    scope = scope_of("Who does the opinion piece say will find it hard to de-escalate?", DOCS)
    assert (scope.query, scope.doc_ids) == ("Who will find it hard to de-escalate?", ["op.txt", "plain.txt"])
    assert scope_of("Who does Aharoni say backed the coup?", DOCS).query == "Who backed the coup?"
    # (a clause ending on its verb is asked in a question's order)
    assert scope_of("What does Aharoni think Biden's real motive was?", DOCS).query == "What was Biden's real motive?"
    assert scope_of("What does the news report say?", DOCS).query == "What does the article say?"
    # ... and so is the one inside "the piece" that is left of "the Gaza piece" (its article chosen by subject)
    query = scope_of("Who does the piece say supplies Israel with weapons?", DOCS).query
    assert query == "Who supplies Israel with weapons?"
    # "Which ship does the news report mention?" asks "Which ship?"; "What does the piece mention?" stays
    assert scope_of("Which ship does the news report mention?", DOCS).query == "Which ship?"
    assert scope_of("What does the piece mention?", DOCS).query == "What does the piece mention?"
    # ... and "How many aircraft carriers does the news report count?" asks "How many aircraft carriers?" of it
    counted = scope_of("How many aircraft carriers does the news report count?", DOCS)
    assert counted.query == "How many aircraft carriers?" and counted.doc_ids == ["news.txt", "plain.txt"]
    # ... and "Does the news report accuse Israel of genocide?" is asked of the news report (the judging verbs)
    accused = scope_of("Does the news report accuse Israel of genocide?", DOCS)
    assert accused.query == "Does the article accuse Israel of genocide?" and accused.doc_ids == ["news.txt", "plain.txt"]


def test_an_article_named_by_its_subject_is_no_source_and_its_words_are_not_searched():
    from rag.attribution import asked_source

    question = "How does the US help Israel, according to the Gaza article?"
    assert asked_source(question) == set()
    assert scope_of(question, DOCS).query == "How does the US help Israel?"
