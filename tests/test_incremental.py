"""A rebuild redoes only what changed, and always gives the bytes of a clean build.

Every test works on a copy of the example state: edits are made to it the way
an author would (a sentence, an earned credential, a title, a new file), then
a rebuild into the same output folder is compared with a clean build
(``--no-cache``, fresh folder) of the same sources, file by file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credsite.cache import FOLDER
from credsite.pipeline import BuildOptions, BuildSummary, SourceProblems, build
from credsite.urls import STATUS_CHECKED
from credsite.writer import BUILD_ID, JOURNAL, MANIFEST, StagedOutput, content_id

from pdf_samples import pdf_bytes

REPO = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 24)


def copy_example(folder: Path) -> Path:
    source = folder / "src"
    for part in ("catalog", "portfolios"):
        shutil.copytree(REPO / part, source / part, ignore=shutil.ignore_patterns(FOLDER))
    return source


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rebuild(source: Path, out: Path, jobs: int = 2, **options: object) -> BuildSummary:
    return build(BuildOptions(source=source, out=out, build_date=options.pop("build_date", DAY), jobs=jobs, **options))  # type: ignore[arg-type]


def clean_build(source: Path, out: Path, **options: object) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    rebuild(source, out, cache=False, **options)
    return tree(out)


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- one edit of each kind ----------------------------------------------------------


def bio(source: Path) -> None:
    edit(source / "portfolios/aaliyah-brooks.yaml", "bio: Second-year", "bio: Proud second-year")


def earn_a_credential(source: Path) -> None:
    file = source / "portfolios/aaliyah-brooks.yaml"
    edit(file, "  - {credential: interactive-read-aloud, started_on: 2026-08-24}\n", "")
    text = file.read_text(encoding="utf-8")
    file.write_text(text + EARNED, encoding="utf-8")


EARNED = """earned:
  - credential: interactive-read-aloud
    earned_on: 2026-10-01
    scores: {planning: proficient, talk: proficient, vocabulary: exemplary, reflection: proficient}
    evidence:
      read-aloud-plan:
        items:
          - {title: Plan, type: lesson-plan, url: "https://drive.example.org/ab/plan", public: true}
      discussion:
        items:
          - {title: Transcript, type: data, url: "https://drive.example.org/ab/talk"}
          - {title: Word chart, type: lesson-plan, url: "https://drive.example.org/ab/words"}
      reflection:
        text: What the read-aloud taught me.
        public: true
"""


def credential_summary(source: Path) -> None:
    edit(source / "catalog/credentials/dialogic-reading.yaml", "summary: Use dialogic", "summary: Practise dialogic")


def credential_title(source: Path) -> None:
    edit(source / "catalog/credentials/dialogic-reading.yaml", "title: Dialogic Reading", "title: Dialogic Book Reading")


def stack_title(source: Path) -> None:
    edit(source / "catalog/stacks/class-structures-sel.yaml", "title: Class Structures", "title: Daily Class Structures")


def catalog_title(source: Path) -> None:
    file = source / "catalog/catalog.yaml"
    text = file.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    edit(file, title, title + " (beta)")


def new_portfolio(source: Path) -> None:
    (source / "portfolios/zoe-new.yaml").write_text(
        "name: Zoe New\nin_progress:\n  - {credential: dialogic-reading}\n", encoding="utf-8"
    )


def remove_portfolio(source: Path) -> None:
    (source / "portfolios/noah-brandt.yaml").unlink()


def make_private(source: Path) -> None:
    edit(source / "portfolios/tomas-reyes.yaml", "visibility: unlisted", "visibility: private")


def evidence_file(source: Path) -> None:
    # Another document, not bytes after %%EOF: the published copy is rewritten and would not change.
    file = source / "portfolios/james-whitfield/fafsa/completion-night-flyer.pdf"
    file.write_bytes(pdf_bytes())


EDITS: dict[str, Callable[[Path], None]] = {
    "bio": bio,
    "earn a credential": earn_a_credential,
    "credential summary": credential_summary,
    "credential title": credential_title,
    "stack title": stack_title,
    "catalog title": catalog_title,
    "new portfolio": new_portfolio,
    "remove portfolio": remove_portfolio,
    "make private": make_private,
    "evidence file": evidence_file,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once, with its build record; tests copy it."""
    folder = tmp_path_factory.mktemp("built")
    source = copy_example(folder)
    rebuild(source, folder / "site")
    return folder


