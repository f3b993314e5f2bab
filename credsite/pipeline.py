"""The build, stage by stage: the one function the CLI commands call into.

read + schema -> crossref -> assemble -> redact -> progress -> render -> write

The catalog side (catalog.yaml, issuers, credentials, stacks, pathways) is
read and checked first, in this process. Portfolios are leaves: no rule or
page reads one portfolio from another, so each goes through every stage on
its own, in worker processes, and only a small ``PassportSummary`` of it
comes back. The site-wide outputs (catalog pages, the directory, the
status list) are rendered last, from the catalog and the summaries.
Memory therefore stays flat however many educators a state has.

Every published credential names its bit of the status list, kept in the
status-list ledger (status_ledger.py). A portfolio with a credential the
ledger does not know yet is checked but not rendered in the first pass;
once every portfolio has been through it, the main process gives the new
credentials their indexes (in one fixed order, so the result depends on the
source and the ledger only) and renders those portfolios. The updated
ledger is written back into the source before the output is swapped in.

A rebuild follows a plan (incremental.py) made from the last build's
record: which portfolios to read again, which outputs it may replace or
delete, and whether the site-wide outputs are kept, rendered alongside the
passports or after them. ``_build`` runs that plan and decides nothing
itself. With no change at all the build stops after comparing digests.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__, assemble, crossref, history, incremental, privacy, progress, status_ledger
from . import record as records
from .cache import FOLDER as CACHE_FOLDER
from .cache import ParseCache
from .errors import SettingError, SourceProblems
from .model import Portfolio, State
from .problems import Problem, sort_problems
from .record import PassportRecord
from .render import Renderer
from .schema import Schemas
from .site import PassportSummary, Site, holders_of
from .source import SourceFiles, discover, read_catalog, read_item, read_source
from .source_layout import FOLDERS, item_file
from .urls import STATUS_CHECKED as CHECKED
from .urls import Urls
from .writer import OutputError, Previous, StagedOutput, holds, recover, stage_file

if TYPE_CHECKING:  # signing pulls in pyld and lxml; `credsite validate` never needs them
    from .badge_files import Signer


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    out: Path
    base_url: str | None = None
    templates: Path | None = None
    jobs: int = 1
    build_date: date | None = None
    signing_key: Path | None = None  # Ed25519 PEM; None builds unsigned credentials
    cache: bool = True  # reuse parsed files and the last build's record from <source>/.credsite-cache
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)  # (passports done, total)


@dataclass(frozen=True)
class BuildSummary:
    files: int  # in the site
    written: int  # of those, written by this build (the others were already there, byte for byte)
    bytes: int  # of the whole site
    pages: int
    seconds: float
    out: Path
    ledger: status_ledger.LedgerChange = field(default_factory=status_ledger.LedgerChange)  # written into the source

    def line(self) -> str:
        text = (
            f"wrote {self.written:,} of {self.files:,} files ({self.pages:,} pages, {self.bytes / 1e6:.1f} MB) "
            f"to {self.out} in {self.seconds:.1f} s"
        )
        if self.ledger:
            parts = []
            if self.ledger.added:
                parts.append(f"{self.ledger.added:,} new status-list index{'es' if self.ledger.added != 1 else ''}")
            if self.ledger.revocations:
                parts.append(f"{self.ledger.revocations:,} revocation change{'s' if self.ledger.revocations != 1 else ''}")
            text += f"; recorded {' and '.join(parts)} in {status_ledger.LEDGER_FILE} (commit it)"
        return text


def build_date_from_environment() -> date:
    """``SOURCE_DATE_EPOCH`` (UTC) when set, so rebuilds give the same bytes; else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError) as error:
            raise SettingError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from error
    return date.today()


