"""Markdown rendering: the plain-prose shortcut gives exactly the parser's HTML."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from credsite.markdown import _clean, parser, render_markdown
from credsite.markdown_plain import plain_paragraphs

# Every character the shortcut accepts, plus each one that can start Markdown,
# plus whitespace that CommonMark and Python's str.strip() disagree about.
_ALPHABET = (
    "ab Z09 .,;:?!'()/-%$@+"
    "*_`[]<>&#\\|~=\"{}"
    "\t\r\x0b\x0c\u00a0\u2028\u3000"
    "é—’ß"
)
# Lines the shortcut mostly takes: a letter first, then prose, sometimes with
# one of the characters that can start Markdown.
_PROSE = "ab Z09 .,;:?!'()/-%$@+é—’"
_PROSE_LINES = st.builds(
    str.__add__,
    st.sampled_from("aZé('"),
    st.text(alphabet=_PROSE, max_size=30) | st.text(alphabet=_PROSE + "*_`[]<>&#\\|~=\"", max_size=12),
)
_TEXTS = st.lists(
    st.text(alphabet=_ALPHABET, max_size=30) | _PROSE_LINES | st.sampled_from(["", " ", "\t"]), max_size=6
).map("\n".join)


def _parsed(text: str) -> str:
    return _clean(parser().render(text)).strip()


@settings(max_examples=3000, deadline=None)
@given(_TEXTS)
@example("Plain prose.\nA second line.\n\nA second paragraph.")
@example("(An aside) and 'quotes' - with a hyphen, 50% of $3 @ 4+5/6!")
@example("1. not prose")
@example("- a list")
@example("a\n\x0b\nb")
@example("  indented")
@example("trailing  ")
@example("Été — à l’école")
@example("a *b* c")
@example("a **b** c")
@example("a _b_ c")
@example("a `b` c")
@example("a [b](https://c.example) d")
@example("a [b]\n\n[b]: https://c.example")
@example("a ~~b~~ c")
@example("a <b> c")
@example("a &amp; c")
@example("a \\* c")
@example("a | b\n-- | --\nc | d")
@example("a\n===")
@example("a\n---")
def test_the_shortcut_matches_the_parser_whenever_it_answers(text: str) -> None:
    shortcut = plain_paragraphs(text)
    if shortcut is not None:
        assert shortcut == _parsed(text)


def test_prose_takes_the_shortcut_and_markdown_does_not() -> None:
    assert plain_paragraphs("Taught a lesson.\nIt went well.\n\nNext, reflection.") == (
        "<p>Taught a lesson.\nIt went well.</p>\n<p>Next, reflection.</p>"
    )
    for marked in ("*emphasis*", "a `code` span", "[link](https://x.example)", "# Heading", "1. one", "<b>x</b>", "a &amp; b"):
        assert plain_paragraphs(marked) is None, marked


def test_render_markdown_gives_the_same_html_either_way() -> None:
    text = "Students wrote reflections.\n\nThey shared them in pairs."
    assert render_markdown(text) == _parsed(text)
