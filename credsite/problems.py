"""A problem found in the source files, and how it is reported."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file.

    ``path`` is relative to the source folder with ``/`` separators;
    ``line`` and ``column`` are 1-based; a problem with the file as a whole
    (its name, a missing file) is reported at 1:1.
    """

    path: str
    line: int
    column: int
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def under(self, folder: str) -> Problem:
        """The same problem, its path named from the folder that holds the source (``folder``)."""
        if folder == ".":
            return self
        return Problem(Path(folder, self.path).as_posix(), self.line, self.column, self.message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by path, line, column; exact duplicates dropped."""
    return sorted(set(problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' suffix for a likely typo, or ''."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {o.lower(): o for o in options}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f' (did you mean "{close[0]}"?)' if close else ""


def format_text(problems: Iterable[Problem]) -> str:
    return "\n".join(p.text() for p in problems)


def format_json(problems: Iterable[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)


def _escape_annotation(text: str, *, property_value: bool) -> str:
    # GitHub workflow commands: %, CR and LF always; ':' and ',' inside properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: Iterable[Problem]) -> str:
    lines = []
    for p in problems:
        file = _escape_annotation(p.path, property_value=True)
        location = f"file={file},line={max(p.line, 1)},col={max(p.column, 1)}"
        lines.append(f"::error {location}::{_escape_annotation(p.message, property_value=False)}")
    return "\n".join(lines)
