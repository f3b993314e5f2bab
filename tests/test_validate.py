"""Every rule of the data format (docs/format.md), fed a violating file, reports the exact place.

Each case edits one file of the small fixture tree in tests/fixtures/minimal
and names the line (by the text on it) where the problem must be reported.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from credsite import reader
from credsite.pipeline import validate
from credsite.problems import Problem
from credsite.schema import Schemas
from pdf_samples import pdf_bytes

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
BUILD_DATE = date(2026, 11, 24)

CRED = "catalog/credentials/circles.yaml"
READING = "catalog/credentials/reading.yaml"
CATALOG = "catalog/catalog.yaml"
STACK = "catalog/stacks/foundations.yaml"
RENEWAL = "catalog/pathways/renewal.yaml"
POINTS = "catalog/pathways/points.yaml"
ANA = "portfolios/ana.yaml"


@dataclass
class Tree:
    root: Path

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def line_of(self, rel: str, needle: str) -> int:
        lines = (self.root / rel).read_text(encoding="utf-8").splitlines()
        matches = [i + 1 for i, line in enumerate(lines) if needle in line]
        assert len(matches) == 1, f"{needle!r} found {len(matches)} times in {rel}"
        return matches[0]

    def problems(self) -> list[Problem]:
        return validate(self.root, BUILD_DATE)[1]


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    shutil.copytree(FIXTURE, tmp_path / "src", symlinks=True)
    return Tree(tmp_path / "src")


def assert_reported(tree: Tree, rel: str, needle: str, fragment: str) -> Problem:
    """Exactly the line holding ``needle`` in ``rel`` is reported with ``fragment``."""
    problems = tree.problems()
    line = tree.line_of(rel, needle) if needle else 1
    hits = [p for p in problems if p.path == rel and p.line == line and fragment in p.message]
    shown = "\n".join(p.text() for p in problems)
    assert hits, f"expected {rel}:{line}: …{fragment}…, got:\n{shown}"
    return hits[0]


def test_the_fixture_is_valid(tree: Tree) -> None:
    state, problems = validate(tree.root, BUILD_DATE)
    assert problems == []
    assert state is not None


# (file, old text, new text, line needle, message fragment)
CASES = [
    # schema: unknown keys, required fields, enums, types, forms
    (CRED, "summary:", "sumary:", "sumary:", 'unknown field "sumary" (did you mean "summary"?)'),
    (CRED, "summary: Run weekly community circles.\n", "", "", 'missing required field "summary"'),
    (CRED, "kind: text", "kind: txt", "kind: txt", 'did you mean "text"'),
    (CRED, "estimated_hours: 10", 'estimated_hours: "10"', "estimated_hours", "must be a number"),
    (CRED, "estimated_hours: 10", "estimated_hours: 0", "estimated_hours", "must be more than 0"),
    (CRED, "valid_years: 3", "valid_years: 2.5", "valid_years", "whole number"),
    (CRED, "topics: [sel]", "topics: []", "topics: []", "needs at least 1 item"),
    (CRED, "    - id: overview", "    - id: Over_view", "Over_view", "not a valid id"),
    (CATALOG, "base_url: https://test.example.org/mc/", "base_url: javascript:alert(1)", "base_url", "http:// or https://"),
    (CATALOG, "contact: mc@example.org", "contact: not-an-address", "contact", "not an e-mail address"),
    (ANA, "earned_on: 2025-03-01", "earned_on: 2025-02-29", "2025-02-29", "not a real date"),
    (ANA, "earned_on: 2025-03-01", "earned_on: 03/01/2025", "03/01/2025", "not a real date"),
    (ANA, "name: Ana Torres", "name:", "name:", "is empty"),
    # catalog
    (CATALOG, "publisher: state", "publisher: stat", "publisher", 'unknown issuer "stat" (did you mean "state"?)'),
    (CATALOG, "contact: mc@example.org", "contact: mc@example.org\nlogo: assets/logo.svg", "logo:", "does not exist"),
    # credentials
    (CRED, "issuer: state", "issuer: stte", "issuer:", 'unknown issuer "stte" (did you mean "state"?)'),
    (CRED, "topics: [sel]", "topics: [sell]", "topics:", 'unknown topic "sell" (did you mean "sel"?)'),
    (CRED, 'grade_bands: ["3-5"]', 'grade_bands: ["3-6"]', "grade_bands", 'unknown grade band "3-6"'),
    (CRED, "roles: [teacher]", "roles: [teachers]", "roles:", 'did you mean "teacher"'),
    (CRED, "{framework: lf,", "{framework: lff,", "framework: lff", 'unknown framework "lff"'),
    (CRED, "topics: [sel]", "topics: [sel]\nprerequisites: [readin]", "prerequisites", 'unknown credential "readin" (did you mean "reading"?)'),
    (CRED, "topics: [sel]", "topics: [sel]\nprerequisites: [circles]", "prerequisites", "its own prerequisite"),
    (CRED, "      min_items: 2\n      accepted", "      min_items: 2\n      max_words: 50\n      accepted", "max_words: 50", "only applies to text and reflection"),
    (CRED, "{id: proficient, title: Proficient, passing: true}", "{id: proficient, title: Proficient, passing: false}", "  levels:", "no rubric level is passing"),
    (CRED, "      requirement: overview", "      requirement: overveiw", "overveiw", 'unknown evidence requirement "overveiw" (did you mean "overview"?)'),
    (CRED, "        not-yet: Missing parts.", "        not-yet: Missing parts.\n        expert: Wow.", "expert:", '"expert" is not a rubric level'),
    (READING, "pass_rule: {min_passing: 1}", "pass_rule: {min_passing: 2}", "pass_rule", "only 1 criteria"),
    (READING, "topics: [literacy]", "topics: [literacy]\nimage: badge.png", "image:", "does not exist"),
    # stacks
    (STACK, "credentials: [circles, reading]", "credentials: [circle, reading]", "credentials:", 'unknown credential "circle" (did you mean "circles"?)'),
    (STACK, "require: 1", "require: 3", "require:", "only 2 credentials"),
    (STACK, "require: 1", "require: some", "require:", 'must be "all" or a whole number'),
    # pathways
    (POINTS, "points_required: 20", "points_required: 20\ntotal: 3", "total:", "only applies to count mode"),
    (POINTS, "points_required: 20\n", "", "title:", 'needs "points_required"'),
    (RENEWAL, "total: 2", "total: 2\npoints_required: 9", "points_required", "only applies to mode: points"),
    (RENEWAL, "    topics: [sel]", "    topics: [sle]", "topics: [sle]", 'unknown topic "sle" (did you mean "sel"?)'),
    (RENEWAL, "total: 2", "total: 1", "total:", "bucket minimums add up to 2"),
    # portfolios: references
    (ANA, "  pathways: [renewal, points]", "  pathways: [renewl, points]", "renewl", 'unknown pathway "renewl" (did you mean "renewal"?)'),
    (ANA, "goals: [foundations]", "goals: [foundation]", "goals:", 'unknown stack "foundation" (did you mean "foundations"?)'),
    (ANA, "  - credential: circles", "  - credential: circle", "credential: circle", 'unknown credential "circle" (did you mean "circles"?)'),
    (ANA, "earned_on: 2025-03-01", "earned_on: 2026-11-25", "2026-11-25", "after the build date 2026-11-24"),
    (ANA, "    attempts:", "    revoked: {on: 2025-01-01}\n    attempts:", "revoked:", "before it was earned"),
    (ANA, "    attempts:", "    revoked: {on: 2026-12-01}\n    attempts:", "revoked:", "revoked on 2026-12-01, after the build date 2026-11-24"),
    # scores and the pass rule
    (ANA, "scores: {structure: proficient, voice: proficient}", "scores: {structure: proficient}", "scores: {structure: proficient}", "missing: voice"),
    (ANA, "scores: {structure: proficient, voice: proficient}", "scores: {structure: proficient, voice: proficient, vioce: proficient}", "vioce", '"vioce" is not a criterion of circles (did you mean "voice"?)'),
    (ANA, "scores: {structure: proficient, voice: proficient}", "scores: {structure: proficient, voice: proficent}", "proficent", '"proficent" is not a rubric level of circles (did you mean "proficient"?)'),
    (ANA, "scores: {structure: proficient, voice: proficient}", "scores: {structure: proficient, voice: not-yet}", "voice: not-yet", "do not pass the rubric: every criterion"),
    (ANA, "scores: {insight: proficient}", "scores: {insight: not-yet}", "scores: {insight", "at least 1 criteria must be at a passing level"),
    # evidence coverage, counts, types, files, consent
    (ANA, "      overview:", "      overveiw:", "overveiw", '"overveiw" is not an evidence requirement of circles (did you mean "overview"?)'),
    (ANA, "        text: We met every Monday.", "        items: []", "items: []", 'give "text", not "items"'),
    (ANA, "          - title: Circle photo\n            type: photo\n            url: https://photos.example.org/1\n", "", "      artifacts:", "needs at least 2 artifacts; 1 given"),
    (ANA, "            type: photo", "            type: video", "type: video", 'artifact type "video" is not accepted here'),
    (ANA, "            type: photo", "            type: photos", "type: photos", 'unknown artifact type "photos" (did you mean "photo"?)'),
    (CRED, "accepted: [lesson-plan, photo]", "accepted: [lesson-plans, photo]", "accepted:", 'unknown artifact type "lesson-plans" (did you mean "lesson-plan"?)'),
    (CATALOG, "frameworks:", "artifact_types:\n  - {id: field-notes, title: Field notes}\n  - {id: field-notes, title: Notes}\nframeworks:", "{id: field-notes, title: Notes}", 'duplicate artifact type id "field-notes"'),
    (ANA, "            url: https://photos.example.org/1", "            url: https://photos.example.org/1\n            file: plan.pdf", "- title: Circle photo", 'exactly one of "file" or "url"'),
    (ANA, "            url: https://photos.example.org/1", "            public: true", "- title: Circle photo", 'exactly one of "file" or "url"'),
    (ANA, "            file: plan.pdf", "            file: plans.pdf", "plans.pdf", 'evidence file "plans.pdf" does not exist'),
    (ANA, "            file: plan.pdf", "            file: ../ana.yaml", "../ana.yaml", "may not leave its folder"),
    (ANA, "            file: plan.pdf", "            file: /etc/passwd", "/etc/passwd", "must be a relative path"),
    (ANA, "            url: https://photos.example.org/1", "            url: https://photos.example.org/1\n            public: true", "- title: Circle photo", 'needs "consent: true"'),
    (ANA, "            url: https://photos.example.org/1", "            url: javascript:alert(1)", "javascript:", "http:// or https://"),
    # attempts
    (ANA, "result: not-yet", "result: notyet", "result: notyet", 'not "notyet" (did you mean "not-yet"?)'),
    (ANA, "result: not-yet", "result: proficient", "result: proficient", 'must be "not-yet" or a non-passing level'),
    (ANA, "submitted_on: 2025-01-10", "submitted_on: 2025-04-10", "2025-04-10", "cannot be after earned_on"),
    # pinned buckets
    (ANA, "    earned_on: 2025-03-01", "    earned_on: 2025-03-01\n    bucket: outcome", "bucket: outcome", 'unknown bucket "outcome" in this license\'s pathways (did you mean "outcomes"?)'),
    (ANA, "    earned_on: 2024-05-01", "    earned_on: 2024-05-01\n    bucket: outcomes", "bucket: outcomes", 'does not qualify for bucket "outcomes"'),
    # photo and links
    (ANA, "headline: Grade 4 teacher", "headline: Grade 4 teacher\nphoto: me.jpg", "photo:", 'photo "me.jpg" does not exist'),
    (ANA, "headline: Grade 4 teacher", "headline: Grade 4 teacher\nlinks:\n  - {label: Site, url: 'data:text/html,hi'}", "label: Site", "http:// or https://"),
    # in progress
    (ANA, "goals: [foundations]", "goals: [foundations]\nin_progress:\n  - {credential: circels}", "circels", 'did you mean "circles"'),
]


@pytest.mark.parametrize(("rel", "old", "new", "needle", "fragment"), CASES, ids=[c[4][:40] for c in CASES])
def test_rule_reports_exact_place(tree: Tree, rel: str, old: str, new: str, needle: str, fragment: str) -> None:
    tree.edit(rel, old, new)
    assert_reported(tree, rel, needle, fragment)


def test_duplicate_vocabulary_id(tree: Tree) -> None:
    tree.edit(CATALOG, "  - id: literacy", "  - id: sel")
    lines = (tree.root / CATALOG).read_text().splitlines()
    second = [i + 1 for i, line in enumerate(lines) if line == "  - id: sel"][1]
    assert any(p.path == CATALOG and p.line == second and 'duplicate topic id "sel" (first at line 8)' in p.message for p in tree.problems())


def test_duplicate_requirement_id(tree: Tree) -> None:
    tree.edit(CRED, "    - id: artifacts\n", "    - id: overview\n")
    lines = (tree.root / CRED).read_text().splitlines()
    second = [i + 1 for i, line in enumerate(lines) if line == "    - id: overview"][1]
    assert any(p.path == CRED and p.line == second and "duplicate evidence requirement id" in p.message for p in tree.problems())


def test_missing_descriptor(tree: Tree) -> None:
    tree.edit(CRED, "        not-yet: Few students speak.\n", "")
    line = tree.line_of(CRED, "        proficient: Every student speaks.") - 1
    assert any(p.path == CRED and p.line == line and "no descriptor for level not-yet" in p.message for p in tree.problems())


def test_min_items_on_a_text_requirement(tree: Tree) -> None:
    tree.edit(CRED, "      max_words: 300", "      max_words: 300\n      min_items: 2")
    lines = (tree.root / CRED).read_text().splitlines()
    line = lines.index("      max_words: 300") + 2
    assert any(p.path == CRED and p.line == line and "only applies to artifacts requirements" in p.message for p in tree.problems())


def test_credential_earned_twice(tree: Tree) -> None:
    tree.edit(ANA, "  - credential: reading", "  - credential: circles")
    lines = (tree.root / ANA).read_text().splitlines()
    second = [i + 1 for i, line in enumerate(lines) if line == "  - credential: circles"][1]
    assert any(p.path == ANA and p.line == second and "earned twice (first at line" in p.message for p in tree.problems())


def test_evidence_must_cover_every_requirement(tree: Tree) -> None:
    tree.edit(ANA, "      overview:\n        text: We met every Monday.\n", "")
    line = tree.line_of(ANA, "scores: {structure") + 1
    assert any(p.path == ANA and p.line == line and "missing: overview" in p.message for p in tree.problems())


def test_draft_credentials_cannot_be_earned_or_stacked(tree: Tree) -> None:
    tree.edit(READING, 'version: "1.0"', 'version: "1.0"\nstatus: draft')
    problems = tree.problems()
    assert any(p.path == ANA and p.line == tree.line_of(ANA, "credential: reading") and "draft credential" in p.message for p in problems)
    assert any(p.path == STACK and p.line == tree.line_of(STACK, "credentials:") and "draft credential" in p.message for p in problems)


def test_older_version_scores_are_not_checked_against_todays_rubric(tree: Tree) -> None:
    tree.edit(ANA, "scores: {structure: proficient, voice: proficient}", 'version: "0.9"\n    scores: {old-criterion: passed}')
    assert tree.problems() == []


def test_symlinked_evidence_is_refused(tree: Tree) -> None:
    os.symlink("/etc/hostname", tree.root / "portfolios" / "ana" / "link.pdf")
    tree.edit(ANA, "            file: plan.pdf", "            file: link.pdf")
    assert_reported(tree, ANA, "file: link.pdf", "symbolic link")


def test_id_key_must_equal_file_name(tree: Tree) -> None:
    tree.edit(STACK, "title: Foundations", "id: foundation\ntitle: Foundations")
    assert_reported(tree, STACK, "id: foundation", 'must equal the file name "foundations"')


def test_file_name_must_be_a_slug(tree: Tree) -> None:
    shutil.copy(tree.root / STACK, tree.root / "catalog/stacks/Big_Stack.yaml")
    problems = tree.problems()
    assert any(p.path == "catalog/stacks/Big_Stack.yaml" and (p.line, p.column) == (1, 1) and "not a valid id" in p.message for p in problems)


def test_yml_extension_is_reported(tree: Tree) -> None:
    shutil.copy(tree.root / STACK, tree.root / "catalog/stacks/extra.yml")
    assert any(p.path == "catalog/stacks/extra.yml" and "rename to .yaml" in p.message for p in tree.problems())


def test_missing_catalog_file(tree: Tree) -> None:
    (tree.root / CATALOG).unlink()
    assert any(p.path == CATALOG and "no catalog file" in p.message for p in tree.problems())


# --- loading hazards, through the whole validation --------------------------

HAZARDS = [
    (b"name: A\n\tvisibility: public\n", 2, 1, "tab character"),
    (b"name: A\nname: B\n", 2, 1, "duplicate key 'name' (first at line 1)"),
    (b"name: &n A\nheadline: *n\n", 1, 7, "anchors and aliases"),
    (b"name: !custom A\n", 1, 7, "tags"),
    (b"name: A\n---\nname: B\n", 2, 1, "second YAML document"),
    (b"", 1, 1, "empty"),
    (b"- a\n- b\n", 1, 1, "top level"),
    (b"name: Jos\xe9\n", 1, 10, "UTF-8"),
    (b"name: [A\n", 1, 7, "this [ ] list is never closed"),
]


@pytest.mark.parametrize(("content", "line", "column", "fragment"), HAZARDS, ids=[h[3] for h in HAZARDS])
def test_loading_hazard(tree: Tree, content: bytes, line: int, column: int, fragment: str) -> None:
    tree.write("portfolios/zed.yaml", content)
    problems = [p for p in tree.problems() if p.path == "portfolios/zed.yaml"]
    assert problems, "expected a problem"
    assert (problems[0].line, problems[0].column) == (line, column), problems[0].text()
    assert fragment.lower() in problems[0].message.lower()


def test_alias_bomb_fails_fast(tree: Tree) -> None:
    import time

    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    tree.write("portfolios/bomb.yaml", "\n".join(lines) + "\n")
    started = time.perf_counter()
    problems = tree.problems()
    assert time.perf_counter() - started < 5  # the whole validation; the bomb itself takes milliseconds
    assert any(p.path == "portfolios/bomb.yaml" and "anchors" in p.message for p in problems)


def test_text_stays_text(tree: Tree) -> None:
    tree.edit(ANA, "headline: Grade 4 teacher", "headline: no")
    state, problems = validate(tree.root, BUILD_DATE)
    assert problems == [] and state is not None
    assert state.portfolios["ana"].headline == "no"
    assert state.credentials["circles"].version == "1.10"


def test_all_problems_of_all_files_in_one_run_sorted(tree: Tree) -> None:
    tree.edit(CRED, "issuer: state", "issuer: nobody")
    tree.edit(STACK, "require: 1", "require: 9")
    tree.edit(ANA, "goals: [foundations]", "goals: [nope]")
    tree.edit(CATALOG, "publisher: state", "publisher: nobody")
    problems = tree.problems()
    assert {p.path for p in problems} == {CRED, STACK, ANA, CATALOG}
    assert problems == sorted(problems)


def test_the_catalog_adds_artifact_types_to_the_built_in_ones(tree: Tree) -> None:
    tree.edit(CRED, "accepted: [lesson-plan, photo]", "accepted: [lesson-plan, field-notes]")
    tree.edit(ANA, "            type: photo", "            type: field-notes")
    assert_reported(tree, CRED, "accepted:", 'unknown artifact type "field-notes"')
    tree.edit(CATALOG, "frameworks:", "artifact_types:\n  - {id: field-notes, title: Field notes}\nframeworks:")
    assert tree.problems() == []


def test_artifacts_are_not_judged_by_a_mistyped_accepted_list(tree: Tree) -> None:
    tree.edit(CRED, "accepted: [lesson-plan, photo]", "accepted: [lesson-plans, photo]")
    problems = tree.problems()
    assert [p.path for p in problems] == [CRED], "\n".join(p.text() for p in problems)


def test_a_missing_top_level_field_is_a_whole_file_problem_at_1_1_even_after_a_comment(tree: Tree) -> None:
    tree.edit(CRED, "title: Community Circles\n", "# Community Circles\n\n")
    problem = assert_reported(tree, CRED, "", 'missing required field "title"')
    assert problem.column == 1


def test_a_missing_field_inside_a_mapping_is_reported_at_that_mapping(tree: Tree) -> None:
    tree.edit(ANA, "    earned_on: 2024-05-01\n", "")
    assert_reported(tree, ANA, "  - credential: reading", 'missing required field "earned_on" in earned[1]')


def test_a_bad_date_hides_no_other_problem_of_its_entry_or_file(tree: Tree) -> None:
    tree.edit(ANA, "earned_on: 2025-03-01", "earned_on: 2025-13-20")
    tree.edit(ANA, "voice: proficient}", "voice: proficent}")
    tree.edit(ANA, "result: not-yet", "result: notyet")
    tree.edit(ANA, "scores: {insight: proficient}", "scores: {insihgt: proficient}")
    found = {(p.line, p.message.split(":")[0]) for p in tree.problems() if p.path == ANA}
    messages = " | ".join(p.message for p in tree.problems())
    assert (tree.line_of(ANA, "2025-13-20"), "earned[0].earned_on") in found, messages
    assert '"proficent" is not a rubric level of circles' in messages
    assert 'not "notyet"' in messages
    assert '"insihgt" is not a criterion of reading' in messages


def test_an_entry_without_its_credential_still_has_its_dates_checked(tree: Tree) -> None:
    tree.edit(ANA, "  - credential: circles\n    earned_on: 2025-03-01", "  - earned_on: 2026-11-25")
    messages = [p.message for p in tree.problems() if p.path == ANA]
    assert any('missing required field "credential" in earned[0]' in m for m in messages), messages
    assert any("after the build date 2026-11-24" in m for m in messages), messages


def test_a_bad_attempt_date_is_not_compared_and_hides_no_other_problem(tree: Tree) -> None:
    tree.edit(ANA, "{submitted_on: 2025-01-10, result: not-yet", "{submitted_on: 2025-03-32, result: notyet")
    messages = [p.message for p in tree.problems() if p.path == ANA]
    assert any("is not a real date" in m for m in messages)
    assert any('not "notyet"' in m for m in messages)
    assert not any("cannot be after earned_on" in m for m in messages)


def test_a_broken_requirement_hides_no_rubric_problem(tree: Tree) -> None:
    tree.edit(CRED, "      kind: text\n", "")
    tree.edit(CRED, "      requirement: overview", "      requirement: overveiw")
    messages = [p.message for p in tree.problems() if p.path == CRED]
    assert any('missing required field "kind"' in m for m in messages), messages
    assert any('unknown evidence requirement "overveiw"' in m for m in messages), messages


def test_an_unclosed_quote_is_reported_on_its_line_not_at_the_next_quote(tree: Tree) -> None:
    tree.edit(CRED, 'version: "1.10"', 'version: "1.10')
    problem = assert_reported(tree, CRED, 'version: "1.10', 'this quoted text is never closed: the " opened here')
    assert problem.column == 10
    noticed = tree.line_of(CRED, "- citation:")
    assert f"the YAML parser noticed at line {noticed}," in problem.message


def test_cross_references_still_checked_in_a_file_with_schema_problems(tree: Tree) -> None:
    tree.edit(CRED, "summary:", "sumary:")
    tree.edit(CRED, "issuer: state", "issuer: stat")
    messages = [p.message for p in tree.problems() if p.path == CRED]
    assert any("sumary" in m for m in messages)
    assert any('unknown issuer "stat"' in m for m in messages)


# --- evidence and image files are checked by content -------------------------

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
)


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "its content is not PDF"),
        ("page.html", b"<html></html>", "cannot be published here"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "cannot be published here"),
        ("photo.jpg", PNG_1PX, "its content is not JPEG"),
    ],
)
def test_evidence_files_are_checked_by_content(tree: Tree, name: str, content: bytes, fragment: str) -> None:
    tree.write(f"portfolios/ana/{name}", content)
    tree.edit(ANA, "            file: plan.pdf", f"            file: {name}")
    assert_reported(tree, ANA, f"file: {name}", fragment)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (pdf_bytes(password="secret"), "is encrypted or password protected"),
        (pdf_bytes(attachment=b"notes"), "has attached files"),
        (pdf_bytes(javascript="app.alert(1)"), "contains JavaScript"),
        (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n", "is damaged"),
    ],
    ids=["encrypted", "attachment", "javascript", "damaged"],
)
def test_a_public_pdf_that_cannot_be_published_without_its_metadata_is_a_problem(tree: Tree, content: bytes, fragment: str) -> None:
    tree.write("portfolios/ana/plan.pdf", content)
    assert_reported(tree, ANA, "file: plan.pdf", fragment)


def test_a_private_pdf_is_never_published_so_it_need_not_be_cleanable(tree: Tree) -> None:
    tree.write("portfolios/ana/plan.pdf", pdf_bytes(password="secret"))
    tree.edit(ANA, "            public: true\n", "            public: false\n")
    assert tree.problems() == []


def test_evidence_size_limit(tree: Tree) -> None:
    from credsite import filetypes

    tree.write("portfolios/ana/huge.pdf", b"%PDF-1.4\n" + b"0" * (filetypes.MAX_EVIDENCE_BYTES + 1))
    tree.edit(ANA, "            file: plan.pdf", "            file: huge.pdf")
    assert_reported(tree, ANA, "file: huge.pdf", "the limit is 26 MB")


def test_real_evidence_types_pass(tree: Tree) -> None:
    tree.write("portfolios/ana/chart.png", PNG_1PX)
    tree.edit(ANA, "            file: plan.pdf", "            file: chart.png")
    assert tree.problems() == []


def test_photo_must_be_an_image(tree: Tree) -> None:
    tree.edit(ANA, "headline: Grade 4 teacher", "headline: Grade 4 teacher\nphoto: plan.pdf")
    assert_reported(tree, ANA, "photo: plan.pdf", "cannot be published here (allowed: JPEG, PNG, WebP)")


@pytest.mark.parametrize(
    "svg",
    [
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"<svg xmlns='http://www.w3.org/2000/svg'><a href='javascript:alert(1)'><text>x</text></a></svg>",
        b"<svg xmlns='http://www.w3.org/2000/svg'><foreignObject><p>x</p></foreignObject></svg>",
    ],
)
def test_catalog_svg_with_script_is_refused(tree: Tree, svg: bytes) -> None:
    tree.write("catalog/logo.svg", svg)
    tree.edit(CATALOG, "contact: mc@example.org", "contact: mc@example.org\nlogo: logo.svg")
    assert_reported(tree, CATALOG, "logo: logo.svg", "SVG with script")


def test_plain_catalog_svg_is_accepted(tree: Tree) -> None:
    tree.write("catalog/logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><title>Logo</title><circle r='4' cx='5' cy='5'/></svg>")
    tree.edit(CATALOG, "contact: mc@example.org", "contact: mc@example.org\nlogo: logo.svg")
    assert tree.problems() == []


def test_a_damaged_image_is_a_problem_not_a_crash(tree: Tree) -> None:
    tree.write("portfolios/ana/broken.png", PNG_1PX[:40])
    tree.edit(ANA, "            file: plan.pdf", "            file: broken.png")
    assert_reported(tree, ANA, "file: broken.png", "damaged")


# --- files read without positions get the same data ---------------------------------------

REPO = Path(__file__).resolve().parents[1]
KIND_OF_FOLDER = {"catalog": "catalog", "issuers": "issuer", "credentials": "credential", "stacks": "stack", "pathways": "pathway", "portfolios": "portfolio"}


def kind_of(file: Path) -> str:
    return "catalog" if file.name == "catalog.yaml" else KIND_OF_FOLDER[file.parent.name]


def source_files() -> list[Path]:
    return sorted([*REPO.glob("catalog/**/*.yaml"), *REPO.glob("portfolios/*.yaml"), *REPO.glob("tests/fixtures/*/catalog/**/*.yaml"), *REPO.glob("tests/fixtures/*/portfolios/*.yaml")])


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    return Schemas()


def no_positions() -> tuple[dict, dict]:
    raise AssertionError("a valid file's positions were read")


@pytest.mark.parametrize("file", source_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_plain_data_is_typed_exactly_as_the_tree_with_positions(file: Path, schemas: Schemas) -> None:
    data, kind = file.read_bytes(), kind_of(file)
    node, _ = reader.read_yaml(data, file.name)
    plain = reader.read_plain(data)
    if plain is None:
        return  # irregular text: only the careful path reads it
    typed = schemas.check_plain(kind, file.name, plain, no_positions)
    careful, schema_problems = schemas.check(kind, file.name, node)
    assert (typed is None) == bool(schema_problems)
    if typed is not None:
        assert typed.data == careful.data
        assert [type(v) for v in typed.data.values()] == [type(v) for v in careful.data.values()]


def test_plain_scalars_are_typed_where_the_schema_asks_and_quoted_ones_stay_text(schemas: Schemas) -> None:
    text = (
        b"name: '2024'\nheadline: 1.10\nlocation: no\n"
        b"other_learning:\n  - {title: 'Institute', kind: workshop, date: 2025-07-01, points: 15}\n"
        b"  - {title: Course, kind: course, date: 2025-08-01, points: 2.5}\n"
    )
    typed = schemas.check_plain("portfolio", "p.yaml", reader.read_plain(text), no_positions)
    assert typed is not None
    assert typed.data["name"] == "2024" and typed.data["headline"] == "1.10" and typed.data["location"] == "no"
    assert [item["points"] for item in typed.data["other_learning"]] == [15, 2.5]
    careful, problems = schemas.check("portfolio", "p.yaml", reader.read_yaml(text, "p.yaml")[0])
    assert not problems and careful.data == typed.data


def test_a_problem_in_a_file_read_without_positions_is_located_when_reported(tree: Tree) -> None:
    tree.edit(ANA, "  - credential: circles", "  - credential: circle")
    assert reader.read_plain((tree.root / ANA).read_bytes()) is not None  # the file takes the fast way
    found = [p for p in tree.problems() if 'unknown credential "circle"' in p.message]
    assert [(p.path, p.line) for p in found] == [(ANA, tree.line_of(ANA, "- credential: circle"))]
