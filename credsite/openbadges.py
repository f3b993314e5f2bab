"""Open Badges 3.0 documents: model objects in, JSON-ready dicts out.

Documents and where the site publishes them (see ``credsite.urls``):

- ``credentials/<id>/achievement.json``: the Achievement (a MicroCredential);
- ``issuers/<id>/profile.json``: the issuer Profile;
- ``educators/<id>/credentials/<credential-id>.json``: the OpenBadgeCredential.

The status list the credentials point at is ``credsite.status_list``'s.

Identifiers are absolute URLs of the published files, except the
credential's ``issuer.id``: the issuer's profile URL when the site does not
sign, and the site's did:web DID when it does (``issuer_did``), because
verifiers require the signing key's controller to be the issuer. The
embedded issuer profile keeps the issuer's name and links either way.

A credential embeds a subset of its Achievement (``_embedded_achievement``):
what it is, its pass rule, image and creator. The rubric, the long criteria
text and the rest stay in ``achievement.json``, where each result's
``resultDescription`` and ``achievedLevel`` identifiers lead.

Every credential names its bit of the site's status list
(``credentialStatus``, given by the caller), so a copy saved before a
revocation still finds it; a revoked credential also says so in its
``description``. Only public evidence is published: the
privacy stage already removed the rest, and this module checks again.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import quote

from credsite import urls as site_urls
from credsite.ctdl import OB_ALIGNMENT_TARGET_TYPE
from credsite.model import (
    Artifact,
    ArtifactEvidence,
    Catalog,
    Credential,
    Earned,
    Issuer,
    Portfolio,
    RubricCriterion,
    RubricLevel,
    TextEvidence,
)
from credsite.jsontext import json_file
from credsite.urls import Urls

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
OB_CREDENTIAL_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"

_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def dumps(document: dict) -> bytes:
    """The bytes the site publishes: compact UTF-8 JSON with a trailing newline.

    Compact because a state publishes tens of thousands of these (a fifth of
    their size was indentation); browsers and verifiers lay JSON out anyway.

    Keys keep the order the builders give them (``@context``, ``id`` and
    ``type`` first), which is fixed, so the output is deterministic. ``<``,
    ``>`` and ``&`` are written as ``\\u`` escapes so the JSON can also be
    embedded in a ``<script>`` element; parsers read the same data.
    """
    return json_file(document, compact=True)


def issuer_profile(
    issuer: Issuer, urls: Urls, image_site_path: str | None = None, issuer_did: str | None = None
) -> dict:
    """The issuer's Profile document (``issuers/<id>/profile.json``).

    ``image_site_path`` is where the build copied the issuer's image;
    ``issuer_did``, when the site signs, is listed as another identifier so
    that the DID in signed credentials leads back to this profile.
    """
    profile: dict[str, Any] = {"@context": [VC_CONTEXT, OB_CONTEXT], **_issuer_details(issuer, urls, None)}
    if issuer.description:
        profile["description"] = issuer.description
    if image_site_path:
        profile["image"] = _image(urls, image_site_path, f"{issuer.name} logo")
    if issuer_did:
        profile["otherIdentifier"] = [
            {"type": "IdentifierEntry", "identifier": issuer_did, "identifierType": "identifier"}
        ]
    return _clean(profile)


def achievement(credential: Credential, issuer: Issuer, catalog: Catalog, urls: Urls, image_site_path: str) -> dict:
    """The Achievement document (``credentials/<id>/achievement.json``)."""
    return _clean(
        {"@context": [VC_CONTEXT, OB_CONTEXT], **_achievement_body(credential, issuer, catalog, urls, image_site_path)}
    )


def badge_credential(
    portfolio: Portfolio,
    earned: Earned,
    credential: Credential,
    issuer: Issuer,
    catalog: Catalog,
    urls: Urls,
    expires_on: date | None,
    image_site_path: str,
    credential_status: dict[str, Any],
    issuer_did: str | None = None,
) -> dict:
    """The unsigned OpenBadgeCredential of one earned micro-credential.

    ``credential_status`` is its entry in the site's status list
    (``status_list.status_entry``).
    """
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT],
        "id": credential_url(urls, portfolio.id, credential.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential.title,
    }
    if earned.revoked:
        reason = f" Reason: {earned.revoked.reason}" if earned.revoked.reason else ""
        document["description"] = f"Revoked on {earned.revoked.on.isoformat()}.{reason}"
    document["issuer"] = _issuer_details(issuer, urls, issuer_did)
    document["validFrom"] = _datetime(earned.earned_on)
    if expires_on is not None:
        document["validUntil"] = _datetime(expires_on)
    document["awardedDate"] = _datetime(earned.earned_on)
    document["credentialSubject"] = _subject(portfolio, earned, credential, issuer, catalog, urls, image_site_path)
    evidence = _evidence(portfolio.id, earned, credential, urls)
    if evidence:
        document["evidence"] = evidence
    document["credentialSchema"] = [{"id": OB_CREDENTIAL_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]
    document["credentialStatus"] = credential_status
    return _clean(document)


def credential_url(urls: Urls, portfolio_id: str, credential_id: str) -> str:
    """A credential's id: the absolute URL of its JSON file."""
    return urls.absolute(site_urls.educator_credential(portfolio_id, credential_id))


