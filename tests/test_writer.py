"""The writer: staged output, ownership, and never losing what was there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from credsite.writer import MANIFEST, OutputError, StagedOutput


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def publish(out: Path, files: dict[str, bytes]) -> None:
    with StagedOutput(out, "test") as output:
        for name, data in files.items():
            output.write(name, data)
        output.commit()


def test_first_build_creates_the_folder_with_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(out, {"index.html": b"home", "a/b.json": b"{}"})
    assert snapshot(out) == {"index.html": b"home", "a/b.json": b"{}", MANIFEST: (out / MANIFEST).read_bytes()}
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["generator"] == "credsite" and manifest["owns"] == ["a", "index.html"]


def test_the_manifest_names_no_file_inside_an_owned_folder(tmp_path: Path) -> None:
    """It is published with the site: a list of files would name every unlisted passport."""
    out = tmp_path / "site"
    publish(out, {"index.html": b"home", "educators/quiet-one/index.html": b"unlisted", ".well-known/did.json": b"{}"})
    text = (out / MANIFEST).read_text()
    assert "quiet-one" not in text
    assert json.loads(text)["owns"] == [".well-known/did.json", "educators", "index.html"]


def test_a_file_beside_ours_in_a_shared_folder_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(out, {".well-known/did.json": b"v1"})
    (out / ".well-known" / "security.txt").write_text("Contact: mailto:it@example.org")
    publish(out, {".well-known/did.json": b"v2"})
    assert (out / ".well-known" / "security.txt").read_text() == "Contact: mailto:it@example.org"
    assert (out / ".well-known" / "did.json").read_bytes() == b"v2"


def test_a_folder_credsite_owns_is_replaced_whole(tmp_path: Path) -> None:
    """Below an owned folder every file is credsite's: one it no longer writes goes."""
    out = tmp_path / "site"
    publish(out, {"educators/a/index.html": b"a", "educators/b/index.html": b"b"})
    publish(out, {"educators/a/index.html": b"a"})
    assert snapshot(out).keys() == {"educators/a/index.html", MANIFEST}


def test_a_manifest_of_an_older_credsite_that_listed_files_is_understood(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "educators" / "a").mkdir(parents=True)
    (out / "educators" / "a" / "index.html").write_text("old")
    (out / "CNAME").write_text("mc.example.org")
    (out / MANIFEST).write_text(json.dumps({"generator": "credsite", "version": "0.9", "files": ["educators/a/index.html"]}))
    publish(out, {"educators/b/index.html": b"new"})
    assert snapshot(out).keys() == {"educators/b/index.html", "CNAME", MANIFEST}


def test_rebuild_replaces_old_files_and_leaves_no_staging(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(out, {"index.html": b"v1", "old.html": b"gone soon"})
    publish(out, {"index.html": b"v2"})
    assert (out / "index.html").read_bytes() == b"v2"
    assert not (out / "old.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_refuses_a_non_empty_folder_it_did_not_create(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "important.txt").write_text("mine")
    with pytest.raises(OutputError, match="not created by credsite"):
        StagedOutput(out, "test")
    assert snapshot(out) == {"important.txt": b"mine"}


def test_an_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    publish(out, {"index.html": b"x"})
    assert (out / "index.html").read_bytes() == b"x"


def test_files_someone_else_added_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(out, {"index.html": b"v1"})
    (out / "CNAME").write_text("mc.example.org")
    (out / "extra").mkdir()
    (out / "extra" / "notes.txt").write_text("keep me")
    publish(out, {"index.html": b"v2"})
    assert (out / "CNAME").read_text() == "mc.example.org"
    assert (out / "extra" / "notes.txt").read_text() == "keep me"


def test_a_foreign_file_in_the_way_stops_the_build_without_changes(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(out, {"index.html": b"v1"})
    (out / "robots.txt").write_text("hand written")
    before = snapshot(out)
    with pytest.raises(OutputError, match="was not written by credsite"):
        publish(out, {"index.html": b"v2", "robots.txt": b"generated"})
    assert snapshot(out) == before


def test_an_error_during_the_build_leaves_the_old_output_identical(tmp_path: Path) -> None:
    out = tmp_path / "site"
    publish(out, {"index.html": b"v1", "a/b.html": b"page"})
    before = snapshot(out)
    with pytest.raises(RuntimeError):
        with StagedOutput(out, "test") as output:
            output.write("index.html", b"half")
            raise RuntimeError("render failed")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_stale_staging_from_a_killed_build_is_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "site"
    stale = tmp_path / ".site.staging-999999999"
    stale.mkdir()
    (stale / "index.html").write_text("half")
    publish(out, {"index.html": b"ok"})
    assert not stale.exists()


@pytest.mark.parametrize("name", ["../escape.html", "/etc/x", "a/../../b", "", MANIFEST, "a\\b"])
def test_refuses_paths_outside_the_folder(tmp_path: Path, name: str) -> None:
    with StagedOutput(tmp_path / "site", "test") as output:
        with pytest.raises(OutputError):
            output.write(name, b"x")
        output.abort()


def test_the_same_path_twice_is_an_error(tmp_path: Path) -> None:
    with StagedOutput(tmp_path / "site", "test") as output:
        output.write("a.html", b"1")
        with pytest.raises(OutputError, match="same file"):
            output.write("a.html", b"2")
        output.abort()
