"""Small-number suppression: which counts of educators a published figure may print.

Pure functions over whole numbers; no I/O. The rules, as the figures'
readers are told (docs/state-staff.md):

Primary suppression
    A count of 1 to 9 educators is never printed, nor a count of awards
    that 1 to 9 educators made. Zero is printed: it counts nobody, and
    printing it keeps "not shown" meaning "at least one".

Complementary suppression
    A hidden count must not be recoverable from the printed ones. The
    reader is assumed to know every printed number, which totals add up
    which cells, and that every hidden count is a whole number of at least
    1. Every hidden cell reads the same ("not shown"), whether it is small
    or a larger count hidden to protect a small one, so nothing tells the
    two apart. A hidden count is *protected* when at least two values are
    consistent with all of that. Larger counts hidden on purpose
    (complementary cells) need no protection of their own: printing one
    would be allowed.

Lines (``suppress_line``)
    A list of counts with a printed total. When exactly one count is
    hidden, or every hidden count is 1, the smallest printed non-zero count
    is hidden too; with none to hide, the total is hidden. Then a line with
    a printed total has no hidden count, or at least two that are not all
    1. Protected: take a hidden count x and another hidden count y. If
    x >= 2, then (x - 1, y + 1) fits the total as well; if x = 1, some
    hidden z is at least 2 and (x + 1, z - 1) fits.

Grids (``suppress_grid``)
    Counts in rows and columns (credentials by year) with printed row
    totals, column totals and a grand total, each hidden when small. A
    rule per line is not enough here: hidden cells that meet in a chain
    rather than a cycle can be solved one after the other. The grid is
    checked as what it is, a network: rows and columns are nodes, every
    hidden cell (totals included) an edge, and a hidden count can move by
    one exactly when it lies on a cycle of hidden cells that can all move
    by one, alternately up and down, without a count dropping below 1
    (every solution of the line equations differs from the true grid by a
    sum of such cycles). A small count on no such cycle gets one: the
    printed cells along the cheapest path that closes a cycle are hidden
    as well (inner cells first, then row and column totals, the grand
    total last; smaller counts before larger ones). Hiding more only adds
    cycles, so a count once protected stays protected, and one pass over
    the small counts is enough. The brute-force property test in
    tests/test_suppression.py checks the result against every solution.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 10  # counts of fewer educators than this are never printed


def is_small(count: int) -> bool:
    """A count that must not be printed: 1 to 9 educators (0 counts nobody)."""
    return 0 < count < THRESHOLD


# --- lines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LineMask:
    cells: tuple[bool, ...]  # True: not printed
    total: bool  # True: the total is not printed


def suppress_line(counts: Sequence[int], total_printed: bool = True) -> LineMask:
    """Which counts of a line (and its total, their sum) must be hidden.

    ``total_printed`` False: the figure prints no total, so no count can
    be worked out from one and only the small counts are hidden.
    """
    hidden = [is_small(count) for count in counts]
    total_hidden = is_small(sum(counts)) or not total_printed
    if not total_hidden:
        small = [count for count, hide in zip(counts, hidden) if hide]
        if len(small) == 1 or (small and all(count == 1 for count in small)):
            printed = [(count, index) for index, count in enumerate(counts) if not hidden[index] and count > 0]
            if printed:
                hidden[min(printed)[1]] = True
            else:
                total_hidden = True
    return LineMask(tuple(hidden), total_hidden)


# --- grids ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GridMask:
    cells: frozenset[tuple[int, int]]  # (row, column) of the hidden inner cells
    rows: frozenset[int]  # rows whose total is hidden
    columns: frozenset[int]  # columns whose total is hidden
    grand: bool  # the grand total is hidden


# Cost of hiding a printed cell to protect a small one: inner cells before
# totals, the grand total last; among equals, the smaller count.
_INNER_COST, _TOTAL_COST, _GRAND_COST = 1, 10, 100

Cell = tuple[int, int]  # in the extended grid: row R holds the column totals, column C the row totals


class _Network:
    """The extended grid (totals as a last row and column) as a directed graph.

    Nodes: rows 0..R (R: the totals row) are 0..R, columns 0..C (C: the
    totals column) are R+1..R+1+C. In the extended grid every row and
    column sums to zero once the totals are negated, so each cell enters
    its row and its column with the same sign. Walking a cell from its row
    to its column raises that signed value by one, walking it back lowers
    it: inner cells and the grand total are signed +1, the row and column
    totals -1. A walk is allowed when the count stays at least 1.
    """

    def __init__(self, values: dict[Cell, int], rows: int, columns: int) -> None:
        self.values = values
        self.rows, self.columns = rows, columns
        self.hidden: set[Cell] = set()
        self.arcs: dict[int, list[tuple[int, Cell]]] = {node: [] for node in range(rows + columns + 2)}
        self._every_walk: dict[int, list[tuple[int, Cell]]] | None = None  # made on first use

    def row_node(self, cell: Cell) -> int:
        return cell[0]

    def column_node(self, cell: Cell) -> int:
        return self.rows + 1 + cell[1]

    def sign(self, cell: Cell) -> int:
        total_row, total_column = cell[0] == self.rows, cell[1] == self.columns
        return -1 if total_row != total_column else 1

    def can_raise(self, cell: Cell) -> bool:
        """The signed value can go up by one (walk row -> column)."""
        return self.values[cell] + self.sign(cell) >= 1

    def can_lower(self, cell: Cell) -> bool:
        """The signed value can go down by one (walk column -> row)."""
        return self.values[cell] - self.sign(cell) >= 1

    def walks(self, cell: Cell) -> list[tuple[int, int]]:
        row, column = self.row_node(cell), self.column_node(cell)
        found = []
        if self.can_raise(cell):
            found.append((row, column))
        if self.can_lower(cell):
            found.append((column, row))
        return found

    def hide(self, cell: Cell) -> None:
        if cell in self.hidden:
            return
        self.hidden.add(cell)
        for start, end in self.walks(cell):
            self.arcs[start].append((end, cell))

    def reachable(self, start: int, goal: int, avoiding: Cell) -> bool:
        """A walk from ``start`` to ``goal`` over hidden cells other than ``avoiding``."""
        seen, frontier = {start}, [start]
        while frontier:
            node = frontier.pop()
            for nxt, cell in self.arcs[node]:
                if cell != avoiding and nxt not in seen:
                    if nxt == goal:
                        return True
                    seen.add(nxt)
                    frontier.append(nxt)
        return False

    def protected(self, cell: Cell) -> bool:
        """The hidden count lies on a cycle it can move along: a second value fits."""
        row, column = self.row_node(cell), self.column_node(cell)
        return (self.can_raise(cell) and self.reachable(column, row, cell)) or (
            self.can_lower(cell) and self.reachable(row, column, cell)
        )

    def cost(self, cell: Cell) -> tuple[int, int]:
        total_row, total_column = cell[0] == self.rows, cell[1] == self.columns
        base = _GRAND_COST if total_row and total_column else _TOTAL_COST if total_row or total_column else _INNER_COST
        return base, self.values[cell]

    def cheapest_cycle(self, cell: Cell) -> list[Cell]:
        """The printed cells to hide so that ``cell`` lies on a cycle, fewest and cheapest first."""
        row, column = self.row_node(cell), self.column_node(cell)
        options = []
        if self.can_raise(cell):
            options.append(self._cheapest_path(column, row, cell))
        if self.can_lower(cell):
            options.append(self._cheapest_path(row, column, cell))
        found = [option for option in options if option is not None]
        if not found:  # cannot happen: hiding every total always closes a cycle (see the docstring)
            raise AssertionError(f"no cycle can protect cell {cell}")
        return min(found)[1]

    def _cheapest_path(self, start: int, goal: int, avoiding: Cell) -> tuple[tuple[int, int], list[Cell]] | None:
        """Dijkstra over every non-zero cell: hidden ones are free, printed ones cost ``cost``."""
        best: dict[int, tuple[int, int]] = {start: (0, 0)}
        came: dict[int, tuple[int, Cell]] = {}
        queue: list[tuple[tuple[int, int], int]] = [((0, 0), start)]
        done: set[int] = set()
        while queue:
            spent, node = heapq.heappop(queue)
            if node in done:
                continue
            done.add(node)
            if node == goal:
                path, at = [], goal
                while at != start:
                    at, cell = came[at]
                    if cell not in self.hidden:
                        path.append(cell)
                return spent, sorted(path)
            for nxt, cell in self._all_walks_from(node):
                if cell == avoiding or nxt in done:
                    continue
                step = (0, 0) if cell in self.hidden else self.cost(cell)
                total = (spent[0] + step[0], spent[1] + step[1])
                if nxt not in best or total < best[nxt]:
                    best[nxt] = total
                    came[nxt] = (node, cell)
                    heapq.heappush(queue, (total, nxt))
        return None

    def _all_walks_from(self, node: int) -> list[tuple[int, Cell]]:
        """Walks over every non-zero cell, hidden or printed, that start at ``node``."""
        if self._every_walk is None:
            self._every_walk = {start: [] for start in self.arcs}
            for cell, count in self.values.items():
                if count:
                    for start, end in self.walks(cell):
                        self._every_walk[start].append((end, cell))
        return self._every_walk[node]


def suppress_grid(
    counts: Sequence[Sequence[int]], column_educators: Sequence[int] | None = None, grand_educators: int | None = None
) -> GridMask:
    """Which inner counts, row totals, column totals and grand total of a grid to hide.

    ``counts`` is a list of rows of equal length; the totals are their sums.
    Every inner count and row total counts distinct educators. A column
    total or the grand total may not (one educator can earn several
    credentials in a year): ``column_educators`` and ``grand_educators``
    say how many educators each counts, and a total counted from 1 to 9
    educators is hidden, and protected, like a small count.
    """
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    values: dict[Cell, int] = {}
    for r, row in enumerate(counts):
        if len(row) != columns:
            raise ValueError("every row of a grid needs the same number of counts")
        for c, count in enumerate(row):
            values[(r, c)] = count
        values[(r, columns)] = sum(row)
    for c in range(columns):
        values[(rows, c)] = sum(values[(r, c)] for r in range(rows))
    values[(rows, columns)] = sum(values[(r, columns)] for r in range(rows))

    network = _Network(values, rows, columns)
    sensitive = {cell for cell, count in values.items() if is_small(count)}
    if column_educators is not None:
        sensitive |= {(rows, c) for c, educators in enumerate(column_educators) if is_small(educators)}
    if grand_educators is not None and is_small(grand_educators):
        sensitive.add((rows, columns))
    small = sorted(sensitive)
    for cell in small:
        network.hide(cell)
    _pair_lonely_cells(network)
    # Cheap tests first (one pass over the graph each); they can only err
    # towards "not protected", which the walk search then settles.
    same_component = _strong_components(network)
    bridges = _bridges(network)
    for cell in small:
        row, column = network.row_node(cell), network.column_node(cell)
        two_ways = network.can_raise(cell) and network.can_lower(cell)
        if two_ways and cell not in bridges:
            continue
        if not two_ways and same_component[row] == same_component[column]:
            continue
        if not network.protected(cell):
            for extra in network.cheapest_cycle(cell):
                network.hide(extra)
    hidden = network.hidden
    return GridMask(
        cells=frozenset(cell for cell in hidden if cell[0] < rows and cell[1] < columns),
        rows=frozenset(r for r, c in hidden if c == columns and r < rows),
        columns=frozenset(c for r, c in hidden if r == rows and c < columns),
        grand=(rows, columns) in hidden,
    )


def _pair_lonely_cells(network: _Network) -> None:
    """No row or column of the extended grid keeps exactly one hidden cell.

    Not needed for correctness (the cycle search would find the same
    partners, one Dijkstra at a time); it settles the common case, a lone
    small count in a row of large ones, in one sweep. The partner is the
    smallest printed inner count of the line, preferably in a line that
    already hides something, so that cycles close.
    """
    lines = [[(r, c) for c in range(network.columns + 1)] for r in range(network.rows + 1)]
    lines += [[(r, c) for r in range(network.rows + 1)] for c in range(network.columns + 1)]
    changed = True
    while changed:
        changed = False
        hidden_in_row = {r: 0 for r in range(network.rows + 1)}
        hidden_in_column = {c: 0 for c in range(network.columns + 1)}
        for r, c in network.hidden:
            hidden_in_row[r] += 1
            hidden_in_column[c] += 1
        for line in lines:
            if sum(1 for cell in line if cell in network.hidden) != 1:
                continue
            along_row = line[0][0] == line[-1][0]
            candidates = [
                cell for cell in line
                if cell not in network.hidden and network.values[cell] > 0
                and cell[0] < network.rows and cell[1] < network.columns
            ]
            if not candidates:
                continue  # only totals left: the cycle search decides
            crossing = hidden_in_column if along_row else hidden_in_row
            side = 1 if along_row else 0
            partner = min(candidates, key=lambda cell: (0 if crossing[cell[side]] else 1, network.values[cell], cell))
            network.hide(partner)
            hidden_in_row[partner[0]] += 1
            hidden_in_column[partner[1]] += 1
            changed = True


def _strong_components(network: _Network) -> dict[int, int]:
    """Node -> the id of its strongly connected component in the graph of hidden walks (Tarjan, iterative)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    component: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    counter = 0
    for root in network.arcs:
        if root in index:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, position = work[-1]
            arcs = network.arcs[node]
            if position < len(arcs):
                work[-1] = (node, position + 1)
                nxt = arcs[position][0]
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = node
                    if member == node:
                        break
    return component


def _bridges(network: _Network) -> set[Cell]:
    """Hidden cells that can move both ways and lie on no cycle of such cells (Tarjan's bridges, iterative)."""
    neighbours: dict[int, list[tuple[int, Cell]]] = {node: [] for node in network.arcs}
    for cell in network.hidden:
        if network.can_raise(cell) and network.can_lower(cell):
            row, column = network.row_node(cell), network.column_node(cell)
            neighbours[row].append((column, cell))
            neighbours[column].append((row, cell))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: set[Cell] = set()
    counter = 0
    for root in neighbours:
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        work: list[tuple[int, Cell | None, int]] = [(root, None, 0)]
        while work:
            node, via, position = work[-1]
            if position < len(neighbours[node]):
                work[-1] = (node, via, position + 1)
                nxt, cell = neighbours[node][position]
                if cell == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    work.append((nxt, cell, 0))
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    assert via is not None
                    found.add(via)
    return found
