"""`import catalogue`: rows -> records; merging, idempotence, unknowns, provenance, bad input."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, XSD

from icc_graph.importers.records import NS, parse_record_text

from .conftest import SITE, row, run_import, snapshot, write_table

ICC, P = NS["icc"], NS["practice"]


def record(data_dir: Path, slug: str):
    return parse_record_text((data_dir / "practices" / f"{slug}.ttl").read_text(encoding="utf-8"))


def test_rows_become_records_with_their_facts(tmp_path, data_dir):
    table = write_table(tmp_path / "t.tsv",
                        row("a-city-plan", "A city plan", city="Castellón", country="Espagne", period="Since 2017 - Ongoing",
                            topics="Education"),
                        row("", "", "Musée interculturel", city="Oslo", country="Norway", period="juin 2017",
                            source=f"{SITE.replace('/en/', '/fr/')}/good-practice?delta=5"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    g = record(data_dir, "a-city-plan")
    p = P["a-city-plan"]
    assert (p, RDF.type, ICC.Practice) in g
    assert (p, DCTERMS.identifier, Literal("a-city-plan")) in g
    assert (p, DCTERMS.title, Literal("A city plan", lang="en")) in g
    assert (p, ICC.city, NS["city"]["castello-de-la-plana"]) in g
    assert (p, ICC.country, NS["country"]["spain"]) in g
    assert (p, DCTERMS.subject, NS["topic"]["education"]) in g
    assert (p, ICC.curationStatus, None) not in g
    assert (p, ICC.year, Literal("2017", datatype=XSD.gYear)) in g
    period = P["a-city-plan-period"]
    assert (p, DCTERMS.temporal, period) in g
    assert (period, ICC.printedPeriod, Literal("Since 2017 - Ongoing")) in g
    assert (period, DCAT.startDate, Literal("2017", datatype=XSD.gYear)) in g
    assert (period, ICC.ongoing, Literal(True)) in g
    assert (p, DCTERMS.source, URIRef(f"{SITE}/-/a-city-plan")) in g
    # a French-only title keeps its language; no English title is invented
    g = record(data_dir, "musee-interculturel")
    titles = set(g.objects(P["musee-interculturel"], DCTERMS.title))
    assert titles == {Literal("Musée interculturel", lang="fr")}
    assert (P["musee-interculturel"], ICC.curationStatus, ICC.AwaitingCuration) in g
    assert (P["musee-interculturel-period"], DCAT.startDate, Literal("2017-06", datatype=XSD.gYearMonth)) in g
    cities = (data_dir / "places" / "cities.ttl").read_text(encoding="utf-8")
    assert "city:castello-de-la-plana a icc:City" in cities and "city:oslo a icc:City" in cities


def test_titles_in_several_languages_are_tagged(tmp_path, data_dir):
    others = "Trouver où et comment agir à Oslo | Dostizanje tačke sa koje treba preduzeti akciju u Oslu | " \
             "Arritja në një pikë nga e cila do të ndërmerrte veprime në Oslo"
    table = write_table(tmp_path / "t.tsv", row("reaching", "Reaching a point", others, "Oslo", "Norway"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    langs = {t.language for t in record(data_dir, "reaching").objects(P["reaching"], DCTERMS.title)}
    assert langs == {"en", "fr", "sr", "sq"}


def test_missing_fields_are_marked_unknown_not_invented(tmp_path, data_dir):
    table = write_table(tmp_path / "t.tsv",
                        row("national", "A national strategy", country="Ireland", period="Depuis 2020"),
                        row("", "Nowhere known"),
                        row("text-only", "Text only", city="Oslo", country="Norway", period="One day project"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    unknown = lambda slug: set(record(data_dir, slug).objects(P[slug], ICC.unknownField))  # noqa: E731
    assert unknown("national") == {ICC.city}
    assert unknown("nowhere-known") == {ICC.city, ICC.country, ICC.year}
    assert (P["nowhere-known"], ICC.country, None) not in record(data_dir, "nowhere-known")
    assert unknown("text-only") == {ICC.year}
    g = record(data_dir, "text-only")
    assert (P["text-only-period"], ICC.normalised, Literal(False)) in g
    assert (P["text-only-period"], DCAT.startDate, None) not in g


def test_a_period_keeps_every_part_it_states(tmp_path, data_dir):
    """"2019-2023 (ongoing)": start, end and ongoing all in the record; normalised only when nothing was
    dropped ("every month" is)."""
    table = write_table(tmp_path / "t.tsv",
                        row("still", "Still running", city="Oslo", country="Norway", period="2019-2023 (ongoing)"),
                        row("monthly", "Every month", city="Oslo", country="Norway",
                            period="Every month since the beginning of 2016"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    period = P["still-period"]
    assert set(record(data_dir, "still").predicate_objects(period)) >= {
        (DCAT.startDate, Literal("2019", datatype=XSD.gYear)), (DCAT.endDate, Literal("2023", datatype=XSD.gYear)),
        (ICC.ongoing, Literal(True)), (ICC.normalised, Literal(True))}
    period = P["monthly-period"]
    assert set(record(data_dir, "monthly").predicate_objects(period)) >= {
        (DCAT.startDate, Literal("2016", datatype=XSD.gYear)), (ICC.ongoing, Literal(True)),
        (ICC.normalised, Literal(False))}


def test_uncertain_facts_carry_their_provenance(tmp_path, data_dir):
    slug = "the-welcoming-communities-initiative"  # a title rebuilt from the URL slug
    listing = f"{SITE}/good-practice?delta=3"
    table = write_table(tmp_path / "t.tsv",
                        row(slug, "The Welcoming Communities initiative", city="Auckland", country="New Zealand"),
                        row("seen-in-a-listing", "Seen in a listing", city="Auckland", country="New Zealand",
                            seen_on=f"{listing} ; {SITE}/-/seen-in-a-listing"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    g = record(data_dir, slug)
    facts = {g.value(node, RDF.predicate): node for node in g.objects(P[slug], ICC.uncertainFact)}
    assert set(facts) == {DCTERMS.title, ICC.country}  # country inferred: only a practice page was seen
    assert facts[DCTERMS.title] == P[f"{slug}-uncertain-title"]
    assert (facts[DCTERMS.title], RDF.type, ICC.UncertainFact) in g
    assert (facts[DCTERMS.title], PROV.wasDerivedFrom, URIRef(f"{SITE}/-/{slug}")) in g
    assert g.value(facts[DCTERMS.title], RDFS.comment).language == "en"
    # the country was printed on a listing page: a plain fact
    assert (P["seen-in-a-listing"], ICC.uncertainFact, None) not in record(data_dir, "seen-in-a-listing")
    pages = set(record(data_dir, "seen-in-a-listing").objects(P["seen-in-a-listing"], PROV.wasDerivedFrom))
    assert pages == {URIRef(listing), URIRef(f"{SITE}/-/seen-in-a-listing")}


def test_same_practice_rows_merge(tmp_path, data_dir, capsys):
    table = write_table(tmp_path / "t.tsv",
                        row("council", "The Intercultural Council", city="Montreal", country="Canada", period="permanent"),
                        row("the-intercultural-council", "The intercultural council", city="Montréal", country="Canada",
                            source=f"{SITE.replace('/en/', '/it/')}/-/the-intercultural-council"),
                        row("council", "The Intercultural Council", city="Montreal", country="Canada"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    assert sorted(p.name for p in (data_dir / "practices").iterdir()) == ["council.ttl"]
    g = record(data_dir, "council")
    assert len(set(g.objects(P["council"], PROV.wasDerivedFrom))) == 2
    assert (P["council-period"], ICC.permanent, Literal(True)) in g
    assert "lines 2, 3, 4 are one practice" in capsys.readouterr().out


def test_second_run_changes_nothing(tmp_path, data_dir, capsys):
    table = write_table(tmp_path / "t.tsv",
                        row("one", "One", city="Lutsk", country="Ukraine", period="2018"),
                        row("", "Two", city="Ravenna", country="Italy", period="2017-2018"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    before = snapshot(data_dir)
    capsys.readouterr()
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    assert snapshot(data_dir) == before
    assert "0 written, 2 unchanged" in capsys.readouterr().out


def test_curated_record_is_kept_and_conflicts_reported(tmp_path, data_dir, capsys):
    curated = data_dir / "practices" / "seed.ttl"
    curated.write_text("""@prefix icc: <ontology#> . @prefix practice: <id/practice/> .
