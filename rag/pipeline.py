"""The question-answering pipeline shared by the command line and the web app.

Opening it loads the index and the model once; ``ask`` is then safe to call from many threads:
the index is read-only and the model only reads its weights.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Iterable

from . import store
from .answer import Answer, AnswerParams, answer, proper_words
from .chat import condense
from .config import Settings
from .embedding import Embedder, SentenceTransformerEmbedder
from .errors import QuestionError
from .retrieval import Retriever, check_query

# The answerer reads more passages than it shows: more sentences to choose the evidence from.
MIN_PASSAGES_READ = 8


class Pipeline:
    def __init__(self, settings: Settings, index: store.Index, embedder: Embedder):
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.retriever = Retriever(index, embedder)
        self.params = AnswerParams(abstain_threshold=settings.abstain_threshold)
        self._idf = index.sentence_lexical.idf()
        # every capitalised word of the corpus and its metadata: the names a question can be about
        self._names = {w for d in index.documents
                       for w in proper_words(" ".join(filter(None, (d.text, d.title, d.author, d.outlet))))}
        self._names_by_initial: dict[str, list[str]] = {}
        for name in self._names:
            self._names_by_initial.setdefault(name[0], []).append(name)

    def knows_name(self, word: str) -> bool:
        """Whether the corpus writes this name; a long name may be misspelt by a letter or two."""
        if word in self._names:
            return True
        return len(word) >= 6 and bool(difflib.get_close_matches(word, self._names_by_initial.get(word[0], []),
                                                                 n=1, cutoff=0.8))

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> "Pipeline":
        index = store.load(settings.index, model=settings.model)
        embedder = embedder or SentenceTransformerEmbedder(settings.model, settings.device).warm_up()
        store.check_compatible(index.manifest, dim=embedder.dim, where=settings.index)
        return cls(settings, index, embedder)

    def ask(self, question: str, history: Iterable | None = None, *, k: int | None = None,
            doc_ids: Iterable[str] | None = None) -> Answer:
        question = check_query(question, self.settings.max_question_chars)
        query = condense(question, history)
        k = k or self.settings.k
        passages = self.retriever.search(query, max(k, MIN_PASSAGES_READ), doc_ids=doc_ids)
        if doc_ids is not None and not passages:
            raise QuestionError("none of the chosen articles is in the index", "choose other articles, or none")
        result = answer(question, query, passages, self.embedder, self._idf, self.knows_name, self.params)
        return replace(result, closest=result.closest[:k])  # an abstention shows the k nearest passages
