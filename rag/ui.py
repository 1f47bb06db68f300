"""The Gradio app: a chat whose answers cite their articles, a sources panel, and the article viewer.

Everything that comes from the corpus is untrusted: it is HTML-escaped (and, inside the chat's
Markdown, its punctuation written as character references) before it is rendered. Gradio's own HTML
sanitizing stays on, and no file route is opened (``allowed_paths`` stays empty).
"""

from __future__ import annotations

import concurrent.futures
import html
import logging
import re
import threading
import time
from collections import Counter

import gradio as gr

from .answer import Answer
from .attribution import cut
from .chat import check_history
from .errors import AnswerCancelled, RagError
from .live import LivePipeline
from .pipeline import Pipeline
from .store import Index

log = logging.getLogger("rag.ui")

CSS = """
#sources .src { border-left: 4px solid #3b82f6; padding: 6px 10px; margin: 8px 0; background: #f8fafc; }
#sources.abstained .src, #sources .closest .src { border-left-color: #9ca3af; background: #f3f4f6; }
#sources .meta { color: #4b5563; font-size: 0.85em; }
#sources .notice { background: #fef3c7; border: 1px solid #f59e0b; padding: 8px 10px; border-radius: 6px; }
#sources blockquote { margin: 4px 0 0 0; font-style: italic; }
#article .doc { white-space: pre-wrap; max-height: 520px; overflow-y: auto; line-height: 1.5; padding: 8px; }
#article mark { background: #fde047; padding: 1px 0; }
#article mark.answer, #sources mark.answer { background: #fb923c; font-weight: 600; }
#articles table { width: 100%; font-size: 0.9em; } #articles td, #articles th { padding: 2px 6px; text-align: left; }
#articles { overflow-x: auto; }
@media (max-width: 640px) { #articles .file { display: none; } }  /* a phone: the file name is in the article view */
"""

# A click on a [n] marker in the chat opens that citation's article: it chooses the matching source
# in the "Open an article" list, whose change event renders the article at the excerpt.
CITE_JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#cite-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const key = link.getAttribute('href').slice('#cite-'.length);
    const option = document.querySelector(`#pick input[value="${CSS.escape(key)}"]`);
    if (option) option.click();
  }, true);
}
"""

# Scrolls the highlighted excerpt into view whenever the article viewer is re-rendered.
SCROLL_JS = """
const reveal = () => { const m = element.querySelector('mark'); if (m) m.scrollIntoView({block: 'center'}); };
watch('value', reveal);
reveal();
"""

# Markdown's punctuation, and ":", "/" and "@", which turn a bare URL or address into a link.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|~>$<:/@=?]")


def md_text(text: str) -> str:
    """Document text made inert inside Markdown: no HTML, links (bare URLs included), images or
    emphasis survive. Punctuation becomes numeric character references, which Markdown leaves alone
    and the browser shows as the characters themselves, so a quote reads exactly as the article."""
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", html.escape(text, quote=False))


def status_line(index: Index) -> str:
    info = index.info()
    return (f"**{info['documents']}** articles · **{info['chunks']}** passages · model "
            f"{md_text(info['model'])} · built {md_text(info['built_at'])}")


_ESCAPED_MARKER = re.compile(r"&#91;(\d+)&#93;")


def _frame(text: str, turn: int) -> str:
    """The bot's own words, escaped, with each [n] a link that opens that source."""
    return _ESCAPED_MARKER.sub(lambda m: _marker(int(m.group(1)), turn), md_text(text))


def _marker(n: int, turn: int) -> str:
    return f"[\\[{n}\\]](#cite-{turn}-{n})"


def _quoted(quote: str, c) -> str:
    """A quotation, escaped, its answering words in bold."""
    if c is None or not c.answer:
        return md_text(quote)
    if quote == c.answer:
        return f"**{md_text(quote)}**"
    a, b = c.answer_start - c.start, c.answer_end - c.start
    if quote != c.quote or not 0 <= a < b <= len(quote):
        return md_text(quote)
    return f"{md_text(quote[:a])}**{md_text(quote[a:b])}**{md_text(quote[b:])}"


