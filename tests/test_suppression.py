"""Suppression: no hidden small count can be worked out from what is printed.

The check is brute force and knows nothing of how suppression.py reasons:
it takes the printed numbers of a small table, treats every hidden number
as an unknown whole number of at least 1 (zeros are printed, so a hidden
number is never zero), writes down every total the table prints as an
equation, and searches the solutions. A hidden small count is protected
when some solution gives it another value.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from credsite.suppression import THRESHOLD, GridMask, LineMask, is_small, suppress_grid, suppress_line

Key = tuple[int, int]
Equation = tuple[list[tuple[Key, int]], int]  # sum of coefficient * unknown == constant


# --- a small exact solver: integer unknowns in [1, cap], linear equations with +-1 coefficients -----


def _propagate(bounds: dict[Key, list[int]], equations: list[Equation]) -> bool:
    """Tighten every unknown's bounds until nothing changes; False when no solution is left."""
    changed = True
    while changed:
        changed = False
        for terms, constant in equations:
            low = sum(c * (bounds[k][0] if c > 0 else bounds[k][1]) for k, c in terms)
            high = sum(c * (bounds[k][1] if c > 0 else bounds[k][0]) for k, c in terms)
            if not low <= constant <= high:
                return False
            for key, coefficient in terms:
                lo, hi = bounds[key]
                own_low = coefficient * (lo if coefficient > 0 else hi)
                own_high = coefficient * (hi if coefficient > 0 else lo)
                # coefficient * x lies in [constant - (high - own_high), constant - (low - own_low)]
                least, most = constant - (high - own_high), constant - (low - own_low)
                if coefficient < 0:
                    least, most = -most, -least
                new_lo, new_hi = max(lo, least), min(hi, most)
                if new_lo > new_hi:
                    return False
                if (new_lo, new_hi) != (lo, hi):
                    bounds[key] = [new_lo, new_hi]
                    changed = True
    return True


def _solvable(bounds: dict[Key, list[int]], equations: list[Equation]) -> bool:
    bounds = {k: list(v) for k, v in bounds.items()}
    if not _propagate(bounds, equations):
        return False
    open_keys = [k for k, (lo, hi) in bounds.items() if lo < hi]
    if not open_keys:
        return True
    key = min(open_keys, key=lambda k: (bounds[k][1] - bounds[k][0], k))
    lo, hi = bounds[key]
    middle = (lo + hi) // 2
    return any(
        _solvable({**bounds, key: [a, b]}, equations) for a, b in ((lo, middle), (middle + 1, hi))
    )


def another_value_fits(truth: dict[Key, int], hidden: set[Key], equations: list[Equation], target: Key, cap: int) -> bool:
    """Some solution gives ``target`` a value other than its true one."""
    bounds = {key: [1, cap] for key in hidden}
    value = truth[target]
    below = value > 1 and _solvable({**bounds, target: [1, value - 1]}, equations)
    return below or (value < cap and _solvable({**bounds, target: [value + 1, cap]}, equations))


def printed_equations(truth: dict[Key, int], hidden: set[Key], lines: list[tuple[list[Key], int]]) -> list[Equation]:
    """Each line says: the sum of its cells, each times its sign, is zero. Printed cells are constants."""
    equations = []
    for members, _ in lines:
        terms = [(key, sign) for key, sign in members_signs(members, lines) if key in hidden]
        constant = -sum(sign * truth[key] for key, sign in members_signs(members, lines) if key not in hidden)
        if terms:
            equations.append((terms, constant))
        else:
            assert constant == 0
    return equations


def members_signs(members: list[Key], lines: list[tuple[list[Key], int]]) -> list[tuple[Key, int]]:
    total = members[-1]
    return [(key, 1) for key in members[:-1]] + [(total, -1)]


def unprotected(
    truth: dict[Key, int], hidden: set[Key], lines: list[tuple[list[Key], int]], sensitive: set[Key] = frozenset()
) -> list[Key]:
    """Hidden small (or otherwise sensitive) counts that every solution pins to their true value."""
    cap = max(truth.values()) + 2
    equations = printed_equations(truth, hidden, lines)
    must = [key for key in sorted(hidden) if is_small(truth[key]) or key in sensitive]
    return [key for key in must if not another_value_fits(truth, hidden, equations, key, cap)]


