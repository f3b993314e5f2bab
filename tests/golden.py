"""Golden output: the example state, built, must match tests/expected/example.

    python tests/golden.py            # compare; print a unified diff per difference
    python tests/golden.py --update   # regenerate after an intended change (make golden)

Text files (HTML, JSON, XML, SVG, CSS, JS, TXT) are compared byte for byte;
binary files (PNG cards, copied photos and PDFs) are listed by path only, so
a new Pillow release cannot fail the suite over a compression detail.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BUILD_ID = ".credsite-build"  # credsite.writer.BUILD_ID

REPO_ROOT = Path(__file__).resolve().parent.parent
EXPECTED = REPO_ROOT / "tests" / "expected" / "example"
EPOCH = "1795478400"  # 2026-11-24T00:00:00Z, as in conftest.py
TEXT_SUFFIXES = {".html", ".json", ".xml", ".svg", ".css", ".js", ".txt", ".jsonld", ".csv", ""}
BINARY_LIST = "BINARY-FILES.txt"


def build(out: Path) -> None:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "credsite", "build", "--source", str(REPO_ROOT), "--out", str(out)]
    subprocess.run(command, cwd=REPO_ROOT, env=environment, check=True, capture_output=True, text=True)


def snapshot(site: Path) -> dict[str, str]:
    """Site-relative path -> text, plus one entry listing the binary files."""
    texts: dict[str, str] = {}
    binaries: list[str] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if relative == BUILD_ID:  # a fingerprint of every byte, PNGs included (their zlib varies by machine)
            continue
        if path.suffix in TEXT_SUFFIXES:
            texts[relative] = path.read_text(encoding="utf-8")
        else:
            binaries.append(relative)
    texts[BINARY_LIST] = "".join(f"{name}\n" for name in binaries)
    return texts


def expected_snapshot() -> dict[str, str]:
    return {p.relative_to(EXPECTED).as_posix(): p.read_text(encoding="utf-8") for p in sorted(EXPECTED.rglob("*")) if p.is_file()}


def differences(actual: dict[str, str], expected: dict[str, str]) -> list[str]:
    diffs = []
    for name in sorted(set(actual) | set(expected)):
        old, new = expected.get(name), actual.get(name)
        if old == new:
            continue
        diff = difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            (new or "").splitlines(keepends=True),
            fromfile=f"expected/{name}" if old is not None else "/dev/null",
            tofile=f"built/{name}" if new is not None else "/dev/null",
            n=2,
        )
        diffs.append("".join(diff))
    return diffs


def build_snapshot() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "site"
        build(out)
        return snapshot(out)


def update() -> None:
    actual = build_snapshot()
    if EXPECTED.exists():
        shutil.rmtree(EXPECTED)
    for name, text in actual.items():
        target = EXPECTED / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(actual)} golden files to {EXPECTED.relative_to(REPO_ROOT)}")


def main() -> int:
    if "--update" in sys.argv[1:]:
        update()
        return 0
    diffs = differences(build_snapshot(), expected_snapshot())
    for diff in diffs:
        sys.stdout.write(diff)
    print(f"{len(diffs)} file(s) differ from the golden output" if diffs else "golden output matches")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
