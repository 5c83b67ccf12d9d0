"""Match printed city, country and topic names to the project's vocabularies.

Names match whatever their case, accents, punctuation or language (every English and French
label in the vocabulary counts), plus a few spellings the ICC site itself uses. A city that is
not yet known is minted in its country and appended to data/places/cities.ttl.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..iris import slugify
from .records import HEADER, NS, PLACEHOLDER_BASE, parse_record_text

ICC = NS["icc"]
WIKIDATA = "http://www.wikidata.org/entity/"

# Spellings seen on the ICC site for names the vocabularies spell otherwise (keys are match keys).
NAME_VARIANTS = {
    "bottkyrka": "botkyrka",
    "castellon": "castello de la plana",
    "castellon de la plana": "castello de la plana",
    "neukolln": "berlin neukolln",
    "san sebastian": "donostia san sebastian",
    "donostia": "donostia san sebastian",
    "lewisham": "london lewisham",
    "tower hamlets": "london tower hamlets",
    "uk": "united kingdom",
    "great britain": "united kingdom",
    "republic of korea": "south korea",
    "korea": "south korea",
}

# What the importer knows about cities it may have to create: (English, French) names where the
# site's spelling drops accents or French differs, and Wikidata items only where certain.
CITY_NAMES = {
    "krakow": ("Kraków", "Cracovie"),
    "wroclaw": ("Wrocław", "Wrocław"),
    "geneva": ("Geneva", "Genève"),
    "lisbon": ("Lisbon", "Lisbonne"),
    "montreal": ("Montreal", "Montréal"),
    "barcelona": ("Barcelona", "Barcelone"),
    "hamburg": ("Hamburg", "Hambourg"),
    "ravenna": ("Ravenna", "Ravenne"),
    "lublin": ("Lublin", "Lublin"),
    "setubal": ("Setúbal", "Setúbal"),
    "portimao": ("Portimão", "Portimão"),
}
CITY_WIKIDATA = {
    "montreal": "Q340", "toronto": "Q172", "oslo": "Q585", "barcelona": "Q1492", "lisbon": "Q597",
    "geneva": "Q71", "zurich": "Q72", "turin": "Q495", "hamburg": "Q1055", "lyon": "Q456",
    "strasbourg": "Q6602", "dublin": "Q1761",
}

GENERATED_CITIES_MARK = "# ---- Cities added by `icc-graph import` (rewritten by each import; curate above this line) ----"
# The last section of data/places/cities.ttl and data/vocabularies/countries.ttl: GeoNames links,
# coordinates and match notes (icc_graph/importers/placefacts.py). A catalogue import keeps it.
GENERATED_PLACES_MARK = ("# ---- GeoNames links, coordinates and match notes added by `icc-graph import places` "
                         "(rewritten by each places import; curate above the first generated line) ----")


def split_places_section(text: str) -> tuple[str, str | None]:
    """(the text before the places section, the section after its mark, or None when there is none)."""
    if GENERATED_PLACES_MARK not in text:
        return text, None
    before, after = text.split(GENERATED_PLACES_MARK, 1)
    return before, after


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                               "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"})


def fold(text: str) -> str:
    """*text* with the letters NFKD leaves alone spelled out, so "Wrocław" slugs to "wroclaw"."""
    return text.translate(_UNDECOMPOSED)


def match_key(name: str) -> str:
    """Case, accents, punctuation and spacing removed: "Castelló de la Plana" -> "castello de la plana"."""
    text = unicodedata.normalize("NFKD", fold(name)).encode("ascii", "ignore").decode("ascii").lower()
    key = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return NAME_VARIANTS.get(key, key)


@dataclass(frozen=True)
class NewCity:
    slug: str
    label_en: str
    label_fr: str
    country: str  # country slug
    wikidata: str | None = None


@dataclass
class Vocabularies:
    """The names the importer matches against, read from data/."""

    countries: dict[str, str] = field(default_factory=dict)      # match key -> country slug
    cities: dict[str, str] = field(default_factory=dict)         # match key -> city slug
    city_country: dict[str, str] = field(default_factory=dict)   # city slug -> country slug
    topics: dict[str, str] = field(default_factory=dict)         # match key -> topic slug
    new_cities: dict[str, NewCity] = field(default_factory=dict)  # slug -> city this import creates

    def country(self, name: str) -> str | None:
        return self.countries.get(match_key(name))

    def topic(self, name: str) -> str | None:
        return self.topics.get(match_key(name))

    def city(self, name: str, country: str) -> tuple[str | None, str | None]:
        """(city slug, problem): the known or newly minted city called *name* in *country*."""
        slug = self.cities.get(match_key(name))
        if slug is not None:
            known = self.city_country.get(slug)
            if known and known != country:
                return None, f"city {name!r} is known in country:{known}, the row says country:{country}"
            return slug, None
        slug = slugify(match_key(name))
        if not slug:
            return None, f"city name {name!r} has no letters or digits"
        en, fr = CITY_NAMES.get(slug, (name, name))
        wikidata = CITY_WIKIDATA.get(slug)
        self.new_cities[slug] = NewCity(slug, en, fr, country, f"{WIKIDATA}{wikidata}" if wikidata else None)
        self.cities[match_key(name)] = slug
        self.city_country[slug] = country
        return slug, None


def _slug_of(iri: URIRef, kind: str) -> str | None:
    prefix = str(NS[kind])
    return str(iri)[len(prefix):] if str(iri).startswith(prefix) else None


def _labels(g: Graph, node) -> list[str]:
    return [str(o) for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label) for o in g.objects(node, p)
            if isinstance(o, Literal)]


def _parse(path: Path) -> Graph:
    return parse_record_text(path.read_text(encoding="utf-8")) if path.exists() else Graph()


def load_vocabularies(data_dir: Path) -> Vocabularies:
    vocab = Vocabularies()
    countries = _parse(data_dir / "vocabularies" / "countries.ttl")
    for node in countries.subjects(RDF.type, ICC.Country):
        slug = _slug_of(node, "country")
        if slug:
            for label in _labels(countries, node) + [slug]:
                vocab.countries.setdefault(match_key(label), slug)
    topics = _parse(data_dir / "vocabularies" / "topics.ttl")
    for node in topics.subjects(SKOS.inScheme, NS["scheme"].topics):
        slug = _slug_of(node, "topic")
        if slug:
            for label in _labels(topics, node):
                vocab.topics.setdefault(match_key(label), slug)
    cities = _parse(data_dir / "places" / "cities.ttl")
    for node in cities.subjects(RDF.type, ICC.City):
        slug = _slug_of(node, "city")
        country = next(iter(cities.objects(node, ICC.country)), None)
        if slug:
            vocab.city_country[slug] = _slug_of(country, "country") if country is not None else None
            for label in _labels(cities, node) + [slug]:
                vocab.cities.setdefault(match_key(label), slug)
    return vocab


def _city_block(city: NewCity) -> str:
    labels = f'{Literal(city.label_en, lang="en").n3()} , {Literal(city.label_fr, lang="fr").n3()}'
    lines = [f"city:{city.slug} a icc:City", f"    rdfs:label {labels}", f"    icc:country country:{city.country}"]
    if city.wikidata:
        lines.append(f"    owl:sameAs <{city.wikidata}>")
    return " ;\n".join(lines) + " .\n"


def generated_cities(text: str) -> list[NewCity]:
    """The cities an earlier import added (the section after the mark), to keep them."""
    text = split_places_section(text)[0]
    if GENERATED_CITIES_MARK not in text:
        return []
    section = text.split(GENERATED_CITIES_MARK, 1)[1]
    g = parse_record_text(HEADER + section)
    cities = []
    for node in g.subjects(RDF.type, ICC.City):
        labels = {o.language: str(o) for o in g.objects(node, RDFS.label)}
        country = _slug_of(next(g.objects(node, ICC.country)), "country")
        same = next(iter(g.objects(node, OWL.sameAs)), None)
        slug = _slug_of(node, "city")
        cities.append(NewCity(slug, labels.get("en", slug), labels.get("fr", labels.get("en", slug)),
                              country, str(same) if same is not None else None))
    return cities


def cities_text(existing: str, new: dict[str, NewCity]) -> str:
    """cities.ttl with the import's section holding every city imports added, sorted by slug (and the
    places section, if any, kept as it is)."""
    before, places = split_places_section(existing)
    head = before.split(GENERATED_CITIES_MARK, 1)[0].rstrip("\n") if existing else HEADER.rstrip("\n")
    keep = {c.slug: c for c in generated_cities(existing)}
    keep.update(new)
    if not keep:
        return existing
    blocks = "\n".join(_city_block(keep[slug]) for slug in sorted(keep))
    text = f"{head}\n\n{GENERATED_CITIES_MARK}\n\n{blocks}"
    if places is not None:
        text += f"\n{GENERATED_PLACES_MARK}{places}"
    if PLACEHOLDER_BASE in text:
        raise ValueError("cities.ttl would hold an absolute placeholder IRI")
    parse_record_text(text)  # refuse to write a file that does not parse
    return text
