"""What a question asks for, and how much of its names a text holds (pure)."""

import pytest

from rag.reader import _names_held, holds_no_name
from rag.answer import counts_thing
from rag.reading import DATE, DATE_RE, NAME, NUMBER, PERSON, PLACE, REASON, answer_spans, counted_noun, name_runs, question_type


@pytest.mark.parametrize("question, kind", [
    ("Does the report say when it will reach Israel?", DATE),  # whether an article tells a fact: that fact
    ("Does the op-ed mention who leads Hezbollah?", PERSON),
    ("Does Aharoni say where the missiles were fired from?", PLACE),
    ("Does the report explain why the US sent ships?", REASON),
    ("How many ATACMS missiles did the US ship?", NUMBER),
    ("What is the population of Tel Aviv?", NUMBER),
    ("What was the price of Brent crude oil?", NUMBER),
    ("What is the range of the missiles?", NUMBER),
    ("What is the US death toll in the Gaza war?", NUMBER),  # words between "the" and what is counted
    ("How does the news report's figure compare?", NUMBER),  # a figure is a number
    ("What figure does the op-ed give for the troops?", NUMBER),
    ("What is the USS Bataan's crew size?", NUMBER),  # a name's measure, the name in several words
    ("What is the Patriot system's range?", NUMBER),
    ("When did Sweden join NATO?", DATE),
    ("Who is the prime minister of the United Kingdom?", PERSON),
    ("What is the name of the unit?", NAME),
    ("Which groups in Lebanon take part?", NAME),  # plurals too
    ("Which countries border Russia?", NAME),
    ("What name did the October 7 attack go by?", NAME),
    ("What California city last hosted the Super Bowl?", PLACE),  # words between "what" and the noun
    ("Which TV network aired the game?", NAME),
    ("What missiles did Biden authorize?", NAME),
    ("What did the state decide?", None),  # but no verb
    ("What did the Secretary of Defense order?", None),  # nor "did the" before a person's title
    ("Which US secretary is mentioned?", PERSON),
    ("What festival takes place in April?", None),  # "place", "state": nouns only right after "what"
    ("What does the Financial Times say about Israel?", None),
    ("What was Biden's real motive?", REASON),  # a motive or a rationale is a reason
    ("What is the reasoning behind that?", REASON),
    ("What motivated the decision?", REASON),
    ("What was cutting off the north meant to achieve?", REASON),  # what it was meant to achieve: its purpose
    ("What were they meant to do?", None),  # what they do answers that
    ("When a commission reached no decision, what happened?", None),  # asks what, not when
])
def test_question_types(question, kind):
    assert question_type(question) == kind


def test_a_name_counts_whole_only_where_its_words_stand_together():
    runs = name_runs("Who is the prime minister of the United Kingdom?")
    assert runs == [["United", "Kingdom"]]
    assert _names_held(runs, "He spoke in the United Kingdom on Monday.") == 1.0
    assert _names_held(runs, "the Kingdom of Jordan and the United States") == 0.5  # both words, apart
    assert _names_held(runs, "the Kingdom of Jordan") == 0.25
    assert _names_held(runs, "nothing of the kind") == 0.0
    assert _names_held([], "anything") == 1.0


def test_a_population_is_counted_in_people_as_well():
    assert counted_noun("How many Israeli soldiers have been killed?") == "Israeli soldiers"
    assert counted_noun("What is the population of Tel Aviv?") == "population"
    assert counted_noun("What's the population of Gaza City?") == "population"  # "what's" as "what is"
    assert counted_noun("What is the death toll among Hamas militants so far?") == "Hamas militants"
    assert counted_noun("What was the number of solo tackles that Von Miller had?") == "solo tackles"
    assert counted_noun("What is the budget of the Israeli army?") == "budget"  # a sum, as "how much … cost"
    text = "Warsaw has 1,790,658 inhabitants, and its population density is high."
    start = text.index("1,790,658")
    assert counts_thing(text, start, start + 9, {"popul"})
    other = "The city lost 2,000 buildings; its population suffered."
    start = other.index("2,000")
    assert not counts_thing(other, start, start + 5, {"popul"})


