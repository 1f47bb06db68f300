"""Conversations: follow-ups keep the subject of the conversation (pure)."""

import pytest

from rag.chat import check_history, condense
from rag.errors import QuestionError


def convo(*turns):
    out = []
    for q, a in turns:
        out += [{"role": "user", "content": q}, {"role": "assistant", "content": a}]
    return out


def test_a_third_turn_keeps_the_subject_not_the_last_turns_words():
    history = convo(("What are ATACMS missiles?", "…"), ("How far can they reach?", "…"))
    query = condense("Who authorized sending them?", history)
    assert "ATACMS" in query and "far" not in query


def test_he_after_a_who_question_is_the_person_the_answer_named():
    history = convo(("Which Israeli general admitted that Israel had been defeated?",
                     "The article says: “former Israeli Defense Forces General Yair Golan” [1]."))
    assert condense("What else did he say?", history) == "What else did Yair Golan say?"  # not his titles


def test_he_is_the_person_a_who_question_two_turns_back_was_answered_with():
    history = convo(("Who tweeted that Israel lost the battle?",
                     "The article says: “former Israeli Defense Forces General Yair Golan” [1]."),
                    ("When?", "The article says: “October 27” [1]."))
    assert condense("What else did he say?", history) == "What else did Yair Golan say?"
    earlier = convo(("Who tweeted that Israel lost the battle?", "The article says: “Yair Golan” [1]."),
                    ("When?", "…"), ("Where?", "…"))
    assert "Yair Golan" not in condense("What else did he say?", earlier)  # too far back to be "he"


def test_a_question_word_with_its_is_joined_on_is_not_the_subject():
    history = convo(("Where's the rapid response force going?", "…"), ("how many people is that", "…"))
    query = condense("is it going to fight?", history)
    assert "rapid response force" in query and "Where" not in query


def test_he_is_the_one_word_name_whose_words_were_asked_and_what_else_he_said_is_anything_else():
    history = convo(("What did Putin say once the ATACMS strikes were allowed?", "…"),
                    ("why does he see it that way", "…"))
    assert condense("what else did he announce", history) == "what else did Putin announce"  # not more on ATACMS
    history = convo(("What did Ehud Barak say about Hamas?", "…"))
    assert condense("What post did he hold?", history) == "What post did Ehud Barak hold? Hamas"


def test_those_after_a_question_on_two_people_named_by_one_word_is_the_thing_the_answer_quoted():
    history = convo(("What did Zelensky request from Biden?",
                     "The opinion piece by Yossi Aharoni argues: “Roughly one month ago President Zelensky offered a "
                     "“peace plan,” which involved a request to President Biden for Tomahawk missiles.” [1]"))
    assert condense("could those hit Moscow", history) == "could those hit Moscow Tomahawk missiles"


def test_a_named_subject_carries_over():
    history = convo(("Who is Yair Golan?", "…"))
    assert condense("What did he say?", history) == "What did Yair Golan say?"
    assert condense("What did his tweet say?", history) == "What did Yair Golan’s tweet say?"


def test_a_standalone_question_is_left_alone():
    history = convo(("What are ATACMS missiles?", "…"))
    assert condense("Which ship is the 26th Marine Expeditionary Unit aboard?", history) == \
        "Which ship is the 26th Marine Expeditionary Unit aboard?"


@pytest.mark.parametrize("bad", [{"role": "user"}, "text", [{"role": "system", "content": "x"}],
                                 [{"role": "user", "content": 3}], [["q", "a"]]])
def test_a_malformed_history_is_refused_with_the_format(bad):
    with pytest.raises(QuestionError) as err:
        check_history(bad)
    assert "role" in err.value.fix


def test_history_accepts_the_chat_format():
    assert check_history(None) == []
    assert check_history(convo(("q", "a"))) == convo(("q", "a"))


def test_acronyms_the_articles_spell_out_are_expanded_unless_they_use_them():
    from rag.reading import abbreviations, expand_abbreviations

    table = abbreviations(["The 26th Marine Expeditionary Unit has been redirected.",
                           "The ATACMS, which stands for Army Tactical Missile System, are missiles."])
    assert table["MEU"] == "Marine Expeditionary Unit" and table["ATACMS"] == "Army Tactical Missile System"
    assert expand_abbreviations("Where is the 26th MEU?", table) == "Where is the 26th MEU? (Marine Expeditionary Unit)"
    used = {"ATACMS"}.__contains__  # the articles write "ATACMS" itself: searching for it is enough
    assert expand_abbreviations("Who sent ATACMS?", table, used) == "Who sent ATACMS?"
    # the start of a longer run of capitals, when no run is the acronym whole
    longer = abbreviations(["as former Israeli Defense Forces Deputy Chief of Staff General Yair Golan said",
                            "The Defense Department and the Israeli Defense Ministry"])
    assert longer["IDF"] == "Israeli Defense Forces" and longer["DD"] == "Defense Department"
    # ... and, where no run starts with it, a part inside one; a run's own start still comes first
    inside = abbreviations(["officials, including Defense Minister Yoav Gallant and Prime Minister Benjamin Netanyahu",
                            "Deputy Chief of Staff", "Israeli Defense Forces Deputy Chief of Staff"])
    assert inside["PM"] == "Prime Minister" and inside["DC"] == "Deputy Chief" and inside["DM"] == "Defense Minister"


def test_an_acronym_spelled_out_answers_what_it_stands_for():
    from rag.reading import EXPANSION, answer_spans, spelled_out

    sentence = "The 26th Marine Expeditionary Unit, which specializes in various operations, was redirected."
    assert [sentence[s:e] for s, e in spelled_out(sentence, "What does MEU stand for?")] == ["Marine Expeditionary Unit"]
    assert spelled_out(sentence, "What does NATO stand for?") == []
    query = "What does MEU stand for? (Marine Expeditionary Unit)"  # the query carries the words: they still answer
    assert [sentence[a.start:a.end] for a in answer_spans(sentence, EXPANSION, query)] == ["Marine Expeditionary Unit"]


def test_a_word_the_articles_write_short_is_also_searched_short():
    from rag.reading import expand_abbreviations

    written = {"Mt."}.__contains__  # "atop Mt. Har Qeren"
    assert expand_abbreviations("On which mountain is Site 512?", {}, written) == "On which mountain is Site 512? (Mt)"
    assert expand_abbreviations("Which general said it?", {}, written) == "Which general said it?"  # no "Gen."


def test_he_after_who_is_a_named_person_is_that_person_not_a_name_in_the_quote():
    history = convo(("Who is Lloyd Austin?", "The article (2023-11-10) “The United States is escalating…” "
                     "states: “US Secretary of Defense Lloyd Austin has ordered approximately 2,000 troops to "
                     "prepare for potential deployment to Israel.” [1]"))
    query = condense("What did he order?", history)
    assert "Lloyd Austin" in query and "Israel" not in query.split("?")[1]


@pytest.mark.parametrize("question", ["Why did he do that?", "Who carried it out?", "Who did it?",
                                      "Where did he say it?", "Why did he say that?", "Why was that refused?",
                                      "Why?", "How so?", "Why does that matter?", "Why would that be so bad?",
                                      "Which country does that refer to?", "Who does this mean?",
                                      "Why does Russia see it that way?", "Who else sees it so?",
                                      "what does that mean in practice", "in what scenario would that matter most?",
                                      "how did Putin react to that?", "And how did Russia respond to this?"])
