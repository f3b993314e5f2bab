"""Stage 1: read one YAML file into a small tree that remembers positions.

The tree is built from PyYAML parse events, never from ``yaml.load`` or
``yaml.compose``: those expand aliases (alias bombs) and resolve types
("no" -> False, "1.10" -> 1.1), and the next stage must decide types
itself, with positions, from the exact source text. This is the careful
path, which explains every problem; most files are regular and take its
fast twin, yaml_plain.py, which reads them without positions (tests hold
the two to the same values).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from credsite.problems import Problem, sort_problems

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_LINE_CHARS = 20_000

# Tests swap this for yaml.SafeLoader to exercise the pure-Python fallback.
_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

# The line breaks YAML 1.1 (and so libyaml) counts; our own line numbers
# must agree with the parser's or positions drift after a NEL/LS/PS.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Everything outside YAML's printable set; the parser would stop at the first.
_NOT_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

ANCHOR_MESSAGE = "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full"
TAG_MESSAGE = "YAML tags like !!str are not allowed; write a plain value, quoted if it must stay text"


class Mark(NamedTuple):
    # A named tuple, not a dataclass: a large state makes millions of these.
    line: int  # 1-based
    column: int  # 1-based, counted in characters (code points)


@dataclass(frozen=True, slots=True)
class ScalarNode:
    value: str
    plain: bool
    mark: Mark


@dataclass(frozen=True, slots=True)
class SequenceNode:
    items: tuple[Node, ...]
    mark: Mark


@dataclass(frozen=True, slots=True)
class MappingNode:
    pairs: tuple[tuple[ScalarNode, Node], ...]
    mark: Mark


Node = ScalarNode | SequenceNode | MappingNode


def read_file(file: Path, path: str) -> tuple[MappingNode | None, list[Problem]]:
    """Read bytes from disk, refusing oversized files before reading them whole."""
    data, problems = read_bytes(file, path)
    if data is None:
        return None, problems
    return read_yaml(data, path)


def read_bytes(file: Path, path: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem that kept them from being read."""
    try:
        with open(file, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None, [_too_big(path, size)]
            # Bounded read: st_size can lie (growing files, special files).
            return handle.read(MAX_FILE_BYTES + 1), []
    except OSError as error:
        reason = error.strerror or str(error)
        message = (
            f"could not open this file ({reason}); check that it exists and can be read"
        )
        return None, [Problem(path, 1, 1, message)]


def read_yaml(data: bytes, path: str) -> tuple[MappingNode | None, list[Problem]]:
    """Parse one file's bytes; the mapping is returned only when there are no problems."""
    try:
        root, problems = _read(data, path)
    except Exception as error:  # noqa: BLE001 - a reader must never crash the build
        root, problems = None, [_internal(path, Mark(1, 1), error)]
    if problems:
        return None, sort_problems(problems)
    return root, []


def _read(data: bytes, path: str) -> tuple[MappingNode | None, list[Problem]]:
    if len(data) > MAX_FILE_BYTES:
        return None, [_too_big(path, len(data))]
    text, problem = _decode(data, path)
    if problem:
        return None, [problem]
    lines = _LINE_BREAK.split(text)
    long_line = _long_line(lines, path)
    if long_line:
        return None, [long_line]
    unprintable = _unprintable(lines, path)
    tabs = _tabs(lines, path)
    if unprintable:
        return None, unprintable + tabs
    root, problems = _Builder(path, lines).run(text)
    tab_lines = {tab.line for tab in tabs}
    problems = [p for p in problems if not _duplicates_tab(p, tab_lines)]
    return root, tabs + problems


# --- plain data, for the typing stage ---------------------------------------------


class Quoted(str):
    """The text of a quoted or block scalar in plain data: it stays text
    whatever type the schema asks for (only plain scalars are typed)."""

    __slots__ = ()


Positions = tuple[dict[tuple, Mark], dict[tuple, Mark]]  # values and keys by JSON path


def plain_data(root: MappingNode) -> tuple[dict[str, Any], Positions]:
    """The tree's values as plain data (dicts, lists, text; ``Quoted`` where
    the scalar is not plain) and where each value and key is. The plain data
    is what yaml_plain.read_plain gives for a regular file, so the typing
    stage has one input, whichever way a file was read."""
    values: dict[tuple, Mark] = {}
    keys: dict[tuple, Mark] = {}

    def convert(node: Node, path: tuple) -> Any:
        values[path] = node.mark
        if isinstance(node, ScalarNode):
            return node.value if node.plain else Quoted(node.value)
        if isinstance(node, SequenceNode):
            return [convert(child, path + (i,)) for i, child in enumerate(node.items)]
        mapping: dict[str, Any] = {}
        for key_node, child in node.pairs:
            keys[path + (key_node.value,)] = key_node.mark
            mapping[key_node.value] = convert(child, path + (key_node.value,))
        return mapping

    return convert(root, ()), (values, keys)


# --- checks on the raw text -------------------------------------------------


def _decode(data: bytes, path: str) -> tuple[str, Problem | None]:
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        # Everything before the first bad byte is valid, so it can locate it.
        mark = _end_mark(data[: error.start].decode("utf-8"))
        message = (
            f"the file is not UTF-8 text: byte 0x{data[error.start]:02X} here is not valid "
            "UTF-8 (the file was probably saved as Windows-1252/Latin-1); "
            "save the file as UTF-8"
        )
        return "", Problem(path, mark.line, mark.column, message)


def _end_mark(text: str) -> Mark:
    lines = _LINE_BREAK.split(text)
    return Mark(len(lines), len(lines[-1]) + 1)


def _too_big(path: str, size: int) -> Problem:
    message = (
        f"the file is too big ({size:,} bytes; the limit is {MAX_FILE_BYTES:,}); "
        "split it into smaller files"
    )
    return Problem(path, 1, 1, message)


def _long_line(lines: list[str], path: str) -> Problem | None:
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            message = (
                f"this line is too long ({len(line):,} characters; the limit is "
                f"{MAX_LINE_CHARS:,}); break the text over several lines"
            )
            return Problem(path, number, MAX_LINE_CHARS + 1, message)
    return None


def _tabs(lines: list[str], path: str) -> list[Problem]:
    message = (
        "tab character; indent with spaces (replace the tabs on this line with spaces)"
    )
    return [
        Problem(path, number, line.index("\t") + 1, message)
        for number, line in enumerate(lines, 1)
        if "\t" in line
    ]


def _unprintable(lines: list[str], path: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(lines, 1):
        found = _NOT_PRINTABLE.search(line)
        if found:
            message = (
                f"invisible control character U+{ord(found.group()):04X} is not allowed; "
                "delete it (it often comes from text pasted from another program)"
            )
            problems.append(Problem(path, number, found.start() + 1, message))
    return problems


def _duplicates_tab(problem: Problem, tab_lines: set[int]) -> bool:
    # The parser usually trips over a tab we already reported on that line.
    return problem.line in tab_lines and problem.message.startswith(_SYNTAX)


# --- building the tree from events ------------------------------------------


class _Stop(Exception):
    """Raised inside the builder to abandon the parse (hazard found)."""


_NO_KEY = object()  # mapping is waiting for a key
_BAD_KEY = object()  # key was rejected; drop the value that follows


@dataclass
class _Open:
    """A sequence or mapping whose end event has not arrived yet."""

    mark: Mark
    is_mapping: bool
    flow: bool  # written with [ ] or { }, not as indented lines
    items: list = field(default_factory=list)
    key: object = _NO_KEY
    first_keys: dict[str, ScalarNode] = field(default_factory=dict)


@dataclass(frozen=True)
class _Runaway:
    """A quoted value that ran on past its line to the next quote character."""

    opened: Mark
    quote: str
    closed: Mark  # where the quote character that ended it is

    def message(self, noticed: Mark | None) -> str:
        runs = f"this quoted text is never closed: the {self.quote} opened here runs on to the next {self.quote} at line {self.closed.line}, column {self.closed.column}"
        if noticed is None:
            return f"{runs}, taking in the lines between as text; close the quote on this line, or indent the lines that continue it"
        return f"{runs}, and the YAML parser noticed at line {noticed.line}, column {noticed.column}; close the quote on this line"


class _Builder:
    def __init__(self, path: str, lines: list[str]) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []
        self.stack: list[_Open] = []
        self.root: Node | None = None
        self.documents = 0
        self.last = Mark(1, 1)
        self.runaway: _Runaway | None = None  # the first one; a syntax error after it is its consequence

    def run(self, text: str) -> tuple[MappingNode | None, list[Problem]]:
        handlers = {
            yaml.DocumentStartEvent: self._document_start,
            yaml.AliasEvent: self._alias,
            yaml.ScalarEvent: self._scalar,
            yaml.SequenceStartEvent: self._open,
            yaml.MappingStartEvent: self._open,
            yaml.SequenceEndEvent: self._close,
            yaml.MappingEndEvent: self._close,
        }
        events = yaml.parse(text, Loader=_LOADER)
        try:
            for event in events:
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
        except _Stop:
            return None, self.problems
        except yaml.MarkedYAMLError as error:
            if self.runaway is not None:
                self._add_problem(self.runaway.opened, self.runaway.message(self._error_mark(error)))
            else:
                self.problems.append(self._syntax_problem(error))
            return None, self.problems
        except Exception as error:  # noqa: BLE001 - ReaderError, ValueError, RecursionError...
            self.problems.append(_internal(self.path, self.last, error))
            return None, self.problems
        finally:
            events.close()  # frees the C parser now, not at garbage collection
        if self.runaway is not None:
            self._add_problem(self.runaway.opened, self.runaway.message(None))
        return self._top_level(), self.problems

    def _clamp(self, mark: Mark) -> Mark:
        # At end of file the parsers point one line past the last one when
        # there is no final newline; point at the end of the last line instead.
        if mark.line > len(self.lines):
            return Mark(len(self.lines), len(self.lines[-1]) + 1)
        return mark

    def _error_mark(self, error: yaml.MarkedYAMLError) -> Mark:
        where = error.problem_mark or error.context_mark
        return self._clamp(_mark(where)) if where else self.last

    def _syntax_problem(self, error: yaml.MarkedYAMLError) -> Problem:
        unclosed = self._unclosed(error)
        if unclosed is not None:
            return unclosed
        mark = self._error_mark(error)
        message = f"{_SYNTAX}{_plain_problem(error.problem or error.context or '')}"
        context = error.context_mark
        if context is not None and error.context and _mark(context) != mark:
            what = next(
                (plain for key, plain in _CONTEXTS if key in error.context), "it"
            )
            message += f" ({what} starts at line {context.line + 1}, column {context.column + 1})"
        return Problem(self.path, mark.line, mark.column, message)

    def _unclosed(self, error: yaml.MarkedYAMLError) -> Problem | None:
        """A quote, [ or { that is never closed, reported where it opens: the
        parser notices only later (at the end of the file, or at the next key)."""
        flow = self._unclosed_flow(error)
        if flow is not None:
            return flow
        if error.context_mark is None or error.problem_mark is None or not error.context:
            return None
        opened, noticed = _mark(error.context_mark), self._error_mark(error)
        if "quoted scalar" in error.context and "end of stream" in (error.problem or ""):
            message = (
                f"this quoted text is never closed: the {self._char_at(opened)} opened here runs on to the end of the file, "
                f"where the YAML parser noticed (line {noticed.line}); close the quote on this line"
            )
            return Problem(self.path, opened.line, opened.column, message)
        return None

    def _unclosed_flow(self, error: yaml.MarkedYAMLError) -> Problem | None:
        """A [ ] list or { } group still open when the parser stopped on a
        later line no deeper than the one it opened on: that line is the next
        key (or the end of the file), so the list was never closed."""
        flow = self.stack[-1] if self.stack and self.stack[-1].flow else None
        if flow is None:
            return None
        opened, noticed = flow.mark, self._error_mark(error)
        if noticed.line <= opened.line or self._indent(noticed.line) > self._indent(opened.line):
            return None
        what, closing = ("{ } group", "}") if flow.is_mapping else ("[ ] list", "]")
        message = (
            f"this {what} is never closed: the {self._char_at(opened)} opened here has no {closing}, "
            f"and the YAML parser noticed at line {noticed.line}, column {noticed.column}; add the {closing}"
        )
        return Problem(self.path, opened.line, opened.column, message)

    def _char_at(self, mark: Mark) -> str:
        line = self.lines[mark.line - 1] if mark.line <= len(self.lines) else ""
        return line[mark.column - 1] if mark.column <= len(line) else "quote"

    def _indent(self, line_number: int) -> int:
        line = self.lines[line_number - 1] if line_number <= len(self.lines) else ""
        return len(line) - len(line.lstrip(" "))

    def _check_runaway(self, event: yaml.ScalarEvent, mark: Mark) -> None:
        """Remember a quoted value whose next lines are not inside its block.

        Quoted text may go on over several lines, but YAML wants each of
        them indented deeper than the block holding the value (PyYAML does
        not check). A line that is not is almost always the next key, taken
        in as text because the quote was never closed."""
        first, last = event.start_mark.line, event.end_mark.line  # 0-based
        if self.runaway is not None or first == last:
            return
        block = next((open_ for open_ in reversed(self.stack) if not open_.flow), None)
        if block is None:
            return
        depth = block.mark.column - 1
        continued = range(first + 2, last + 2)  # the 1-based numbers of the lines after the first
        if all(not self.lines[number - 1].strip() or self._indent(number) > depth for number in continued):
            return
        closed = self._clamp(Mark(last + 1, event.end_mark.column))  # end_mark is just past the quote
        self.runaway = _Runaway(mark, self._char_at(mark), closed)

    def _add_problem(self, mark: Mark, message: str) -> None:
        self.problems.append(Problem(self.path, mark.line, mark.column, message))

    def _at(self, event: yaml.Event) -> Mark:
        self.last = self._clamp(_mark(event.start_mark))
        return self.last

    def _document_start(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            message = (
                "a second YAML document starts here ('---'); a file may hold only one, "
                "so remove this line or move what follows into its own file"
            )
            self._add_problem(self._at(event), message)
            raise _Stop

    def _alias(self, event: yaml.AliasEvent) -> None:
        self._add_problem(self._at(event), ANCHOR_MESSAGE)
        raise _Stop

    def _node_start(self, event: yaml.NodeEvent) -> Mark:
        mark = self._at(event)
        if event.anchor is not None:
            self._add_problem(mark, ANCHOR_MESSAGE)
            raise _Stop
        if event.tag is not None:
            self._add_problem(mark, TAG_MESSAGE)
        return mark

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        # Plain style is None from the Python parser and "" from libyaml.
        mark = self._node_start(event)
        found = _NOT_PRINTABLE.search(event.value)
        if found:
            # A double-quoted escape ("\\x01", "\\uFFFE") makes characters the raw-text check never sees,
            # and XML (the feed, SVG badges) cannot carry them.
            message = (
                f"an escape sequence here makes the invisible control character U+{ord(found.group()):04X}, "
                "which is not allowed; remove it"
            )
            self._add_problem(mark, message)
        if event.style in ('"', "'"):
            self._check_runaway(event, mark)
        self._add(ScalarNode(event.value, not event.style, mark))

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        mark = self._node_start(event)
        if len(self.stack) >= MAX_DEPTH:
            message = (
                f"the data is nested too deeply (more than {MAX_DEPTH} levels of lists "
                "and `key: value` blocks inside each other); flatten it"
            )
            self._add_problem(mark, message)
            raise _Stop
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        self.stack.append(_Open(mark, is_mapping, bool(event.flow_style)))

    def _close(self, _event: yaml.CollectionEndEvent) -> None:
        done = self.stack.pop()
        if done.is_mapping:
            self._add(MappingNode(tuple(done.items), done.mark))
        else:
            self._add(SequenceNode(tuple(done.items), done.mark))

    def _add(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if not parent.is_mapping:
            parent.items.append(node)
        elif parent.key is _NO_KEY:
            parent.key = self._check_key(parent, node)
        else:
            if parent.key is not _BAD_KEY:
                parent.items.append((parent.key, node))
            parent.key = _NO_KEY

    def _check_key(self, parent: _Open, key: Node) -> object:
        if not isinstance(key, ScalarNode):
            message = (
                "a key must be plain text, not a list or a { } group; "
                "write the key as a single word or quoted text"
            )
            self._add_problem(key.mark, message)
            return _BAD_KEY
        first = parent.first_keys.setdefault(key.value, key)
        if first is not key:
            message = (
                f"duplicate key '{_short(key.value)}' (first at line {first.mark.line}); "
                "remove one of them"
            )
            self._add_problem(key.mark, message)
        return key

    def _top_level(self) -> MappingNode | None:
        root = self.root
        if self.documents == 0 or (
            isinstance(root, ScalarNode) and root.plain and root.value == ""
        ):
            self._add_problem(
                Mark(1, 1), "the file is empty; it needs `key: value` lines"
            )
            return None
        if not isinstance(root, MappingNode):
            found = "a list" if isinstance(root, SequenceNode) else "a single value"
            message = (
                f"the top level must be a set of `key: value` lines (found {found})"
            )
            self._add_problem(root.mark if root else self.last, message)
            return None
        return root


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mark(mark: yaml.Mark) -> Mark:
    return Mark(mark.line + 1, mark.column + 1)


def _internal(path: str, mark: Mark, error: BaseException) -> Problem:
    message = (
        f"could not read this YAML ({type(error).__name__}: {_short(str(error), 120)}); "
        "check the text around here"
    )
    return Problem(path, mark.line, mark.column, message)


# --- syntax errors in plain words -------------------------------------------

# (text in PyYAML's problem, plain-words message). libyaml and the
# pure-Python parser word some of these differently, hence the short keys.
_PLAIN_PROBLEMS = (
    (
        "could not find expected ':'",
        (
            "could not find expected ':' — is a key missing its colon, "
            "or is a line indented wrongly?"
        ),
    ),
    (
        "mapping values are not allowed",
        (
            "a ':' is not allowed here — if it is part of the text, put the whole value "
            "in quotes; otherwise check the indentation"
        ),
    ),
    (
        "mapping keys are not allowed",
        "a '?' is not allowed here — if it is part of the text, put the whole value in quotes",
    ),
    (
        "block sequence entries are not allowed",
        (
            "a '- ' list item is not allowed here — check the indentation, "
            "or quote the value if the dash is part of the text"
        ),
    ),
    (
        "expected key",
        (
            "this line does not line up with the `key: value` lines above it "
            "— check its indentation"
        ),
    ),
    (
        "expected '-' indicator",
        (
            "this line does not line up with the '- ' list items above it "
            "— check its indentation"
        ),
    ),
    ("expected ',' or ']'", "a [ ] list is not closed — expected ',' or ']'"),
    ("expected ',' or '}'", "a { } group is not closed — expected ',' or '}'"),
    (
        "unexpected end of stream",
        "the file ends inside a quoted value — is a closing quote missing?",
    ),
    (
        "unexpected document indicator",
        (
            "a line starting with '---' or '...' inside a quoted value ends the document "
            "— indent that line"
        ),
    ),
    (
        "cannot start any token",
        "a value cannot start with this character (such as @ or `) — put the value in quotes",
    ),
    (
        "escape",
        (
            "unknown backslash escape in double-quoted text — write \\\\ for a backslash, "
            "or use single quotes"
        ),
    ),
    ("tab character", "tab character; indent with spaces"),
    ("node content", "a value is missing or malformed here"),
    (
        "<document start>",
        "unexpected text after the end of the document ('...') — remove it or the '...' line",
    ),
    (
        "alphabetic or numeric character",
        "a value cannot start with '&' or '*' — put the value in quotes",
    ),
    ("tag", TAG_MESSAGE),
    (
        "line break",
        (
            "unexpected text after the value — put the whole value in quotes, "
            "or start a comment with ' #'"
        ),
    ),
    (
        "but found",
        "this line does not line up with the lines above it — check its indentation",
    ),
)

_SYNTAX = "YAML syntax error: "

_CONTEXTS = (
    ("simple key", "the key"),
    ("quoted scalar", "the quoted value"),
    ("flow sequence", "the [ ] list"),
    ("flow mapping", "the { } group"),
    ("block mapping", "the `key: value` block"),
    ("block collection", "the list"),
    ("block scalar", "the | or > text block"),
    ("plain scalar", "the value"),
)


def _plain_problem(problem: str) -> str:
    for key, plain in _PLAIN_PROBLEMS:
        if key in problem:
            return plain
    return problem or "the text could not be read as YAML"
