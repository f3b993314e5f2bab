"""Tests for credsite.reader: positions, hazards, and never raising."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credsite import reader, yaml_plain
from credsite.yaml_plain import read_plain
from credsite.problems import Problem
from credsite.reader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MappingNode,
    Mark,
    ScalarNode,
    SequenceNode,
    read_file,
    read_yaml,
)

LOADERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "python": yaml.SafeLoader}


@pytest.fixture(autouse=True, params=sorted(LOADERS))
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every test with the C parser and with the pure-Python fallback."""
    if LOADERS[request.param] is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(reader, "_LOADER", LOADERS[request.param])
    return request.param


def ok(data: bytes) -> MappingNode:
    root, problems = read_yaml(data, "c.yaml")
    assert problems == []
    assert isinstance(root, MappingNode)
    return root


def bad(data: bytes) -> list[tuple[int, int, str]]:
    root, problems = read_yaml(data, "c.yaml")
    assert root is None
    assert problems, "a rejected file must say why"
    assert all(p.path == "c.yaml" for p in problems)
    return [(p.line, p.column, p.message) for p in problems]


def where(data: bytes) -> list[tuple[int, int]]:
    return [(line, column) for line, column, _ in bad(data)]


def only(data: bytes) -> tuple[int, int, str]:
    problems = bad(data)
    assert len(problems) == 1, problems
    return problems[0]


def get(mapping: MappingNode, key: str):
    matches = [value for k, value in mapping.pairs if k.value == key]
    assert len(matches) == 1
    return matches[0]


def key_node(mapping: MappingNode, key: str) -> ScalarNode:
    return next(k for k, _ in mapping.pairs if k.value == key)


# --- happy path ----------------------------------------------------------------


DOC = b"""\
# A badge
id: data-literacy
title: "Data Literacy"
version: 1.10
levels:
  - name: Bronze
    hours: 10
  - name: 'Silver'
description: >-
  Reads charts
  and tables.
notes: |
  line one
  line two
owner: {id: a, title: B}
retired: no
issued: 2018-12-14
blank:
"""


def test_nested_keys_and_values_keep_their_positions() -> None:
    root = ok(DOC)
    assert root.mark == Mark(2, 1)
    assert [k.value for k, _ in root.pairs] == [
        "id",
        "title",
        "version",
        "levels",
        "description",
        "notes",
        "owner",
        "retired",
        "issued",
        "blank",
    ]
    assert key_node(root, "levels").mark == Mark(5, 1)
    levels = get(root, "levels")
    assert isinstance(levels, SequenceNode)
    assert levels.mark == Mark(6, 3)
    first, second = levels.items
    assert isinstance(first, MappingNode) and isinstance(second, MappingNode)
    assert first.mark == Mark(6, 5)
    assert key_node(first, "hours").mark == Mark(7, 5)
    assert get(first, "hours") == ScalarNode("10", True, Mark(7, 12))
    assert get(second, "name") == ScalarNode("Silver", False, Mark(8, 11))


def test_values_stay_text_exactly_as_written() -> None:
    root = ok(DOC)
    assert get(root, "version") == ScalarNode("1.10", True, Mark(4, 10))
    assert get(root, "retired") == ScalarNode("no", True, Mark(16, 10))
    assert get(root, "issued") == ScalarNode("2018-12-14", True, Mark(17, 9))
    assert get(root, "blank") == ScalarNode("", True, Mark(18, 7))


def test_quoted_and_block_scalars_are_not_plain() -> None:
    root = ok(DOC + b"single: 'x'\nplain: x\nnull_word: ~\n")
    assert get(root, "title") == ScalarNode("Data Literacy", False, Mark(3, 8))
    assert get(root, "single").plain is False
    assert get(root, "plain").plain is True
    assert get(root, "null_word") == ScalarNode("~", True, Mark(21, 12))


