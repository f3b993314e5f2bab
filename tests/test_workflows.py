"""The GitHub Actions workflows and the CI script say what they must."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def load_workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step_index(workflow: dict, text: str) -> int:
    """The position of the first `run:` step containing text."""
    runs = [step.get("run", "") for step in steps(workflow)]
    matches = [index for index, run in enumerate(runs) if text in run]
    assert matches, f"no run step contains {text!r}: {runs}"
    return matches[0]


def action_step(workflow: dict, action: str) -> dict:
    matches = [step for step in steps(workflow) if step.get("uses", "").startswith(action + "@")]
    assert len(matches) == 1, f"expected one {action} step"
    return matches[0]


@pytest.mark.parametrize("name", ["pages.yml", "validate.yml"])
def test_workflow_installs_with_cached_pip_on_python_3_12(name: str) -> None:
    workflow = load_workflow(name)
    setup = action_step(workflow, "actions/setup-python")["with"]
    assert setup == {"python-version": "3.12", "cache": "pip", "cache-dependency-path": "pyproject.toml"}
    action_step(workflow, "actions/checkout")
    assert step_index(workflow, "pip install .") < step_index(workflow, "credsite build")


@pytest.mark.parametrize("name", ["pages.yml", "validate.yml"])
def test_every_action_is_pinned_to_a_version(name: str) -> None:
    uses = [step["uses"] for step in steps(load_workflow(name)) if "uses" in step]
    assert uses and all("@v" in use for use in uses), uses


def test_pages_workflow_publishes_the_default_branch() -> None:
    workflow = load_workflow("pages.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"


def test_pages_workflow_builds_reproducibly_and_deploys() -> None:
    workflow = load_workflow("pages.yml")
    assert action_step(workflow, "actions/checkout")["with"]["fetch-depth"] == 0
    date_step = step_index(workflow, 'SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"')
    key_step = step_index(workflow, "CREDSITE_SIGNING_KEY")
    build_step = step_index(workflow, "credsite build --source . --out site")
    assert date_step < build_step and key_step < build_step
    upload = action_step(workflow, "actions/upload-pages-artifact")["with"]
    assert upload["path"] == "site" and upload["include-hidden-files"] is True
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert action_step(workflow, "actions/deploy-pages")["id"] == "deployment"


def run_signing_key_step(tmp_path: Path, secret: str) -> Path:
    """Runs the workflow's key step as Actions would; returns the GITHUB_ENV file."""
    workflow = load_workflow("pages.yml")
    step = steps(workflow)[step_index(workflow, "CREDSITE_SIGNING_KEY")]
    assert step["env"]["SIGNING_KEY"] == "${{ secrets.CREDSITE_SIGNING_KEY }}"
    github_env = tmp_path / "github_env"
    github_env.touch()
    environment = {**os.environ, "SIGNING_KEY": secret, "RUNNER_TEMP": str(tmp_path), "GITHUB_ENV": str(github_env)}
    subprocess.run(["bash", "-e", "-c", step["run"]], env=environment, check=True, capture_output=True)
    return github_env


def test_signing_key_is_written_privately_when_the_secret_is_set(tmp_path: Path) -> None:
    github_env = run_signing_key_step(tmp_path, "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----")
    key_file = tmp_path / "credsite-signing-key.pem"
    assert github_env.read_text() == f"CREDSITE_SIGNING_KEY={key_file}\n"
    assert key_file.read_text().startswith("-----BEGIN PRIVATE KEY-----\nabc\n")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_no_signing_key_is_configured_when_the_secret_is_empty(tmp_path: Path) -> None:
    github_env = run_signing_key_step(tmp_path, "")
    assert github_env.read_text() == ""
    assert not (tmp_path / "credsite-signing-key.pem").exists()


def test_validate_workflow_annotates_pull_requests_then_builds() -> None:
    workflow = load_workflow("validate.yml")
    assert "pull_request" in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}
    validate_step = step_index(workflow, "credsite validate --format github")
    build_step = step_index(workflow, 'credsite build --source . --out "$RUNNER_TEMP/site"')
    assert validate_step < build_step


