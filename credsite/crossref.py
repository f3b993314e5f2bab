"""Third stage: the rules that span files, checked on schema-valid data.

Every rule in the last section of docs/format.md lives here, plus the checks a schema
cannot express (descriptor keys equal the rubric levels, evidence kinds,
files that exist inside their folder). Each rule reports at the exact key
or value it is about and suggests the id the author probably meant.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator

from . import filetypes
from .problems import Problem, did_you_mean
from .schema import JsonPath, TypedFile, is_real_date
from .source import SourceFiles

# The artifact types every catalog has; catalog.yaml's artifact_types adds more.
# templates/partials/catalog.html names each in the reader's language.
ARTIFACT_TYPES = ("lesson-plan", "student-work", "video", "photo", "communication", "data", "reflection-log", "other")
CONSENT_TYPES = ("photo", "video", "student-work")
IMAGE = (filetypes.IMAGE_FORMATS, filetypes.MAX_IMAGE_BYTES)
PHOTO = (filetypes.PHOTO_FORMATS, filetypes.MAX_IMAGE_BYTES)
EVIDENCE = (filetypes.EVIDENCE_FORMATS, filetypes.MAX_EVIDENCE_BYTES)
TEXT_KINDS = ("text", "reflection")


def check(files: SourceFiles, source: Path, build_date: date) -> list[Problem]:
    """Every cross-reference problem in every schema-valid file."""
    rules = CrossReferences(files, source, build_date)
    return list(rules.all())


def check_catalog(files: SourceFiles, source: Path, build_date: date) -> list[Problem]:
    """The cross-reference problems of the catalog side (everything but portfolios)."""
    return list(CrossReferences(files, source, build_date).catalog_side())


def safe_relative_file(folder: Path, relative: str) -> tuple[Path | None, str | None]:
    """The file ``relative`` inside ``folder``, or why it is refused.

    Refuses absolute paths, ``..``, backslashes, and any symlink on the way
    (a link could point anywhere on the build machine).
    """
    pure = PurePosixPath(relative)
    if "\\" in relative or pure.is_absolute() or relative.startswith("~"):
        return None, "must be a relative path with / separators inside the folder"
    if ".." in relative.split("/"):
        return None, "may not leave its folder (no .. parts)"
    current = folder
    if current.is_symlink():
        return None, "its folder is a symbolic link, which is not allowed"
    for part in pure.parts:
        current = current / part
        if current.is_symlink():
            return None, "is a symbolic link, which is not allowed"
    if not current.is_file():
        return None, "does not exist"
    return current, None


def _day(value: object) -> date | None:
    """A YYYY-MM-DD value as a date; None when it is not a real date (the
    schema reports that), so the rules comparing dates skip it."""
    return date.fromisoformat(value) if isinstance(value, str) and is_real_date(value) else None


class CrossReferences:
    def __init__(self, files: SourceFiles, source: Path, build_date: date) -> None:
        self.files = files
        self.source = source
        self.build_date = build_date
        catalog = files.catalog.data if files.catalog else {}
        self.catalog_ok = files.catalog is not None and files.catalog.path not in files.invalid
        self.vocab = {
            name: [entry["id"] for entry in catalog.get(name, [])] if self.catalog_ok else []
            for name in ("topics", "grade_bands", "roles", "frameworks", "artifact_types")
        }
        self.artifact_types = list(dict.fromkeys([*ARTIFACT_TYPES, *self.vocab["artifact_types"]]))
        self.known_artifact_types = frozenset(self.artifact_types)

    def all(self) -> Iterator[Problem]:
        yield from self.catalog_side()
        for portfolio_id, typed in self.files.items["portfolio"].items():
            yield from self.one_portfolio(portfolio_id, typed, self.schema_valid(typed))

    def one_portfolio(self, portfolio_id: str, typed: TypedFile, schema_valid: bool) -> Iterator[Problem]:
        """A portfolio's rules: they read the catalog side, never another portfolio."""
        yield from self.guarded(schema_valid, self.portfolio(portfolio_id, typed))

    def catalog_side(self) -> Iterator[Problem]:
        if self.files.catalog:
            yield from self.guarded(self.schema_valid(self.files.catalog), self.catalog(self.files.catalog))
        for typed in self.files.items["issuer"].values():
            yield from self.guarded(self.schema_valid(typed), self.issuer(typed))
        for typed in self.files.items["credential"].values():
            yield from self.guarded(self.schema_valid(typed), self.credential(typed))
        for typed in self.files.items["stack"].values():
            yield from self.guarded(self.schema_valid(typed), self.stack(typed))
        for typed in self.files.items["pathway"].values():
            yield from self.guarded(self.schema_valid(typed), self.pathway(typed))
        yield from self.ctids()

    def schema_valid(self, typed: TypedFile) -> bool:
        return typed.path not in self.files.invalid

    def guarded(self, schema_valid: bool, problems: Iterator[Problem]) -> Iterator[Problem]:
        """Run some of a file's rules; on a file that failed its schema check,
        stop quietly where a rule meets data of the wrong shape (the schema
        problem already says what is wrong there). Rules are guarded in small
        groups (one earned entry, one part of it), so a bad value stops only
        the rules that read it and every other problem is still reported."""
        if schema_valid:
            yield from problems
            return
        try:
            yield from problems
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return

    # --- helpers ---------------------------------------------------------

    def reference(self, typed: TypedFile, path: JsonPath, value: str, known: Iterable[str], what: str) -> Iterator[Problem]:
        known = list(known)
        if value not in known:
            yield typed.problem(path, f'unknown {what} "{value}"{did_you_mean(value, known)}')

    def artifact_type(self, typed: TypedFile, path: JsonPath, value: str) -> Iterator[Problem]:
        """A built-in artifact type or one the catalog adds (unknown while the catalog has problems)."""
        if self.catalog_ok:
            yield from self.reference(typed, path, value, self.artifact_types, "artifact type")

    def vocabulary(self, typed: TypedFile, field: str, what: str) -> Iterator[Problem]:
        if not self.catalog_ok:
            return
        for i, value in enumerate(typed.data.get(field, [])):
            yield from self.reference(typed, (field, i), value, self.vocab[field], what)

    def duplicates(self, typed: TypedFile, path: JsonPath, entries: list[dict[str, Any]], what: str) -> Iterator[Problem]:
        seen: dict[str, int] = {}
        for i, entry in enumerate(entries):
            entry_id = entry["id"]
            if entry_id in seen:
                first = typed.where(path + (seen[entry_id], "id")).line
                yield typed.problem(path + (i, "id"), f'duplicate {what} id "{entry_id}" (first at line {first})')
            seen.setdefault(entry_id, i)

    def file_in(
        self, typed: TypedFile, path: JsonPath, folder: Path, relative: str, what: str,
        allowed: frozenset[str], max_bytes: int, published: bool = False,
    ) -> Iterator[Problem]:
        """The file exists inside its folder and may be published; when it is
        (``published``), its copy without metadata can be made."""
        found, reason = safe_relative_file(folder, relative)
        if found is not None:
            reason = filetypes.check_file(found, allowed, max_bytes)
        if found is not None and not reason and published:
            from .evidence_copies import copy_problem

            reason = copy_problem(found.read_bytes(), filetypes.format_of(found.name) or "")
        if reason:
            shown = folder.relative_to(self.source).as_posix() if folder.is_relative_to(self.source) else folder
            yield typed.problem(path, f'{what} "{relative}" {reason} (looked in {shown}/)')

    def valid_data(self, kind: str, item_id: str) -> dict[str, Any] | None:
        """Another file's data, only when it passed its schema check (rules
        that read across files must not trust data of the wrong shape)."""
        typed = self.files.items[kind].get(item_id)
        return typed.data if typed and self.schema_valid(typed) else None

    def credential_data(self, credential_id: str) -> dict[str, Any] | None:
        return self.valid_data("credential", credential_id)

    # --- catalog, issuers ------------------------------------------------

    def catalog(self, typed: TypedFile) -> Iterator[Problem]:
        data = typed.data
        for name, what in (("topics", "topic"), ("grade_bands", "grade band"), ("roles", "role"), ("frameworks", "framework"), ("artifact_types", "artifact type")):
            yield from self.duplicates(typed, (name,), data.get(name, []), what)
        yield from self.reference(typed, ("publisher",), data["publisher"], self.files.known_ids("issuer"), "issuer")
        if "logo" in data:
            yield from self.file_in(typed, ("logo",), self.source / "catalog", data["logo"], "logo", *IMAGE)

    def issuer(self, typed: TypedFile) -> Iterator[Problem]:
        if "image" in typed.data:
            yield from self.file_in(typed, ("image",), self.source / "catalog", typed.data["image"], "image", *IMAGE)

    def ctids(self) -> Iterator[Problem]:
        """No two issuers or credentials share a CTID (the Registry refuses the second).

        A CTID written in a file may meet another written one or one credsite
        derives (ctdl.py); the problem is reported at the written one.
        """
        from .ctdl import derived_ctid

        publisher = None  # derived CTIDs need the publisher's url; without it only written ones are compared
        if self.catalog_ok and self.files.catalog:
            publisher = self.valid_data("issuer", self.files.catalog.data["publisher"])
        owners: dict[str, str] = {}  # CTID -> "issuer x" or "credential y"
        written: list[tuple[TypedFile, str, str]] = []
        for kind in ("issuer", "credential"):
            for item_id, typed in self.files.items[kind].items():
                data = typed.data if self.schema_valid(typed) else {}
                if isinstance(data.get("ctid"), str):
                    written.append((typed, data["ctid"], f"{kind} {item_id}"))
                elif publisher is not None:
                    owners[derived_ctid(publisher["url"], kind, item_id)] = f"{kind} {item_id}"
        for typed, ctid, owner in written:
            if ctid in owners:
                yield typed.problem(
                    ("ctid",), f"CTID {ctid} is already the CTID of {owners[ctid]}; every issuer and credential needs its own"
                )
            owners.setdefault(ctid, owner)

    # --- credentials -----------------------------------------------------

    def credential(self, typed: TypedFile) -> Iterator[Problem]:
        data = typed.data
        yield from self.reference(typed, ("issuer",), data["issuer"], self.files.known_ids("issuer"), "issuer")
        yield from self.vocabulary(typed, "topics", "topic")
        yield from self.vocabulary(typed, "grade_bands", "grade band")
        yield from self.vocabulary(typed, "roles", "role")
        for i, alignment in enumerate(data.get("alignments", [])):
            if self.catalog_ok:
                yield from self.reference(typed, ("alignments", i, "framework"), alignment["framework"], self.vocab["frameworks"], "framework")
        known = self.files.known_ids("credential")
        for i, prerequisite in enumerate(data.get("prerequisites", [])):
            if prerequisite == typed.path.rsplit("/", 1)[-1].removesuffix(".yaml"):
                yield typed.problem(("prerequisites", i), "a credential cannot be its own prerequisite")
            else:
                yield from self.reference(typed, ("prerequisites", i), prerequisite, known, "credential")
        if "image" in data:
            yield from self.file_in(typed, ("image",), self.source / "catalog" / "credentials", data["image"], "image", *IMAGE)
        guard = partial(self.guarded, self.schema_valid(typed))
        yield from guard(self.requirements(typed))
        yield from guard(self.rubric(typed))

    def requirements(self, typed: TypedFile) -> Iterator[Problem]:
        requirements = typed.data["evidence"]["requirements"]
        base: JsonPath = ("evidence", "requirements")
        yield from self.duplicates(typed, base, requirements, "evidence requirement")
        for i, requirement in enumerate(requirements):
            kind = requirement["kind"]
            if kind in TEXT_KINDS:
                for field in ("min_items", "accepted"):
                    if field in requirement:
                        yield typed.problem(base + (i, field), f'"{field}" only applies to artifacts requirements, and this one is {kind}', key=True)
            elif "max_words" in requirement:
                yield typed.problem(base + (i, "max_words"), '"max_words" only applies to text and reflection requirements', key=True)
            for j, artifact_type in enumerate(requirement.get("accepted", [])):
                yield from self.artifact_type(typed, base + (i, "accepted", j), artifact_type)

    def rubric(self, typed: TypedFile) -> Iterator[Problem]:
        rubric = typed.data["rubric"]
        levels = [level["id"] for level in rubric["levels"]]
        requirement_ids = [r["id"] for r in typed.data["evidence"]["requirements"]]
        yield from self.duplicates(typed, ("rubric", "levels"), rubric["levels"], "level")
        yield from self.duplicates(typed, ("rubric", "criteria"), rubric["criteria"], "criterion")
        if not any(level["passing"] for level in rubric["levels"]):
            yield typed.problem(("rubric", "levels"), "no rubric level is passing, so nobody could earn this credential; mark at least one level passing: true", key=True)
        for i, criterion in enumerate(rubric["criteria"]):
            path: JsonPath = ("rubric", "criteria", i)
            if "requirement" in criterion:
                yield from self.reference(typed, path + ("requirement",), criterion["requirement"], requirement_ids, "evidence requirement")
            descriptors = criterion["descriptors"]
            for level in descriptors:
                if level not in levels:
                    yield typed.problem(path + ("descriptors", level), f'"{level}" is not a rubric level{did_you_mean(level, levels)}', key=True)
            missing = [level for level in levels if level not in descriptors]
            if missing:
                yield typed.problem(path + ("descriptors",), f"criterion \"{criterion['id']}\" has no descriptor for level{'s' if len(missing) > 1 else ''} {', '.join(missing)}", key=True)
        pass_rule = rubric.get("pass_rule", "all")
        if isinstance(pass_rule, dict) and pass_rule["min_passing"] > len(rubric["criteria"]):
            yield typed.problem(("rubric", "pass_rule", "min_passing"), f"min_passing is {pass_rule['min_passing']} but the rubric has only {len(rubric['criteria'])} criteria")

    # --- stacks and pathways ---------------------------------------------

    def stack(self, typed: TypedFile) -> Iterator[Problem]:
        data = typed.data
        known = self.files.known_ids("credential")
        for i, credential_id in enumerate(data["credentials"]):
            yield from self.reference(typed, ("credentials", i), credential_id, known, "credential")
            credential = self.credential_data(credential_id)
            if credential and credential.get("status") == "draft":
                yield typed.problem(("credentials", i), f'"{credential_id}" is a draft credential; a published stack cannot include it until it is active')
        require = data.get("require", "all")
        if isinstance(require, int) and require > len(data["credentials"]):
            yield typed.problem(("require",), f"require is {require} but the stack has only {len(data['credentials'])} credentials")

    def pathway(self, typed: TypedFile) -> Iterator[Problem]:
        data = typed.data
        mode = data.get("mode", "count")
        if mode == "points":
            for field in ("total", "buckets"):
                if field in data:
                    yield typed.problem((field,), f'"{field}" only applies to count mode; this pathway uses mode: points', key=True)
            if "points_required" not in data:
                yield typed.problem((), 'a points pathway needs "points_required"')
            return
        if "points_required" in data:
            yield typed.problem(("points_required",), '"points_required" only applies to mode: points', key=True)
        buckets = data.get("buckets", [])
        if "total" not in data and not buckets:
            yield typed.problem((), 'a count pathway needs "total", "buckets", or both')
        yield from self.duplicates(typed, ("buckets",), buckets, "bucket")
        for i, bucket in enumerate(buckets):
            for j, topic in enumerate(bucket.get("topics", [])):
                if self.catalog_ok:
                    yield from self.reference(typed, ("buckets", i, "topics", j), topic, self.vocab["topics"], "topic")
        minimums = sum(b["min"] for b in buckets)
        if "total" in data and buckets and data["total"] < minimums:
            yield typed.problem(("total",), f"total is {data['total']} but the bucket minimums add up to {minimums}")

    # --- portfolios ------------------------------------------------------

    def portfolio(self, portfolio_id: str, typed: TypedFile) -> Iterator[Problem]:
        data = typed.data
        guard = partial(self.guarded, self.schema_valid(typed))
        folder = self.source / "portfolios" / portfolio_id
        if "photo" in data:
            yield from guard(self.file_in(typed, ("photo",), folder, data["photo"], "photo", *PHOTO))
        license_data = data.get("license", {})
        yield from guard(self.references(typed, ("license", "pathways"), license_data.get("pathways", []), "pathway"))
        yield from guard(self.references(typed, ("goals",), data.get("goals", []), "stack"))
        earned_at: dict[str, int] = {}
        for i, earned in enumerate(data.get("earned", [])):
            yield from guard(self.earned_twice(typed, i, earned, earned_at))
            yield from guard(self.earned(typed, ("earned", i), earned, folder, license_data))
        for i, work in enumerate(data.get("in_progress", [])):
            yield from guard(self.earnable(typed, ("in_progress", i), work))

    def references(self, typed: TypedFile, path: JsonPath, values: list[str], kind: str) -> Iterator[Problem]:
        known = self.files.known_ids(kind)
        for i, value in enumerate(values):
            yield from self.reference(typed, path + (i,), value, known, kind)

    def earned_twice(self, typed: TypedFile, i: int, earned: dict[str, Any], earned_at: dict[str, int]) -> Iterator[Problem]:
        credential_id = earned["credential"]
        if credential_id in earned_at:
            first = typed.where(("earned", earned_at[credential_id], "credential")).line
            yield typed.problem(("earned", i, "credential"), f'"{credential_id}" is earned twice (first at line {first}); keep one entry, the most recent')
        earned_at.setdefault(credential_id, i)

    def earnable(self, typed: TypedFile, path: JsonPath, entry: dict[str, Any]) -> Iterator[Problem]:
        """An earned or in-progress entry names an active credential. (It reads
        entry["credential"] here, inside the guard, so an entry without one
        still has its other rules run.)"""
        credential_id = entry["credential"]
        where = path + ("credential",)
        yield from self.reference(typed, where, credential_id, self.files.known_ids("credential"), "credential")
        credential = self.credential_data(credential_id)
        if credential and credential.get("status") == "draft":
            yield typed.problem(where, f'"{credential_id}" is a draft credential: it is not published and cannot be earned yet')

    def earned(self, typed: TypedFile, path: JsonPath, earned: dict[str, Any], folder: Path, license_data: dict[str, Any]) -> Iterator[Problem]:
        """One earned entry's rules, each group guarded on its own: a date that
        is not a real date (a schema problem) hides no other problem."""
        guard = partial(self.guarded, self.schema_valid(typed))
        yield from guard(self.earnable(typed, path, earned))
        yield from guard(self.earned_dates(typed, path, earned))
        yield from guard(self.artifacts(typed, path, earned, folder))
        credential = self.credential_data(earned["credential"])
        if credential is None:
            return
        current = earned.get("version", credential["version"]) == credential["version"]
        if current:
            yield from guard(self.scores(typed, path, earned, credential))
            yield from guard(self.evidence(typed, path, earned, credential))
            yield from guard(self.attempts(typed, path, earned, credential))
        if "bucket" in earned:
            yield from guard(self.pinned_bucket(typed, path + ("bucket",), earned["bucket"], credential, license_data))

    def earned_dates(self, typed: TypedFile, path: JsonPath, earned: dict[str, Any]) -> Iterator[Problem]:
        earned_on = _day(earned["earned_on"])
        if earned_on is None:
            return  # not a real date: the schema problem says so
        if earned_on > self.build_date:
            yield typed.problem(path + ("earned_on",), f"earned_on {earned_on} is after the build date {self.build_date}")
        revoked_on = _day(earned.get("revoked", {}).get("on"))
        if revoked_on is not None and revoked_on < earned_on:
            yield typed.problem(path + ("revoked", "on"), f"revoked on {revoked_on}, before it was earned ({earned_on})")
        if revoked_on is not None and revoked_on > self.build_date:
            # A revocation takes effect at once; a later date would also date the status list's proof in the future.
            yield typed.problem(path + ("revoked", "on"), f"revoked on {revoked_on}, after the build date {self.build_date}")

    def scores(self, typed: TypedFile, path: JsonPath, earned: dict[str, Any], credential: dict[str, Any]) -> Iterator[Problem]:
        rubric = credential["rubric"]
        criteria = [c["id"] for c in rubric["criteria"]]
        levels = {level["id"]: level["passing"] for level in rubric["levels"]}
        scores = earned.get("scores", {})
        for criterion, level in scores.items():
            if criterion not in criteria:
                yield typed.problem(path + ("scores", criterion), f'"{criterion}" is not a criterion of {earned["credential"]}{did_you_mean(criterion, criteria)}', key=True)
            elif level not in levels:
                yield typed.problem(path + ("scores", criterion), f'"{level}" is not a rubric level of {earned["credential"]}{did_you_mean(level, levels)}')
        missing = [c for c in criteria if c not in scores]
        if missing:
            where = path + ("scores",) if "scores" in earned else path + ("credential",)
            yield typed.problem(where, f"scores must name every rubric criterion; missing: {', '.join(missing)}", key="scores" in earned)
            return
        passing = sum(1 for c in criteria if levels.get(scores[c], False))
        pass_rule = rubric.get("pass_rule", "all")
        needed = len(criteria) if pass_rule == "all" else pass_rule["min_passing"]
        if passing < needed:
            rule = "every criterion" if pass_rule == "all" else f"at least {needed} criteria"
            yield typed.problem(path + ("scores",), f"these scores do not pass the rubric: {rule} must be at a passing level, and {passing} of {len(criteria)} are", key=True)

    def evidence(self, typed: TypedFile, path: JsonPath, earned: dict[str, Any], credential: dict[str, Any]) -> Iterator[Problem]:
        requirements = {r["id"]: r for r in credential["evidence"]["requirements"]}
        evidence = earned.get("evidence", {})
        for requirement_id, given in evidence.items():
            where = path + ("evidence", requirement_id)
            requirement = requirements.get(requirement_id)
            if requirement is None:
                yield typed.problem(where, f'"{requirement_id}" is not an evidence requirement of {earned["credential"]}{did_you_mean(requirement_id, requirements)}', key=True)
                continue
            yield from self.evidence_shape(typed, where, requirement, given)
        missing = [r for r in requirements if r not in evidence]
        if missing:
            where = path + ("evidence",) if "evidence" in earned else path + ("credential",)
            yield typed.problem(where, f"evidence must cover every requirement of {earned['credential']}; missing: {', '.join(missing)}", key="evidence" in earned)

    def evidence_shape(self, typed: TypedFile, where: JsonPath, requirement: dict[str, Any], given: dict[str, Any]) -> Iterator[Problem]:
        kind = requirement["kind"]
        if kind in TEXT_KINDS:
            if "items" in given:
                yield typed.problem(where + ("items",), f'"{requirement["id"]}" is a {kind} requirement: give "text", not "items"', key=True)
            if "text" not in given:
                yield typed.problem(where, f'"{requirement["id"]}" is a {kind} requirement and needs "text"', key=True)
            return
        if "text" in given:
            yield typed.problem(where + ("text",), f'"{requirement["id"]}" is an artifacts requirement: list "items", not "text"', key=True)
        items = given.get("items", [])
        minimum = requirement.get("min_items", 1)
        if len(items) < minimum:
            yield typed.problem(where, f'"{requirement["id"]}" needs at least {minimum} artifact{"s" if minimum != 1 else ""}; {len(items)} given', key=True)
        accepted = requirement.get("accepted", [])
        if self.catalog_ok and any(t not in self.known_artifact_types for t in accepted):
            return  # the credential's own problem; judging artifacts by a mistyped list would mislead
        for i, item in enumerate(items):
            unknown = self.catalog_ok and item["type"] not in self.known_artifact_types  # reported as unknown already
            if accepted and item["type"] not in accepted and not unknown:
                yield typed.problem(where + ("items", i, "type"), f'artifact type "{item["type"]}" is not accepted here (accepted: {", ".join(accepted)}){did_you_mean(item["type"], accepted)}')

    def artifacts(self, typed: TypedFile, path: JsonPath, earned: dict[str, Any], folder: Path) -> Iterator[Problem]:
        """What each artifact must be whatever the credential: a known type, one file or link, consent."""
        for requirement_id, given in earned.get("evidence", {}).items():
            for i, item in enumerate(given.get("items", [])):
                where = path + ("evidence", requirement_id, "items", i)
                yield from self.artifact_type(typed, where + ("type",), item["type"])
                has_file, has_url = "file" in item, "url" in item
                if has_file == has_url:
                    yield typed.problem(where, 'an artifact needs exactly one of "file" or "url"', key=True)
                if has_file:
                    yield from self.file_in(
                        typed, where + ("file",), folder, item["file"], "evidence file", *EVIDENCE, published=bool(item.get("public"))
                    )
                if item.get("public") and item["type"] in CONSENT_TYPES and not item.get("consent"):
                    yield typed.problem(where, f'a public {item["type"]} artifact needs "consent: true" (you attest that releases are on file), or mark it public: false', key=True)

    def attempts(self, typed: TypedFile, path: JsonPath, earned: dict[str, Any], credential: dict[str, Any]) -> Iterator[Problem]:
        # "Not Yet" is the outcome of any submission that did not pass, whatever
        # the rubric calls its lower levels; a non-passing level id is more precise.
        outcomes = ["not-yet"] + [lv["id"] for lv in credential["rubric"]["levels"] if not lv["passing"] and lv["id"] != "not-yet"]
        earned_on = _day(earned["earned_on"])
        for i, attempt in enumerate(earned.get("attempts", [])):
            where = path + ("attempts", i)
            if attempt["result"] not in outcomes:
                hint = did_you_mean(attempt["result"], outcomes) or f" (use one of: {', '.join(outcomes)})"
                yield typed.problem(where + ("result",), f'an earlier attempt\'s result must be "not-yet" or a non-passing level of {earned["credential"]}, not "{attempt["result"]}"{hint}')
            submitted_on = _day(attempt["submitted_on"])
            if earned_on is not None and submitted_on is not None and submitted_on > earned_on:
                yield typed.problem(where + ("submitted_on",), f"an earlier attempt cannot be after earned_on ({earned_on})")

    def pinned_bucket(self, typed: TypedFile, where: JsonPath, bucket_id: str, credential: dict[str, Any], license_data: dict[str, Any]) -> Iterator[Problem]:
        pathway_ids = license_data.get("pathways") or list(self.files.items["pathway"])
        if any(self.valid_data("pathway", pathway_id) is None for pathway_id in pathway_ids):
            return  # a pathway with its own problems: its buckets are not known yet
        buckets = [
            bucket
            for pathway_id in pathway_ids
            if (pathway := self.valid_data("pathway", pathway_id))
            for bucket in pathway.get("buckets", [])
        ]
        matching = [b for b in buckets if b["id"] == bucket_id]
        if not matching:
            yield typed.problem(where, f'unknown bucket "{bucket_id}" in this license\'s pathways{did_you_mean(bucket_id, [b["id"] for b in buckets])}')
            return
        topics = set(credential.get("topics", []))
        if not any(not b.get("topics") or topics & set(b["topics"]) for b in matching):
            yield typed.problem(where, f'"{credential["title"]}" does not qualify for bucket "{bucket_id}": none of its topics are in that bucket')