def now_from_environment() -> datetime:
    """The moment to check a credential at: midnight (UTC) of ``SOURCE_DATE_EPOCH``'s day when set, else now."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.combine(build_date_from_environment(), datetime.min.time(), tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def parse_cache(source: Path, schemas: Schemas, name: str = "all") -> ParseCache:
    schema_key = json.dumps(schemas.schemas, sort_keys=True)
    return ParseCache(source / CACHE_FOLDER, schema_key, name)


def validate(
    source: Path, build_date: date, schemas: Schemas | None = None, use_cache: bool = False
) -> tuple[State | None, list[Problem]]:
    """Every problem in the source, sorted; the State when there are none."""
    schemas = schemas or Schemas()
    files = read_source(source, schemas, parse_cache(source, schemas) if use_cache else None)
    problems = files.problems + crossref.check(files, source, build_date) + status_ledger.read(source)[1]
    if problems or files.catalog is None or files.invalid:
        return None, sort_problems(problems)
    return assemble.state(files, source, build_date), []


def load_state(source: Path, build_date: date | None = None, use_cache: bool = False) -> State:
    state, problems = validate(source.resolve(), build_date or build_date_from_environment(), use_cache=use_cache)
    if state is None:
        raise SourceProblems(problems)
    return state



# --- the whole site in one process (tests, small tools) ---------------------------


def load_site(
    source: Path,
    base_url: str | None = None,
    build_date: date | None = None,
    signed: bool = False,
    use_cache: bool = False,
) -> Site:
    """Validate, redact and compute everything a render needs, all in memory.

    The status-list ledger is read from the source and completed in memory
    (as a build would, without writing it back).
    """
    state = load_state(source, build_date, use_cache)
    ledger = complete_ledger(status_ledger.read(state.source_dir)[0], state)
    return complete_site(privacy.redact(state), base_url, signed, ledger=ledger)


def complete_ledger(ledger: status_ledger.Ledger, state: State) -> status_ledger.Ledger:
    """The ledger once it knows every portfolio of an unredacted State."""
    earnings = [e for portfolio in state.portfolios.values() for e in status_ledger.earnings(portfolio)]
    return status_ledger.update(ledger, earnings)[0]


def complete_site(
    state: State, base_url: str | None = None, signed: bool = False, updated: dict[str, date] | None = None,
    ledger: status_ledger.Ledger | None = None,
) -> Site:
    """A Site with every passport of a redacted State computed (the build streams them instead).

    Without ``ledger``, the one read from the State's source, completed with its portfolios.
    """
    if ledger is None:
        ledger = complete_ledger(status_ledger.read(state.source_dir)[0], state)
    site = replace(catalog_site(state, base_url, signed), ledger=ledger)
    passports = {pid: progress.passport(p, state) for pid, p in state.portfolios.items()}
    return with_summaries(site, {pid: summarize(site, p) for pid, p in passports.items()}, passports, updated)


def catalog_site(state: State, base_url: str | None, signed: bool) -> Site:
    """A Site for rendering passports: the catalog side, no summaries yet."""
    return Site(
        state=state, passports={}, summaries={}, holders={},
        urls=Urls(base_url or state.catalog.base_url), updated={}, signed=signed,
    )


def with_summaries(
    site: Site, summaries: dict[str, PassportSummary], passports: dict[str, Any] | None = None,
    updated: dict[str, date] | None = None,
) -> Site:
    """The Site for the site-wide outputs: every summary, holders and (from git) change dates."""
    ordered = dict(sorted(summaries.items()))
    return replace(
        site,
        passports=passports or {},
        summaries=ordered,
        holders=holders_of(ordered, list(site.state.credentials)),
        updated=updated if updated is not None else history.last_changed(site.state, FOLDERS["credential"]),
    )


def summarize(site: Site, passport: Any) -> PassportSummary:
    from .passport_pages import passport_summary

    return passport_summary(site, passport)


def make_renderer(site: Site, templates: Path | None) -> Renderer:
    return Renderer(
        site.urls,
        shared={"site": site, "catalog": site.state.catalog},
        override=templates,
        language=site.state.catalog.language,
    )


# Largest first, so that two processes finish together.
SITE_WIDE_PARTS = ("catalog pages", "directory", "catalog pictures", "stats", "catalog data", "badges", "status")


def site_wide_files(part: str, site: Site, renderer: Renderer, signer: Signer | None) -> Iterator[tuple[str, bytes]]:
    """The outputs made from the catalog and the summaries, one part at a time."""
    # Imported here so that `credsite validate` does not load the render stack.
    from .badge_files import shared_badge_files
    from .catalog_pages import catalog_files
    from .directory import directory_files
    from .stats_pages import stats_files
    from .status_list import status_files

    if part.startswith("catalog "):
        yield from catalog_files(site, renderer, (part.removeprefix("catalog "),))
    elif part == "directory":
        yield from directory_files(site, renderer)
    elif part == "badges":
        yield from shared_badge_files(site, signer)
    elif part == "stats":
        yield from stats_files(site, renderer)
    elif part == "status":
        yield from status_files(site, renderer, signer)


def checked_file(site: Site) -> tuple[str, bytes]:
    """``status/checked.json``: the build date, so passports can say when their status was checked."""
    from .passport_pages import status_checked_file

    return status_checked_file(site)


def passport_output_files(site: Site, renderer: Renderer, signer: Signer | None, passport: Any) -> Iterator[tuple[str, bytes]]:
    """Every output file of one passport: its pages, pictures, files and Open Badges credentials."""
    from .badge_files import educator_badge_files
    from .passport_pages import one_passport_files

    yield from one_passport_files(site, renderer, passport)
    yield from educator_badge_files(site, signer, passport)


def site_files(site: Site, templates: Path | None = None, signer: Signer | None = None) -> Iterator[tuple[str, bytes]]:
    """Every output file of a Site from ``load_site``, rendered in this process."""
    renderer = make_renderer(site, templates)
    for part in SITE_WIDE_PARTS:
        yield from site_wide_files(part, site, renderer, signer)
    yield checked_file(site)
    for passport in site.passports.values():
        yield from passport_output_files(site, renderer, signer, passport)


def load_signer(key_file: Path, base_url: str, forbidden: list[Path]) -> Signer:
    """The signing key, refused when it lies inside the source or output folder."""
    from . import signing
    from .badge_files import Signer

    signing.refuse_key_inside(key_file, forbidden)
    key = signing.load_signing_key(key_file)
    return Signer(key.private_key, base_url, key.in_use_from)


# --- the build -----------------------------------------------------------------------


@dataclass
class PortfolioResult:
    """What one portfolio's trip through every stage sends back to the main process."""

    portfolio_id: str
    problems: list[Problem]
    record: PassportRecord | None = None  # None when it has problems or is pending
    earnings: tuple[status_ledger.Earning, ...] = ()  # for the status-list ledger
    pending: bool = False  # not rendered: a credential needs a status-list index first