def test_block_scalars_keep_their_text() -> None:
    root = ok(DOC)
    assert get(root, "description") == ScalarNode(
        "Reads charts and tables.", False, Mark(9, 14)
    )
    assert get(root, "notes") == ScalarNode("line one\nline two\n", False, Mark(12, 8))


def test_flow_mapping_gives_positions() -> None:
    owner = get(ok(DOC), "owner")
    assert isinstance(owner, MappingNode)
    assert owner.mark == Mark(15, 8)
    assert owner.pairs == (
        (ScalarNode("id", True, Mark(15, 9)), ScalarNode("a", True, Mark(15, 13))),
        (ScalarNode("title", True, Mark(15, 16)), ScalarNode("B", True, Mark(15, 23))),
    )


def test_columns_count_characters_not_bytes() -> None:
    root = ok("é: ü\nb: [ée, 😀x, 'q']\n😀😀: Zoë 😀\n".encode())
    assert get(root, "é") == ScalarNode("ü", True, Mark(1, 4))
    items = get(root, "b").items
    assert [i.mark for i in items] == [Mark(2, 5), Mark(2, 9), Mark(2, 13)]
    assert get(root, "😀😀") == ScalarNode("Zoë 😀", True, Mark(3, 5))


def test_windows_line_endings_and_bom() -> None:
    root = ok(b"\xef\xbb\xbfa: x\r\nb: y\r\n")
    assert get(root, "a") == ScalarNode("x", True, Mark(1, 4))
    assert key_node(root, "b").mark == Mark(2, 1)


def test_leading_document_marker_and_trailing_end_marker_are_fine() -> None:
    root = ok(b"---\na: 1\n...\n")
    assert key_node(root, "a").mark == Mark(2, 1)


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1  # the top-level mapping is the first level
    ok(b"a: " + b"[" * depth + b"]" * depth + b"\n")


def test_read_file_reads_from_disk(tmp_path: Path) -> None:
    file = tmp_path / "badge.yaml"
    file.write_bytes(b"id: x\n")
    root, problems = read_file(file, "badge.yaml")
    assert problems == []
    assert root is not None and get(root, "id").value == "x"


# --- encoding and size -----------------------------------------------------------


def test_bytes_that_are_not_utf8_point_at_the_first_bad_byte() -> None:
    line, column, message = only(b"title: ok\nname: Jos\xe9 \xe9\n")
    assert (line, column) == (2, 10)
    assert (
        "not UTF-8" in message
        and "0xE9" in message
        and "save the file as UTF-8" in message
    )


def test_bad_byte_column_counts_characters_and_ignores_the_bom() -> None:
    assert where(b"\xef\xbb\xbfa: \xc3\xa9\xff\n") == [(1, 5)]


def test_utf16_file_is_reported_as_not_utf8() -> None:
    assert where("a: 1\n".encode("utf-16")) == [(1, 1)]


def test_file_over_the_size_limit() -> None:
    _, _, message = only(b"a: 1\n" + b"#" * MAX_FILE_BYTES)
    assert "too big" in message
    assert where(b"#" * (MAX_FILE_BYTES + 1)) == [(1, 1)]


def test_ten_megabyte_single_line_fails_fast() -> None:
    data = b"a: " + b"x" * (10 * 1024 * 1024)
    start = time.perf_counter()
    problems = where(data)
    assert time.perf_counter() - start < 0.5
    assert problems == [(1, 1)]


def test_read_file_refuses_big_files_before_reading(
    tmp_path: Path, monkeypatch
) -> None:
    file = tmp_path / "big.yaml"
    file.write_bytes(b"a: 1\n" + b"#" * MAX_FILE_BYTES)
    monkeypatch.setattr(reader, "read_yaml", lambda *_: pytest.fail("read it whole"))
    root, problems = read_file(file, "big.yaml")
    assert root is None
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert "too big" in problems[0].message


def test_read_file_reports_os_errors_at_the_file_start(tmp_path: Path) -> None:
    for file in (tmp_path / "missing.yaml", tmp_path):
        root, problems = read_file(file, "x.yaml")
        assert root is None
        assert [(p.path, p.line, p.column) for p in problems] == [("x.yaml", 1, 1)]
        assert "could not open this file" in problems[0].message