def render_part(text: str, citations, turn: int = 0) -> str:
    """A paragraph of an answer as Markdown: frame escaped, quotes escaped with their answering words
    in bold, markers linked to their sources. A quote is found as the exact excerpt (or answering
    words) of the citation its marker names, so quotation marks inside an excerpt do not confuse it."""
    found = []
    for c in citations:
        for quote in filter(None, {c.quote, c.answer}):
            needle = f"“{quote}” [{c.n}]"
            at = text.find(needle)
            while at >= 0:
                found.append((at, at + len(needle), quote, c))
                at = text.find(needle, at + 1)
    out, pos = [], 0
    for start, end, quote, c in sorted(found, key=lambda f: (f[0], -f[1])):
        if start < pos:
            continue
        out += [_frame(text[pos:start], turn), f"“{_quoted(quote, c)}” {_marker(c.n, turn)}"]
        pos = end
    out.append(_frame(text[pos:], turn))
    return "".join(out)


def chat_message(answer: Answer, parts: int | None = None, turn: int = 0) -> str:
    """The assistant's message (Markdown), optionally only its first ``parts`` paragraphs."""
    if answer.abstained:
        return "⚠️ **Not answered by the articles.** " + md_text(answer.text)
    checked = {s["part"] for s in answer.sentences if s.get("kept")}
    body = "\n\n".join(render_part(p, answer.citations, turn) + (" ✓" if i in checked else "")
                       for i, p in enumerate(answer.parts[:parts]))
    if checked:
        body += "\n\n_✓ written by the language model and checked against its excerpt_"
    return (f"_{md_text(answer.notice)}_\n\n" if answer.notice else "") + body


def _marked(text: str, a: int, b: int) -> str:
    """text escaped, with text[a:b] (the answering words) marked."""
    return f"{html.escape(text[:a])}<mark class='answer'>{html.escape(text[a:b])}</mark>{html.escape(text[b:])}"


def _with_answer(c, text: str, offset: int) -> str:
    """text (starting at document offset ``offset``) escaped, the citation's answering words marked."""
    if c.answer_start is None or not offset <= c.answer_start < c.answer_end <= offset + len(text):
        return html.escape(text)
    return _marked(text, c.answer_start - offset, c.answer_end - offset)


def _meta(c) -> str:
    bits = [c.kind, c.author, c.date, c.source, f"score {c.score:.3f}"]
    return " · ".join(html.escape(str(b)) for b in bits if b)


def _voices(c) -> str:
    """Whose words the excerpt carries: "reports: the Financial Times", or part by part where its voice
    changes ("reports: news media, then its own words")."""
    said = [f"reports: {v}" if v else "its own words" for v in (c.voices or (c.reported_source,))]
    return ", then ".join(said)


def render_sources(answer: Answer | None) -> str:
    if answer is None:
        return "<div class='empty'>Sources appear here with each answer.</div>"
    if answer.abstained:
        items = "".join(
            f"<div class='src'><b>[{c.n}] {html.escape(cut(c.title))}</b><div class='meta'>{_meta(c)}</div>"
            f"<blockquote>{html.escape(c.quote)}</blockquote></div>" for c in answer.closest)
        return ("<div class='closest'><div class='notice'>The articles do not answer this. "
                f"Closest passages, not an answer:</div>{items}</div>")
    items = []
    for c in answer.citations:
        cites = f"<div class='meta'>{html.escape(_voices(c))}</div>" if c.reported_source or c.voices else ""
        items.append(f"<div class='src' id='src-{c.n}'><b>[{c.n}] {html.escape(cut(c.title))}</b>"
                     f"<div class='meta'>{_meta(c)}</div>{cites}<blockquote>{_with_answer(c, c.quote, c.start)}"
                     "</blockquote></div>")
    return "<div class='cited'><b>Sources</b>" + "".join(items) + "</div>"


def render_article(index: Index, doc_id: str, start: int, end: int, answer: tuple[int, int] | None = None) -> str:
    """The whole article, escaped, with [start:end] highlighted and its answering words marked."""
    doc = index.doc_by_id.get(doc_id)
    if doc is None:
        return "<div class='doc'>This article is no longer in the index.</div>"
    t = doc.text
    meta = " · ".join(html.escape(b) for b in (doc.kind, doc.author, doc.date, doc.outlet, doc.source) if b)
    inner = html.escape(t[start:end])
    if answer and start <= answer[0] < answer[1] <= end:
        inner = _marked(t[start:end], answer[0] - start, answer[1] - start)
    return (f"<h3>{html.escape(doc.title)}</h3><div class='meta'>{meta}</div><div class='doc'>"
            f"{html.escape(t[:start])}<mark id='excerpt'>{inner}</mark>{html.escape(t[end:])}</div>")