# --- tables as cells and lines ---------------------------------------------------------------


def line_table(counts: Sequence[int]) -> tuple[dict[Key, int], list[tuple[list[Key], int]]]:
    """Cells (0, i) and their total (0, n); one line."""
    truth = {(0, i): count for i, count in enumerate(counts)}
    truth[(0, len(counts))] = sum(counts)
    return truth, [([(0, i) for i in range(len(counts) + 1)], 0)]


def grid_table(counts: Sequence[Sequence[int]]) -> tuple[dict[Key, int], list[tuple[list[Key], int]]]:
    """Inner cells, row totals (r, C), column totals (R, c), grand total (R, C); every row and column a line."""
    rows, columns = len(counts), len(counts[0])
    truth = {(r, c): counts[r][c] for r in range(rows) for c in range(columns)}
    for r in range(rows):
        truth[(r, columns)] = sum(counts[r])
    for c in range(columns + 1):
        truth[(rows, c)] = sum(truth[(r, c)] for r in range(rows))
    lines = [([(r, c) for c in range(columns + 1)], 0) for r in range(rows + 1)]
    lines += [([(r, c) for r in range(rows + 1)], 0) for c in range(columns + 1)]
    return truth, lines


def line_hidden(mask: LineMask, counts: Sequence[int]) -> set[Key]:
    hidden = {(0, i) for i, hide in enumerate(mask.cells) if hide}
    return hidden | ({(0, len(counts))} if mask.total else set())


def grid_hidden(mask: GridMask, rows: int, columns: int) -> set[Key]:
    hidden = set(mask.cells) | {(r, columns) for r in mask.rows} | {(rows, c) for c in mask.columns}
    return hidden | ({(rows, columns)} if mask.grand else set())


# --- the brute-force check can fail -------------------------------------------------------------


def test_the_check_catches_a_lone_hidden_count_in_a_line() -> None:
    truth, lines = line_table([3, 40, 25])
    assert unprotected(truth, {(0, 0)}, lines) == [(0, 0)]


def test_the_check_catches_two_hidden_ones() -> None:
    truth, lines = line_table([1, 1, 40])
    assert unprotected(truth, {(0, 0), (0, 1)}, lines) == [(0, 0), (0, 1)]


def test_the_check_catches_a_bridge_that_two_per_line_misses() -> None:
    """Two hidden 4-cycles joined by one hidden cell: every row and column hides
    at least two cells, yet rows 0-1 minus columns 0-1 give the joining cell."""
    counts = [[30] * 4 for _ in range(4)]
    cycles = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)}
    for r, c in cycles | {(1, 2)}:
        counts[r][c] = 5
    truth, lines = grid_table(counts)
    assert unprotected(truth, cycles, lines) == []
    assert unprotected(truth, cycles | {(1, 2)}, lines) == [(1, 2)]


def test_primary_suppression_alone_leaks_in_a_grid() -> None:
    counts = [[3, 40], [25, 40]]
    truth, lines = grid_table(counts)
    primary = {key for key, value in truth.items() if is_small(value)}
    assert unprotected(truth, primary, lines) == [(0, 0)]


# --- lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ([12, 3, 40], {1, 0}),  # the lone small count takes the smallest printed one with it
        ([12, 3, 4, 40], {1, 2}),  # two small counts protect each other
        ([1, 1, 40, 12], {0, 1, 3}),  # two ones would both be 1: a third count hides
        ([0, 3, 0], {1}),  # total 3 is small itself: nothing can be worked out
        ([0, 0, 0], set()),
        ([15, 20], set()),
    ],
)
def test_line_suppression_examples(counts: list[int], hidden: set[int]) -> None:
    mask = suppress_line(counts)
    assert {i for i, hide in enumerate(mask.cells) if hide} == hidden


def test_a_line_without_printed_total_hides_only_the_small_counts() -> None:
    assert suppress_line([12, 3, 40], total_printed=False) == LineMask((False, True, False), True)


