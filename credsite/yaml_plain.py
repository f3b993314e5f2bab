"""The fast twin of reader.py: a regular file read straight into plain data.

Positions are only needed to report a problem, and a state's files almost
never have one; building a position for every value (reader.py's careful
path, from parse events in Python) was most of reading. libyaml's C
composer builds a whole file's node tree several times faster, and this
module turns it into dicts, lists and text (``reader.Quoted`` where the
scalar is not plain) without positions: 0.16 ms against 0.88 ms for a
synthetic portfolio. Its positions are read again, the careful way, only if
a later stage reports a problem in the file.

It declines (returns None) anything that is not entirely regular, so the
careful path reads and explains it: a tab, a control character, a long
line, an anchor, alias or tag, a duplicate or merge key, deep nesting, a
byte-order mark inside the text, quoted text over several lines. Tests in
tests/test_reader.py hold it to the careful path: on every file of the
repository and on generated documents its data equals the careful tree's
values, and no anchor, alias or tag ever reaches it.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import yaml

from .reader import (
    _LINE_BREAK,
    _LOADER,
    _NOT_PRINTABLE,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Quoted,
    _decode,
    _long_line,
    _unprintable,
)

_MAX_INDENT = 2 * MAX_DEPTH
_MAX_BRACKETS = MAX_DEPTH

# An anchor (&), alias (*) or tag (!) can only start a node: after the
# indentation of a line, or after ':', '-', '?', ',', '[' or '{' and spaces.
# Text with none there ("Q&A", "*very* good" inside a sentence) is regular,
# and so is a match inside a scalar's text ("**Bold** first words" or "* a
# list item" in a block of Markdown, "Kriete, R., & Davis" in a quoted
# citation): the composed tree says where each scalar is. The non-specific tag "!" composes like an untagged
# node and an anchor nobody refers to leaves no trace in the tree, so only
# this check keeps them out.
# libyaml also skips a byte-order mark at the start of any line, so text
# holding one (after the file's first) is declined.
_NODE_PROPERTY = re.compile("(?:^|[\r\x85\u2028\u2029:?,\\[{-])[ \t]*[&*!]", re.MULTILINE)

_COMPOSERS: dict[type, type] = {}


def read_plain(data: bytes) -> dict[str, Any] | None:
    """A file's contents as dicts, lists and text (Quoted where the scalar is
    not plain), when the file is entirely regular: exactly the values of the
    tree ``reader.read_yaml`` builds, without positions. None for anything
    else, which ``reader.read_yaml`` must read and explain."""
    if len(data) > MAX_FILE_BYTES:
        return None
    text, problem = _decode(data, "")
    if problem:
        return None
    lines = _LINE_BREAK.split(text)
    if _long_line(lines, "") or _unprintable(lines, "") or any("\t" in line for line in lines):
        return None
    node = _composed(text, lines)
    return None if node is None else _plain(node, len(lines), 1, set())


def _composer_class() -> type:
    """The loader without implicit tag resolution: the composer would match
    every scalar against YAML 1.1's patterns, and credsite types scalars by
    the schema instead (schema.py)."""
    return _COMPOSERS.setdefault(_LOADER, type("PlainComposer", (_LOADER,), {"resolve": _no_tag}))


def _no_tag(loader: object, kind: type, value: object, implicit: object) -> str:
    return ""


def _composed(text: str, lines: list[str]) -> yaml.MappingNode | None:
    """libyaml's node tree of a mapping with no anchor, alias or tag where one
    could start, no byte-order mark and no deep nesting; None otherwise. The
    converter declines the rest (duplicate keys, merge keys, tags, aliases...)."""
    if "\ufeff" in text or text.count("[") + text.count("{") > _MAX_BRACKETS:
        return None
    if any(len(line) - len(line.lstrip(" ")) > _MAX_INDENT for line in lines):
        return None
    properties = [match.end() - 1 for match in _NODE_PROPERTY.finditer(text)]
    loader = _composer_class()(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        return None
    if properties and not _all_inside_scalar_text(properties, node):
        return None
    return node


def _all_inside_scalar_text(offsets: list[int], root: yaml.Node) -> bool:
    """Whether every offset lies inside a scalar's text, after its first
    character: there a '&', '*' or '!' is text, while a node property (an
    anchor, alias or tag) is where its node starts."""
    spans: list[tuple[int, int]] = []
    pending, seen = [root], set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            return False  # an alias: its anchor is a node property (and an alias bomb is not walked)
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            pending.extend(child for pair in node.value for child in pair)
    spans.sort()
    starts = [start for start, _ in spans]
    for offset in offsets:
        at = bisect.bisect_right(starts, offset) - 1
        if at < 0 or not spans[at][0] < offset < spans[at][1]:
            return False
    return True


def _plain(node: yaml.Node, line_count: int, depth: int, seen: set[int]) -> Any:
    """The composer's node as plain data; None wherever the careful path must look."""
    if depth > MAX_DEPTH or node.start_mark.line >= line_count or node.tag or id(node) in seen:
        return None  # too deep, an empty value at the end of the file, a tag, or an alias
    seen.add(id(node))
    kind = type(node)
    if kind is yaml.ScalarNode:
        if not node.style:
            return node.value
        if node.style == '"' and _NOT_PRINTABLE.search(node.value):
            return None  # an escape made a control character: the careful path reports it
        if node.style in ('"', "'") and node.end_mark.line != node.start_mark.line:
            return None  # quoted text over lines: the careful path checks their indentation
        return Quoted(node.value)
    if kind is yaml.SequenceNode:
        items = []
        for child in node.value:
            item = _plain(child, line_count, depth + 1, seen)
            if item is None:
                return None
            items.append(item)
        return items
    mapping: dict[str, Any] = {}
    for key, value in node.value:
        if type(key) is not yaml.ScalarNode or key.value in mapping or key.value == "<<":
            return None
        if _plain(key, line_count, depth + 1, seen) is None:
            return None
        converted = _plain(value, line_count, depth + 1, seen)
        if converted is None:
            return None
        mapping[key.value] = converted
    return mapping