def test_long_line_is_refused() -> None:
    ok(b"a: " + b"x" * (MAX_LINE_CHARS - 3) + b"\n")
    line, column, message = only(b"a: 1\nb: " + b"x" * MAX_LINE_CHARS + b"\n")
    assert (line, column) == (2, MAX_LINE_CHARS + 1)
    assert "too long" in message


def test_control_characters_are_reported_with_positions() -> None:
    problems = bad("a: é\x01\nb: ok\nc: \x00\x07\n".encode())
    assert [(line, column) for line, column, _ in problems] == [(1, 5), (3, 4)]
    assert "U+0001" in problems[0][2]


# --- tabs --------------------------------------------------------------------------


def test_one_problem_per_line_with_a_tab_at_the_first_tab() -> None:
    problems = bad(b"a: 1\n\tb: 2\nc: 'x\ty\tz'\nd:\t\t3\n")
    assert [(line, column) for line, column, _ in problems] == [(2, 1), (3, 6), (4, 3)]
    assert all("tab character; indent with spaces" in m for _, _, m in problems)


def test_tabs_inside_a_file_that_parses_still_give_no_data() -> None:
    assert where(b"a: 'x\ty'\n") == [(1, 6)]


def test_tabs_and_a_syntax_error_elsewhere_are_both_reported() -> None:
    problems = bad(b"a: 'x\ty'\nc: 1\nd\ne: 2\n")
    assert [(line, column) for line, column, _ in problems] == [(1, 6), (4, 1)]
    assert "missing its colon" in problems[1][2]


# --- syntax errors -------------------------------------------------------------------


def test_missing_colon_is_explained_in_plain_words() -> None:
    line, column, message = only(b"a: 1\nb\nc: 2\n")
    assert (line, column) == (3, 1)
    assert "could not find expected ':'" in message
    assert "is a key missing its colon, or is a line indented wrongly?" in message
    assert "line 2, column 1" in message


def test_a_quote_never_closed_before_the_end_is_reported_where_it_opens() -> None:
    line, column, message = only(b'a: "x\nb: 1\n')
    assert (line, column) == (1, 4)
    assert "never closed" in message and "end of the file" in message and "(line 3)" in message


# A credential whose version's quote is never closed: the parser reads on to
# the next quote character (line 5) and only stops there.
RUNAWAY = b"""\
title: Check & Connect
version: {q}1.0
issuer: state
sources:
  - citation: {q}Sinclair, M. F.{q} and more
"""


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens_not_where_the_parser_stops(quote: str) -> None:
    line, column, message = only(RUNAWAY.replace(b"{q}", quote.encode()))
    assert (line, column) == (2, 10)
    assert message.startswith(f"this quoted text is never closed: the {quote} opened here")
    assert f"runs on to the next {quote} at line 5, column 15" in message
    assert "the YAML parser noticed at line 5, column 16" in message
    assert "indentation" not in message


def test_an_unclosed_quote_that_swallows_the_next_keys_is_reported_even_without_a_syntax_error() -> None:
    line, column, message = only(b'title: x\nversion: "1.0\nissuer: state\nsummary: "\n')
    assert (line, column) == (2, 10)
    assert "never closed" in message and 'next " at line 4, column 10' in message and "taking in the lines between" in message


def test_an_unclosed_quote_inside_a_flow_group_is_found_by_the_block_around_it() -> None:
    data = b'levels:\n  - {id: a, title: "Beginning, passing: false}\n  - {id: b, title: "Developing", passing: true}\n'
    line, column, message = only(data)
    assert (line, column) == (2, 20) and "never closed" in message


