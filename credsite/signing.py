"""Keys, did:web, and Data Integrity proofs (eddsa-rdfc-2022) for Open Badges.

Signing follows the W3C "Data Integrity EdDSA Cryptosuites v1.0" spec:
the proof options (with the document's ``@context``) and the document
without its proof are each canonicalized with RDFC-1.0 and hashed with
SHA-256; Ed25519 signs the two hashes concatenated; the signature is written
as multibase base58btc (``z...``). Ed25519 signatures are deterministic, so
the same document, key and ``created`` always give the same bytes.

Canonicalization is pyld's URDNA2015, which is RDFC-1.0 for every document
without control characters in its text (those are refused: pyld escapes
them differently). JSON-LD contexts are served from the copies in
``credsite/contexts/``: the network is never used. Canonicalization runs in "safe mode": a property or
IRI that the contexts do not define is an error instead of being silently
dropped from what is signed.

Identity: the site signs with one key, published as a did:web DID document
at the site root. When signing is on, every credential's ``issuer.id`` is
the site DID (the verification method's controller) and the issuer's name
and links stay in the embedded issuer profile.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credsite.errors import SigningError, UnknownContextError
from credsite.urls import DID_DOCUMENT, WELL_KNOWN_DID_DOCUMENT, base_url_of_credential

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
STATUS_ENTRY_TYPE = "BitstringStatusListEntry"
REVOCATION_LIST_TYPE = "1EdTechRevocationList"  # other issuers' credentials; credsite publishes Bitstring lists
STATUS_LIST_CREDENTIAL_TYPE = "BitstringStatusListCredential"
# How far a proof's created may lie ahead of the verifier's clock: verifiers
# refuse proofs made "in the future", allowing for clocks that differ a little.
CLOCK_SKEW = timedelta(minutes=5)
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_MULTICODEC = b"\xed\x01"
_UNESCAPED_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
_CREDENTIAL_TYPES = ("OpenBadgeCredential", "AchievementCredential", "EndorsementCredential", "ClrCredential")

Resolver = Callable[[str], dict]
"""Returns the document for a DID or URL; raises LookupError when it has none
(NotServed when it serves no documents of that kind at all)."""


class NotServed(LookupError):
    """The resolver has no source for this kind of document (a DID file serves no URLs)."""


# --- base58btc and multibase keys ---------------------------------------------


def base58_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, remainder = divmod(number, 58)
        digits = _BASE58_ALPHABET[remainder] + digits
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + digits


def base58_decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _BASE58_ALPHABET.find(char)
        if index < 0:
            raise ValueError(f"not base58: {char!r}")
        number = number * 58 + index
    leading_ones = len(text) - len(text.lstrip("1"))
    return b"\0" * leading_ones + number.to_bytes((number.bit_length() + 7) // 8, "big")


def multibase_decode(value: str) -> bytes:
    if not value.startswith("z"):
        raise ValueError("only multibase base58btc ('z...') is supported")
    return base58_decode(value[1:])


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """The Multikey form: 'z' + base58btc(0xed01 + 32 raw key bytes), i.e. z6Mk..."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58_encode(_ED25519_MULTICODEC + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    decoded = multibase_decode(value)
    if not decoded.startswith(_ED25519_MULTICODEC) or len(decoded) != 34:
        raise ValueError("not an Ed25519 Multikey (expected z6Mk...)")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


# --- key files ------------------------------------------------------------------


def generate_private_key_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


