"""`credsite serve`: a local preview that rebuilds on every saved change.

The site is built into a temporary folder (never the user's ``site/``) for
``http://127.0.0.1:<port><base path>``, so absolute links in feeds and JSON
point at the preview too. A polling watcher (standard library only) rebuilds
when a file under ``catalog/``, ``portfolios/`` or ``--templates`` changes.

Live reload: every HTML response, and only the response (the built files
stay as a build writes them), gets a small script that polls
``/__credsite/version`` and reloads the page when the build counter moves.
While the source has problems, every page request answers with a page that
lists them, so the browser never shows a stale or broken page.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import mimetypes
import os
import posixpath
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import quote, unquote, urlsplit

from .errors import CredsiteError, OutputError, SourceProblems, TemplateProblem
from .pipeline import BuildOptions, build, build_date_from_environment
from .problems import Problem, format_text
from .reader import ScalarNode, read_file
from .source_layout import CATALOG_FILE, SOURCE_FOLDERS
from .status_ledger import LEDGER_FILE

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
POLL_SECONDS = 0.5
VERSION_PATH = "/__credsite/version"
RELOAD_SCRIPT_PATH = "/__credsite/reload.js"
MAX_EXCERPT_CHARS = 300

RELOAD_SCRIPT = """\
(function () {
  "use strict";
  var version = document.currentScript.getAttribute("data-version");
  function check() {
    fetch("VERSION_PATH", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (String(state.version) !== version) { window.location.reload(); return; }
        window.setTimeout(check, 500);
      })
      .catch(function () { window.setTimeout(check, 2000); });
  }
  window.setTimeout(check, 500);
})();
""".replace("VERSION_PATH", VERSION_PATH)

PAGE_STYLE = """\
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; overflow-wrap: anywhere; }
h1 { color: #8b0000; font-size: 1.5rem; }
li { margin-bottom: 1rem; }
code, pre { font-family: ui-monospace, monospace; }
pre { background: #f3f3f3; border-left: 4px solid #8b0000; padding: 0.5rem; overflow-x: auto; white-space: pre-wrap; }
"""


@dataclass(frozen=True)
class BuildState:
    """The outcome of the latest build, as the request handlers see it."""

    version: int
    mount: str  # the URL path the site is served under, decoded, e.g. "/microcredentials/"
    problems: tuple[Problem, ...] = ()
    error: str | None = None  # a failure that is not a source problem, e.g. a broken template

    @property
    def ok(self) -> bool:
        return not self.problems and self.error is None


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None


def mount_path(source: Path) -> str:
    """The path of catalog.yaml's base_url ("/" when it cannot be read yet)."""
    node, _ = read_file(source / CATALOG_FILE, CATALOG_FILE)
    if node is None:
        return "/"
    for key, value in node.pairs:
        if key.value == "base_url" and isinstance(value, ScalarNode):
            path = unquote(urlsplit(value.value.strip()).path).strip("/")
            return f"/{path}/" if path else "/"
    return "/"


def snapshot(folders: list[Path], ignore: frozenset[str] = frozenset()) -> tuple[tuple[str, int, int], ...]:
    """(file, modification time, size) of every file below ``folders`` but those in ``ignore``, in a fixed order."""
    entries = []
    for folder in folders:
        for directory, subfolders, files in os.walk(folder):
            subfolders.sort()
            for name in sorted(files):
                path = os.path.join(directory, name)
                if path in ignore:
                    continue
                try:
                    status = os.stat(path)
                except OSError:  # removed between the listing and the stat
                    continue
                entries.append((path, status.st_mtime_ns, status.st_size))
    return tuple(entries)


def inject_reload_script(page: bytes, version: int) -> bytes:
    tag = f'<script src="{RELOAD_SCRIPT_PATH}" data-version="{version}" defer></script>'.encode()
    end = page.lower().rfind(b"</body>")
    return page + tag if end < 0 else page[:end] + tag + page[end:]


def problems_page(state: BuildState, source: Path) -> bytes:
    """A self-contained page listing every problem, escaped, with the line it points at."""
    count = len(state.problems)
    heading = f"{count} problem{'s' if count != 1 else ''} in the source" if count else "The build failed"
    items = [_problem_item(problem, source) for problem in state.problems]
    if state.error:
        items.append(f"<li><pre>{html.escape(state.error)}</pre></li>")
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(heading)} · credsite preview</title>\n<style>\n{PAGE_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{html.escape(heading)}</h1>\n"
        "<p>Fix the files and save them: this page reloads by itself when the site builds again.</p>\n"
        f'<ol>\n{"".join(items)}</ol>\n</main>\n</body>\n</html>\n'
    )
    return inject_reload_script(page.encode("utf-8"), state.version)


def _problem_item(problem: Problem, source: Path) -> str:
    excerpt = _source_line(source, problem)
    shown = f"\n<pre>{html.escape(excerpt)}</pre>" if excerpt else ""
    location = f"{problem.path}:{problem.line}:{problem.column}"
    return f"<li><code>{html.escape(location)}</code>: {html.escape(problem.message)}{shown}</li>\n"


def _source_line(source: Path, problem: Problem) -> str:
    file = (source / problem.path).resolve()
    if not file.is_relative_to(source.resolve()) or not file.is_file():
        return ""
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    if not 1 <= problem.line <= len(lines):
        return ""
    return lines[problem.line - 1][:MAX_EXCERPT_CHARS]


def not_found_page(state: BuildState) -> bytes:
    mount = html.escape(quote(state.mount))
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Not found · credsite preview</title>\n</head>\n<body>\n<main>\n"
        f'<h1>Not found</h1>\n<p>The site is served at <a href="{mount}">{mount}</a>.</p>\n'
        "</main>\n</body>\n</html>\n"
    )
    return inject_reload_script(page.encode("utf-8"), state.version)