def test_a_name_the_sentence_uses_as_a_place_does_not_answer_who():

    sentence = "Tomahawk missiles could reach Moscow, and Zelensky asked Biden for them."
    names = [sentence[s.start:s.end] for s in answer_spans(sentence, PERSON, "Who asked for Tomahawk missiles?")]
    assert names == ["Zelensky", "Biden"]


def test_a_place_after_a_sentence_opening_in_the_is_still_a_name():

    sentence = "In the Mediterranean Sea, the US has so far sent out two aircraft carriers."
    places = [sentence[s.start:s.end] for s in answer_spans(sentence, PLACE, "Where were the carriers sent?")]
    assert places == ["Mediterranean Sea", "US"]  # two places: no one of them is the direct answer


def test_how_long_is_answered_by_a_length_of_time_in_words():

    sentence = "The conflict could continue for months or possibly even years, after 3 offensives."
    spans = [sentence[s.start:s.end] for s in answer_spans(sentence, NUMBER, "How long could the war go on?")]
    assert spans == ["3", "for months or possibly even years"]
    assert [sentence[s.start:s.end] for s in answer_spans(sentence, NUMBER, "How many offensives?")] == ["3"]


def test_one_more_of_a_thing_answers_how_many():
    sentence = "The deployment of a second aircraft carrier to the eastern Mediterranean Sea was ordered."
    assert [sentence[s.start:s.end] for s in answer_spans(sentence, NUMBER, "How many aircraft carriers?")] == [
        "a second"]
    assert answer_spans(sentence, NUMBER, "How much did the deployment cost?") == []  # counts no carriers


def test_how_much_longer_asks_a_length_of_time_and_counts_nothing():
    sentence = "The conflict could continue for months or possibly even years."
    question = "For how much longer might the fighting in Ukraine last?"
    assert [sentence[s.start:s.end] for s in answer_spans(sentence, NUMBER, question)] == [
        "for months or possibly even years"]
    assert counted_noun(question) is None  # not "longer might"
    assert counted_noun("How many soldiers might die in Gaza?") == "soldiers"


def test_soldiers_marines_and_americans_count_us_troops():
    text = "To further assist the Israeli army, the Americans have also stationed 2,000 special forces soldiers in Palestine."
    start = text.index("2,000")
    assert counts_thing(text, start, start + 5, {"us", "troop"})
    other = "Israel has murdered about 10,000 civilians in Gaza."
    start = other.index("10,000")
    assert not counts_thing(other, start, start + 6, {"us", "troop"})


def test_a_sum_is_one_number_with_its_currency_sign_and_scale():
    from rag.reading import NUMBER_RE

    found = [m.group() for m in NUMBER_RE.finditer("There are $2 million worth of events; the $1.2 billion stadium "
                                                    "opened in 2014 with over €40 million raised.")]
    assert found == ["$2 million", "$1.2 billion", "2014", "over €40 million"]


def test_how_much_is_no_count_of_persons():
    sentence = "More than 1 million people will attend, and the city asked for $5 million in services."
    spans = [sentence[s.start:s.end] for s in answer_spans(sentence, NUMBER, "How much did the city get?")]
    assert spans == ["$5 million"]
    # ("how many people" counts them)
    assert "More than 1 million" in [sentence[s.start:s.end] for s in answer_spans(sentence, NUMBER, "How many people come?")]


def test_people_are_counted_by_any_word_for_persons_and_a_unit_counts_nothing_else():
    text = "A paper suggested the relocation of over 2.4 million Palestinians from Gaza to Egypt."
    start = text.index("2.4 million")
    assert counts_thing(text, start, start + 11, {"peopl"})
    text = "The ATACMS are tactical ballistic missiles with a range of 300 to 400 kilometers."
    start = text.index("300 to 400")
    assert not counts_thing(text, start, start + 10, {"missil"})  # kilometers, not missiles
    assert counts_thing(text, start, start + 10, {"kilomet"})