def fresh_copy(built: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(built, tmp_path / "w", symlinks=True)
    # The record belongs to the output folder's absolute path: build once more so it names the copy's.
    source, out = tmp_path / "w/src", tmp_path / "w/site"
    rebuild(source, out)
    return source, out


@pytest.mark.parametrize("name", list(EDITS))
def test_a_rebuild_after_an_edit_equals_a_clean_build(name: str, built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    before = tree(out)
    EDITS[name](source)
    summary = rebuild(source, out)
    assert tree(out) != before
    expected = clean_build(source, tmp_path / "clean")
    assert tree(out) == expected
    assert summary.files == len(expected) - 2  # every file but the manifest and the build fingerprint


def test_nothing_changed_writes_nothing(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    summary = rebuild(source, out)
    assert summary.written == 0 and summary.files > 100
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    assert summary.line().startswith(f"wrote 0 of {summary.files:,} files")


def test_a_touched_file_with_the_same_bytes_changes_nothing(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    for file in (source / "portfolios").glob("*.yaml"):
        os.utime(file, ns=(1, 1))
    assert rebuild(source, out).written == 0


def files_changed_by(edit_source: Callable[[Path], None], source: Path, out: Path) -> set[str]:
    """The output files whose bytes differ after an edit and a rebuild."""
    before = tree(out)
    edit_source(source)
    rebuild(source, out)
    after = tree(out)
    return {path for path in after if before.get(path) != after[path]}


def test_a_bio_edit_rewrites_that_passport_page_only(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    assert files_changed_by(bio, source, out) == {"educators/aaliyah-brooks/index.html", BUILD_ID}


def test_a_credential_edit_rewrites_only_what_shows_it(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    changed = files_changed_by(credential_summary, source, out)
    assert "credentials/dialogic-reading/index.html" in changed
    passports = {path.split("/")[1] for path in changed if path.startswith("educators/") and path != "educators/index.html"}
    holders = {
        file.stem for file in (source / "portfolios").glob("*.yaml") if "dialogic-reading" in file.read_text(encoding="utf-8")
    }
    assert passports and passports <= holders


def next_change(source: Path) -> tuple[date, set[str]]:
    """The first build date after DAY on which some passport's results change, and those passports."""
    from credsite.pipeline import load_site

    site = load_site(source, build_date=DAY)
    ends = {pid: p.valid_until for pid, p in site.passports.items() if p.valid_until is not None}
    first = min(ends.values())
    return first, {pid for pid, day in ends.items() if day == first}


def commit_all(source: Path) -> None:
    """Make the copy a checkout with one commit, dated before DAY: the feed's dates then come from git."""
    environment = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-05T12:00:00Z", "GIT_COMMITTER_DATE": "2026-01-05T12:00:00Z"}
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "example"]):
        subprocess.run(["git", "-C", str(source), *command], check=True, env=environment)


def test_a_new_day_that_changes_nothing_rewrites_no_passport(built: Path, tmp_path: Path) -> None:
    """The daily rebuild: the date moved, but no expiry or window edge fell in between."""
    source, out = fresh_copy(built, tmp_path)
    commit_all(source)
    rebuild(source, out)
    first, _ = next_change(source)
    quiet_day = first - timedelta(days=1)
    assert quiet_day > DAY
    before = tree(out)
    summary = rebuild(source, out, build_date=quiet_day)
    after = tree(out)
    # Only the day the statuses were checked moves (and the output's fingerprint with it).
    assert summary.written == 1
    assert {path for path in after if before.get(path) != after[path]} == {STATUS_CHECKED, BUILD_ID}
    assert json.loads(after[STATUS_CHECKED])["checked"] == quiet_day.isoformat()
    assert after == clean_build(source, tmp_path / "clean", build_date=quiet_day)


def test_the_day_a_credential_expires_rewrites_that_passport(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    first, changing = next_change(source)
    before = tree(out)
    rebuild(source, out, build_date=first)
    after = tree(out)
    changed = {path.split("/")[1] for path in after if path.startswith("educators/") and before.get(path) != after[path]}
    assert changing <= changed
    assert after == clean_build(source, tmp_path / "clean", build_date=first)


def test_other_settings_rebuild_everything_that_differs(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    for options in ({"build_date": date(2027, 2, 1)}, {"base_url": "https://other.example.org/mc/"}):
        rebuild(source, out, **options)
        assert tree(out) == clean_build(source, tmp_path / "clean", **options)


def test_a_template_override_edit_is_seen(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    templates = tmp_path / "theme"
    (templates / "partials").mkdir(parents=True)
    shutil.copy(REPO / "templates/educators.html", templates / "educators.html")
    rebuild(source, out, templates=templates)
    edit(templates / "educators.html", "{% for card in page.cards %}", "{% for card in page.cards %}<!-- edited -->")
    rebuild(source, out, templates=templates)
    assert tree(out) == clean_build(source, tmp_path / "clean", templates=templates)
    assert b"<!-- edited -->" in (out / "educators/index.html").read_bytes()


def test_a_failed_rebuild_leaves_the_output_and_the_next_one_recovers(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    before = tree(out)
    edit(source / "portfolios/aaliyah-brooks.yaml", "credential: morning-meetings-sel", "credential: morning-meeting-sel")
    with pytest.raises(SourceProblems) as failure:
        rebuild(source, out)
    assert any("morning-meetings-sel" in p.message for p in failure.value.problems)  # the suggestion
    assert tree(out) == before
    edit(source / "portfolios/aaliyah-brooks.yaml", "credential: morning-meeting-sel", "credential: morning-meetings-sel")
    bio(source)
    rebuild(source, out)
    assert tree(out) == clean_build(source, tmp_path / "clean")


def test_a_catalog_problem_still_reports_every_portfolio_problem(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    edit(source / "catalog/stacks/class-structures-sel.yaml", "require: all", "require: every")
    edit(source / "portfolios/aaliyah-brooks.yaml", "credential: morning-meetings-sel", "credential: morning-meeting-sel")
    with pytest.raises(SourceProblems) as failure:
        rebuild(source, out)
    paths = {p.path for p in failure.value.problems}
    assert paths == {"catalog/stacks/class-structures-sel.yaml", "portfolios/aaliyah-brooks.yaml"}


def test_foreign_files_survive_a_rebuild_and_block_a_path_the_build_wants(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    (out / "CNAME").write_text("credentials.example.org\n")
    bio(source)
    rebuild(source, out)
    assert (out / "CNAME").read_text() == "credentials.example.org\n"
    new_portfolio(source)
    (out / "educators/zoe-new").mkdir(parents=True)
    (out / "educators/zoe-new/index.html").write_text("mine")
    with pytest.raises(Exception, match="was not written by credsite"):
        rebuild(source, out)
    assert (out / "educators/zoe-new/index.html").read_text() == "mine"


def test_an_output_folder_the_record_does_not_describe_gets_a_full_build(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    shutil.rmtree(out)
    summary = rebuild(source, out)
    assert summary.written == summary.files
    (out / "educators/index.html").write_bytes(b"changed by hand")
    (out / BUILD_ID).write_text("someone else's\n")
    rebuild(source, out)
    assert tree(out) == clean_build(source, tmp_path / "clean")


def test_the_build_fingerprint_names_every_published_file_and_its_bytes(built: Path, tmp_path: Path) -> None:
    from credsite.record import digest_bytes

    source, out = fresh_copy(built, tmp_path)
    for edit_one in (bio, credential_title, remove_portfolio):
        edit_one(source)
        rebuild(source, out)
        files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name not in (MANIFEST, BUILD_ID)]
        expected = content_id((path, digest_bytes((out / path).read_bytes())) for path in files)
        assert (out / BUILD_ID).read_text().strip() == f"{expected:032x}"


def test_a_restored_copy_of_both_folders_rebuilds_incrementally(built: Path, tmp_path: Path) -> None:
    """What a CI cache does: the output and the cache come back with new inodes and times."""
    source, out = fresh_copy(built, tmp_path)
    restored = tmp_path / "restored"
    shutil.copytree(tmp_path / "w", restored)
    bio(source := restored / "src")
    summary = rebuild(source, restored / "site")
    assert summary.written == 1


def test_a_publish_killed_half_way_is_finished_by_the_next_build(built: Path, tmp_path: Path) -> None:
    source, out = fresh_copy(built, tmp_path)
    bio(source)
    credential_title(source)
    expected = clean_build(source, tmp_path / "clean")

    def killed(out_folder: Path, staging: Path) -> None:
        journal = json.loads((staging / JOURNAL).read_text())
        for relative in journal["moves"][: len(journal["moves"]) // 2]:
            os.replace(staging / relative, out_folder / relative)
        dead = staging.with_name(staging.name.rsplit("-", 1)[0] + "-999999999")
        staging.rename(dead)
        raise KeyboardInterrupt

    import credsite.writer as writer

    real = writer.apply_journal
    writer.apply_journal = killed
    try:
        with pytest.raises(KeyboardInterrupt):
            rebuild(source, out, jobs=1)
    finally:
        writer.apply_journal = real
    assert tree(out) != expected  # half old, half new
    StagedOutput(out, "test").abort()  # any later build: finishes the publish first
    assert tree(out) == expected


SEQUENCE = st.lists(st.sampled_from(sorted(set(EDITS) - {"remove portfolio", "new portfolio"})), min_size=1, max_size=3, unique=True)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=SEQUENCE)
def test_any_sequence_of_edits_and_rebuilds_equals_a_clean_build(names: list[str], built: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp_path = tmp_path_factory.mktemp("sequence")
    source, out = fresh_copy(built, tmp_path)
    for name in names:
        EDITS[name](source)
        rebuild(source, out)
    assert tree(out) == clean_build(source, tmp_path / "clean")
