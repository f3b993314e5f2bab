"""Interface text in the catalog's language.

Templates write English text inside ``_()``; ``locales/<lang>.json`` maps
that English text to the translation. Placeholders use ``{name}`` and are
filled after lookup, so translators can move them. English needs no file;
a message missing from a catalog falls back to English (tests check that
shipped catalogs are complete).

The languages credsite speaks are English and one per file in ``locales/``:
adding ``locales/fr.json`` (every message, the month names and the two date
patterns in ``DATE_MESSAGES`` translated) is all a new language takes.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from .resources import PACKAGE_DIR

LOCALES_DIR = PACKAGE_DIR / "locales"
SOURCE_LANGUAGE = "en"  # the language of the messages themselves

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
LONG_DATE = "{day} {month} {year}"  # "24 November 2026"; Spanish: "{day} de {month} de {year}"
MONTH_YEAR = "{month} {year}"  # "November 2026"
# Messages the translator itself uses; a locale file translates them too.
DATE_MESSAGES = (*MONTHS, LONG_DATE, MONTH_YEAR)


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """English, then every language with a file in ``locales/``."""
    return (SOURCE_LANGUAGE, *sorted(path.stem for path in LOCALES_DIR.glob("*.json")))


def base_language(language: str) -> str:
    """``es-MX`` -> ``es``; languages without a locale file fall back to English."""
    short = language.split("-")[0].lower()
    return short if short in languages() else SOURCE_LANGUAGE


@lru_cache(maxsize=None)
def messages(language: str) -> dict[str, str]:
    lang = base_language(language)
    if lang == SOURCE_LANGUAGE:
        return {}
    path = LOCALES_DIR / f"{lang}.json"
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
        return self.gettext(LONG_DATE, day=value.day, month=self.gettext(MONTHS[value.month - 1]), year=value.year)

    def month_year(self, value: date) -> str:
        return self.gettext(MONTH_YEAR, month=self.gettext(MONTHS[value.month - 1]), year=value.year)
