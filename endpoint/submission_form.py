"""The submission form's two sides: the choices it offers (from the release in service: topics,
countries, years, cities and the kinds of bodies) and the :class:`Submission` read back from what
was sent. Nothing here judges the values: the shapes do (``icc_graph.submissions.draft``)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from icc_graph.caching import ReleaseCache
from icc_graph.iris import parse_thing
from icc_graph.submissions.draft import Submission, SubmittedBody

from .facets import labels, select
from .messages import LANGUAGES

MAX_BODIES = 10            # body fieldsets a form may hold ("add a body" stops there)
MAX_FIELD = 20_000         # characters kept of one field (the body size limit bounds them all first)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
BODY_FIELD_RE = re.compile(r"^body-(\d+)-")

QUERIES = {  # choice list -> the query of its IRIs
    "topics": "SELECT ?c WHERE { ?c skos:inScheme scheme:topics }",
    "countries": "SELECT ?c WHERE { ?c skos:inScheme scheme:countries }",
    "years": "SELECT ?c WHERE { ?c skos:inScheme scheme:years }",
    "cities": "SELECT ?c WHERE { ?c a icc:City }",
    "kinds": "SELECT ?c WHERE { ?c rdfs:subClassOf* icc:Body }",
}
_cache = ReleaseCache(len(LANGUAGES))  # one set of choices per language, for the release in service


@dataclass(frozen=True)
class Choice:
    value: str   # what the form sends: a slug, a year, or a class's local name
    label: str


def choices(store, base: str, lang: str) -> dict[str, list[Choice]]:
    """The form's lists, each sorted as a reader looks for a value (years in order, others by label)."""
    found = _cache.get(store.release_id(), lang)
    if found is None:
        found = {}
        for name, query in QUERIES.items():
            iris = [row["c"] for row in select(store, base, query)]
            named = labels(store, base, iris, lang)
            listed = [Choice(_value(base, str(iri)), named[str(iri)].text if str(iri) in named else _value(base, str(iri)))
                      for iri in iris]
            key = (lambda c: c.value) if name == "years" else (lambda c: c.label.casefold())
            found[name] = sorted(listed, key=key)
        _cache.put(store.release_id(), lang, found)
    return found


def _value(base: str, iri: str) -> str:
    ref = parse_thing(base, iri)
    return ref.slug if ref else iri.rpartition("#")[2]


def read_form(form, offered: dict[str, list[Choice]], lang: str) -> Submission:
    """The submission in *form* (a request's form), trimmed; a city typed as its label becomes its slug."""
    text = lambda name: _clean(form.get(name, ""))  # noqa: E731 - one line per field below
    cities = {c.label.casefold(): c.value for c in offered.get("cities", [])}
    city = text("city")
    written = form.get("lang", lang)
    return Submission(
        title=text("title"), lang=written if written in LANGUAGES else lang,
        city=cities.get(city.casefold(), city), country=text("country"), start=text("start"), end=text("end"),
        topics=tuple(_clean(v) for v in form.getlist("topics")), summary=_clean(form.get("summary", ""), lines=True),
        source=text("source"), sent_by=text("sent_by"), contact=text("contact"), bodies=_bodies(form))


def _bodies(form) -> tuple[SubmittedBody, ...]:
    numbers = sorted({int(m.group(1)) for m in map(BODY_FIELD_RE.match, form.keys()) if m})
    count = min(max(numbers, default=0), MAX_BODIES)
    return tuple(SubmittedBody(name=_clean(form.get(f"body-{n}-name", "")),
                               kind=_clean(form.get(f"body-{n}-kind", "")) or "Body",
                               members=_clean(form.get(f"body-{n}-members", "")),
                               women=_clean(form.get(f"body-{n}-women", "")),
                               nationalities=tuple(_clean(v) for v in form.getlist(f"body-{n}-nationalities")))
                 for n in range(1, count + 1))


def _clean(value: str, lines: bool = False) -> str:
    """*value* without control characters; one line unless *lines* (a summary keeps its paragraphs)."""
    value = CONTROL_RE.sub(" ", value[:MAX_FIELD].replace("\r\n", "\n"))
    return value.strip() if lines else " ".join(value.split())
