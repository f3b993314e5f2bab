"""`credsite serve`: a live preview that rebuilds, reloads, and shows problems in the browser."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from credsite.cli import main
from credsite.pipeline import validate
from credsite.problems import format_text
from credsite.serve import (
    RELOAD_SCRIPT_PATH,
    VERSION_PATH,
    DevServer,
    inject_reload_script,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
MINIMAL = REPO_ROOT / "tests" / "fixtures" / "minimal"
MOUNT = "/mc/"  # the path of the minimal catalog's base_url
WAIT_SECONDS = 8
RELOAD_TAG = f'<script src="{RELOAD_SCRIPT_PATH}"'
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
PHONE_VIEWPORT = {"width": 360, "height": 740}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    text: str


def get(server: DevServer, path: str, method: str = "GET") -> Reply:
    """One request, without following redirects."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out after {WAIT_SECONDS} s waiting for {what}")


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    shutil.copytree(MINIMAL, folder)
    return folder


@pytest.fixture()
def log() -> list[str]:
    return []


def start_preview(source: Path, log: list[str], templates: Path | None = None) -> DevServer:
    preview = DevServer(source, port=0, templates=templates, poll_seconds=0.05, log=log.append)
    try:
        preview.start()
    except BaseException:
        preview.stop()
        raise
    return preview


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")  # 2026-06-01


@pytest.fixture(scope="module")
def shared_log() -> list[str]:
    return []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared_log: list[str]) -> Iterator[DevServer]:
    """One preview for the tests that only read from it (each build compiles every template)."""
    source = tmp_path_factory.mktemp("preview") / "src"
    shutil.copytree(MINIMAL, source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1780272000")
        preview = start_preview(source, shared_log)
    yield preview
    preview.stop()


@pytest.fixture()
def broken_source(source: Path) -> Path:
    """A source whose build stops at validation: quick to start."""
    (source / "catalog" / "issuers" / "state.yaml").write_text("name: [\n", encoding="utf-8")
    return source


def test_serves_the_home_page_with_the_reload_script(server: DevServer, shared_log: list[str]) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}{MOUNT}"
    reply = get(server, MOUNT)
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert reply.headers["cache-control"] == "no-store"
    assert "Test State Micro-credentials" in reply.text
    assert reply.text.count(RELOAD_TAG) == 1
    assert reply.text.index(RELOAD_TAG) < reply.text.lower().rindex("</body>")
    assert RELOAD_TAG not in (server.out / "index.html").read_text(encoding="utf-8")
    assert shared_log[0].startswith("built in ")


def test_root_redirects_to_the_mount(server: DevServer) -> None:
    for path in ("/", MOUNT.rstrip("/")):
        reply = get(server, path)
        assert reply.status == 302
        assert reply.headers["location"] == MOUNT


def test_folders_redirect_to_their_slash_form(server: DevServer) -> None:
    reply = get(server, MOUNT + "credentials/circles")
    assert reply.status == 301
    assert reply.headers["location"] == MOUNT + "credentials/circles/"
    assert get(server, MOUNT + "credentials/circles/").status == 200


def test_links_in_the_build_point_at_the_preview(server: DevServer) -> None:
    catalog = json.loads(get(server, MOUNT + "catalog.json").text)
    assert f"http://127.0.0.1:{server.port}{MOUNT}" in json.dumps(catalog)
    assert "test.example.org" not in json.dumps(catalog)


def test_non_html_files_are_served_untouched(server: DevServer) -> None:
    reply = get(server, MOUNT + "catalog.json")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("application/json")
    assert RELOAD_TAG not in reply.text
    assert reply.text == (server.out / "catalog.json").read_text(encoding="utf-8")


def test_version_and_reload_script(server: DevServer) -> None:
    reply = get(server, VERSION_PATH)
    assert reply.headers["content-type"] == "application/json"
    assert json.loads(reply.text) == {"version": 1}
    script = get(server, RELOAD_SCRIPT_PATH)
    assert script.status == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert VERSION_PATH in script.text
    assert 'data-version="1"' in get(server, MOUNT).text


