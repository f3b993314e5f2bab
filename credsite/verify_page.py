"""The "How to verify" page (``urls.VERIFY``): what makes a credential on this
site trustworthy and how to check one, for a signed build or an unsigned one.

Every passport's trust line links here, so the passport itself carries no
per-badge "signed" or "unsigned" words.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from . import urls as url_layout
from .render import Renderer
from .site import Site

VERIFIER_PLUS = "https://verifierplus.org/"


def _link(url: str, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(url, text)


def verify_page(site: Site, renderer: Renderer) -> tuple[str, bytes]:
    translate = renderer.translator
    catalog = site.state.catalog
    did = did_document = None
    if site.signed:
        from .signing import did_web  # only signed builds publish a DID

        did = did_web(site.urls.base_url)
        did_document = url_layout.did_document(site.urls.base_url)
    page = url_layout.VERIFY
    return url_layout.output_file(page), renderer.render(
        "verify.html",
        page,
        signed=site.signed,
        did=Markup("<code>{}</code>").format(did) if did else None,
        did_link=_link(renderer.site_urls.relative(page, did_document), translate.gettext("DID document")) if did_document else "",
        verifier_link=_link(VERIFIER_PLUS, "VerifierPlus"),
        contact_link=_link(f"mailto:{catalog.contact}", escape(catalog.contact)) if catalog.contact else "",
        issuers=list(site.state.issuers.values()),
    )