@pytest.mark.parametrize(
    "data",
    [b'a: "one\n  two"\nb: 1\n', b"a:\n  'one\n   two'\nb: 1\n", b'a:\n  - "one\n\n    two"\n', b'a: [x, "one\n  two"]\n'],
)
def test_quoted_text_over_several_lines_indented_inside_its_block_is_fine(data: bytes) -> None:
    ok(data)
    assert read_plain(data) is None  # declined, so the careful path checks the indentation


def test_colon_inside_a_plain_value() -> None:
    line, column, message = only(b"title: Math: the basics\n")
    assert (line, column) == (1, 12)
    assert "quotes" in message


def test_badly_indented_key() -> None:
    assert where(b"a:\n  b: 1\n c: 2\n") == [(3, 2)]


def test_unclosed_flow_list_is_reported_where_it_opens() -> None:
    line, column, message = only(b"a: [1, 2\nb: 3\n")
    assert (line, column) == (1, 4)
    assert "this [ ] list is never closed" in message and "noticed at line 2, column 2" in message


@pytest.mark.parametrize("data", [b"name: [\n", b"name: {\n", b"name: [a,\n"])
def test_a_list_open_at_the_end_of_the_file_is_reported_where_it_opens(data: bytes) -> None:
    line, column, message = only(data)
    assert (line, column) == (1, 7) and "is never closed" in message


def test_unclosed_flow_group_is_reported_where_it_opens() -> None:
    line, column, message = only(b"levels:\n  - {id: a, passing: false\n  - {id: b, passing: true}\n")
    assert (line, column) == (2, 5)
    assert "this { } group is never closed" in message and "add the }" in message


def test_a_mistake_inside_a_flow_list_over_several_lines_is_reported_where_it_is() -> None:
    line, column, message = only(b"a: [\n  1, 2\n  3: x\n]\n")
    assert (line, column) == (3, 4)
    assert "list is not closed" in message and "starts at line 1, column 4" in message


def test_syntax_error_position_after_multibyte_characters() -> None:
    assert where("😀😀: x\nk: 😀😀 : y\n".encode()) == [(2, 7)]


def test_text_after_document_end() -> None:
    assert where(b"x: 1\n...\ny: 2\n") == [(3, 1)]


# --- anchors, aliases and tags ---------------------------------------------------------


def test_anchor_is_rejected_at_the_first_one() -> None:
    line, column, message = only(b"a: 1\nb: &x 2\nc: *x\nd: &y 3\n")
    assert (line, column) == (2, 4)
    assert message == (
        "YAML anchors and aliases (&name, *name) are not allowed; write the value out in full"
    )


def test_alias_alone_and_anchored_collections_are_rejected() -> None:
    assert where(b"a: 1\nb: *nowhere\n") == [(2, 4)]
    assert where(b"a: &x\n  b: 1\n") == [(1, 4)]
    assert where(b"a:\n  - &x [1]\n") == [(2, 5)]


BILLION_LAUGHS = (
    b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + b"".join(
        b"%c: &%c [%s]\n" % (c, c, b", ".join([b"*%c" % (c - 1)] * 9))
        for c in range(ord("b"), ord("j"))
    )
)


def test_billion_laughs_returns_quickly() -> None:
    assert BILLION_LAUGHS.count(b"\n") == 9
    start = time.perf_counter()
    problems = bad(BILLION_LAUGHS)
    assert time.perf_counter() - start < 0.5
    assert [(line, column) for line, column, _ in problems] == [(1, 4)]


def test_tags_are_rejected_where_they_appear() -> None:
    problems = bad(
        b"a: !!str 1\n"
        b'b: !!python/object:os.system "ls"\n'
        b"c:\n  - !!binary aGk=\n"
        b"d: !local x\n"
        b"e: ! y\n"
        b"f: !!map\n  g: 1\n"
        b"!!str h: 2\n"
    )
    assert [(line, column) for line, column, _ in problems] == [
        (1, 4),
        (2, 4),
        (4, 5),
        (5, 4),
        (6, 4),
        (7, 4),
        (9, 1),
    ]
    assert problems[0][2] == (
        "YAML tags like !!str are not allowed; write a plain value, quoted if it must stay text"
    )


