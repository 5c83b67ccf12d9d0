"""The SVG figures (endpoint/charts.py) and the rights table's words for a waiting period."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from endpoint.charts import MAX_COLUMNS, Bar, bar_chart, column_chart, share_bar
from endpoint.portraits.rules import duration

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_proportional_links_named_with_their_numbers():
    svg = ET.fromstring(str(bar_chart([Bar("Education & <b>", 10, "/practices?topic=education"),
                                       Bar("Roma", 5, "/practices?topic=roma", lang="en")], "c", "practices")))
    links = svg.findall(f"{SVG}a")
    assert [a.get("aria-label") for a in links] == ["Education & <b> 10 practices", "Roma 5 practices"]
    # What is seen, in reading order, is the start of the name: label, then count.
    assert [" ".join("".join(a.find(f"{SVG}text").itertext()).split()) for a in links] == ["Education & <b> 10", "Roma 5"]
    widths = [float(a.find(f"{SVG}rect").get("width")) for a in links]
    assert widths[0] == 2 * widths[1]
    assert [a.find(f".//{SVG}tspan[@class='count']").text for a in links] == ["10", "5"]
    assert links[1].find(f".//{SVG}tspan").get("lang") == "en"
    assert svg.get("aria-labelledby") == "c"


def test_columns_give_way_to_bars_when_there_are_too_many():
    few = ET.fromstring(str(column_chart([Bar(str(2000 + n), n) for n in range(3)], "c", "practices")))
    assert few.find(f"{SVG}g/{SVG}text[@text-anchor='middle']") is not None
    many = ET.fromstring(str(column_chart([Bar(str(1990 + n), n) for n in range(MAX_COLUMNS + 1)], "c", "practices")))
    assert many.find(f"{SVG}g/{SVG}text[@text-anchor='middle']") is None
    assert [g.get("aria-label") for g in many.findall(f"{SVG}g")][:2] == ["1990 0 practices", "1991 1 practices"]


def test_share_bar_is_named_in_words():
    svg = ET.fromstring(str(share_bar(10, 19, "10 women of 19 members")))
    assert svg.get("role") == "img" and svg.get("aria-label") == "10 women of 19 members"
    assert svg.findall(f"{SVG}rect")[1].get("width") == "52.6"


def test_waiting_periods_in_words():
    assert duration("P3Y", "en") == "3 years" and duration("P3Y", "fr") == "3 ans"
    assert duration("P1Y6M", "en") == "1 year 6 months" and duration("P1D", "fr") == "1 jour"
    assert duration("PT5H", "en") == "PT5H"  # not a whole number of days: shown as written
