"""CTDL for the Credential Registry: document shapes, CTIDs that never move and never repeat."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credsite import ctdl
from credsite.pipeline import BuildOptions, build, load_site, validate

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
BUILD_DATE = date(2026, 11, 24)
BASE = "https://test.example.org/mc/"
# The Registry's form of a CTID: ce- and a lowercase version-4 UUID.
CTID = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "src")
    return tmp_path / "src"


def edit(source: Path, relative: str, old: str, new: str) -> None:
    path = source / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def built(source: Path, out: Path, base_url: str | None = None) -> Path:
    build(BuildOptions(source=source, out=out, base_url=base_url, build_date=BUILD_DATE, cache=False))
    return out


def read(out: Path, relative: str) -> dict:
    return json.loads((out / relative).read_text(encoding="utf-8"))


def ctids(out: Path) -> dict[str, str]:
    """Site path of each CTDL document -> its CTID."""
    return {
        path.relative_to(out).as_posix(): json.loads(path.read_text())["ceterms:ctid"]
        for path in sorted(out.glob("*/*/ctdl.json"))
    }


# --- shapes -------------------------------------------------------------------------


def test_a_credential_is_a_micro_credential_with_what_the_registry_requires(source: Path, tmp_path: Path) -> None:
    out = built(source, tmp_path / "site")
    document = read(out, "credentials/circles/ctdl.json")
    assert document["@context"] == "https://credreg.net/ctdl/schema/context/json"  # exactly this string
    assert document["@id"] == BASE + "credentials/circles/ctdl.json"  # the URL it is served from
    assert document["@type"] == "ceterms:MicroCredential"
    assert CTID.match(document["ceterms:ctid"])
    assert document["ceterms:name"] == {"en": "Community Circles"}
    assert len(document["ceterms:description"]["en"]) >= 15  # the Registry's minimum
    assert document["ceterms:subjectWebpage"] == BASE + "credentials/circles/"
    assert document["ceterms:ownedBy"] == document["ceterms:offeredBy"] == [BASE + "issuers/state/ctdl.json"]
    assert document["ceterms:inLanguage"] == ["en"]
    status = document["ceterms:credentialStatusType"]
    assert status["@type"] == "ceterms:CredentialAlignmentObject"
    assert status["ceterms:targetNode"] == "credentialStat:Active"
    assert document["ceterms:image"] == BASE + "credentials/circles/badge.png"
    assert (out / "credentials/circles/badge.png").is_file()
    assert document["ceterms:keyword"] == {"en": ["Social-Emotional Learning"]}


def test_an_issuer_is_a_credential_organization_its_credentials_point_at(source: Path, tmp_path: Path) -> None:
    out = built(source, tmp_path / "site")
    issuer = read(out, "issuers/state/ctdl.json")
    assert issuer["@context"] == ctdl.CTDL_CONTEXT
    assert issuer["@id"] == read(out, "credentials/circles/ctdl.json")["ceterms:ownedBy"][0]
    assert issuer["@type"] == "ceterms:CredentialOrganization"
    assert CTID.match(issuer["ceterms:ctid"])
    assert issuer["ceterms:name"] == {"en": "Test State Department of Education"}
    assert issuer["ceterms:subjectWebpage"] == "https://state.example.org"
    assert issuer["ceterms:email"] == ["mc@example.org"]


def test_a_retired_credential_is_deprecated_and_a_draft_has_no_record(source: Path) -> None:
    site = load_site(source, build_date=BUILD_DATE)
    credentials = site.state.credentials
    changed = {**credentials, "circles": replace(credentials["circles"], status="retired"),
               "reading": replace(credentials["reading"], status="draft")}
    site = replace(site, state=replace(site.state, credentials=changed))
    files = dict(ctdl.ctdl_files(site))
    assert sorted(files) == ["credentials/circles/ctdl.json", "ctdl.json", "issuers/state/ctdl.json"]
    retired = json.loads(files["credentials/circles/ctdl.json"])
    assert retired["ceterms:credentialStatusType"]["ceterms:targetNode"] == "credentialStat:Deprecated"
    assert [e["@id"] for e in json.loads(files["ctdl.json"])["@graph"]] == [BASE + "credentials/circles/ctdl.json"]


def test_the_graph_holds_every_published_credential_as_its_own_document_says(source: Path, tmp_path: Path) -> None:
    out = built(source, tmp_path / "site")
    graph = read(out, "ctdl.json")
    assert graph["@context"] == ctdl.CTDL_CONTEXT and graph["@id"] == BASE + "ctdl.json"
    entities = graph["@graph"]
    assert [e["@id"] for e in entities] == [BASE + f"credentials/{cid}/ctdl.json" for cid in ("circles", "reading")]
    for entity in entities:
        own = read(out, entity["@id"].removeprefix(BASE))
        assert entity == {key: value for key, value in own.items() if key != "@context"}
    # Organizations are kept in the Registry by their accounts: the publish action must not publish over them.
    assert all(e["@type"] == "ceterms:MicroCredential" for e in entities)


def test_the_achievement_aligns_to_its_ctdl_record(source: Path, tmp_path: Path) -> None:
    out = built(source, tmp_path / "site")
    record = read(out, "credentials/circles/ctdl.json")
    assert read(out, "credentials/circles/achievement.json")["alignment"][-1] == {
        "type": ["Alignment"],
        "targetName": "Community Circles",
        "targetUrl": record["@id"],
        "targetType": "ceterms:Credential",  # OB 3.0's AlignmentTargetType for a CTDL credential
        "targetCode": record["ceterms:ctid"],
    }
    # Left out of the copy each credential carries: wallets would show it as a link to JSON.
    embedded = read(out, "educators/ana/credentials/circles.json")["credentialSubject"]["achievement"]
    assert record["@id"] not in json.dumps(embedded)


# --- CTIDs ----------------------------------------------------------------------------


def test_ctids_survive_rebuilds_edits_and_a_new_base_url(source: Path, tmp_path: Path) -> None:
    before = ctids(built(source, tmp_path / "one"))
    assert len(before) == 3 and len(set(before.values())) == 3  # two credentials and an issuer
    assert ctids(built(source, tmp_path / "two")) == before
    edit(source, "catalog/credentials/circles.yaml", "title: Community Circles", "title: Restorative Community Circles")
    edit(source, "catalog/credentials/circles.yaml", "version: ", "version: 2")
    edit(source, "catalog/issuers/state.yaml", "name: Test State Department of Education", "name: State Board of Education")
    edit(source, "catalog/catalog.yaml", "title: Test State Micro-credentials", "title: Micro-credentials")
    after = ctids(built(source, tmp_path / "three", base_url="https://credentials.state.example.org/"))
    assert after == before
    assert read(tmp_path / "three", "credentials/circles/ctdl.json")["ceterms:name"] == {"en": "Restorative Community Circles"}


def test_a_registered_ctid_is_kept_as_written(source: Path, tmp_path: Path) -> None:
    registered = "ce-7f42a13b-2c7e-4cbb-bbae-337a5187cf61"
    edit(source, "catalog/issuers/state.yaml", "email:", f"ctid: {registered}\nemail:")
    out = built(source, tmp_path / "site")
    assert read(out, "issuers/state/ctdl.json")["ceterms:ctid"] == registered


def test_derived_ctids_have_the_registry_form_and_ignore_www_and_case() -> None:
    ctid = ctdl.derived_ctid("https://www.KSDE.org/", "credential", "morning-meetings")
    assert CTID.match(ctid)
    assert ctid == ctdl.derived_ctid("https://ksde.org", "credential", "morning-meetings")
    assert ctid != ctdl.derived_ctid("https://ksde.org", "issuer", "morning-meetings")
    assert ctid != ctdl.derived_ctid("https://cde.state.co.us", "credential", "morning-meetings")
    # Pinned: a CTID that changed between releases would duplicate every record in the Registry.
    assert ctid == "ce-a9838e5a-8892-4d9f-b163-1da6e55b6840"


@settings(max_examples=200, deadline=None)
@given(ids=st.sets(SLUG, min_size=2, max_size=40), domain=st.sampled_from(["ksde.org", "cde.ca.gov", "doe.example"]))
def test_no_two_items_share_a_derived_ctid(ids: set[str], domain: str) -> None:
    url = f"https://{domain}/"
    found = [ctdl.derived_ctid(url, kind, item_id) for kind in ("credential", "issuer") for item_id in ids]
    assert len(set(found)) == len(found)
    assert all(CTID.match(ctid) for ctid in found)


def test_two_files_may_not_share_a_ctid(source: Path) -> None:
    shared = "ce-7f42a13b-2c7e-4cbb-bbae-337a5187cf61"
    edit(source, "catalog/credentials/circles.yaml", "title: Community Circles\n", f"title: Community Circles\nctid: {shared}\n")
    edit(source, "catalog/credentials/reading.yaml", "title: Reading Conferences\n", f"title: Reading Conferences\nctid: {shared}\n")
    problems = validate(source, BUILD_DATE)[1]
    assert [(p.path, p.line) for p in problems] == [("catalog/credentials/reading.yaml", 2)]
    assert "already the CTID of credential circles" in problems[0].message


def test_a_written_ctid_may_not_be_another_items_derived_one(source: Path) -> None:
    taken = ctdl.derived_ctid("https://state.example.org", "credential", "reading")
    edit(source, "catalog/issuers/state.yaml", "email:", f"ctid: {taken}\nemail:")
    problems = validate(source, BUILD_DATE)[1]
    assert [(p.path, p.line) for p in problems] == [("catalog/issuers/state.yaml", 3)]
    assert "credential reading" in problems[0].message


def test_a_malformed_ctid_is_a_schema_problem(source: Path) -> None:
    edit(source, "catalog/issuers/state.yaml", "email:", "ctid: CE-not-a-uuid\nemail:")
    problems = validate(source, BUILD_DATE)[1]
    assert [(p.path, p.line) for p in problems] == [("catalog/issuers/state.yaml", 3)]