def test_a_percentage_is_asked_in_percent():
    from rag.reading import in_units, measure_units

    units = measure_units("What percentage of Gaza's buildings were destroyed?")
    text = "About 45% of the buildings, and 10,000 civilians."
    assert in_units(text, text.index("45"), text.index("45") + 2, units)
    assert not in_units(text, text.index("10,000"), text.index("10,000") + 6, units)


def test_the_words_naming_what_which_asks_for():
    from rag.reading import asked_nouns

    assert asked_nouns("Which ship is the 26th Marine Expeditionary Unit aboard?") == {"ship"}
    assert asked_nouns("What group specifically opposed the Huguenots?") == {"group"}
    # (not the words after its verb: "Israeli" of "Israeli requests")
    assert asked_nouns("Which officials rejected Israeli requests about Palestinians?") == {"officials"}
    assert asked_nouns("What is Site 512?") == set()


def test_a_word_is_found_in_a_sentence_writing_its_derived_form():
    from rag.lexical import tokenize, with_derivations

    deter, = tokenize(["deter"])[0]
    assert "deterr" in with_derivations({deter})  # "deterrence"
    assert {t for t in with_derivations({"zzzz"}) if not t.startswith("zzzz")} == set()  # nothing unrelated
    assert "invas" in with_derivations(set(tokenize(["invade"])[0]))  # "invasion"
    assert "murder" not in with_derivations({"kill"})  # kin in meaning only is not a derived form


def test_an_everyday_word_for_the_same_thing_is_kin_but_no_derived_form():
    from rag.lexical import tokenize, with_derivations, with_kin

    begin, = tokenize(["begin"])[0]
    assert "start" in with_kin({begin}) and "start" not in with_derivations({begin})
    assert "deterr" in with_kin(set(tokenize(["deter"])[0]))  # derived forms too
    assert set(tokenize(["comprising"])[0]) <= with_kin(set(tokenize(["composed"])[0]))
    assert set(tokenize(["victory"])[0]) <= with_kin(set(tokenize(["win"])[0]))  # "a Ukrainian victory"
    assert set(tokenize(["engaged"])[0]) <= with_kin(set(tokenize(["fought"])[0]))  # "engaged the enemy"
    assert set(tokenize(["evidence"])[0]) <= with_kin(set(tokenize(["show"])[0]))  # "are evidence of this increased presence"
    assert set(tokenize(["relocation"])[0]) <= with_kin(set(tokenize(["move"])[0]))  # "the relocation of over 2.4 million"
    assert set(tokenize(["rejected"])[0]) <= with_kin(set(tokenize(["refuse"])[0]))
    assert set(tokenize(["reason"])[0]) <= with_kin(set(tokenize(["motivated"])[0]))  # "The most likely reason for Biden …"
    assert set(tokenize(["difficult"])[0]) <= with_kin(set(tokenize(["struggle"])[0]))  # "difficult … for … Trump to …"
    assert set(tokenize(["assembled"])[0]) <= with_kin(set(tokenize(["gathering"])[0]))
    assert set(tokenize(["concealing"])[0]) <= with_kin(set(tokenize(["hiding"])[0]))
    assert set(tokenize(["prepared"])[0]) <= with_kin(set(tokenize(["ready"])[0]))  # "it is prepared to join"
    # "Where have thousands of its backers massed?" / "Thousands of supporters … have assembled …"
    assert set(tokenize(["supporters assembled"])[0]) <= with_kin(set(tokenize(["backers massed"])[0]))
    # "Who is mediating the hostage talks?" / "through discussions facilitated by Qatar"
    assert set(tokenize(["discussions facilitated"])[0]) <= with_kin(set(tokenize(["mediating talks"])[0]))
    assert set(tokenize(["reach"])[0]) <= with_kin(set(tokenize(["hit"])[0]))  # "they can reach the Kursk region"
    assert set(tokenize(["chance"])[0]) <= with_kin(set(tokenize(["likely"])[0]))  # "There’s a good chance that …"
    assert set(tokenize(["guarantee"])[0]) <= with_kin(set(tokenize(["sure"])[0]))  # "nor does it guarantee …"
    # "… the aim of toppling the government in Moscow?" / "Kyiv’s objective of regime change in Moscow"
    assert set(tokenize(["objective regime"])[0]) <= with_kin(set(tokenize(["aim government"])[0]))
    # (not "goals": "Israel's first objective" is not asked of "Washington persuaded Israel to tone back its goals")
    assert set(tokenize(["goals"])[0]).isdisjoint(with_kin(set(tokenize(["objective"])[0])))
    assert set(tokenize(["entry"])[0]) <= with_kin(set(tokenize(["enter"])[0]))  # "the revolutionary entry of Iran’s …"
    assert "murder" not in with_kin({"kill"})  # deaths are counted with words of their own


