"""`icc-graph import places`: GeoNames links, coordinates and match notes written into data/.

Every city of data/places/cities.ttl is matched in the packaged GeoNames copy (see
:mod:`geonames`); every country of data/vocabularies/countries.ttl gets its GeoNames feature, a
centre and a bounding box. The facts go into the last section of each file, after
:data:`places.GENERATED_PLACES_MARK`, which each run rewrites whole; what a curator stated above
the generated lines is never changed. A curator decides a match by stating the city's
``owl:sameAs <https://sws.geonames.org/{id}/>`` above them: that link is kept, and only the
coordinates the curator did not state are added. The build reads the files and needs no GeoNames
package.

A matched city::

    city:oslo owl:sameAs <https://sws.geonames.org/3143244/> ;
        geo:lat "59.91273"^^xsd:decimal ; geo:long "10.74609"^^xsd:decimal ;
        geosparql:hasGeometry city:oslo-geometry .
    city:oslo-geometry a geosparql:Geometry ; geosparql:asWKT "POINT(10.74609 59.91273)"^^geosparql:wktLiteral .

A city that matched none or several places carries an ``icc:uncertainFact`` note
(``city:{slug}-uncertain-geonames``, an ``icc:NoMatch`` or ``icc:SeveralMatches``) naming the
candidates with ``rdfs:seeAlso`` and saying why in ``rdfs:comment``.
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..errors import ImportError_
from ..namespaces import GEO, GEOSPARQL, STANDARD_PREFIXES, bind_prefixes
from .geonames import (
    CANDIDATE_POPULATION,
    GEONAMES_SITE,
    MIN_POPULATION,
    NO_MATCH,
    CityMatch,
    Gazetteer,
    Located,
    Place,
    geonames_id,
    geonames_iri,
    packaged_gazetteer,
)
from .places import GENERATED_CITIES_MARK, GENERATED_PLACES_MARK, split_places_section
from .records import NS, PLACEHOLDER_BASE, parse_record_text, turtle_blocks, write_text

ICC = NS["icc"]
PREFIXES_NEEDED = ("geo", "geosparql")


def _with_prefixes(head: str) -> str:
    """*head* declaring the prefixes the places section uses (added after its last @prefix line)."""
    missing = [p for p in PREFIXES_NEEDED if not re.search(rf"@prefix {p}:", head)]
    if not missing:
        return head
    lines = head.split("\n")
    last = max((i for i, line in enumerate(lines) if line.startswith("@prefix")), default=-1)
    added = [f"@prefix {p}: <{STANDARD_PREFIXES[p]}> ." for p in missing]
    return "\n".join(lines[:last + 1] + added + lines[last + 1:])


def _parse(text: str, path: Path) -> Graph:
    try:
        return parse_record_text(text)
    except Exception as exc:  # rdflib raises assorted errors; the file is what matters to the user
        raise ImportError_(str(path), f"cannot be read ({exc})") from exc


def _slug(node: URIRef, kind: str) -> str:
    return str(node)[len(str(NS[kind])):]


def _names(g: Graph, node) -> list[str]:
    return sorted(str(o) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for o in g.objects(node, p)
                  if isinstance(o, Literal))


def _english(g: Graph, node) -> str:
    return next((str(o) for o in g.objects(node, RDFS.label) if getattr(o, "language", None) == "en"),
                _slug(node, "city"))


def _add_location(g: Graph, city: URIRef, place: Place, link: bool) -> None:
    if link:
        g.add((city, OWL.sameAs, URIRef(place.iri)))
    g.add((city, GEO.lat, Literal(place.latitude, datatype=XSD.decimal)))
    g.add((city, GEO.long, Literal(place.longitude, datatype=XSD.decimal)))
    geometry = URIRef(f"{city}-geometry")
    g.add((city, GEOSPARQL.hasGeometry, geometry))
    g.add((geometry, RDF.type, GEOSPARQL.Geometry))
    g.add((geometry, GEOSPARQL.asWKT, Literal(f"POINT({place.longitude} {place.latitude})",
                                              datatype=GEOSPARQL.wktLiteral)))


def _note_text(name: str, country: str, match: CityMatch) -> str:
    text = f"Looked up in GeoNames as {name}, {country}: "
    if match.reason == NO_MATCH:
        text += f"no place of {MIN_POPULATION:,} inhabitants or more of that name is this city."
    else:
        text += f"several places of {MIN_POPULATION:,} inhabitants or more have that name."
    if match.candidates:
        text += " Candidates: " + "; ".join(c.describe() for c in match.candidates) + "."
    else:
        text += f" No place of {CANDIDATE_POPULATION:,} inhabitants or more has it either."
    if match.unlinked_areas:
        text += " Administrative areas of that name: " + "; ".join(a.describe() for a in match.unlinked_areas) + "."
    return text + (" A curator who finds the place states the city's owl:sameAs its GeoNames IRI above the"
                   " generated lines of data/places/cities.ttl; the next `icc-graph import places` adds"
                   " its coordinates.")


def _add_note(g: Graph, city: URIRef, name: str, country: str, match: CityMatch) -> None:
    note = URIRef(f"{city}-uncertain-geonames")
    g.add((city, ICC.uncertainFact, note))
    g.add((note, RDF.type, ICC.UncertainFact))
    g.add((note, RDF.type, ICC.NoMatch if match.reason == NO_MATCH else ICC.SeveralMatches))
    g.add((note, RDF.predicate, OWL.sameAs))
    g.add((note, PROV.wasDerivedFrom, URIRef(GEONAMES_SITE)))
    for candidate in match.candidates:
        g.add((note, RDFS.seeAlso, URIRef(candidate.place.iri)))
    g.add((note, RDFS.comment, Literal(_note_text(name, country, match), lang="en")))


def _add_area_note(g: Graph, city: URIRef, name: str, country: str, match: CityMatch) -> None:
    """Why a city linked to an administrative area has no coordinates: the package gives none."""
    note = URIRef(f"{city}-uncertain-coordinates")
    g.add((city, ICC.uncertainFact, note))
    g.add((note, RDF.type, ICC.UncertainFact))
    g.add((note, RDF.predicate, GEO.lat))
    g.add((note, PROV.wasDerivedFrom, URIRef(GEONAMES_SITE)))
    for candidate in match.candidates:
        g.add((note, RDFS.seeAlso, URIRef(candidate.place.iri)))
    text = (f"Looked up in GeoNames as {name}, {country}: no populated place is this city; the administrative area "
            f"{match.area.describe()} is, and the city is linked to it. The packaged GeoNames copy gives no "
            "coordinates for administrative areas.")
    if match.candidates:
        text += " Other candidates: " + "; ".join(c.describe() for c in match.candidates) + "."
    text += (" A curator states the city's geo:lat and geo:long (WGS84) above the generated lines of"
             " data/places/cities.ttl.")
    g.add((note, RDFS.comment, Literal(text, lang="en")))


def _add_main_place_note(g: Graph, city: URIRef, name: str, country: str, match: CityMatch) -> None:
    """How a city linked to an administrative area got its point: the area's most populous place."""
    area, place = match.area, match.area.main_place
    note = URIRef(f"{city}-derived-coordinates")
    g.add((city, ICC.uncertainFact, note))
    g.add((note, RDF.type, ICC.DerivedFact))
    g.add((note, RDF.predicate, GEOSPARQL.hasGeometry))
    g.add((note, RDF.object, URIRef(f"{city}-geometry")))
    g.add((note, PROV.wasDerivedFrom, URIRef(place.iri)))
    text = (f"Looked up in GeoNames as {name}, {country}: no populated place is this city; the administrative area "
            f"{area.describe()} is, and the city is linked to it. The packaged GeoNames copy gives no coordinates "
            f"for administrative areas, so the city's point is that of the most populous place it puts in the area, "
            f"{place.describe()}: derived by `icc-graph import places`, not confirmed by a curator. A curator who "
            "knows better states the city's geo:lat and geo:long (WGS84) above the generated lines of "
            "data/places/cities.ttl.")
    g.add((note, RDFS.comment, Literal(text, lang="en")))


