"""The figures section (``stats/``): pages, charts and CSV downloads.

``stats_files`` yields every output file as (site path, bytes): the
figures page, one page per published credential, and a CSV for every
table. Every number comes from ``stats.figures`` (suppression already
applied); this module only words and lays them out. A chart and its table
show the same numbers, and the CSV holds exactly the table.

A credential's page shows nothing but its CSVs' numbers and the catalog,
so when the catalog and the settings are the same as last build's, a page
whose CSVs came out byte for byte the same is the same page:
``staged_stats_files`` then keeps the file the output already holds instead
of rendering it again (one edited portfolio changes the figures of a few
credentials, not of 500).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import charts, stats
from . import urls as url_layout
from .i18n import Translator
from .render import Renderer
from .site import Site
from .stats import CredentialFigures, Figures, GroupFigures, Shown
from .writer import Previous, stage_file

CSV_RISKY_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would read these as a formula


# --- what a table is ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str  # as the page prints it
    csv: str  # as the CSV writes it: plain digits, a dot for decimals
    hidden: bool = False


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    link: str | None = None  # site path the label links to


@dataclass(frozen=True)
class Table:
    key: str  # the HTML id and the CSV's name
    title: str
    caption: str
    columns: tuple[str, ...]  # the first heads the row labels
    rows: tuple[Row, ...]
    csv_path: str
    total: Row | None = None
    note: str | None = None
    chart_column: int | None = None  # the column drawn as a bar chart, if any
    chart_description: str = ""  # what the chart is, before its bars are read out

    @property
    def charted(self) -> bool:
        return self.chart_column is not None and bool(self.rows)

    def chart(self) -> Markup:
        """The bar chart of ``chart_column``, labelled by the rows' labels (drawn when a page is rendered)."""
        assert self.chart_column is not None
        column = self.chart_column
        bars = [
            charts.Bar(row.label, None if row.cells[column].hidden else float(row.cells[column].csv), row.cells[column].text)
            for row in self.rows
        ]
        text = f"{self.chart_description} {charts.described(bars)}."
        return Markup(charts.bar_chart(f"chart-{self.key}", self.title, text, bars))

    def csv_bytes(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([csv_safe(column) for column in self.columns])
        for row in (*self.rows, *((self.total,) if self.total else ())):
            writer.writerow([csv_safe(row.label), *(csv_safe(cell.csv) for cell in row.cells)])
        return out.getvalue().encode("utf-8")


def csv_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading quote."""
    return "'" + text if text.startswith(CSV_RISKY_START) else text


# --- numbers in words ------------------------------------------------------------------------


@dataclass
class Wording:
    """Numbers as the catalog's language writes them: its locale file translates
    the patterns (a Spanish percent has a space before the sign, its decimals a comma)."""

    translator: Translator
    hidden: str = field(init=False)

    def __post_init__(self) -> None:
        self.hidden = self.translator.gettext("not shown")

    def grouped(self, value: int) -> str:
        if value < 1000:
            return str(value)
        return self.translator.gettext("{thousands},{units}", thousands=self.grouped(value // 1000), units=f"{value % 1000:03d}")

    def count(self, value: Shown) -> Cell:
        if value is None:
            return Cell(self.hidden, self.hidden, hidden=True)
        return Cell(self.grouped(value), str(value))

    def percent(self, share: float | None) -> Cell:
        if share is None:
            return Cell(self.hidden, self.hidden, hidden=True)
        whole = round(share * 100)
        return Cell(self.translator.gettext("{percent}%", percent=whole), str(whole))

    def decimal(self, value: float | None) -> Cell:
        """A median: whole, or with one decimal (a median of an even count can end in .5)."""
        if value is None:
            return Cell(self.hidden, self.hidden, hidden=True)
        tenths = round(value * 10)
        if tenths % 10 == 0:
            return Cell(str(tenths // 10), str(tenths // 10))
        text = self.translator.gettext("{whole}.{tenths}", whole=tenths // 10, tenths=tenths % 10)
        return Cell(text, f"{tenths // 10}.{tenths % 10}")

    def days(self, value: float | None) -> Cell:
        return self.decimal(None if value is None else float(round(value)))


# --- the figures page ----------------------------------------------------------------------


def awards_table(figures: Figures, w: Wording) -> Table:
    t = w.translator
    growth = figures.growth
    return Table(
        key="awards-by-year",
        title=t.gettext("Micro-credentials awarded each year"),
        caption=t.gettext("Micro-credentials awarded each year, all micro-credentials together"),
        columns=(t.gettext("Year"), t.gettext("Micro-credentials awarded")),
        rows=tuple(Row(str(year), (w.count(count),)) for year, count in zip(growth.years, growth.awards)),
        total=Row(t.gettext("All years"), (w.count(growth.awards_total),)),
        csv_path=url_layout.stats_file("awards-by-year"),
        note=t.gettext("An educator counts once per micro-credential, in the year they first earned it. Revoked awards do not count."),
        chart_column=0,
        chart_description=t.gettext("Bar chart of micro-credentials awarded, by year."),
    )


def holders_table(figures: Figures, w: Wording) -> Table:
    t = w.translator
    growth = figures.growth
    rows = tuple(
        Row(str(year), (w.count(new), w.count(holding)))
        for year, new, holding in zip(growth.years, growth.new_holders, growth.holders)
    )
    return Table(
        key="holders-by-year",
        title=t.gettext("Educators holding at least one micro-credential"),
        caption=t.gettext("Educators who earned their first micro-credential each year, and how many held at least one at the end of it"),
        columns=(t.gettext("Year"), t.gettext("Earned a first micro-credential"), t.gettext("Holding at least one at year end")),
        rows=rows,
        total=Row(t.gettext("All years"), (w.count(growth.holders_total), Cell("", ""))),
        csv_path=url_layout.stats_file("holders-by-year"),
        chart_column=1,
        chart_description=t.gettext("Bar chart of educators holding at least one micro-credential at the end of each year."),
    )


def renewal_table(figures: Figures, w: Wording) -> Table:
    t = w.translator
    labels = (
        t.gettext("Meet a renewal pathway"),
        t.gettext("Three quarters of the way or more"),
        t.gettext("Half to three quarters of the way"),
        t.gettext("A quarter to half of the way"),
        t.gettext("Less than a quarter of the way"),
        t.gettext("Nothing counted yet"),
    )
    renewal = figures.renewal
    return Table(
        key="renewal",
        title=t.gettext("Where educators stand on license renewal"),
        caption=t.gettext("Educators whose license names a renewal pathway, by how far along their best pathway they are"),
        columns=(t.gettext("Where they stand"), t.gettext("Educators")),
        rows=tuple(Row(label, (w.count(count),)) for label, count in zip(labels, renewal.bands)),
        total=Row(t.gettext("All educators with a renewal pathway"), (w.count(renewal.total),)),
        csv_path=url_layout.stats_file("renewal"),
        note=t.gettext("A license is met when any one of its pathways is met. For the others, the share of their best pathway's requirement (micro-credentials or points) already done."),
        chart_column=0,
        chart_description=t.gettext("Bar chart of educators with a renewal pathway, by how far along they are."),
    )


def credentials_table(site: Site, figures: Figures, w: Wording) -> Table:
    t = w.translator
    titles = {c.id: c.title for c in site.published_credentials}
    rows = tuple(
        Row(
            titles[cid],
            (w.count(f.earners), w.percent(f.first_attempt_rate), w.decimal(f.median_submissions), w.days(f.median_days)),
            url_layout.stats_credential(cid),
        )
        for cid, f in sorted(figures.credentials.items(), key=lambda item: (titles[item[0]].casefold(), item[0]))
    )
    return Table(
        key="credentials",
        title=t.gettext("By micro-credential"),
        caption=t.gettext("Every micro-credential: earners, first-attempt passes, submissions and time to award"),
        columns=(
            t.gettext("Micro-credential"), t.gettext("Educators who earned it"), t.gettext("Passed on the first submission"),
            t.gettext("Median submissions"), t.gettext("Median days from start to award"),
        ),
        rows=rows,
        csv_path=url_layout.stats_file("credentials"),
    )


def group_table(
    key: str, title: str, caption: str, heading: str, groups: Sequence[GroupFigures], titles: dict[str, str], w: Wording,
    links: dict[str, str], stacks: bool = False,
) -> Table:
    t = w.translator
    columns = [heading, t.gettext("Micro-credentials"), t.gettext("Educators who earned at least one")]
    if stacks:
        columns.append(t.gettext("Educators who completed it"))
    columns += [t.gettext("Median submissions"), t.gettext("Median days from start to award")]
    rows = []
    for group in groups:
        cells = [Cell(str(group.credentials), str(group.credentials)), w.count(group.earners)]
        if stacks:
            cells.append(w.count(group.completions))
        cells += [w.decimal(group.median_submissions), w.days(group.median_days)]
        rows.append(Row(titles[group.id], tuple(cells), links[group.id]))
    return Table(
        key=key, title=title, caption=caption, columns=tuple(columns), rows=tuple(rows),
        csv_path=url_layout.stats_file(key),
        note=t.gettext("Educators count once per row, however many of its micro-credentials they hold."),
    )


def index_tables(site: Site, figures: Figures, w: Wording) -> dict[str, Table]:
    t = w.translator
    state = site.state
    return {
        "awards": awards_table(figures, w),
        "holders": holders_table(figures, w),
        "renewal": renewal_table(figures, w),
        "credentials": credentials_table(site, figures, w),
        "topics": group_table(
            "topics", t.gettext("By topic"), t.gettext("Each topic: its micro-credentials, earners, submissions and time to award"),
            t.gettext("Topic"), figures.topics, {topic.id: topic.title for topic in state.catalog.topics}, w,
            {topic.id: url_layout.topic(topic.id) for topic in state.catalog.topics},
        ),
        "stacks": group_table(
            "stacks", t.gettext("By stack"), t.gettext("Each stack: its micro-credentials, earners, completions, submissions and time to award"),
            t.gettext("Stack"), figures.stacks, {s.id: s.title for s in state.stacks.values()}, w,
            {s.id: url_layout.stack(s.id) for s in state.stacks.values()}, stacks=True,
        ),
        "issuers": group_table(
            "issuers", t.gettext("By issuer"), t.gettext("Each issuer: its micro-credentials, earners, submissions and time to award"),
            t.gettext("Issuer"), figures.issuers, {i.id: i.name for i in state.issuers.values()}, w,
            {i.id: url_layout.issuer(i.id) for i in state.issuers.values()},
        ),
    }


# --- one credential's page -----------------------------------------------------------------


def credential_tables(credential_id: str, f: CredentialFigures, w: Wording) -> dict[str, Table]:
    t = w.translator
    summary = Table(
        key="summary",
        title=t.gettext("At a glance"),
        caption=t.gettext("Key figures"),
        columns=(t.gettext("Figure"), t.gettext("Value")),
        rows=(
            Row(t.gettext("Educators who earned it"), (w.count(f.earners),)),
            Row(t.gettext("Passed on the first submission"), (w.percent(f.first_attempt_rate),)),
            Row(t.gettext("Median submissions"), (w.decimal(f.median_submissions),)),
            Row(t.gettext("Median days from start to award"), (w.days(f.median_days),)),
        ),
        csv_path=url_layout.stats_credential_file(credential_id, "summary"),
    )
    earners = Table(
        key="earners-by-year",
        title=t.gettext("Educators who earned it, by year"),
        caption=t.gettext("Educators who first earned this micro-credential, by year"),
        columns=(t.gettext("Year"), t.gettext("Educators")),
        rows=tuple(Row(str(year), (w.count(count),)) for year, count in zip(f.years, f.earners_by_year)),
        total=Row(t.gettext("All years"), (w.count(f.earners),)),
        csv_path=url_layout.stats_credential_file(credential_id, "earners-by-year"),
        chart_column=0,
        chart_description=t.gettext("Bar chart of educators who earned it, by year."),
    )
    labels = (
        t.gettext("1 (passed the first time)"), "2", "3", t.gettext("4 or more"), t.gettext("Attempts not shown by the educator"),
    )
    submissions = Table(
        key="submissions",
        title=t.gettext("Submissions it took"),
        caption=t.gettext("Educators by how many submissions it took to earn this micro-credential"),
        columns=(t.gettext("Submissions"), t.gettext("Educators")),
        rows=tuple(Row(label, (w.count(count),)) for label, count in zip(labels, f.submissions)),
        total=Row(t.gettext("All earners"), (w.count(f.earners),)),
        csv_path=url_layout.stats_credential_file(credential_id, "submissions"),
        note=t.gettext("Each \u201cNot Yet\u201d before the award adds a submission."),
        chart_column=0,
        chart_description=t.gettext("Bar chart of educators by submissions it took."),
    )
    return {"summary": summary, "earners": earners, "submissions": submissions}


# --- files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatsPage:
    path: str  # site path
    template: str
    context: dict[str, Any]
    tables: tuple[Table, ...]

    def csv_files(self) -> list[tuple[str, bytes]]:
        return [(table.csv_path, table.csv_bytes()) for table in self.tables]

    def render(self, renderer: Renderer) -> bytes:
        return renderer.render(self.template, self.path, **self.context)


def stats_pages(site: Site, translator: Translator) -> Iterator[StatsPage]:
    """The figures page first, then one page per published credential in catalog order."""
    figures = stats.figures(site)
    wording = Wording(translator)
    tables = index_tables(site, figures, wording)
    most_hidden = figures.growth.awards_total is None or figures.growth.holders_total is None
    yield StatsPage(url_layout.STATS, "stats.html", {"tables": tables, "most_hidden": most_hidden}, tuple(tables.values()))
    for credential in site.published_credentials:
        f = figures.credentials[credential.id]
        tables = credential_tables(credential.id, f, wording)
        context = {"credential": credential, "figures": f, "tables": tables}
        yield StatsPage(url_layout.stats_credential(credential.id), "stats_credential.html", context, tuple(tables.values()))


def stats_files(site: Site, renderer: Renderer) -> Iterator[tuple[str, bytes]]:
    for page in stats_pages(site, renderer.translator):
        yield from page.csv_files()
        yield url_layout.output_file(page.path), page.render(renderer)


Staged = tuple[str, str, int, bool]  # site path, digest, size, whether it was staged (changed)


def staged_stats_files(
    site: Site, renderer: Renderer, staging: Path, previous: Previous | None, catalog_unchanged: bool
) -> list[Staged]:
    """``stats_files`` staged; with ``catalog_unchanged``, a credential page whose
    CSVs are all unchanged is kept as the output holds it, not rendered again."""
    staged: list[Staged] = []
    for page in stats_pages(site, renderer.translator):
        csvs = [stage_file(staging, path, data, previous) for path, data in page.csv_files()]
        staged += csvs
        page_file = url_layout.output_file(page.path)
        kept = previous.get(page_file) if previous is not None and catalog_unchanged and page.path != url_layout.STATS else None
        if kept is not None and not any(changed for _, _, _, changed in csvs):
            staged.append((page_file, kept[0], kept[1], False))
        else:
            staged.append(stage_file(staging, page_file, page.render(renderer), previous))
    return staged