def test_a_pro_verb_stands_for_what_the_last_answer_quoted_from_its_first_source(question):
    history = convo(("What did he order?", "The article (2023-11-10) … says: “2,000 troops” [1]. In full, it "
                     "states: “Lloyd Austin has ordered approximately 2,000 troops to prepare.” [1] It also "
                     "states: “Marines sailed.” [2]"))
    query = condense(question, history)
    assert query.startswith(question) and "ordered" in query and "prepare" in query and "Marines" not in query


def test_what_that_means_in_practice_asks_what_the_article_says_next_with_no_word_of_its_own():
    from rag.chat import beside_next, quoted_last

    history = convo(("What did Putin say?", "… reports: “Putin stated that all parties are now parties.” [1]"))
    assert quoted_last("What does that mean in practice?", history) == ["Putin stated that all parties are now parties."]
    assert "practice" not in beside_next("What does that mean in practice?")  # no word to find in what follows


def test_that_before_a_noun_is_no_pronoun_for_what_was_quoted():
    history = convo(("What did Ehud Barak say about Hamas?", "… reports: “According to Ehud Barak, it is "
                     "impossible to eradicate Hamas since its ideology is ingrained.” [1]"))
    query = condense("Who declared that goal?", history)
    assert "ingrained" not in query and "Ehud Barak" in query  # the subject, not the quote's every word
    assert "ingrained" in condense("Why did he say that to the press?", history)


def test_does_that_mean_is_no_pro_verb_and_he_is_the_author_the_question_named():
    history = convo(("Where was the 26th Marine Expeditionary Unit before?", "… “Kuwait.” [1]"))
    assert condense("Does that mean it will fight?", history) == "Does that mean it will fight? 26th Marine Expeditionary Unit before"
    assert "Kuwait" not in condense("Does that mean it will fight?", history)  # not the last quote
    history = convo(("Which article was written by Yossi Aharoni?", "… “By Yossi Aharoni” [1]."))
    assert condense("What does he say about NATO?", history) == "What does Yossi Aharoni say about NATO?"
    history = convo(("What did Ehud Barak say about Hamas?", "…"))
    assert condense("What post did he hold?", history) == "What post did Ehud Barak hold? Hamas"


def test_they_after_a_question_about_a_person_are_what_the_last_question_was_about():
    history = convo(("Who is Lloyd Austin?", "…"), ("How many troops did he order to prepare?", "… “2,000” [1]."))
    assert condense("What would they do?", history) == "What would they do? troops order prepare"
    assert "Lloyd Austin" in condense("What else did he order?", history)


def test_did_it_asking_for_an_event_is_no_pro_verb():
    history = convo(("What happened on November 18?", "… “Biden authorized sending ATACMS.” [1]"))
    assert "authorized" not in condense("When did it happen?", history)


def test_a_question_naming_only_what_the_conversation_named_is_a_follow_up():
    history = convo(("What are Tomahawk missiles?", "… “a request to President Biden for Tomahawk missiles.” [1]"))
    assert condense("What did Biden decide?", history) == "What did Biden decide? Tomahawk missiles"
    assert condense("What did Zelensky decide?", history) == "What did Zelensky decide?"  # a new name


@pytest.mark.parametrize("request_, question", [
    ("tell me about site 512", "What is site 512?"),
    ("Could you give me information on the 26th MEU?", "What is the 26th MEU?"),
    ("Can you tell me who wrote the article about ATACMS?", "Who wrote the article about ATACMS?"),
    ("Do you know when the war began?", "When the war began?"),
    ("What is Site 512?", "What is Site 512?"),
    ("Tell me more about it.", "What is it?"),
    ("Tell me who Yossi Aharoni is.", "Who is Yossi Aharoni?"),  # the embedded question's order undone
    ("Can you tell me where the USS Bataan is?", "Where is the USS Bataan?"),
    # a source, evidence or basis for a claim: what the article says of it (each sentence is framed as its own
    # assertion or as the source it cites)
    ("Does the Gaza op-ed give a source for the claim about Site 512?", "What does the Gaza op-ed say about Site 512?"),
    # (evidence of a thing: what is evidence of it, which a sentence offering it answers)
    ("What evidence does the news report give of a stronger US presence?",
     "What is evidence of a stronger US presence, according to the news report?"),
    ("What sources does the op-ed give for Site 512?", "What does the op-ed say about Site 512?"),
    ("What does Aharoni base his claim that Ukraine cannot win on?", "Ukraine cannot win, according to Aharoni?"),
    ("What evidence does it give?", "What evidence does it give?"),  # no claim named: a follow-up
    # whether an article gives a count: the count (of the article named, when one is)
    ("Does any article give the number of Israeli hostages?", "How many Israeli hostages are there?"),
    ("Does the news report give the number of US warships?", "How many US warships are there, according to the news "
     "report?"),
    ("Does Russia have a number of nuclear weapons?", "Does Russia have a number of nuclear weapons?"),  # several
    # whether someone is for or against a thing: what they think of it
    ("Is Aharoni for or against sending ATACMS?", "What does Aharoni think of sending ATACMS?"),
    ("Is the op-ed in favour of or against the war?", "What does the op-ed think of the war?"),
    ("Is Aharoni against it?", "Is Aharoni against it?"),
    # the office a named person holds: who the person is
    ("What post does Netanyahu hold?", "Who is Netanyahu?"),
    ("What is Lloyd Austin's job?", "Who is Lloyd Austin?"),
    ("What posts has Ehud Barak held?", "Who is Ehud Barak?"),
    ("Which positions did Netanyahu have?", "Who is Netanyahu?"),
    ("What's Lloyd Austin's role in the news report?", "Who is Lloyd Austin, according to the news report?"),
    ("What position does the news report hold?", "What position does the news report hold?"),  # no person
    ("What role does the US play?", "What role does the US play?"),
    ("What title does the news report give Lloyd Austin?", "Who is Lloyd Austin, according to the news report?"),
    # a quote asked for by its subject, and the source asked for a claim
    ("Quote the op-ed's sentence about Qatar.", "What does the op-ed say about Qatar?"),
    ("What's the source for the claim that Israel is hiding its ground operations?",
     "Who says Israel is hiding its ground operations?"),
    # an article's claim or view on a thing: what it says of it
    ("Give me the op-ed's claim about Patriot systems.", "What does the op-ed say about Patriot systems?"),
    ("What is the news report's view of why the US is moving forces?",
     "What does the news report say about why the US is moving forces?"),
    # (a view asked of another than an article or its author is what the articles say of it)
    ("What is the US's position on the Gaza war?", "What is the US's position on the Gaza war?"),
    # what went on is what happened; going on to do a thing is not
    ("what went on in feb 2014", "what happened in feb 2014"),
    ("What's going on with the troops?", "What's happening with the troops?"),
    ("What went on to happen?", "What went on to happen?"),
    # two things compared: what the articles say of both (two articles compared are about.py's)
    ("What do the ATACMS and the Tomahawk have in common?", "What do the articles say about the ATACMS and the Tomahawk?"),
    ("compare patriot with thaad", "What do the articles say about patriot and thaad?"),
    ("What is the difference between Hamas and Hezbollah?", "What do the articles say about Hamas and Hezbollah?"),
    ("Compare the Gaza op-ed and the news report.", "Compare the Gaza op-ed and the news report."),
    # what a thing is "about": what it is (what an article is about is about.py's)
    ("What's the Nord Stream thing about?", "What is the Nord Stream?"),
    ("what's the deal with nord stream", "What is nord stream?"),
    ("What is the news report about?", "What is the news report about?"),
    ("What is this about?", "What is this about?"),
    # a claim heard, then whether an article says it: whether the article says that claim
    ("I read that Ukraine blew up Nord Stream. Does Aharoni say that?",
     "Does Aharoni say that Ukraine blew up Nord Stream?"),
    ("I heard the US has 800 bases. Is that true?", "Is it true that the US has 800 bases?"),
    ("I read the news report. What does it say?", "I read the news report. What does it say?"),
    ("Describe Site 512 for me.", "Describe Site 512."),  # courtesy no article writes
    ("What role does Al-Sisi have, per the Gaza article?", "Who is Al-Sisi, according to the Gaza article?"),
    ("Who wrote the op-ed, please?", "Who wrote the op-ed?"),
    ("Who's Yossi Aharoni, exactly?", "Who's Yossi Aharoni?"),  # a word that only insists
    ("What did Golan say, precisely?", "What did Golan say?"),
    # what an article or a person tells the reader is what it says
    ("What does Aharoni tell us about Victor Yanukovych?", "What does Aharoni say about Victor Yanukovych?"),
    ("Can you tell me who wrote it?", "Who wrote it?"),  # a request to the bot
])
def test_a_request_is_asked_as_the_question_it_stands_for(request_, question):
    from rag.chat import as_question

    assert as_question(request_) == question