# --- documents and top level -----------------------------------------------------------


def test_second_document_is_reported_at_its_start() -> None:
    line, column, message = only(b"---\na: 1\n---\nb: 2\n")
    assert (line, column) == (3, 1)
    assert "second YAML document" in message
    assert where(b"a: 1\n--- \n") == [(2, 1)]


@pytest.mark.parametrize(
    "data",
    [b"", b"  \n\n", b"# only a comment\n", b"\xef\xbb\xbf", b"---\n", b"---\n...\n"],
)
def test_empty_file(data: bytes) -> None:
    line, column, message = only(data)
    assert (line, column) == (1, 1)
    assert message.startswith("the file is empty")


@pytest.mark.parametrize(
    ("data", "position"),
    [
        (b"- a\n- b\n", (1, 1)),
        (b"hello\n", (1, 1)),
        (b"---\n- a\n", (2, 1)),
        (b"# c\n'x'\n", (2, 1)),
    ],
)
def test_top_level_must_be_a_mapping(data: bytes, position: tuple[int, int]) -> None:
    line, column, message = only(data)
    assert (line, column) == position
    assert "the top level must be a set of `key: value` lines" in message


# --- keys ----------------------------------------------------------------------------------


def test_keys_that_are_not_text_are_rejected() -> None:
    problems = bad(b"? [a, b]\n: 1\n{a: 1}: x\nc:\n  ? {d: 1}\n  : 2\n")
    assert [(line, column) for line, column, _ in problems] == [(1, 3), (3, 1), (5, 5)]
    assert "key must be plain text" in problems[0][2]


def test_duplicate_keys_are_reported_at_each_repeat() -> None:
    problems = bad(b"id: a\ntitle: x\nid: b\ntitle: y\nlevels:\n  - n: 1\n    n: 2\n")
    assert problems == [
        (3, 1, "duplicate key 'id' (first at line 1); remove one of them"),
        (4, 1, "duplicate key 'title' (first at line 2); remove one of them"),
        (7, 5, "duplicate key 'n' (first at line 6); remove one of them"),
    ]


def test_duplicate_key_comparison_is_on_the_text() -> None:
    assert where(b"a: 1\n'a': 2\n") == [(2, 1)]
    assert where(b"{a: 1, a: 2}\n") == [(1, 8)]


def test_same_key_in_different_mappings_is_fine() -> None:
    ok(b"a:\n  id: 1\nb:\n  id: 2\nid: 3\n")


# --- depth -----------------------------------------------------------------------------------


def test_nesting_past_the_limit_is_reported_where_it_crosses() -> None:
    depth = MAX_DEPTH  # one more than allowed, counting the top-level mapping
    line, column, message = only(b"a: " + b"[" * depth + b"]" * depth + b"\n")
    assert (line, column) == (1, 4 + MAX_DEPTH - 1)
    assert "nested too deeply" in message


def test_deep_block_nesting() -> None:
    data = b"".join(b"  " * level + b"k%d:\n" % level for level in range(MAX_DEPTH + 5))
    assert where(data) == [(MAX_DEPTH + 1, 2 * MAX_DEPTH + 1)]


@pytest.mark.parametrize("data", [b"[" * 100_000, b"[\n" * 100_000, b"{a: " * 100_000])
def test_very_deep_nesting_fails_fast(data: bytes) -> None:
    start = time.perf_counter()
    problems = bad(data)
    assert time.perf_counter() - start < 0.5
    assert len(problems) == 1


def test_deep_nesting_over_many_lines_is_a_depth_problem() -> None:
    line, column, message = only(b"[\n" * 100_000)
    assert (line, column) == (MAX_DEPTH + 1, 1)
    assert "nested too deeply" in message


# --- several problems at once ----------------------------------------------------------------


def test_problems_are_collected_and_sorted() -> None:
    problems = bad(b"b: !!str x\na: 1\nc: '\t1'\na: 2\nd: !!int 3\n")
    assert [(line, column) for line, column, _ in problems] == [
        (1, 4),
        (3, 5),
        (4, 1),
        (5, 4),
    ]