def _is_page(site_path: str) -> bool:
    name = posixpath.basename(site_path)
    return site_path == "" or site_path.endswith("/") or name.endswith(".html") or "." not in name


def _content_type(file: Path) -> str:
    guessed, _ = mimetypes.guess_type(file.name)
    if file.suffix == ".webmanifest":
        guessed = "application/manifest+json"
    guessed = guessed or "application/octet-stream"
    textual = guessed.startswith("text/") or guessed in ("application/json", "application/xml", "image/svg+xml")
    return f"{guessed}; charset=utf-8" if textual else guessed


class DevServer:
    """The preview: an HTTP server on 127.0.0.1 and a watcher that rebuilds.

    Only the watcher thread builds (after ``start``'s first build), so
    builds never overlap; handlers read ``state``, which each build
    replaces as a whole.
    """

    def __init__(
        self,
        source: Path,
        port: int = DEFAULT_PORT,
        templates: Path | None = None,
        poll_seconds: float = POLL_SECONDS,
        log: Callable[[str], None] = print,
    ) -> None:
        self.source = source.resolve()
        self.templates = templates.resolve() if templates else None
        self.poll_seconds = poll_seconds
        self.log = log
        self.http = _PreviewHTTPServer((HOST, port), _PreviewHandler, self)
        self.port: int = self.http.server_address[1]
        self.workdir = Path(tempfile.mkdtemp(prefix="credsite-serve-"))
        self.out = self.workdir / "site"
        self.state = BuildState(version=0, mount=mount_path(self.source))
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._seen: tuple[tuple[str, int, int], ...] = ()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}{quote(self.state.mount)}"

    def watched_folders(self) -> list[Path]:
        folders = [self.source / name for name in SOURCE_FOLDERS]
        return folders + ([self.templates] if self.templates else [])

    def watched(self) -> tuple[tuple[str, int, int], ...]:
        # The build itself writes the status-list ledger: that is no edit to rebuild for.
        return snapshot(self.watched_folders(), frozenset({os.path.join(self.source, LEDGER_FILE)}))

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        self._seen = self.watched()
        self.rebuild(first=True)
        serve = functools.partial(self.http.serve_forever, poll_interval=0.1)  # a prompt Ctrl-C
        for target, name in ((serve, "credsite-serve-http"), (self._watch, "credsite-serve-watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def wait(self) -> None:
        """Block until ``stop`` (or Ctrl-C, which interrupts the wait)."""
        while not self._stopping.wait(3600):
            pass

    def stop(self) -> None:
        """Stop serving and watching, and remove the temporary site; safe to call twice."""
        self._stopping.set()
        if self._threads:
            self.http.shutdown()
        self.http.server_close()
        for thread in self._threads:
            thread.join()
        self._threads = []
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def rebuild(self, first: bool = False) -> BuildState:
        mount = mount_path(self.source)
        started = time.perf_counter()
        problems: tuple[Problem, ...] = ()
        error = None
        try:
            build(self._options(mount))
        except SourceProblems as found:
            problems = tuple(found.problems)
        except (TemplateProblem, OutputError) as failure:
            error = str(failure)
        # The preview must outlive anything a half-saved file or template does;
        # the page shows the failure and the next save tries again.
        except Exception as failure:  # noqa: BLE001
            error = f"internal error: {type(failure).__name__}: {failure}"
        self.state = BuildState(self.state.version + 1, mount, problems, error)
        self.log(self._summary(time.perf_counter() - started, first))
        if problems:
            self.log(format_text(problems))  # as `credsite validate` prints them
        return self.state

    def _options(self, mount: str) -> BuildOptions:
        return BuildOptions(
            source=self.source,
            out=self.out,
            base_url=f"http://{HOST}:{self.port}{quote(mount)}",
            templates=self.templates,
            build_date=build_date_from_environment(),
        )

    def _summary(self, seconds: float, first: bool) -> str:
        count = len(self.state.problems)
        if count:
            return f"{count} problem{'s' if count != 1 else ''} (the browser lists them too):"
        if self.state.error:
            return f"build failed: {self.state.error.splitlines()[0]} — see the browser"
        return f"{'built' if first else 'rebuilt'} in {seconds:.1f} s"

    def _watch(self) -> None:
        while not self._stopping.wait(self.poll_seconds):
            current = self.watched()
            if current != self._seen:
                self._seen = current
                self.rebuild()

    def respond(self, request_path: str) -> Response:
        """What to answer for a GET of ``request_path`` (path and query)."""
        state = self.state
        path = unquote(urlsplit(request_path).path)
        if path == VERSION_PATH:
            return Response(HTTPStatus.OK, json.dumps({"version": state.version}).encode(), "application/json")
        if path == RELOAD_SCRIPT_PATH:
            return Response(HTTPStatus.OK, RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
        if path + "/" == state.mount or (path == "/" and state.mount != "/"):
            return Response(HTTPStatus.FOUND, b"", location=quote(state.mount))
        if not path.startswith(state.mount):
            return Response(HTTPStatus.NOT_FOUND, not_found_page(state))
        site_path = path[len(state.mount) :]
        if not state.ok and _is_page(site_path):
            return Response(HTTPStatus.INTERNAL_SERVER_ERROR, problems_page(state, self.source))
        return self._site_file(site_path, state)

    def _site_file(self, site_path: str, state: BuildState) -> Response:
        parts = [part for part in site_path.split("/") if part]
        if any(part in (".", "..") or "\\" in part for part in parts):
            return self._not_found(state)
        file = self.out.joinpath(*parts)
        if file.is_dir():
            if site_path and not site_path.endswith("/"):
                return Response(HTTPStatus.MOVED_PERMANENTLY, b"", location=quote(state.mount + site_path + "/"))
            file = file / "index.html"
        try:
            body = file.read_bytes()
        except (OSError, ValueError):  # missing, swapped away by a build in progress, or a NUL in the path
            return self._not_found(state)
        content_type = _content_type(file)
        if content_type.startswith("text/html"):
            body = inject_reload_script(body, state.version)
        return Response(HTTPStatus.OK, body, content_type)

    def _not_found(self, state: BuildState) -> Response:
        try:
            page = inject_reload_script((self.out / "404.html").read_bytes(), state.version)
        except OSError:
            page = not_found_page(state)
        return Response(HTTPStatus.NOT_FOUND, page)


class _PreviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], preview: DevServer) -> None:
        self.preview = preview
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Browsers drop connections on every reload; that is not worth a traceback."""


class _PreviewHandler(BaseHTTPRequestHandler):
    server: _PreviewHTTPServer

    def do_GET(self) -> None:
        self._send(self.server.preview.respond(self.path), with_body=True)

    def do_HEAD(self) -> None:
        self._send(self.server.preview.respond(self.path), with_body=False)

    def _send(self, response: Response, with_body: bool) -> None:
        self.send_response(response.status)
        if response.location:
            self.send_header("Location", response.location)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows one line per build, not one per request."""


def preview(source: Path, port: int, templates: Path | None, log: Callable[[str], None] = print) -> None:
    """``credsite serve``: serve and rebuild until Ctrl-C or SIGTERM, then clean up.

    Raises CredsiteError, before serving anything, for a bad
    ``SOURCE_DATE_EPOCH`` or a port that cannot be used.
    """
    build_date_from_environment()  # a bad SOURCE_DATE_EPOCH is an error now, not a page per build
    try:
        server = DevServer(source, port, templates, log=log)
    except OSError as error:
        raise CredsiteError(
            f"cannot listen on {HOST}:{port} ({error.strerror}); "
            "choose another --port, or --port 0 for any free one"
        ) from None
    with server:
        server.start()
        try:
            with _terminate_like_ctrl_c():
                # Said once the stop signals are handled: a SIGTERM sent on reading it stops cleanly.
                log(f"serving {server.url} — press Ctrl-C to stop")
                server.wait()
        except KeyboardInterrupt:
            log("stopped")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _terminate_like_ctrl_c() -> Iterator[None]:
    """SIGTERM (an editor's "stop task", a process manager) stops the preview as Ctrl-C does.

    SIGINT gets the same handler explicitly: a process started in the
    background inherits an ignored SIGINT, and Python then raises no
    KeyboardInterrupt for Ctrl-C at all.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _interrupt) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