def test_a_request_that_leans_on_the_conversation_borrows_its_subject():
    history = convo(("What is Site 512?", "…"))
    assert condense("Tell me more about it.", history) == "What is it? Site 512"


def test_asking_for_more_avoids_what_the_last_answer_quoted():
    from rag.chat import quoted_before

    reply = ("The opinion piece …, citing Putin, reports: “Putin stated that all parties are parties to the "
             "conflict.” [1] It also argues: “Biden kept a “gloves on” approach.” [2]")
    history = convo(("What did Putin say?", reply))
    assert quoted_before("What else did he say?", history) == [reply]  # whole: quotes may hold quotes
    assert quoted_before("When did he say it?", history) == []  # not asking for more
    assert quoted_before("Which is more dangerous?", history) == []
    assert quoted_before("What other countries are named?", history) == [reply]
    assert quoted_before("Did any other country refuse?", history) == [reply]
    assert quoted_before("Who agrees with that?", history) == [reply]  # another voice than the one quoted
    # other things of a list the last answer led with are in that list: it may be quoted again
    listed = ("The opinion piece … argues: “Ukraine has targeted facilities such as the Crimean Bridge, bridges in "
              "Kursk, shopping centers, and a pipeline.” [1]")
    targets = convo(("What does it say about Crimea?", listed), ("Who attacked it?", listed))
    assert quoted_before("What other targets does it list?", targets) == []
    # ... and so are two things joined, when the question asks in the quote's own words
    pair = ("The news report … reports: “The deployment of a second aircraft carrier to the eastern Mediterranean Sea "
            "and the sending of Air Force fighter jets are evidence of this increased presence.” [1]")
    jets = convo(("What does the news report say about fighter jets?", pair))
    assert quoted_before("What else shows the increased presence?", jets) == []
    assert quoted_before("What else shows the stronger presence?", jets) == []  # "evidence": "shows" in its kin
    # (but a list whose sentence holds a kin of one word asked is no list asked of: "hit" and "reach")
    reach = ("The opinion piece … argues: “These missiles have a range of 300 to 400 kilometers, or 200 to 300 miles, "
             "and can reach the Kursk region.” [1]")
    assert quoted_before("What else could they hit?", convo(("Can the ATACMS reach them?", reach))) == [reach]
    assert quoted_before("What else does it say?", jets) == [pair]
    # ... and so are their other deeds, of a list of them
    deeds = ("The opinion piece … argues: “Palestinian resistance forces have fired missiles toward Israeli cities, "
             "engaged the enemy with anti-armor missiles, conducted an operation close to the Erez crossing, and "
             "stopped an Israeli armored vehicle.” [1]")
    assert quoted_before("What else did they do?", convo(("Who conducted it?", deeds))) == []
    assert quoted_before("What else did they say?", convo(("Who conducted it?", deeds))) == [deeds]
    # (a deed of the list's own too: "fired missiles toward Israeli cities")
    assert quoted_before("what else did they fire at Israeli cities?", convo(("Who halted it?", deeds))) == []
    assert quoted_before("What else did they build?", convo(("Who conducted it?", deeds))) == [deeds]
    # (the sentence a direct answer was taken from, quoted in full after it)
    direct = ("The opinion piece … says: “2,000 special forces soldiers” [1].\n\nIn full, it argues: “The Americans "
              "have stationed 2,000 special forces soldiers, bolstered their forces and boosted the number of combat "
              "aircraft, and recruited military advisors.” [1]")
    assert quoted_before("what else did they boost?", convo(("How many soldiers did they station?", direct))) == []
    assert quoted_before("What else did he say?", targets) == [listed, listed]  # not what the list holds
    appositive = ("The opinion piece … argues: “Ayman Al-Safadi, the foreign minister of the Kingdom of Jordan, who "
                  "is located next to the West Bank and does not connect to Gaza, rejected a request.” [1]")
    # (an appositive is no list: the sentence is avoided, whoever else is asked for)
    assert quoted_before("Who else rejected such a plan?", convo(("What did he reject?", appositive))) == [
        appositive.split("“", 1)[1].split("” [1]")[0]]
    # who else did the same: only what each answer led with (the other may be a later quote of it)
    # ... unless it names several people by their titles, one never asked about: he may be the other
    officials = ("The opinion piece …, citing prominent Israeli officials, …, reports: “Prominent Israeli officials, "
                 "including Defense Minister Yoav Gallant and Prime Minister Benjamin Netanyahu, declared it.” [1]")
    assert quoted_before("Who else declared it?", convo(("What did Netanyahu declare?", officials))) == []
    assert quoted_before("Who else declared it?", convo(("What did Gallant and Netanyahu declare?", officials))) == [
        "Prominent Israeli officials, including Defense Minister Yoav Gallant and Prime Minister Benjamin Netanyahu, "
        "declared it."]
    for question in ["Did any other country refuse too?", "Did Russia do the same?", "Which country did likewise?",
                     "Who else refused a similar plan?", "And anyone else?", "did anyone else reject a similar plan?"]:
        assert quoted_before(question, history) == ["Putin stated that all parties are parties to the conflict."]
    later = history + convo(("Who wrote that article?", "The opinion piece … gives its author: “By X” [1]."))
    assert quoted_before("What else did it say?", later) == [reply, later[-1]["content"]]  # every answer so far


