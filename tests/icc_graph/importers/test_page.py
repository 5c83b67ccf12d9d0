"""`import page`: a practice page as text -> draft record -> the project's graph, validated."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, XSD

from icc_graph.build.sources import read_sources, source_files
from icc_graph.build.validation import load_shapes, validate
from icc_graph.importers.page import read_page
from icc_graph.namespaces import icc_namespaces

from .conftest import REPO, run_import, snapshot

BASE = "http://example.org/icc"
NS = icc_namespaces(BASE)
ICC, P = NS["icc"], NS["practice"]

INTRO = "An introduction to the good-practice section of the site.\n\nA second paragraph about it.\n\n"
TOOLBAR = ("  • Diminuer la taille du texte\n  • Augmenter la taille du texte\n  • Imprimer la page\n"
           "  • Imprimer en PDF\n\n")
BODY = "The library of Springfield lends books in eleven languages. Volunteers read stories aloud.\n\n"
MENU = ("Topic\nAnti-rumour\nEducation\nMultilingualism\nRefugees\nCountries\nAustria\nNorway\nSpain\n"
        "Year\n2015\n2016\n2017\nReset Filter")


def page_text(back: str, title: str, period: str | None) -> str:
    period_line = f"{period}\n" if period is not None else ""
    return f"{INTRO}{back} {title}\n\n{period_line}{TOOLBAR}{BODY}{MENU}"


def graph_of(data_dir: Path):
    """The graph the build would read: ontology, vocabularies, places and records."""
    return read_sources(source_files(REPO / "ontology", data_dir), BASE)


@pytest.mark.parametrize("back", ["Back", "Retour", "Atrás", "Geri", "Zurück", "Indietro", "Voltar", "Назад"])
def test_back_link_in_any_interface_language(tmp_path, back):
    path = tmp_path / "page.txt"
    path.write_text(page_text(back, "Stories in many languages", "2019"), encoding="utf-8")
    page = read_page(path)
    assert page.title == "Stories in many languages"
    assert page.period_text == "2019"
    assert page.body.startswith("The library of Springfield") and "Reset Filter" not in page.body
    assert page.menu_line is not None


def test_page_to_record_to_graph(tmp_path, data_dir, capsys):
    path = tmp_path / "page.txt"
    path.write_text(page_text("Retour", "Stories in many languages", "Since 2017 - Ongoing"), encoding="utf-8")
    url = "https://www.coe.int/fr/web/interculturalcities/-/stories-in-many-languages"
    assert run_import("page", str(path), "--url", url, data_dir=data_dir) == 0
    assert "city, country" in capsys.readouterr().out
    text = (data_dir / "practices" / "stories-in-many-languages.ttl").read_text(encoding="utf-8")
    assert "Springfield" not in text  # the body is for an editor to summarise, never copied
    source = graph_of(data_dir)
    g, p = source.graph, P["stories-in-many-languages"]
    assert (p, DCTERMS.title, Literal("Stories in many languages", lang="en")) in g
    assert (p, DCTERMS.source, URIRef(url)) in g
    assert (p, ICC.year, Literal("2017", datatype=XSD.gYear)) in g
    assert (P["stories-in-many-languages-period"], DCAT.startDate, Literal("2017", datatype=XSD.gYear)) in g
    assert set(g.objects(p, ICC.unknownField)) == {ICC.city, ICC.country}
    # the filter menu is the site's, not the practice's tags
    assert (p, DCTERMS.subject, None) not in g
    assert (p, ICC.curationStatus, ICC.AwaitingCuration) in g
    assert (p, ICC.uncertainFact, None) not in g
    report = validate(g, load_shapes(REPO / "shapes", BASE))
    mine = [v for v in report.violations if str(v.focus).startswith(str(p))]
    assert mine == [], report.text()


def test_page_without_address_or_period(tmp_path, data_dir):
    path = tmp_path / "page.txt"
    path.write_text(page_text("Back", "Le café des langues", None), encoding="utf-8")
    assert run_import("page", str(path), data_dir=data_dir) == 0
    g = graph_of(data_dir).graph
    p = P["le-cafe-des-langues"]
    assert (p, DCTERMS.title, Literal("Le café des langues", lang="fr")) in g
    assert set(g.objects(p, ICC.unknownField)) == {ICC.city, ICC.country, ICC.year}
    assert (p, DCTERMS.temporal, None) not in g
    fact = P["le-cafe-des-langues-uncertain-source"]  # the address follows the site's pattern: flagged
    assert (p, ICC.uncertainFact, fact) in g


def test_import_page_twice_changes_nothing(tmp_path, data_dir):
    path = tmp_path / "page.txt"
    path.write_text(page_text("Zurück", "Stories in many languages", "mai 2016"), encoding="utf-8")
    assert run_import("page", str(path), data_dir=data_dir) == 0
    before = snapshot(data_dir)
    assert run_import("page", str(path), data_dir=data_dir) == 0
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("text,message,line", [
    (INTRO + TOOLBAR + BODY + MENU, "no back-link line", None),
    (page_text("Back", "Stories", "32 August 2016"), "impossible period", 7),
])
def test_bad_pages(tmp_path, data_dir, capsys, text, message, line):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    before = snapshot(data_dir)
    assert run_import("page", str(path), data_dir=data_dir) == 1
    err = capsys.readouterr().err
    assert message in err and str(path) in err
    if line:
        assert f"{path}:{line}:" in err
    assert snapshot(data_dir) == before


def test_unreadable_page(tmp_path, data_dir, capsys):
    assert run_import("page", str(tmp_path / "nope.txt"), data_dir=data_dir) == 1
    assert "nope.txt" in capsys.readouterr().err


SHARED = os.environ.get("ICC_SHARED_DIR")  # set by .ci/run where the shared material exists


@pytest.mark.skipif(not SHARED, reason="ICC_SHARED_DIR is not set")
def test_seed_page_round_trip(data_dir):
    seed = sorted((Path(SHARED) / "seed").glob("*.txt"))[0]
    page = read_page(seed)
    assert (page.title, page.period_text) == ("Democratic citizenship in Ansan", "2020")
    assert run_import("page", str(seed), data_dir=data_dir) == 0
    g = graph_of(data_dir).graph
    p = P["democratic-citizenship-in-ansan"]
    assert (p, ICC.year, Literal("2020", datatype=XSD.gYear)) in g
    assert (p, DCTERMS.subject, None) not in g


@pytest.mark.skipif(not SHARED, reason="ICC_SHARED_DIR is not set")
def test_the_icc_table_imports_and_validates(data_dir):
    table = Path(SHARED) / "icc-practices.tsv"
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    assert len(list((data_dir / "practices").glob("*.ttl"))) == 197  # 198 rows, two of them one practice
    source = graph_of(data_dir)
    report = validate(source.graph, load_shapes(REPO / "shapes", BASE))
    assert report.violations == [], report.text(files_of=source.files_of)
    before = snapshot(data_dir)
    assert run_import("catalogue", str(table), data_dir=data_dir) == 0
    assert snapshot(data_dir) == before
