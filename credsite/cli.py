"""Command line: thin Click commands over the Click-free modules that do the work.

Every Click decorator is here. A command parses its options, calls one
function (``pipeline.build``, ``scaffold.new_item``, ``serve.preview``,
``signing.verify_file``, ...) and prints the result; the errors those
functions raise for a person (``errors.CredsiteError``) become a message and
exit code 1 here, and nowhere else.

Exit codes: 0 success; 1 the source has problems (or a command's check
failed); 2 usage errors (Click's own); 3 an internal error, reported in one
line with where to report it (``--debug`` shows the traceback); 4 `credsite
verify` found nothing wrong but no signature either.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import CredsiteError, SourceProblems
from .pipeline import BuildOptions, build_date_from_environment
from .problems import Problem, format_github, format_json, format_text
from .scaffold import KINDS, id_problem, new_item
from .site_size import size_warning
from .serve import DEFAULT_PORT, preview

REPORT_URL = "https://github.com/credsite/credsite/issues"
INTERNAL_ERROR_EXIT = 3
UNSIGNED_EXIT = 4  # `credsite verify`: a credential without a signature


class UserError(click.ClickException):
    """A CredsiteError as Click shows it: ``Error: message`` and exit code 1."""

    exit_code = 1


class CredsiteGroup(click.Group):
    """Every command's CredsiteError becomes a UserError, so no command needs a try block."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except CredsiteError as error:
            raise UserError(str(error)) from None