def test_a_search_also_looks_for_the_everyday_kin_of_its_words():
    from rag.lexical import kin_words

    assert kin_words("What is Washington betting on?") == ["wager", "washingtonian"]
    assert kin_words("What did Zelensky ask Biden for?") == ["request"]
    assert {"possibility", "likelihood"} <= set(kin_words("What are Ukraine's chances?"))
    assert kin_words("When did it begin and start?") == ["launch"]  # not those written already
    assert kin_words("When was it begun, started and launched?") == []
    assert kin_words("Who killed them?") == []
    # a people's name and its place's, either way
    assert kin_words("Which Jordanian official?") == ["jordan"] and "britain" in kin_words("Are British ships there?")
    assert kin_words("Was Jordan asked?") == ["request", "jordanian"]
    assert kin_words("At what University is Bellomy Field?") == []  # "universal" is no people of a place


def test_how_long_something_has_gone_on_is_answered_by_since_when():
    sentence = "Since October 8, regular operations against Israeli army sites have been carried out."
    spans = answer_spans(sentence, NUMBER, "How long has Hezbollah been attacking Israeli army sites?")
    assert [sentence[s.start:s.end] for s in spans] == ["Since October 8"]
    assert answer_spans(sentence, NUMBER, "How many army sites were attacked?") == []  # a date counts nothing


def test_a_four_digit_length_is_a_number_not_a_year():
    sentence = "Tomahawk missiles have a range of 2400 kilometers, or 1500 miles."
    spans = answer_spans(sentence, NUMBER, "What is the range of Tomahawk missiles in miles?")
    assert [sentence[s.start:s.end] for s in spans] == ["2400", "1500"]
    assert [m.group() for m in DATE_RE.finditer("In 1999 they left; 1800 troops came back in 1805.")] == [
        "In 1999", "in 1805"]


def test_a_unit_the_question_names_is_the_one_it_is_answered_in():
    from rag.reading import measure_units

    assert measure_units("How far can ATACMS fly in kilometers?") == {"km", "kilometers", "kilometres"}
    assert {"miles", "km"} <= measure_units("How far can ATACMS fly?")
    assert {"miles", "km"} <= measure_units("How far is it in the region?")  # "region" is no unit
    # "What is their range?" asks how far, as "how far" does; "the price range" does not
    assert {"miles", "km"} <= measure_units("What is their range?") == measure_units("What's its range?")
    assert question_type("What's its range?") == NUMBER and not measure_units("What was the price range?")


def test_a_question_mark_ends_a_name():
    assert name_runs("And France? Britain") == [["France"], ["Britain"]]  # a follow-up and the subject it borrowed


def test_a_question_word_opening_a_second_sentence_is_no_name():
    assert name_runs("I heard the US sent carriers there. How many, according to the op-ed?") == [["US"]]
    assert name_runs("What did Biden do? Who is Zelensky?") == [["Biden"], ["Zelensky"]]


