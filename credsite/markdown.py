"""Markdown from many hands, rendered to HTML that is safe to publish.

CommonMark via markdown-it-py with raw HTML turned off (it is shown as
text), links filtered to http, https, mailto and relative targets, then the
result is passed through nh3 (Ammonia) as a second, independent line of
defence. Rendering is cached by the text, because the same prompt or
descriptor appears on many pages.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

from .markdown_plain import plain_paragraphs

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def is_safe_url(url: str) -> bool:
    """http, https, mailto, or a relative reference (no scheme at all)."""
    cleaned = "".join(ch for ch in url if ch > " ").strip()
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES or (scheme == "" and not cleaned.startswith("//"))


# Made on first use: with plain prose taking the shortcut below, a one-portfolio
# rebuild often needs no parser, and importing markdown-it is 30 ms of it.
@cache
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    # Images would let an author hot-link anything into a passport; links are enough.
    md.disable("image")
    md.validateLink = is_safe_url  # type: ignore[method-assign]  # markdown-it-py's documented hook
    # Headings inside user text start at h3 so they never compete with the page's h1/h2.
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("heading_close", _heading_close)
    return md


def _shifted(tag: str) -> str:
    level = min(int(tag[1]) + 2, 6)
    return f"h{level}"


def _heading_open(self, tokens, idx, options, env) -> str:  # noqa: ANN001 - markdown-it signature
    return f"<{_shifted(tokens[idx].tag)}>"


def _heading_close(self, tokens, idx, options, env) -> str:  # noqa: ANN001
    return f"</{_shifted(tokens[idx].tag)}>\n"


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_SCHEMES),
        link_rel="nofollow noopener",
        strip_comments=True,
    )


# Enough for every catalog text (prompts and descriptors repeat on every
# passport); portfolio texts are each seen once, and a larger cache in every
# worker only grows memory with the size of the state.
@lru_cache(maxsize=8192)
def render_markdown(text: str) -> str:
    """Block Markdown to sanitized HTML (a string of block elements)."""
    plain = plain_paragraphs(text)  # the fast twin: prose without a Markdown mark
    if plain is not None:
        return plain
    return _clean(parser().render(text)).strip()


@lru_cache(maxsize=8192)
def render_inline(text: str) -> str:
    """One line of Markdown (emphasis, links, code) without a wrapping <p>."""
    return _clean(parser().renderInline(text)).strip()


def markdown_filter(text: str | None) -> Markup:
    """Jinja filter ``md``."""
    return Markup(render_markdown(text)) if text else Markup("")


def inline_filter(text: str | None) -> Markup:
    """Jinja filter ``md_inline``."""
    return Markup(render_inline(text)) if text else Markup("")


def plain_text(text: str | None) -> str:
    """Markdown reduced to its words, for meta descriptions, search and feeds."""
    if not text:
        return ""
    tokens = parser().parseInline(text) if "\n\n" not in text else parser().parse(text)
    words: list[str] = []
    for token in tokens:
        for child in token.children or ([token] if token.type == "text" else []):
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type == "paragraph_close":
            words.append(" ")
    return " ".join("".join(words).split())
