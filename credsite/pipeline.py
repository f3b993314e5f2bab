"""The build, stage by stage: the one function the CLI commands call into.

read + schema -> crossref -> assemble -> redact -> progress -> render -> write
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator

from . import __version__, assemble, crossref, history, privacy, progress, signing
from .badge_files import Signer
from .model import State
from .problems import Problem, sort_problems
from .render import Renderer
from .schema import Schemas
from .site import Site
from .source import read_source
from .urls import Urls
from .writer import StagedOutput


class SourceProblems(Exception):
    """The source has problems; nothing was built."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        self.problems = problems


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    out: Path
    base_url: str | None = None
    templates: Path | None = None
    jobs: int = 1
    build_date: date | None = None
    signing_key: Path | None = None  # Ed25519 PEM; None builds unsigned credentials


@dataclass(frozen=True)
class BuildSummary:
    files: int
    bytes: int
    pages: int
    seconds: float
    out: Path

    def line(self) -> str:
        return (
            f"wrote {self.files:,} files ({self.pages:,} pages, {self.bytes / 1e6:.1f} MB) "
            f"to {self.out} in {self.seconds:.1f} s"
        )


def build_date_from_environment() -> date:
    """``SOURCE_DATE_EPOCH`` (UTC) when set, so rebuilds give the same bytes; else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError) as error:
            raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from error
    return date.today()


def validate(source: Path, build_date: date, schemas: Schemas | None = None) -> tuple[State | None, list[Problem]]:
    """Every problem in the source, sorted; the State when there are none."""
    files = read_source(source, schemas or Schemas())
    problems = files.problems + crossref.check(files, source, build_date)
    if problems or files.catalog is None or files.invalid:
        return None, sort_problems(problems)
    return assemble.state(files, source, build_date), []


def load_state(source: Path, build_date: date | None = None) -> State:
    state, problems = validate(source.resolve(), build_date or build_date_from_environment())
    if state is None:
        raise SourceProblems(problems)
    return state


def load_site(
    source: Path, base_url: str | None = None, build_date: date | None = None, signed: bool = False
) -> Site:
    """Validate, redact and compute everything a render needs."""
    full = load_state(source, build_date)
    state = privacy.redact(full)
    passports = {pid: progress.passport(p, state) for pid, p in state.portfolios.items()}
    return Site(
        state=state,
        passports=passports,
        holders=progress.holders(state),
        urls=Urls(base_url or state.catalog.base_url),
        updated=history.last_changed(state, "catalog/credentials"),
        signed=signed,
    )


def site_files(site: Site, templates: Path | None = None, signer: Signer | None = None) -> Iterator[tuple[str, bytes]]:
    """Every output file as (path relative to the site root, bytes)."""
    # Imported here so that `credsite validate` does not load the render stack.
    from .badge_files import badge_files
    from .catalog_pages import catalog_files
    from .passport_pages import passport_files

    renderer = Renderer(
        site.urls,
        shared={"site": site, "catalog": site.state.catalog},
        override=templates,
        language=site.state.catalog.language,
    )
    yield from catalog_files(site, renderer)
    yield from passport_files(site, renderer)
    yield from badge_files(site, signer)


def load_signer(key_file: Path, base_url: str, forbidden: list[Path]) -> Signer:
    """The signing key, refused when it lies inside the source or output folder."""
    signing.refuse_key_inside(key_file, forbidden)
    return Signer(signing.load_private_key(key_file), base_url)


def build(options: BuildOptions) -> BuildSummary:
    started = time.perf_counter()
    site = load_site(options.source, options.base_url, options.build_date, signed=options.signing_key is not None)
    signer = None
    if options.signing_key:
        signer = load_signer(options.signing_key, site.urls.base_url, [options.source, options.out])
    pages = 0
    with StagedOutput(options.out, __version__) as output:
        for relative, data in site_files(site, options.templates, signer):
            output.write(relative, data)
            pages += relative.endswith(".html")
        output.commit()
    return BuildSummary(len(output.written), output.bytes_written, pages, time.perf_counter() - started, output.out)
