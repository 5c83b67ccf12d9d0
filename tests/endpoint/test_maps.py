"""The maps (endpoint/maps.py, endpoint/map_places.py) over the release built from data/: the
server's projection puts each city inside its country as d3 drew it, and the pages draw and list
exactly the cities a SPARQL query over the release finds."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

from endpoint import map_places, maps
from icc_graph.release import read_release
from tests.conftest import TEST_BASE_IRI as BASE

from .conftest import app_over

needs_basemap = pytest.mark.skipif(maps.basemap() is None or not maps.pictures_built(),
                                   reason="the base map is not built (make assets)")

# Natural Earth's name of a country where it differs from the graph's English label.
NATURAL_EARTH_NAME = {"United States": "United States of America", "Bosnia and Herzegovina": "Bosnia and Herz."}
LOCATED_CITIES = """
    PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
    PREFIX icc: <ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?city ?lat ?long ?country WHERE {
      ?city a icc:City ; geo:lat ?lat ; geo:long ?long ; icc:country ?c .
      ?c rdfs:label ?country FILTER(LANG(?country) = "en")
    }"""
CITIES_WITH_PRACTICES = """
    PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
    PREFIX icc: <ontology#>
    SELECT DISTINCT ?city ?lat WHERE {
      ?practice a icc:Practice ; icc:city ?city . %s
      OPTIONAL { ?city geo:lat ?lat }
    }"""


@pytest.fixture(scope="module")
def app(built_dist):
    with app_over(built_dist) as application:
        yield application


@pytest.fixture(scope="module")
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT"] = "text/html"
    return client


def sparql(app, query: str) -> list[dict]:
    with app.app_context():
        return app.extensions["icc_store"].select(query)


def rings(path_data: str) -> list[list[tuple[float, float]]]:
    """The rings of d3's SVG path data (``M x,y L x,y ... Z``)."""
    found = []
    for ring in re.findall(r"M([^MZ]+)Z", path_data):
        found.append([(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", ring)])
    return found


def inside(point: tuple[float, float], polygon_rings) -> bool:
    """Even-odd rule over every ring: inside a shape and not in one of its holes."""
    x, y = point
    crossings = 0
    for ring in polygon_rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


@needs_basemap
def test_the_server_projects_as_d3_drew_the_countries(app):
    shapes = {c["name"]: [r for part in c["parts"] for r in rings(part["d"])]
              for c in maps.basemap()["detail"]["zoomed"]}
    cities = sparql(app, LOCATED_CITIES)
    assert len(cities) > 40
    outside = []
    for row in cities:
        country = NATURAL_EARTH_NAME.get(str(row["country"]), str(row["country"]))
        point = maps.project(float(row["long"]), float(row["lat"]))
        if not inside(point, shapes[country]):
            outside.append((str(row["city"]), country, point))
    # A coastal city may sit just off a 1:50m coastline; most must be inside their country.
    assert len(outside) <= len(cities) // 10, outside
    assert "http://127.0.0.1:8080/id/city/oslo" not in {city for city, _, _ in outside}


def test_a_view_keeps_the_plane_proportions_and_stays_inside_it():
    x, y, width, height = maps.view([maps.project(10.7, 59.9)])
    assert width == pytest.approx(2 * height) and width >= maps.MIN_SPAN
    assert 0 <= x <= maps.WIDTH - width and 0 <= y <= maps.HEIGHT - height
    assert maps.view([maps.project(-179, 80), maps.project(179, -80)]) == (0.0, 0.0, maps.WIDTH, maps.HEIGHT)


def circles_and_list(html: str) -> tuple[int, list[str]]:
    """The circles of the map's first (whole) drawing, and the items of its list."""
    section = html[html.index('<section class="place-map"'):]
    section = section[:section.index("</section>")]
    whole = section[:section.index("</svg>")] if "</svg>" in section else ""
    return whole.count("<circle "), re.findall(r"<li>", section[section.find('class="place-list"'):])


@needs_basemap
@pytest.mark.parametrize("path, patterns", [
    ("/", ""),
    ("/practices?lang=fr", ""),
    ("/practices?country=united-kingdom", "?practice icc:country <id/country/united-kingdom> ."),
    ("/practices?topic=education", "?practice <http://purl.org/dc/terms/subject> <id/topic/education> ."),
    ("/practices?year=2020", '?practice icc:year "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> .'),
    ("/doc/country/spain", "?practice icc:country <id/country/spain> ."),
    ("/doc/city/oslo", "?practice icc:city <id/city/oslo> ."),
    ("/doc/topic/education", "?practice <http://purl.org/dc/terms/subject> <id/topic/education> ."),
])
def test_a_page_draws_and_lists_the_cities_a_query_finds(app, client, path, patterns):
    rows = sparql(app, CITIES_WITH_PRACTICES % patterns)
    response = client.get(path)
    assert response.status_code == 200
    circles, listed = circles_and_list(response.get_data(as_text=True))
    assert len(listed) == len(rows) >= 1
    assert circles == len([row for row in rows if "lat" in row])


@needs_basemap
def test_a_world_map_enlarges_where_places_crowd(client):
    html = client.get("/").get_data(as_text=True)
    html = html[html.index('<section class="place-map"'):]
    boxes = [[float(v) for v in box.split()] for box in re.findall(r'<svg class="map" viewBox="([^"]+)"', html)]
    assert len(boxes) == 2 and boxes[1][2] < boxes[0][2] / 3
    whole, enlarged = html.split("</svg>")[:2]
    assert 1 < enlarged.count("<circle ") < whole.count("<circle ")
    assert "The same map enlarged" in enlarged


@needs_basemap
def test_a_map_shows_the_places_with_the_most_practices_and_says_how_many_it_left_out(app, client, monkeypatch):
    monkeypatch.setattr(map_places, "MAP_LIMIT", 5)
    counts = {str(row["city"]): int(row["n"]) for row in sparql(app, """PREFIX icc: <ontology#>
        SELECT ?city (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a icc:Practice ; icc:city ?city } GROUP BY ?city""")}
    html = client.get("/?lang=fr").get_data(as_text=True)
    circles, listed = circles_and_list(html)
    assert len(listed) == 5 and circles <= 5
    assert f"{len(counts) - 5} autres lieux, qui ont moins de pratiques" in html
    fifth = sorted(counts.values(), reverse=True)[4]
    shown = re.findall(r'class="count"[^>]*>(\d+) pratiques?<', html[html.index('class="place-list"'):])
    assert len(shown) == 5 and min(int(n) for n in shown) >= fifth


def test_densest_is_the_crowd_a_scan_of_every_window_finds():
    """The sorted search agrees with looking at every point for every window, ties included."""
    import random
    generator = random.Random(7)
    for size in (0, 1, 2, 30, 300):
        xys = [(round(generator.uniform(0, 960), 1), round(generator.uniform(0, 480), 1)) for _ in range(size)]
        xys += xys[:size // 5]  # some points twice
        best: list[int] = []
        for cx, cy in xys:
            held = [i for i, (x, y) in enumerate(xys) if abs(x - cx) <= 80 and abs(y - cy) <= 40]
            best = held if len(held) > len(best) else best
        assert maps.densest(xys) == best, size


def test_densest_finds_the_crowd():
    xys = [maps.project(long, lat) for long, lat in ((2, 48), (4, 50), (10, 52), (151, -34), (-74, 40))]
    assert maps.densest(xys) == [0, 1, 2]


def test_the_home_map_counts_come_from_the_release(app, built_dist):
    figures = read_release(built_dist).stats
    rows = sparql(app, """PREFIX icc: <ontology#>
        SELECT ?city (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a icc:Practice ; icc:city ?city } GROUP BY ?city""")
    assert figures["places"]["city"] == {str(row["city"]): int(row["n"]) for row in rows}


def test_a_city_without_coordinates_is_listed_not_drawn(app, client):
    unlocated = [row for row in sparql(app, CITIES_WITH_PRACTICES % "") if "lat" not in row]
    if not unlocated:
        pytest.skip("every city is located")
    slug = str(unlocated[0]["city"]).rsplit("/", 1)[-1]
    html = client.get(f"/doc/city/{slug}?lang=fr").get_data(as_text=True)
    assert 'class="place-map"' in html and "<svg" not in html.split('class="place-map"')[1].split("</section>")[0]
    assert "absent de la carte" in html


def test_without_the_base_map_the_list_still_shows(app, client, monkeypatch, tmp_path):
    monkeypatch.setattr(maps, "VENDOR", tmp_path)  # no pictures there
    html = client.get("/").get_data(as_text=True)
    circles, listed = circles_and_list(html)
    assert circles == 0 and len(listed) > 40
    assert "make assets" in html


@needs_basemap
def test_the_map_is_valid_svg_with_a_name(app, client):
    html = client.get("/doc/city/oslo").get_data(as_text=True)
    html = html[html.index('<section class="place-map"'):]
    root = ElementTree.fromstring(html[html.index("<svg"):html.index("</svg>") + len("</svg>")])
    svg = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img" and root.find(f"{svg}title").text.strip()
    count = sparql(app, """PREFIX icc: <ontology#>
        SELECT (COUNT(*) AS ?n) WHERE { ?p a icc:Practice ; icc:city <id/city/oslo> }""")[0]["n"]
    assert [c.find(f"{svg}title").text for c in root.iter(f"{svg}circle")] == [f"Oslo: {int(count)} practices"]
    # The picture under the points comes from this server, and is the zoomed (1:50m) one here.
    [image] = root.iter(f"{svg}image")
    assert image.get("href") == "/assets/vendor/map-zoomed.svg"
    with client.get(image.get("href")) as picture:
        assert picture.status_code == 200 and picture.mimetype == "image/svg+xml"
        picture_root = ElementTree.fromstring(picture.get_data())
    assert picture_root.get("viewBox") == f"0 0 {maps.WIDTH:.0f} {maps.HEIGHT:.0f}"
