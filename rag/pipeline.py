"""The question-answering pipeline shared by the command line and the web app: plain wiring.

Opening it loads the index and the model once; ``ask`` is then safe to call from many threads:
the index is read-only and the model only reads its weights.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from typing import Callable, Iterable

from . import stores
from .about import (about_agreement, about_articles, about_last_answer, article_discussed, article_kept,
                    article_narrowed, described_article)
from .answer import Answer, AnswerParams, Answerer, ExtractiveAnswerer
from .chat import (IN_RESPONSE, condense, deed_before, last_reply, names_own_subject, own_words_missed, quoted_before,
                   quoted_last, the_author, with_kind_named, with_last_quote, with_plural_quoted)
from .config import Settings
from .embedding import Embedder, QueryCache, embedder_for
from .errors import AnswerCancelled, QuestionError, TimeLimitError
from .generative import GenerativeAnswerer
from .lexical import joined_compounds, tokenize, with_kin
from .llm import ChatModel, chat_model
from .manifest import check_compatible
from .reading import (abbreviations, apostrophes_restored, can_for_able, country_for_capital, expand_abbreviations,
                      happened_for_took_place, months_spelled_out)
from .retrieval import Retriever, check_query
from .scope import names_articles, scope_of

# The answerer reads more passages than it shows: more sentences to choose the evidence from.
MIN_PASSAGES_READ = 8


_HE = re.compile(r"\b(?:he|his|she|her)\b", re.I)


class Pipeline:
    def __init__(self, settings: Settings, index: stores.Store, embedder: Embedder,
                 answerer: Answerer | None = None, chat_model: ChatModel | None = None):
        self.settings = settings
        self.index = index
        self.embedder = embedder = embedder if isinstance(embedder, QueryCache) else QueryCache(embedder)
        self.retriever = Retriever(index, embedder)
        extractive = answerer or ExtractiveAnswerer(
            index, embedder, AnswerParams(abstain_threshold=settings.abstain_threshold))
        self.answerers: dict[str, Answerer] = {"extractive": extractive}
        self.chat_model = chat_model
        if chat_model is not None and isinstance(extractive, ExtractiveAnswerer):
            self.answerers["generative"] = GenerativeAnswerer(extractive, chat_model,
                                                              max_tokens=settings.llm_max_tokens)
        self.answerer = self.answerers.get(settings.answerer, extractive)
        self.abbreviations = abbreviations(d.text for d in index.documents)  # "MEU" -> "Marine Expeditionary Unit"
        self._spelt: dict[str, bool] = {}  # whether the articles write a word so (for _truecase)
        self._author_names = sorted({d.author for d in index.documents if d.author}, key=len, reverse=True)
        self._authors = {w for name in self._author_names for w in name.split()}  # their names' words

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> "Pipeline":
        index = stores.load_store(settings, model=settings.model)
        embedder = embedder or embedder_for(settings.model, settings.device, settings.backend).warm_up()
        check_compatible(index.manifest, dim=embedder.dim, where=stores.where(settings))
        return cls(settings, index, embedder, chat_model=chat_model(settings))

    def _check_time(self, started: float) -> None:
        limit = self.settings.question_timeout
        if time.monotonic() - started > limit:
            raise TimeLimitError(f"answering took longer than {limit:g} s (setting RAG_QUESTION_TIMEOUT), so it "
                                 "was stopped", "the server is busy: ask again in a moment")

    def standalone(self, question: str, history: Iterable | None = None, follow_up: bool = False) -> str:
        """What is searched for a question: made standalone from the conversation, names typed in lower
        case given their capitals, abbreviations spelt out."""
        # (given capitals first: "what did he write about trump" after "who is yossi aharoni" borrowed his name in
        # lower case)
        question = months_spelled_out(question)  # "what went on in feb 2014": "February 2014", as articles write it
        question = happened_for_took_place(question)
        query = self._without_authors(self._truecase(condense(question, history, follow_up)), question)
        query = self._lent_in_lower_case(query)
        # "What does MEU stand for?" searches "Marine Expeditionary Unit" too, the words that answer it
        query = expand_abbreviations(query, self.abbreviations, self.answerer.knows_name)
        return joined_compounds(query, self.index.doc_lexical.has, self._written_apart)  # "gun powder": "gunpowder"

    def _written_apart(self, a: str, b: str) -> bool:
        pattern = re.compile(rf"\b{re.escape(a)}\s+{re.escape(b)}", re.I)
        return any(pattern.search(d.text) for d in self.index.documents)

    def _without_authors(self, query: str, question: str) -> str:
        """The query without the authors' names the conversation lent it: "When did they start?" after "What
        does Aharoni say about sanctions?" asks when the sanctions started; Aharoni names the article (which
        the conversation keeps to), and no sentence of it holds his name."""
        asked = {w.lower() for w in re.findall(r"[\w’'-]+", question)}
        lent = {w for w in re.findall(r"[\w’'-]+", query) if w.lower() not in asked}
        names = self._authors & lent
        if not names:
            return query
        for author in self._author_names:  # "he" that stood for the author: "What does the author think …?"
            # and his surname inside a question asked again: "And about Trump?": "What does Aharoni say about Trump?"
            # (not one added after it: "Why would Trump struggle? Aharoni")
            for name, within in ((author, query), (author.split()[-1], query.split("?")[0])):
                if set(name.split()) <= names and re.search(rf"\b{re.escape(name)}\b", within):
                    # (the name only added after the question: "What is his main argument? Yossi Aharoni" asks
                    # the author's)
                    head, mark, tail = query.partition("?")
                    if not mark and query.rstrip().endswith(name):  # the name added to a question asked without "?"
                        head, tail = query[:query.rstrip().rfind(name)], name
                    if re.search(rf"\b{re.escape(name)}\b", tail) and _HE.search(head):
                        query = _HE.sub(the_author, head, count=1) + mark + tail
                    else:
                        query = re.sub(rf"\b{re.escape(name)}\b", "the author", query, count=1)
                    break
        # (and the word that introduced the name: "… red line, per Aharoni?" lent "red line per")
        query = re.sub(rf"\b(?:per|according to|by)\s+(?=(?:{'|'.join(map(re.escape, names))})\b)", "", query, flags=re.I)
        return " ".join(w for w in query.split() if w.strip("?.,!") not in names)

    def _truecase(self, query: str) -> str:
        """"what did zelensky ask biden for" -> "what did Zelensky ask Biden for": in a question typed
        all in lower case, a word that the articles write as a name, and never in lower case, is that
        name. A question with capitals of its own is left as typed ("Which Israeli general …"); its first
        letter is no capital of its own ("Who leads the resistance in lebanon", made from a request)."""
        if query[1:] != query[1:].lower():
            return query
        for word in dict.fromkeys(re.findall(r"\b[a-z][a-z-]{2,}\b", query)):
            for name in (word[0].upper() + word[1:], word.upper()):  # "Zelensky", "ATACMS"
                if self.answerer.knows_name(name, exact=True) and not self._written(word):
                    query = re.sub(rf"\b{re.escape(word)}\b", name, query)
                    break
        # "new York Times" -> "New York Times": a word before a name, where the articles write both capitalised
        # and never the word in lower case before it ("the ATACMS" stays)
        for m in reversed(list(re.finditer(r"\b([a-z][a-z-]+)(\s+[A-Z][\w-]*)", query))):
            phrase = m.group(1).capitalize() + m.group(2)
            if self._written(phrase) and not self._written(m.group()):
                query = query[:m.start()] + phrase + query[m.end():]
        return query

    def _lent_in_lower_case(self, query: str) -> str:
        """The words a follow-up's query borrowed (after its "?") that held a capital only for opening their
        question, in lower case: "Aboard which vessel …?" lends "aboard", which the articles write only so, not
        a name none of them mentions."""
        asked, mark, lent = query.partition("?")
        if not mark:
            return query
        for word in dict.fromkeys(re.findall(r"\b[A-Z][a-z]{2,}\b", lent)):
            if self._written(word.lower()) and not self._written(word):
                lent = re.sub(rf"\b{word}\b", word.lower(), lent)
        return asked + mark + lent

    def _written(self, word: str) -> bool:
        """Whether an article writes the word as it is spelt here (capitals included)."""
        found = self._spelt.get(word)  # shared by the server's threads: read once, never looked up twice
        if found is None:
            if len(self._spelt) > 10_000:
                self._spelt.clear()
            pattern = re.compile(rf"\b{re.escape(word)}\b")
            found = self._spelt[word] = any(pattern.search(d.text) for d in self.index.documents)
        return found

    def ask(self, question: str, history: Iterable | None = None, *, k: int | None = None,
            doc_ids: Iterable[str] | None = None, answerer: str | None = None,
            cancelled: Callable[[], bool] | None = None) -> Answer:
        """Answer a question (a follow-up in ``history``), with the settings' answerer or the one named
        ("extractive", or "generative" when a language model is configured). When ``cancelled()``
        turns true, the work stops at the next step with AnswerCancelled."""
        started = time.monotonic()
        # (a capital acting for its country is asked of as the country: "What was Moscow's reaction?")
        # (and "would those be able to reach Moscow?" as "could those reach Moscow?": whether they can)
        question = can_for_able(country_for_capital(apostrophes_restored(check_query(question,
                                                                                     self.settings.max_question_chars))))
        k = k or self.settings.k
        doc_ids = list(doc_ids) if doc_ids is not None else None
        if doc_ids is not None and not any(d in self.index.doc_by_id for d in doc_ids):
            raise QuestionError("none of the chosen articles is in the index", "choose other articles, or none")
        about = about_last_answer(question, history, self, doc_ids) if history else None
        if about is not None:  # "Who wrote that article?"
            return about
        agreement = about_agreement(question, history, self) if history and doc_ids is None else None
        if agreement is not None:  # "Does the Gaza article agree?"
            return agreement
        query = self.standalone(question, history)
        if history and doc_ids is None:
            docs = self.index.documents
            if scope_of(query, docs).doc_ids is None:
                # "What does the author say about …?" in a conversation (or "What is his main argument?" of him):
                # the article the last answer led with; and the article an earlier question named, while the
                # conversation keeps to it
                reply = last_reply(history)
                doc_ids = (article_discussed(question, reply, docs) or article_discussed(query, reply, docs)
                           or article_kept(question, history, docs))
            else:  # "And with troops?" asks again of "the op-ed" the last answer led with
                doc_ids = article_narrowed(question, query, history, docs)
        avoid = quoted_before(question, history)  # "What else did he say?"
        after = quoted_last(question, history)  # "What happened next?"
        before = deed_before(query) if not after else None
        if before:  # "What did the army do after seizing farmland?": what the article tells next, once it told that
            deed, nexts = before
            told = self._answer(deed, deed, k, doc_ids, answerer, cancelled, started, avoid, [])
            # (unless the sentence telling it tells the response too: "… stationed 40,000 to 50,000 troops in
            # response to the Ukrainian Kursk offensive …")
            telling = told.citations[0].quote if not told.abstained and told.citations else ""
            for asked in nexts if telling and not IN_RESPONSE.search(telling) else []:
                result = self._answer(asked, deed, k, doc_ids, answerer, cancelled, started, avoid,
                                      [telling])
                if not result.abstained and result.citations[0].quote != telling:
                    return replace(result, question=question)
        result = self._answer(question, query, k, doc_ids, answerer, cancelled, started, avoid, after)
        used = query  # the query the answer came from
        # "Who was removed from power?" may still be about the conversation (not a question naming its article)
        if result.abstained and history and not names_articles(question, self.index.documents):
            follow_up = self.standalone(question, history, follow_up=True)
            if follow_up != query:
                second = self._answer(question, follow_up, k, doc_ids, answerer, cancelled, started, avoid, after)
                result, used = (result, used) if second.abstained else (second, follow_up)
            # "Under what conditions?": what the last answer quoted may be what the question asks about; and
            # "How far can those fly?": what "those" stands for, the plural thing the last answer quoted
            tried = [query, follow_up]
            for again in (with_last_quote, with_plural_quoted, with_kind_named):
                retry = again(question, history) if result.abstained else None
                if retry and retry not in tried:
                    tried.append(retry)
                    other = self._answer(question, retry, k, doc_ids, answerer, cancelled, started, avoid, after)
                    result, used = (result, used) if other.abstained else (other, retry)
        lead = result.citations[0].quote if not result.abstained and result.citations else ""
        missed = own_words_missed(question, history, lead)
        if missed:  # the last answer's quote again, though it holds none of the follow-up's own words: a sentence
            # that holds them answers ("… does not necessarily mean it will be engaged in combat …"), if one does
            other = self._answer(question, used, k, doc_ids, answerer, cancelled, started, [*avoid, lead], after)
            quote = other.citations[0].quote if other.citations and not other.abstained else ""
            # (and still of what the conversation is about: "is it a carrier?" of the USS Bataan is not answered by
            # "… a second aircraft carrier …", but by its own "… the USS Bataan, an amphibious assault ship …")
            told = with_kin(set(tokenize([quote])[0]))
            lent = set(tokenize([used])[0]) - set(tokenize([question])[0])
            # (unless it names its own subject and the quote holds all its words: "and what are officials refraining
            # from?" is answered by "… US officials have refrained from providing specific details …")
            result = other if missed & told and (not lent or lent & told
                                                 or names_own_subject(question) and missed <= told) else result
        return result

    def _answer(self, question: str, query: str, k: int, doc_ids: list[str] | None, answerer: str | None,
                cancelled: Callable[[], bool] | None, started: float, avoid: list[str], after: list[str]) -> Answer:
        # "..., according to the news report?", "What does Yossi Aharoni say ...?": those articles, not those words
        docs = self.index.documents if doc_ids is None else [self.index.doc_by_id[d] for d in doc_ids
                                                             if d in self.index.doc_by_id]
        described = described_article(query, self, docs)  # "the Gaza article": the one the words fit best
        if described:
            query, doc_ids = described
            docs = [self.index.doc_by_id[d] for d in doc_ids]
        scope = scope_of(query, docs)
        query, doc_ids = scope.query, scope.doc_ids if scope.doc_ids is not None else doc_ids
        about = about_articles(question, query, self, doc_ids)
        if about is not None:
            return about
        passages = self.retriever.search(query, max(k, MIN_PASSAGES_READ), doc_ids=doc_ids)
        self._check_time(started)  # an overloaded server stops here rather than read for nothing
        if cancelled is not None and cancelled():
            raise AnswerCancelled
        result = self.answerers.get(answerer or "", self.answerer).answer(question, query, passages, cancelled,
                                                                            avoid=avoid, after=after)
        return replace(result, closest=result.closest[:k])  # an abstention shows the k nearest passages