def test_the_subject_is_the_nearest_question_that_stood_on_its_own():
    history = convo(("What is the rapid response force?", "… “the US force of 2,000 Marines and sailors” [1]"),
                    ("Who is it meant to deter?", "… “Iran and Hezbollah” [1]"))
    assert condense("What else is the US sending?", history) == "What else is the US sending? rapid response force"
    # "mentioned" says nothing of the subject
    history = convo(("What is the Nord Stream II pipeline mentioned for?", "… “the bombing of the Nord Stream II "
                     "pipeline” [1]"))
    assert condense("Who does the author blame for it?", history).endswith("? Nord Stream II pipeline")


def test_the_first_quotes_of_a_reply_hold_their_own_quotation_marks_and_no_title():
    from rag.chat import first_quotes

    reply = ("The opinion piece by X (2024-11-29) “On November 18, news media reported…” argues: “Zelensky "
             "offered a “peace plan,” which involved a request.” [1] It also argues: “Tomahawks reach Moscow.” [1]"
             "\n\nThe article “T” states: “Other.” [2]")
    assert first_quotes(reply) == ["Zelensky offered a “peace plan,” which involved a request.",
                                   "Tomahawks reach Moscow."]
    side = "Side by side, the opinion piece says “2,000” [1]; the news report says “2,000 Marines” [2]."
    assert first_quotes(side) == ["2,000"]


def test_the_things_a_question_asks_some_of_pointing_back():
    from rag.chat import things_pointed_back

    assert things_pointed_back("What are some of those goals?") == "goal"
    assert things_pointed_back("name one of those objectives") == "objective"
    assert things_pointed_back("What were their main aims?") == "aim"
    assert things_pointed_back("What range do those missiles have?") is None  # asks their range, not some of them


def test_asking_what_came_next_reads_after_the_last_answers_quotes():
    from rag.chat import quoted_last

    history = convo(("Who asked for them?", "… argues: “Zelensky asked Biden for Tomahawks.” [1]"))
    for question in ["How did Biden respond?", "What happened next?", "Where did they move after that?",
                     "What was Biden's answer?", "such as?", "For example?"]:
        assert quoted_last(question, history) == ["Zelensky asked Biden for Tomahawks."], question
    assert quoted_last("What range do they have?", history) == []
    for question in ["What isn't included in that?", "What does that leave out?",
                     "and what does it say is not even counted?"]:  # set beside it, next
        assert quoted_last(question, history) == ["Zelensky asked Biden for Tomahawks."], question
    responded = convo(("Where are they?", "… argues: “Russia sent troops in response to the offensive.” [1]"))
    assert quoted_last("How did Russia respond to it?", responded) == []  # the quote told the response itself
    # ... and so did a quote after the first, naming those the question names ("Knowing this, Biden told …")
    told = convo(("What did Russia say?", "… reports: “Russia warned of a response.” [1] … reports: “Knowing this, "
                                          "Biden told Zelensky this was a non-starter.” [1]"))
    assert quoted_last("and what was Biden's answer to Zelensky?", told) == []
    assert quoted_last("and what was Putin's answer?", told) == ["Russia warned of a response.",
                                                                 "Knowing this, Biden told Zelensky this was a non-starter."]
    assert quoted_last("How did Biden respond?", []) == []
    assert quoted_last("What could they do next?", history) == []  # what may yet happen, not what is told next
    assert quoted_last("Is that realistic?", history) == ["Zelensky asked Biden for Tomahawks."]  # what it says next
    for question in ["Does the op-ed think that can be done?", "Could that work?"]:  # "that" is the claim
        assert quoted_last(question, history) == ["Zelensky asked Biden for Tomahawks."], question
    goals = convo(("What did they give up?", "… argues: “They chose smaller operations with clear goals.” [1]"))
    assert quoted_last("What are some of those goals?", goals) == ["They chose smaller operations with clear goals."]
    # things pointed back at with "those" that the quote calls otherwise ("… a few of these objectives" may follow)
    assert quoted_last("name one of those objectives", goals) == ["They chose smaller operations with clear goals."]
    assert quoted_last("What are the missiles?", goals) == []  # not pointed back at, and the quote does not name them
    assert quoted_last("And what are those goals now?", goals) == []  # not a request to name them
    assert quoted_last("What were the new goals?", goals) == ["They chose smaller operations with clear goals."]
    assert quoted_last("What were their goals?", goals) == ["They chose smaller operations with clear goals."]


def test_its_after_an_answer_is_the_articles():
    from rag.chat import about_that_article

    assert about_that_article("What is its main point?") == "What is the article's main point?"
    assert about_that_article("Who wrote it?") == "Who wrote the article?"
    assert about_that_article("What are the missiles?") is None
    assert about_that_article("Does it name its author?") == "Does the article name its author?"
    # "its" of what no article has: the thing the conversation is about ("Site 512": "… quietly expanding …")
    assert about_that_article("who is behind its expansion?") is None
    assert about_that_article("What does he conclude?") == "What does the author conclude?"
    assert about_that_article("What is her conclusion?") == "What is the author's conclusion?"
    assert about_that_article("what's his final judgment on the decision?") == (
        "what's the author's final judgment on the decision?")


def test_that_before_a_verb_stands_for_what_was_said():
    from rag.chat import BARE_WHY, needs_context

    assert needs_context("Does the op-ed think that can be done?")  # "that" is the subject of "can be done"
    assert not needs_context("Does the author think that Hamas can be destroyed?")  # "that" opens a clause
    assert BARE_WHY.match("For what purpose?") and BARE_WHY.match("To what end?")
    assert BARE_WHY.match("What is the reasoning behind that?") and BARE_WHY.match("What's the reason for this?")
    assert not BARE_WHY.match("What is the reason for the deployment?")  # names its own subject


def test_that_after_a_long_quote_is_what_its_last_sentences_told():
    reply = ("The opinion piece argues: “Ukraine has shown little restraint when it comes to targeting the Crimean "
             "Bridge. However, the most dangerous possibility is that Ukraine could target the nuclear reactor in "
             "Kursk. This would be deadly for the civilians in Kursk.” [1]")
    history = [{"role": "user", "content": "What would be the worst target?"}, {"role": "assistant", "content": reply}]
    query = condense("Why would that be so bad?", history)
    assert "reactor" in query and "deadly" in query and "Crimean" not in query


def test_a_request_for_what_an_article_says_is_asked_as_that_question():
    from rag.chat import as_question

    assert as_question("tell me what the news report says about logistics") == (
        "What does the news report say about logistics?")
    assert as_question("Can you tell me what the opinion piece thinks of Biden?") == (
        "What does the opinion piece think of Biden?")
    assert as_question("Show me what the news report says about the Gulf of Oman.") == (
        "What does the news report say about the Gulf of Oman?")
    assert as_question("Quote the sentence where the op-ed mentions elephants.") == (
        "What does the op-ed say about elephants?")
    assert as_question("show me the money") == "show me the money"


def test_who_else_thinks_so_leans_on_what_was_just_said():
    from rag.chat import needs_context

    assert needs_context("Who else thinks so?") and not needs_context("Who else thinks Hamas will win?")


def test_when_this_was_reported_asks_about_the_article_just_quoted():
    from rag.chat import about_that_article

    assert about_that_article("When was this reported?") == "When was the article reported?"
    assert about_that_article("Was this the first attack?") is None  # "this" stands for no article here


