"""Where things are in a source folder: the one owner of its layout, as ``urls.py`` owns the output's.

    catalog/catalog.yaml              the catalog (and the logo it names, under catalog/)
    catalog/issuers/<id>.yaml         one file per issuer (their images under catalog/)
    catalog/credentials/<id>.yaml     one file per credential (badge images under catalog/credentials/)
    catalog/stacks/<id>.yaml          one file per stack
    catalog/pathways/<id>.yaml        one file per renewal pathway
    portfolios/<id>.yaml              one educator's portfolio
    portfolios/<id>/...               that educator's photo and evidence files

Paths are relative to the source folder, with ``/`` separators. Nothing
else names these folders: discovery (``source.py``), ``credsite new``,
``credsite serve``'s watcher, the build record and the git dates all ask here.
"""

from __future__ import annotations

CATALOG = "catalog"
PORTFOLIOS = "portfolios"
SOURCE_FOLDERS = (CATALOG, PORTFOLIOS)  # everything a build reads is below these
CATALOG_FILE = f"{CATALOG}/catalog.yaml"
# kind -> the folder holding one <id>.yaml file per item
FOLDERS = {
    "issuer": f"{CATALOG}/issuers",
    "credential": f"{CATALOG}/credentials",
    "stack": f"{CATALOG}/stacks",
    "pathway": f"{CATALOG}/pathways",
    "portfolio": PORTFOLIOS,
}
# The folders file paths in the YAML are relative to: the catalog's logo and
# issuers' images, credentials' images, and a portfolio's files.
CATALOG_FILES = CATALOG
CREDENTIAL_FILES = FOLDERS["credential"]


def item_file(kind: str, item_id: str) -> str:
    """The YAML file of one issuer, credential, stack, pathway or portfolio."""
    return f"{FOLDERS[kind]}/{item_id}.yaml"


def portfolio_folder(portfolio_id: str) -> str:
    """The folder of one educator's own files (photo, evidence)."""
    return f"{PORTFOLIOS}/{portfolio_id}"


def portfolio_of(path: str) -> str | None:
    """The portfolio a source file belongs to (its YAML or a file in its folder), if any."""
    if not path.startswith(PORTFOLIOS + "/"):
        return None
    folder, slash, _ = path[len(PORTFOLIOS) + 1 :].partition("/")
    return folder if slash else folder.removesuffix(".yaml")


def item_of(kind: str, path: str) -> str | None:
    """The id of the item whose YAML file ``path`` is, if it is one of ``kind``."""
    folder = FOLDERS[kind] + "/"
    name = path[len(folder) :]
    if path.startswith(folder) and name.endswith(".yaml") and "/" not in name:
        return name.removesuffix(".yaml")
    return None
