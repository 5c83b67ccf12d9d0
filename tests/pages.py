"""Reading an HTML page in tests as a browser parses it (html5rdf, the HTML5 parsing algorithm)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import html5rdf


def parse(html: str) -> ET.Element:
    """The page's tree (ElementTree, no namespaces, inline SVG included): query it with
    ``iterfind('.//tag[@attr="v"]')``."""
    tree = html5rdf.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in tree.iter():
        element.tag = element.tag.rpartition("}")[2]  # the parser puts inline SVG in the SVG namespace
    return tree


def text(element: ET.Element | None) -> str:
    """The text of *element* with its whitespace collapsed."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def by_id(tree: ET.Element, ident: str) -> ET.Element | None:
    return tree.find(f".//*[@id='{ident}']")


def chart_bars(tree: ET.Element, caption_id: str) -> dict[tuple, int]:
    """The bars of the chart named by *caption_id* (endpoint/charts.py): {the sorted query parameters
    of the list a bar links to: the count it shows}. Each bar's name says the same count."""
    svg = tree.find(f".//svg[@aria-labelledby='{caption_id}']")
    assert svg is not None, caption_id
    bars = {}
    for link in svg.iterfind("a"):
        count = int(link.find(".//tspan[@class='count']").text)
        assert re.search(rf" {count} \w+$", link.get("aria-label")), link.get("aria-label")
        query = parse_qs(urlsplit(link.get("href")).query)
        bars[tuple(sorted((key, values[0]) for key, values in query.items()))] = count
    return bars