def articles_table(index: Index, limit: int = 50) -> str:
    """The indexed articles: title, kind, author, date and file, escaped."""
    rows = "".join(
        f"<tr><td>{html.escape(cut(d.title, 80))}</td><td>{html.escape(d.kind)}</td>"
        f"<td>{html.escape(d.author or '—')}</td><td>{html.escape(d.date or '—')}</td>"
        f"<td class='file'>{html.escape(d.source)}</td></tr>" for d in index.documents[:limit])
    more = (f"<div class='meta'>… and {len(index.documents) - limit:,} more</div>"
            if len(index.documents) > limit else "")
    return ("<table><thead><tr><th>Title</th><th>Kind</th><th>Author</th><th>Date</th><th class='file'>File</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>{more}")


_NAME_RUN = re.compile(r"(?<=[a-z,;] )([A-Z][\w’'-]+(?: (?:of )?[A-Z][\w’'-]+){1,3})")


def example_questions(pipeline: Pipeline, n: int = 4) -> list[str]:
    """Questions the articles answer: what they say about the names they mention most, and who wrote
    them; each is asked once at start-up and kept only if it is answered."""
    names: Counter = Counter()
    for doc in pipeline.index.documents[:200]:
        for m in _NAME_RUN.finditer(doc.text):  # keep "the" where the text says "the Gaza Strip"
            names["the " + m.group(1) if doc.text[max(0, m.start() - 4):m.start()] == "the " else m.group(1)] += 1
    top = [name for name, _ in names.most_common(n + 2)]
    asked = [f"What do the articles say about {top[0]}?"] if top else []
    asked += [f"Which articles mention {name}?" for name in top[1:2]]
    asked += ["Which of the articles are opinion pieces?", "Who wrote each article?"]
    asked += [f"What do the articles say about {name}?" for name in top[2:]]
    kept = []
    for question in asked:
        try:
            # abstention is the extractive answerer's call whichever answerer writes: no model asked at start-up
            if not pipeline.ask(question, answerer="extractive").abstained:
                kept.append(question)
        except RagError:
            continue
        if len(kept) == n:
            break
    return kept


def _text_of(content) -> str:
    """A message's text, whether Gradio gives a string or a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return ""


def _source_choices(cites: list[dict]) -> list[tuple[str, str]]:
    """Every cited source of the conversation, the latest question's first."""
    return [(f"Q{c['turn']} · [{c['n']}] {cut(c['title'], 70)}", c["key"])
            for c in sorted(cites, key=lambda c: (-c["turn"], c["n"]))]


# Answers are computed on these threads while the chat's generator waits, yielding every HEARTBEAT
# seconds: at each yield Gradio can close the generator (a cancel, a closed page), which stops the work.
workers = concurrent.futures.ThreadPoolExecutor(max_workers=32, thread_name_prefix="rag-answer")
HEARTBEAT = 0.25


def answer_logged(pipeline: Pipeline, question: str, history, **kw) -> Answer:
    """pipeline.ask, with one log line per answer (its time, not its words: questions stay private)."""
    started = time.perf_counter()
    result = pipeline.ask(question, history, **kw)
    log.info("answered in %.0f ms%s", 1000 * (time.perf_counter() - started), " (abstained)" if result.abstained else "")
    return result


def _doc_choices(index: Index) -> list[tuple[str, str]]:
    return [(f"{cut(d.title, 80)} ({d.source})", d.id) for d in index.documents]


