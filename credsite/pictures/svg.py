"""What the SVG pictures share: text safe in XML, on one line, in the reader's system font."""

from __future__ import annotations

import re

FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

# Control characters (bar tab/newline) and non-characters are not allowed in XML 1.0.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text safe inside an XML element or a double- or single-quoted attribute."""
    cleaned = _NOT_XML.sub("", text)
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def one_line(text: str) -> str:
    """The text's words separated by single spaces: no line breaks, tabs or runs of spaces."""
    return " ".join(text.split())