def test_ci_script_is_strict_executable_bash() -> None:
    script = REPO_ROOT / ".ci" / "run"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in text
    assert os.access(script, os.X_OK)
    assert "playwright install" not in text, "CI must use Debian's Chromium, never download a browser"
    assert text.rstrip().splitlines()[-1].startswith("make test")
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_pages_rebuilds_daily_with_that_days_date() -> None:
    workflow = yaml.safe_load((WORKFLOWS / "pages.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]
    steps = workflow["jobs"]["build"]["steps"]
    date_step = next(step for step in steps if "SOURCE_DATE_EPOCH" in step.get("run", ""))
    assert 'github.event_name }}" = "schedule"' in date_step["run"]
    assert "git log -1 --format=%ct" in date_step["run"]


def test_pages_workflow_restores_the_last_build_so_merges_rebuild_incrementally() -> None:
    workflow = load_workflow("pages.yml")
    cache = action_step(workflow, "actions/cache")
    assert set(cache["with"]["path"].split()) == {".credsite-cache", "site"}
    assert cache["with"]["restore-keys"].startswith("credsite-site-")
    cache_at = steps(workflow).index(cache)
    assert cache_at < step_index(workflow, "credsite build --source . --out site")


# --- the status-list ledger -----------------------------------------------------------------

LEDGER = "catalog/status-list.txt"


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True)
    return result.stdout


def new_repository(tmp_path: Path) -> tuple[Path, Path]:
    """A bare origin and a clone of it holding one commit with a ledger."""
    origin, clone = tmp_path / "origin.git", tmp_path / "clone"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    git(clone, "config", "user.name", "Staff")
    git(clone, "config", "user.email", "staff@example.org")
    (clone / "catalog").mkdir()
    (clone / LEDGER).write_text("0\tana\tcircles\t2025-03-01\n")
    git(clone, "add", ".")
    git(clone, "commit", "-q", "-m", "catalog")
    git(clone, "push", "-q", "origin", "HEAD:main")
    return origin, clone


def run_step(workflow_name: str, text: str, folder: Path) -> subprocess.CompletedProcess[str]:
    workflow = load_workflow(workflow_name)
    step = steps(workflow)[step_index(workflow, text)]
    environment = {**os.environ, "GITHUB_REF_NAME": "main"}
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=folder, env=environment, capture_output=True, text=True)


def test_pages_commits_the_ledger_back_before_publishing(tmp_path: Path) -> None:
    workflow = load_workflow("pages.yml")
    keep = step_index(workflow, "git add catalog/status-list.txt")
    assert step_index(workflow, "credsite build --source . --out site") < keep
    assert keep < steps(workflow).index(action_step(workflow, "actions/upload-pages-artifact"))
    origin, clone = new_repository(tmp_path)
    # Nothing new: no commit.
    assert run_step("pages.yml", "git add catalog/status-list.txt", clone).returncode == 0
    assert git(origin, "rev-list", "--count", "main").strip() == "1"
    # The build gave an index while someone pushed to main: rebased, pushed, marked [skip ci].
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(origin), str(other)], check=True, capture_output=True)
    (other / "README").write_text("merged meanwhile\n")
    git(other, "add", ".")
    git(other, "-c", "user.name=S", "-c", "user.email=s@example.org", "commit", "-q", "-m", "a merge")
    git(other, "push", "-q", "origin", "HEAD:main")
    with (clone / LEDGER).open("a") as ledger:
        ledger.write("1\tben\tcircles\t2025-04-01\n")
    result = run_step("pages.yml", "git add catalog/status-list.txt", clone)
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(origin, "log", "-1", "--format=%s", "main").rstrip().endswith("[skip ci]")
    assert "1\tben\tcircles" in git(origin, "show", f"main:{LEDGER}")
    assert git(origin, "rev-list", "--count", "main").strip() == "3"


def test_a_pull_request_that_edits_the_ledger_fails(tmp_path: Path) -> None:
    workflow = load_workflow("validate.yml")
    assert action_step(workflow, "actions/checkout")["with"]["fetch-depth"] == 2
    _, clone = new_repository(tmp_path)
    for edit, expected in ((None, 0), (LEDGER, 1)):
        git(clone, "checkout", "-q", "-B", "change", "main")
        changed = clone / (edit or "portfolios.txt")
        changed.write_text(changed.read_text() + "2\tcruz\tcircles\t2025-05-01\n" if edit else "a portfolio\n")
        git(clone, "add", ".")
        git(clone, "commit", "-q", "-m", "pull request")
        git(clone, "checkout", "-q", "main")
        git(clone, "merge", "-q", "--no-ff", "-m", "merge", "change")  # what actions/checkout gives a pull request
        result = run_step("validate.yml", "catalog/status-list.txt", clone)
        assert result.returncode == expected, result.stdout + result.stderr
        if expected:
            assert "::error file=catalog/status-list.txt::" in result.stdout
        git(clone, "reset", "-q", "--hard", "HEAD^1")
