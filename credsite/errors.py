"""The errors credsite reports to a person: a message that says what to do, no traceback.

Every module below ``cli.py`` raises these (or a subclass) and knows nothing
of Click; ``cli.py`` alone turns them into a message on stderr and exit
code 1. Any other exception that reaches the command line is a bug, and is
reported as an internal error (exit code 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .problems import Problem


class CredsiteError(Exception):
    """A user-facing error: its message is shown as it is, and the command exits 1."""


class SettingError(CredsiteError):
    """An option, environment variable or command argument that cannot be used."""


class SourceProblems(CredsiteError):
    """The source has problems; nothing was built. ``problems`` lists every one, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        self.problems = problems


class OutputError(CredsiteError):
    """The output folder cannot be used; the message says why and what to do."""


class TemplateProblem(CredsiteError):
    """A template failed: ``file:line: message``, for the state's own templates
    as much as for the built-in theme."""


class SigningError(CredsiteError):
    """A key, DID or document that cannot be signed or checked."""


class UnknownContextError(SigningError):
    """A JSON-LD context that is not vendored: the network is never used."""
