"""The status list through real builds: the ledger in the source, the list and the page on the site."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from credsite import status_ledger, status_list
from credsite.pipeline import BuildOptions, BuildSummary, SourceProblems, build
from credsite.writer import OutputError

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
DAY = date(2026, 11, 24)
LEDGER = status_ledger.LEDGER_FILE


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    shutil.copytree(FIXTURE, folder)
    return folder


def run(source: Path, out: Path, **options: object) -> BuildSummary:
    return build(BuildOptions(source=source, out=out, build_date=DAY, **options))  # type: ignore[arg-type]


def status_of(out: Path, portfolio: str, credential: str) -> dict:
    return json.loads((out / f"educators/{portfolio}/credentials/{credential}.json").read_text())["credentialStatus"]


def set_bits(out: Path) -> set[int]:
    document = json.loads((out / "status/revocation-list.json").read_text())
    bits = status_list.decode(document["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == 131_072
    return {i for i in range(len(bits) * 8) if bits[i // 8] and status_list.bit_is_set(bits, i)}


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_first_build_gives_indexes_and_writes_the_ledger_once(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    summary = run(source, out)
    assert summary.ledger.added == 2
    assert summary.line().endswith(f"; recorded 2 new status-list indexes in {LEDGER} (commit it)")
    lines = [line for line in (source / LEDGER).read_text().splitlines() if not line.startswith("#")]
    assert lines == ["0\tana\treading\t2024-05-01", "1\tana\tcircles\t2025-03-01"]  # earliest earning first
    assert status_of(out, "ana", "circles")["statusListIndex"] == "1"
    assert status_of(out, "ana", "reading")["id"].endswith("status/revocation-list.json#0")
    assert set_bits(out) == set()
    written = (source / LEDGER).stat().st_mtime_ns
    again = run(source, out)
    assert not again.ledger and "status-list" not in again.line() and again.written == 0
    assert (source / LEDGER).stat().st_mtime_ns == written


def test_indexes_survive_removals_backdated_additions_and_visibility_changes(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(source, out)
    circles = (out / "educators/ana/credentials/circles.json").read_bytes()
    portfolio = source / "portfolios/ana.yaml"
    original = portfolio.read_text()
    # Ana's earlier credential goes; Ben earns one, dated before everything else.
    portfolio.write_text(original.split("  - credential: reading\n")[0] + "other_learning:" + original.split("other_learning:")[1])
    (source / "portfolios/ben.yaml").write_text(
        "name: Ben Ruiz\nearned:\n  - credential: circles\n    earned_on: 2020-01-06\n"
        "    scores: {structure: proficient, voice: proficient}\n"
        "    evidence:\n      overview:\n        text: Weekly circles.\n"
        "      artifacts:\n        items:\n          - {title: Plan, type: lesson-plan, url: 'https://example.org/plan'}\n"
        "          - {title: Notes, type: lesson-plan, url: 'https://example.org/notes'}\n"
    )
    summary = run(source, out)
    assert summary.ledger.added == 1
    assert status_of(out, "ben", "circles")["statusListIndex"] == "2"
    assert (out / "educators/ana/credentials/circles.json").read_bytes() == circles
    assert not (out / "educators/ana/credentials/reading.json").exists()
    ledger, problems = status_ledger.read(source)
    assert problems == [] and ledger.index_of("ana", "reading") == 0  # a tombstone: 0 is never given again
    # Private, then public again: the same credential, byte for byte.
    edit(portfolio, "name: Ana Torres\n", "name: Ana Torres\nvisibility: private\n")
    assert not run(source, out).ledger
    assert not (out / "educators/ana").exists()
    edit(portfolio, "visibility: private\n", "")
    assert not run(source, out).ledger
    assert (out / "educators/ana/credentials/circles.json").read_bytes() == circles


def test_revoking_flips_that_bit_only_and_the_page_lists_it(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(source, out)
    before = (out / "educators/ana/credentials/reading.json").read_bytes()
    edit(
        source / "portfolios/ana.yaml",
        "    earned_on: 2025-03-01\n",
        '    earned_on: 2025-03-01\n    revoked:\n      "on": 2025-06-02\n      reason: Scored against the wrong rubric.\n',
    )
    summary = run(source, out)
    assert summary.ledger.revocations == 1 and summary.ledger.added == 0
    assert set_bits(out) == {1}
    assert (out / "educators/ana/credentials/reading.json").read_bytes() == before
    assert "1\tana\tcircles\t2025-03-01\t2025-06-02\n" in (source / LEDGER).read_text()
    page = (out / "status/index.html").read_text()
    assert "Ana Torres" in page and "Scored against the wrong rubric." in page and 'href="../educators/ana/"' in page
    # Removing the revoked credential from the portfolio does not un-revoke saved copies.
    text = (source / "portfolios/ana.yaml").read_text()
    start = text.index("  - credential: circles")
    (source / "portfolios/ana.yaml").write_text(text[:start] + text[text.index("  - credential: reading"):])
    run(source, out)
    assert set_bits(out) == {1}
    assert "1 more revoked credential is no longer published here" in (out / "status/index.html").read_text()


def test_an_unlisted_passports_revocation_is_listed_without_its_name_or_address(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    edit(source / "portfolios/ana.yaml", "name: Ana Torres\n", "name: Ana Torres\nvisibility: unlisted\n")
    edit(source / "portfolios/ana.yaml", "    earned_on: 2025-03-01\n", '    earned_on: 2025-03-01\n    revoked: {"on": 2025-06-02, reason: Ana asked.}\n')
    run(source, out)
    page = (out / "status/index.html").read_text()
    assert "Not named: a credential on an unlisted passport" in page
    assert "Ana" not in page and "educators/ana" not in page
    assert set_bits(out) == {1}


def test_a_malformed_ledger_stops_the_build_with_its_line_and_column(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(source, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    with (source / LEDGER).open("a") as ledger:
        ledger.write("1\tben\tcircles\t2025-01-01\n2\tben\treading\tsoon\n")
    with pytest.raises(SourceProblems) as raised:
        run(source, out)
    assert [p.text() for p in raised.value.problems] == [
        f"{LEDGER}:6:1: index 1 is already given at line 5; an index belongs to one credential",
        f"{LEDGER}:7:15: earned on must be a date like 2025-09-12, not 'soon'",
    ]
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_a_ledger_that_cannot_be_written_publishes_nothing(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"

    def refuse(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(status_ledger, "write", refuse)
    with pytest.raises(OutputError, match="cannot record the new status-list indexes"):
        run(source, out)
    assert not out.exists() and not (source / LEDGER).exists()


def test_a_hand_edited_ledger_renders_every_passport_again(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(source, out)
    ledger = (source / LEDGER).read_text()
    (source / LEDGER).write_text(ledger.replace("0\tana\treading", "5\tana\treading"))
    run(source, out)
    assert status_of(out, "ana", "reading")["statusListIndex"] == "5"
