"""The plan of a build (incremental.py): what a rebuild reads, may replace, and does with the site-wide outputs.

A table of (last build's record, what changed) -> plan, on records made in
memory from plain values; then the plan a real rebuild of the example state
makes, from the record its first build wrote. That rebuilds give the bytes of
a clean build is tests/test_incremental.py's and tests/test_build_dates.py's.
"""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from credsite import incremental
from credsite import record as records
from credsite.cache import FOLDER
from credsite.pipeline import BuildOptions, build, settings_key
from credsite.record import BuildRecord, FileStat, PassportRecord
from credsite.site import PassportSummary

REPO = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 24)
UPDATED = (("cred-a", "2026-01-05"), ("cred-b", "2026-02-07"))


def stat(digest: str) -> FileStat:
    return (len(digest), 1, 1, digest)


FILES: dict[str, FileStat] = {
    "catalog/catalog.yaml": stat("catalog"),
    "catalog/credentials/cred-a.yaml": stat("a"),
    "catalog/credentials/cred-b.yaml": stat("b"),
    "catalog/status-list.txt": stat("ledger"),
    "portfolios/ana.yaml": stat("ana"),
    "portfolios/ana/photo.jpg": stat("ana-photo"),
    "portfolios/ben.yaml": stat("ben"),
    "portfolios/cy.yaml": stat("cy"),
}
PORTFOLIOS = ("ana", "ben", "cy")


def summary(pid: str, headline: str = "Teacher") -> tuple[object, ...]:
    fields = {f.name: f.type for f in dataclasses.fields(PassportSummary)}
    values: dict[str, object] = {name: () if "tuple" in str(kind) else None for name, kind in fields.items()}
    values.update(id=pid, name=pid.title(), visibility="public", headline=headline)
    values.update({name: 0 for name, kind in fields.items() if str(kind) == "int"})
    return PassportSummary(**values).to_record()  # type: ignore[arg-type]


def passport(pid: str, credentials: tuple[str, ...], valid: tuple[int, int] = (0, 0), headline: str = "Teacher") -> PassportRecord:
    outputs = ((f"educators/{pid}/index.html", f"{pid}-page", 100), (f"educators/{pid}/passport.json", f"{pid}-json", 10))
    return PassportRecord(credentials, outputs, summary(pid, headline), valid)


def last_build(tmp_path: Path) -> BuildRecord:
    """A record as a build of FILES on DAY would leave it; cy's results hold until DAY + 10."""
    record = records.new_record(tmp_path / "build.marshal")
    record.settings, record.git_head, record.files = "settings", "head", dict(FILES)
    record.build_date, record.updated, record.build_id = DAY.isoformat(), UPDATED, "0" * 32
    record.site_outputs = (("index.html", "home", 50), ("directory/index.html", "directory", 60))
    record.set_passport("ana", passport("ana", ("cred-a",)))
    record.set_passport("ben", passport("ben", ("cred-b",)))
    record.set_passport("cy", passport("cy", (), valid=(0, DAY.toordinal() + 10)))
    return record


def edited(*paths: str) -> dict[str, FileStat]:
    return {path: stat(f"{known[3]}-edited") if path in paths else known for path, known in FILES.items()}


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, FileStat] = field(default_factory=lambda: dict(FILES))
    settings: str = "settings"
    day: date = DAY
    portfolios: tuple[str, ...] = PORTFOLIOS
    updated: tuple[tuple[str, str], ...] = UPDATED
    # the plan expected:
    read: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    site_wide: str = "kept"
    catalog_unchanged: bool = True


