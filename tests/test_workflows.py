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
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
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