def test_a_people_whose_name_is_not_its_place_with_an_ending_is_found_by_its_place():
    from rag.lexical import tokenize, with_derivations

    assert "britain" in with_derivations(set(tokenize(["British"])[0]))
    assert "lebanes" in with_derivations(set(tokenize(["Lebanon"])[0]))
    assert "franc" not in with_derivations(set(tokenize(["British"])[0]))


def test_a_population_asked_with_a_possessive_asks_for_a_number():
    assert question_type("What is Israel's population?") == NUMBER == question_type("What is the population of Israel?")
    assert counted_noun("What is Gaza's population?") == "population"


def test_what_something_costs_is_counted_in_a_currency():
    assert counted_noun("How much does an ATACMS missile cost?") == "cost"  # not "does"
    assert counted_noun("How much did the US spend on weapons?") == "spend"
    text = "The $1.2 billion stadium opened in 2014."
    assert counts_thing(text, 4, 16, {"cost"})  # a currency sign counts as the currency's name
    missile = "They have a range of 300 to 400 kilometers."
    start = missile.index("300")
    assert not counts_thing(missile, start, start + 10, {"cost"})


def test_an_amount_told_in_words_answers_how_much():
    sentence = "Washington conceals it by supplying meager amounts of humanitarian supplies."
    spans = answer_spans(sentence, NUMBER, "How much humanitarian aid is the US giving?")
    assert [sentence[s.start:s.end] for s in spans] == ["meager amounts of humanitarian supplies"]
    assert answer_spans("It has a small number of fans.", NUMBER, "How far can it fly?") == []  # not a distance
    assert answer_spans("Some amounts of aid arrived.", NUMBER, "How much aid arrived?") == []  # no size told


@pytest.mark.parametrize("question, name", [
    ("What is Mekovit?", "Mekovit"), ("What role does Qatar play, according to the articles?", "Qatar"),
    ("Who are the Ansarallah?", "Ansarallah"), ("What is Site 512?", "Site 512"),
    ("Who is Egypt's foreign minister?", None), ("What is the range of ATACMS?", None),
    ("what happened to Nord Stream", "Nord Stream"), ("Tell me about Site 512.", "Site 512"),
    ("What happened to the buildings?", None), ("what's Euromaidan", "Euromaidan")])
def test_a_question_asking_only_what_a_name_is(question, name):
    from rag.reading import subject_asked

    assert subject_asked(question) == name


def test_a_place_and_its_people_are_one_name():
    from rag.lexical import tokenize, with_derivations

    assert "yemen" in with_derivations(set(tokenize(["Yemeni"])[0]))
    assert "syrian" in with_derivations(set(tokenize(["Syria"])[0]))
    assert _names_held([["Yemeni"]], "the Ansarallah opposition movement from Yemen") == 1.0
    assert _names_held([["United", "Kingdom"]], "the Kingdom of Jordan") == 0.25  # still not the same name


def test_a_plural_name_is_held_by_its_singular_and_only_names_are():
    from rag.reader import _held

    assert _names_held([["Tomahawks"]], "Tomahawk missiles have a range of 2400 kilometers") == 1.0
    assert _names_held([["Hamas"]], "the Hama region") == 0.0  # a name's own "s" stays
    assert _held({"tomahawks", "range"}, {"tomahawks"}, ["tomahawk", "missiles", "range"]) == 1.0
    assert _held({"missile"}, set(), ["missiles"]) == 0.0  # other words as written


def test_a_months_short_name_beside_a_number_is_spelled_out():
    from rag.reading import months_spelled_out

    assert months_spelled_out("what went on in feb 2014") == "what went on in February 2014"
    assert months_spelled_out("the oct 7 attack, 18 Nov. and Sept 11") == "the October 7 attack, 18 November and September 11"
    assert months_spelled_out("Biden may 2 weeks later; dec") == "Biden may 2 weeks later; dec"  # a verb, a word alone


