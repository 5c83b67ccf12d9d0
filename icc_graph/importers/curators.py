"""The curators named as the authors of decisions (data/agents/curators.ttl).

A curator is a person (``prov:Person``, ``foaf:Person``) with the name the worklist gave
(``foaf:name``, repeated as ``rdfs:label`` so pages name them), IRI ``curator:{slug}``. The file
is the editors' as much as the worklist's: a new curator is appended to it, nothing in it is
rewritten.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Literal
from rdflib.namespace import FOAF, PROV, RDF

from ..iris import slugify
from .places import fold
from .records import NS, header, parse_record_text

CURATORS_FILE = Path("agents") / "curators.ttl"
INTRO = ("# The curators named as the authors of decisions on records (icc:ConfirmedFact, icc:RejectedFact).\n"
         "# `icc-graph worklist import` appends the curators it does not know yet; edit the others freely.\n")


def curator_slug(name: str) -> str:
    """``Ana López`` -> ``ana-lopez``."""
    return slugify(fold(name))


def known_curators(text: str) -> dict[str, str]:
    """Slug -> name of the curators *text* (the file) describes."""
    if not text:
        return {}
    g = parse_record_text(text)
    prefix = str(NS["curator"])
    return {str(person)[len(prefix):]: str(g.value(person, FOAF.name) or "")
            for person in g.subjects(RDF.type, PROV.Person) if str(person).startswith(prefix)}


def _block(slug: str, name: str) -> str:
    literal = Literal(name).n3()
    return f"curator:{slug} a prov:Person , foaf:Person ;\n    foaf:name {literal} ;\n    rdfs:label {literal} .\n"


def curators_text(existing: str, new: dict[str, str]) -> str:
    """The curators file with the curators of *new* (slug -> name) it lacks appended, sorted by slug."""
    known = known_curators(existing)
    missing = {slug: name for slug, name in new.items() if slug not in known}
    if not missing:
        return existing
    start = existing.rstrip("\n") + "\n" if existing else INTRO + "\n" + header(("curator",))
    text = start + "".join("\n" + _block(slug, missing[slug]) for slug in sorted(missing))
    parse_record_text(text)  # refuse to write a file that does not parse
    return text
