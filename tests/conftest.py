"""Shared fixtures: the example site, built once per session and served under a
sub-path, and a signed build of it.

GitHub Pages serves a project site below ``/<repo>/``, so the example is built
for ``http://127.0.0.1:<port>/microcredentials/`` and served there: a link that
forgets the sub-path breaks here exactly as it would in production.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SITE_MOUNT = "/microcredentials/"
# 2026-11-24T00:00:00Z: pins the build date, so expiry and renewal states in the example never drift.
EXAMPLE_BUILD_EPOCH = 1795478400
BUILD_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class BuiltSite:
    """The example site's output folder and the URL it is served from."""

    root: Path
    base_url: str

    def url(self, site_path: str = "") -> str:
        """The served URL of a site path (as returned by ``credsite.urls``)."""
        return self.base_url + site_path

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves the output folder below SITE_MOUNT only, with the site's own 404 page."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".webmanifest": "application/manifest+json",
        ".jsonld": "application/ld+json",
    }

    def send_head(self) -> BinaryIO | None:
        url_path = urlsplit(self.path).path
        if not (url_path.startswith(SITE_MOUNT) or url_path == SITE_MOUNT.rstrip("/")):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(SITE_MOUNT) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found_page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: request lines would bury pytest's output."""


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True


def build_example_site(out: Path, base_url: str, source: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "credsite", "build"]
    command += ["--source", str(source), "--out", str(out), "--base-url", base_url]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(EXAMPLE_BUILD_EPOCH)}
    return subprocess.run(
        command, cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS
    )


@contextmanager
def built_and_served(source: Path, out: Path) -> Iterator[BuiltSite]:
    """A state's site, built and served below SITE_MOUNT until the block ends."""
    server = SiteServer(("127.0.0.1", 0), partial(SiteRequestHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        site = BuiltSite(root=out, base_url=f"http://127.0.0.1:{server.server_port}{SITE_MOUNT}")
        result = build_example_site(out, site.base_url, source)
        if result.returncode != 0:
            pytest.fail(f"credsite build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The repository's example catalog and portfolios, built and served once per session."""
    with built_and_served(REPO_ROOT, tmp_path_factory.mktemp("example") / "site") as site:
        yield site


@pytest.fixture(scope="session")
def signed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with a signing key (made for the session, outside the
    source and output) at its own base URL, as the Pages workflow builds it."""
    folder = tmp_path_factory.mktemp("signed")
    key = folder / "secrets" / "site-key.pem"
    key.parent.mkdir()
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(EXAMPLE_BUILD_EPOCH), "PYTHONPATH": str(REPO_ROOT)}
    for command in (["keygen", str(key)], ["build", "--source", str(REPO_ROOT), "--out", str(folder / "site"), "--signing-key", str(key)]):
        result = subprocess.run(
            [sys.executable, "-m", "credsite", *command], capture_output=True, text=True, env=environment,
            timeout=BUILD_TIMEOUT_SECONDS,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    return folder / "site"
