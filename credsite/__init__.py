"""credsite: a static-site generator for educator micro-credentials.

Data flows one way through one module per stage:
reader (YAML with positions) -> schema (typing + JSON Schema) -> crossref
(cross-reference rules) -> model (immutable dataclasses) -> privacy
(redaction) -> progress (expiry, stacks, pathways) -> render (Jinja) ->
writer (staged, then swapped into place). ``urls`` owns the URL layout.
"""

__version__ = "0.1.0"