def test_an_acronym_or_numeral_is_held_only_as_written():
    assert _names_held([["Super", "Bowl", "XLVII"]], "Bruno Mars headlined the Super Bowl XLVIII halftime show") < 1.0
    assert _names_held([["Super", "Bowl", "XLVII"]], "who headlined the Super Bowl XLVII and XLVIII shows") == 1.0
    assert _names_held([["ATACMS"]], "the ATACMS’ range") == 1.0


def test_a_number_the_question_writes_is_a_word_to_find_as_written():
    import numpy as np

    from rag.reader import FEATURES, features

    rows = [("Marshall led the team in total tackles with 109.",) * 3, ("The defense was the best in the league.",) * 3]
    X = features("What Denver player had 109 tackels?", None, rows, np.zeros(2), [1.0, 1.0], lambda t: 1.0, [0.0, 0.0])
    with_number, other = X[:, FEATURES.index("exact")]
    assert with_number > other  # "109", as short as it is


def test_america_is_named_by_us_u_s_and_the_united_states():
    for text in ("US Secretary of Defense Lloyd Austin", "the U.S. proxy war", "The United States is escalating",
                 "the Americans have also stationed"):
        assert _names_held([["American"]], text) == 1.0
        assert not holds_no_name([["America"]], text)
    assert _names_held([["Washington"]], "the overall U.S. objective") == 1.0  # its capital, for its government
    assert _names_held([["Washington"]], "Washington, on the other hand, has intervened") == 1.0
    assert _names_held([["American"]], "the USSR and us") == 0.0  # neither a name for it nor a word of one
    assert holds_no_name([["American"]], "the USSR and us")


def test_authorize_is_a_word_of_the_question_though_author_is_not():
    import numpy as np

    from rag.reader import FEATURES, features

    rows = [("The administration authorized sending missiles.",) * 3, ("Missiles were sent.",) * 3]

    def cover(question):
        X = features(question, None, rows, np.zeros(2), [1.0, 1.0], lambda t: 1.0, [0.0, 0.0])
        return list(X[:, FEATURES.index("cover")])

    authorized, sent = cover("Who authorized the missiles?")
    assert authorized > sent  # "authorized" counts, though its stem is also "author"'s
    authorized, sent = cover("Who is the author of the piece on missiles?")
    assert authorized == sent  # "author" asks about the articles: not a word to find


def test_the_question_word_who_is_not_matched_by_a_relative_who():
    import numpy as np

    from rag.reader import FEATURES, features

    rows = [("The minister, who is from Jordan, spoke of Gaza.",) * 3, ("Gaza was shelled.",) * 3]
    X = features("Who will pay to rebuild Gaza?", None, rows, np.zeros(2), [1.0, 1.0], lambda t: 1.0, [0.0, 0.0])
    relative_who, other = X[:, FEATURES.index("cover")]
    assert relative_who == other  # both hold "Gaza" alone of what is asked


def test_a_negated_consent_is_a_refusal():
    from rag.lexical import refusal_words, tokenize

    refused = set(tokenize(["rejected refused"])[0])
    assert set(refusal_words("Al-Sisi declared he would not accept an Israeli plan")) == refused
    assert set(refusal_words("They won't allow it.")) == refused
    assert refusal_words("He does not physically connect to Gaza, and accepted the plan.") == []


def test_a_contraction_typed_without_its_apostrophe_is_given_it_back():
    from rag.reading import apostrophes_restored

    assert apostrophes_restored("whats the date? why didnt he") == "what's the date? why didn't he"
    assert apostrophes_restored("Whos Aharoni, and why cant they") == "Who's Aharoni, and why can't they"
    assert apostrophes_restored("its whatsoever this") == "its whatsoever this"  # "its" may be a possessive