def test_ten_ones_and_zeros_hide_their_total() -> None:
    mask = suppress_line([1] * 10 + [0])
    assert mask.total and all(mask.cells[:10])


counts_of_educators = st.integers(min_value=0, max_value=25) | st.integers(min_value=0, max_value=3)


@settings(max_examples=400, deadline=None)
@given(st.lists(counts_of_educators, min_size=1, max_size=6))
@example([9, 9, 30])
@example([1, 1, 1, 40])
def test_no_hidden_count_of_a_line_can_be_worked_out(counts: list[int]) -> None:
    mask = suppress_line(counts)
    truth, lines = line_table(counts)
    hidden = line_hidden(mask, counts)
    assert all(mask.cells[i] for i, count in enumerate(counts) if is_small(count))
    assert not any(mask.cells[i] for i, count in enumerate(counts) if count == 0)
    assert unprotected(truth, hidden, lines) == []


# --- grids ---------------------------------------------------------------------------------


def grids(max_rows: int = 3, max_columns: int = 3) -> st.SearchStrategy[list[list[int]]]:
    shapes = st.tuples(st.integers(1, max_rows), st.integers(1, max_columns))
    return shapes.flatmap(
        lambda shape: st.lists(
            st.lists(counts_of_educators | st.integers(0, 12), min_size=shape[1], max_size=shape[1]),
            min_size=shape[0], max_size=shape[0],
        )
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids())
@example([[3, 40], [25, 40]])
@example([[0, 5, 0], [0, 20, 30], [12, 0, 0]])
@example([[1, 30, 30], [1, 30, 30], [30, 30, 1]])
def test_no_hidden_count_of_a_grid_can_be_worked_out(counts: list[list[int]]) -> None:
    rows, columns = len(counts), len(counts[0])
    mask = suppress_grid(counts)
    truth, lines = grid_table(counts)
    hidden = grid_hidden(mask, rows, columns)
    assert {key for key, value in truth.items() if is_small(value)} <= hidden
    assert not any(truth[key] == 0 for key in hidden)
    assert unprotected(truth, hidden, lines) == []


@st.composite
def grids_with_educators(draw: st.DrawFn) -> tuple[list[list[int]], list[int], int]:
    """A grid whose column totals count awards: each made by at least as many
    educators as any one credential counts, at most one per award."""
    counts = draw(grids())
    columns = [[row[c] for row in counts] for c in range(len(counts[0]))]
    educators = [draw(st.integers(max(column), max(sum(column), max(column)))) for column in columns]
    grand = draw(st.integers(max(educators), max(sum(educators), max(educators))))
    return counts, educators, grand


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids_with_educators())
@example(([[6, 6], [5, 5]], [6, 6], 6))  # 22 awards by 6 educators: the totals are hidden and protected
def test_totals_counted_from_few_educators_are_hidden_and_protected(grid: tuple[list[list[int]], list[int], int]) -> None:
    counts, educators, grand = grid
    rows, columns = len(counts), len(counts[0])
    mask = suppress_grid(counts, educators, grand)
    truth, lines = grid_table(counts)
    hidden = grid_hidden(mask, rows, columns)
    sensitive = {(rows, c) for c, n in enumerate(educators) if is_small(n)} | ({(rows, columns)} if is_small(grand) else set())
    assert sensitive <= hidden
    assert unprotected(truth, hidden, lines, sensitive) == []


def test_a_lone_small_count_in_a_large_grid_hides_few_others() -> None:
    counts = [[30 + r + c for c in range(6)] for r in range(40)]
    counts[7][2] = 4
    mask = suppress_grid(counts)
    assert (7, 2) in mask.cells
    assert len(mask.cells) == 4 and not mask.rows and not mask.columns and not mask.grand


def test_a_grid_of_large_counts_hides_nothing() -> None:
    assert suppress_grid([[THRESHOLD, 40], [11, 12]]) == GridMask(frozenset(), frozenset(), frozenset(), False)


def test_grid_suppression_is_deterministic() -> None:
    counts = [[(r * 7 + c * 3) % 14 for c in range(8)] for r in range(60)]
    assert suppress_grid(counts) == suppress_grid([list(row) for row in counts])