class ProblemsFound(click.ClickException):
    """The source has problems; they have already been printed."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: ANN001 - Click's signature
        click.echo(f"credsite: {self.message}", err=True)


class UnsignedCredential(ProblemsFound):
    """`credsite verify`: nothing failed, but there is no signature to check."""

    exit_code = UNSIGNED_EXIT


def _print_problems(problems: list[Problem], output_format: str) -> None:
    if output_format == "json":
        click.echo(format_json(problems))
    elif output_format == "github":
        click.echo(format_github(problems))
    elif problems:
        click.echo(format_text(problems), err=False)


source_option = click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default="current folder",
    help="Folder holding catalog/ and portfolios/.",
)

templates_option = click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates and assets that override the built-in theme.",
)

no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    help="Ignore <source>/.credsite-cache: parse every file again and (for build) render and write everything.",
)


@click.group(cls=CredsiteGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="credsite")
@click.option("--debug", is_flag=True, help="Show the full traceback of internal errors.")
def main(debug: bool) -> None:
    """Validate an educator micro-credential catalog and build its website."""
    # --debug is read from sys.argv by run(), which catches what escapes Click.


@main.command()
@source_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: path:line:column lines; json: an array on stdout; github: workflow annotations.",
)
@no_cache_option
def validate(source: Path, output_format: str, no_cache: bool) -> None:
    """Check every file; report all problems at once."""
    from .pipeline import validate as run_validation

    _, problems = run_validation(source.resolve(), build_date_from_environment(), use_cache=not no_cache)
    if output_format == "github":  # annotations name files from the repository root (the working folder)
        prefix = os.path.relpath(source.resolve(), Path.cwd())
        problems = [problem.under(prefix) for problem in problems]
    _print_problems(problems, output_format)
    if problems:
        raise ProblemsFound(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
    if output_format == "text":
        click.echo("credsite: no problems found", err=True)


@main.command()
@source_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), show_default=True, help="Output folder.")
@click.option("--base-url", help="Absolute URL the site is served from (default: catalog.yaml's base_url).")
@templates_option
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Parallel render processes (default: all cores).")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github"]), default="text", help="How to report source problems.")
@click.option(
    "--signing-key",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CREDSITE_SIGNING_KEY",
    help="Ed25519 private key (PEM) to sign every Open Badges credential; keep it outside the repository.",
)
@no_cache_option
def build(
    source: Path,
    out: Path,
    base_url: str | None,
    templates: Path | None,
    jobs: int | None,
    output_format: str,
    signing_key: Path | None,
    no_cache: bool,
) -> None:
    """Validate, then write the site (staged; swapped in only when complete)."""
    from .pipeline import build as run_build

    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("must be an absolute http:// or https:// URL", param_hint="--base-url")
    options = BuildOptions(
        source=source.resolve(),
        out=out,
        base_url=base_url,
        templates=templates,
        jobs=jobs or os.cpu_count() or 1,
        build_date=build_date_from_environment(),
        signing_key=signing_key,
        cache=not no_cache,
        progress=ProgressBar() if sys.stderr.isatty() else None,
    )
    try:
        summary = run_build(options)
    except SourceProblems as error:
        _print_problems(error.problems, output_format)
        raise ProblemsFound(f"{error}; nothing was written") from None
    click.echo(summary.line())
    warning = size_warning(summary.bytes)
    if warning:
        click.echo(warning, err=True)


class ProgressBar:
    """Passports rendered so far, redrawn in place on a terminal (CI logs get the summary line only)."""

    WIDTH = 30

    def __init__(self) -> None:
        self.shown_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.shown_at < 0.2:
            return
        self.shown_at = now
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        click.echo(f"\r  passports [{bar}] {done:,}/{total:,}", nl=done >= total, err=True)


@main.command()
@click.argument("key_file", type=click.Path(dir_okay=False, path_type=Path))
def keygen(key_file: Path) -> None:
    """Write a new Ed25519 signing key (PEM) to KEY_FILE; never overwrites.

    Keep the key out of the repository: store it as a CI secret and pass it
    to `credsite build --signing-key` (or CREDSITE_SIGNING_KEY) at build time.
    """
    from .signing import create_key_file, key_location_warning

    create_key_file(key_file, build_date_from_environment())  # today, or SOURCE_DATE_EPOCH's day as builds and verify use it
    click.echo(f"wrote a new Ed25519 signing key to {key_file} (readable by you only)")
    warning = key_location_warning(key_file)
    if warning:
        click.echo(warning, err=True)


@main.command()
@click.argument("credential_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="A built site folder: its did.json, status list and files.")
@click.option("--did", "did_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A DID document file (with --site, used instead of the site's did.json).")
def verify(credential_file: Path, site_dir: Path | None, did_file: Path | None) -> None:
    """Check an Open Badges credential or CLR: schema, signature, dates, revocation.

    The result is VALID (exit 0), NOT VALID (exit 1), or UNSIGNED (exit 4:
    nothing failed, but the credential carries no signature, as from a site
    built without a signing key). With --did and no --site the status list
    is not read, and the result says so. A CLR's embedded credentials are
    each checked too.
    """
    from .pipeline import now_from_environment
    from .signing import UNSIGNED, verify_file

    if site_dir is None and did_file is None:
        raise click.UsageError("give --site DIR (a built site folder), --did FILE, or both")
    verdict = verify_file(credential_file, now_from_environment(), site_dir=site_dir, did_file=did_file)
    click.echo(verdict.text())
    if verdict.result == UNSIGNED:
        raise UnsignedCredential("the credential is not signed")
    if not verdict.ok:
        raise ProblemsFound("the credential is not valid")


def run() -> None:
    """Entry point: Click, plus one readable line for internal errors."""
    debug = "--debug" in sys.argv[1:]
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as error:
        sys.exit(error.exit_code)
    except Exception as error:  # noqa: BLE001 - the last line of defence for users
        if debug:
            traceback.print_exc()
        click.echo(
            f"credsite: internal error: {type(error).__name__}: {error}\n"
            f"This is a bug in credsite {__version__}. Please report it at {REPORT_URL} "
            "with the command you ran (add --debug to see the traceback).",
            err=True,
        )
        sys.exit(INTERNAL_ERROR_EXIT)
    _exit_without_teardown()


def _exit_without_teardown() -> None:
    """Exit 0 at once, once a command has finished and closed everything it opened.

    A build of a state leaves a large heap behind (its record holds every
    output's digest); freeing it object by object as the interpreter shuts
    down took 0.08 s, a tenth of a one-portfolio rebuild.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


@main.command("new")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("item_id", metavar="ID")
@source_option
def new(kind: str, item_id: str, source: Path) -> None:
    """Write a commented starter file for a new KIND with id ID.

    The file documents every field; fill in each line marked TODO, then run
    `credsite validate`. An existing file is never overwritten.
    """
    problem = id_problem(item_id, kind)
    if problem:
        raise click.BadParameter(problem, param_hint="ID")
    shown = new_item(source, kind, item_id)
    click.echo(f"wrote {shown}: fill in every line marked TODO, then run `credsite validate`")


@main.command("serve")
@source_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port on 127.0.0.1; 0 picks a free one.",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates and assets that override the built-in theme (watched too).",
)
def serve(source: Path, port: int, templates: Path | None) -> None:
    """Preview the site on 127.0.0.1, rebuilding and reloading on every save.

    While the source has problems, the browser lists them instead of the
    page. Press Ctrl-C to stop.
    """
    preview(source, port, templates, log=click.echo)
