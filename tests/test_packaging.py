"""The wheel carries the package, its schemas and templates, and the console script."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from pathlib import Path

import pytest

import credsite

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = {"schemas": "credsite/schemas", "templates": "credsite/templates"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")  # offline: build with the installed backend
    command.append(str(REPO_ROOT))
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("credsite-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def dist_info_file(wheel: zipfile.ZipFile, name: str) -> str:
    return wheel.read(f"credsite-{credsite.__version__}.dist-info/{name}").decode("utf-8")


def test_wheel_carries_schemas_and_templates_inside_the_package(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "credsite/schemas/credential.schema.json" in names
    assert "credsite/templates/base.html" in names


def packaged_name(path: Path) -> str:
    """Where a repository file lands in the wheel."""
    relative = path.relative_to(REPO_ROOT)
    top = relative.parts[0]
    return PACKAGE_DATA.get(top, top) + "/" + Path(*relative.parts[1:]).as_posix()


def shipped_files() -> list[Path]:
    folders = ["credsite", *PACKAGE_DATA]
    found = (path for folder in folders for path in sorted((REPO_ROOT / folder).rglob("*")))
    return [path for path in found if path.is_file() and "__pycache__" not in path.parts]


def test_wheel_carries_every_package_schema_and_template_file(wheel: zipfile.ZipFile) -> None:
    """Data folders inside the package (contexts, locales) ship too, not only modules."""
    names = set(wheel.namelist())
    missing = [packaged_name(path) for path in shipped_files() if packaged_name(path) not in names]
    assert not missing


def test_wheel_metadata_and_console_script(wheel: zipfile.ZipFile) -> None:
    metadata = Parser().parsestr(dist_info_file(wheel, "METADATA"))
    assert metadata["Name"] == "credsite"
    assert metadata["Version"] == credsite.__version__
    assert metadata["Requires-Python"] == ">=3.11"
    assert "credsite = credsite.cli:run" in dist_info_file(wheel, "entry_points.txt")


# --- running credsite after `make` ----------------------------------------------------------


def test_the_readme_says_how_to_run_credsite_from_the_environment_make_creates() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "VENV := .venv\n" in makefile and "BIN := $(VENV)/bin\n" in makefile  # where the README says it is
    assert ".venv/bin/credsite validate" in readme
    assert ". .venv/bin/activate" in readme


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="the tests run outside a virtual environment (make runs them in .venv)")
def test_the_environment_running_the_tests_has_the_commands_the_readme_names() -> None:
    bin_folder = Path(sys.executable).parent
    assert (bin_folder / "activate").is_file()
    result = subprocess.run([str(bin_folder / "credsite"), "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("credsite"), result.stderr
    activated = subprocess.run(
        ["sh", "-c", f". {bin_folder / 'activate'} && credsite --version"],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
    )
    assert activated.returncode == 0 and activated.stdout.startswith("credsite"), activated.stderr
