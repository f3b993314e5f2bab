"""Write Hugo sites equivalent to credsite's, for the benchmark's comparison.

One Markdown page per published credential and per public or unlisted
educator, with the fields credsite shows in YAML front matter (under
``params``) and the same Markdown texts in the body: competency and key
method for a credential; bio and the public evidence texts for an educator.
The layout (``layouts/_default/``) is a plain but real page: header, nav,
the fields, a rubric table for credentials, the earned list for educators.

Two twins are written from the same pages and templates:

- the *one-page* twin (``write_hugo_site``): a page per educator, nothing else;
- the *same-work* twin (``write_hugo_site(..., same_work=True)``): what
  credsite writes per educator, made by Hugo itself at build time: the page,
  ``passport.json`` (a custom output format of the page), one Open Badges
  credential JSON per earned credential (``resources.FromString``), a
  1200×630 social card (``images.Text`` in Lato over a base PNG) and a QR
  code of the page's URL (``images.QR``). Its templates are the one-page
  twin's with two partials called where the markers below stand.

The State is redacted here (credsite's own privacy stage), so private
portfolios and non-public evidence never reach the Hugo site either.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import font_lato
import yaml
from PIL import Image, ImageDraw

from credsite import privacy, urls
from credsite.model import (
    ArtifactEvidence,
    Credential,
    Earned,
    EvidenceRequirement,
    Portfolio,
    State,
    Term,
    TextEvidence,
)

# libyaml's emitter when present: PyYAML's pure-Python one takes minutes for 20,000 pages.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

HUGO_CONFIG_NAME = "hugo.toml"
# credsite lists credentials on its home page; Hugo needs a section page for them.
CREDENTIALS_SECTION = "credentials/"

# The same-work twin.
PASSPORT_FORMAT = "passport"
SAME_WORK_CONFIG = f"""\
[outputFormats.{PASSPORT_FORMAT}]
  mediaType = "application/json"
  baseName = "passport"
  isPlainText = true
  notAlternative = true
