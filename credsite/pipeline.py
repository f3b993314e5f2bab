"""The build, stage by stage: the one function the CLI commands call into.

read + schema -> crossref -> assemble -> redact -> progress -> render -> write
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from . import __version__, assemble, crossref, history, privacy, progress
from .cache import FOLDER as CACHE_FOLDER
from .cache import ParseCache
from .model import State
from .problems import Problem, sort_problems
from .render import Renderer
from .schema import Schemas
from .site import Site
from .source import read_source
from .urls import Urls
from .writer import StagedOutput, write_staged_file

if TYPE_CHECKING:  # signing pulls in pyld and lxml; `credsite validate` never needs them
    from .badge_files import Signer


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
    cache: bool = True  # reuse parsed files from <source>/.credsite-cache


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


def parse_cache(source: Path, schemas: Schemas) -> ParseCache:
    schema_key = json.dumps(schemas.schemas, sort_keys=True)
    return ParseCache(source / CACHE_FOLDER, schema_key)


def validate(
    source: Path, build_date: date, schemas: Schemas | None = None, use_cache: bool = False
) -> tuple[State | None, list[Problem]]:
    """Every problem in the source, sorted; the State when there are none."""
    schemas = schemas or Schemas()
    files = read_source(source, schemas, parse_cache(source, schemas) if use_cache else None)
    problems = files.problems + crossref.check(files, source, build_date)
    if problems or files.catalog is None or files.invalid:
        return None, sort_problems(problems)
    return assemble.state(files, source, build_date), []


def load_state(source: Path, build_date: date | None = None, use_cache: bool = False) -> State:
    state, problems = validate(source.resolve(), build_date or build_date_from_environment(), use_cache=use_cache)
    if state is None:
        raise SourceProblems(problems)
    return state


def load_site(
    source: Path,
    base_url: str | None = None,
    build_date: date | None = None,
    signed: bool = False,
    use_cache: bool = False,
) -> Site:
    """Validate, redact and compute everything a render needs."""
    full = load_state(source, build_date, use_cache)
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


# A render task is one independent slice of the output: the catalog side,
# the educator directory, the shared Open Badges files, or a batch of passports.
RenderTask = tuple[str, tuple[str, ...]]


def render_tasks(site: Site, jobs: int) -> list[RenderTask]:
    """The output split into slices small enough to keep every process busy."""
    ids = tuple(site.passports)
    size = max(1, len(ids) // (jobs * 8)) if jobs > 1 else max(1, len(ids))
    batches = [("passports", ids[i : i + size]) for i in range(0, len(ids), size)]
    return [("catalog", ()), ("directory", ()), ("badges", ())] + batches


def task_files(task: RenderTask, site: Site, renderer: Renderer, signer: Signer | None) -> Iterator[tuple[str, bytes]]:
    """Every output file of one task as (path relative to the site root, bytes)."""
    # Imported here so that `credsite validate` does not load the render stack.
    from .badge_files import educator_badge_files, shared_badge_files
    from .catalog_pages import catalog_files
    from .passport_pages import directory_files, one_passport_files

    kind, portfolio_ids = task
    if kind == "catalog":
        yield from catalog_files(site, renderer)
    elif kind == "directory":
        yield from directory_files(site, renderer)
    elif kind == "badges":
        yield from shared_badge_files(site, signer)
    for portfolio_id in portfolio_ids:
        yield from one_passport_files(site, renderer, portfolio_id)
        yield from educator_badge_files(site, signer, portfolio_id)


def make_renderer(site: Site, templates: Path | None) -> Renderer:
    return Renderer(
        site.urls,
        shared={"site": site, "catalog": site.state.catalog},
        override=templates,
        language=site.state.catalog.language,
    )


def site_files(site: Site, templates: Path | None = None, signer: Signer | None = None) -> Iterator[tuple[str, bytes]]:
    """Every output file, rendered in this process."""
    renderer = make_renderer(site, templates)
    for task in render_tasks(site, jobs=1):
        yield from task_files(task, site, renderer, signer)


def write_site(site: Site, output: StagedOutput, templates: Path | None, signer: Signer | None, jobs: int) -> None:
    """Render every task into the staging folder, in ``jobs`` processes."""
    tasks = render_tasks(site, jobs)
    if jobs <= 1 or len(tasks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for relative, data in site_files(site, templates, signer):
            output.write(relative, data)
        return
    global _WORKER_CONTEXT
    # Forked workers inherit the whole context instead of unpickling it.
    _WORKER_CONTEXT = (site, templates, signer, output.staging)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for written in pool.imap_unordered(_run_task, tasks):
                for relative, size in written:
                    output.record(relative, size)
    finally:
        _WORKER_CONTEXT = None


_WORKER_CONTEXT: tuple[Site, Path | None, Signer | None, Path] | None = None
_WORKER_RENDERER: Renderer | None = None


def _run_task(task: RenderTask) -> list[tuple[str, int]]:
    """In a worker: render one task straight into the staging folder."""
    global _WORKER_RENDERER
    assert _WORKER_CONTEXT is not None
    site, templates, signer, staging = _WORKER_CONTEXT
    if _WORKER_RENDERER is None:
        _WORKER_RENDERER = make_renderer(site, templates)
    written = []
    for relative, data in task_files(task, site, _WORKER_RENDERER, signer):
        write_staged_file(staging, relative, data)
        written.append((relative, len(data)))
    return written


def load_signer(key_file: Path, base_url: str, forbidden: list[Path]) -> Signer:
    """The signing key, refused when it lies inside the source or output folder."""
    from . import signing
    from .badge_files import Signer

    signing.refuse_key_inside(key_file, forbidden)
    return Signer(signing.load_private_key(key_file), base_url)


def build(options: BuildOptions) -> BuildSummary:
    started = time.perf_counter()
    site = load_site(
        options.source, options.base_url, options.build_date, signed=options.signing_key is not None, use_cache=options.cache
    )
    signer = None
    if options.signing_key:
        signer = load_signer(options.signing_key, site.urls.base_url, [options.source, options.out])
    with StagedOutput(options.out, __version__) as output:
        write_site(site, output, options.templates, signer, options.jobs)
        output.commit()
    pages = sum(1 for name in output.written if name.endswith(".html"))
    return BuildSummary(len(output.written), output.bytes_written, pages, time.perf_counter() - started, output.out)