def test_a_thing_spoken_of_as_one_of_its_kind_is_not_named():
    from rag.reading import mentions_unnamed, name_asked

    assert name_asked("What is the name of the aircraft carrier sent to the Mediterranean?") == "carrier"
    assert name_asked("What was the name of Newcastle's basketball team?") == "team"
    assert name_asked("What is the range of the missiles?") is None
    # its names are of other things
    assert mentions_unnamed("The deployment of a second aircraft carrier to the eastern Mediterranean Sea and the "
                            "sending of Air Force fighter jets are evidence of this increased presence.", "carrier")
    assert mentions_unnamed("In the Mediterranean Sea, the US has so far sent out two aircraft carriers.", "carriers")
    # a name set beside it, after or before, or a thing spoken of as "the X", may name it
    for sentence, head in [("One early map shows a village called Ossachite at the site.", "village"),
                           ("There is one co-ed community service fraternity, Alpha Phi Omega.", "fraternity"),
                           ("It remains aboard the USS Bataan, an amphibious assault ship, in the Gulf.", "ship"),
                           ("It runs the Laboratory Schools (a private day school for K-12 students).", "school"),
                           ("The Chairman of the Board of Trustees is Andrew Alper.", "chairman"),
                           ("The field was laid with a hybrid Bermuda 419 turf.", "turf"),  # a name within
                           ("Ships went; the second carrier was sent later.", "carrier"),
                           ("The US sent troops to the Gulf.", "carrier")]:
        assert not mentions_unnamed(sentence, head), sentence


def test_what_took_place_is_asked_as_what_happened_in_its_tense():
    from rag.reading import happened_for_took_place

    assert happened_for_took_place("What took place in February 2014?") == "What happened in February 2014?"
    assert happened_for_took_place("Per the op-ed, what has taken place in Gaza?") == \
        "Per the op-ed, what has happened in Gaza?"
    assert happened_for_took_place("and what else will take place?") == "and what else will happen?"
    # (a place asked for stays: "Where did the talks take place?", "What festival takes place in May?")
    assert happened_for_took_place("Where did the talks take place?") == "Where did the talks take place?"
    assert happened_for_took_place("What festival takes place in May?") == "What festival takes place in May?"


def test_a_question_is_read_in_the_articles_words_where_they_say_the_same_thing_otherwise():
    from rag.lexical import in_their_words

    said = ["Thousands of supporters of the resistance have assembled on the Iraqi-Jordanian border."]
    assert in_their_words("Where have the Axis of Resistance's backers massed?", said) == \
        "Where have the Axis of Resistance's supporters assembled?"
    # not where no sentence holds the question's other words beside the kin word
    assert in_their_words("In what year was the AS-258 scheduled to launch?", ["The war started in 2014."]) == \
        "In what year was the AS-258 scheduled to launch?"
    # nor a word the texts write themselves
    assert in_their_words("Where have the backers massed?", said + ["Its backers are many."]) == \
        "Where have the backers assembled?"


@pytest.mark.parametrize("question, asked", [
    ("would those be able to reach Moscow?", "could those reach Moscow?"),
    ("Which missiles will be able to reach Moscow?", "Which missiles can reach Moscow?"),
    ("Is Ukraine able to win?", "Can Ukraine win?"),
    ("and are they able to strike Kursk?", "and can they strike Kursk?"),
    ("How was he able to escape?", "How was he able to escape?"),  # how it was done, not whether it can be
])
def test_being_able_to_is_asked_as_can(question, asked):
    from rag.reading import can_for_able

    assert can_for_able(question) == asked


def test_a_capital_acting_for_its_country_is_asked_of_as_the_country():
    from rag.reading import country_for_capital

    assert country_for_capital("What was Moscow's reaction?") == "What was Russia's reaction?"
    assert country_for_capital("and what was the reaction from Moscow?") == "and what was the reaction from Russia?"
    assert country_for_capital("What did Moscow warn about Tomahawks?") == "What did Russia warn about Tomahawks?"
    # a capital that is a place stays
    assert country_for_capital("Can the ATACMS reach Moscow?") == "Can the ATACMS reach Moscow?"
    assert country_for_capital("Did Kyiv fall?") == "Did Kyiv fall?"
