"""The command line as users run it: output formats, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
REPO = Path(__file__).resolve().parents[1]
EPOCH = "1795478400"  # 2026-11-24T00:00:00Z


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    python_path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": python_path, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "credsite", *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=300
    )


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source)
    path = source / "catalog/stacks/foundations.yaml"
    path.write_text(path.read_text().replace("require: 1", "require: 9").replace("title:", "titel:"))
    return source


def test_validate_clean_source_exits_zero() -> None:
    result = run("validate", "--source", str(FIXTURE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_validate_text_format(broken: Path) -> None:
    result = run("validate", "--source", str(broken))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        'catalog/stacks/foundations.yaml:1:1: missing required field "title"',
        'catalog/stacks/foundations.yaml:1:1: unknown field "titel" (did you mean "title"?)',
        "catalog/stacks/foundations.yaml:3:10: require is 9 but the stack has only 2 credentials",
    ]
    assert "Traceback" not in result.stderr


def test_validate_json_format(broken: Path) -> None:
    result = run("validate", "--source", str(broken), "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert problems[0] == {
        "path": "catalog/stacks/foundations.yaml",
        "line": 1,
        "column": 1,
        "message": 'missing required field "title"',
    }
    assert all(set(p) == {"path", "line", "column", "message"} for p in problems)


def test_validate_json_format_when_valid_is_an_empty_array() -> None:
    result = run("validate", "--source", str(FIXTURE), "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_validate_github_format_names_files_from_the_working_folder(broken: Path) -> None:
    result = run("validate", "--source", "src", "--format", "github", cwd=broken.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "::error file=src/catalog/stacks/foundations.yaml,line=3,col=10::require is 9 but the stack has only 2 credentials"
    )


def test_usage_errors_exit_two() -> None:
    assert run("validate", "--format", "xml").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("build", "--base-url", "ftp://x").returncode == 2


def test_bad_source_date_epoch_is_a_clean_error() -> None:
    result = run("validate", "--source", str(FIXTURE), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH" in result.stderr and "Traceback" not in result.stderr


def test_build_with_problems_writes_nothing(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run("build", "--source", str(broken), "--out", str(out))
    assert result.returncode == 1
    assert "require is 9" in result.stdout
    assert "nothing was written" in result.stderr
    assert not out.exists()


def test_build_refuses_a_folder_it_does_not_own(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_text("hand written")
    result = run("build", "--source", str(FIXTURE), "--out", str(out))
    assert result.returncode == 1
    assert "not created by credsite" in result.stderr and "Traceback" not in result.stderr
    assert (out / "index.md").read_text() == "hand written"


def test_build_py_and_module_are_the_same_cli() -> None:
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, str(root / "build.py"), "--help"], capture_output=True, text=True, cwd=root)
    assert result.returncode == 0
    assert "validate" in result.stdout and "build" in result.stdout


def test_build_prints_one_summary_line_off_a_terminal_then_writes_only_what_changed(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source)
    out = tmp_path / "site"
    first = run("build", "--source", str(source), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert first.stderr == "" and len(first.stdout.splitlines()) == 1  # no progress bar in a log
    files = int(first.stdout.split(" of ")[1].split()[0].replace(",", ""))
    assert first.stdout.startswith(f"wrote {files:,} of {files:,} files")
    again = run("build", "--source", str(source), "--out", str(out))
    assert again.stdout.startswith(f"wrote 0 of {files:,} files")


def test_the_progress_bar_redraws_in_place_and_ends_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    from credsite.cli import ProgressBar

    bar = ProgressBar()
    for done in (0, 5, 10):
        bar(done, 10)
    err = capsys.readouterr().err
    assert err.startswith("\r  passports [") and err.endswith("] 10/10\n")
    assert "#" * ProgressBar.WIDTH in err
