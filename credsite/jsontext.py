"""JSON as the site publishes it: UTF-8, deterministic, safe to inline.

``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u`` escapes:
parsers read the same data, but the text can also sit inside a
``<script>`` element (no ``</script>``, no ``<!--``) or in JavaScript.
"""

from __future__ import annotations

import json
from typing import Any

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def html_safe_json(text: str) -> str:
    for character, escaped in _ESCAPES.items():
        text = text.replace(character, escaped)
    return text


def json_text(value: Any, *, compact: bool = False, sort_keys: bool = False) -> str:
    """Indented for files people open, compact for files fetched or published by the thousand."""
    layout: dict[str, Any] = {"separators": (",", ":")} if compact else {"indent": 2}
    return html_safe_json(json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, **layout))


def json_file(value: Any, *, compact: bool = False, sort_keys: bool = False) -> bytes:
    """A published JSON file's bytes, with a trailing newline."""
    return (json_text(value, compact=compact, sort_keys=sort_keys) + "\n").encode("utf-8")
