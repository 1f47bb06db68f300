"""The Gradio app: a chat whose answers cite their articles, a sources panel, and the article viewer.

Everything that comes from the corpus is untrusted: it is HTML-escaped (and, inside the chat's
Markdown, backslash-escaped) before it is rendered. Gradio's own HTML sanitizing stays on, and no
file route is opened (``allowed_paths`` stays empty).
"""

from __future__ import annotations

import html
import logging
import re
from collections import Counter

import gradio as gr

from .answer import Answer
from .errors import RagError
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
"""

# Scrolls the highlighted excerpt into view whenever the article viewer is re-rendered.
SCROLL_JS = """
const reveal = () => { const m = element.querySelector('mark'); if (m) m.scrollIntoView({block: 'center'}); };
watch('value', reveal);
reveal();
"""

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$<])")


def md_text(text: str) -> str:
    """Document text made inert inside Markdown: no HTML, links, images or emphasis survive."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def status_line(index: Index) -> str:
    info = index.info()
    return (f"**{info['documents']}** articles · **{info['chunks']}** passages · model "
            f"{md_text(info['model'])} · built {md_text(info['built_at'])}")


def chat_message(answer: Answer, parts: int | None = None) -> str:
    """The assistant's message (Markdown), optionally only its first ``parts`` paragraphs."""
    if answer.abstained:
        return "⚠️ **Not answered by the articles.** " + md_text(answer.text)
    return "\n\n".join(md_text(p) for p in answer.parts[:parts])


def _meta(c) -> str:
    bits = [c.kind, c.author, c.date, c.source, f"score {c.score:.3f}"]
    return " · ".join(html.escape(str(b)) for b in bits if b)


def render_sources(answer: Answer | None) -> str:
    if answer is None:
        return "<div class='empty'>Sources appear here with each answer.</div>"
    if answer.abstained:
        items = "".join(
            f"<div class='src'><b>[{c.n}] {html.escape(c.title)}</b><div class='meta'>{_meta(c)}</div>"
            f"<blockquote>{html.escape(c.quote)}</blockquote></div>" for c in answer.closest)
        return ("<div class='closest'><div class='notice'>The articles do not answer this. "
                f"Closest passages, not an answer:</div>{items}</div>")
    items = []
    for c in answer.citations:
        cites = f"<div class='meta'>reports: {html.escape(c.reported_source)}</div>" if c.reported_source else ""
        items.append(f"<div class='src' id='src-{c.n}'><b>[{c.n}] {html.escape(c.title)}</b>"
                     f"<div class='meta'>{_meta(c)}</div>{cites}<blockquote>{html.escape(c.quote)}</blockquote></div>")
    return "<div class='cited'><b>Sources</b>" + "".join(items) + "</div>"


def render_article(index: Index, doc_id: str, start: int, end: int) -> str:
    """The whole article, escaped, with [start:end] highlighted."""
    doc = index.doc_by_id.get(doc_id)
    if doc is None:
        return "<div class='doc'>This article is no longer in the index.</div>"
    t = doc.text
    meta = " · ".join(html.escape(b) for b in (doc.kind, doc.author, doc.date, doc.outlet, doc.source) if b)
    return (f"<h3>{html.escape(doc.title)}</h3><div class='meta'>{meta}</div><div class='doc'>"
            f"{html.escape(t[:start])}<mark id='excerpt'>{html.escape(t[start:end])}</mark>"
            f"{html.escape(t[end:])}</div>")


_NAME_RUN = re.compile(r"(?<=[a-z,;] )([A-Z][\w’'-]+(?: (?:of )?[A-Z][\w’'-]+){1,3})")


def example_questions(index: Index, n: int = 4) -> list[str]:
    """Questions about the names of two or more words the articles mention most."""
    names: Counter = Counter()
    for doc in index.documents[:200]:
        for m in _NAME_RUN.finditer(doc.text):  # keep "the" where the text says "the Gaza Strip"
            names["the " + m.group(1) if doc.text[max(0, m.start() - 4):m.start()] == "the " else m.group(1)] += 1
    return [f"What do the articles say about {name}?" for name, _ in names.most_common(n)]