"""
CARD_SIZE = (1200, 630)  # credsite's social card
CARD_BASE = "card-base.png"
CARD_FONTS = ("Lato-Regular.ttf", "Lato-Bold.ttf")
# Hugo comments: nothing in the one-page twin, a partial call in the same-work twin.
EDUCATOR_HEAD_MARKER = "{{/* educator head */}}"
EDUCATOR_FILES_MARKER = "{{/* educator files */}}"
_CALL_EDUCATOR_HEAD = '{{ if and .IsPage (eq .Section "educators") }}{{ partial "educator-head.html" . }}{{ end }}'
_CALL_EDUCATOR_FILES = '{{ partial "educator-files.html" . }}'


def write_hugo_site(state: State, site_dir: Path, same_work: bool = False) -> list[Path]:
    """Write content, config and layouts under site_dir; the content pages written.

    With ``same_work``, also the output format, partials and assets (base
    card, Lato) with which Hugo writes credsite's files per educator.
    """
    published = privacy.redact(state)
    _write_text(site_dir / HUGO_CONFIG_NAME, hugo_config(published) + (SAME_WORK_CONFIG if same_work else ""))
    for name, text in (same_work_layouts() if same_work else LAYOUTS).items():
        _write_text(site_dir / "layouts" / name, text)
    if same_work:
        write_same_work_assets(site_dir / "assets")
    _write_text(_section_index(site_dir, urls.HOME), _page({"title": published.catalog.title}, published.catalog.description or ""))
    _write_text(_section_index(site_dir, CREDENTIALS_SECTION), _page({"title": "Credentials"}, ""))
    _write_text(_section_index(site_dir, urls.EDUCATORS), _page({"title": "Educators"}, ""))
    for topic in published.catalog.topics:
        _write_text(_section_index(site_dir, urls.topic(topic.id)), _page({"title": topic.title}, topic.description or ""))
    pages = [_write_credential(published, c, site_dir) for c in published.credentials.values()]
    pages += [_write_educator(published, p, site_dir, same_work) for p in published.portfolios.values()]
    return pages


def content_file(site_dir: Path, site_path: str) -> Path:
    """The Markdown file Hugo serves at a credsite site path (``credentials/x/``)."""
    return site_dir / "content" / (site_path.rstrip("/") + ".md")


def read_front_matter(page: Path) -> dict[str, Any]:
    """The YAML front matter of a page written here."""
    _, front, _ = page.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front)


def hugo_config(state: State) -> str:
    catalog = state.catalog
    return "\n".join(
        [
            f"baseURL = {json.dumps(urls.normalize_base_url(catalog.base_url))}",
            f"title = {json.dumps(catalog.title)}",
            f"defaultContentLanguage = {json.dumps(catalog.language)}",
            "[taxonomies]",
            '  topic = "topics"',
            "[markup.goldmark.renderer]",
            "  unsafe = false",
            "",
        ]
    )


def credential_front_matter(state: State, credential: Credential) -> dict[str, Any]:
    issuer = state.issuers[credential.issuer]
    params = {
        "id": credential.id,
        "version": credential.version,
        "status": credential.status,
        "summary": credential.summary,
        "issuer": {"id": issuer.id, "name": issuer.name, "url": issuer.url},
        "grade_bands": _term_titles(state.catalog.grade_bands, credential.grade_bands),
        "roles": _term_titles(state.catalog.roles, credential.roles),
        "estimated_hours": credential.estimated_hours,
        "pd_points": credential.pd_points,
        "valid_years": credential.valid_years,
        "cost": credential.cost,
        "prerequisites": [_credential_ref(state, cid) for cid in credential.prerequisites],
        "method_components": list(credential.method_components),
        "research_summary": credential.research_summary,
        "sources": [_compact(vars(s)) for s in credential.sources],
        "resources": [_compact(vars(r)) for r in credential.resources],
        "alignments": [_compact(vars(a)) for a in credential.alignments],
        "evidence_instructions": credential.evidence_instructions,
        "requirements": [_requirement(r) for r in credential.requirements],
        "rubric": _rubric(credential),
    }
    return {"title": credential.title, "topics": list(credential.topics), "params": _compact(params)}


def educator_front_matter(state: State, portfolio: Portfolio) -> dict[str, Any]:
    params = {
        "id": portfolio.id,
        "visibility": portfolio.visibility,
        "noindex": portfolio.visibility == "unlisted",
        "headline": portfolio.headline,
        "location": portfolio.location,
        "photo": portfolio.photo,
        "links": [{"label": link.label, "url": link.url} for link in portfolio.links],
        "license": _license(state, portfolio),
        "goals": [{"id": sid, "title": state.stacks[sid].title} for sid in portfolio.goals if sid in state.stacks],
        "earned": [_earned(state, e) for e in portfolio.earned],
        "in_progress": [
            _compact({**_credential_ref(state, item.credential), "started_on": _iso(item.started_on)}) for item in portfolio.in_progress
        ],
        "other_learning": [_compact({**vars(item), "date": _iso(item.date)}) for item in portfolio.other_learning],
    }
    front = {"title": portfolio.name, "params": _compact(params)}
    if portfolio.visibility == "unlisted":
        # Built, but left out of every list and the sitemap, as credsite does.
        front["build"] = {"list": "never"}
    return front


def credential_body(credential: Credential) -> str:
    return f"## Competency\n\n{credential.competency}\n\n## Key method\n\n{credential.key_method}\n"


def educator_body(state: State, portfolio: Portfolio) -> str:
    parts = [portfolio.bio or ""]
    for earned in portfolio.earned:
        texts = [e for e in earned.evidence if isinstance(e, TextEvidence)]
        if not texts:
            continue
        credential = state.credentials.get(earned.credential)
        parts.append(f"## Evidence: {credential.title if credential else earned.credential}")
        for evidence in texts:
            parts.append(f"### {_requirement_title(credential, evidence.requirement)}\n\n{evidence.text}")
    return "\n\n".join(parts) + "\n"


def _write_credential(state: State, credential: Credential, site_dir: Path) -> Path:
    page = content_file(site_dir, urls.credential(credential.id))
    _write_text(page, _page(credential_front_matter(state, credential), credential_body(credential)))
    return page


def _write_educator(state: State, portfolio: Portfolio, site_dir: Path, same_work: bool = False) -> Path:
    page = content_file(site_dir, urls.educator(portfolio.id))
    front = educator_front_matter(state, portfolio)
    if same_work:
        front = {**front, **same_work_front_matter(portfolio)}
    _write_text(page, _page(front, educator_body(state, portfolio)))
    return page


def same_work_front_matter(portfolio: Portfolio) -> dict[str, Any]:
    """What the same-work twin adds to an educator page: the passport output
    format and where each file goes (credsite's paths, from credsite.urls)."""
    return {
        "outputs": ["html", PASSPORT_FORMAT],
        "files": {
            "card": urls.educator_card(portfolio.id),
            # credsite inlines the passport's QR code as SVG; Hugo's images.QR makes a
            # PNG resource, published beside the page (a little more work for Hugo).
            "qr": urls.educator(portfolio.id) + "qr.png",
            "credentials": {e.credential: urls.educator_credential(portfolio.id, e.credential) for e in portfolio.earned},
        },
    }


def write_same_work_assets(assets: Path) -> None:
    """The base of every social card (a PNG of credsite's card size) and the Lato fonts."""
    fonts = assets / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for name in CARD_FONTS:
        shutil.copyfile(Path(font_lato.font_directory) / name, fonts / name)
    width, height = CARD_SIZE
    base = Image.new("RGB", CARD_SIZE, "#ffffff")
    draw = ImageDraw.Draw(base)
    draw.rectangle((0, 0, 24, height), fill="#0b3d91")
    draw.rectangle((96, height - 110, width - 80, height - 106), fill="#0b3d91")
    base.save(assets / CARD_BASE, format="PNG")


def same_work_layouts() -> dict[str, str]:
    """The one-page twin's templates with the same-work partials at their markers,
    and the templates only the same-work twin has."""
    layouts = dict(LAYOUTS)
    layouts["_default/baseof.html"] = layouts["_default/baseof.html"].replace(EDUCATOR_HEAD_MARKER, _CALL_EDUCATOR_HEAD)
    layouts["_default/single.html"] = layouts["_default/single.html"].replace(EDUCATOR_FILES_MARKER, _CALL_EDUCATOR_FILES)
    return {**layouts, **SAME_WORK_LAYOUTS}


def _page(front: dict[str, Any], body: str) -> str:
    front_yaml = yaml.dump(front, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return f"---\n{front_yaml}---\n{body}"


def _section_index(site_dir: Path, site_path: str) -> Path:
    """A section's own page: Hugo serves content/<path>/_index.md at <path>/."""
    return site_dir / "content" / site_path / "_index.md"


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _compact(fields: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields, so templates can test presence with ``with``."""
    return {key: value for key, value in fields.items() if not _is_empty(value)}


def _is_empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, (list, tuple, dict)) and not value)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _term_titles(terms: tuple[Term, ...], ids: tuple[str, ...]) -> list[str]:
    titles = {term.id: term.title for term in terms}
    return [titles.get(term_id, term_id) for term_id in ids]


def _credential_ref(state: State, credential_id: str) -> dict[str, str]:
    credential = state.credentials.get(credential_id)
    return {"credential": credential_id, "title": credential.title if credential else credential_id}


def _requirement(requirement: EvidenceRequirement) -> dict[str, Any]:
    return _compact({**vars(requirement), "accepted": list(requirement.accepted), "min_items": requirement.min_items if requirement.kind == "artifacts" else None})


def _rubric(credential: Credential) -> dict[str, Any]:
    rubric = credential.rubric
    return _compact(
        {
            "levels": [{"id": level.id, "title": level.title, "passing": level.passing} for level in rubric.levels],
            "criteria": [
                _compact({"id": c.id, "title": c.title, "requirement": c.requirement, "descriptors": dict(c.descriptors)})
                for c in rubric.criteria
            ],
            "min_passing": rubric.min_passing,
        }
    )


def _requirement_title(credential: Credential | None, requirement_id: str) -> str:
    requirement = credential.requirement(requirement_id) if credential else None
    return requirement.title if requirement else requirement_id


def _license(state: State, portfolio: Portfolio) -> dict[str, Any] | None:
    license_ = portfolio.license
    if license_ is None:
        return None
    pathways = [{"id": pid, "title": state.pathways[pid].title} for pid in license_.pathways if pid in state.pathways]
    return _compact({"type": license_.type, "state": license_.state, "expires": _iso(license_.expires), "pathways": pathways})


def _earned(state: State, earned: Earned) -> dict[str, Any]:
    artifacts = [
        _compact({"title": a.title, "type": a.type, "url": a.url, "file": a.file})
        for e in earned.evidence
        if isinstance(e, ArtifactEvidence)
        for a in e.items
    ]
    fields = {
        **_credential_ref(state, earned.credential),
        "version": earned.version,
        "earned_on": _iso(earned.earned_on),
        "assessor": earned.assessor,
        "bucket": earned.bucket,
        "scores": dict(earned.scores),
        "artifacts": artifacts,
        "attempts": [_compact({"submitted_on": _iso(a.submitted_on), "result": a.result, "feedback": a.feedback}) for a in earned.attempts],
        "revoked": _compact({"on": _iso(earned.revoked.on), "reason": earned.revoked.reason}) if earned.revoked else None,
    }
    return _compact(fields)


_BASEOF = """\
<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} — {{ site.Title }}{{ end }}</title>
{{ with or .Params.summary .Params.headline }}<meta name="description" content="{{ . }}">{{ end }}
{{ if .Params.noindex }}<meta name="robots" content="noindex">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
{{/* educator head */}}
<style>
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
header{background:#0b3d91;color:#fff}header a{color:#fff}
nav ul{display:flex;gap:1rem;list-style:none;padding:0}
table{border-collapse:collapse}th,td{border:1px solid #888;padding:.4rem;vertical-align:top}
@media print{header nav,.skip-link{display:none}}
</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header><div class="wrap">
<a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav aria-label="Main"><ul>
{{ with site.GetPage "/credentials" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
{{ with site.GetPage "/educators" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></nav>
</div></header>
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="wrap"><p>{{ site.Title }}</p></footer>
</body>
</html>
"""

_SINGLE = """\
{{ define "main" }}
{{ if eq .Section "credentials" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Params.summary }}</p>
<dl>
<dt>Issuer</dt><dd><a href="{{ .Params.issuer.url }}">{{ .Params.issuer.name }}</a></dd>
<dt>Version</dt><dd>{{ .Params.version }}</dd>
{{ with .Params.estimated_hours }}<dt>Estimated hours</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.pd_points }}<dt>PD points</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.valid_years }}<dt>Valid for</dt><dd>{{ . }} years</dd>{{ end }}
{{ with .Params.cost }}<dt>Cost</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.grade_bands }}<dt>Grade bands</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
{{ with .Params.roles }}<dt>Roles</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
{{ with .GetTerms "topics" }}<dt>Topics</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}
</dl>
{{ with .Params.prerequisites }}<h2>Prerequisites</h2><ul>{{ range . }}{{ with site.GetPage (printf "/credentials/%s" .credential) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>{{ end }}
{{ .Content }}
{{ with .Params.method_components }}<h2>Method components</h2><ul>{{ range . }}<li>{{ . | markdownify }}</li>{{ end }}</ul>{{ end }}
<h2>Research basis</h2>
{{ with .Params.research_summary }}{{ . | markdownify }}{{ end }}
<ol>{{ range .Params.sources }}<li>{{ .citation }}{{ with .url }} <a href="{{ . }}">{{ . }}</a>{{ end }}{{ with .note }} {{ . }}{{ end }}</li>{{ end }}</ol>
{{ with .Params.resources }}<h2>Resources</h2><ul>{{ range . }}<li>{{ with .url }}<a href="{{ . }}">{{ end }}{{ .title }}{{ if .url }}</a>{{ end }}</li>{{ end }}</ul>{{ end }}
<h2>Evidence to submit</h2>
{{ with .Params.evidence_instructions }}{{ . | markdownify }}{{ end }}
{{ range .Params.requirements }}<h3>{{ .title }}</h3>{{ .prompt | markdownify }}{{ with .max_words }}<p>At most {{ . }} words.</p>{{ end }}{{ with .accepted }}<p>Accepted: {{ delimit . ", " }}</p>{{ end }}{{ end }}
<h2>Rubric</h2>
{{ $levels := .Params.rubric.levels }}
<table>
<thead><tr><th scope="col">Criterion</th>{{ range $levels }}<th scope="col">{{ .title }}</th>{{ end }}</tr></thead>
<tbody>
{{ range .Params.rubric.criteria }}{{ $criterion := . }}<tr><th scope="row">{{ .title }}</th>{{ range $levels }}<td>{{ index $criterion.descriptors .id | markdownify }}</td>{{ end }}</tr>
{{ end }}
</tbody>
</table>
</article>
{{ else }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.headline }}<p>{{ . }}</p>{{ end }}
{{/* educator files */}}
{{ with .Params.location }}<p>{{ . }}</p>{{ end }}
{{ with .Params.links }}<ul>{{ range . }}<li><a href="{{ .url }}">{{ .label }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Params.license }}<h2>License</h2><dl>
{{ with .type }}<dt>License</dt><dd>{{ . }}</dd>{{ end }}{{ with .state }}<dt>State</dt><dd>{{ . }}</dd>{{ end }}
{{ with .expires }}<dt>Expires</dt><dd>{{ . }}</dd>{{ end }}
{{ with .pathways }}<dt>Renewal pathways</dt><dd>{{ range . }}{{ .title }} {{ end }}</dd>{{ end }}
</dl>{{ end }}
<h2>Earned micro-credentials</h2>
<ul>
{{ range .Params.earned }}
<li>{{ with site.GetPage (printf "/credentials/%s" .credential) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
version {{ .version }}, earned {{ .earned_on }}{{ with .assessor }}, assessed by {{ . }}{{ end }}
{{ with .revoked }}<strong>Revoked on {{ .on }}</strong>{{ end }}
{{ with .scores }}<table><tbody>{{ range $criterion, $level := . }}<tr><th scope="row">{{ $criterion }}</th><td>{{ $level }}</td></tr>{{ end }}</tbody></table>{{ end }}
{{ with .artifacts }}<ul>{{ range . }}<li>{{ with .url }}<a href="{{ . }}">{{ end }}{{ .title }}{{ if .url }}</a>{{ end }} ({{ .type }})</li>{{ end }}</ul>{{ end }}
{{ with .attempts }}<ul>{{ range . }}<li>{{ .submitted_on }}: {{ .result }}{{ with .feedback }} — {{ . | markdownify }}{{ end }}</li>{{ end }}</ul>{{ end }}
</li>
{{ end }}
</ul>
{{ with .Params.in_progress }}<h2>In progress</h2><ul>{{ range . }}<li>{{ .title }}{{ with .started_on }}, started {{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.other_learning }}<h2>Other learning</h2><ul>{{ range . }}<li>{{ .title }}{{ with .date }}, {{ . }}{{ end }}{{ with .points }}, {{ . }} points{{ end }}</li>{{ end }}</ul>{{ end }}
<h2>About</h2>
{{ .Content }}
</article>
{{ end }}
{{ end }}
"""

_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with or .Params.summary .Params.headline }} — {{ . }}{{ end }}</li>
{{ end }}
</ul>
{{ end }}
"""

LAYOUTS = {"_default/baseof.html": _BASEOF, "_default/single.html": _SINGLE, "_default/list.html": _LIST}

# The social card: name, headline and counts in Lato over the base PNG, at
# credsite's card path; its URL goes in the page's Open Graph tags.
_EDUCATOR_HEAD = """\
{{ $bold := resources.Get "fonts/Lato-Bold.ttf" }}
{{ $regular := resources.Get "fonts/Lato-Regular.ttf" }}
{{ $filters := slice (images.Text .Title (dict "font" $bold "size" 64 "x" 96 "y" 110 "color" "#1a1a1a")) }}
{{ with .Params.headline }}{{ $filters = $filters | append (images.Text . (dict "font" $regular "size" 36 "x" 96 "y" 220 "color" "#464b57" "linespacing" 10)) }}{{ end }}
{{ $counts := printf "%d micro-credentials earned · %d in progress" (len (.Params.earned | default slice)) (len (.Params.in_progress | default slice)) }}
{{ $filters = $filters | append (images.Text $counts (dict "font" $bold "size" 40 "x" 96 "y" 400 "color" "#0b3d91")) }}
{{ $filters = $filters | append (images.Text site.Title (dict "font" $regular "size" 28 "x" 96 "y" 545 "color" "#464b57")) }}
{{ with resources.Copy .Params.files.card (resources.Get "card-base.png" | images.Filter $filters) }}
<meta property="og:image" content="{{ .Permalink }}">
<meta property="og:image:width" content="{{ .Width }}">
<meta property="og:image:height" content="{{ .Height }}">
{{ end }}
"""

# The QR code of the page's URL, the passport JSON's link, and one Open Badges
# credential per earned credential, built from the page's and the
# credential page's parameters and published with resources.FromString.
_EDUCATOR_FILES = """\
{{ $page := . }}
{{ $home := site.Home.Permalink }}
{{ with resources.Copy .Params.files.qr (images.QR .Permalink (dict "level" "medium" "scale" 4)) }}
<p><img src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}" alt="QR code of this passport's address"></p>
{{ end }}
{{ with .OutputFormats.Get "passport" }}<p><a href="{{ .RelPermalink }}">This passport as JSON</a></p>{{ end }}
{{ with .Params.earned }}<ul>
{{ range . }}{{ $earned := . }}{{ with site.GetPage (printf "/credentials/%s" $earned.credential) }}{{ $credential := . }}
{{ $path := index $page.Params.files.credentials $earned.credential }}
{{ $achievement := printf "%sachievement.json" $credential.Permalink }}
{{ $issuer := dict "id" (printf "%sissuers/%s/profile.json" $home $credential.Params.issuer.id) "type" (slice "Profile") "name" $credential.Params.issuer.name "url" $credential.Params.issuer.url }}
{{ $criteria := slice }}{{ range $credential.Params.rubric.criteria }}{{ $criterion := . }}
{{ $levels := slice }}{{ range $credential.Params.rubric.levels }}{{ $levels = $levels | append (dict "id" (printf "%s#rubric/%s/%s" $achievement $criterion.id .id) "type" (slice "RubricCriterionLevel") "name" .title) }}{{ end }}
{{ $criteria = $criteria | append (dict "id" (printf "%s#rubric/%s" $achievement .id) "type" (slice "ResultDescription") "name" .title "resultType" "RubricCriterionLevel" "rubricCriterionLevel" $levels) }}{{ end }}
{{ $results := slice }}{{ range $criterion, $level := $earned.scores }}{{ $results = $results | append (dict "type" (slice "Result") "resultDescription" (printf "%s#rubric/%s" $achievement $criterion) "achievedLevel" (printf "%s#rubric/%s/%s" $achievement $criterion $level)) }}{{ end }}
{{ $subject := dict "id" $page.Permalink "type" (slice "AchievementSubject") "identifier" (slice (dict "type" "IdentityObject" "identityHash" $page.Title "identityType" "name" "hashed" false)) "achievement" (dict "id" $achievement "type" (slice "Achievement") "achievementType" "MicroCredential" "name" $credential.Title "description" $credential.Params.summary "criteria" (dict "id" $credential.Permalink "narrative" "Every rubric criterion must reach a passing level.") "image" (dict "id" (printf "%sbadge.svg" $credential.Permalink) "type" "Image") "creator" $issuer "version" $earned.version "resultDescription" $criteria) "result" $results }}
{{ $document := dict "@context" (slice "https://www.w3.org/ns/credentials/v2" "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json") "id" (printf "%s%s" $home $path) "type" (slice "VerifiableCredential" "OpenBadgeCredential") "name" $credential.Title "issuer" $issuer "validFrom" (printf "%sT00:00:00Z" $earned.earned_on) "awardedDate" (printf "%sT00:00:00Z" $earned.earned_on) "credentialSubject" $subject }}
{{ with resources.FromString $path (jsonify $document) }}<li><a href="{{ .RelPermalink }}">{{ $credential.Title }} (Open Badges credential)</a></li>{{ end }}
{{ end }}{{ end }}
</ul>{{ end }}
"""

# passport.json: the page's fields as JSON, like credsite's simple machine-readable passport.
_PASSPORT_JSON = """\
{{- $page := . -}}
{{- $html := (.OutputFormats.Get "html").Permalink -}}
{{- $earned := slice -}}
{{- range .Params.earned -}}
{{- $earned = $earned | append (dict "credential" .credential "title" .title "version" .version "earned_on" .earned_on "scores" .scores "url" (printf "%scredentials/%s/" site.Home.Permalink .credential) "credential_url" (printf "%s%s" site.Home.Permalink (index $page.Params.files.credentials .credential))) -}}
{{- end -}}
{{- dict "id" .Params.id "name" .Title "url" $html "headline" .Params.headline "license" .Params.license "earned" $earned "in_progress" (.Params.in_progress | default slice) | jsonify -}}
"""

SAME_WORK_LAYOUTS = {
    "partials/educator-head.html": _EDUCATOR_HEAD,
    "partials/educator-files.html": _EDUCATOR_FILES,
    f"_default/single.{PASSPORT_FORMAT}.json": _PASSPORT_JSON,
}