def test_unknown_paths_get_a_404_page_that_reloads(server: DevServer) -> None:
    inside = get(server, MOUNT + "no/such/page/")
    assert inside.status == 404
    assert RELOAD_TAG in inside.text
    outside = get(server, "/elsewhere/")
    assert outside.status == 404
    assert f'href="{MOUNT}"' in outside.text


@pytest.mark.parametrize("path", [MOUNT + "../../../etc/passwd", MOUNT + "%2e%2e/%2e%2e/etc/passwd", MOUNT + "a%00b", MOUNT + "..%5c..%5cx"])
def test_requests_cannot_leave_the_output_folder(server: DevServer, path: str) -> None:
    reply = get(server, path)
    assert reply.status == 404
    assert "root:" not in reply.text


def test_head_requests_have_no_body(server: DevServer) -> None:
    reply = get(server, MOUNT, method="HEAD")
    assert reply.status == 200
    assert reply.text == ""
    assert int(reply.headers["content-length"]) > 0


def test_binds_to_loopback_only(server: DevServer) -> None:
    assert server.http.server_address[0] == "127.0.0.1"


def test_a_problem_replaces_every_page_until_it_is_fixed(source: Path, log: list[str]) -> None:
    hostile = '<img src=x onerror="alert(1)">'
    stack = source / "catalog" / "stacks" / "more.yaml"
    with start_preview(source, log) as preview:
        assert get(preview, MOUNT).status == 200
        stack.write_text(f"title: More\ncredentials: [reading]\n'{hostile}': 1\n", encoding="utf-8")

        wait_for(lambda: get(preview, MOUNT).status == 500, "the problem page")
        page = get(preview, MOUNT + "credentials/reading/")
        assert page.status == 500
        assert "1 problem in the source" in page.text
        assert "<code>catalog/stacks/more.yaml:3:1</code>:" in page.text
        assert RELOAD_TAG in page.text
        assert hostile not in page.text
        assert "<pre>&#x27;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#x27;: 1</pre>" in page.text
        assert get(preview, MOUNT + "catalog.json").status == 200, "files from the last good build are still served"
        assert log[-2] == "1 problem (the browser lists them too):"
        assert log[-1].startswith("catalog/stacks/more.yaml:3:1: ") and hostile in log[-1]  # plain text for the terminal
        broken_version = json.loads(get(preview, VERSION_PATH).text)["version"]

        stack.write_text("title: More\ncredentials: [reading]\n", encoding="utf-8")
        wait_for(lambda: get(preview, MOUNT).status == 200, "the fixed site")
        assert "Test State Micro-credentials" in get(preview, MOUNT).text
        assert get(preview, MOUNT + "stacks/more/").status == 200
        assert json.loads(get(preview, VERSION_PATH).text)["version"] > broken_version
        assert log[-1].startswith("rebuilt in ")


def test_a_broken_template_override_is_shown_and_recovers(source: Path, tmp_path: Path, log: list[str]) -> None:
    templates = tmp_path / "theme"
    templates.mkdir()
    with start_preview(source, log, templates) as preview:
        assert get(preview, MOUNT).status == 200
        (templates / "home.html").write_text("{% if %}\n", encoding="utf-8")
        wait_for(lambda: get(preview, MOUNT).status == 500, "the build failure page")
        page = get(preview, MOUNT).text
        assert "The build failed" in page
        assert "home.html:1: " in page
        assert log[-1].startswith("build failed: ") and "home.html:1: " in log[-1]
        (templates / "home.html").unlink()
        wait_for(lambda: get(preview, MOUNT).status == 200, "the recovered site")


def test_a_source_with_problems_at_start_is_served_as_a_problem_page(broken_source: Path, log: list[str]) -> None:
    with start_preview(broken_source, log) as preview:
        reply = get(preview, MOUNT)
        assert reply.status == 500
        assert "catalog/issuers/state.yaml:" in reply.text
        printed_by_validate = format_text(validate(broken_source, date(2026, 6, 1))[1])
        assert printed_by_validate.startswith("catalog/issuers/state.yaml:1:7: ")
        assert log == ["1 problem (the browser lists them too):", printed_by_validate]