def test_and_a_new_name_asks_the_last_full_question_of_it():
    history = convo(("How many resistance fighters does the Gaza article count in Lebanon?", "… “tens of …” [1]."))
    assert condense("And in Yemen?", history) == "How many resistance fighters does the Gaza article count in Yemen?"
    history += convo(("And in Yemen?", "… “hundreds of …” [1]."))
    assert condense("And in Gaza?", history) == "How many resistance fighters does the Gaza article count in Gaza?"
    # an acronym is a name, though its capitals outnumber the other letters of "the ATACMS"
    history = convo(("How far can Tomahawks fly?", "… “… 2400 kilometers …” [1]."))
    assert condense("And the ATACMS?", history) == "How far can the ATACMS fly?"


def test_a_question_on_a_name_no_article_mentions_leaves_the_subject_where_it_was():
    history = convo(("What does the Gaza article say about Britain?", "… “… naval vessels from Britain …” [1]"),
                    ("And France?", "The indexed articles do not answer this question: none of them mentions France."))
    query = condense("Why are the ships there?", history)
    assert "Britain" in query and "France" not in query


def test_asking_whether_an_article_agrees_names_that_article_and_lends_no_subject():
    from rag.chat import agreement_asked

    assert agreement_asked("Does the Gaza article agree?") == "the Gaza article"
    assert agreement_asked("And does the other article say the same?") == "the other article"
    assert agreement_asked("Do they agree?") == "they" and agreement_asked("Do both articles say the same?")
    assert agreement_asked("Does the news report agree on the numbers of troops?") is None  # a question of its own
    assert agreement_asked("Are they the same troops?") == "they"  # what each article said, one thing or two
    assert agreement_asked("Are they the troops Austin ordered?") is None
    # ... or the same as what an article names: the last answer's point, beside that article's
    assert agreement_asked("is that the same 2,000 the op-ed talks about?") == "the op-ed"
    assert agreement_asked("Are they the same troops as in the Gaza piece?") == "the Gaza piece"
    assert agreement_asked("Is that the same as the news report's?") == "the news report"
    assert agreement_asked("Is that the same unit that the news report describes as aboard the Bataan?") is None
    # whether the two the conversation quoted agree on a point: they, side by side
    assert agreement_asked("Do they agree that Hezbollah is involved?") == "they"
    assert agreement_asked("Does the Gaza article agree that the US runs the war?") is None  # a question of its own
    # how another article's figure compares: the two set side by side
    assert agreement_asked("How does the news report's figure compare?") == "the news report"
    assert agreement_asked("How does that compare with the Gaza article?") == "the Gaza article"
    assert agreement_asked("How does Ukraine compare?") is None
    history = convo(("What does the news report say Austin ordered?", "… reports: “Austin ordered 2,000 troops.” [1]"),
                    ("Does the Gaza article agree?", "… argues: “The Americans stationed 2,000 soldiers.” [2]"))
    query = condense("Will the troops actually go?", history)
    assert "Austin" in query and "agree" not in query


def test_doing_the_same_asks_the_last_question_of_the_new_subject():
    history = convo(("Who is Abdel Fattah Al-Sisi?", "…"), ("What plan did he turn down?", "…"))
    query = condense("Did Jordan do the same?", history)
    assert query.startswith("Did Jordan do the same?") and "plan" in query and "Al-Sisi" not in query


def test_the_words_naming_an_article_are_not_borrowed_as_the_subject():
    history = convo(("What does the news report say about the aircraft carrier?", "…"))
    assert condense("Where was it sent?", history) == "Where was it sent? aircraft carrier"


@pytest.mark.parametrize("question", [
    "Who does the opinion piece say will find it hard to de-escalate?",  # "find it hard": no "it" said before
    "Who says that the US is trying to hurt Russia?",  # "says that": no "that" said before
])
def test_it_and_that_standing_for_nothing_said_before_are_no_follow_up(question):
    history = convo(("Who says the US is trying to hurt Russia?", "The opinion piece argues: “…” [1]"))
    assert condense(question, history) == question
    assert condense("Why does he say that?", history) != "Why does he say that?"  # that: what was said


def test_a_peoples_adjective_names_no_subject_so_there_is_the_place_asked_about_before():
    history = convo(("What is the Kursk region?", "…"), ("How many Russian troops are stationed there?", "…"))
    assert condense("What is the greatest danger there?", history) == "What is the greatest danger there? Kursk region"


def test_he_after_who_is_a_one_word_name_is_that_person():
    history = convo(("Who is Zelensky?", "The opinion piece … argues: “President Zelensky offered a plan.” [1]"))
    assert condense("What did he ask Biden for?", history) == "What did Zelensky ask Biden for?"


def test_a_follow_up_naming_only_an_article_asks_the_last_question_of_it():
    history = convo(("What does the news report say about Hezbollah?", "…"))
    assert condense("And the Gaza article?", history) == "What does the Gaza article say about Hezbollah?"
    assert condense("and the op-ed's?", history) == "What does the op-ed say about Hezbollah?"  # its take
    history = convo(("How many troops are being sent?", "…"))
    assert condense("What about the opinion piece?", history) == "How many troops are being sent, according to the opinion piece?"
    history = convo(("What does the op-ed say about Iran?", "…"))
    assert condense("What does the news report say?", history) == "What does the news report say about Iran?"
    # ... and a last question that leaned on the conversation is asked as it was meant
    history = convo(("Which articles mention Hezbollah?", "…"), ("What does the news report say about it?", "…"))
    assert condense("And the opinion piece?", history) == "What does the opinion piece say about it? Hezbollah"
    # but "about it" is about the conversation's subject, not the last question asked again
    history = convo(("What is Hezbollah doing, according to the Gaza article?", "…"), ("Who is it fighting alongside?", "…"))
    assert "Hezbollah" in condense("What does the news report say about it?", history)


def test_what_about_a_new_name_asks_the_last_questions_predicate_of_it():
    history = convo(("What does the Gaza article say about the Golan Heights?", "…"),
                    ("Where are those missiles fired from?", "…"))
    assert condense("And what about Iraq?", history) == "And what about Iraq? missiles fired"


def test_who_says_so_stands_for_what_the_last_answer_quoted():
    history = convo(("How many civilians has Israel killed?", "The opinion piece … argues: “Israel has murdered "
                                                           "about 10,000 civilians in Gaza so far.” [1]"))
    assert "murdered" in condense("Who says so?", history)


def test_a_question_ending_on_its_auxiliary_takes_the_words_where_its_verb_would_be():
    history = convo(("What are ATACMS?", "…"), ("Can they reach Moscow?", "…"))
    assert condense("Which missiles can?", history) == "Which missiles can reach Moscow?"


def test_who_disagrees_asks_about_the_claim_not_its_speaker():
    history = convo(("What did Netanyahu declare?", "The opinion piece “…”, citing Prime Minister Benjamin Netanyahu, "
                     "reports: “Prime Minister Benjamin Netanyahu declared that Israel will eradicate Hamas.” [1]"))
    query = condense("Who disagrees?", history)
    assert "eradicate" in query and "Hamas" in query and "Netanyahu" not in query and "declared" not in query