def _section_text(path: Path, existing: str, g: Graph) -> str:
    before = split_places_section(existing)[0].rstrip("\n")
    text = f"{_with_prefixes(before)}\n\n{GENERATED_PLACES_MARK}\n\n{turtle_blocks(g)}"
    if PLACEHOLDER_BASE in text:
        raise ImportError_(str(path), "a place fact has an IRI outside the project prefixes")
    _parse(text, path)  # refuse to write a file that does not parse
    return text


def country_codes(data_dir: Path) -> dict[str, str]:
    """Country slug -> ISO 3166-1 alpha-2, from data/vocabularies/countries.ttl."""
    path = data_dir / "vocabularies" / "countries.ttl"
    if not path.is_file():
        raise ImportError_(str(path), "no country vocabulary: is --data-dir the project's data/ directory?")
    countries = _parse(split_places_section(path.read_text(encoding="utf-8"))[0], path)
    return {_slug(c, "country"): str(countries.value(c, ICC.isoAlpha2))
            for c in countries.subjects(RDF.type, ICC.Country) if countries.value(c, ICC.isoAlpha2) is not None}


def locate(data_dir: Path, gazetteer: Gazetteer) -> tuple[Located, dict[Path, str]]:
    """Match every city and country; (the outcome, the new text of each file). Nothing is written."""
    located = Located()
    codes = country_codes(data_dir)
    country_names: dict[str, str] = {}
    texts: dict[Path, str] = {}

    countries_path = data_dir / "vocabularies" / "countries.ttl"
    countries_text = countries_path.read_text(encoding="utf-8")
    curated_countries = _parse(split_places_section(countries_text)[0], countries_path)
    facts = bind_prefixes(Graph(), PLACEHOLDER_BASE)
    for country in sorted(curated_countries.subjects(RDF.type, ICC.Country)):
        slug = _slug(country, "country")
        english = [str(o) for o in curated_countries.objects(country, SKOS.prefLabel) if o.language == "en"]
        country_names[slug] = f"{english[0] if english else slug} ({codes.get(slug)})"
        place = gazetteer.countries.get(codes.get(slug, ""))
        if place is None:
            continue
        located.countries[slug] = place
        stated = {geonames_id(str(o)) for o in curated_countries.objects(country, SKOS.exactMatch)} - {None}
        if not stated:
            facts.add((country, SKOS.exactMatch, URIRef(geonames_iri(place.geonameid))))
        if curated_countries.value(country, DCAT.centroid) is None:
            facts.add((country, DCAT.centroid, Literal(place.centroid_wkt(), datatype=GEOSPARQL.wktLiteral)))
        if curated_countries.value(country, DCAT.bbox) is None:
            facts.add((country, DCAT.bbox, Literal(place.bbox_wkt(), datatype=GEOSPARQL.wktLiteral)))
    texts[countries_path] = _section_text(countries_path, countries_text, facts)

    cities_path = data_dir / "places" / "cities.ttl"
    if not cities_path.is_file():
        raise ImportError_(str(cities_path), "no cities: is --data-dir the project's data/ directory?")
    cities_text = cities_path.read_text(encoding="utf-8")
    before = split_places_section(cities_text)[0]
    cities = _parse(before, cities_path)
    curated = _parse(before.split(GENERATED_CITIES_MARK, 1)[0], cities_path)
    facts = bind_prefixes(Graph(), PLACEHOLDER_BASE)
    for city in sorted(cities.subjects(RDF.type, ICC.City)):
        slug = _slug(city, "city")
        country = cities.value(city, ICC.country)
        country_slug = _slug(country, "country") if country is not None else ""
        linked = sorted({geonames_id(str(o)) for o in curated.objects(city, OWL.sameAs)} - {None})
        if linked:  # a curator's decision: keep it, add what they did not state
            located.curated.append(slug)
            place = gazetteer.place(linked[0])
            if place is not None and curated.value(city, GEO.lat) is None:
                _add_location(facts, city, place, link=False)
            continue
        match = gazetteer.match(_names(cities, city) + [slug.replace("-", " ")], codes.get(country_slug, ""))
        if match.place is not None:
            located.linked[slug] = match.place
            _add_location(facts, city, match.place, link=True)
        elif match.area is not None:
            located.areas[slug] = match.area
            facts.add((city, OWL.sameAs, URIRef(match.area.iri)))
            if curated.value(city, GEO.lat) is None:
                name, country_name = _english(cities, city), country_names.get(country_slug, country_slug)
                if match.area.main_place is not None:
                    _add_location(facts, city, match.area.main_place, link=False)
                    _add_main_place_note(facts, city, name, country_name, match)
                else:
                    _add_area_note(facts, city, name, country_name, match)
        else:
            located.flagged[slug] = match
            _add_note(facts, city, _english(cities, city), country_names.get(country_slug, country_slug), match)
    texts[cities_path] = _section_text(cities_path, cities_text, facts)
    return located, texts


def import_places(data_dir: Path, gazetteer: Gazetteer | None = None) -> tuple[Located, list[Path]]:
    """Locate every place and write the files that changed: (the outcome, the files written)."""
    gazetteer = gazetteer or packaged_gazetteer(country_codes(data_dir).values())
    located, texts = locate(data_dir, gazetteer)
    return located, [path for path, text in sorted(texts.items()) if write_text(path, text)]