# --- parts ---------------------------------------------------------------------------


def _issuer_details(issuer: Issuer, urls: Urls, issuer_did: str | None) -> dict:
    details: dict[str, Any] = {
        "id": issuer_did or urls.absolute(site_urls.issuer_profile(issuer.id)),
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
    }
    if issuer.email:
        details["email"] = issuer.email
    return details


def _achievement_body(
    credential: Credential, issuer: Issuer, catalog: Catalog, urls: Urls, image_site_path: str
) -> dict:
    """The whole Achievement, as published at its ``id``."""
    body = _achievement_identity(credential, urls)
    body["criteria"] = {
        "id": urls.absolute(site_urls.credential(credential.id)),
        "narrative": _criteria_narrative(credential),
    }
    body["image"] = _image(urls, image_site_path, f"Badge: {credential.title}")
    body["creator"] = _issuer_details(issuer, urls, None)
    alignments = _alignments(credential, catalog) + _registry_alignment(credential, urls)
    if alignments:
        body["alignment"] = alignments
    body["tag"] = [_topic_title(catalog, topic_id) for topic_id in credential.topics]
    body["version"] = credential.version
    body["inLanguage"] = catalog.language
    body["resultDescription"] = [
        _result_description(body["id"], credential, criterion) for criterion in credential.rubric.criteria
    ]
    return body


def _embedded_achievement(
    credential: Credential, issuer: Issuer, catalog: Catalog, urls: Urls, image_site_path: str
) -> dict:
    """The Achievement as each credential carries it: a subset of the published one.

    A state publishes tens of thousands of credentials, and each passport's
    CLR embeds them all again. A credential keeps what a wallet or verifier
    shows and checks (what was achieved, the pass rule, the image, who made
    it, its alignments: wallets show those of the embedded achievement); the
    rubric and the rest are at the Achievement's ``id``, where each result's
    identifiers resolve. See docs/format-decisions.md.
    """
    body = _achievement_identity(credential, urls)
    body["criteria"] = {"id": urls.absolute(site_urls.credential(credential.id)), "narrative": _pass_rule(credential)}
    body["image"] = {"id": urls.absolute(image_site_path), "type": "Image"}
    creator = _issuer_details(issuer, urls, None)
    body["creator"] = {key: creator[key] for key in ("id", "type", "name")}
    alignments = _alignments(credential, catalog)
    if alignments:  # wallets show the alignments of the embedded achievement, never fetch the full one
        body["alignment"] = alignments
    body["version"] = credential.version
    body["inLanguage"] = catalog.language
    return body


def _achievement_identity(credential: Credential, urls: Urls) -> dict[str, Any]:
    """The fields the published and the embedded Achievement start with."""
    return {
        "id": urls.absolute(site_urls.credential_achievement(credential.id)),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": credential.title,
        "description": credential.summary,
    }


def _criteria_narrative(credential: Credential) -> str:
    sections = [f"## Competency\n\n{credential.competency}", "## Evidence"]
    if credential.evidence_instructions:
        sections.append(credential.evidence_instructions)
    sections += [f"### {requirement.title}\n\n{requirement.prompt}" for requirement in credential.requirements]
    sections.append(f"## Assessment\n\n{_pass_rule(credential)}")
    return "\n\n".join(sections)


def _pass_rule(credential: Credential) -> str:
    rubric = credential.rubric
    passing = ", ".join(level.title for level in rubric.levels if level.passing)
    if rubric.min_passing is None:
        return f"Every rubric criterion must reach a passing level ({passing})."
    return f"At least {rubric.min_passing} of {len(rubric.criteria)} rubric criteria must reach a passing level ({passing})."


def _alignments(credential: Credential, catalog: Catalog) -> list[dict]:
    """The standards the credential aligns to."""
    frameworks = {framework.id: framework for framework in catalog.frameworks}
    alignments = []
    for alignment in credential.alignments:
        framework = frameworks.get(alignment.framework)
        # OB 3.0 requires targetUrl: an alignment to a framework without a URL cannot be expressed.
        if framework is None or not framework.url:
            continue
        entry: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": alignment.title or alignment.code or framework.title,
            "targetUrl": framework.url,
            "targetFramework": framework.title,
        }
        if alignment.code:
            entry["targetCode"] = alignment.code
        alignments.append(entry)
    return alignments


def _registry_alignment(credential: Credential, urls: Urls) -> list[dict]:
    """The credential's record in the Credential Registry's language (CTDL), with its CTID.

    Only in ``achievement.json``: in the embedded achievement wallets would
    show it as a link to a JSON document, and it would add about 270 bytes
    to each of a state's tens of thousands of credential files.
    """
    if not credential.ctid:  # always set by assemble; hand-made models may lack it
        return []
    return [
        {
            "type": ["Alignment"],
            "targetName": credential.title,
            "targetUrl": urls.absolute(site_urls.credential_ctdl(credential.id)),
            "targetType": OB_ALIGNMENT_TARGET_TYPE,
            "targetCode": credential.ctid,
        }
    ]