def _text_of(content) -> str:
    """A message's text, whether Gradio gives a string or a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return ""


def build_app(pipeline: Pipeline) -> gr.Blocks:
    index = pipeline.index
    doc_choices = [(f"{d.title} ({d.source})", d.id) for d in index.documents]

    def respond(message: str, history: list, k: float, only: list[str] | None, turns: list[str]):
        """Stream the answer into the chat; ``turns`` are the earlier questions as typed."""
        history = [{"role": m["role"], "content": _text_of(m["content"])} for m in (history or [])]
        history.append({"role": "user", "content": md_text(message or "")})
        earlier = [{"role": "user", "content": t} for t in turns or []]
        turns = [*(turns or []), message or ""]
        thinking = history + [{"role": "assistant", "content": "_Searching the articles…_"}]
        yield thinking, render_sources(None), gr.update(choices=[], value=None), [], "", turns
        try:
            result = pipeline.ask(message or "", earlier, k=int(k), doc_ids=only or None)
        except RagError as e:
            fix = f" ({md_text(e.fix)})" if e.fix else ""
            history.append({"role": "assistant", "content": f"⚠️ {md_text(e.message)}{fix}"})
            yield history, render_sources(None), gr.update(choices=[], value=None), [], "", turns
            return
        except Exception:  # a bug: logged for the operator, a plain sentence for the person
            log.exception("answering %r failed", message)
            history.append({"role": "assistant", "content": "⚠️ Something went wrong while answering; "
                                                            "the server log has the details."})
            yield history, render_sources(None), gr.update(choices=[], value=None), [], "", turns
            return
        for i in range(1, len(result.parts)):  # streamed one article at a time
            yield (history + [{"role": "assistant", "content": chat_message(result, i)}],
                   render_sources(None), gr.update(), [], "", turns)
        shown = result.closest if result.abstained else result.citations
        cites = [{"n": c.n, "doc_id": c.doc_id, "start": c.start, "end": c.end} for c in shown]
        choices = [(f"[{c.n}] {c.title}", str(c.n)) for c in shown]
        history.append({"role": "assistant", "content": chat_message(result)})
        yield history, render_sources(result), gr.update(choices=choices, value=None), cites, "", turns

    def open_article(choice: str | None, cites: list[dict]) -> str:
        chosen = next((c for c in cites or [] if str(c["n"]) == str(choice)), None)
        if chosen is None:
            return "<div class='doc'>Choose a source to read the whole article.</div>"
        return render_article(index, chosen["doc_id"], chosen["start"], chosen["end"])

    def ask_api(question: str) -> dict:
        """Answer a question; the JSON of `rag ask --json`."""
        try:
            return pipeline.ask(question).to_dict()
        except RagError as e:
            raise gr.Error(str(e)) from None

    with gr.Blocks(title="Ask the articles", analytics_enabled=False) as demo:
        gr.Markdown("## Ask the articles\nAnswers quote the articles and say which article says what.")
        gr.Markdown(status_line(index), elem_id="status")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Conversation", elem_id="chat", height=520, sanitize_html=True,
                                     latex_delimiters=[], feedback_options=None, buttons=["copy"])
                question = gr.Textbox(label="Question", placeholder="Ask about the articles…", lines=1,
                                      max_lines=4, elem_id="question")
                with gr.Row():
                    ask_btn = gr.Button("Ask", variant="primary", elem_id="ask")
                    clear_btn = gr.Button("New conversation", elem_id="clear")
                gr.Examples(examples=[[q] for q in example_questions(index)], inputs=question, label="Examples")
                with gr.Accordion("Settings", open=False):
                    k = gr.Slider(1, 20, value=pipeline.settings.k, step=1, label="Passages to search")
                    only = gr.Dropdown(choices=doc_choices, multiselect=True, label="Only these articles",
                                       elem_id="only")
            with gr.Column(scale=2):
                sources = gr.HTML(render_sources(None), elem_id="sources", js_on_load=None)
                pick = gr.Radio(choices=[], label="Open an article at its excerpt", elem_id="pick")
                article = gr.HTML("<div class='doc'>Choose a source to read the whole article.</div>",
                                  elem_id="article", js_on_load=SCROLL_JS)
        cites = gr.State([])
        turns = gr.State([])

        outputs = [chatbot, sources, pick, cites, question, turns]
        for trigger in (question.submit, ask_btn.click):
            trigger(respond, [question, chatbot, k, only, turns], outputs, api_visibility="private")
        pick.change(open_article, [pick, cites], article, api_visibility="private")
        clear_btn.click(lambda: ([], render_sources(None), gr.update(choices=[], value=None), [], "", []),
                        None, outputs, api_visibility="private")
        gr.api(ask_api, api_name="ask")
    return demo


def queued_app(pipeline: Pipeline, concurrency: int) -> gr.Blocks:
    """The app with a queue answering up to ``concurrency`` requests at once: one slow answer does not
    hold up the others, and the shared index is only ever read."""
    return build_app(pipeline).queue(default_concurrency_limit=concurrency)


def launch(pipeline: Pipeline, *, host: str, port: int, auth: str | None, concurrency: int,
           block: bool = True):
    demo = queued_app(pipeline, concurrency)
    credentials = tuple(auth.split(":", 1)) if auth else None
    return demo.launch(server_name=host, server_port=port, auth=credentials, allowed_paths=[],
                       share=False, css=CSS, footer_links=[], prevent_thread_lock=not block,
                       show_error=False, quiet=False, ssr_mode=False, mcp_server=False, pwa=False)