@dataclass
class BuildContext:
    """What every process needs for the portfolio stage; worker processes inherit it by fork."""

    source: Path
    schemas: Schemas
    rules: crossref.CrossReferences  # holds the catalog side, read and checked
    templates: Path | None = None
    # Set once the catalog side is valid:
    credentials: dict[str, Any] = field(default_factory=dict)  # every credential, drafts too
    site: Site | None = None  # the redacted catalog, for rendering passports
    signer: Signer | None = None
    staging: Path | None = None
    previous: Previous | None = None  # what the output folder holds, when rebuilding


def credentials_read(portfolio: Portfolio, passport: Any | None) -> tuple[str, ...]:
    """The catalog credentials a portfolio's checks and pages read."""
    ids = {e.credential for e in portfolio.earned} | {w.credential for w in portfolio.in_progress}
    if passport is not None:
        for stack in passport.stacks:
            ids.update(stack.stack.credentials)
    return tuple(sorted(ids))


def portfolio_stage(context: BuildContext, renderer: Renderer | None, portfolio_id: str) -> PortfolioResult:
    """One portfolio through every stage: read, check, assemble, redact, compute, render, stage.

    Only the checks when the catalog side failed (``context.site`` is None).
    """
    scratch = SourceFiles()
    typed = read_item(context.source, context.schemas, scratch, "portfolio", portfolio_id, item_file("portfolio", portfolio_id))
    problems = scratch.problems
    if typed is not None:
        problems += context.rules.one_portfolio(portfolio_id, typed, schema_valid=typed.path not in scratch.invalid)
    if problems or typed is None or context.site is None:
        return PortfolioResult(portfolio_id, problems)
    assert context.staging is not None
    portfolio = assemble.portfolio(portfolio_id, typed.data, context.credentials)
    earnings = status_ledger.earnings(portfolio)
    if portfolio.visibility == "private":  # checked, never rendered; recorded so a rebuild can skip it
        return PortfolioResult(portfolio_id, [], PassportRecord(credentials_read(portfolio, None), (), None, (0, 0)), earnings)
    if any(context.site.ledger.entry(*earning.key) is None for earning in earnings):
        return PortfolioResult(portfolio_id, [], None, earnings, pending=True)
    passport = progress.passport(privacy.redact_portfolio(portfolio), context.site.state)
    assert renderer is not None
    outputs = []
    for relative, data in passport_output_files(context.site, renderer, context.signer, passport):
        relative, digest, size, _ = stage_file(context.staging, relative, data, context.previous)
        outputs.append((relative, digest, size))
    used = credentials_read(portfolio, passport)
    summary = summarize(context.site, passport).to_record()
    passport_record = PassportRecord(used, tuple(outputs), summary, records.date_range(passport.valid_from, passport.valid_until))
    return PortfolioResult(portfolio_id, [], passport_record, earnings)