def test_what_is_a_name_the_conversation_never_mentioned_stands_on_its_own():
    history = convo(("How many kilometres can a Tomahawk fly?", "… “2400 kilometers” [1] …"))
    assert condense("What is Mekovit?", history) == "What is Mekovit?"
    assert condense("When?", history) != "When?"


def test_a_question_naming_only_an_article_leaves_the_subject_where_it_was():
    history = convo(("What does the news report say about Hezbollah?", "… “… deterrence to Iran and Hezbollah.” [1]"),
                    ("And the Gaza article?", "… “… including Hezbollah and allies including Al-Fajr Forces …” [1]"))
    query = condense("Which groups fight alongside it?", history)
    assert "Hezbollah" in query and "Gaza" not in query


def test_he_after_who_is_a_person_is_that_person_and_disagreeing_with_him_is_with_his_claim():
    barak = ("Who is Ehud Barak?", "The opinion piece “…”, citing former army chief of staff and defense minister "
             "Ehud Barak, reports: “According to former army chief of staff and defense minister Ehud Barak, it is "
             "impossible to eradicate Hamas since the organization’s ideology is ingrained.” [1]")
    assert condense("Does he think Hamas can be destroyed?", convo(barak)).startswith("Does Ehud Barak think")
    query = condense("Who disagrees with him?", convo(barak))
    assert "eradicate" in query and "ingrained" in query and "Ehud" not in query


def test_a_definite_description_of_what_the_conversation_spoke_of_leans_on_it():
    from rag.chat import needs_context

    site = ("What is Mt. Har Qeren?", "… argues: “The US is quietly expanding a classified military base named "
            "Site 512 atop Mt. Har Qeren in the Negev in Israel.” [1]")
    assert needs_context("Who runs the base?", " ".join(site))
    assert not needs_context("Who runs the base?", "What did Putin say?")  # no base spoken of
    assert not needs_context("Who does the opinion piece say will find it hard to de-escalate?",
                             "… the opinion piece …")  # the article it names describes nothing said
    query = condense("Is it secret?", convo(site, ("Who runs the base?", "… “The US is quietly expanding …” [1]")))
    assert "Har Qeren" in query and "runs" not in query


def test_a_question_on_a_topic_of_an_article_it_names_stands_alone():
    from rag.chat import needs_context

    assert not needs_context("What does the news report say about logistics?", "Who is Lloyd Austin?")
    assert needs_context("What about logistics?", "Who is Lloyd Austin?")


def test_and_before_a_question_to_an_article_on_a_topic_of_its_own_borrows_nothing():
    from rag.chat import needs_context

    earlier = ("What kind of help does the news report say the US might give Israel? … “This includes managing "
               "logistics and providing medical support …” [1]")
    assert not needs_context("and does the op-ed mention humanitarian aid?", earlier)
    assert needs_context("and does the op-ed mention it?", earlier)  # "it": what was just said
    assert needs_context("And does the op-ed say logistics?", earlier)  # one new word: the question before's frame
    assert needs_context("And what does Putin say the US has become?", earlier)  # no article: asked in its frame


def test_and_before_a_question_is_no_new_subject_for_the_last_question():
    history = convo(("What does Aharoni predict about how long the war will last?", "… “The conflict could "
                     "continue for months or possibly even years …” [1]"))
    query = condense("and can Ukraine still win, in his view?", history)
    assert query.startswith("and can Ukraine still win") and "does can" not in query
    assert condense("And Ukraine?", history).startswith("What does Ukraine predict")  # a name: the question again


def test_they_after_which_things_were_answered_are_those_things():
    history = convo(("What weapons did the US authorize for Ukraine?",
                     "The opinion piece by Yossi Aharoni (2024-11-29) “…” says: “ATACMS” [1].\n\nIn full, it argues: "
                     "“… authorized sending long-range ATACMS missiles to Ukraine …” [1]"))
    assert condense("What's their range?", history) == "What's their range? ATACMS"
    # an answer that opens with a whole sentence names no one thing
    history[-1]["content"] = "The opinion piece “…” argues: “The US has provided tens of billions of dollars in weapons.” [1]"
    assert "ATACMS" not in condense("What's their range?", history)


def test_the_words_naming_an_article_are_never_a_conversations_subject():
    history = convo(("What does the opinion piece say about Qatar?", "… “… discussions facilitated by Qatar …” [1]"))
    query = condense("What are the talks about?", history)
    assert "Qatar" in query and "opinion" not in query


def test_the_article_an_earlier_question_named_lends_no_words_to_the_subject():
    history = convo(("What is Hezbollah doing, according to the Gaza article?", "… “… including Hezbollah …” [1]"))
    query = condense("Who is it fighting alongside?", history)
    assert "Hezbollah" in query and "Gaza" not in query


def test_who_raised_a_possibility_asks_whose_claim_the_last_quote_is():
    history = convo(("What would happen if Ukraine hit it?",
                     "… argues: “However, the most dangerous possibility is that Ukraine could target the nuclear "
                     "reactor in Kursk.” [1]"))
    query = condense("Who raises that possibility?", history)
    assert "reactor" in query and "Kursk" in query


def test_a_preposition_opening_a_fragment_is_no_subject():
    from rag.chat import needs_context

    axis = ("What is the Axis of Resistance threatening?", "… “… it is prepared to join the conflict if …” [1]")
    assert needs_context("Under what conditions?", " ".join(axis))
    history = convo(axis, ("Under what conditions?", "… “… if Israel and its allies attempt to displace …” [1]"))
    assert "Under" not in condense("Has it already joined?", history).split("?", 1)[1]


def test_a_follow_up_may_be_asked_again_with_what_the_last_answer_quoted():
    from rag.chat import with_last_quote

    history = convo(("What is the Axis of Resistance threatening?", "… argues: “The Axis of Resistance is prepared "
                     "to join the conflict if Israel attempts to displace Palestinians.” [1]"))
    query = with_last_quote("Under what conditions?", history)
    assert query.startswith("Under what conditions?") and "displace" in query and "Palestinians" in query
    assert with_last_quote("Why did they refuse?", history) is None  # the claim quoted gives no reason
    assert with_last_quote("And the news report?", history) is None  # the last question, of another article
    assert with_last_quote("What is the range of ATACMS?", history) is None  # a question of its own


def test_a_response_asked_with_no_object_is_to_what_the_conversation_spoke_of():
    history = convo(("Why did Biden authorize ATACMS for Ukraine?", "… “… incoming President Trump …” [1]"))
    assert condense("How did Putin respond?", history) == "How did Putin respond? Biden authorize ATACMS Ukraine"
    from rag.chat import needs_context

    assert needs_context("What was Egypt's reaction?")
    assert not needs_context("How did Putin respond to the ATACMS decision?")  # it says to what
    assert needs_context("How do the figures compare?")  # compared with what was just said
    assert not needs_context("How do the troop numbers compare with the ship numbers?")


def test_and_a_new_object_of_the_same_preposition_asks_the_last_full_question_of_it():
    history = convo(("What does the op-ed say the US did with aircraft carriers?", "… “two aircraft carriers …” [1]"))
    assert condense("And with troops?", history) == "What does the op-ed say the US did with troops?"
    # the phrase before a comma, not the words naming the article after it
    history = convo(("What did the US do with its carriers, according to the news report?", "…"))
    assert condense("And with its marines?", history) == "What did the US do with its marines, according to the news report?"
    # ... and one naming no preposition goes on from one that did
    history = convo(("What does the op-ed say the US did with its navy?", "…"), ("and with air defenses?", "…"))
    assert condense("and troops on the ground?", history) == "What does the op-ed say the US did with troops on the ground?"