# --- never raise ------------------------------------------------------------------------------


def check_contract(data: bytes) -> None:
    root, problems = read_yaml(data, "c.yaml")
    assert all(isinstance(p, Problem) and p.path == "c.yaml" for p in problems)
    if root is None:
        assert problems
    else:
        assert isinstance(root, MappingNode)
        assert problems == []
    assert problems == sorted(problems, key=lambda p: (p.line, p.column))
    assert all(p.line >= 0 and p.column >= 0 for p in problems)


VALID = DOC + "name: Zoë 😀\nlist: [a, 'b', {c: d}]\n? long key\n: v\n".encode()
YAMLISH = st.text(
    alphabet=st.sampled_from(
        list(":-[]{},#&*!|>'\"?%@` \n\r\t\\.~0aZé😀\x85\u2028\x00")
    )
)
SLOW = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SLOW
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data: bytes) -> None:
    check_contract(data)


@SLOW
@given(st.one_of(st.text(max_size=200), YAMLISH))
def test_random_text_never_raises(text: str) -> None:
    check_contract(text.encode("utf-8"))


@SLOW
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(VALID)),
            st.sampled_from("ird"),
            st.binary(min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_valid_document_never_raises(
    edits: list[tuple[int, str, bytes]],
) -> None:
    data = VALID
    for position, kind, chunk in edits:
        position = min(position, len(data))
        if kind == "i":
            data = data[:position] + chunk + data[position:]
        elif kind == "r":
            data = data[:position] + chunk + data[position + len(chunk) :]
        else:
            data = data[:position] + data[position + len(chunk) :]
    check_contract(data)


def test_unexpected_parser_errors_become_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_parse = yaml.parse

    def explode(*_args, **_kwargs):
        yield from real_parse("a: 1\n", Loader=yaml.SafeLoader)
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(reader.yaml, "parse", explode)
    # The '- !' in the comment keeps this file off the fast path, onto yaml.parse.
    line, column, message = only(b"a: 1\n# - !\n")
    assert (line, column) == (1, 4)  # the last node seen before the failure
    assert "RecursionError" in message


# --- the two parsers agree --------------------------------------------------------------------

WORDS = st.text(
    alphabet=st.sampled_from(list("abcXYZ09é😀ü中 ")), min_size=1, max_size=6
).map(lambda w: "k" + w.strip())


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = []
    for number in range(draw(st.integers(1, 6))):
        key = f"{draw(WORDS)}{number}"
        value = draw(
            st.one_of(
                WORDS,
                WORDS.map(lambda w: f"'{w}'"),
                st.lists(WORDS, max_size=3).map(lambda ws: "[" + ", ".join(ws) + "]"),
            )
        )
        indent = " " * draw(st.integers(0, 3))
        lines.append(f"{key}:{indent} {value}")
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="needs libyaml")
@SLOW
@given(documents())
def test_c_and_python_parsers_give_the_same_tree(text: str) -> None:
    data = text.encode()
    trees = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        reader._LOADER = loader
        trees.append(read_yaml(data, "c.yaml"))
    assert trees[0] == trees[1]
    assert trees[0][0] is not None


def test_error_at_end_of_file_without_final_newline_points_inside_the_file() -> None:
    # The parsers report line 4 here, a line the file does not have.
    line, column, message = only("k:\n  - v\nlast 😀".encode())
    assert (line, column) == (3, 7)
    assert "missing its colon" in message


# --- the fast path builds exactly the tree the careful path builds -------------------------


def careful_tree(data: bytes) -> reader.MappingNode | None:
    text = data.decode("utf-8")
    root, problems = reader._Builder("x.yaml", reader._LINE_BREAK.split(text)).run(text)
    return None if problems else root


def repository_yaml_files() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    return sorted([*root.glob("catalog/**/*.yaml"), *root.glob("portfolios/*.yaml"), *root.glob("tests/fixtures/**/*.yaml")])