def settings_key(options: BuildOptions) -> str:
    """Everything besides the source files and the build date that shapes the output.

    The build date reaches a passport only through what it changes (incremental.py).
    """
    public_key = None
    if options.signing_key:
        from . import signing

        key = signing.load_signing_key(options.signing_key)  # its date changes every proof's created
        public_key = f"{key.private_key.public_key().public_bytes_raw().hex()} {key.in_use_from}"
    templates = records.tree_digest(options.templates)
    return records.digest_values(records.code_digest(), options.base_url, templates, public_key)


def git_head(source: Path) -> str | None:
    """The checkout's commit (the feed's dates come from git history), or None outside git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def read_catalog_side(
    source: Path, schemas: Schemas, build_date: date, use_cache: bool
) -> tuple[SourceFiles, list[str], list[Problem]]:
    """The catalog side read and checked, the portfolio ids found, and every problem so far."""
    found, problems = discover(source)
    cache = parse_cache(source, schemas, "catalog") if use_cache else None
    catalog = read_catalog(source, schemas, found, cache)
    if cache is not None:
        cache.save()
    problems += catalog.problems + crossref.check_catalog(catalog, source, build_date)
    return catalog, [item_id for kind, item_id, _ in found if kind == "portfolio"], problems


# Worker processes are forked, so they inherit the build context (the catalog,
# the Site, the Jinja environment's templates) instead of unpickling it.
_FORKED: Callable[[Any], Any] | None = None


def _call_forked(task: Any) -> Any:
    assert _FORKED is not None
    return _FORKED(task)


def parallel_map(function: Callable[[Any], Any], tasks: list[Any], jobs: int) -> Iterator[Any]:
    """``function`` over ``tasks`` in ``jobs`` forked processes, results as they come.

    Rendering runs with the cyclic garbage collector on (see ``build``).
    """
    if jobs <= 1 or len(tasks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            with cyclic_gc(True):
                result = function(task)
            yield result
        return
    global _FORKED
    _FORKED = function
    # Frozen objects are never scanned by the cycle collector: without this a
    # worker's first full collection would touch, and so copy, every page of
    # the parent's memory it shares copy-on-write.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks)), initializer=gc.enable) as pool:
            yield from pool.imap_unordered(_call_forked, tasks)
    finally:
        _FORKED = None
        gc.unfreeze()


@contextmanager
def cyclic_gc(enabled: bool) -> Iterator[None]:
    """Python's cycle collector on or off for a while, then as it was."""
    was = gc.isenabled()
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def portfolio_batches(stale: list[str], jobs: int) -> list[list[str]]:
    """Batches small enough to keep every process busy and the progress bar moving."""
    size = max(1, min(200, len(stale) // (jobs * 8) if jobs > 1 else 200))
    return [stale[i : i + size] for i in range(0, len(stale), size)]


def portfolio_worker(context: BuildContext) -> Callable[[Any], list[PortfolioResult]]:
    renderer: list[Renderer] = []  # one per process, made on its first batch

    def run(batch: list[str]) -> list[PortfolioResult]:
        if context.site is not None and not renderer:
            renderer.append(make_renderer(context.site, context.templates))
        return [portfolio_stage(context, renderer[0] if renderer else None, pid) for pid in batch]

    return run


Staged = tuple[str, str, int, bool]  # site path, digest, size, whether it was staged (changed)


def site_wide_worker(
    site: Site, templates: Path | None, signer: Signer | None, staging: Path, previous: Previous | None,
    catalog_unchanged: bool = False,
) -> Callable[[str], list[Staged]]:
    """``catalog_unchanged``: the catalog and settings are last build's, so the
    figures may keep the credential pages whose numbers did not change."""
    def run(part: str) -> list[Staged]:
        renderer = make_renderer(site, templates)
        if part == "stats":
            from .stats_pages import staged_stats_files

            return staged_stats_files(site, renderer, staging, previous, catalog_unchanged)
        return [stage_file(staging, relative, data, previous) for relative, data in site_wide_files(part, site, renderer, signer)]

    return run


def build(options: BuildOptions) -> BuildSummary:
    """Validate, then write the site; on a rebuild, only what changed."""
    # The main process loads and compares large, acyclic structures (the
    # build record, 20,000 file digests, the manifest): with the cycle
    # collector scanning them again and again, a one-file rebuild took
    # about a sixth longer. Rendering, here or in workers, turns it back on.
    with cyclic_gc(False):
        return _build(options)


def _build(options: BuildOptions) -> BuildSummary:
    """The plan (incremental.py) made and run: read -> validate -> model -> compute -> render -> write."""
    started = time.perf_counter()
    source, out = options.source.resolve(), options.out.resolve()
    build_date = options.build_date or build_date_from_environment()
    record_file = records.record_file(source, out)
    recover(out)
    previous = incremental.previous_record(record_file, out, options.cache)
    # Digests of every source file are for the record: --no-cache keeps none.
    files = records.scan_source(source, previous.files if previous else {}) if options.cache else {}
    head, settings = git_head(source), settings_key(options)
    if incremental.nothing_changed(previous, files, settings, head, build_date):
        assert previous is not None
        incremental.remember_scan(previous, files)
        totals = previous.totals
        return BuildSummary(totals.files, 0, totals.bytes, totals.pages, time.perf_counter() - started, out)

    schemas = Schemas()
    catalog, portfolio_ids, problems = read_catalog_side(source, schemas, build_date, options.cache)
    ledger, ledger_problems = status_ledger.read(source)
    problems += ledger_problems
    context = BuildContext(
        source=source, schemas=schemas, rules=crossref.CrossReferences(catalog, source, build_date),
        templates=options.templates,
    )
    if problems or catalog.catalog is None:
        _check_only(context, portfolio_ids, options.jobs, problems)

    state = assemble.state(catalog, source, build_date)
    base_url = options.base_url or state.catalog.base_url
    signer = load_signer(options.signing_key, base_url, [out, source]) if options.signing_key else None
    context.credentials, context.signer = state.credentials, signer
    context.site = replace(
        catalog_site(privacy.redact(state), base_url, signed=signer is not None),
        cache_folder=source / CACHE_FOLDER if options.cache else None,
        ledger=ledger,
    )
    dates = history.last_changed(context.site.state, FOLDERS["credential"])
    updated = tuple(sorted((cid, day.isoformat()) for cid, day in dates.items()))
    plan = incremental.plan(previous, files, settings, build_date, portfolio_ids, updated)

    with StagedOutput(out, __version__, plan.replaceable) as output:
        context.staging, context.previous = output.staging, plan.replaceable
        guess = with_summaries(context.site, plan.guess(), updated=dates) if plan.site_wide == "alongside" else None
        made, guessed, earnings, pending = _render_changes(context, list(plan.read), guess, options, problems)
        if problems:
            raise SourceProblems(sort_problems(problems))
        ledger_change = _give_indexes(context, earnings)
        made.update(_render_changes(context, pending, None, options, problems)[0])  # their indexes are given now
        for passport_record in made.values():
            for relative, digest, size in passport_record.outputs:
                output.record(relative, digest, size, changed=not holds(plan.replaceable, relative, digest))
        site_wide = plan.site_wide_outcome(made, bool(ledger_change))
        record = plan.record_passports(record_file, made)
        if site_wide == "kept":
            site_outputs = plan.kept_site_outputs()
            output.keep({path for path, _, _ in site_outputs})
        elif site_wide == "alongside":
            site_outputs = _record_staged(output, guessed or [])
        else:
            site = with_summaries(context.site, incremental.summaries(record), updated=dates)
            site_outputs = _render_site_wide(site, options, signer, output, plan.catalog_unchanged)
        # Written by every build, whatever else it keeps: the one file that holds the build date.
        output.write(*checked_file(context.site))
        site_outputs = tuple(sorted((*site_outputs, (CHECKED, *output.written[CHECKED]))))
        build_id = plan.build_id(output)
        if ledger_change:  # remembered before anything is published with the new indexes
            _write_ledger(source, context.site.ledger, files)
        output.commit(build_id)
    totals = plan.totals(output)
    if options.cache:
        incremental.save(
            record, build_id=build_id, settings=settings, git_head=head, files=files, build_date=build_date,
            updated=updated, site_outputs=site_outputs, totals=totals,
        )
    return BuildSummary(
        totals.files, len(output.changed), totals.bytes, totals.pages, time.perf_counter() - started, out,
        ledger_change,
    )


def _check_only(context: BuildContext, portfolio_ids: list[str], jobs: int, problems: list[Problem]) -> NoReturn:
    """The catalog side has problems: still check every portfolio (all problems in one run), render nothing."""
    for results in parallel_map(portfolio_worker(context), portfolio_batches(portfolio_ids, jobs), jobs):
        problems += [p for result in results for p in result.problems]
    raise SourceProblems(sort_problems(problems))


def _give_indexes(context: BuildContext, earnings: list[status_ledger.Earning]) -> status_ledger.LedgerChange:
    """The ledger with this build's earnings: new indexes, revocations; set on ``context.site``."""
    assert context.site is not None
    try:
        ledger, change = status_ledger.update(context.site.ledger, earnings)
    except status_ledger.LedgerFull as error:
        raise SourceProblems([Problem(status_ledger.LEDGER_FILE, 1, 1, str(error))]) from error
    context.site = replace(context.site, ledger=ledger)
    return change


def _write_ledger(source: Path, ledger: status_ledger.Ledger, files: dict[str, records.FileStat]) -> None:
    """Write the ledger into the source; the record learns its new bytes, so the
    next build does not take the build's own write for an edit."""
    try:
        status_ledger.write(source, ledger)
    except OSError as error:
        raise OutputError(
            f"{source / status_ledger.LEDGER_FILE}: cannot record the new status-list indexes ({error.strerror}); "
            "nothing was published"
        ) from error
    if files:
        files.update(records.scan_source_files(source, [status_ledger.LEDGER_FILE]))


def _render_changes(
    context: BuildContext, stale: list[str], guess: Site | None, options: BuildOptions, problems: list[Problem]
) -> tuple[dict[str, PassportRecord], list[Staged] | None, list[status_ledger.Earning], list[str]]:
    """Every changed portfolio through every stage (problems go into ``problems``),
    and the site-wide outputs from ``guess`` when given, all in one process pool.

    Also every earning the portfolios hold, and the portfolios left pending
    (sorted): they need status-list indexes before they can be rendered.
    """
    made: dict[str, PassportRecord] = {}
    earnings: list[status_ledger.Earning] = []
    pending: list[str] = []
    guessed: list[Staged] | None = [] if guess is not None else None
    tasks: list[tuple[str, Any]] = [("site", part) for part in SITE_WIDE_PARTS] if guess is not None else []
    tasks += [("passports", batch) for batch in portfolio_batches(stale, options.jobs)]
    assert context.staging is not None
    passports = portfolio_worker(context)
    site_parts = site_wide_worker(guess, options.templates, context.signer, context.staging, context.previous) if guess else None

    def run(task: tuple[str, Any]) -> tuple[str, Any]:
        kind, payload = task
        return kind, passports(payload) if kind == "passports" else site_parts(payload)  # type: ignore[misc]

    done = 0
    for kind, results in parallel_map(run, tasks, options.jobs):
        if kind == "site":
            guessed.extend(results)  # type: ignore[union-attr]
            continue
        for result in results:
            problems += result.problems
            earnings.extend(result.earnings)
            if result.record is not None:
                made[result.portfolio_id] = result.record
            elif result.pending:
                pending.append(result.portfolio_id)
        done += len(results)
        if options.progress:
            options.progress(done, len(stale))
    return made, guessed, earnings, sorted(pending)


def _record_staged(output: StagedOutput, staged: list[Staged]) -> tuple[records.Output, ...]:
    for relative, digest, size, changed in staged:
        output.record(relative, digest, size, changed)
    return tuple(sorted((relative, digest, size) for relative, digest, size, _ in staged))


def _render_site_wide(
    site: Site, options: BuildOptions, signer: Signer | None, output: StagedOutput, catalog_unchanged: bool = False
) -> tuple[records.Output, ...]:
    worker = site_wide_worker(site, options.templates, signer, output.staging, output.previous, catalog_unchanged)
    return _record_staged(output, [staged for part in parallel_map(worker, list(SITE_WIDE_PARTS), options.jobs) for staged in part])