@prefix city: <id/city/> . @prefix country: <id/country/> . @prefix topic: <id/topic/> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
practice:seed-practice a icc:Practice ; dcterms:identifier "seed-practice" ;
    dcterms:title "Democratic citizenship in Ansan"@en ; icc:city city:ansan ; icc:country country:south-korea ;
    icc:year "2020"^^xsd:gYear ; icc:curationStatus icc:Curated ; dcterms:subject topic:political-and-public-participation .
""", encoding="utf-8")
    before = curated.read_bytes()
    table = write_table(tmp_path / "t.tsv",
                        row("democratic-citizenship-in-ansan", "Democratic citizenship in Ansan", city="Ansan",
                            country="South Korea", period="2019", topics="Education"))
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    assert curated.read_bytes() == before
    assert sorted(p.name for p in (data_dir / "practices").iterdir()) == ["seed.ttl"]
    out = capsys.readouterr().out
    assert "kept curated" in out and "t.tsv line 2" in out
    assert "icc:year: import says 2019, curated record says 2020" in out
    assert "education" in out


@pytest.mark.parametrize("content,line,message", [
    ("slug\ttitle_en\n", 1, "missing column(s): title_other"),
    (row("x", "X", city="Oslo", country="Atlantis"), 2, "unknown country 'Atlantis'"),
    (row("x", "X", city="Oslo", country="Norway", period="2020-2018"), 2, "impossible period '2020-2018'"),
    (row("x", "X", city="Oslo", country="Norway", topics="Gardening"), 2, "unknown topic 'Gardening'"),
    (row("x", "X", city="Oslo", country="Norway", period="2015") + row("x", "X", city="Oslo", country="Norway",
                                                                      period="2016"), 3, "period differs"),
    (row("x", "X", city="Oslo", country="Norway") + row("x", "Y", city="Oslo", country="Norway"), 3, "title@en differs"),
    (row("x", "", city="Oslo", country="Norway"), 2, "no title"),
    (row("x", "X", city="Oslo") + row("y", "Y", city="Oslo", country="Norway"), 2, "has no country"),
])
def test_bad_input_is_reported_with_file_and_line_and_nothing_written(tmp_path, data_dir, capsys, content, line,
                                                                       message):
    from .conftest import HEADER
    table = tmp_path / "bad.tsv"
    table.write_text(content if content.startswith("slug") else HEADER + content, encoding="utf-8")
    before = snapshot(data_dir)
    assert run_import("catalogue", str(table), data_dir=data_dir) == 1
    err = capsys.readouterr().err
    assert message in err and "nothing was written" in err
    assert f"{table}:{line}:" in err
    assert snapshot(data_dir) == before


def test_unreadable_file_and_usage_errors(tmp_path, data_dir, capsys):
    assert run_import("catalogue", str(tmp_path / "missing.tsv"), data_dir=data_dir) == 1
    assert "missing.tsv" in capsys.readouterr().err
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"\xff\xfe\x00slug")
    assert run_import("catalogue", str(binary), data_dir=data_dir) == 1
    assert run_import("nonsense", "x", data_dir=data_dir) == 2
    assert run_import("catalogue", "x.tsv", data_dir=tmp_path / "no-data") == 1
