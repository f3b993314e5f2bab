"""Interface text in the catalog's language.

Templates write English text inside ``_()``; ``locales/<lang>.json`` maps
that English text to the translation. Placeholders use ``{name}`` and are
filled after lookup, so translators can move them. English needs no file;
a message missing from a catalog falls back to English (tests check that
shipped catalogs are complete).
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from .resources import PACKAGE_DIR

SUPPORTED = ("en", "es")

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}


def base_language(language: str) -> str:
    """``es-MX`` -> ``es``; unsupported languages fall back to English."""
    short = language.split("-")[0].lower()
    return short if short in SUPPORTED else "en"


@lru_cache(maxsize=None)
def messages(language: str) -> dict[str, str]:
    lang = base_language(language)
    if lang == "en":
        return {}
    path = PACKAGE_DIR / "locales" / f"{lang}.json"
    return json.loads(path.read_text(encoding="utf-8"))


class Translator:
    def __init__(self, language: str) -> None:
        self.language = base_language(language)
        self.catalog = messages(self.language)

    def gettext(self, message: str, **values: object) -> str:
        text = self.catalog.get(message, message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self.gettext(singular if n == 1 else plural, n=n, **values)

    def long_date(self, value: date | None) -> str:
        if value is None:
            return ""
        month = _MONTHS[self.language][value.month - 1]
        if self.language == "es":
            return f"{value.day} de {month} de {value.year}"
        return f"{value.day} {month} {value.year}"

    def month_year(self, value: date) -> str:
        month = _MONTHS[self.language][value.month - 1]
        return f"{month} de {value.year}" if self.language == "es" else f"{month} {value.year}"