def test_by_whom_asks_who_did_what_the_last_question_asked_in_the_passive():
    history = convo(("what are ATACMS missiles", "…"), ("when were they authorized?", "…"))
    assert condense("by whom?", history) == "Who authorized? ATACMS missiles"
    history = convo(("What is being built on the mountain?", "…"))
    assert condense("By whom?", history) == "Who built on the mountain?"
    assert condense("by whom", convo(("When was the base built?", "…"))) == "Who built the base?"
    assert condense("by whom", convo(("What was Biden told?", "…"))) == "Who told Biden?"  # (no participle "Biden")


def test_the_subject_after_and_with_a_new_object_is_that_object():
    history = convo(("What does the op-ed say the US did with aircraft carriers?", "…"), ("And with troops?", "…"))
    assert condense("Where are they based?", history) == "Where are they based? US troops"


def test_they_after_a_question_on_a_person_stands_for_the_things_the_answer_quoted():
    history = convo(("What did Lloyd Austin do?", "The news report … reports: “… US Secretary of Defense Lloyd Austin "
                                                 "has ordered approximately 2,000 troops to prepare …” [1]"))
    assert condense("Are they sure to go to Israel?", history) == "Are they sure to go to Israel? troops"
    # a name written with no title may be a country's: "they" may stand for it
    history = convo(("What did the United States do?", "… reports: “The United States is escalating its military "
                                                      "posture … by dispatching a rapid response force …” [1]"))
    assert "United States" in condense("Are they sure to go to Israel?", history)


def test_from_there_asks_what_came_next_only_of_a_move():
    from rag.chat import quoted_last

    history = convo(("Where did the army start?", "… argues: “It started in the north.” [1]"))
    assert quoted_last("Where did it go from there?", history) == ["It started in the north."]
    assert quoted_last("What is fired from there?", history) == []


def test_what_came_after_a_deed_asks_of_the_deed_then_of_what_followed_it():
    from rag.chat import deed_before

    assert deed_before("What did the Israeli army do after seizing farmland?") == (
        "the Israeli army seizing farmland", ["What did the Israeli army do next?", "What happened next?"])
    assert deed_before("What happened after Israel seized farmland?") == (
        "Israel seized farmland", ["What happened next?"])
    assert deed_before("What did Biden do after Zelensky asked for Tomahawks?")[0] == "Zelensky asked for Tomahawks"
    for question in ["What happened after that?", "What happened after the ATACMS decision?",
                     "What did Biden do after that?", "What did he do?"]:
        assert deed_before(question) is None  # what the last answer told, or no deed told in a clause


def test_those_after_a_turn_moving_to_a_plural_thing_stands_for_it():
    history = convo(("What range do the ATACMS have?", "…"), ("And the Tomahawks?", "…"))
    assert condense("Who asked for those?", history) == "Who asked for those? Tomahawks"
    # (a turn that moved to a thing asks the question before of it, without a doubled article)
    assert condense("What about the Tomahawks?", history[:2]) == "What range do the Tomahawks have?"
    # typed in lower case, the turn names nothing in capitals: the plural still stands for what it moved to
    history = convo(("what range do the atacms have", "…"), ("and the tomahawks?", "…"))
    assert condense("who asked for those?", history) == "who asked for those? tomahawks"


def test_those_things_take_the_name_the_conversation_last_gave_them():
    from rag.chat import with_kind_named

    history = convo(("What did Russia say about Tomahawks?", "… argues: “Russia warned against these missiles.” [1] "
                                                             "It also argues: “Zelensky asked for Tomahawk missiles.” [2]"))
    assert with_kind_named("how far can those missiles fly?", history) == "how far can those missiles fly? Tomahawk"
    assert with_kind_named("how far can those rockets fly?", history) is None  # nothing named so
    assert with_kind_named("how far can they fly?", history) is None
    # (the latest turn first: a question naming them after that answer)
    later = history + convo(("Do the ATACMS missiles reach Moscow?", "…"))
    assert with_kind_named("Who sent these missiles?", later) == "Who sent these missiles? ATACMS"


def test_a_follow_up_answered_by_the_last_quote_again_may_ask_what_it_does_not_say():
    from rag.chat import own_words_missed

    quote = "The US has over 800 military bases across the world, including in Eastern Europe."
    history = convo(("Does that include bases in Eastern Europe?", f"… argues: “{quote}” [1]"))
    assert own_words_missed("is it a carrier?", history, quote) == {"carrier"}  # whether: the words it asks of
    # the thing pointed back at, which the quote does not call so (not the rest: "he", "say", "become")
    assert own_words_missed("what does he say those assets have become?", history, quote) == {"asset"}
    # (a name before the noun: "these US assets")
    assert own_words_missed("and what does he say all these US assets now are?", history, quote) == {"asset"}
    # ... also where the answer quotes the sentence after it too
    assert own_words_missed("what have those assets become?", history, quote + " Finland joined.") == {"asset"}
    assert own_words_missed("what have those bases become?", history, quote) == set()  # the quote calls them so
    assert own_words_missed("what have they become?", history, quote) == set()  # no "whether", no "those X"
    assert own_words_missed("is it a carrier?", history, "Another sentence.") == set()  # not the last quote


def test_a_response_to_it_is_to_the_subject_not_to_the_quote():
    history = convo(("When did the Kursk offensive begin?", "… argues: “The Kursk offensive began in August 2024.” [1]"))
    assert condense("how did Russia respond to it?", history) == "how did Russia respond to it? Kursk offensive begin"


def test_that_thing_a_quote_named_stands_for_that_quote():
    history = convo(("What happened to the Nord Stream pipeline?", "… argues: “Ukraine bombed the pipeline.” [1]"),
                    ("and what is the most dangerous target he mentions?",
                     "… argues: “The most dangerous possibility is the nuclear reactor in Kursk, which generates power.” [1]"))
    query = condense("what does that reactor do?", history)
    assert "generates" in query and "pipeline" not in query.split("?")[1]
    # (not a thing a question named: that is the subject it named)
    assert "generates" not in condense("what does that pipeline carry?", history)


def test_what_it_says_of_a_subject_of_its_own_borrows_no_words():
    history = convo(("What does the Gaza op-ed compare the US approach to?",
                     "… argues: “This is like taking a herd of elephants into a china shop.” [1]"))
    assert condense("what does it say the US is posing as?", history) == "what does the article say the US is posing as?"
    # (not a clause leaning on the conversation, nor a why-question, whose claim the conversation quoted)
    assert "approach" in condense("what does it say is happening there?", history)
    assert "approach" in condense("Why does it say the US is so reckless?", history)


def test_he_stands_for_no_place():
    history = convo(("How many military bases does the US have, per Aharoni?", "…"),
                    ("does that include bases in Eastern Europe?", "…"))
    assert "Eastern Europe say" not in condense("what does he say those assets have become?", history)