def _topic_title(catalog: Catalog, topic_id: str) -> str:
    return next((topic.title for topic in catalog.topics if topic.id == topic_id), topic_id)


def _criterion_iri(achievement_id: str, criterion_id: str) -> str:
    return f"{achievement_id}#rubric/{criterion_id}"


def _level_iri(achievement_id: str, criterion_id: str, level_id: str) -> str:
    return f"{achievement_id}#rubric/{criterion_id}/{level_id}"


def _result_description(achievement_id: str, credential: Credential, criterion: RubricCriterion) -> dict:
    """One rubric criterion: every level with its descriptor, and the level required to pass."""
    levels = credential.rubric.levels
    description: dict[str, Any] = {
        "id": _criterion_iri(achievement_id, criterion.id),
        "type": ["ResultDescription"],
        "name": criterion.title,
        "resultType": "RubricCriterionLevel",
        "rubricCriterionLevel": [_level(achievement_id, criterion, level) for level in levels],
    }
    lowest_passing = next((level for level in levels if level.passing), None)
    if lowest_passing is not None:
        description["requiredLevel"] = _level_iri(achievement_id, criterion.id, lowest_passing.id)
    return description


def _level(achievement_id: str, criterion: RubricCriterion, level: RubricLevel) -> dict:
    return {
        "id": _level_iri(achievement_id, criterion.id, level.id),
        "type": ["RubricCriterionLevel"],
        "name": level.title,
        "level": level.title,
        "description": criterion.descriptors.get(level.id, ""),
    }


def _subject(
    portfolio: Portfolio,
    earned: Earned,
    credential: Credential,
    issuer: Issuer,
    catalog: Catalog,
    urls: Urls,
    image_site_path: str,
) -> dict:
    embedded = _embedded_achievement(credential, issuer, catalog, urls, image_site_path)
    subject: dict[str, Any] = {
        "id": urls.absolute(site_urls.educator(portfolio.id)),
        "type": ["AchievementSubject"],
        "identifier": [
            {"type": "IdentityObject", "identityHash": portfolio.name, "identityType": "name", "hashed": False}
        ],
        "achievement": embedded,
    }
    results = _results(earned, credential, embedded["id"])
    if results:
        subject["result"] = results
    return subject


def _results(earned: Earned, credential: Credential, achievement_id: str) -> list[dict]:
    """One Result per scored criterion, in rubric order.

    A score recorded against another version of the credential may name a
    criterion or level today's rubric lacks: it is kept as a plain value.
    """
    criterion_order = {criterion.id: index for index, criterion in enumerate(credential.rubric.criteria)}
    scores = sorted(
        earned.scores.items(), key=lambda item: (criterion_order.get(item[0], len(criterion_order)), item[0])
    )
    results = []
    for criterion_id, level_id in scores:
        result: dict[str, Any] = {"type": ["Result"]}
        if criterion_id in criterion_order:
            result["resultDescription"] = _criterion_iri(achievement_id, criterion_id)
        if criterion_id in criterion_order and credential.rubric.level(level_id) is not None:
            result["achievedLevel"] = _level_iri(achievement_id, criterion_id, level_id)
        else:
            result["value"] = f"{criterion_id}: {level_id}"
        results.append(result)
    return results


def _evidence(portfolio_id: str, earned: Earned, credential: Credential, urls: Urls) -> list[dict]:
    evidence: list[dict] = []
    for item in earned.evidence:
        requirement = credential.requirement(item.requirement)
        title = requirement.title if requirement else item.requirement
        if isinstance(item, TextEvidence) and item.public:
            evidence.append({"type": ["Evidence"], "name": title, "narrative": item.text})
        elif isinstance(item, ArtifactEvidence):
            evidence += [_artifact(portfolio_id, artifact, title, urls) for artifact in item.items if artifact.public]
    return evidence


def _artifact(portfolio_id: str, artifact: Artifact, requirement_title: str, urls: Urls) -> dict:
    if artifact.url:
        location = artifact.url
    else:
        # Evidence paths are the educator's file names: spaces and the like must be escaped in a URL.
        location = urls.absolute(quote(site_urls.evidence_file(portfolio_id, artifact.file or ""), safe="/"))
    return {
        "id": location,
        "type": ["Evidence"],
        "name": artifact.title,
        "description": requirement_title,
        "genre": artifact.type,
    }


def _image(urls: Urls, image_site_path: str, caption: str) -> dict:
    return {"id": urls.absolute(image_site_path), "type": "Image", "caption": caption}


def _datetime(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _clean(value: Any) -> Any:
    """The document with control characters (other than tab and line breaks) removed from text.

    They are invisible, and JSON-LD canonicalizers disagree on how to escape
    them, which would make a signature fail elsewhere.
    """
    if isinstance(value, str):
        # isprintable() is false for every control character (and for some
        # harmless ones): most text skips the regular expression.
        return value if value.isprintable() else _CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value