def test_stop_ends_the_threads_and_removes_the_preview(broken_source: Path, log: list[str]) -> None:
    threads_before = set(threading.enumerate())
    preview = start_preview(broken_source, log)
    assert preview.workdir.is_dir()
    assert len(set(threading.enumerate()) - threads_before) == 2
    preview.stop()
    preview.stop()
    assert not preview.workdir.exists()
    assert set(threading.enumerate()) - threads_before == set()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", preview.port), timeout=1)


def test_inject_without_a_body_end_tag_appends() -> None:
    assert inject_reload_script(b"<p>hi", 3) == b'<p>hi<script src="/__credsite/reload.js" data-version="3" defer></script>'
    assert inject_reload_script(b"<BODY>x</BODY>", 1).endswith(b"</script></BODY>")


def test_a_port_in_use_is_a_clear_error(source: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--source", str(source), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "--port 0" in result.output


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "terminate"])
def test_the_command_prints_the_url_and_stops_cleanly(broken_source: Path, tmp_path: Path, stop_signal: int) -> None:
    command = [sys.executable, "-m", "credsite", "serve", "--source", str(broken_source), "--port", "0"]
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temporary)}
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        problem = process.stdout.readline()
        second = process.stdout.readline()
        assert first == "1 problem (the browser lists them too):\n", first + process.stderr.read()
        assert problem.startswith("catalog/issuers/state.yaml:1:7: this [ ] list is never closed")
        assert second.startswith("serving http://127.0.0.1:") and MOUNT in second
        url = second.split()[1]
        port = int(url.split(":")[2].split("/")[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", MOUNT)
        assert connection.getresponse().status == 500
        connection.close()
        assert len(list(temporary.iterdir())) == 1, "the preview is built in a temporary folder"
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "stopped" in out
    assert "Traceback" not in err
    assert list(temporary.iterdir()) == [], "stopping removes the temporary site"


def browse_through_a_fix(url: str, break_source: Callable[[], None], fix_source: Callable[[], None]) -> dict[str, object]:
    """In Chromium: load the page, break the source, see the problem page, fix it, see the page."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    seen: dict[str, object] = {"errors": []}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PHONE_VIEWPORT)
            page.on("pageerror", lambda error: seen["errors"].append(str(error)))
            page.goto(url)
            expect(page.locator("h1").first).to_contain_text("Test State Micro-credentials")
            break_source()
            expect(page.locator("h1")).to_have_text("1 problem in the source", timeout=WAIT_SECONDS * 1000)
            seen["problem"] = page.locator("li").first.inner_text()
            seen["overflows"] = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
            seen["axe"] = [v["id"] for v in Axe().run(page, options=AXE_OPTIONS).response["violations"]]
            fix_source()
            expect(page.locator("h1").first).to_contain_text("Test State Micro-credentials", timeout=WAIT_SECONDS * 1000)
        finally:
            browser.close()
    return seen


@pytest.mark.browser
def test_the_browser_reloads_into_the_problem_page_and_back(source: Path, log: list[str]) -> None:
    if not CHROMIUM.is_file():
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (required when CI is set)")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    credential = source / "catalog" / "credentials" / "reading.yaml"
    original = credential.read_text(encoding="utf-8")
    long_key = "an_unknown_and_rather_long_key_name_that_must_wrap_on_a_phone_screen"
    # Playwright's sync API gets a thread of its own: the browser tests keep a session-wide driver.
    with start_preview(source, log) as preview, ThreadPoolExecutor(max_workers=1) as worker:
        seen = worker.submit(
            browse_through_a_fix,
            preview.url,
            lambda: credential.write_text(original + f"{long_key}: 1\n", encoding="utf-8"),
            lambda: credential.write_text(original, encoding="utf-8"),
        ).result()
    assert seen["problem"].startswith("catalog/credentials/reading.yaml:")
    assert long_key in seen["problem"]
    assert seen["overflows"] is False
    assert seen["axe"] == []
    assert seen["errors"] == []
