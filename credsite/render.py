"""The Jinja environment and the page renderer every page module uses.

Templates are looked up in the state's own folder first (``--templates``),
then in the built-in theme, so a state restyles by overriding one file; an
override can extend the built-in template it replaces as ``credsite/<name>``
and change only a block (``{% extends "credsite/base.html" %}``).
The environment is built once per build; each page gets ``page_path`` (its
own site path) so ``href()`` can make page-relative links.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    pass_context,
)
from markupsafe import Markup, escape

from . import urls as url_layout
from .errors import TemplateProblem
from .i18n import Translator
from .jsontext import json_text
from .markdown import inline_filter, markdown_filter, plain_text
from .resources import resource_dir
from .urls import Urls


def _bytecode_cache() -> BytecodeCache | None:
    try:
        return FileSystemBytecodeCache()
    except (RuntimeError, OSError):  # no safe temporary folder: compile every time
        return None


def theme_dir() -> Path:
    """The built-in theme: templates plus the ``assets/`` folder."""
    return resource_dir("templates")


# An override template extends the built-in one it replaces through this
# prefix: {% extends "credsite/base.html" %} in the state's base.html.
THEME_PREFIX = "credsite"


def make_environment(override: Path | None, translator: Translator) -> Environment:
    built_in = FileSystemLoader(str(theme_dir()))
    # "credsite/<name>" is always the built-in template; any other name is the
    # state's own when its folder has one, else the built-in one.
    loaders: list[BaseLoader] = [PrefixLoader({THEME_PREFIX: built_in})]
    loaders += [FileSystemLoader(str(override))] if override else []
    loaders.append(built_in)
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiled templates kept between builds: a rebuild that renders one
        # passport would otherwise spend most of its time compiling. Jinja's
        # default folder is private to this user (0700, ownership checked)
        # and outside the repository, so no pull request can plant code in it.
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["md"] = markdown_filter
    env.filters["md_inline"] = inline_filter
    env.filters["plain"] = plain_text
    env.filters["isodate"] = _iso_date
    env.filters["longdate"] = translator.long_date
    env.filters["monthyear"] = translator.month_year
    env.filters["json_script"] = json_for_script
    env.globals["urls"] = url_layout
    env.globals["href"] = _href
    env.globals["abs_url"] = _abs_url
    template_text = MarkupTranslator(translator.language)
    env.globals["_"] = template_text.gettext
    env.globals["ngettext"] = template_text.ngettext
    env.globals["lang"] = translator.language
    return env


class MarkupTranslator(Translator):
    """Interface text for templates, as Markup with its placeholders escaped once.

    Plain ``str.format`` turns a Markup value (a macro's output, already
    escaped) back into plain text, which autoescaping then escapes a second
    time: ``<`` in a topic title showed as ``&lt;``. ``Markup.format``
    escapes plain values and keeps Markup ones as they are.
    """

    def __init__(self, language: str) -> None:
        super().__init__(language)
        self._escaped: dict[str, Markup] = {}

    def gettext(self, message: str, **values: object) -> Markup:
        text = self._escaped.get(message)
        if text is None:
            text = self._escaped[message] = escape(self.catalog.get(message, message))
        if not values:
            return text
        # What Markup.format does for {name} fields, without its per-field
        # Formatter machinery (a passport asks for a few hundred texts).
        return Markup(str.format(text, **{name: escape(value) for name, value in values.items()}))


def _iso_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def json_for_script(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` are escaped as JSON unicode escapes so no user
    text can close the script element or open a comment.
    """
    return Markup(json_text(value, compact=True, sort_keys=True))


@pass_context
def _href(context: Any, site_path: str) -> str:
    """A link from the page being rendered to ``site_path``."""
    site_urls: Urls = context["site_urls"]
    if context.get("root_relative_links"):
        return site_urls.root_relative(site_path)
    return site_urls.relative(context["page_path"], site_path)


@pass_context
def _abs_url(context: Any, site_path: str) -> str:
    return context["site_urls"].absolute(site_path)


def _template_location(error: TemplateError) -> str:
    """The template file and line where rendering failed."""
    if isinstance(error, TemplateSyntaxError):
        return f"{error.filename or error.name}:{error.lineno}"
    where = "a template"
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".svg")):
            where = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return where


class Renderer:
    """Renders templates with the context every page shares."""

    def __init__(
        self, site_urls: Urls, shared: dict[str, Any], override: Path | None = None, language: str = "en"
    ) -> None:
        self.translator = Translator(language)
        self.env = make_environment(override, self.translator)
        # Highest priority first: the state's folder, then the built-in theme.
        self.folders = ([override] if override else []) + [theme_dir()]
        self.site_urls = site_urls
        self.shared = dict(shared)

    def render(self, template: str, page_path: str, **context: Any) -> bytes:
        """Render one page; ``page_path`` is its site path (``credentials/x/``)."""
        try:
            page = self.env.get_template(template)
            html = page.render(**self.shared, site_urls=self.site_urls, page_path=page_path, **context)
        except TemplateError as error:
            shown = page_path or "the home page"
            raise TemplateProblem(f"{_template_location(error)}: {error.message} (while rendering {shown})") from error
        return html.encode("utf-8")