def test_what_could_happen_to_them_is_not_the_quote_that_named_them():
    from rag.chat import quoted_before

    history = convo(("Which other countries does he list?",
                     "The opinion piece … argues: “Many former Warsaw Pact countries … are now NATO countries.” [1]"))
    assert quoted_before("What does he say will happen to them?", history) == [
        "Many former Warsaw Pact countries … are now NATO countries."]
    assert quoted_before("what could Russia now do to them?", history) == [  # (what is done to them befalls them)
        "Many former Warsaw Pact countries … are now NATO countries."]
    # (what would follow a deed is not asked of what was quoted: "… This would be deadly …" may answer again)
    assert quoted_before("What would happen if Ukraine hit it?", history) == []


def test_how_many_with_no_noun_counts_what_the_conversation_spoke_of():
    history = convo(("What do the articles say about aircraft carriers?", "…"))
    # (where the thing counted would be: "How many aircraft carriers does the op-ed count?")
    assert condense("How many does the op-ed count?", history) == "How many aircraft carriers does the op-ed count?"


def test_and_about_a_thing_asks_the_last_question_again_as_it_was_meant():
    history = convo(("who is yossi aharoni", "…"), ("what did he write about trump", "…"))
    assert condense("and about putin?", history) == "what did he write about putin yossi aharoni"
    history = convo(("What did the US do with aircraft carriers?", "…"))
    assert condense("And with troops?", history) == "What did the US do with troops?"


def test_he_after_a_who_question_is_the_person_the_answers_quote_opens_with():
    history = convo(("Which Jordanian official is quoted in the op-ed?",
                     "The opinion piece … argues: “Ayman Al-Safadi, the foreign minister of the Kingdom of Jordan, "
                     "… similarly rejected a similar Israeli request …” [1]"))
    assert condense("What did he reject?", history) == "What did Ayman Al-Safadi reject?"
    # (a place set off by a comma is no person: "In Tel Aviv, this issue was discussed.")
    history = convo(("Who discussed it?", "The opinion piece … argues: “In Tel Aviv, this issue was discussed.” [1]"))
    assert "Tel Aviv" not in condense("What did he say?", history).split("?")[0]


def test_per_the_article_lends_no_word_to_a_follow_up():
    history = convo(("Where is Wadi Gaza, per the op-ed?", "…"))
    query = condense("and what happened in that area?", history)
    assert "Wadi Gaza" in query and "per" not in query.split()


def test_a_pronoun_a_verb_is_done_to_is_the_name_the_last_quote_did_that_verb_to():
    answer = ("The opinion piece … reports: “Ukraine has already used the ATACMS, which demonstrates that this "
              "conflict was never “defensive” to begin with, … using Ukrainians as cannon fodder in their "
              "geopolitical games.” [1]")
    history = convo(("What does Aharoni say Ukraine has already used?", answer),
                    ("what does he say that demonstrates?", answer))
    # the first name the quote uses ("used the ATACMS"), not "Ukrainians" nor the first question's words
    assert condense("and what does using them require?", history) == "and what does using them require? ATACMS"
    # (a verb the quote does to no name lends nothing of this kind)
    assert "ATACMS" not in condense("and who sold them?", history).split("?")[1]


def test_a_definite_description_leans_on_what_the_answer_said_in_other_words():
    from rag.chat import needs_context

    earlier = ("What does the op-ed say about the Israeli hostages? … “Simultaneously, through discussions "
               "facilitated by Qatar, the US aims to alleviate … the burden of Israeli hostages …” [1]")
    assert needs_context("who is mediating the talks?", earlier)  # the talks are the discussions
    assert not needs_context("who is mediating the ceasefire?", earlier)  # nothing the conversation spoke of


def test_what_evidence_is_given_of_that_keeps_its_evidence_and_its_that():
    history = convo(("What does the news report say the US military is trying to strengthen?",
                     "The news report … reports: “These developments come as part of the US military’s overall "
                     "strategy to strengthen its presence in the Middle East.” [1]"))
    query = condense("what evidence does it give of that?", history)
    assert query.startswith("what evidence does it give of that?") and "strengthen" in query


def test_a_fragment_adding_to_the_last_question_leans_on_it():
    from rag.chat import needs_context

    assert needs_context("including in which region?", "How many US military bases does Aharoni say exist?")
    assert needs_context("especially where?", "Where are the troops?")


def test_the_nouns_a_question_points_back_with_are_not_its_own_words():
    from rag.chat import without_pointed_back

    assert "area" not in without_pointed_back("and what happened in that area?")
    assert "assets" not in without_pointed_back("what does he say those assets have become?")
    assert "US assets" not in without_pointed_back("what does he say these US assets are now?")
    # a clause after "that", and a verb after "those", are the question's own
    assert without_pointed_back("Who tweeted that Israel lost the battle?") == "Who tweeted that Israel lost the battle?"
    assert without_pointed_back("could those reach Moscow?") == "could those reach Moscow?"


def test_his_is_the_one_person_the_last_answer_cites():
    answer = ("The opinion piece … argues: “The Israeli army started seizing agricultural territory …” [1] It, citing "
              "former Israeli Defense Forces Deputy Chief of Staff General Yair Golan, reports: “We lost the battle, "
              "as … General Yair Golan pointed out in a startling tweet on October 27.” [2]")
    history = convo(("What does the Gaza article say happened on October 27?", answer))
    # asked as a question of its own: "What was Yair Golan's rank?" asks who he is
    assert condense("what was his rank?", history) == "Who is Yair Golan?"
    # but "he" that already stood for someone goes on standing for them
    earlier = convo(("Which article was written by Yossi Aharoni?", "…"), ("What does he say about NATO?", answer))
    assert "Yair Golan" not in condense("Which countries does he name?", earlier)


def test_why_he_did_it_asks_about_the_deed_the_lead_told_not_the_comment_added_after_it():
    answer = ("The opinion piece …, citing news media, reports: “On November 18, news media reported the Biden "
              "administration authorized sending long-range ATACMS missiles to Ukraine.” [1] It also argues: “This is "
              "an especially dangerous escalation by the Biden administration, because it simultaneously authorizes "
              "U.S.-sponsored missile strikes into pre-2014 Russian territory.” [1]")
    history = convo(("What does the opinion piece say Biden did on November 18?", answer))
    query = condense("why does the author think he did it?", history)
    assert "ATACMS" in query and "escalation" not in query and "because" not in query


def test_that_standing_alone_in_a_wh_question_is_what_was_just_quoted():
    answer = ("The news report … reports: “However, the deployment of forces … provide insights into the kind of "
              "assistance the US might offer. This includes managing logistics and providing medical support, which "
              "could be crucial in a potential ground invasion of Gaza by Israel.” [1]")
    history = convo(("Does the news report say the US will fight directly in the war?", "…"),
                    ("so what kind of help might it give?", answer))
    query = condense("where would that be crucial?", history)
    assert "logistics" in query and "fight" not in query  # the quote, not the first question's words


def test_a_follow_up_names_its_own_subject_when_it_points_back_at_nothing():
    from rag.chat import names_own_subject

    assert names_own_subject("and what are officials refraining from?")
    assert not names_own_subject("what does it want to avoid?")  # "it" points back
    assert not names_own_subject("Is the unit aboard a carrier?")  # whether, not what
