"""Synthetic ICC-like data: N practices in the project's own model, deterministic from a seed.

Writes a complete source tree (``data/`` with the real vocabularies, generated cities and
practices) that ``icc-graph build --data DIR`` validates and publishes, and optionally one
N-Triples file for ``icc-graph serve --data FILE`` and the peers. About 33 triples a practice.

    python benchmarks/generate.py --practices 10000 --out /tmp/icc-10k [--ntriples /tmp/icc-10k.nt]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from icc_graph.build.serialise import sorted_ntriples  # noqa: E402
from icc_graph.build.sources import read_sources, source_files  # noqa: E402

HEADER = """@prefix icc: <ontology#> .
@prefix practice: <id/practice/> .
@prefix city: <id/city/> .
@prefix country: <id/country/> .
@prefix topic: <id/topic/> .
@prefix body: <id/body/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
"""
WORDS = ("intercultural", "welcome", "dialogue", "neighbourhood", "youth", "school", "festival", "council",
         "network", "language", "mentoring", "housing", "health", "sport", "museum", "library", "women",
         "refugee", "migrant", "citizens", "forum", "map", "campaign", "training", "partnership")
PER_FILE = 500  # practices per generated file: few files, each small enough to read


def vocabulary_slugs(repo_data: Path, scheme_file: str, marker: str) -> list[str]:
    """Slugs of the real vocabulary (topics, countries) the generated records point to."""
    text = (repo_data / "vocabularies" / scheme_file).read_text(encoding="utf-8")
    graph = Graph().parse(data=text, format="turtle", publicID="http://x/")
    return sorted({str(s).rsplit("/", 1)[-1] for s in graph.subjects() if f"/id/{marker}/" in str(s)})


def filter_countries(repo_data: Path) -> list[str]:
    graph = Graph().parse(repo_data / "vocabularies" / "countries.ttl", format="turtle", publicID="http://x/")
    return sorted(str(s).rsplit("/", 1)[-1] for s, p, o in graph
                  if str(p).endswith("#inSiteFilter") and str(o).lower() == "true")


def practice_ttl(n: int, rng: random.Random, cities: list[tuple[str, str]], topics: list[str],
                 countries: list[str]) -> str:
    slug = f"synthetic-practice-{n:06d}"
    city, country = cities[rng.randrange(len(cities))]
    words = " ".join(rng.sample(WORDS, 3))
    year = rng.randint(2015, 2024)
    end = year + rng.randint(0, 3)
    members = rng.randint(5, 40)
    women = rng.randint(0, members)
    share = f"{round(women / members, 2):.2f}"
    nationalities = " , ".join(f"country:{c}" for c in sorted(rng.sample(countries, 3)))
    subjects = " , ".join(f"topic:{t}" for t in sorted(rng.sample(topics, 2)))
    return f"""
practice:{slug} a icc:Practice ;
    dcterms:identifier "{slug}" ;
    dcterms:title "{words.capitalize()} in {city.replace('-', ' ').title()} no. {n}"@en ,
        "Pratique {n} : {words}"@fr ;
    dcterms:abstract "A generated practice about {words}."@en ;
    icc:city city:{city} ;
    icc:country country:{country} ;
    dcterms:subject {subjects} ;
    icc:year "{year}"^^xsd:gYear ;
    dcterms:temporal practice:{slug}-period ;
    dcterms:source <https://example.org/practice/{slug}> ;
    prov:wasDerivedFrom <https://example.org/practice/{slug}> ;
    icc:curationStatus icc:Curated ;
    icc:describes body:{slug}-council .

body:{slug}-council a icc:Council ;
    skos:prefLabel "Council of practice {n}"@en , "Conseil de la pratique {n}"@fr ;
    rdfs:label "Council of practice {n}"@en , "Conseil de la pratique {n}"@fr ;
    icc:memberCount {members} ;
    icc:womenMemberCount {women} ;
    icc:womenShare {share} ;
    icc:representsNationality {nationalities} ;
    icc:jurisdiction city:{city} ;
    org:purpose "Advises on {words}"@en .

practice:{slug}-period a icc:Period ;
    icc:printedPeriod "{year}-{end}" ;
    dcat:startDate "{year}"^^xsd:gYear ;
    dcat:endDate "{end}"^^xsd:gYear ;
    icc:normalised true .
"""


def generate(practices: int, out: Path, seed: int = 2026) -> Path:
    """Write a source tree for *practices* practices under *out*; returns its data/ dir."""
    repo_data = ROOT / "data"
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    data = out / "data"
    shutil.copytree(repo_data / "vocabularies", data / "vocabularies")
    shutil.copytree(ROOT / "ontology", out / "ontology")
    shutil.copytree(ROOT / "shapes", out / "shapes")
    shutil.copy(repo_data / "dataset.ttl", data / "dataset.ttl")
    topics = vocabulary_slugs(repo_data, "topics.ttl", "topic")
    countries = filter_countries(repo_data)
    city_count = max(10, practices // 20)
    cities = [(f"city-{i:05d}", countries[i % len(countries)]) for i in range(city_count)]
    (data / "places").mkdir(parents=True)
    (data / "places" / "cities.ttl").write_text(HEADER + "".join(
        f'\ncity:{c} a icc:City ; rdfs:label "{c}"@en , "{c}"@fr ; icc:country country:{k} .\n' for c, k in cities),
        encoding="utf-8")
    (data / "practices").mkdir()
    for start in range(0, practices, PER_FILE):
        chunk = "".join(practice_ttl(n, rng, cities, topics, countries)
                        for n in range(start, min(start + PER_FILE, practices)))
        (data / "practices" / f"synthetic-{start // PER_FILE:04d}.ttl").write_text(HEADER + chunk, encoding="utf-8")
    return data


def write_ntriples(out: Path, target: Path, base_iri: str) -> int:
    """The whole generated graph (ontology + vocabularies + records) as one N-Triples file."""
    source = read_sources(source_files(out / "ontology", out / "data"), base_iri)
    target.write_bytes(sorted_ntriples(source.graph))
    return len(source.graph)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="directory for the generated source tree")
    parser.add_argument("--ntriples", type=Path, help="also write the whole graph as one N-Triples file")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--base-iri", default="http://127.0.0.1:8080")
    args = parser.parse_args(argv)
    generate(args.practices, args.out, args.seed)
    print(f"wrote {args.practices} practices under {args.out}")
    if args.ntriples:
        count = write_ntriples(args.out, args.ntriples, args.base_iri)
        print(f"wrote {count} triples to {args.ntriples}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
