"""The passport as one verifiable document: a Comprehensive Learner Record
(1EdTech CLR 2.0), published at ``educators/<id>/clr.json``.

A ``ClrCredential`` issued by the catalog's publisher, whose ``ClrSubject``
(the educator, as in each credential) holds:

- ``verifiableCredential``: every credential the passport holds, exactly as
  published at its own URL (signed when the site signs), so each verifies
  on its own. Revoked credentials are left out: the record lists what the
  educator holds. A passport that holds none has no CLR (CLR 2.0 requires
  at least one credential).
- ``achievement``: one Achievement per stack that holds any of them, whose
  ``id`` is the stack's page and whose criteria say its rule;
- ``association``: each held credential's Achievement ``isPartOf`` its
  stack's. Whether a stack is complete follows from its criteria; an
  association cannot say it.

The record is dated (``validFrom``, and its proof's ``created``) by the
latest earning or revocation among the passport's credentials, never by the
build date: it changes when the passport does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from . import urls as url_layout
from .i18n import Translator
from .markdown import plain_text
from .model import Stack
from .openbadges import OB_CONTEXT, OB_EXTENSIONS_CONTEXT, VC_CONTEXT, _clean, _datetime, _issuer_details  # shared with the credentials
from .progress import Passport
from .site import Site

CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
CLR_SCHEMA = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"


def clr_credential(
    site: Site, passport: Passport, credentials: Sequence[dict[str, Any]], issuer_did: str | None = None
) -> dict[str, Any] | None:
    """The unsigned ClrCredential of a passport; ``credentials`` are its published
    credential documents, one per ``passport.earned`` entry, in that order.
    None when the passport holds no credential."""
    state, urls = site.state, site.urls
    held = [(entry, document) for entry, document in zip(passport.earned, credentials, strict=True) if not entry.revoked]
    if not held:
        return None
    portfolio = passport.portfolio
    publisher = state.issuers[state.catalog.publisher]
    translate = Translator(state.catalog.language)
    subject: dict[str, Any] = {
        "id": urls.absolute(url_layout.educator(portfolio.id)),
        "type": ["ClrSubject"],
        "identifier": [
            {"type": "IdentityObject", "identityHash": portfolio.name, "identityType": "name", "hashed": False}
        ],
        "verifiableCredential": [document for _, document in held],
    }
    held_ids = {entry.credential.id for entry, _ in held}
    stacks = [progress.stack for progress in passport.stacks if held_ids.intersection(progress.held)]
    if stacks:
        subject["achievement"] = [_stack_achievement(site, translate, stack) for stack in stacks]
        subject["association"] = [
            {
                "type": "Association",
                "associationType": "isPartOf",
                "sourceId": urls.absolute(url_layout.credential_achievement(credential_id)),
                "targetId": urls.absolute(url_layout.stack(stack.id)),
            }
            for stack in stacks
            for credential_id in stack.credentials
            if credential_id in held_ids
        ]
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT],
        "id": urls.absolute(url_layout.educator_clr(portfolio.id)),
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": translate.gettext("Professional learning passport of {name}", name=portfolio.name),
        "issuer": _issuer_details(publisher, urls, issuer_did),
        "validFrom": _datetime(record_date(passport)),
        "credentialSubject": subject,
        "credentialSchema": [{"id": CLR_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    return _clean(document)


def record_date(passport: Passport) -> date:
    """When the record last changed: its latest earning or revocation."""
    days = [entry.earned.earned_on for entry in passport.earned]
    days += [entry.earned.revoked.on for entry in passport.earned if entry.earned.revoked]
    return max(days)


def _stack_achievement(site: Site, translate: Translator, stack: Stack) -> dict[str, Any]:
    credentials = site.state.credentials
    titles = "; ".join(credentials[c].title for c in stack.credentials if c in credentials)
    count = len(stack.credentials)
    if stack.required_count == count:
        rule = translate.gettext("Hold every one of these micro-credentials: {titles}.", titles=titles)
    else:
        rule = translate.gettext("Hold {n} of these micro-credentials: {titles}.", n=stack.required_count, titles=titles)
    if stack.description:
        description = plain_text(stack.description)
    else:
        description = translate.gettext("A stack of {n} micro-credentials.", n=count)
    if stack.award:
        description += f" {translate.gettext('Completing it earns:')} {stack.award}"
    page = site.urls.absolute(url_layout.stack(stack.id))
    return {
        "id": page,
        "type": ["Achievement"],
        "name": stack.title,
        "description": description,
        "criteria": {"id": page, "narrative": rule},
    }