# The line a key file starts with: the first day the key signs. PEM allows
# such explanatory text before the key (RFC 7468, section 5.2), so it travels
# with the key, into the CI secret too. Proofs are never dated before it.
KEY_DATE_LINE = "credsite signing key, in use from {day}"
_KEY_DATE = re.compile(r"^credsite signing key, in use from[ \t]*(.*?)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True)
class SigningKey:
    private_key: Ed25519PrivateKey
    in_use_from: date | None  # None for a key file without the line (keys made before credsite wrote it)


def write_new_key(path: Path, in_use_from: date) -> None:
    """Write a new private key, in use from ``in_use_from``, readable by the
    owner only; never overwrite (FileExistsError)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(KEY_DATE_LINE.format(day=in_use_from.isoformat()).encode("ascii") + b"\n" + generate_private_key_pem())


def enclosing_git_work_tree(path: Path) -> Path | None:
    """The git work tree a file at ``path`` would be part of, if any.

    Found by its ``.git`` (a folder, or a file in worktrees and submodules),
    so git itself need not be installed.
    """
    folder = Path(path).absolute().parent.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def key_location_warning(key_path: Path) -> str | None:
    """Why a new key at ``key_path`` is at risk, or None when it is outside any git work tree."""
    work_tree = enclosing_git_work_tree(key_path)
    if work_tree is None:
        return None
    return (
        f"warning: {key_path} is inside the git repository {work_tree}. Anyone who gets this key can sign "
        "credentials in your state's name, and a key committed once stays in the repository's history after it "
        "is deleted. Store it as a CI secret instead (on GitHub: Settings > Secrets and variables > Actions > "
        "New repository secret, named CREDSITE_SIGNING_KEY), then delete this file; until then, make sure git "
        "ignores it (credsite's .gitignore leaves out *.pem, *.key and signing-key*)."
    )


def create_key_file(path: Path, in_use_from: date) -> None:
    """``credsite keygen``: a new key at ``path``, in use from ``in_use_from``, or a SigningError that says why not."""
    try:
        write_new_key(path, in_use_from)
    except FileExistsError:
        raise SigningError(f"{path} already exists; refusing to overwrite a key") from None
    except OSError as error:
        raise SigningError(f"{path}: {error.strerror}") from None


def _clock_today() -> date:
    # The later of the UTC and the local date: a key made today counts as made, wherever it was made.
    return max(datetime.now(UTC).date(), date.today())


def load_signing_key(path: Path, today: date | None = None) -> SigningKey:
    """The key and the day it came into use; refused when that day is after
    ``today`` (the clock's date by default): verifiers refuse proofs dated in
    the future, so a mistyped year must not reach them. Only this check reads
    the clock; what is signed depends on the key file and the data alone."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SigningError(f"{path}: cannot read the signing key: {error.strerror}") from error
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise SigningError(
            f"{path}: not an unencrypted PEM private key (make one with `credsite keygen FILE`)"
        ) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path}: the signing key must be Ed25519, not {type(key).__name__}")
    in_use_from = _key_date(path, data)
    today = today or _clock_today()
    if in_use_from is not None and in_use_from > today:
        raise SigningError(f"{path}: the key is in use from {in_use_from}, after today ({today}); signatures would be dated in the future")
    return SigningKey(key, in_use_from)


def _key_date(path: Path, data: bytes) -> date | None:
    """The date on the key file's first lines (before the PEM block), if any."""
    found = _KEY_DATE.search(data.split(b"-----BEGIN", 1)[0].decode("utf-8", "replace"))
    if found is None:
        return None
    value = found.group(1)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise SigningError(f"{path}: the line '{KEY_DATE_LINE.format(day=value)}' needs a real date, written YYYY-MM-DD")


def refuse_key_inside(key_path: Path, folders: Iterable[Path]) -> None:
    """Refuse a key file inside any of the folders (the source, the output).

    A key there would be committed or published; it belongs in a CI secret.
    """
    key = Path(key_path).resolve()
    for folder in folders:
        root = Path(folder).resolve()
        if key == root or root in key.parents:
            raise SigningError(
                f"{key_path}: the signing key lies inside {folder}; keep it out of the repository "
                "and the site (in CI, write it from a secret to a temporary file)"
            )


# --- did:web ----------------------------------------------------------------------


def did_web(base_url: str) -> str:
    """https://state.github.io/mc/ -> did:web:state.github.io:mc (a port becomes %3A)."""
    parts = urlsplit(base_url)
    if parts.scheme != "https" or not parts.hostname:
        raise SigningError(f"did:web needs an https base URL, not {base_url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise SigningError(f"the base URL for did:web must be a plain https URL: {base_url!r}")
    host = parts.hostname if parts.port is None else f"{parts.hostname}%3A{parts.port}"
    segments = [quote(unquote(s), safe="") for s in parts.path.split("/") if s]
    return ":".join(["did", "web", host, *segments])


def did_web_base_url(did: str) -> str:
    """The https URL a did:web DID names: did:web:host:mc -> https://host/mc/."""
    if not did.startswith("did:web:"):
        raise SigningError(f"not a did:web DID: {did!r}")
    host, *segments = did[len("did:web:") :].split(":")
    return f"https://{unquote(host)}/" + "".join(f"{segment}/" for segment in segments)


def verification_method_id(did: str, public_key: Ed25519PublicKey) -> str:
    """The key's id in the DID document: the DID with the Multikey as fragment."""
    return f"{did}#{public_key_multibase(public_key)}"


def did_document(base_url: str, public_key: Ed25519PublicKey, also_known_as: tuple[str, ...] = ()) -> dict:
    """The site's DID document, with one Multikey usable for assertions."""
    did = did_web(base_url)
    method_id = verification_method_id(did, public_key)
    document: dict[str, Any] = {"@context": list(DID_CONTEXTS), "id": did}
    if also_known_as:
        document["alsoKnownAs"] = list(also_known_as)
    document["verificationMethod"] = [
        {
            "id": method_id,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": public_key_multibase(public_key),
        }
    ]
    document["assertionMethod"] = [method_id]
    return document


# --- JSON-LD canonicalization -------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _vendored_contexts() -> dict[str, dict]:
    # Parsed once per process: canonicalizing 60,000 credentials must not re-read files.
    index = json.loads((CONTEXTS_DIR / "index.json").read_text(encoding="utf-8"))
    return {url: json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8")) for url, name in index.items()}


def document_loader(url: str, options: Mapping | None = None) -> dict:
    """A pyld document loader serving only the vendored contexts."""
    contexts = _vendored_contexts()
    if url not in contexts:
        known = ", ".join(sorted(contexts))
        raise UnknownContextError(
            f"JSON-LD context {url!r} is not vendored (known: {known}); the network is never used"
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(contexts[url]),
    }


def _reject_dropped_property(term: str | None) -> None:
    raise SigningError(f"property {term!r} is not defined by the document's JSON-LD contexts")


def _check_canonical_text(nquads: str) -> None:
    from pyld import jsonld  # imported when used: pyld brings requests, a tenth of a second every build

    # pyld resolves relative IRIs against a placeholder base instead of failing.
    if f"<{jsonld.DEFAULT_BASE_IRI}" in nquads:
        raise SigningError("the document has a relative IRI (an id or type the contexts do not define)")
    # pyld escapes only \t \n \r " \\ in literals; RDFC-1.0 escapes every control
    # character, so a literal holding another one would hash differently elsewhere.
    if _UNESCAPED_CONTROL.search(nquads):
        raise SigningError("a text value holds a control character; remove it before signing")


def canonicalize(document: Mapping) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, in safe mode."""
    from pyld import jsonld

    processor = jsonld.JsonLdProcessor(on_property_dropped=_reject_dropped_property)
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader}
    try:
        nquads = processor.normalize(copy.deepcopy(dict(document)), options)
    except jsonld.JsonLdError as error:
        raise SigningError(f"JSON-LD canonicalization failed: {_root_cause(error)}") from error
    _check_canonical_text(nquads)
    return nquads


def _root_cause(error: BaseException) -> str:
    while error.__cause__ is not None:
        error = error.__cause__
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _hash_data(unsecured: Mapping, proof_options: Mapping) -> bytes:
    proof_config = {**proof_options, "@context": unsecured["@context"]}
    config_hash = hashlib.sha256(canonicalize(proof_config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonicalize(unsecured).encode("utf-8")).digest()
    return config_hash + document_hash


# --- signing ----------------------------------------------------------------------------


def sign(document: Mapping, private_key: Ed25519PrivateKey, verification_method: str, created: str) -> dict:
    """A copy of the document with an eddsa-rdfc-2022 DataIntegrityProof.

    ``created`` is an XML Schema dateTime from the data (see
    ``badge_files.Signer.proof_created``), never the clock, so that signing
    is reproducible.
    """
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    if "@context" not in unsecured:
        raise SigningError("cannot sign a document without @context")
    proof_options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = private_key.sign(_hash_data(unsecured, proof_options))
    # A list, as the Open Badges 3.0 schema requires, even with one proof.
    return {**copy.deepcopy(unsecured), "proof": [{**proof_options, "proofValue": "z" + base58_encode(signature)}]}


# --- verification ---------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    name: str  # schema | proof | dates | revocation | credentials
    passed: bool | None  # None: not checked (no proof to check, no status list to read)
    detail: str


VALID, NOT_VALID, UNSIGNED = "VALID", "NOT VALID", "UNSIGNED"


@dataclass(frozen=True)
class Verdict:
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def result(self) -> str:
        """VALID; NOT VALID when a check failed; UNSIGNED when nothing failed but there is no proof."""
        if not self.checks or any(check.passed is False for check in self.checks):
            return NOT_VALID
        if any(check.name == "proof" and check.passed is None for check in self.checks):
            return UNSIGNED
        return VALID

    @property
    def ok(self) -> bool:
        return self.result == VALID

    @property
    def unchecked(self) -> tuple[str, ...]:
        return tuple(check.name for check in self.checks if check.passed is None and check.name != "proof")

    def text(self) -> str:
        """The verdict for a person: one line per check, then the result."""
        marks = {True: "ok  ", False: "FAIL", None: "--  "}
        lines = [f"{marks[c.passed]} {c.name}: {c.detail}" for c in self.checks]
        result = self.result
        if result == UNSIGNED:
            result += ": the credential carries no signature, so nothing proves who issued it or that it is unchanged"
        elif result == VALID and self.unchecked:
            result += f" (not checked: {', '.join(self.unchecked)})"
        lines.append(result)
        return "\n".join(lines)


def verify(
    document: Mapping,
    resolve: Resolver,
    now: datetime,
    schema: Mapping | None = None,
) -> Verdict:
    """Check a credential: schema, every proof, validity dates, revocation.

    ``resolve`` serves DID documents (by DID or controller URL) and the
    status list (by URL). ``schema``, when given, is a JSON Schema
    (draft 2019-09) the credential must satisfy; without it only the shape
    every verifiable credential needs is checked. A ClrCredential's
    embedded credentials are each checked the same way (``schema`` is then
    theirs, and the CLR's own shape is checked).
    """
    clr = _is_clr(document)
    checks = [
        _check_schema(document, None if clr else schema),
        _check_proofs(document, resolve, now),
        _check_dates(document, now),
        _check_revocation(document, resolve, now),
    ]
    if clr:
        checks.append(_check_embedded(document, resolve, now, schema))
    return Verdict(tuple(checks))


def _is_clr(document: Mapping) -> bool:
    types = document.get("type")
    return isinstance(types, list) and "ClrCredential" in types


def _check_embedded(document: Mapping, resolve: Resolver, now: datetime, schema: Mapping | None) -> Check:
    subject = document.get("credentialSubject")
    embedded = subject.get("verifiableCredential") if isinstance(subject, dict) else None
    if not isinstance(embedded, list):
        return Check("credentials", False, "credentialSubject.verifiableCredential is missing")
    results = []
    dated = []  # expired or not yet valid: the record still holds them, as the passport does
    for position, credential in enumerate(embedded):
        if not isinstance(credential, dict):
            return Check("credentials", False, f"credential {position + 1} is not an object")
        verdict = verify(credential, resolve, now, schema)
        results.append(verdict)
        failed = [check for check in verdict.checks if check.passed is False]
        if any(check.name != "dates" for check in failed):
            first = next(check for check in failed if check.name != "dates")
            return Check("credentials", False, f"{credential.get('id')}: {first.name}: {first.detail}")
        dated += [f"{credential.get('id')} {check.detail}" for check in failed]
    unsigned = sum(1 for verdict in results if verdict.result == UNSIGNED)
    detail = f"every one of the {len(results)} embedded credentials verifies"
    if unsigned:
        detail = f"{len(results)} embedded credentials, {unsigned} without a signature; nothing else wrong"
    if dated:
        detail += f"; {len(dated)} outside its dates: {'; '.join(dated)}"
    unchecked = sorted({name for verdict in results for name in verdict.unchecked})
    if unchecked:
        detail += f" (not checked: {', '.join(unchecked)})"
    return Check("credentials", True, detail)


def _check_schema(document: Mapping, schema: Mapping | None) -> Check:
    if schema is not None:
        import jsonschema  # imported when used, like pyld

        validator = jsonschema.Draft201909Validator(schema)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            where = "/".join(str(p) for p in errors[0].absolute_path) or "(root)"
            return Check("schema", False, f"{where}: {errors[0].message}")
        return Check("schema", True, "matches the Open Badges 3.0 JSON Schema")
    problem = _shape_problem(document)
    kind = "a CLR 2.0 credential" if _is_clr(document) else "an Open Badges 3.0 credential"
    return Check("schema", problem is None, problem or f"has the shape of {kind}")


def _shape_problem(document: Mapping) -> str | None:
    contexts = document.get("@context")
    if not isinstance(contexts, list) or not contexts or contexts[0] != "https://www.w3.org/ns/credentials/v2":
        return "@context must be a list starting with https://www.w3.org/ns/credentials/v2"
    types = document.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        return "type must list VerifiableCredential"
    if not any(t in types for t in _CREDENTIAL_TYPES):
        return f"type must list one of {', '.join(_CREDENTIAL_TYPES)}"
    for key in ("id", "validFrom"):
        if not isinstance(document.get(key), str):
            return f"{key} is missing"
    if not _issuer_id(document):
        return "issuer (with an id) is missing"
    if not isinstance(document.get("credentialSubject"), dict):
        return "credentialSubject is missing"
    return None


def _issuer_id(document: Mapping) -> str | None:
    issuer = document.get("issuer")
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else None


def _check_proofs(document: Mapping, resolve: Resolver, now: datetime) -> Check:
    proofs = document.get("proof")
    if proofs is None:
        return Check("proof", None, "the credential is not signed")
    proofs = proofs if isinstance(proofs, list) else [proofs]
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    details = []
    for proof in proofs:
        try:
            details.append(_verify_proof(unsecured, proof, resolve, now))
        except (SigningError, LookupError, ValueError, TypeError, KeyError) as error:
            return Check("proof", False, str(error))
    return Check("proof", bool(details), "; ".join(details) or "the credential has no proof")


def _verify_proof(unsecured: Mapping, proof: Any, resolve: Resolver, now: datetime) -> str:
    if not isinstance(proof, dict):
        raise SigningError("a proof must be an object")
    moment = now if now.tzinfo else now.replace(tzinfo=UTC)
    if "created" in proof and _parse_datetime(proof["created"], "the proof's created") > moment + CLOCK_SKEW:
        raise SigningError(f"the proof is dated {proof['created']}, in the future")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise SigningError(f"unsupported proof {proof.get('type')!r}/{proof.get('cryptosuite')!r}")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        raise SigningError(f"proof purpose must be {PROOF_PURPOSE}, not {proof.get('proofPurpose')!r}")
    method_id = proof.get("verificationMethod")
    if not isinstance(method_id, str) or "#" not in method_id:
        raise SigningError("the proof's verificationMethod must be a URL with a fragment")
    controller = method_id.split("#", 1)[0]
    if controller != _issuer_id(unsecured):
        raise SigningError(f"signed by {controller}, but the issuer is {_issuer_id(unsecured)}")
    public_key = _assertion_key(resolve(controller), controller, method_id)
    proof_options = {key: value for key, value in proof.items() if key != "proofValue"}
    signature = multibase_decode(str(proof.get("proofValue", "")))
    try:
        public_key.verify(signature, _hash_data(unsecured, proof_options))
    except InvalidSignature as error:
        raise SigningError("the signature does not match: the credential was changed after signing") from error
    return f"signature by {method_id} is valid"


def _assertion_key(controller_document: Mapping, controller: str, method_id: str) -> Ed25519PublicKey:
    if controller_document.get("id") != controller:
        raise SigningError(f"the document resolved for {controller} has id {controller_document.get('id')!r}")
    assertion_ids = {_absolute_method_id(controller, m) for m in controller_document.get("assertionMethod", [])}
    if method_id not in assertion_ids:
        raise SigningError(f"{method_id} is not an assertion method of {controller}")
    methods = [m for m in controller_document.get("verificationMethod", []) if isinstance(m, dict)]
    methods += [m for m in controller_document.get("assertionMethod", []) if isinstance(m, dict)]
    for method in methods:
        if _absolute_method_id(controller, method) == method_id:
            if method.get("controller") != controller:
                raise SigningError(f"{method_id} is controlled by {method.get('controller')!r}")
            return public_key_from_multibase(str(method.get("publicKeyMultibase", "")))
    raise SigningError(f"{controller} has no key {method_id}")


def _absolute_method_id(controller: str, method: Any) -> str:
    method_id = method.get("id", "") if isinstance(method, dict) else str(method)
    return controller + method_id if method_id.startswith("#") else method_id


def _parse_datetime(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"{name} is missing")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{name} is not a date-time: {value!r}") from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _check_dates(document: Mapping, now: datetime) -> Check:
    moment = now if now.tzinfo else now.replace(tzinfo=UTC)
    try:
        valid_from = _parse_datetime(document.get("validFrom"), "validFrom")
        valid_until = document.get("validUntil")
        expires = None if valid_until is None else _parse_datetime(valid_until, "validUntil")
    except (ValueError, TypeError) as error:
        return Check("dates", False, str(error))
    if moment < valid_from:
        return Check("dates", False, f"not valid before {document['validFrom']}")
    if expires is not None and moment >= expires:
        return Check("dates", False, f"expired on {valid_until}")
    return Check("dates", True, f"valid from {document['validFrom']}" + (f" until {valid_until}" if expires else ""))


def _check_revocation(document: Mapping, resolve: Resolver, now: datetime) -> Check:
    """The credential's bit of its Bitstring Status List (W3C), read and checked;
    or its absence from a 1EdTech revocation list."""
    status = document.get("credentialStatus")
    if status is None:
        return Check("revocation", True, "the credential names no status list")
    entries = status if isinstance(status, list) else [status]
    details = []
    for entry in entries:
        kind = entry.get("type") if isinstance(entry, dict) else None
        if kind not in (STATUS_ENTRY_TYPE, REVOCATION_LIST_TYPE):
            return Check("revocation", False, f"unsupported credentialStatus type {_status_type(entry)!r}")
        read = _status_entry_detail if kind == STATUS_ENTRY_TYPE else _revocation_list_detail
        try:
            details.append(read(entry, document, resolve, now))
        except NotServed as error:
            return Check("revocation", None, f"not checked: {error}")
        except StatusProblem as error:
            return Check("revocation", False, str(error))
    return Check("revocation", True, "; ".join(details))


class StatusProblem(Exception):
    """The status list says the credential is revoked, or cannot be trusted."""


def _status_entry_detail(entry: Mapping, document: Mapping, resolve: Resolver, now: datetime) -> str:
    from credsite import status_list

    purpose = entry.get("statusPurpose")
    index_text = entry.get("statusListIndex")
    list_url = entry.get("statusListCredential")
    if purpose not in ("revocation", "suspension"):
        raise StatusProblem(f"unsupported statusPurpose {purpose!r}")
    if not isinstance(index_text, str) or not index_text.isdigit():
        raise StatusProblem(f"statusListIndex must be a number written as text, not {index_text!r}")
    if not isinstance(list_url, str):
        raise StatusProblem("statusListCredential is missing")
    try:
        status_credential = resolve(list_url)
    except NotServed:
        raise NotServed(f"the status list {list_url} was not read (give --site DIR, the site folder that holds it)") from None
    except LookupError as error:
        raise StatusProblem(f"cannot read the status list {list_url}: {error}") from error
    _check_status_list(status_credential, list_url, purpose, document, resolve, now)
    try:
        bits = status_list.decode(str(status_credential["credentialSubject"].get("encodedList", "")))
        is_set = status_list.bit_is_set(bits, int(index_text))
    except (ValueError, IndexError) as error:
        raise StatusProblem(f"the status list {list_url}: {error}") from error
    if is_set:
        word = "REVOKED" if purpose == "revocation" else "SUSPENDED"
        reason = document.get("description")
        raise StatusProblem(f"{word}: entry {index_text} of {list_url} is set" + (f" ({reason})" if reason else ""))
    return f"not {'revoked' if purpose == 'revocation' else 'suspended'}: entry {index_text} of {list_url} is 0"


def _revocation_list_detail(entry: Mapping, document: Mapping, resolve: Resolver, now: datetime) -> str:
    list_url = str(entry.get("id"))
    try:
        revocations = resolve(list_url)
    except NotServed:
        raise NotServed(f"the revocation list {list_url} was not read (give --site DIR, the site folder that holds it)") from None
    except LookupError as error:
        raise StatusProblem(f"cannot read the revocation list {list_url}: {error}") from error
    for revoked in revocations.get("revokedCredentials", []):
        if isinstance(revoked, dict) and revoked.get("id") == document.get("id"):
            reason = revoked.get("revocationReason")
            raise StatusProblem("REVOKED" + (f": {reason}" if reason else ""))
    return f"not on the revocation list {list_url}"


def _check_status_list(
    status_credential: Any, list_url: str, purpose: str, document: Mapping, resolve: Resolver, now: datetime
) -> None:
    """A status list is trusted when it is what it says and signed like the credential."""
    where = f"the status list {list_url}"
    if not isinstance(status_credential, dict):
        raise StatusProblem(f"{where} is not a JSON object")
    types = status_credential.get("type")
    if not isinstance(types, list) or STATUS_LIST_CREDENTIAL_TYPE not in types:
        raise StatusProblem(f"{where} is not a {STATUS_LIST_CREDENTIAL_TYPE}")
    subject = status_credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        raise StatusProblem(f"{where} has no BitstringStatusList subject")
    if subject.get("statusPurpose") != purpose:
        raise StatusProblem(f"{where} is for {subject.get('statusPurpose')!r}, not {purpose!r}")
    # A signed credential needs a list signed by its own issuer; an unsigned
    # one (a site built without a key) can only be read as it is.
    if document.get("proof") is not None or status_credential.get("proof") is not None:
        if _issuer_id(status_credential) != _issuer_id(document):
            raise StatusProblem(f"{where} is issued by {_issuer_id(status_credential)}, not by the credential's issuer")
        proof = _check_proofs(status_credential, resolve, now)
        if not proof.passed:
            raise StatusProblem(f"{where}: {proof.detail}")
    # validFrom is optional in VC 2.0 (credsite's lists have none: an expired list breaks every check).
    dates = _check_dates({"validFrom": "0001-01-01T00:00:00Z", **status_credential}, now)
    if not dates.passed:
        raise StatusProblem(f"{where}: {dates.detail}")


def _status_type(status: Any) -> Any:
    return status.get("type") if isinstance(status, dict) else status


# --- `credsite verify` ------------------------------------------------------------------


OB_CREDENTIAL_SCHEMA_FILE = CONTEXTS_DIR / "ob_v3p0_achievementcredential_schema.json"


@functools.lru_cache(maxsize=1)
def credential_schema() -> dict[str, Any]:
    """1EdTech's formal OpenBadgeCredential schema, vendored for offline checks."""
    return json.loads(OB_CREDENTIAL_SCHEMA_FILE.read_text(encoding="utf-8"))


def verify_file(credential_file: Path, now: datetime, site_dir: Path | None = None, did_file: Path | None = None) -> Verdict:
    """Check a credential or CLR file against the formal schema, with keys
    from a DID document file or the site folder's did.json, and the status
    list from the site folder (not read without one)."""
    try:
        document = json.loads(Path(credential_file).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise SigningError(f"{credential_file}: not a JSON file ({error})") from None
    if not isinstance(document, dict):
        raise SigningError(f"{credential_file}: not a credential (a JSON object)")
    credential_id = document.get("id")
    base_url = base_url_of_credential(credential_id) if isinstance(credential_id, str) else None
    resolve = site_resolver(site_dir, base_url) if site_dir is not None else None
    if did_file is not None:
        resolve = did_file_resolver(did_file, then=resolve)
    if resolve is None:
        raise ValueError("verify_file needs a site folder or a DID document file")
    return verify(document, resolve, now, schema=credential_schema())


def did_file_resolver(did_json: Path, then: Resolver | None = None) -> Resolver:
    """Serves one DID document, read from a file, under its own id; asks
    ``then`` (a site folder) for anything else, when given."""
    try:
        document = json.loads(Path(did_json).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise SigningError(f"{did_json}: not a readable DID document ({error})") from error
    if not isinstance(document, dict):
        raise SigningError(f"{did_json}: not a DID document (a JSON object)")

    def resolve(identifier: str) -> dict:
        if identifier == document.get("id"):
            return document
        if then is not None:
            return then(identifier)
        if identifier.startswith("did:"):
            raise LookupError(f"{did_json} describes {document.get('id')!r}, not {identifier!r}")
        raise NotServed(f"{did_json} is a DID document only")

    return resolve


def site_resolver(site_dir: Path, base_url: str | None = None) -> Resolver:
    """Serves a built site folder: its DID and any URL under its base URL.

    The base URL comes from the DID in the site's did.json, so the folder
    alone is enough to check the credentials it published. A site built
    without a signing key has no DID document; ``base_url`` then says where
    it is served, so dates and revocation can still be checked, and asking
    for a DID says that the folder has no did.json.
    """
    did_path = _site_did_file(Path(site_dir), required=base_url is None)
    document = json.loads(did_path.read_text(encoding="utf-8")) if did_path else {}
    base_url = did_web_base_url(str(document.get("id"))) if did_path else base_url

    def resolve(identifier: str) -> dict:
        if identifier == document.get("id"):
            return document
        if identifier.startswith("did:") and not did_path:
            raise LookupError(f"{site_dir} has no did.json, so {identifier} cannot be resolved (was the site built with --signing-key?)")
        if not identifier.startswith(base_url):
            raise LookupError(f"{identifier} is not part of the site {base_url}")
        relative = identifier[len(base_url) :].split("#", 1)[0]
        target = (Path(site_dir) / relative).resolve()
        if Path(site_dir).resolve() not in target.parents or not target.is_file():
            raise LookupError(f"the site folder has no file for {identifier}")
        return json.loads(target.read_text(encoding="utf-8"))

    return resolve


def _site_did_file(site_dir: Path, required: bool = True) -> Path | None:
    for candidate in (site_dir / DID_DOCUMENT, site_dir / WELL_KNOWN_DID_DOCUMENT):
        if candidate.is_file():
            return candidate
    if required:
        raise SigningError(f"{site_dir} has no did.json: was it built with --signing-key?")
    return None
