"""Same inputs and SOURCE_DATE_EPOCH give byte-identical output, wherever and
however the build runs; a build that fails leaves the old output untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1795478400"


def build(source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO_ROOT)}
    command = [sys.executable, "-m", "credsite", "build", "--source", str(source), "--out", str(out), *extra]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=600)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_source(destination: Path) -> Path:
    """The example state in another folder (with its git history, for feed dates)."""
    shutil.copytree(REPO_ROOT / "catalog", destination / "catalog")
    shutil.copytree(REPO_ROOT / "portfolios", destination / "portfolios")
    return destination


def test_two_builds_in_different_folders_with_different_jobs_are_identical(tmp_path: Path) -> None:
    first = build(REPO_ROOT, tmp_path / "a" / "site", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    second = build(REPO_ROOT, tmp_path / "b" / "elsewhere", "--jobs", "2")
    assert second.returncode == 0, second.stderr
    assert tree(tmp_path / "a" / "site") == tree(tmp_path / "b" / "elsewhere")


def test_a_copied_source_builds_the_same_pages(tmp_path: Path) -> None:
    """Outside a git checkout, only feed and sitemap dates may differ."""
    source = copy_source(tmp_path / "copy")
    assert build(source, tmp_path / "copy-site").returncode == 0
    assert build(REPO_ROOT, tmp_path / "repo-site").returncode == 0
    copied, original = tree(tmp_path / "copy-site"), tree(tmp_path / "repo-site")
    assert copied.keys() == original.keys()
    differing = sorted(name for name in copied if copied[name] != original[name])
    assert set(differing) <= {"feed.xml", "sitemap.xml", "catalog.json"}


def test_a_failed_build_leaves_the_previous_output_byte_for_byte(tmp_path: Path) -> None:
    source = copy_source(tmp_path / "src")
    out = tmp_path / "site"
    assert build(source, out).returncode == 0
    before = tree(out)
    broken = source / "catalog" / "credentials" / "restorative-circles.yaml"
    broken.write_text(broken.read_text().replace("issuer:", "isuer:"))
    result = build(source, out)
    assert result.returncode == 1
    assert "isuer" in result.stdout
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]


def test_a_render_error_leaves_the_previous_output_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(REPO_ROOT, out).returncode == 0
    before = tree(out)
    override = tmp_path / "theme"
    override.mkdir()
    (override / "credential.html").write_text("{% extends 'base.html' %}{% block main %}{{ no_such_variable.x }}{% endblock %}")
    result = build(REPO_ROOT, out, "--templates", str(override))
    assert result.returncode == 1
    assert f"{override / 'credential.html'}:1: 'no_such_variable' is undefined" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(out) == before


def test_a_build_killed_midway_leaves_the_previous_output_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    import signal
    import time

    out = tmp_path / "site"
    assert build(REPO_ROOT, out).returncode == 0
    before = tree(out)
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO_ROOT)}
    command = [sys.executable, "-m", "credsite", "build", "--source", str(REPO_ROOT), "--out", str(out), "--jobs", "1", "--no-cache"]  # a full build, to kill mid-way
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    staged: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        staged = [p for p in tmp_path.glob(".site.staging-*") if sum(1 for _ in p.rglob("*")) > 20]
        if staged:
            break
        time.sleep(0.005)
    assert staged, "the build finished before it could be killed mid-way"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert tree(out) == before
    assert build(REPO_ROOT, out).returncode == 0
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