def build_app(served: Pipeline | LivePipeline) -> gr.Blocks:
    """The app over a pipeline, or over a LivePipeline that a rebuilt index replaces between requests."""
    live = served if isinstance(served, LivePipeline) else LivePipeline(served)
    pipeline = live.current()  # what the page shows at first; every request reads live.current()
    index = pipeline.index

    def respond(message: str, chat: list, k: float, only: list[str] | None, convo: list[dict], cites: list[dict],
                fluent: bool = False):
        """Stream the answer into the chat. ``convo`` is the conversation as typed and answered (for
        follow-ups); ``cites`` every source cited so far, so that any turn's [n] opens its article."""
        chat = [{"role": m["role"], "content": _text_of(m["content"])} for m in (chat or [])]
        if (message or "").strip():  # an empty question gets its warning, not an empty bubble before it
            chat.append({"role": "user", "content": md_text(message)})
        convo, cites = list(convo or []), list(cites or [])
        turn = sum(m["role"] == "user" for m in convo) + 1
        keep = gr.update(choices=_source_choices(cites), value=None)
        yield chat + [{"role": "assistant", "content": "_Searching the articles…_"}], render_sources(None), keep, \
            cites, "", convo
        stop = threading.Event()
        job = workers.submit(answer_logged, live.current(), message or "", convo, k=int(k), doc_ids=only or None,
                             answerer="generative" if fluent else "extractive", cancelled=stop.is_set)
        try:
            while True:
                try:
                    result = job.result(timeout=HEARTBEAT)
                    break
                except concurrent.futures.TimeoutError:
                    # a pause in which a cancel (New conversation) or a closed page ends this generator
                    yield tuple(gr.skip() for _ in range(6))
        except AnswerCancelled:
            return
        except RagError as e:
            fix = f" ({md_text(e.fix)})" if e.fix else ""
            chat.append({"role": "assistant", "content": f"⚠️ {md_text(e.message)}{fix}"})
            yield chat, render_sources(None), keep, cites, gr.skip(), convo
            return
        except Exception:  # a bug: logged for the operator, a plain sentence for the person
            log.exception("answering failed")
            chat.append({"role": "assistant", "content": "⚠️ Something went wrong while answering; "
                                                         "the server log has the details."})
            yield chat, render_sources(None), keep, cites, gr.skip(), convo
            return
        finally:
            if not job.done():  # Gradio closed this generator: nobody waits for the answer any more
                stop.set()
                log.info("question cancelled; its work stops")
        for i in range(1, len(result.parts)):  # streamed one article at a time
            yield (chat + [{"role": "assistant", "content": chat_message(result, i, turn)}],
                   render_sources(None), gr.update(), cites, gr.skip(), convo)
        shown = result.closest if result.abstained else result.citations
        cites += [{"key": f"{turn}-{c.n}", "turn": turn, "n": c.n, "title": c.title, "doc_id": c.doc_id,
                   "start": c.start, "end": c.end, "answer_start": c.answer_start, "answer_end": c.answer_end}
                  for c in shown]
        convo += [{"role": "user", "content": message or ""}, {"role": "assistant", "content": result.text}]
        chat.append({"role": "assistant", "content": chat_message(result, turn=turn)})
        # (the question box was emptied when the question was sent: what has been typed since stays)
        yield (chat, render_sources(result), gr.update(choices=_source_choices(cites), value=None), cites, gr.skip(),
               convo)

    def open_article(choice: str | None, cites: list[dict]) -> str:
        chosen = next((c for c in cites or [] if c["key"] == choice), None)
        if chosen is None:
            return "<div class='doc'>Choose a source to read the whole article.</div>"
        answer = (chosen["answer_start"], chosen["answer_end"]) if chosen.get("answer_start") is not None else None
        return render_article(live.current().index, chosen["doc_id"], chosen["start"], chosen["end"], answer)

    def ask_api(question: str, history: list | None = None) -> dict:
        """Answer a question, optionally as a follow-up in a conversation (history: the chat's list of
        {"role": "user"|"assistant", "content": str}); the JSON of `rag ask --json`."""
        try:
            return answer_logged(live.current(), question, check_history(history)).to_dict()
        except RagError as e:  # expected: the caller's to fix, one log line rather than a traceback
            log.info("refused /ask: %s", e.message)
            raise gr.Error(str(e), print_exception=False) from None

    examples = example_questions(pipeline)
    with gr.Blocks(title="Ask the articles", analytics_enabled=False) as demo:
        gr.Markdown("## Ask the articles\nAnswers quote the articles and say which article says what. "
                    "Click a [n] to open the article at its excerpt.")
        status = gr.Markdown(status_line(index), elem_id="status")
        with gr.Accordion(f"Articles in the index ({len(index.documents):,})", open=len(index.documents) <= 10,
                          elem_id="articles-box") as articles_box:
            articles = gr.HTML(articles_table(index), elem_id="articles")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=320):
                chatbot = gr.Chatbot(label="Conversation", elem_id="chat", height=520, sanitize_html=True,
                                     latex_delimiters=[], feedback_options=None, buttons=["copy"])
                question = gr.Textbox(label="Question", placeholder="Ask about the articles…", lines=1,
                                      max_lines=4, elem_id="question")
                with gr.Row():
                    ask_btn = gr.Button("Ask", variant="primary", elem_id="ask")
                    clear_btn = gr.Button("New conversation", elem_id="clear")
                if examples:
                    gr.Examples(examples=[[q] for q in examples], inputs=question, label="Examples")
                with gr.Accordion("Settings", open=False):
                    k = gr.Slider(1, 20, value=pipeline.settings.k, step=1, label="Passages to search")
                    only = gr.Dropdown(choices=_doc_choices(index), multiselect=True, label="Only these articles",
                                       elem_id="only")
                    fluent = gr.Checkbox(value=pipeline.answerer is pipeline.answerers.get("generative"),
                                         visible=pipeline.chat_model is not None, elem_id="fluent",
                                         label=f"Fluent answer by the language model "
                                               f"{getattr(pipeline.chat_model, 'name', '')} (each sentence "
                                               "checked against its excerpt)")
            with gr.Column(scale=2, min_width=320):
                sources = gr.HTML(render_sources(None), elem_id="sources", js_on_load=None)
                pick = gr.Radio(choices=[], label="Open an article at its excerpt (every question's sources)",
                                elem_id="pick")
                article = gr.HTML("<div class='doc'>Choose a source to read the whole article.</div>",
                                  elem_id="article", js_on_load=SCROLL_JS)
        cites = gr.State([])
        convo = gr.State([])

        outputs = [chatbot, sources, pick, cites, question, convo]
        asking = [trigger(respond, [question, chatbot, k, only, convo, cites, fluent], outputs,
                          api_visibility="private")
                  for trigger in (question.submit, ask_btn.click)]
        pick.change(open_article, [pick, cites], article, api_visibility="private")
        # starting over stops an answer still streaming, which would otherwise write the old chat back; and
        # clears once more when done: an answer that ended just as the button was pressed sends its last
        # output again on completing, which may arrive after the first clearing
        def start_over():
            return [], render_sources(None), gr.update(choices=[], value=None), [], "", []

        clear_btn.click(start_over, None, outputs, api_visibility="private", cancels=asking).then(
            start_over, None, outputs, api_visibility="private")
        gr.api(ask_api, api_name="ask")

        def show_index():  # a page opened after a rebuild lists the articles it will be answered from
            now = live.current().index
            return (status_line(now), gr.update(label=f"Articles in the index ({len(now.documents):,})"),
                    articles_table(now), gr.update(choices=_doc_choices(now)))

        demo.load(show_index, None, [status, articles_box, articles, only], api_visibility="private")
    return demo


def queued_app(pipeline: Pipeline | LivePipeline, concurrency: int, max_queue: int = 128) -> gr.Blocks:
    """The app with a queue answering up to ``concurrency`` requests at once (one slow answer does not
    hold up the others, and the shared index is only ever read) and holding at most ``max_queue``
    waiting: past that a request is told at once that the server is busy."""
    return build_app(pipeline).queue(default_concurrency_limit=concurrency, max_size=max_queue)


# The app takes no files; Gradio's upload route cannot be switched off, so it accepts next to nothing.
MAX_UPLOAD = "1kb"


def launch(pipeline: Pipeline | LivePipeline, *, host: str, port: int, auth: str | None, concurrency: int,
           max_queue: int = 128, block: bool = True):
    demo = queued_app(pipeline, concurrency, max_queue)
    credentials = tuple(auth.split(":", 1)) if auth else None
    return demo.launch(server_name=host, server_port=port, auth=credentials, allowed_paths=[],
                       share=False, css=CSS, js=CITE_JS, footer_links=[], prevent_thread_lock=not block,
                       show_error=False, quiet=False, ssr_mode=False, mcp_server=False, pwa=False,
                       max_file_size=MAX_UPLOAD)