SCALARS = st.one_of(WORDS, WORDS.map(lambda w: f"'{w}'"), WORDS.map(lambda w: f'"{w}"'), st.sampled_from(["", "1.10", "no", "~", "2026-02-30", "|\n  block\n  text", ">-\n  folded"]))


@st.composite
def nested_documents(draw: st.DrawFn, depth: int = 0) -> str:
    """Block mappings and sequences nested a few levels, as authors write them."""
    indent = "  " * depth
    lines = []
    for number in range(draw(st.integers(1, 4))):
        key = f"{draw(WORDS)}{number}"
        shape = draw(st.sampled_from(["scalar", "list", "map"] if depth < 3 else ["scalar"]))
        if shape == "scalar":
            value = draw(SCALARS).replace("\n", "\n" + indent)
            lines.append(f"{indent}{key}: {value}".rstrip())
        elif shape == "list":
            lines.append(f"{indent}{key}:")
            lines += [f"{indent}  - {draw(WORDS)}" for _ in range(draw(st.integers(1, 3)))]
        else:
            lines.append(f"{indent}{key}:")
            lines.append(draw(nested_documents(depth + 1)).rstrip("\n"))
    return "\n".join(lines) + "\n"


# --- plain data is the careful tree's values, without positions ----------------------------


def shape(value: object) -> object:
    """Plain data or a tree, as comparable values that keep plain and quoted text apart."""
    if isinstance(value, reader.ScalarNode):
        return ("plain" if value.plain else "quoted", value.value)
    if isinstance(value, reader.SequenceNode):
        return ("list", [shape(item) for item in value.items])
    if isinstance(value, reader.MappingNode):
        return ("map", [(key.value, shape(child)) for key, child in value.pairs])
    if isinstance(value, list):
        return ("list", [shape(item) for item in value])
    if isinstance(value, dict):
        return ("map", [(key, shape(child)) for key, child in value.items()])
    return ("quoted" if type(value) is reader.Quoted else "plain", str(value))


def assert_plain_matches_careful(data: bytes) -> None:
    """Plain data, when the fast twin gives it, is the careful tree's values and
    the careful path finds no problem in the file."""
    plain = read_plain(data)
    if plain is not None:
        careful = careful_tree(data)
        assert careful is not None and shape(plain) == shape(careful)
        assert shape(reader.plain_data(careful)[0]) == shape(plain)  # what the typing stage gets either way


@pytest.mark.parametrize("file", repository_yaml_files(), ids=lambda p: p.name)
def test_plain_data_matches_the_careful_tree_on_real_files(file: Path) -> None:
    assert_plain_matches_careful(file.read_bytes())


@pytest.mark.parametrize(
    "data",
    [
        b"a: b\n  *c\n", b"text: >-\n  **Bold** first words\n  * a list item\n", b"t: |\n  & more\n  !bang\n",
        b"citation: 'Kriete, R., & Davis, C. (2014)'\n", b'q: "[&x] {*y} !z"\n', b"s: [\"a, &b\"]\n",
    ],
)
def test_markdown_and_citations_inside_text_are_read_plain(data: bytes) -> None:
    """A '&', '*' or '!' inside a scalar's text, past its first character, is
    text: real portfolios are full of them (Markdown, citations)."""
    assert read_plain(data) is not None
    assert_plain_matches_careful(data)


def test_prose_with_ampersands_asterisks_and_exclamation_marks_is_read_plain() -> None:
    data = b"a: Q&A, with *very* good results!\nb: 'Smith & Jones (2020)'\nc: >-\n  Wait! It *works* & more\n"
    assert read_plain(data) == {"a": "Q&A, with *very* good results!", "b": "Smith & Jones (2020)", "c": "Wait! It *works* & more"}
    assert_plain_matches_careful(data)


@settings(max_examples=300, deadline=None)
@given(st.one_of(documents(), nested_documents()))
def test_plain_data_matches_the_careful_tree_on_generated_documents(document: str) -> None:
    assert_plain_matches_careful(document.encode("utf-8"))


