"""Questions about the articles themselves: who wrote one, when, what kind it is, its title, which
articles there are, whose words each reports, and what each article says about a topic.

They are answered from the documents' metadata, quoting the header, byline or tag where the file
states it ("By Yossi Aharoni" [1]), and saying plainly when it states nothing ("… names no author").
An article a question describes ("the article about ATACMS") is found by searching for the
description. ``about_articles`` returns None for every other question.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from .answer import (Answer, Candidate, Citation, abstain, citation, compose, counts_thing, unknown_names,
                     with_referent)
from .attribution import ARTICLE_NOUNS, KIND_NOUN, Voice, capital, cut, describe, voice_in
from .chat import (BARE_WHY, FINAL_SAY, about_that_article, agreement_asked, asks_both, content_words, first_quotes,
                   last_reply, needs_context, turns)
from .chunking import Span, sentence_spans
from .documents import Document, metadata_excerpt
from .lexical import tokenize, with_derivations
from .reader import META_TERMS
from .reading import DATE_RE, MONTH_NAMES, NUMBER_RE, AnswerSpan, counted_noun, subject_asked
from .scope import IN_ITS_WORDS, JUDGES, SPEAKS, kind_named, names_articles, of_kind, scope_of

_ARTICLE = r"(?:article|piece|op-?ed|report|story|text|column|editorial|commentary|one)"
_PERIOD = (r"(?:(?P<rel>in|during|before|after|since|from|on)\s+)?(?P<month>" + "|".join(MONTH_NAMES) +
           r")?\s*(?P<year>(?:19|20)\d\d)\b")
# "Is Trump mentioned anywhere?", "Are tanks discussed in the articles?", "Where is Kuwait mentioned?" (not "Where
# was that plan discussed?", which asks where the story has it discussed)
_MENTIONED = (r"^\s*(?:where (?=.+? (?:mentioned|brought up|referred to)\b))?(?:is|are|was|were) (?P<topic8>.+?) "
              r"(?:ever )?(?:mentioned|discussed|talked about|referred to|brought up)"
              r"(?: anywhere| at all| in (?:any |either |all |both |one )?(?:of )?(?:the |these |your )?"
              r"(?:two |three )?" + ARTICLE_NOUNS + r")?\s*\??$")
# "What does each article say about …", "What does the author think of …": what the articles say of a topic
_NOUNS = rf"(?:{ARTICLE_NOUNS}|authors?|writers?)"
_VIEW = (r"(?:say|said|write|report|argue|claim|describe|cover|treat|discuss|differ|portray|see|think|believe|"
         r"feel)\b")
_TREAT = r"(?:describe|cover|treat|discuss|portray|see)\b"  # these take the topic directly: "describe the risk"
_ABOUT = r"(?:about|on|of|regarding|concerning|over)"
# "Is the news report written by the same person as the ATACMS piece?"
_SAME_AUTHOR = r"\b(?:the same|different|other|another) (?:authors?|writers?|persons?|people|journalists?)\b"
_INTENTS = [
    # "Who is quoted in the Gaza article?", "Which sources does the opinion piece cite?": the voices it reports
    ("sources", re.compile(r"\bwhom? (?:is|are|was|were|gets?|got) (?:being )?(?:quoted|cited)\b|\bwho (?:does|do|did) "
                           r"(?:the|this|that|each|every)\b[^?]{0,60}\b(?:quote|cite)\b|\b(?:which|what) (?:news )?(?:sources?|people|"
                           r"officials?|experts?|outlets?|voices?|newspapers?|papers?|media|publications?)\b[^?]{0,60}\b"
                           r"(?:quoted|cited|quote|cite|rel(?:y|ies|ied) on|draws? on|drew on)\b|"
                           r"\b(?:which|what) (?:news )?(?:sources?|outlets?|newspapers?|media|publications?)\b[^?]{0,60}\b"
                           r"(?:use|uses|used)\b|\bwhose (?:words|statements|claims) (?:does|do|did)\b|"
                           r"\bwhat sources\b|\b(?:does|do|did) (?:the|this|that|each|any)\b"
                           # ("Does the Gaza op-ed quote any Israeli sources?": one word may qualify them)
                           r"[^?]{0,60}\b(?:(?:cite|quote)s? (?:any |its )?(?:[\w-]+ )?"
                           r"(?:sources|anyone|experts|officials|newspapers|"
                           r"papers|media|outlets|publications)|names? (?:any |its )?sources)\b", re.I)),
    # "Which officials are named in the news report?", "Does it name any officials?": the people it names
    # ("Which US cabinet official is named in the news report?")
    ("people", re.compile(r"\b(?:which|what) (?:[\w-]+ ){0,2}?(?:people|persons?|officials?|leaders?|politicians?|"
                          r"individuals?|figures?)\b"
                          r"[^?]{0,40}\b(?:named|mentioned|listed|appear)\b|\bwho (?:is|are) (?:named|mentioned)\b|"
                          r"\b(?:does|do|did) (?:the|this|that|each|any)\b[^?]{0,60}\b(?:name|mention)s? (?:any )?"
                          r"(?:people|persons|officials|leaders|politicians|individuals|names)\b", re.I)),
    # "What is the ATACMS piece's conclusion?", "How does the news report end?": its last paragraph
    # ("What is the op-ed's final word?", "… its bottom line?")
    ("conclusion", re.compile(r"\bwhat(?:['’]s| is| are| was| were) (?:the|this|that|its|their)\b[^?]{0,60}?\b(?:conclusions?|"
                              + FINAL_SAY + r"|bottom line|takeaway|upshot)"
                              r"(?: (?:of|on|about) (?:the|this|that|each)\b[^?]{0,60}?)?\s*[?.!]*$|\b(?:what|how) (?:does|do|did) "
                              r"(?:the|this|that|each|it)\b[^?]{0,60}?\b(?:conclude|end)\s*[?.!]*$|"
                              r"\b(?:last|closing|final) (?:sentences?|paragraphs?|lines?|words) of\b", re.I)),
    # "What numbers does the news report give?": the sentences that count something
    ("figures", re.compile(r"\b(?:what|which|any) (?:numbers|figures|statistics|stats)\b[^?]{0,60}?\b(?:give|cite|mention|"
                           r"use|quote|include|report|provide|contain)s?\b|\b(?:are there|does it (?:have|give)) (?:any )?"
                           r"(?:numbers|figures|statistics)\b", re.I)),
    # "What metaphor does the op-ed use?", "What does the opinion piece compare the US to?": its likenings
    ("imagery", re.compile(r"\b(?:what|which|any) (?:metaphors?|analog(?:y|ies)|similes?|comparisons?|imagery|"
                           r"figures? of speech)\b|"
                           # "What image does the op-ed use for …?" (an image put to use, not a picture shown)
                           r"\b(?:what|which) images? (?:does|do|did) (?:the|this|that|each|either|it)\b[^?]{0,60}\buses?\b|"
                           r"\bwhat (?:does|do|did) (?:the|this|that|each|either|it)\b[^?]{0,60}"
                           # ("What does the op-ed liken the US role to, with elephants?")
                           r"\b(?:compare|liken)\b[^?]*\b(?:to|with)\b[^?]{0,30}[?.!]*$|"
                           r"\bwhat (?:is|are|was|were)\b[^?]{0,60}\b(?:likened|"
                           r"compared) to\b", re.I)),
    # "How does the news report begin?", "What is the first paragraph of the Gaza article?": its first paragraph
    ("opening", re.compile(r"\b(?:how|with what) (?:does|do|did) (?:the|this|that|each|it)\b[^?]{0,60}?\b(?:begin|start|open)"
                           r"\s*[?.!]*$|\b(?:first|opening) (?:sentences?|paragraphs?|lines?|words) of\b", re.I)),
    # "Summarize the news report.", "What is the article about Site 512 about?", "main points of each article"
    ("summary", re.compile(r"\bsummar(?:y|ies|i[sz]e[sd]?)\b|\bsum (?:it |them )?up\b|\bgist\b|\btl;? ?dr\b|"
                           # "What topics do the articles cover?", "Tell me about the articles."
                           r"\b(?:what|which) (?:topics|subjects|themes|issues)\b[^?]{0,30}\b(?:cover|discuss|address|treat)\b|"
                           r"^\s*(?:please\s+)?tell me about (?:the|these|those|all the|your|each of the) " + _ARTICLE + r"s?\s*[?.!]*$|"
                           r"\b(?:main|key|central) (?:points?|arguments?|ideas?|messages?|thes[ie]s|claims?|takeaways?)\b|"
                           # (not "so what is the article cautious about?": what it is, or its subject, is)
                           r"\bwhat(?: is|['’]s| are) (?:the|this|that|each|these)\b[^?]{0,60}?\b" + _ARTICLE +
                           r"s?\b(?:\s+(?:about|on|by|from|titled|called|claiming|arguing|saying|regarding|concerning)\b"
                           r"[^?]{0,60}?)? (?:(?:mainly|mostly|really|all) )?about\s*\??$", re.I)),
    # "How do the news report and the opinion piece differ on …?": what each says (before "is the … news report")
    ("each", re.compile(rf"\b(?:how (?:do|does|did)|(?:what is|what's|what are) the differences? between|(?:do|does|did)) "
                        rf"(?:the )?(?:\w+ )?{_NOUNS}(?: (?:on|about) [\w-]+(?: [\w-]+)?)? and (?:the )?(?:\w+ )?{_NOUNS}"
                        # (or "How do the op-ed and the news report each explain why …?")
                        rf"(?: each| both)?(?:(?: (?:differ|disagree|agree|compare|contrast))?"
                        r"\s+(?:about|on|over|regarding|concerning|as to|in|when it comes to)|"
                        r" (?:explain|describe|see|view|treat|cover|portray|present|account for)|"
                        # "Do the news report and the op-ed give the same number of US troops?"
                        r" (?:give|report|say|cite|use|have|offer|tell) the same(?: (?:things?|accounts?|story|version)"
                        r" (?:of|about|on|regarding|as to)|(?= (?:numbers?|figures?|counts?|totals?) (?:of|for)\b)))"
                        r"\s+(?P<topic4>.+?)\s*\??$",
                        re.I)),
    ("author", re.compile(r"\bwho (?:wrote|writes|authored|penned|signed|is behind)\b|" + _SAME_AUTHOR +
                          r"|\b(?:who is|who's|who was|name) the (?:author|writer)\b|\bwho are the (?:authors|writers)\b|"
                          r"\b(?:which|what) " + _ARTICLE + r"s? did [A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)* write\b|"
                          r"^(?:who|whom)\b[^?]*\b(?:author|writer)s? of\b|\bname of the (?:author|writer)\b|"
                          r"\b(?-i:" + _ARTICLE + r")['’]s (?:author|writer|byline)s?\b|"  # "the news report's author"
                          r"^\s*(?:the\s+)?(?:author|writer|byline)s?\s+of\b|"  # "author of the atacms article"
                          r"\bwritten by whom\b|\bbyline\b|\b(?:is|was) (?:the|this|that|it)\b[^?]{0,60}?\b(?:signed|credited)\b|"
                          r"\b(?:is|are) there (?:an? |any )?(?:author|writer)s?\b|"
                          # "Does anyone put their name to the Gaza op-ed?"
                          r"\b(?:put|puts|signed|signs) (?:their|his|her|a|any) names? (?:to|on|under)\b|"
                          # "Which articles have no author?", "Which articles are unsigned?"
                          r"\b(?:which|what) (?:of the )?" + _ARTICLE + r"s? (?:(?:has|have|gives?|names?|carr(?:y|ies)) no "
                          r"(?:authors?|writers?|bylines?)|(?:is|are) (?:unsigned|anonymous))\b|"
                          r"\b(?:does|do|did) (?:the|this|that|each|any)\b[^?]{0,60}\b(?:have|name|give|carry|list|credit) "
                          r"(?:an? |any |its )?(?:authors?|writers?)\b|"
                          r"\bwho (?:is|was) (?:the|this|that) " + _ARTICLE + r" by\b|\b(?:which|what) (?:of the )?"
                          + _ARTICLE + r"s? (?:(?:has|have|names?|gives?|carr(?:y|ies))(?: an?| its| their)? (?:named |known )?"
                          r"(?:authors?|writers?|bylines?)|(?:is|are) signed)\b|\b(?:which|what) (?:of the )?" + _ARTICLE +
                          r"s? (?:was|were|is|are|has been|have been) (?:written|authored|penned|signed) by\b|"
                          # "Is any of the pieces written by a named journalist?"
                          r"\b(?:written|authored|penned|signed|credited) by (?:an? |any )?(?:named |known )?(?:journalists?|"
                          r"reporters?|authors?|writers?|correspondents?)\b", re.I)),
    # "Which articles were published in 2024?", "Is any article from before November 2023?"
    ("period", re.compile(r"\b(?:which|what|how many|any|are there|is there)\b[^?]{0,40}?\b(?:published|written|dated|"
                          r"posted|released|from|out)\s+" + _PERIOD, re.I)),
    ("date", re.compile(r"\bwhen (?:was|were) (?:the|this|that|each|it)\b.{0,80}?\b(?:published|written|dated|posted|"
                        r"released|issued)\b|\bwhen (?:was|were) (?:the|this|that|each) "
                        r"(?:article|piece|op-?ed|report|story)s? reported\b|"
                        r"\b(?:publication )?dates? (?:of|on) (?:the|this|that|each|every)\b|"
                        r"\b(?-i:" + _ARTICLE + r")['’]s (?:publication |release )?date\b|"  # "the news report's date"
                        r"\b(?:what|which) date "
                        r"(?:is|was) (?:on |of )?(?:the|this|that)\b|\bhow (?:old|recent) is (?:the|this|that)\b|"
                        # "What date does the news report carry?"
                        r"\b(?:what|which) date (?:does|did) (?:the|this|that|each|every|it)\b[^?]{0,40}?"
                        r"\b(?:carry|have|bear|show|list|give|display)\b|"
                        # "On which day did Aharoni's piece come out?", "When did the news report appear?" (in lower
                        # case: "In what year was the Kalven Report issued?" asks of a report the article tells of)
                        r"\b(?:when|(?:on|in) (?:which|what) (?:day|date|year|month))\b[^?]{0,60}?\b(?-i:article|piece|"
                        r"op-?ed|report|story|column)s?\b[^?]{0,20}?\b(?:come out|came out|appear(?:ed)?|run|ran|"
                        r"go (?:up|online)|went (?:up|online)|publish(?:ed)?|release[sd]?|issued|posted)\b|"
                        # "When did he publish it?", "When did Aharoni write the piece?"
                        r"\bwhen (?:did|does|do) [^?]{1,40}? (?:publish|write|post|release|issue)\s+(?:it|this|that|"
                        r"(?:the|his|her|their|this|that) (?:article|piece|op-?ed|report|story|column))\b|"
                        # "Is the Gaza piece dated?", "Does the news report have a date?"
                        r"^\s*(?:is|are) (?:the|this|that|each|it)\b[^?]{0,60}?\bdated\s*[?.!]*$|"
                        r"\b(?:does|do) (?:the|this|that|each|any)\b[^?]{0,60}\b(?:have|give|carry|bear) (?:an? |any |its )?"
                        r"dates?\b|"
                        # "Which articles are undated?", "Which article has no date?"
                        r"\b(?:which|what) (?:of the )?" + _ARTICLE + r"s? (?:(?:has|have|gives?|carr(?:y|ies)) no dates?|"
                        r"(?:is|are) undated)\b", re.I)),
    # "Which article is the longest?", "How long is the ATACMS piece?", "How many words is the news report?"
    ("length", re.compile(r"\b(?:which|what)(?: of the(?: two| three| \d+)?)? " + _ARTICLE +
                          r"s? (?:is|was) (?:the )?(?:longest|shortest)\b|"
                          r"\bthe (?:longest|shortest) " + _ARTICLE + r"\b|\bhow (?:long|short) is (?:the|this|that|each)\b|"
                          # "Which is longer, the news report or the ATACMS piece?"
                          # ("Of the three texts, which is briefest?": the question ends there, naming no other thing)
                          r"\bwhich(?: one)? (?:is|was) (?:longer|shorter)\b|"
                          r"\bwhich(?: one)? (?:is|was) (?:the )?(?:long|short|brief)(?:er|est)(?=\s*[,?.!]|\s*$)|"
                          r"\bhow many words\b|"
                          # "Which of the three pieces has the most words?"
                          r"\b(?:which|what)(?: of the(?: two| three| \d+)?)? " + _ARTICLE +
                          r"s? (?:has|have|had|contains?|uses?) the (?:most|fewest|least) words\b", re.I)),
    # "What tags does the ATACMS article have?", "How is the news report tagged?"
    ("tags", re.compile(r"\b(?:tags?|hashtags?|tagged)\b", re.I)),
    # ("Who ran it?", "Who printed the op-ed?"; not "Who ran Ukraine before it?")
    ("outlet", re.compile(r"\bwho (?:published|publishes)\b|"
                          r"\bwho (?:ran|printed)(?=\s+(?:it|this|that|the\s+(?:[\w’'-]+\s+){0,3}?" + _ARTICLE + r"s?)\b)|"
                          r"\b(?-i:" + _ARTICLE + r")['’]s (?:outlet|publisher|publication(?! date))\b|"
                          r"\b(?:which|what) (?:outlet|publication|website|site|newspaper|magazine) "
                          r"(?:published|ran|printed|carried|released) "
                          r"(?:the|this|that|it)\b|\bwhere was (?:the|this|that) " + _ARTICLE + r" published\b|"
                          # "Who is the publisher of the ATACMS article?", "Which newspaper is the news report from?"
                          r"\b(?:who|what|which) (?:is|was) (?:the )?(?:publisher|outlet|publication)s? (?:of|behind) "
                          r"(?:it\b|(?:the|this|that)\b[^?]{0,30}?\b" + _ARTICLE + r"\b)|"
                          r"\b(?:which|what) (?:outlet|publication|website|newspaper|magazine) "
                          r"(?:is|was) (?:it\b|(?:the|this|that)\b[^?]{0,30}?\b" + _ARTICLE + r"\b)"
                          r"\s*(?:from|in)\s*\??$", re.I)),
    ("kind", re.compile(r"\b(?:which|what) (?:of the )?(?:articles?|ones?|pieces?)\b.{0,30}?\b(?:are|is)\b.{0,10}?"
                        r"\b(?:opinion|news|analysis|editorials?)\b|\bwhat (?:kind|type|sort) of " + _ARTICLE +
                        r"|\bis (?:the|this|that|it|each)\b[^?]{0,60}?\b(?:news|an? (?:news )?report)\s+or\s+(?:an? )?(?:opinion|op-?ed|editorial)\b"
                        r"|\bis (?:the|this|that|it|each)\b[^?]{0,60}?\b(?:opinion|an? opinion piece|an? op-?ed)\s+or\s+(?:an? )?news\b"
                        r"|\bis (?:the|this|that|it|each)\b(?! (?:opinion piece|news report)s? (?:saying|say|says|reporting|arguing|"
                        r"claiming|about|on|older|newer|more recent|published|written|dated)\b)(?:(?!according|[,;])[^?]){0,60}?\b"
                        # (the kind it is, not the place a thing is in: "… full name in the news report?")
                        r"(?<!\bin the )(?<!\bof the )(?<!\bfrom the )(?<!\bby the )(?:an? )?(?:opinion piece|news report|"
                        r"analysis|editorial)\b(?![’'])|\bwhich (?:are|is) (?:the )?(?:opinion|news)"  # (not "… report's audience")
                        r"|^\s*is (?:the|this|that|it|each)\b[^?]{0,60}?\b(?:news|opinion|analysis)\s*[?.!]*$"
                        r"|\b(?:are there any|how many) (?:opinion pieces|op-?eds|news reports|editorials|analys[ie]s)\b"
                        # "Are any of the articles news?"
                        r"|\b(?:is|are) (?:any|all|none|some|either|both) (?:of )?(?:the |these |those )?(?:articles?|pieces?)\b"
                        r"[^?]{0,20}?\b(?:news|opinion|op-?eds?|analys[ie]s|editorials?)\b",
                        re.I)),
    ("order", re.compile(r"\b(?:which|what)(?: of the(?: two| three| \d+)?)? " + _ARTICLE + r"s? (?:was|were|is|are) "
                         r"(?:published|written|posted|dated) (?:most recently|last|first|earliest)\b|"
                         r"\b(?:which|what)(?: of the(?: two| three| \d+)?)? " + _ARTICLE +
                         r"s? (?:is|was|came out|appeared)(?: the)? (?:most recent(?:ly)?|newest|latest|last|oldest|"
                         r"earliest|first)\b|\bthe (?:most recent|newest|latest|oldest|earliest) " + _ARTICLE + r"s?\b(?! of)|"
                         # "Which article has the most recent date?"
                         r"\b(?:which|what) " + _ARTICLE + r" (?:has|carries|bears|gives) the (?:most recent|newest|latest|"
                         r"oldest|earliest|last|first) date\b|"
                         # "Which is the oldest of the articles?"
                         r"\bwhich(?: one)? (?:is|was) (?:the )?(?:most recent|newest|latest|oldest|earliest)(?: one)? "
                         r"of (?:the|these|those|all)(?: (?:two|three|\d+|the))* " + _ARTICLE + r"s\b|"
                         r"\b(?:sort|order|rank) (?:the )?articles? by date\b|"
                         # "Which article is more recent, the news report or Aharoni's?"
                         r"\bwhich(?: one| " + _ARTICLE + r"| of (?:the|them|these|those)(?: two)?(?:(?: [\w-]+){0,2}? " +
                         _ARTICLE + r"s)?)? (?:is|was) (?:the )?(?:more recent|newer|older|earlier|later)\b|"
                         # "Was the ATACMS article written before or after the news report?"
                         r"\b(?:written|published|dated|out|appear)\w*\s+(?:before|after|earlier|later)\s+(?:or\s+"
                         r"(?:before|after|earlier|later)\s+)?(?:than\s+)?(?:the|this|that)\b|"
                         r"\b(?:older|newer|more recent)\s+than\s+(?:the|this|that)\b", re.I)),
    ("title", re.compile(r"\b(?:title|headline)s? of\b|\b" + _ARTICLE + r"['’]s (?:title|headline)\b|"
                         r"\b(?:give|show|list|tell) (?:me )?(?:all )?the headlines\b|"
                         r"\bwhat (?:is|are) the (?:titles?|headlines?)\b|"
                         r"\bwhat is (?:the|this|that) " + _ARTICLE + r" (?:called|titled)\b", re.I)),
    ("list", re.compile(r"\b(?:which|what) articles (?:are there|do you have|are (?:indexed|loaded|available)|can i ask)\b|"
                        r"\blist (?:all )?(?:the |your )?articles\b(?!\s+(?:that|which|about|on|mentioning))|"
                        r"\bhow many articles(?: are there| are indexed| do you have)?\s*\??$|"
                        r"\bwhat (?:can|could) i ask\b", re.I)),
    ("each", re.compile(rf"\b(?:what|how) (?:does|do|did) (?:(?:each|every|all|both) (?:of the )?{_NOUNS}(?: each)? {_VIEW}"
                        rf"(?:\s+{_ABOUT})?|the(?: \w+)? {_NOUNS} (?:{_TREAT}(?:\s+{_ABOUT})?|{_VIEW}\s+{_ABOUT}))\s+(?P<topic>.+?)\s*\??$|"
                        r"(?:\b(?:which|what|how many) (?:of the(?: two| three| \d+)? )?" + ARTICLE_NOUNS + r"|\b(?:list|name|show) (?:me )?"
                        r"(?:all )?(?:the )?articles? (?:that|which)) (?:mentions?|discuss(?:es)?|talks? about|covers?|refers? to|"
                        # "Which piece relies on a tweet?"
                        r"(?:relies|rely|draws?) on|brings? up|(?:uses?|invokes?)(?= (?:a|an|the|any)\b)"
                        r"(?! (?:the |a |an |any )?(?:words?|terms?|phrases?|expressions?)\b)|"
                        # "How many of the three articles are about Ukraine?"
                        r"speaks? (?:about|of)|(?:is|are) (?:about|on)|"
                        # "Which article is more alarmed about nuclear war?": the articles side by side on it
                        r"(?:is|are|seems?) (?:the )?(?:most|more|less|least) [a-z-]+ (?:about|of|on|towards?|with|to|over)|"
                        # "Which articles warn the war could turn into a world war?": those that speak of it (a
                        # warning is about a possibility; "Which articles say …?" is answered by what they say)
                        r"(?:warn|predict|fear|foresee)s?(?: that| of)?|"
                        r"deals? with|cites?|quotes?|(?:uses?|contains?|has|includes?) (?:the )?(?:words?|terms?|phrases?|"
                        r"expressions?)|(?:should|can|could|do) (?:i|we) read (?:about|on|for))\s+(?P<topic2>.+?)\s*\??$|"
                        r"\b(?:do|does|did) (?:the|both|all)(?: two| three)? "
                        r"(?:articles?|pieces?|reports?) (?:agree|disagree|differ|say the same|concur)(?: with each other)?"
                        r"(?:\s+(?:about|on|over|regarding|concerning|as to|in))?\s+(?P<topic3>.+?)\s*\??$|"
                        # "Does the news report agree with the op-ed that the US is running Israel's war?"
                        r"\b(?:do|does|did) (?:the )?(?:[\w’'-]+ ){0,3}?" + _ARTICLE + r"s? (?:(?:agree|disagree|concur) with|"
                        r"contradict|dispute) "  # ("Does the news report contradict the op-ed on …?")
                        r"(?:the )?(?:[\w’'-]+ ){0,3}?" + _ARTICLE + r"s? (?:that|about|on|over|regarding|as to)\s+"
                        r"(?P<topic9>.+?)\s*\??$|"
                        # "Does the Gaza article mention US marines?": what that article says of them
                        # ... "Do the op-ed and the news report mention the same 2,000 troops?": what each says of them
                        r"\b(?:does|did|do) (?:the|this|that|either|any|both|all)(?: [\w’'-]+){0,3}? " + _ARTICLE + r"s?"
                        r"(?: and (?:the )?(?:[\w’'-]+ ){0,2}?" + _ARTICLE + r")?(?: both)? (?:mention|discuss|"
                        # (but "Does the news report name the Marine unit?" asks which unit: scope._NAMES_THE)
                        r"talk about|cover|refer to|say anything about|speak of|deal with|bring up|touch on|"
                        r"name(?!\s+(?:the|a|any)\s+(?:[\w’'-]+\s+){0,3}[a-z][\w-]*\s*\??$))\s+(?P<topic5>.+?)\s*\??$|"
                        # "How many US troops does each article say are involved?": each article's count
                        r"\bhow many (?P<topic7>.+?) (?:does|do) (?:each|every|both|all|the two|the three)(?: of the)? "
                        r"(?:articles?|pieces?|reports?|op-?eds?) (?:say|report|give|count|mention|claim|put)\b[^?]*\??$|"
                        # "Compare how the two opinion pieces describe the United States."
                        rf"^\s*(?:please\s+)?compare (?:how|what) (?:the |all |both )?(?:two |three )?(?:\w+ )?{_NOUNS} "
                        rf"(?:{_TREAT}(?:\s+{_ABOUT})?|{_VIEW}\s+{_ABOUT})\s+(?P<topic6>.+?)\s*[?.!]?$|" + _MENTIONED, re.I)),
]
_SUMMARY = dict(_INTENTS)["summary"]
_AND_WHEN = re.compile(r",?\s+and\s+when\b", re.I)
_AND_BY_WHOM = re.compile(r",?\s+and\s+(?:by\s+whom|who\s+(?:wrote|authored)\s+it)\b", re.I)
# (a name, not "a named journalist")
_WRITTEN_BY = re.compile(r"\b(?:written|authored|penned|signed) by\s+((?-i:[A-Z]).+?)\s*[?.!]*$", re.I)
# "the article about ATACMS", "the piece claiming the US is orchestrating the Gaza war", "by Yossi Aharoni"
_DESCRIPTION = re.compile(r"\b" + _ARTICLE + r"s?\s+(?P<desc>(?:about|on|claiming|that|which|arguing|saying|by|"
                          r"from|describing|reporting|titled|called|where|in which|with|discussing|covering|"
                          r"concerning|regarding)\b.+?)\s*\??$", re.I)


# "the Gaza article", "the ATACMS piece", "the Site 512 article": the article named by the words before the noun
# (and "the ATACMS writer" as the article's voice: "… does the ATACMS writer accuse …", not "the American writer who …")
_NAMED_BEFORE = re.compile(r"\b(?i:the)\s+(?P<desc>[A-Z][\w’'-]*\s+(?:(?:[A-Z][\w’'-]*|\d[\w-]*)\s+){0,2})(?i:"
                           + _ARTICLE + rf"\b|(?:author|writer)\s+(?={SPEAKS}|{JUDGES}))")


# ... and in lower case ("the marines one"), when the words are no kind, count or order of articles
_NAMED_LOWER = re.compile(r"\bthe\s+(?P<desc>(?:[a-z][\w’'-]*\s+){1,2})(?:article|piece|op-?ed|story|column|one)\b")
_NOT_A_SUBJECT = {"news", "opinion", "other", "first", "second", "third", "last", "latest", "newest", "oldest",
                  "earliest", "most", "recent", "same", "two", "three", "both", "whole", "entire", "new", "old",
                  "longest", "shortest", "longer", "shorter", "main", "only", "original", "full", "this", "that"}


def _described_in_lower_case(text: str, named: Callable[[str], bool] | None = None) -> re.Match | None:
    """"the marines one", "the gaza article": an article described by words typed in lower case; with ``named``
    (whether the articles write a word as a name), only by such words, and not as "the … one" ("the number one
    pick" describes no article where the question is not about articles)."""
    return next((m for m in _NAMED_LOWER.finditer(text) if not set(m.group("desc").lower().split()) & _NOT_A_SUBJECT
                 and (named is None or not m.group().endswith("one") and all(map(named, m.group("desc").split())))),
                None)


@dataclass(frozen=True)
class Intent:
    kind: str  # author, date, period, order, kind, length, title, outlet, list, each, sources, summary, conclusion,
    # opening, figures, imagery
    topic: str | None = None  # for "each": what the articles are asked about
    description: str | None = None  # the words describing which article is meant
    period: tuple[str, int | None, int] | None = None  # for "period": ("in", month or None, year)


_ARTICLE_WORD = re.compile(rf"\b{ARTICLE_NOUNS}\b|\b(?:the|all|list) headlines\b|"
                           r"\b(?:the|these|those) (?:two |three |\d+ )texts\b|"  # "Of the three texts, which …?"
                           # "who wrote the gaza one" ("the one" once the article is the filter)
                           r"\b(?:the|this|that) (?:[\w-]+ ){0,2}one(?=\s*[?.!]*$|\s+(?:published|written|dated|about|on|"
                           r"from|by|says?|said|argues?|claims?|mentions?)\b)|"
                           r"\bthe (?:authors?|writers?) (?:say|says|think|thinks|believe|believes|feel|feels|"
                           r"argue|argues|conclude|concludes|write|writes|claim|claims)\b|"
                           r"\bthe (?:author|writer)(?:['’]s|s['’]) (?:conclusions?|" + FINAL_SAY + r")\b|"
                           # "Is Trump mentioned anywhere?" asks which articles name him, though it names none
                           + _MENTIONED, re.I)


def intent_of(question: str) -> Intent | None:
    """What a question asks about the articles, or None when it asks about their subject (a question
    about the articles names them: "Who wrote the poem …?" is not one)."""
    q = " ".join(question.split())
    if not _ARTICLE_WORD.search(q):
        return None
    for kind, pattern in _INTENTS:
        m = pattern.search(q)
        if m:
            if kind == "each":
                groups = m.groupdict()
                topic = next((groups[g] for g in ("topic", "topic2", "topic3", "topic4", "topic5", "topic6", "topic8", "topic9") if groups.get(g)),
                             f"the number of {groups['topic7']}" if groups.get("topic7") else "").strip(" ?.")
                # "…, and are they the same troops?" asks more than which articles: answer the topic part
                topic = re.split(r",?\s+\b(?:and|but)\b\s+(?:are|is|do|does|did|how|what|why|were)\b", topic)[0]
                topic = re.sub(r"^(?:the\s+)?same\s+(?=\S)", "", topic, flags=re.I)  # "… mention the same 2,000 troops?"
                topic = IN_ITS_WORDS.sub("", topic)  # "…, in its own words?" says how to answer, not about what
                # "Which articles mention it? Nord Stream II" (a follow-up made standalone): what "it" stands for
                topic = re.sub(r"^(?:it|them|this|that|these|those|him|her)\s*\?\s+(?=\S)", "", topic, flags=re.I)
                named = _NAMED_BEFORE.search(q[:m.start("topic5")]) if groups.get("topic5") else None
                return Intent(kind, topic=topic, description=named.group("desc") if named else None) \
                    if tokenize([topic])[0] else None
            if kind == "period":
                month = MONTH_NAMES.index(m.group("month").capitalize()) + 1 if m.group("month") else None
                return Intent(kind, period=((m.group("rel") or "in").lower(), month, int(m.group("year"))))
            d = _DESCRIPTION.search(q)
            d = d if d and re.search(r"\s\w", d.group("desc")) else _NAMED_BEFORE.search(q)  # not "… article about?"
            d = d or _described_in_lower_case(q)  # "when was the marines one published"
            return Intent(kind, description=d.group("desc") if d else None)
    return None


MAX_LISTED = 10  # articles an answer about "each article" speaks of; more are counted, not listed
# passages of each article read for what it says of a topic: as many as a question reads ("how many US troops
# are being sent": "the Americans have also stationed 2,000 special forces soldiers", the eighth of the op-ed)
PASSAGES_PER_ARTICLE = 8
FAINT = 0.3  # ... and an article whose best sentence has less than this share of the best article's evidence is silent


def _listed(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _short(doc: Document) -> str:
    return f"the {KIND_NOUN.get(doc.kind, doc.kind)} “{cut(doc.title)}”"


class _Cites:
    """Numbered citations, one per excerpt."""

    def __init__(self):
        self.items: list[Citation] = []

    def add(self, doc: Document, start: int, end: int, answer: tuple[int, int] | None = None,
            voice: Voice | None = None) -> str:
        for c in self.items:
            if (c.doc_id, c.start, c.end) == (doc.id, start, end):
                return f"[{c.n}]"
        span = AnswerSpan(answer[0], answer[1], "metadata") if answer else None
        self.items.append(citation(len(self.items) + 1, doc, start, end, 1.0, voice, span))
        return f"[{len(self.items)}]"

    def opening(self, doc: Document) -> str:
        """A citation of the article's first sentence: which article is meant, when no header says more."""
        s, e = doc.body
        first = sentence_spans(doc.text, s, min(e, s + 2000))
        return self.add(doc, first[0].start, first[0].end) if first else ""


# a person named with a title: "Defense Minister Yoav Gallant", "US Secretary of Defense Lloyd Austin", "General Yair
# Golan", or followed by one: "Ayman Al-Safadi, the foreign minister of …"
_TITLE = (r"(?i:president|prime minister|secretary(?: of \w+)?|minister|general|chief of staff|ambassador|senator|"
          r"governor|mayor|king|queen|chancellor|commander|admiral|spokes(?:man|woman|person))")
_NAME = r"(?:[A-Z][\w’'.-]+\s+){0,2}[A-Z][\w’'-]*\w"  # (not the full stop ending a sentence)
_PERSON = re.compile(rf"\b{_TITLE}\s+(?P<a>{_NAME})|\b(?P<b>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){{1,2}}),\s+the\s+"
                     rf"(?:\w+\s+){{0,2}}{_TITLE}\b")


def _people_sentence(doc: Document, cites: _Cites) -> str:
    """The people an article names with a title, each cited at the sentence that first names them (one per
    surname: "Secretary of Defense Austin" is "Lloyd Austin")."""
    found: dict[str, tuple[str, int, int]] = {}
    for s in sentence_spans(doc.text, *doc.body):
        for m in _PERSON.finditer(doc.text, s.start, s.end):
            # (a title before the name is none of it: "… Chief of Staff General Yair Golan")
            name = re.sub(rf"^(?:{_TITLE}\s+)+", "", m.group("a") or m.group("b"))
            if name.split()[0] in _NOT_FIRST:
                continue
            surname = name.split()[-1]
            first = found.get(surname)
            if first is None:
                found[surname] = (name, s.start, s.end)
            elif len(name) > len(first[0]):  # the fullest form of the name, cited where it first stands
                found[surname] = (name, first[1], first[2])
    if not found:
        return f"{capital(_short(doc))} {cites.opening(doc)} names no one by a title."
    items = [f"{name} {cites.add(doc, s, e)}" for name, s, e in found.values()]
    return f"{capital(_short(doc))} names {_listed(items)}."


_NOT_FIRST = {"The", "A", "An", "This", "That", "Of", "And"}  # not a name's first word


# "Which newspaper does it cite?": a publication is named as "the New York Times", not as "Russia" or "news media"
_OUTLETS_ASKED = re.compile(r"\b(?:newspapers?|papers?|outlets?|publications?|media|press)\b", re.I)
_PUBLICATION = re.compile(r"^the\s+[A-Z]")


def _sources_sentence(doc: Document, cites: _Cites, outlets_first: bool = False) -> str:
    """Whose words an article reports, each cited at the first sentence that carries them (one source per
    surname: "Russian President Vladimir Putin" and "Russia President Putin" are one); ``outlets_first``:
    the publications before the others."""
    found: dict[str, tuple[str, int, int]] = {}
    for s in sentence_spans(doc.text, *doc.body):
        voice = voice_in(doc.text, s.start, s.end)
        if voice.reported:
            found.setdefault(voice.source.split()[-1].lower(), (voice.source, s.start, s.end))
    if not found:
        return f"{capital(_short(doc))} {cites.opening(doc)} reports no one's words: what it says, it says itself."
    voices = sorted(found.values(), key=lambda v: outlets_first and not _PUBLICATION.match(v[0]))
    items = [f"{source} {cites.add(doc, s, e, voice=Voice(source))}" for source, s, e in voices]
    return f"{capital(_short(doc))} reports the words of {_listed(items)}."


def _field_sentence(doc: Document, field: str, cites: _Cites) -> str:
    noun = {"author": "author", "date": "date", "outlet": "outlet"}[field]
    value = getattr(doc, field)
    excerpt = metadata_excerpt(doc, field)
    if value and excerpt:
        s, e = excerpt
        words = re.search(r"(?:By\s+|date\s+)(.+)$", doc.text[s:e])
        answer = (s + words.start(1), e) if words else None
        return f"{capital(_short(doc))} gives its {noun} in its header: “{doc.text[s:e]}” {cites.add(doc, s, e, answer)}."
    if value:
        return f"{capital(_short(doc))} {cites.opening(doc)} gives its {noun} as {value} in its metadata."
    return f"{capital(_short(doc))} {cites.opening(doc)} names no {noun}."


def _it(sentence: str, doc: Document) -> str:
    """A second sentence about the article just named, with "It" for its name."""
    named = capital(_short(doc))
    return "It" + sentence[len(named):] if sentence.startswith(named) else sentence


def _tags_sentence(doc: Document, cites: _Cites) -> str:
    """The tags an article carries outside its prose ("#Opinion #AntiWarMovement …"), quoted, or that it has none."""
    excerpt = metadata_excerpt(doc, "tags")
    if excerpt:
        s, e = excerpt
        return f"{capital(_short(doc))} carries the tags “{doc.text[s:e]}” {cites.add(doc, s, e, excerpt)}."
    return f"{capital(_short(doc))} {cites.opening(doc)} carries no tags."


def _kind_sentences(docs: list[Document], cites: _Cites) -> list[str]:
    out, unmarked = [], []
    for doc in docs:
        excerpt = metadata_excerpt(doc, "kind")
        noun = KIND_NOUN.get(doc.kind, doc.kind)
        a = "an" if noun[0] in "aeiou" else "a"
        if doc.kind != "article" and excerpt:
            s, e = excerpt
            out.append(f"{capital(describe(doc))} is marked as {a} {noun} by its tag “{doc.text[s:e]}” "
                       f"{cites.add(doc, s, e, excerpt)}.")
        elif doc.kind != "article":
            out.append(f"{capital(describe(doc))} {cites.opening(doc)} is {a} {noun} by its metadata.")
        else:
            unmarked.append(doc)
    if unmarked:
        names = [f"“{cut(d.title)}” {cites.opening(d)}" for d in unmarked]
        out.append(f"{'The article' if len(names) == 1 else 'The articles'} {_listed(names)} "
                   f"{'carries' if len(names) == 1 else 'carry'} no mark of their kind (opinion, news or analysis) "
                   "in their metadata or tags.")
    return out


_OLDEST = re.compile(r"\b(?:oldest|earliest|first|older|earlier)\b", re.I)
_ORDINAL = re.compile(r"\bthe (?:most recent|newest|latest|oldest|earliest) " + _ARTICLE + r"\b", re.I)


def _when(doc: Document):
    """The article's date as a comparable value, or None when it gives none that reads as a date."""
    try:
        return datetime.date.fromisoformat((doc.date or "")[:10])
    except ValueError:
        return None


def _by_date(docs: list[Document], newest: bool) -> list[Document]:
    """The articles by the dates they give, the newest (or oldest) first; those without one last."""
    return sorted((d for d in docs if _when(d)), key=_when, reverse=newest) + [d for d in docs if not _when(d)]


def _order_sentences(docs: list[Document], newest: bool, cites: _Cites) -> list[str]:
    """Which article is the most recent (or the oldest), from the dates the articles give, every one
    cited where it states it; the articles without a date named as such."""
    ordered = _by_date(docs, newest)
    dated = [d for d in ordered if _when(d)]
    out = []
    if dated:
        which = "most recent" if newest else "oldest"
        lead = _field_sentence(dated[0], "date", cites)[len(_short(dated[0])) + 1:]  # "gives its date in …"
        out.append(f"Of the articles that give a date, the {which} is {_short(dated[0])}, which {lead}")
        out += [_field_sentence(d, "date", cites) for d in dated[1:]]
    out += [_field_sentence(d, "date", cites) for d in ordered[len(dated):]]
    return out


def _in_period(day: datetime.date, period: tuple[str, int | None, int]) -> bool:
    """Whether a date falls in ("in", "during", "from", "on"), before, or after ("since": from) a month or year."""
    rel, month, year = period
    at, first = (day.year, day.month if month else 0), (year, month or 0)
    return {"before": at < first, "after": at > first, "since": at >= first}.get(rel, at == first)


def _period_sentences(docs: list[Document], period: tuple[str, int | None, int], cites: _Cites) -> list[str]:
    """The articles whose dates fall in the period asked about, the oldest first, each cited where it states
    its date; when none does, the oldest and the newest date given, so that the reader sees why."""
    rel, month, year = period
    when = (f"{ {'before': 'before', 'after': 'after', 'since': 'in or after'}.get(rel, 'in')} "
            f"{MONTH_NAMES[month - 1] + ' ' if month else ''}{year}")
    dated = [d for d in _by_date(docs, newest=False) if _when(d)]
    hits = [d for d in dated if _in_period(_when(d), period)]
    undated = len(docs) - len(dated)
    note = [f"{undated} {'article gives' if undated == 1 else 'articles give'} no date."] if undated else []
    if not hits:
        ends = [_field_sentence(d, "date", cites) for d in dict.fromkeys(dated[:1] + dated[-1:])]
        return [f"No indexed article gives a date {when}."] + ends + note
    parts = [f"{len(hits)} of the {len(dated)} articles that give a date {'is' if len(hits) == 1 else 'are'} "
             f"dated {when}."] + [_field_sentence(d, "date", cites) for d in hits[:MAX_LISTED]]
    if len(hits) > MAX_LISTED:
        parts.append(f"The oldest {MAX_LISTED} are shown; {len(hits) - MAX_LISTED} more are.")
    return parts + note


def _words(doc: Document) -> int:
    return len(doc.text[slice(*doc.body)].split())


def _length_sentences(ranked: list[Document], all_docs: int, shortest: bool, cites: _Cites) -> list[str]:
    """The articles' lengths in words, ranked by it (the longest, or the shortest, first)."""
    lines = [f"{capital(_short(d))} {cites.opening(d)} runs {_words(d):,} words." for d in ranked]
    if len(ranked) > 1:
        which = "shortest" if shortest else "longest"
        lines[0] = (f"Of the {all_docs} articles, the {which} is {_short(ranked[0])} {cites.opening(ranked[0])}, "
                    f"{_words(ranked[0]):,} words.")
    return lines


_SHORTEST = re.compile(r"\b(?:short|brief)(?:er|est)?\b|\b(?:fewest|least) words\b", re.I)


def _title_sentence(doc: Document, cites: _Cites) -> str:
    s, e = doc.body
    line_end = doc.text.find("\n", s, e)
    headline = doc.text[s:line_end].strip() if line_end > 0 else ""
    if headline and headline == doc.title:
        return f"The {KIND_NOUN.get(doc.kind, doc.kind)} is titled “{headline}” {cites.add(doc, s, s + len(headline))}."
    if doc.title.endswith("…"):
        return (f"The {KIND_NOUN.get(doc.kind, doc.kind)} has no headline; it opens with the words used as its "
                f"title: {cites.opening(doc)} “{doc.title}”.")
    return f"The {KIND_NOUN.get(doc.kind, doc.kind)} {cites.opening(doc)} is titled “{doc.title}” in its metadata."


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?(?![\w]|[.,]\d)")
_NAMED_BY = re.compile(r"\b[A-Z][\w.-]*\s+$")  # the name a number right after it belongs to ("Site 512")


def _counts_in(text: str) -> list[re.Match]:
    """The numbers of a text that count something, not those that are part of a name ("Site 512")."""
    return [m for m in _NUMBER.finditer(text) if not _NAMED_BY.search(text, 0, m.start())]


def _holds(text: str, number: str) -> bool:
    """Whether text writes the number itself ("2,000"), not a larger one holding it ("12,000")."""
    return number in _NUMBER.findall(text)


def _number_span(c: Candidate, numbers: list[str]) -> Candidate:
    """The candidate, its answering words kept only where they hold the topic's number."""
    if c.span is None or all(_holds(c.document.text[c.span.start:c.span.end], n) for n in numbers):
        return c
    return replace(c, span=None)


_ASKING = set(tokenize(["why how whether when where who what which"])[0])  # "why the US is deploying forces"


def _mentions(doc: Document, topic: str) -> bool:
    terms = set(tokenize([topic])[0]) - _ASKING
    held = terms & set(tokenize([doc.text])[0])
    return bool(terms) and len(held) >= max(1, round(len(terms) * 2 / 3))


def _targets(intent: Intent, pipeline, docs: list[Document], question: str) -> list[Document]:
    """The articles a question is about: the one its description fits best (of the kind it names), else all."""
    desc = intent.description
    if not desc:  # "Who wrote the news report?": the articles of that kind; "How do the opinion pieces and the
        # news report differ …?": all
        kind = kind_named(question) if intent.kind != "each" else None
        return of_kind(docs, kind) or docs if kind else docs
    kind = kind_named(question)  # "the news report about Israel": a news report, or one of no stated kind
    docs = of_kind(docs, kind) or docs if kind else docs
    # "by Yossi Aharoni", "the Aharoni piece": the articles by that author
    named = [d for d in docs if d.author and (d.author.lower() in desc.lower()
                                              or re.search(rf"\b{re.escape(d.author.split()[-1])}\b", desc))]
    if named:
        return named
    passages = pipeline.retriever.search(desc, 3, doc_ids=[d.id for d in docs])
    return [passages[0].document] if passages else docs


# "of the two opinion pieces": a choice among the articles of a kind
_AMONG = re.compile(r"\b(?:of|among|between) (the (?:(?:two|three|\d+) )?[\w -]*?s)\b", re.I)

_AN_ARTICLE_NAMED = re.compile(rf"\b(?:the|this|that)\s+(?:[\w’'-]+\s+){{0,3}}?{ARTICLE_NOUNS}\b"
                               rf"(?:\s+(?:on|about|by)\s+[A-Z][\w’'-]*)?", re.I)
_COUNTING = {"two", "three", "both", "other", "first", "second", "same"}


def _articles_named(question: str, pipeline, docs: list[Document]) -> list[Document]:
    """Each article a question names: "the news report" (the only one of its kind), "the ATACMS piece" (the
    one its words fit best), "the two opinion pieces"."""
    named: list[Document] = []
    for m in _AN_ARTICLE_NAMED.finditer(question):
        words = " ".join(w for w in content_words(m.group()) if w.lower() not in _COUNTING)
        named += [d for d in _targets(Intent("author", description=words or None), pipeline, docs, m.group())
                  if d not in named]
    return named


def _same_author_sentences(docs: list[Document], cites: _Cites) -> list[str]:
    """Each article's byline, after whether they share an author where every one names its author (where
    one names none, its line says so, and that is the answer)."""
    authors = {d.author for d in docs}
    verdict = []
    if len(docs) > 1 and None not in authors:
        verdict = ["The articles are by the same author." if len(authors) == 1
                   else "The articles are by different authors."]
    return verdict + [_field_sentence(d, "author", cites) for d in docs]


# "the opinion piece on Gaza", "the article about Site 512": the article named by the capitalised words after it
_NAMED_AFTER = re.compile(r"\bthe (?:(?:opinion|news) )?" + _ARTICLE + r"(?P<tail> (?:on|about) (?P<desc>[A-Z][\w’'-]*"
                          r"(?:\s+(?:[A-Z][\w’'-]*|\d[\w-]*)){0,3}))")
_AN_ARTICLE_NOUN = re.compile(rf"\b{ARTICLE_NOUNS}\b", re.I)


def described_article(query: str, pipeline, docs: list[Document]) -> tuple[str, list[str]] | None:
    """"What does the Gaza article say Austin ordered?", "…, according to the ATACMS piece?", "the opinion
    piece on Gaza": the article the capitalised words before or after the noun describe (the one they fit
    best, as for questions about the articles), and the query without them; None when it describes none."""
    m = _NAMED_BEFORE.search(query)
    # not "What did the Financial Times report?" (a verb), nor a question about articles or comparing two
    if m and re.match(r"reports?\b", query[m.end("desc"):], re.I):
        m = None
    m = m or _NAMED_AFTER.search(query)  # "the opinion piece on Gaza"
    # "the marines story": words the articles write as names, typed in lower case (not "the number one pick")
    m = m or _described_in_lower_case(query, lambda w: pipeline.answerer.knows_name(w.capitalize(), exact=True))
    intent = intent_of(query)  # ("How does the Gaza piece describe …?" asks what one article says)
    if (not m or len(docs) < 2 or intent and (intent.kind != "each" or _SEVERAL.search(query))
            or len(_AN_ARTICLE_NOUN.findall(query)) > 1):
        return None
    targets = _targets(Intent("each", description=m.group("desc")), pipeline, docs, query)
    if len(targets) != 1:
        return None
    cut = m.span("tail") if "tail" in m.re.groupindex else m.span("desc")
    return query[:cut[0]] + query[cut[1]:], [targets[0].id]


# cosine below which an article's nearest sentence is not on the point just quoted: on the seeds, the same
# point in two articles scored 0.61-0.70 ("2,000 troops" and "2,000 special forces soldiers"), another
# point at most 0.51
AGREEMENT_FLOOR = 0.55


def about_agreement(question: str, history, pipeline) -> Answer | None:
    """"Does the Gaza article agree?" after an answer: that article's sentence nearest in meaning to what the
    answer quoted (their stored vectors), set beside the quote; whether they agree is the reader's to judge.
    "the other article" is those the answer did not quote; "Do they agree?" sets beside it what earlier
    answers quoted of the other articles they led with. None for any other question, or when the last
    answer quoted nothing of an indexed article."""
    phrase = agreement_asked(question)
    if phrase is None:
        return None
    reply = last_reply(history)
    index, docs = pipeline.index, pipeline.index.documents
    quotes = first_quotes(reply)
    led = articles_named_in(reply, docs)[:1]
    source = index.doc_by_id[led[0]] if led else None
    at = source.text.find(quotes[0]) if source and quotes else -1
    if at < 0:
        return None
    quoted: dict[str, str] = {}  # "Do they agree?": what earlier answers quoted first of the articles they led with
    if asks_both(phrase):
        for text in reversed([text for role, text in turns(history)[:-1] if role == "assistant"]):
            led_by = articles_named_in(text, docs)[:1]
            if led_by and first_quotes(text) and led_by[0] != source.id:
                quoted.setdefault(led_by[0], first_quotes(text)[0])
        ids = list(quoted)
    elif re.search(r"\bother\b", phrase, re.I):
        ids = [d.id for d in docs if d.id != source.id]
    else:
        named = f"What is it, according to {phrase}?"
        described = described_article(named, pipeline, docs)
        ids = described[1] if described else scope_of(named, docs).doc_ids
    targets = [index.doc_by_id[i] for i in ids or [] if i != source.id][:MAX_LISTED]
    if not targets:
        return None
    # the sentences quoted (or the one holding the words an answer opened with: “two aircraft carriers”)
    said = [r for r in index.doc_sentence_rows(index.doc_row[source.id])
            if index.sentences[r][1].start < at + len(quotes[0]) and at < index.sentences[r][1].end]
    if not said:
        return None
    # (of a quote of several sentences, those holding the words the last question asked about: "What does the
    # news report say about a ground invasion?" quoted "However, the deployment … This includes … a potential
    # ground invasion of Gaza by Israel.", whose second sentence is the point)
    asked = [text for role, text in turns(history) if role == "user"][-1:]
    words = set(tokenize([" ".join(content_words(asked[0]))])[0]) - META_TERMS if asked else set()
    held = [len(words & set(tokenize([source.text[index.sentences[r][1].start:index.sentences[r][1].end]])[0]))
            for r in said]
    if len(said) > 1 and max(held) > 0:
        said = [r for r, n in zip(said, held) if n == max(held)]
    point = _unit(_unit(index.sentence_vectors(np.array(said, dtype=np.int64))).mean(axis=0, keepdims=True))[0]
    spans = [index.sentences[r][1] for r in said]
    chosen = [Candidate(source, min(at, spans[0].start), max(at + len(quotes[0]), spans[-1].end), 1.0, 0)]
    silent = []
    for doc in targets:
        before = doc.text.find(quoted[doc.id]) if doc.id in quoted else -1
        if before >= 0:  # the words the conversation quoted of it, side by side with the last answer's
            chosen.append(Candidate(doc, before, before + len(quoted[doc.id]), 1.0, 0))
            continue
        rows = _body_rows(index, doc)
        cos = _unit(index.sentence_vectors(np.array(rows, dtype=np.int64))) @ point if rows else np.zeros(0)
        if len(cos) and cos.max() >= AGREEMENT_FLOOR:
            span = index.sentences[rows[int(np.argmax(cos))]][1]
            chosen.append(Candidate(doc, span.start, span.end, float(cos.max()), 0))
        else:
            silent.append(doc)
    query = " ".join(chosen[0].quote.split()[:40])
    silence = [f"{capital(describe(d))} says nothing close to the words just quoted." for d in silent]
    if len(chosen) == 1:
        return Answer(question, query, " ".join(silence), True, [], [], [" ".join(silence)], 0.0, answerable=0.0)
    result = compose(question, query, chosen, 1.0)  # the words quoted first, as the point compared
    heading = ("What this conversation quoted of each article, side by side:" if quoted else
               "The sentence of each article nearest in meaning to the words just quoted, side by side:")
    parts = [heading, *result.parts, *silence]
    return Answer(question, query, "\n\n".join(parts), False, result.citations, [], parts, 1.0, answerable=1.0)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)


def _body_rows(index, doc: Document) -> list[int]:
    """The index rows of the sentences of an article's body (not its header)."""
    s, e = doc.body
    return [r for r in index.doc_sentence_rows(index.doc_row[doc.id])
            if s <= index.sentences[r][1].start and index.sentences[r][1].end <= e]


_WHO_IS = re.compile(r"\s*who(?:\s+(?:is|was)\b|['’]s\b)", re.I)


def _only_an_author(question: str, docs: list[Document]) -> list[Document]:
    """The articles a person wrote, when the question asks who that person is ("Who is Yossi Aharoni?")
    and no article's text names them: their byline is all the articles say of them."""
    name = subject_asked(question) if _WHO_IS.match(question) else None
    wrote = [d for d in docs if name and d.author and d.author.lower() == name.lower()]
    if not wrote or any(name.split()[-1] in d.text[slice(*d.body)] for d in docs):
        return []
    return wrote


def articles_named_in(reply: str, docs: list[Document]) -> list[str]:
    """The articles an answer names (by their titles, as answers write them), the first named first."""
    at = {d.id: reply.find(f"“{cut(d.title)}”") for d in docs}
    return sorted((i for i, pos in at.items() if pos >= 0), key=at.get)


def _led_with(reply: str, docs: list[Document]) -> list[str] | None:
    """The article an answer led with (as a one-article filter), or None when it names none."""
    return articles_named_in(reply, docs)[:1] or None


_BARE_WHEN = re.compile(r"^\s*(?:and\s+)?when\s*[?.!]*\s*$", re.I)


def about_last_answer(question: str, history, pipeline, doc_ids: list[str] | None = None) -> Answer | None:
    """"Who wrote that article?", "When was it published?" after the last answer: asked of the article
    the answer led with; so is "When?" after a question about an article ("Who wrote the piece about
    ATACMS?"). None for any other question, or when the answer names no article."""
    reply = last_reply(history)
    asked = [text for role, text in turns(history) if role == "user"]
    if _BARE_WHEN.match(question) and asked and intent_of(about_that_article(asked[-1]) or asked[-1]) is not None:
        question = "When was it published?"
    that = about_that_article(question)
    intent = intent_of(that) if that else None
    if intent is None or intent.kind not in ("author", "date", "kind", "title", "outlet", "sources", "summary",
                                             "people", "tags", "length", "opening", "conclusion", "figures"):
        return None
    led = _led_with(reply, [d for d in pipeline.index.documents if doc_ids is None or d.id in doc_ids])
    return about_articles(that, that, pipeline, led) if led else None


# "the author", "this article": in a conversation, the article being discussed
_THE_ONE_DISCUSSED = re.compile(r"\b(?:the|this|that) (?:author|writer)\b|\b(?:this|that|the) (?:article|piece)\b",
                                re.I)


def article_discussed(question: str, reply: str, docs: list[Document]) -> list[str] | None:
    """"What does the author say about …?" or "Why?" after ``reply``: the article the reply led with, unless
    the question describes which ("the author of the article about ATACMS"); None when it names none."""
    if not (_THE_ONE_DISCUSSED.search(question) or BARE_WHY.match(question)) or _DESCRIPTION.search(question):
        return None
    return _led_with(reply, docs)


_SEVERAL = re.compile(r"\b(?:articles|pieces|reports|stories|op-?eds|both|each|either|all)\b", re.I)


def article_kept(question: str, history, docs: list[Document]) -> list[str] | None:
    """The article a conversation keeps to: after "What does the news report say about the aircraft
    carrier?", "Where was it sent?" is asked of the article that answer led with, as long as every
    question since named no article and leaned on the conversation. None when no question named one, or
    when this one describes an article of its own ("the author of the article about …", "the Gaza
    article")."""
    if _DESCRIPTION.search(question) or _NAMED_BEFORE.search(question):  # "And the Gaza article?"
        return None
    if _SEVERAL.search(question):  # "Which of the two articles was published first?" asks of them all
        return None
    messages = turns(history)
    asked = [text for role, text in messages if role == "user"]
    for i in range(len(asked) - 1, -1, -1):
        if agreement_asked(asked[i]):  # "Does the news report agree?" set two articles side by side
            return None
        if names_articles(asked[i], docs):
            led = _led_with(last_reply(history), docs)
            # not when this question names another kind ("When was the news report published?" after a question
            # on Aharoni's opinion piece)
            kind = kind_named(question)
            if led and kind and not any(d.id == led[0] for d in of_kind(docs, kind)):
                return None
            return led
        if not needs_context(asked[i], " ".join(asked[:i])):  # a question of its own starts afresh
            return None
    return None


def article_narrowed(question: str, query: str, history, docs: list[Document]) -> list[str] | None:
    """"And with troops?" after "What does the op-ed say the US did with aircraft carriers?": the standalone
    query names "the op-ed" again, which fits more than one article; the conversation follows the one the
    last answer led with. None when the question names articles itself, or the query names fewer than two."""
    if names_articles(question, docs):
        return None
    scoped = scope_of(query, docs).doc_ids
    led = _led_with(last_reply(history), docs) if scoped and len(scoped) > 1 else None
    return led if led and led[0] in scoped else None


def about_articles(question: str, query: str, pipeline, doc_ids: list[str] | None = None) -> Answer | None:
    """The answer to a question about the articles themselves, or None for any other question."""
    author = _only_an_author(query, [d for d in pipeline.index.documents if doc_ids is None or d.id in doc_ids])
    if author:  # "Who is Yossi Aharoni?"
        cites = _Cites()
        parts = [f"The articles name {author[0].author} only as an author, in a byline; they say nothing more of "
                 "who that is."] + [_field_sentence(d, "author", cites) for d in author[:MAX_LISTED]]
        return Answer(question, query, "\n\n".join(parts), False, cites.items, [], parts, 1.0, answerable=1.0)
    # "who wrote the gaza article": the query has the names the articles write ("the Gaza article")
    first, second = (query, question) if question == question.lower() else (question, query)
    intent = intent_of(first) or intent_of(second)
    if intent is None and doc_ids is not None and _SUMMARY.search(query):  # "What's Aharoni's main argument?":
        intent = Intent("summary")                                       # the article its author names
    if intent is None:
        return None
    index = pipeline.index
    docs = [d for d in index.documents if doc_ids is None or d.id in doc_ids]
    cites = _Cites()
    if intent.kind == "summary":  # "Summarize the news report.": the articles marked as that kind (a summary
        kind = kind_named(question)  # of every article of no stated kind is not what was asked for)
        docs = [d for d in docs if d.kind == kind] or docs if kind else docs
        dated = _ORDINAL.search(question)  # "What is the most recent article about?": that article alone
        if dated and not intent.description and any(_when(d) for d in docs):
            docs = _by_date(docs, newest=not _OLDEST.search(dated.group()))[:1]
        return _summary(question, query, pipeline, _targets(intent, pipeline, docs, question))
    if intent.kind == "each":
        # ("What about" keeps the topic's first word from reading as a sentence's capital)
        missing = unknown_names(f"What about {intent.topic}?", pipeline.answerers["extractive"].knows_name)
        if missing:  # "Does either article mention China?": not "a china shop"
            return abstain(question, query, pipeline.retriever.search(query, 3), 0.0, missing)
        targets = _targets(intent, pipeline, docs, question)
        result = _each(question, query, intent.topic, pipeline, targets)
        others = [d for d in index.documents if d not in targets]  # (beyond the articles the question named)
        if result is None and others and len(targets) <= MAX_LISTED:  # "Does the news report mention Site 512?"
            asked = intent_of(query) if _PRONOUN.fullmatch(intent.topic) else intent  # "… mention them? Patriot …"
            return _silent_on(question, query, asked.topic if asked else intent.topic, pipeline, targets, others)
        return result
    if intent.kind in ("conclusion", "opening", "figures", "imagery"):
        pick = {"conclusion": _last_paragraph, "opening": _first_paragraph, "figures": _counting,
                "imagery": _likening}[intent.kind]
        return _quoted(question, query, pipeline, _targets(intent, pipeline, docs, question), pick)
    if intent.kind == "list":
        items = [f"{describe(d)} {cites.opening(d)}" for d in docs[:MAX_LISTED]]
        more = f", and {len(docs) - MAX_LISTED} more" if len(docs) > MAX_LISTED else ""
        parts = [f"{len(docs)} articles are indexed: " + "; ".join(items) + more + "."]
    else:
        # "Which of the two opinion pieces is more recent?": of those only
        among = _AMONG.search(question)
        kind = kind_named(among.group(1)) if among else None
        targets = _by_date(of_kind(docs, kind) or docs if kind else docs, _OLDEST.search(question) is None) \
            if intent.kind == "order" else _targets(intent, pipeline, docs, question)
        compared = len(docs)
        if intent.kind == "length":  # ranked before the first MAX_LISTED are kept; "Which is longer, the news
            named = _articles_named(question, pipeline, docs)  # report or the ATACMS piece?": those two
            targets, compared = (named, len(named)) if len(named) > 1 else (targets, compared)
            targets = sorted(targets, key=_words, reverse=not _SHORTEST.search(question))
        more = len(targets) - MAX_LISTED
        targets = targets[:MAX_LISTED]
        if intent.kind == "order":
            parts = _order_sentences(targets, _OLDEST.search(question) is None, cites)
        elif intent.kind == "period":
            parts, more = _period_sentences(docs, intent.period, cites), 0
        elif intent.kind == "kind":
            parts = _kind_sentences(targets, cites)
        elif intent.kind == "length":
            parts = _length_sentences(targets, compared, bool(_SHORTEST.search(question)), cites)
        elif intent.kind == "title":
            parts = [_title_sentence(d, cites) for d in targets]
        elif intent.kind == "tags":
            parts = [_tags_sentence(d, cites) for d in targets]
        elif intent.kind == "people":
            parts = [_people_sentence(d, cites) for d in targets]
        elif intent.kind == "sources":
            parts = [_sources_sentence(d, cites, bool(_OUTLETS_ASKED.search(question))) for d in targets]
        elif intent.kind == "author" and re.search(_SAME_AUTHOR, question, re.I):
            parts = _same_author_sentences(_articles_named(question, pipeline, docs) or targets, cites)
        else:
            # "Who wrote the ATACMS piece and when?", "When was it published, and by whom?": both fields
            also = ("date" if intent.kind == "author" and _AND_WHEN.search(question) else
                    "author" if intent.kind == "date" and _AND_BY_WHOM.search(question) else None)
            parts = [" ".join([_field_sentence(d, intent.kind, cites)] + ([_it(_field_sentence(d, also, cites), d)]
                                                                          if also else [])) for d in targets]
            by = _WRITTEN_BY.search(question) if intent.kind == "author" else None
            if by and not any(d.author and by.group(1).lower() in d.author.lower() for d in targets):
                parts.insert(0, f"No indexed article names {by.group(1)} as its author.")
        if more > 0:
            parts.append(f"The first {MAX_LISTED} articles are shown; {more} more are indexed.")
    return Answer(question, query, "\n\n".join(parts), False, cites.items, [], parts, 1.0, answerable=1.0)


SUMMARY_SENTENCES = 3  # quoted of an article summarised alone; two each when several are


def _summary(question: str, query: str, pipeline, docs: list[Document]) -> Answer | None:
    """What each article is about, in its own words: the sentences of its body closest to the mean of all
    its sentence vectors (those nearest its whole), quoted in the order it gives them, each in its voice."""
    index = pipeline.index
    chosen: list[Candidate] = []
    for doc in docs[:MAX_LISTED]:
        rows = _body_rows(index, doc)
        spans = [index.sentences[r][1] for r in rows]
        full = [i for i, sp in enumerate(spans) if len(doc.text[sp.start:sp.end].split()) >= 8] or list(range(len(rows)))
        if not full:
            continue
        vectors = _unit(index.sentence_vectors(np.array([rows[i] for i in full], dtype=np.int64)))
        central = vectors @ vectors.mean(axis=0)
        top = sorted(np.argsort(-central, kind="stable")[:SUMMARY_SENTENCES if len(docs) == 1 else 2])
        chosen += [Candidate(doc, spans[full[i]].start, spans[full[i]].end, float(central.max()), 0) for i in top]
    if not chosen:  # articles without a sentence: the usual answer, or its abstention
        return None
    result = compose(question, query, chosen, 1.0)
    parts = list(result.parts)
    if len(docs) > MAX_LISTED:
        parts.append(f"The first {MAX_LISTED} articles are shown; {len(docs) - MAX_LISTED} more are indexed.")
    return Answer(question, query, "\n\n".join(parts), False, result.citations, [], parts, 1.0, answerable=1.0)


def _last_paragraph(text: str, spans: list) -> list:
    """How an article ends: the sentences of its last paragraph ("In conclusion, …")."""
    begins = text.rfind("\n", 0, spans[-1].start) + 1
    return [sp for sp in spans if sp.start >= begins]


def _first_paragraph(text: str, spans: list) -> list:
    """How an article begins: the sentences of its first paragraph."""
    ends = text.find("\n", spans[0].end)
    return [sp for sp in spans if ends < 0 or sp.end <= ends]


def _counting(text: str, spans: list) -> list:
    """The sentences that give a number in figures, not counting dates nor names ("2,000 Marines", not
    "October 7" nor "Site 512")."""
    def counts(sp) -> bool:
        sentence = text[sp.start:sp.end]
        dates = [d.span() for d in DATE_RE.finditer(sentence)]
        return any(re.search(r"\d", m.group()) and not any(a <= m.start() < b for a, b in dates)
                   and not _NAMED_BY.search(sentence, 0, m.start()) for m in NUMBER_RE.finditer(sentence))
    return [sp for sp in spans if counts(sp)]


# "This is like taking a herd of elephants into a china shop": a likening (not "anything like the bombardment")
_LIKENING = re.compile(r"\b(?:is|are|was|were|be|been|seems?|looks?|feels?)\s+(?:just\s+|much\s+|rather\s+)?like\b|"
                       r"\bakin to\b|\bas (?:if|though)\b|\bresembl(?:e|es|ed|ing)\b|\blikened?\b|"
                       r"\bcompared? (?:\w+ ){0,3}to\b", re.I)


def _likening(text: str, spans: list) -> list:
    """The sentences that liken one thing to another, each with the sentence before it when it only points
    back to what it likens ("… any one mistake might spark a regional war …" / "This is like …")."""
    return [Span(*with_referent(text, (sp.start, sp.end), (spans[i - 1].start, spans[i - 1].end) if i else None))
            for i, sp in enumerate(spans) if _LIKENING.search(text[sp.start:sp.end])]


def _quoted(question: str, query: str, pipeline, docs: list[Document], pick) -> Answer | None:
    """The first sentences of each article's body that ``pick(text, spans)`` keeps, quoted in its voice:
    how it ends, how it begins, what it counts."""
    index = pipeline.index
    chosen: list[Candidate] = []
    for doc in docs[:MAX_LISTED]:
        spans = [index.sentences[r][1] for r in _body_rows(index, doc)]
        if not spans:
            continue
        n = SUMMARY_SENTENCES if len(docs) == 1 else 2
        chosen += [Candidate(doc, sp.start, sp.end, 1.0, 0) for sp in pick(doc.text, spans)[:n]]
    if not chosen:
        return None
    result = compose(question, query, chosen, 1.0)
    return Answer(question, query, result.text, False, result.citations, [], list(result.parts), 1.0, answerable=1.0)


def _silent_on(question: str, query: str, topic: str, pipeline, silent: list[Document],
               others: list[Document]) -> Answer | None:
    """The articles asked about do not speak of the topic: an abstention that says so plainly and names the
    articles that do, their passages on it listed (None, for the usual abstention, when no article does)."""
    speaking = [d for d in others if _mentions(d, topic)][:MAX_LISTED]
    if not speaking:
        return None
    text = (f"{capital(_listed([_short(d) for d in silent]))} {'does' if len(silent) == 1 else 'do'} not speak of "
            f"{topic}. {capital(_listed([_short(d) for d in speaking]))} {'does' if len(speaking) == 1 else 'do'}; "
            f"{'its' if len(speaking) == 1 else 'their'} passages closest to the question are listed below.")
    found = pipeline.retriever.search(topic, 3, doc_ids=[d.id for d in speaking])
    closest = [citation(i, p.document, p.chunk.start, p.chunk.end, p.score) for i, p in enumerate(found, 1)]
    return Answer(question, query, text, True, [], closest, [text], 0.0, answerable=0.0)


_PRONOUN = re.compile(r"(?:it|them|this|that|these|those|him|her)", re.I)
_COUNT_TOPIC = re.compile(r"^(?:the\s+)?(?:(?:total\s+)?numbers?\s+of|count\s+of|how\s+many)\s+(.+)$", re.I)


def _each(question: str, query: str, topic: str, pipeline, docs: list[Document]) -> Answer | None:
    """What each article says about a topic, one paragraph per article that mentions it; those that do
    not are named. None (so that the usual answer, or its abstention, is given) when none mentions it."""
    answerer = pipeline.answerers["extractive"]  # reads sentences, whichever answerer writes the answers
    chosen: list[Candidate] = []
    silent = []
    terms = with_derivations(set(tokenize([topic])[0]))  # "Egypt": "Egyptian President Abdel Fattah Al-Sisi"
    per_article = 3 if len(docs) == 1 else 2  # sentences quoted of each article
    name_silent = len(docs) <= MAX_LISTED  # in a large corpus, read the articles that fit the topic best
    if not name_silent:
        found = pipeline.retriever.search(topic, 3 * MAX_LISTED, doc_ids=[d.id for d in docs])
        docs = list({p.document.id: p.document for p in found}.values())[:MAX_LISTED]
    # "2,000 troops": only a sentence holding 2,000 speaks of it, and it is read as "How many troops?", so
    # that each article's count is quoted side by side ("2,000 special forces soldiers", "2,000 Marines")
    counts = _counts_in(topic)
    numbers = [m.group() for m in counts]
    rest = topic
    for m in reversed(counts):
        rest = rest[:m.start()] + " " + rest[m.end():]
    rest = " ".join(rest.split())
    read = f"How many {rest}?" if numbers and tokenize([rest])[0] else topic
    counted = _COUNT_TOPIC.match(topic)  # "the number of US troops": each article's count, side by side
    read = f"How many {counted.group(1)} are there?" if counted and not numbers else read
    read_of, whole = {}, set()
    for doc in docs:
        passages = pipeline.retriever.search(topic, PASSAGES_PER_ARTICLE, doc_ids=[doc.id])
        # a sentence speaks to the topic when it names it, or holds what a topic put as a question asks for
        # ("how many US troops": "2,000 special forces soldiers")
        ranked = [c for c in answerer.candidates(read, passages) if terms & set(tokenize([c.quote])[0]) or c.span]
        if numbers:  # (a sentence whose number counts the topic's thing first: "the 2,000 troops" is
            # "approximately 2,000 troops", before "2,000 Marines and sailors")
            ranked = [_number_span(c, numbers) for c in ranked if all(_holds(c.quote, n) for n in numbers)]
            whole |= {id(c) for c in ranked if c.span and counts_thing(c.document.text, c.span.start, c.span.end,
                                                                        set(tokenize([rest])[0]))}
            ranked.sort(key=lambda c: id(c) not in whole)
        read_of[doc.id] = ranked
    # an article speaks to the topic when it names it, or when a sentence of it answers for it, or reads as
    # near it as another article's sentence is set beside the best one's in an answer ("the risk of a wider
    # war": "any one mistake might spark a regional war …" beside "… expanding into a wider regional war")
    # (near an article that plainly speaks to it: one that only reads near itself does not, "Iran's nuclear
    # program" of a report naming Iran alone)
    params = answerer.params
    plain = {d.id for d in docs
             if read_of[d.id] and (_mentions(d, topic) or read_of[d.id][0].evidence >= params.sentence_bar)}
    near = max([c.relevance for d in plain for c in read_of[d]], default=float("inf"))
    near = max(params.other_article_min, params.other_article_ratio * near)
    for doc in docs:
        ranked = read_of[doc.id]
        if not ranked or not (doc.id in plain or not numbers and max(c.relevance for c in ranked) >= near):
            silent.append(doc)
            continue
        # a sentence naming the topic is among what the article says of it ("Egyptian President Abdel Fattah
        # Al-Sisi declared …" beside "… from Gaza to Egypt"); another only when it reads nearly as well as the best
        top = ranked[0].evidence
        chosen += [ranked[0]] + [c for c in ranked[1:] if c.evidence >= 0.8 * top or (
            c.evidence >= FAINT * top and terms & set(tokenize([c.quote])[0]))][:per_article - 1]
    if not chosen:
        return None
    # the article that speaks to the topic most first; one that barely does beside one that plainly does
    # (a sentence naming "fighters" beside "the sending of Air Force fighter jets") does not speak of it
    best = max(c.evidence for c in chosen)
    # (a sentence writing the topic's number and counting its thing speaks of it plainly, however it reads, and
    # so does one holding every word of what is counted: "a second aircraft carrier" for "the number of
    # aircraft carriers")
    # (what is counted, not the verb after it: "aircraft carriers" of "how many aircraft carriers the US sent")
    thing = set(tokenize([counted_noun(f"How many {counted.group(1)}?") or counted.group(1)])[0]) if counted else set()
    faint = set() if numbers else {c.document.id for c in chosen} - {
        c.document.id for c in chosen if c.evidence >= FAINT * best or thing and thing <= set(tokenize([c.quote])[0])}
    silent += [d for d in docs if d.id in faint]
    # (a sentence giving the count asked for leads its article's paragraph, so that the counts stand side by side)
    chosen = sorted((c for c in chosen if c.document.id not in faint),
                    key=lambda c: (bool(counted) and c.span is None, bool(whole) and id(c) not in whole, -c.evidence))
    result = compose(question, query, chosen, best)
    parts = list(result.parts)
    if silent and name_silent:
        parts.append(f"{'The article' if len(silent) == 1 else 'The articles'} "
                     f"{_listed([f'“{cut(d.title)}”' for d in silent])} "
                     f"{'does' if len(silent) == 1 else 'do'} not speak of {topic}.")
    return Answer(question, query, "\n\n".join(parts), False, result.citations, [], parts, result.evidence,
                  answerable=result.evidence)
