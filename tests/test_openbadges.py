"""Open Badges 3.0 documents built from model objects."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from credsite import openbadges, signing, status_list
from credsite.model import (
    Alignment,
    Artifact,
    ArtifactEvidence,
    Catalog,
    Credential,
    Earned,
    EvidenceRequirement,
    Framework,
    Issuer,
    Portfolio,
    Revocation,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Source,
    TextEvidence,
    Topic,
)
from credsite.urls import Urls

# 1EdTech's reference files: see tests/vendor/README.md for where each comes from.
OB3 = Path(__file__).resolve().parent / "vendor" / "ob3"
# The formal credential schema ships with credsite (`credsite verify` uses it); the tests read that copy.
FORMAL_SCHEMA = Path(__file__).resolve().parents[1] / "credsite" / "contexts" / "ob_v3p0_achievementcredential_schema.json"
BASE_URL = "https://ksde-pl.github.io/microcredentials/"
STATUS_INDEX = 7


# --- fixtures built from dataclasses --------------------------------------------------


def make_catalog() -> Catalog:
    return Catalog(
        title="Kansas Educator Micro-credentials",
        base_url=BASE_URL,
        publisher="ksde",
        topics=(
            Topic(id="social-emotional-learning", title="Social-Emotional Learning"),
            Topic(id="early-childhood", title="Early Childhood"),
        ),
        language="en",
        frameworks=(
            Framework(
                id="learning-forward", title="Learning Forward Standards", url="https://learningforward.org/standards/"
            ),
            Framework(id="local", title="District goals"),
        ),
    )


def make_issuer() -> Issuer:
    return Issuer(
        id="ksde",
        name="Kansas State Department of Education",
        url="https://www.ksde.org",
        email="tla@example.org",
        description="Teacher Licensure and Accreditation.",
        image="assets/ksde.png",
    )


def make_credential() -> Credential:
    levels = (
        RubricLevel(id="not-yet", title="Not Yet", passing=False),
        RubricLevel(id="proficient", title="Proficient", passing=True),
        RubricLevel(id="exemplary", title="Exemplary", passing=True),
    )
    descriptors = {"not-yet": "Missing parts.", "proficient": "All parts daily.", "exemplary": "Students lead."}
    return Credential(
        id="morning-meetings-sel",
        title="Morning Meetings for Social-Emotional Learning",
        version="1.0",
        issuer="ksde",
        summary="Lead daily morning meetings that explicitly teach social skills.",
        competency="The educator plans and facilitates daily morning meetings.",
        key_method="A four-part meeting.",
        sources=(Source(citation="Kriete & Davis (2014)."),),
        topics=("social-emotional-learning", "early-childhood"),
        requirements=(
            EvidenceRequirement(id="overview", title="Overview", kind="text", prompt="Summarize the project."),
            EvidenceRequirement(
                id="artifacts", title="Artifacts", kind="artifacts", prompt="Lesson plans.", min_items=1
            ),
            EvidenceRequirement(id="reflection", title="Reflection", kind="reflection", prompt="Was it realized?"),
        ),
        rubric=Rubric(
            levels=levels,
            criteria=(
                RubricCriterion(
                    id="structure", title="Meeting structure", descriptors=descriptors, requirement="overview"
                ),
                RubricCriterion(id="voice", title="Student voice", descriptors=descriptors, requirement="reflection"),
            ),
        ),
        valid_years=5,
        alignments=(
            Alignment(framework="learning-forward", code="learning-designs", title="Learning Designs"),
            Alignment(framework="local", code="g1"),
        ),
        evidence_instructions="Submit all parts in one package.",
        ctid="ce-2c5e1e2f-fa0c-43c5-8c73-6a6aa2d1d49a",
    )


def make_earned(**changes) -> Earned:
    earned = Earned(
        credential="morning-meetings-sel",
        version="1.0",
        earned_on=date(2018, 12, 14),
        assessor="KSDE review panel",
        scores={"voice": "exemplary", "structure": "proficient"},
        evidence=(
            TextEvidence(requirement="overview", text="Our kindergarten team met daily."),
            ArtifactEvidence(
                requirement="artifacts",
                items=(
                    Artifact(
                        title="Plan week 3", type="lesson-plan", file="morning meetings/plan week3.pdf", public=True
                    ),
                    Artifact(
                        title="Video link", type="video", url="https://example.org/video", public=True, consent=True
                    ),
                    Artifact(title="SECRET student photo", type="photo", file="secret.jpg", public=False),
                ),
            ),
            TextEvidence(requirement="reflection", text="PRIVATE reflection text", public=False),
        ),
    )
    return dataclasses.replace(earned, **changes)


def make_portfolio(earned: Earned) -> Portfolio:
    return Portfolio(id="jordan-rivera", name="Jordan Rivera", earned=(earned,))


def build_credential(
    earned: Earned | None = None, issuer_did: str | None = None, expires_on=date(2023, 12, 14)
) -> dict:
    earned = earned or make_earned()
    return openbadges.badge_credential(
        make_portfolio(earned),
        earned,
        make_credential(),
        make_issuer(),
        make_catalog(),
        Urls(BASE_URL),
        expires_on=expires_on,
        image_site_path="credentials/morning-meetings-sel/badge.svg",
        credential_status=status_list.status_entry(Urls(BASE_URL), STATUS_INDEX),
        issuer_did=issuer_did,
    )


def build_achievement() -> dict:
    return openbadges.achievement(
        make_credential(), make_issuer(), make_catalog(), Urls(BASE_URL), "credentials/morning-meetings-sel/badge.svg"
    )


def build_profile(issuer_did: str | None = None) -> dict:
    return openbadges.issuer_profile(make_issuer(), Urls(BASE_URL), "issuers/ksde/image.png", issuer_did)


# --- schema validation ------------------------------------------------------------------


def _formal_schema() -> dict:
    return json.loads(FORMAL_SCHEMA.read_text(encoding="utf-8"))


def _errors(schema: dict, document: dict) -> list[str]:
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize("revoked", [False, True])
@pytest.mark.parametrize("issuer_did", [None, "did:web:ksde-pl.github.io:microcredentials"])
def test_credential_validates_against_formal_schema(revoked: bool, issuer_did: str | None) -> None:
    earned = make_earned(revoked=Revocation(on=date(2020, 2, 1), reason="Not own work.") if revoked else None)
    assert _errors(_formal_schema(), build_credential(earned, issuer_did)) == []


def test_signed_credential_validates_against_formal_schema() -> None:
    key = signing.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    did = signing.did_web(BASE_URL)
    signed = signing.sign(
        build_credential(issuer_did=did),
        key,
        signing.verification_method_id(did, key.public_key()),
        "2024-01-01T00:00:00Z",
    )
    assert _errors(_formal_schema(), signed) == []
    assert signed["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"


def test_achievement_validates_against_formal_schema_defs() -> None:
    schema = _formal_schema()
    achievement_schema = {**schema["$defs"]["Achievement"], "$defs": schema["$defs"]}
    assert _errors(achievement_schema, build_achievement()) == []


@pytest.mark.parametrize("issuer_did", [None, "did:web:ksde-pl.github.io:microcredentials"])
def test_profile_validates_against_profile_schema(issuer_did: str | None) -> None:
    schema = json.loads((OB3 / "schemas" / "ob_v3p0_profile_schema.json").read_text(encoding="utf-8"))
    assert _errors(schema, build_profile(issuer_did)) == []


def test_every_jsonld_document_uses_only_defined_terms() -> None:
    # Safe-mode canonicalization fails on any term the contexts do not define.
    for document in (build_credential(), build_achievement(), build_profile("did:web:example.org")):
        assert signing.canonicalize(document)


# --- content ---------------------------------------------------------------------------------


def test_identifiers_are_absolute_urls_of_published_files() -> None:
    document = build_credential()
    assert document["id"] == BASE_URL + "educators/jordan-rivera/credentials/morning-meetings-sel.json"
    assert document["issuer"]["id"] == BASE_URL + "issuers/ksde/profile.json"
    assert document["credentialSubject"]["id"] == BASE_URL + "educators/jordan-rivera/"
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["id"] == BASE_URL + "credentials/morning-meetings-sel/achievement.json"
    assert achievement["criteria"]["id"] == BASE_URL + "credentials/morning-meetings-sel/"
    assert achievement["image"] == {"id": BASE_URL + "credentials/morning-meetings-sel/badge.svg", "type": "Image"}
    assert build_achievement()["image"] == {
        "id": BASE_URL + "credentials/morning-meetings-sel/badge.svg",
        "type": "Image",
        "caption": "Badge: Morning Meetings for Social-Emotional Learning",
    }
    assert build_profile()["id"] == document["issuer"]["id"]


def test_signing_site_uses_its_did_as_issuer_id_and_profile_lists_it() -> None:
    did = "did:web:ksde-pl.github.io:microcredentials"
    document = build_credential(issuer_did=did)
    assert document["issuer"]["id"] == did
    assert document["issuer"]["name"] == "Kansas State Department of Education"
    assert document["credentialSubject"]["achievement"]["creator"]["id"] == BASE_URL + "issuers/ksde/profile.json"
    assert build_profile(did)["otherIdentifier"][0]["identifier"] == did


def test_dates_come_from_earned_on_and_expiry() -> None:
    document = build_credential()
    assert document["validFrom"] == "2018-12-14T00:00:00Z"
    assert document["awardedDate"] == "2018-12-14T00:00:00Z"
    assert document["validUntil"] == "2023-12-14T00:00:00Z"
    assert "validUntil" not in build_credential(expires_on=None)


def test_achievement_carries_catalog_vocabulary() -> None:
    achievement = build_achievement()
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["tag"] == ["Social-Emotional Learning", "Early Childhood"]
    assert achievement["version"] == "1.0"
    assert achievement["inLanguage"] == "en"
    assert achievement["creator"]["name"] == "Kansas State Department of Education"
    # The framework without a URL cannot satisfy OB's required targetUrl.
    assert achievement["alignment"] == [
        {
            "type": ["Alignment"],
            "targetName": "Learning Designs",
            "targetUrl": "https://learningforward.org/standards/",
            "targetFramework": "Learning Forward Standards",
            "targetCode": "learning-designs",
        },
        {  # the credential's record in the Credential Registry's language (tests/test_ctdl.py)
            "type": ["Alignment"],
            "targetName": "Morning Meetings for Social-Emotional Learning",
            "targetUrl": BASE_URL + "credentials/morning-meetings-sel/ctdl.json",
            "targetType": "ceterms:Credential",
            "targetCode": "ce-2c5e1e2f-fa0c-43c5-8c73-6a6aa2d1d49a",
        },
    ]
    narrative = achievement["criteria"]["narrative"]
    for text in (
        "daily morning meetings",
        "Submit all parts",
        "### Overview",
        "Summarize the project.",
        "Every rubric criterion",
    ):
        assert text in narrative


def test_results_name_criteria_and_levels_of_the_published_achievement() -> None:
    document = build_credential()
    published = build_achievement()
    descriptions = {d["id"]: d for d in published["resultDescription"]}
    assert [d["name"] for d in published["resultDescription"]] == ["Meeting structure", "Student voice"]
    structure = published["resultDescription"][0]
    assert structure["resultType"] == "RubricCriterionLevel"
    assert [level["name"] for level in structure["rubricCriterionLevel"]] == ["Not Yet", "Proficient", "Exemplary"]
    results = document["credentialSubject"]["result"]
    assert [r["resultDescription"] for r in results] == list(descriptions)
    for result in results:
        level_ids = [level["id"] for level in descriptions[result["resultDescription"]]["rubricCriterionLevel"]]
        assert result["achievedLevel"] in level_ids
    assert results[0]["achievedLevel"] == published["id"] + "#rubric/structure/proficient"
    assert results[1]["achievedLevel"] == published["id"] + "#rubric/voice/exemplary"


def test_the_published_achievement_describes_every_level_and_the_level_required() -> None:
    structure = build_achievement()["resultDescription"][0]
    assert structure["requiredLevel"] == structure["rubricCriterionLevel"][1]["id"]
    assert structure["rubricCriterionLevel"][2] == {
        "id": BASE_URL + "credentials/morning-meetings-sel/achievement.json#rubric/structure/exemplary",
        "type": ["RubricCriterionLevel"],
        "name": "Exemplary",
        "level": "Exemplary",
        "description": "Students lead.",
    }


def test_a_credential_embeds_a_lean_subset_of_the_published_achievement() -> None:
    embedded = build_credential()["credentialSubject"]["achievement"]
    published = {key: value for key, value in build_achievement().items() if key != "@context"}
    # The rubric and the descriptive fields are left to the published document, at the embedded id;
    # alignments stay, because wallets show those of the embedded achievement only.
    assert set(embedded) == set(published) - {"tag", "resultDescription"}
    assert embedded["id"] == published["id"]
    # The standards, without the Credential Registry record (achievement.json has it).
    assert embedded["alignment"] == published["alignment"][:-1] != []
    assert published["alignment"][-1]["targetType"] == "ceterms:Credential"
    assert embedded["criteria"] == {
        "id": published["criteria"]["id"],
        "narrative": "Every rubric criterion must reach a passing level (Proficient, Exemplary).",
    }
    assert embedded["creator"] == {key: published["creator"][key] for key in ("id", "type", "name")}
    text = openbadges.dumps(build_credential()).decode()
    for left_out in ("Students lead.", "Summarize the project.", "Meeting structure", "Not Yet"):
        assert left_out not in text


def test_score_from_another_version_is_kept_as_value() -> None:
    document = build_credential(make_earned(version="0.9", scores={"structure": "proficient", "old-criterion": "good"}))
    results = document["credentialSubject"]["result"]
    assert results[0]["achievedLevel"].endswith("#rubric/structure/proficient")
    assert results[1] == {"type": ["Result"], "value": "old-criterion: good"}


def test_only_public_evidence_is_published() -> None:
    document = build_credential()
    published = openbadges.dumps(document).decode()
    assert "SECRET" not in published and "secret.jpg" not in published
    assert "PRIVATE" not in published
    assert document["evidence"] == [
        {"type": ["Evidence"], "name": "Overview", "narrative": "Our kindergarten team met daily."},
        {
            "id": BASE_URL + "educators/jordan-rivera/evidence/morning%20meetings/plan%20week3.pdf",
            "type": ["Evidence"],
            "name": "Plan week 3",
            "description": "Artifacts",
            "genre": "lesson-plan",
        },
        {
            "id": "https://example.org/video",
            "type": ["Evidence"],
            "name": "Video link",
            "description": "Artifacts",
            "genre": "video",
        },
    ]


def test_no_evidence_key_when_nothing_is_public() -> None:
    earned = make_earned(evidence=(TextEvidence(requirement="overview", text="hidden", public=False),))
    assert "evidence" not in build_credential(earned)


def test_subject_names_the_educator_without_contact_details() -> None:
    subject = build_credential()["credentialSubject"]
    assert subject["identifier"] == [
        {"type": "IdentityObject", "identityHash": "Jordan Rivera", "identityType": "name", "hashed": False}
    ]
    assert "@" not in json.dumps(subject["identifier"]) and "email" not in subject


def test_every_credential_names_its_bit_of_the_status_list() -> None:
    list_url = BASE_URL + "status/revocation-list.json"
    assert build_credential()["credentialStatus"] == {
        "id": list_url + "#7",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "7",
        "statusListCredential": list_url,
    }
    assert "description" not in build_credential()


def test_revoked_credential_is_marked() -> None:
    revoked = build_credential(make_earned(revoked=Revocation(on=date(2020, 2, 1), reason="Not own work.")))
    assert revoked["description"] == "Revoked on 2020-02-01. Reason: Not own work."
    assert revoked["credentialStatus"] == build_credential()["credentialStatus"]
    no_reason = build_credential(make_earned(revoked=Revocation(on=date(2020, 2, 1))))
    assert no_reason["description"] == "Revoked on 2020-02-01."


def test_control_characters_are_removed_from_text() -> None:
    earned = make_earned(evidence=(TextEvidence(requirement="overview", text="bell\x07 tab\tline\nend\x1b"),))
    assert build_credential(earned)["evidence"][0]["narrative"] == "bell tab\tline\nend"


# --- serialization ------------------------------------------------------------------------


def test_dumps_is_deterministic_utf8_with_trailing_newline() -> None:
    first = openbadges.dumps(build_credential())
    assert first == openbadges.dumps(build_credential())
    assert first.endswith(b"}\n")
    assert json.loads(first) == build_credential()


def test_dumps_escapes_html_sensitive_characters_and_keeps_unicode() -> None:
    data = openbadges.dumps({"name": "</script><b>A & B</b> — café"})
    assert b"<" not in data and b">" not in data and b"&" not in data
    assert "— café".encode() in data
    assert json.loads(data) == {"name": "</script><b>A & B</b> — café"}