@pytest.mark.parametrize(
    "data",
    [
        b"a: 1\na: 2\n", b"a: &x 1\nb: *x\n", b"a: !t 1\n", b"- 1\n", b"", b"a: [1\n", b"? [a]\n: 1\n",
        b"a: x\n---\nb: y\n", b"a: [x, *y]\n", b"a:\n  &x b: 1\n", b"a: !!str 1\n", b"a: ! x\n", b"a: ! [x]\n", b"a:\tx\n", b'a: "bell\\a"\n', b"<<: {a: 1}\n", b"\xff: 1\n", b"a: " + b"x" * 30_000 + b"\n",
    ],
)
def test_plain_data_declines_anything_irregular(data: bytes) -> None:
    assert read_plain(data) is None


def test_plain_data_keeps_quoted_and_block_text_apart_from_plain_text() -> None:
    plain = read_plain(b"a: 1.10\nb: '1.10'\nc: \"no\"\nd: |\n  x\ne: >-\n  y\nf: [1, '2']\n")
    assert plain == {"a": "1.10", "b": "1.10", "c": "no", "d": "x\n", "e": "y", "f": ["1", "2"]}
    assert [type(plain[k]) for k in "abcde"] == [str, reader.Quoted, reader.Quoted, reader.Quoted, reader.Quoted]
    assert [type(item) for item in plain["f"]] == [str, reader.Quoted]


TRICKY_VALUES = st.sampled_from([
    "Q&A", "*very* good", "wait!", "a & b", "x*y", "'&q'", '"*q"', "&a v", "*a", "!t v", "!!str v", "[*a]", "[x, &b y]",
    "{k: &c v}", "{k: *c}", "- &d v", ">-\n  * item\n  & more", "|\n  !bang", "Smith, & Jones",
])


@st.composite
def documents_with_node_properties(draw: st.DrawFn) -> str:
    """Values where '&', '*' and '!' are prose, and where they are anchors, aliases and tags."""
    lines = []
    for number in range(draw(st.integers(1, 5))):
        value = draw(st.one_of(TRICKY_VALUES, WORDS))
        if value.startswith("- "):
            lines.append(f"k{number}:\n  {value}")
        else:
            lines.append(f"k{number}: {value}".replace("\n", "\n  ") if "\n" in value else f"k{number}: {value}")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(documents_with_node_properties())
def test_anchors_aliases_and_tags_never_reach_plain_data(document: str) -> None:
    data = document.encode("utf-8")
    plain = read_plain(data)
    careful = careful_tree(data)
    if careful is None:
        assert plain is None  # the careful path has a problem to report
    assert_plain_matches_careful(data)


@pytest.mark.parametrize(
    "data",
    [
        b"a: {x: &v 1}\nb: {y: *v}\n", b"a: [&v 1]\nb: [*v]\n", b"a: &v {x: 1}\nb: *v\n", b"a: !t x\n",
        b"a: !!str 1\n", b"a: !t [x]\n", b"a: &v x\n",
    ],
)
def test_the_converters_decline_tags_and_aliases_the_text_check_let_through(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_plain, "_NODE_PROPERTY", re.compile("(?!)"))  # as if the text check missed them
    if data != b"a: &v x\n":  # an anchor nobody refers to leaves no trace in the composed tree
        assert read_plain(data) is None
    assert careful_tree(data) is None


@pytest.mark.parametrize("data", ["id: x\ntitle:\n\ufeff&a Some title\n", "a: 1\n\ufeff!t b: 2\n", "a: 1\n\ufeffb: 2\n"])
def test_a_byte_order_mark_inside_the_text_sends_it_the_careful_way(data: str) -> None:
    encoded = ("\ufeff" + data).encode("utf-8")  # the file's own BOM is fine; the one inside is not
    assert read_plain(encoded) is None and read_plain(encoded[3:]) is None
