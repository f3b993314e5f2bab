"""Interface text in Spanish: the catalog is complete and current, and a Spanish site reads as Spanish.

Messages are collected from the sources themselves: ``_()`` and ``ngettext()``
calls in every built-in template (parsed by Jinja), and ``gettext()`` /
``ngettext()`` calls in the Python page modules (parsed by ``ast``). A new
message without a translation, a translation that lost a placeholder, and a
translation nobody uses any more all fail here.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment, nodes

from credsite.crossref import ARTIFACT_TYPES
from credsite import i18n
from credsite.i18n import DATE_MESSAGES, Translator, base_language
from credsite.passport_view import AttemptView
from credsite.render import make_environment, theme_dir
from credsite.resources import PACKAGE_DIR

REPO_ROOT = Path(__file__).resolve().parent.parent
SPANISH_CATALOG = PACKAGE_DIR / "locales" / "es.json"
# 2026-11-24T00:00:00Z, as in conftest.py: the example's expiry and renewal states never drift.
EXAMPLE_BUILD_EPOCH = "1795478400"
BUILD_TIMEOUT_SECONDS = 600
TEMPLATE_FUNCTIONS = {"_": 1, "ngettext": 2}  # name -> how many leading arguments are messages
PYTHON_FUNCTIONS = {"gettext": 1, "ngettext": 2}
# i18n.py defines gettext/ngettext (and forwards variables); it uses no message of its own.
PYTHON_EXCLUDED = {"i18n.py"}


@dataclass(frozen=True)
class Use:
    message: str
    where: str


# --- collecting the messages -----------------------------------------------------------


def template_files() -> list[Path]:
    return sorted(p for p in theme_dir().rglob("*") if p.suffix in (".html", ".xml", ".txt", ".svg"))


def template_uses(path: Path) -> tuple[list[Use], list[str]]:
    """Messages of one template, and calls whose message is not a literal (which no catalog can hold)."""
    tree = Environment().parse(path.read_text(encoding="utf-8"))
    uses: list[Use] = []
    dynamic: list[str] = []
    for call in tree.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in TEMPLATE_FUNCTIONS:
            continue
        where = f"{path.relative_to(theme_dir())}:{call.lineno}"
        for argument in call.args[: TEMPLATE_FUNCTIONS[call.node.name]]:
            if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
                uses.append(Use(argument.value, where))
            else:
                dynamic.append(where)
    return uses, dynamic


def called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def python_uses(path: Path) -> tuple[list[Use], list[str]]:
    uses: list[Use] = []
    dynamic: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or called_name(node) not in PYTHON_FUNCTIONS:
            continue
        where = f"{path.name}:{node.lineno}"
        for argument in node.args[: PYTHON_FUNCTIONS[called_name(node)]]:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                uses.append(Use(argument.value, where))
            else:
                dynamic.append(where)
    return uses, dynamic


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if p.name not in PYTHON_EXCLUDED)


def all_uses() -> tuple[list[Use], list[str]]:
    uses: list[Use] = []
    dynamic: list[str] = []
    for path in template_files():
        found, unknown = template_uses(path)
        uses += found
        dynamic += unknown
    for path in python_files():
        found, unknown = python_uses(path)
        uses += found
        dynamic += unknown
    return uses, dynamic


def used_messages() -> dict[str, str]:
    """Message -> the first place it is used (the translator's own: month names, date patterns)."""
    found: dict[str, str] = {}
    for use in all_uses()[0]:
        found.setdefault(use.message, use.where)
    for message in DATE_MESSAGES:
        found.setdefault(message, "i18n.py")
    return found


def spanish() -> dict[str, str]:
    return json.loads(SPANISH_CATALOG.read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


# --- the catalog against the sources ----------------------------------------------------------


def test_the_collector_finds_messages_in_templates_and_in_python() -> None:
    uses, _ = all_uses()
    places = {use.where.split(":")[0] for use in uses}
    assert {"base.html", "passport.html", "partials/passport_macros.html"} <= places
    assert {"passport_pages.py", "catalog_pictures.py"} <= places
    messages = {use.message for use in uses}
    # One of each kind: a plain _(), both forms of an ngettext(), and a message used only from Python.
    assert {"Skip to main content", "{n} micro-credential", "{n} micro-credentials", "Micro-credential from {issuer}"} <= messages


def test_every_message_is_a_literal() -> None:
    _, dynamic = all_uses()
    assert not dynamic, f"messages must be literal strings so they can be translated: {dynamic}"


def test_every_message_has_a_spanish_translation() -> None:
    catalog = spanish()
    missing = [f"{where}: {message!r}" for message, where in sorted(used_messages().items()) if message not in catalog]
    assert not missing, "add these to credsite/locales/es.json:\n" + "\n".join(missing)


def test_translations_keep_exactly_the_placeholders_of_their_message() -> None:
    catalog = spanish()
    wrong = [
        f"{message!r}: {placeholders(message)} vs {catalog[message]!r}: {placeholders(catalog[message])}"
        for message in sorted(used_messages())
        if message in catalog and placeholders(message) != placeholders(catalog[message])
    ]
    assert not wrong, "\n".join(wrong)


def test_every_translation_formats_with_its_placeholders() -> None:
    for message, translation in spanish().items():
        translation.format(**{name: "x" for name in placeholders(message)})


def test_the_spanish_catalog_has_no_stale_messages() -> None:
    used = used_messages()
    stale = sorted(message for message in spanish() if message not in used)
    assert not stale, "no template or page module uses these any more; remove them from es.json:\n" + "\n".join(map(repr, stale))


def test_translations_are_not_left_empty_or_padded() -> None:
    for message, translation in spanish().items():
        assert translation.strip(), message
        # Only messages that are themselves padded (" or ") may start or end with a space.
        assert (translation != translation.strip()) == (message != message.strip()), message


def test_the_spanish_catalog_file_is_sorted_and_formatted_as_written() -> None:
    text = SPANISH_CATALOG.read_text(encoding="utf-8")
    catalog = json.loads(text)
    assert text == json.dumps(dict(sorted(catalog.items())), ensure_ascii=False, indent=2) + "\n"


# --- the translator ----------------------------------------------------------------------------


def test_spanish_dates_are_written_out_in_spanish() -> None:
    translator = Translator("es")
    assert translator.long_date(date(2026, 11, 24)) == "24 de noviembre de 2026"
    assert translator.long_date(date(2025, 1, 5)) == "5 de enero de 2025"
    assert translator.month_year(date(2026, 9, 1)) == "septiembre de 2026"
    assert translator.long_date(None) == ""


def test_english_dates_are_day_month_year() -> None:
    translator = Translator("en")
    assert translator.long_date(date(2026, 11, 24)) == "24 November 2026"
    assert translator.month_year(date(2026, 9, 1)) == "September 2026"


@pytest.mark.parametrize(("language", "expected"), [("es", "es"), ("es-MX", "es"), ("ES", "es"), ("en-US", "en"), ("fr", "en")])
def test_a_region_is_dropped_and_unsupported_languages_fall_back_to_english(language: str, expected: str) -> None:
    assert base_language(language) == expected


def test_a_language_is_available_once_its_locale_file_is_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SPANISH_CATALOG, tmp_path / "es.json")
    french = {message: message for message in spanish()} | {"January": "janvier", "{day} {month} {year}": "{day} {month} {year}"}
    french["Skip to main content"] = "Aller au contenu principal"
    (tmp_path / "fr.json").write_text(json.dumps(french, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.languages.cache_clear()
    i18n.messages.cache_clear()
    try:
        assert i18n.languages() == ("en", "es", "fr")
        assert base_language("fr-CA") == "fr"
        translator = Translator("fr")
        assert translator.gettext("Skip to main content") == "Aller au contenu principal"
        assert translator.long_date(date(2026, 1, 5)) == "5 janvier 2026"
    finally:
        monkeypatch.undo()
        i18n.languages.cache_clear()
        i18n.messages.cache_clear()
    assert i18n.languages() == ("en", "es") and base_language("fr") == "en"


def test_plural_forms_and_placeholders_are_filled_after_lookup() -> None:
    translator = Translator("es")
    assert translator.ngettext("{n} micro-credential", "{n} micro-credentials", 1) == "1 microcredencial"
    assert translator.ngettext("{n} micro-credential", "{n} micro-credentials", 3) == "3 microcredenciales"
    assert translator.gettext("Micro-credential from {issuer}", issuer="KSDE") == "Microcredencial de KSDE"


# --- template words that are not user data --------------------------------------------------------


def test_known_artifact_types_are_translated_and_others_shown_as_written() -> None:
    catalog_macros = make_environment(None, Translator("es")).get_template("partials/catalog.html").module
    assert str(catalog_macros.artifact_type("lesson-plan")) == "plan de clase"
    assert str(catalog_macros.artifact_type("student-work")) == "trabajo de estudiantes"
    assert str(catalog_macros.artifact_type("field-notes")) == "field notes"
    assert str(catalog_macros.artifact_types(["photo", "data"])) == "foto, datos"


def test_an_artifact_type_the_catalog_adds_is_shown_by_its_title() -> None:
    from credsite.model import Term

    template = make_environment(None, Translator("es")).get_template("partials/catalog.html")
    catalog = SimpleNamespace(artifact_types=(Term("field-notes", "Notas de campo"),))
    macros = template.make_module({"catalog": catalog})
    assert str(macros.artifact_type("field-notes")) == "Notas de campo"
    assert str(macros.artifact_type("lesson-plan")) == "plan de clase"
    assert str(macros.artifact_type("site-visit")) == "site visit"


def test_the_template_names_exactly_the_built_in_artifact_types() -> None:
    text = (theme_dir() / "partials" / "catalog.html").read_text(encoding="utf-8")
    macro = text.split("{% macro artifact_type(slug)", 1)[1].split("{%- endmacro %}", 1)[0]
    assert set(re.findall(r'"([a-z-]+)": _\(', macro)) == set(ARTIFACT_TYPES)


def test_a_not_yet_attempt_without_a_rubric_level_is_named_in_the_page_language() -> None:
    passport_macros = make_environment(None, Translator("es")).get_template("partials/passport_macros.html").module
    earned = SimpleNamespace(
        attempts=(
            AttemptView(submitted_on=date(2025, 3, 2), result="not-yet", feedback=None),
            AttemptView(submitted_on=date(2025, 4, 6), result="Emerging", feedback=None),
        ),
        earned=SimpleNamespace(earned_on=date(2025, 5, 1)),
    )
    html = str(passport_macros.attempts_block(earned))
    assert "Presentada el 2 de marzo de 2025: Aún no" in html
    assert "Presentada el 6 de abril de 2025: Emerging" in html  # a level title is user data
    assert "Obtenida el 1 de mayo de 2025" in html


# --- the example state, built in Spanish --------------------------------------------------------

ENGLISH_INTERFACE = (
    "Skip to main content",
    "Micro-credentials",
    "Search titles, summaries and competencies",
    "Renewal pathways",
    "Evidence to submit",
    "Key method",
    "Research basis",
    "Current micro-credentials",
    "What counts toward renewal",
    "Share this passport",
    "How to verify",
    "Copy link",
    "Rubric results",
    "Evidence and assessment history",
    "Catalog data (JSON)",
    "Page not found",
    "lesson plan",
)
ENGLISH_MONTH_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
)
SHOWN_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder")


class PageText(HTMLParser):
    """The text a reader meets: text nodes and the attributes assistive technology reads out."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.html_lang: str | None = None
        self._in_script = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_lang = dict(attrs).get("lang")
        if tag in ("script", "style"):
            self._in_script += 1
        self.pieces += [value.strip() for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in_script -= 1

    def handle_data(self, data: str) -> None:
        if not self._in_script and data.strip():
            self.pieces.append(" ".join(data.split()))

    @property
    def text(self) -> str:
        return "\n".join(self.pieces)


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example catalog and portfolios with ``language: es``, built by the CLI."""
    source = tmp_path_factory.mktemp("spanish-source")
    shutil.copytree(REPO_ROOT / "catalog", source / "catalog")
    shutil.copytree(REPO_ROOT / "portfolios", source / "portfolios")
    settings = source / "catalog" / "catalog.yaml"
    original = settings.read_text(encoding="utf-8")
    assert re.search(r"^language: en$", original, re.MULTILINE), "the example catalog.yaml should say language: en"
    settings.write_text(re.sub(r"^language: en$", "language: es", original, flags=re.MULTILINE), encoding="utf-8")
    out = tmp_path_factory.mktemp("spanish-site") / "site"
    command = [sys.executable, "-m", "credsite", "build", "--source", str(source), "--out", str(out)]
    result = subprocess.run(
        command, check=False, cwd=REPO_ROOT, env={**os.environ, "SOURCE_DATE_EPOCH": EXAMPLE_BUILD_EPOCH},
        capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return out


def page_text(site: Path, page: str) -> PageText:
    return PageText((site / page).read_text(encoding="utf-8"))


def test_every_spanish_page_declares_spanish(spanish_site: Path) -> None:
    pages = sorted(spanish_site.rglob("*.html"))
    assert len(pages) > 20
    wrong = [str(p.relative_to(spanish_site)) for p in pages if PageText(p.read_text(encoding="utf-8")).html_lang != "es"]
    assert not wrong, wrong
    assert '<meta property="og:locale" content="es">' in (spanish_site / "index.html").read_text(encoding="utf-8")


def test_spanish_pages_use_spanish_headings(spanish_site: Path) -> None:
    home = page_text(spanish_site, "index.html")
    assert "Saltar al contenido principal" in home.pieces
    assert "Microcredenciales" in home.pieces
    assert "Rutas de renovación" in home.pieces
    credential = page_text(spanish_site, "credentials/morning-meetings-sel/index.html")
    assert {"Competencia", "Método clave", "Evidencia que se debe presentar", "Rúbrica"} <= set(credential.pieces)
    passport = page_text(spanish_site, "educators/maria-delgado/index.html")
    assert {"Pasaporte de aprendizaje profesional", "Microcredenciales vigentes", "Lo que cuenta para la renovación"} <= set(passport.pieces)
    assert "Cómo verificar" in passport.pieces and "Compartir este pasaporte" in passport.pieces
    assert "Página no encontrada" in page_text(spanish_site, "404.html").pieces


def test_spanish_pages_keep_user_data_as_written(spanish_site: Path) -> None:
    credential = page_text(spanish_site, "credentials/morning-meetings-sel/index.html")
    assert "Morning Meetings for Social-Emotional Learning" in credential.pieces
    assert "Meeting structure" in credential.pieces  # a rubric criterion's title
    passport = page_text(spanish_site, "educators/maria-delgado/index.html")
    assert "Presentada el 8 de septiembre de 2023: Not Yet" in passport.pieces  # the rubric's own name for its lowest level


def test_spanish_pages_write_dates_in_spanish(spanish_site: Path) -> None:
    passport = page_text(spanish_site, "educators/maria-delgado/index.html").text
    assert "7 de noviembre de 2025" in passport  # earned on
    assert "La licencia vence el 30 de junio de 2028." in passport
    assert "Período de renovación: del 30 de junio de 2023 al 30 de junio de 2028" in passport
    assert "Presentada el 8 de septiembre de 2023" in passport  # an earlier attempt
    for page in sorted(spanish_site.rglob("*.html")):
        english = ENGLISH_MONTH_DATE.findall(page.read_text(encoding="utf-8"))
        assert not english, f"{page.relative_to(spanish_site)}: English dates {english}"


def test_spanish_pages_show_no_english_interface_text(spanish_site: Path) -> None:
    found = []
    for page in sorted(spanish_site.rglob("*.html")):
        pieces = set(PageText(page.read_text(encoding="utf-8")).pieces)
        found += [f"{page.relative_to(spanish_site)}: {text!r}" for text in ENGLISH_INTERFACE if text in pieces]
    assert not found, "\n".join(found)


def test_spanish_passport_names_artifact_types_in_spanish(spanish_site: Path) -> None:
    html = (spanish_site / "educators" / "maria-delgado" / "index.html").read_text(encoding="utf-8")
    assert '<span class="pp-type">plan de clase</span>' in html
    credential = page_text(spanish_site, "credentials/morning-meetings-sel/index.html")
    assert "Tipos aceptados: plan de clase, foto, video, trabajo de estudiantes, registro de reflexión" in credential.pieces


def test_spanish_directory_filter_counts_are_spanish(spanish_site: Path) -> None:
    html = (spanish_site / "educators" / "index.html").read_text(encoding="utf-8")
    assert 'data-count-other="Coincidencias: {shown} de {total} educadores"' in html