CASES = [
    Case("nothing changed"),
    Case("one portfolio's YAML", files=edited("portfolios/ben.yaml"), read=("ben",)),
    Case("a file in a portfolio's folder", files=edited("portfolios/ana/photo.jpg"), read=("ana",)),
    Case(
        "a credential: the passports that read it, the site-wide outputs alongside",
        files=edited("catalog/credentials/cred-a.yaml"), read=("ana",), site_wide="alongside", catalog_unchanged=False,
    ),
    Case(
        "catalog.yaml: every passport", files=edited("catalog/catalog.yaml"),
        read=PORTFOLIOS, site_wide="alongside", catalog_unchanged=False,
    ),
    Case(
        "the status-list ledger edited by hand: every passport", files=edited("catalog/status-list.txt"),
        read=PORTFOLIOS, site_wide="alongside", catalog_unchanged=False,
    ),
    Case("the settings: everything, site-wide after", settings="other", read=PORTFOLIOS, site_wide="after", catalog_unchanged=False),
    Case(
        "a portfolio removed", files={k: v for k, v in FILES.items() if not k.startswith("portfolios/ben")},
        portfolios=("ana", "cy"), removed=("ben",), site_wide="after",
    ),
    Case(
        "a portfolio added", files={**FILES, "portfolios/dee.yaml": stat("dee")},
        portfolios=("ana", "ben", "cy", "dee"), read=("dee",),
    ),
    Case("a credential's git date moved", updated=(("cred-a", "2026-03-01"), ("cred-b", "2026-02-07")), site_wide="after"),
    Case("the next day, inside every range", day=date.fromordinal(DAY.toordinal() + 1)),
    Case("the day cy's results change", day=date.fromordinal(DAY.toordinal() + 10), read=("cy",)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_plan_of_each_kind_of_change(case: Case, tmp_path: Path) -> None:
    previous = last_build(tmp_path)
    plan = incremental.plan(previous, case.files, case.settings, case.day, case.portfolios, case.updated)
    assert (plan.read, plan.removed, plan.site_wide, plan.catalog_unchanged) == (
        case.read, case.removed, case.site_wide, case.catalog_unchanged,
    )
    # It may replace or delete the site-wide files and those of the passports read or removed, and nothing else.
    expected = {path for path, _, _ in previous.site_outputs}
    for pid in (*case.read, *case.removed):
        if previous.passport(pid) is not None:
            expected |= {path for path, _, _ in previous.passport(pid).outputs}  # type: ignore[union-attr]
    assert plan.replaceable is not None and set(plan.replaceable) == expected


def test_without_a_record_everything_is_built_into_a_new_folder() -> None:
    plan = incremental.plan(None, dict(FILES), "settings", DAY, PORTFOLIOS, UPDATED)
    assert (plan.read, plan.removed, plan.replaceable, plan.site_wide) == (PORTFOLIOS, (), None, "after")
    assert not incremental.nothing_changed(None, dict(FILES), "settings", "head", DAY)


@pytest.mark.parametrize(
    ("files", "settings", "head", "day", "stops"),
    [
        (FILES, "settings", "head", DAY, True),
        ({**FILES, "catalog/catalog.yaml": (9, 9, 9, "catalog")}, "settings", "head", DAY, True),  # touched, same bytes
        (edited("portfolios/ana.yaml"), "settings", "head", DAY, False),
        (FILES, "other", "head", DAY, False),
        (FILES, "settings", "another commit", DAY, False),
        (FILES, "settings", "head", date(2026, 11, 25), False),
    ],
)
def test_the_build_stops_at_once_only_when_nothing_at_all_changed(
    files: dict[str, FileStat], settings: str, head: str, day: date, stops: bool, tmp_path: Path
) -> None:
    assert incremental.nothing_changed(last_build(tmp_path), dict(files), settings, head, day) is stops


@pytest.mark.parametrize(
    ("files", "new_headline", "ledger_changed", "outcome"),
    [
        (edited("portfolios/ben.yaml"), "Teacher", False, "kept"),  # the same summary: kept
        (edited("portfolios/ben.yaml"), "Principal", False, "after"),  # the directory shows the headline
        (edited("portfolios/ben.yaml"), "Teacher", True, "after"),  # a new status-list index
        (edited("catalog/credentials/cred-b.yaml"), "Teacher", False, "alongside"),  # the guess holds
        (edited("catalog/credentials/cred-b.yaml"), "Principal", False, "after"),  # the guess is dropped
    ],
)
def test_after_rendering_the_first_choice_stands_only_with_the_same_summaries(
    files: dict[str, FileStat], new_headline: str, ledger_changed: bool, outcome: str, tmp_path: Path
) -> None:
    plan = incremental.plan(last_build(tmp_path), files, "settings", DAY, PORTFOLIOS, UPDATED)
    assert plan.read == ("ben",)
    made = {"ben": passport("ben", ("cred-b",), headline=new_headline)}
    assert plan.site_wide_outcome(made, ledger_changed) == outcome


def test_the_guess_is_the_last_builds_summaries_of_the_portfolios_still_there(tmp_path: Path) -> None:
    previous = last_build(tmp_path)
    previous.set_passport("dee", PassportRecord((), (), None, (0, 0)))  # private: no summary
    files = {k: v for k, v in edited("catalog/catalog.yaml").items() if k != "portfolios/cy.yaml"}
    plan = incremental.plan(previous, files, "settings", DAY, ("ana", "ben", "dee"), UPDATED)
    assert (plan.removed, plan.site_wide) == (("cy",), "alongside")
    assert sorted(plan.guess()) == ["ana", "ben"]


def test_the_record_learns_the_passports_made_and_forgets_the_removed(tmp_path: Path) -> None:
    files = {k: v for k, v in edited("portfolios/ana.yaml").items() if not k.startswith("portfolios/ben")}
    plan = incremental.plan(last_build(tmp_path), files, "settings", DAY, ("ana", "cy"), UPDATED)
    made = {"ana": passport("ana", ("cred-b",))}
    record = plan.record_passports(tmp_path / "unused.marshal", made)
    assert record.credentials_of == {"ana": ("cred-b",), "cy": ()}
    assert sorted(incremental.summaries(record)) == ["ana", "cy"]


# --- the plan a real rebuild makes, from the record its first build wrote --------------


def test_a_rebuild_of_the_example_plans_to_read_only_the_edited_portfolio(tmp_path: Path) -> None:
    source, out = tmp_path / "src", tmp_path / "site"
    for part in ("catalog", "portfolios"):
        shutil.copytree(REPO / part, source / part, ignore=shutil.ignore_patterns(FOLDER))
    options = BuildOptions(source=source, out=out, build_date=DAY)
    build(options)
    file = source / "portfolios/aaliyah-brooks.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("bio: Second-year", "bio: Proud second-year", 1), encoding="utf-8")

    record_file = records.record_file(source.resolve(), out)
    previous = incremental.previous_record(record_file, out.resolve(), use_cache=True)
    assert previous is not None
    files = records.scan_source(source.resolve(), previous.files)
    portfolios = sorted(previous.credentials_of)
    plan = incremental.plan(previous, files, settings_key(options), DAY, portfolios, previous.updated)
    assert (plan.read, plan.removed, plan.site_wide) == (("aaliyah-brooks",), (), "kept")
    assert plan.replaceable is not None
    own = {path for path, _, _ in previous.passport("aaliyah-brooks").outputs}  # type: ignore[union-attr]
    assert set(plan.replaceable) == own | {path for path, _, _ in previous.site_outputs}
    # A record that does not describe the output folder is not used.
    (out / ".credsite-build").write_text("0" * 32 + "\n", encoding="ascii")
    assert incremental.previous_record(record_file, out.resolve(), use_cache=True) is None
    assert incremental.previous_record(record_file, out.resolve(), use_cache=False) is None
