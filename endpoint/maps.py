"""Maps of places drawn on the server: an SVG of the world's countries with a circle per place,
and beside it a list of the places that works without JavaScript and for screen readers.

The base map is built once by ``make assets`` (``assets/basemap.mjs``: Natural Earth's country
shapes from npm ``world-atlas``, projected by d3-geo's equirectangular projection into a
960 x 480 plane) as two pictures in ``static/vendor/``: ``map-world.svg`` (1:110m) and
``map-zoomed.svg`` (1:50m, for views narrower than 45 degrees). :func:`project` is that
projection, so a city's latitude and longitude land where d3 drew its country. A map is an inline
SVG whose viewBox frames the places, the picture under them (an ``<image>`` from this server,
cached by the browser, so a page's HTML stays light) and a circle per place. Nothing comes from
elsewhere. Without the pictures (no npm), the list is shown alone, with a note.

Any page calls :func:`render_map` with its places (label, count, links, coordinates when known).
"""
from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import render_template
from markupsafe import Markup

from .messages import translate

VENDOR = Path(__file__).parent / "static" / "vendor"
BASEMAP = VENDOR / "basemap.json"   # every polygon's path and box: the tests check the projection on it
PICTURES = {"world": "map-world.svg", "zoomed": "map-zoomed.svg"}
WIDTH, HEIGHT = 960.0, 480.0     # the plane assets/basemap.mjs projects into
MIN_SPAN = 40.0                  # the narrowest view (in plane units, 15 degrees of longitude)
ZOOMED_SPAN = 120.0              # views narrower than this (45 degrees) use the finer (1:50m) shapes
WIDE_SPAN = 320.0                # a view wider than this (120 degrees) may enlarge where places crowd
PADDING = 0.12                   # the share of the view left around the outermost places
INSET_WINDOW = (160.0, 80.0)     # a world map enlarges the 60 x 30 degrees that hold most places


@dataclass(frozen=True)
class Place:
    """A place to show: its name, how many practices it has, where to read more, where it is."""

    label: str
    count: int
    href: str | None = None           # the place's page
    list_href: str | None = None      # the practices of the place, when a list can be filtered by it
    lang: str | None = None           # the language of the label
    lat: float | None = None
    long: float | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.long is not None


@dataclass(frozen=True)
class Point:
    place: Place
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Drawing:
    """What the template draws: the view, the countries' shapes in it and the places' points."""

    view_box: str
    picture: str                          # the base map's file in static/vendor/
    points: tuple[Point, ...]
    enlarged: bool = False                # a part of the map before it, enlarged


def project(long: float, lat: float) -> tuple[float, float]:
    """(x, y) in the base map's plane: d3-geo's equirectangular at scale 960/2π, centred."""
    return WIDTH / 2 + long * WIDTH / 360, HEIGHT / 2 - lat * HEIGHT / 180


@lru_cache(maxsize=2)
def _basemap(path: Path, mtime: float) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def pictures_built(folder: Path | None = None) -> bool:
    """Whether ``make assets`` drew the base map's pictures."""
    return all(((folder or VENDOR) / name).is_file() for name in PICTURES.values())


def basemap(path: Path | None = None) -> dict | None:
    """The built base map, or None when ``make assets`` has not built it."""
    path = path or BASEMAP
    try:
        return _basemap(path, path.stat().st_mtime)
    except (OSError, ValueError):
        return None


def view(xys: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(x, y, width, height) around *xys*: padded, 2:1 like the plane, inside the plane."""
    if not xys:
        return 0.0, 0.0, WIDTH, HEIGHT
    xs, ys = [x for x, _ in xys], [y for _, y in xys]
    width = max(max(xs) - min(xs), 2 * (max(ys) - min(ys)), MIN_SPAN) * (1 + 2 * PADDING)
    width = min(width, WIDTH)
    height = width / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - width / 2, 0.0), WIDTH - width)
    y = min(max(cy - height / 2, 0.0), HEIGHT - height)
    return x, y, width, height


def densest(xys: list[tuple[float, float]], window: tuple[float, float] = INSET_WINDOW) -> list[int]:
    """The indexes of the most points that one *window* (width, height) centred on a point holds
    (the first such point's window on a tie). Points are sorted by x once, so each window looks
    only at the points in its columns."""
    half_w, half_h = window[0] / 2, window[1] / 2
    by_x = sorted(range(len(xys)), key=lambda i: xys[i][0])
    xs = [xys[i][0] for i in by_x]
    best: list[int] = []
    for cx, cy in xys:
        columns = by_x[bisect.bisect_left(xs, cx - half_w):bisect.bisect_right(xs, cx + half_w)]
        held = sorted(i for i in columns if abs(xys[i][1] - cy) <= half_h)
        if len(held) > len(best):
            best = held
    return best


def draw(places: list[Place]) -> tuple[Drawing, ...]:
    """The drawings of the located *places*: the whole view, then, when it spans much of the world
    and most places crowd into one part, that part enlarged. None without a located place."""
    located = [p for p in places if p.located]
    if not located:
        return ()
    xys = [project(p.long, p.lat) for p in located]
    most = max(p.count for p in located) or 1
    whole = _drawing(located, xys, most, enlarged=False)
    if float(whole.view_box.split()[2]) < WIDE_SPAN:
        return (whole,)
    crowd = densest(xys)
    if not len(located) / 2 <= len(crowd) < len(located):
        return (whole,)
    return whole, _drawing([located[i] for i in crowd], [xys[i] for i in crowd], most, enlarged=True)


def _drawing(located: list[Place], xys, most: int, enlarged: bool) -> Drawing:
    x, y, width, height = view(xys)
    picture = PICTURES["zoomed" if width < ZOOMED_SPAN else "world"]
    unit = width / WIDTH  # circles of the same size on the screen whatever the view
    points = tuple(Point(p, round(px, 2), round(py, 2), round(unit * (3 + 5 * math.sqrt(p.count / most)), 2))
                   for p, (px, py) in zip(located, xys))
    # The biggest circles first, so a small place is never hidden under a big one.
    points = tuple(sorted(points, key=lambda pt: (-pt.r, pt.place.label)))
    return Drawing(f"{x:.2f} {y:.2f} {width:.2f} {height:.2f}", picture, points, enlarged)


def render_map(places: list[Place], lang: str, heading: str, map_id: str = "map", left_out: int = 0) -> Markup:
    """The map of *places* with its heading and list, as HTML to put in a page (in *lang*);
    *left_out* places with fewer practices were not given (the list says how many)."""
    ordered = sorted(places, key=lambda p: (-p.count, p.label.casefold()))
    return Markup(render_template(
        "map.html", drawings=draw(ordered) if pictures_built() else (), places=ordered, heading=heading, map_id=map_id,
        lang=lang, left_out=left_out,
        t=lambda key, **fields: translate(key, lang, **fields)))
