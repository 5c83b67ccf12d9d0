"""icc_graph.formats: the one table of representations, looked up by name, extension or media type."""
from __future__ import annotations

import pytest

from icc_graph import formats, release
from icc_graph.formats import (
    HTML,
    JSONLD,
    NTRIPLES,
    RDF_FORMATS,
    RDFXML,
    RESULT_FORMATS,
    RESULTS_CSV,
    RESULTS_JSON,
    RESULTS_TSV,
    RESULTS_XML,
    TURTLE,
    by_extension,
    by_name,
    file_media_type,
)

ALL_TABLES = {"rdf": RDF_FORMATS, "results": RESULT_FORMATS, "documents": RDF_FORMATS + (HTML,)}


def _keys(fmt):
    return {fmt.name, fmt.extension, fmt.media_type, *fmt.aliases}


# --- by_name --------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_by_name_finds_an_rdf_format_by_each_of_its_keys(fmt):
    for key in _keys(fmt):
        assert by_name(key, RDF_FORMATS) is fmt


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_by_name_finds_a_results_format_by_each_of_its_keys(fmt):
    for key in _keys(fmt):
        assert by_name(key, RESULT_FORMATS) is fmt


@pytest.mark.parametrize("key, expected", [
    ("ttl", TURTLE), ("text/turtle", TURTLE), ("application/x-turtle", TURTLE),
    ("jsonld", JSONLD), ("application/ld+json", JSONLD),
    ("rdf", RDFXML), ("application/rdf+xml", RDFXML),
    ("nt", NTRIPLES), ("application/n-triples", NTRIPLES), ("text/plain", NTRIPLES),
])
def test_by_name_rdf_examples(key, expected):
    assert by_name(key, RDF_FORMATS) is expected


@pytest.mark.parametrize("key, expected", [
    ("json", RESULTS_JSON), ("srj", RESULTS_JSON), ("application/json", RESULTS_JSON),
    ("application/sparql-results+json", RESULTS_JSON),
    ("xml", RESULTS_XML), ("srx", RESULTS_XML), ("application/xml", RESULTS_XML),
    ("csv", RESULTS_CSV), ("text/csv", RESULTS_CSV),
    ("tsv", RESULTS_TSV), ("text/tab-separated-values", RESULTS_TSV),
])
def test_by_name_results_examples(key, expected):
    assert by_name(key, RESULT_FORMATS) is expected


@pytest.mark.parametrize("key", ["  TTL ", "Text/Turtle", "APPLICATION/LD+JSON\n"])
def test_by_name_ignores_case_and_surrounding_space(key):
    assert by_name(key, RDF_FORMATS) is not None


@pytest.mark.parametrize("key, table", [
    ("json", RDF_FORMATS),           # a results name is not an RDF format
    ("xml", RDF_FORMATS),
    ("ttl", RESULT_FORMATS),
    ("html", RDF_FORMATS),
    ("text/html", RESULT_FORMATS),
    ("n3", RDF_FORMATS),
    ("", RDF_FORMATS),
    ("text/turtle; charset=utf-8", RDF_FORMATS),  # parameters are the negotiator's business
])
def test_by_name_gives_none_outside_the_table(key, table):
    assert by_name(key, table) is None


@pytest.mark.parametrize("table", ALL_TABLES.values(), ids=ALL_TABLES.keys())
def test_no_key_names_two_formats_of_one_table(table):
    seen: dict[str, str] = {}
    for fmt in table:
        for key in _keys(fmt):
            assert key not in seen, f"{key!r} names both {seen[key]} and {fmt.name}"
            seen[key] = fmt.name


@pytest.mark.parametrize("fmt", RDF_FORMATS + RESULT_FORMATS)
def test_each_format_agrees_with_its_pyoxigraph_format(fmt):
    assert fmt.oxigraph.file_extension == fmt.extension
    assert fmt.oxigraph.media_type.split(";")[0] == fmt.media_type


# --- by_extension ---------------------------------------------------------------------------------

@pytest.mark.parametrize("extension, expected", [
    ("ttl", TURTLE), (".ttl", TURTLE), ("jsonld", JSONLD), (".rdf", RDFXML), ("nt", NTRIPLES),
    ("html", HTML), (".HTML", HTML),
])
def test_by_extension_pins_document_formats(extension, expected):
    assert by_extension(extension) is expected


@pytest.mark.parametrize("extension", ["srj", "csv", "json", "xml", "txt", "gz", "", "."])
def test_by_extension_refuses_what_is_not_a_document_format(extension):
    assert by_extension(extension) is None


# --- content_type ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", [TURTLE, HTML, RESULTS_CSV, RESULTS_TSV, formats.TEXT], ids=lambda f: f.name)
def test_text_media_types_carry_a_charset(fmt):
    assert fmt.content_type == f"{fmt.media_type}; charset=utf-8"


@pytest.mark.parametrize("fmt", [JSONLD, RDFXML, RESULTS_JSON, RESULTS_XML, formats.JSON], ids=lambda f: f.name)
def test_xml_and_json_media_types_carry_a_charset(fmt):
    assert fmt.content_type == f"{fmt.media_type}; charset=utf-8"


def test_n_triples_and_other_binary_types_carry_none():
    assert NTRIPLES.content_type == "application/n-triples"
    other = formats.Format("gz", formats.GZIP, "gz", "gzip")
    assert other.content_type == "application/gzip"
    # "+json"/"/json" only at the end of the media type
    assert formats.Format("x", "application/jsonx", "x", "x").content_type == "application/jsonx"


# --- file_media_type ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, media_type", [
    (release.DUMP_TTL, "text/turtle; charset=utf-8"),
    (release.VOID, "text/turtle; charset=utf-8"),
    (release.CATALOG, "text/turtle; charset=utf-8"),
    (release.DUMP_JSONLD, "application/ld+json"),
    (release.CONTEXT, "application/ld+json"),
    (release.DUMP_NT_GZ, "application/gzip"),
    (release.RELEASE_JSON, "application/json"),
    (release.SUMS, "text/plain; charset=utf-8"),
])
def test_file_media_type_of_every_release_file(name, media_type):
    assert file_media_type(name) == media_type


@pytest.mark.parametrize("name", ["store", "icc-graph.nt", "data.gz", "notes.txt", "ttl", "", "x.jsonld.bak"])
def test_file_media_type_of_an_unknown_file_is_octet_stream(name):
    assert file_media_type(name) == "application/octet-stream"
