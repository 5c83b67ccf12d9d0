"""Printed periods ("2018 onwards", "Depuis 2014", "25-28 August 2016", ...) -> a normalised Period.

The printed text is always kept. Start and end are ISO strings whose length says their
precision: "2016" (xsd:gYear), "2016-06" (xsd:gYearMonth), "2016-08-25" (xsd:date).
A text whose words are not all understood keeps only the printed form (normalised=False),
so that no date is claimed that the page did not state.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass

MIN_YEAR, MAX_YEAR = 1900, 2100  # outside these a printed year is a typo, not a practice period

# Month names in the interface languages whose pages name months (en, fr, es, pt, it, de).
_MONTH_NAMES = [
    ("january jan janvier janv enero janeiro gennaio januar", 1),
    ("february feb fevrier fevr febrero fevereiro febbraio februar", 2),
    ("march mar mars marzo marco maerz marz", 3),
    ("april apr avril abril aprile", 4),
    ("may mai mayo maio maggio", 5),
    ("june jun juin junio junho giugno juni", 6),
    ("july jul juillet julio julho luglio juli", 7),
    ("august aug aout agosto", 8),
    ("september sep sept septembre septiembre setembro settembre", 9),
    ("october oct octobre octubre outubro ottobre oktober", 10),
    ("november nov novembre noviembre novembro", 11),
    ("december dec decembre diciembre dezembro dicembre dezember", 12),
]
MONTHS = {name: number for names, number in _MONTH_NAMES for name in names.split()}

START_WORDS = {"since", "from", "depuis", "des", "desde", "seit", "dal", "dalla", "starting", "started"}
END_WORDS = {"until", "till", "to", "jusqu", "jusqua", "au", "a", "hasta", "ate", "bis", "al", "fino"}
OPEN_WORDS = {"onwards", "onward", "on", "beyond"}
ONGOING_WORDS = {"ongoing", "present", "current", "currently", "now", "today", "cours", "running"}
PERMANENT_WORDS = {"permanent", "permanente", "permanently", "permanentemente"}
# Words that carry no date and do not change the meaning of the dates around them.
FILLER_WORDS = {
    "the", "of", "in", "and", "et", "y", "e", "und", "as", "beginning", "every", "month", "months",
    "year", "years", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "en", "le", "la", "de", "du", "an", "ans", "still", "is", "it",
}
NOT_PRINTED = {"n/a", "na", "n.a.", "n.a", "-", "--", "unknown", "tbc", "tbd", "none", "non applicable"}

_HALF_RE = re.compile(r"\b(1st|first|2nd|second)\s+half\s+(?:of\s+)?(\d{4})\b")
_PAREN_RE = re.compile(r"\(([^()]*)\)")
_TOKEN_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d+(?:st|nd|rd|th|er)?|[a-z]+|[-/+,]")


class PeriodError(ValueError):
    """The printed period states something impossible (a bad date, an end before the start)."""


@dataclass(frozen=True)
class Period:
    printed: str
    start: str | None = None
    end: str | None = None
    ongoing: bool | None = None
    permanent: bool | None = None
    normalised: bool = False

    @property
    def start_year(self) -> int | None:
        return int(self.start[:4]) if self.start else None


@dataclass
class _Date:
    """A date mention, possibly partial until completed from its neighbour in a range."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def complete_from(self, other: "_Date") -> None:
        if self.year is None:
            self.year = other.year
            if self.month is None:
                self.month = other.month

    @property
    def complete(self) -> bool:
        return self.year is not None and not (self.day is not None and self.month is None)

    def iso(self) -> str:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(f"year {self.year} is not a plausible practice year")
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        if not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
            raise PeriodError(f"day {self.day} does not exist in {self.year:04d}-{self.month:02d}")
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def _lower_bound(iso: str) -> str:
    return iso + "-01-01"[len(iso) - 4:] if len(iso) < 10 else iso


def _upper_bound(iso: str) -> str:
    if len(iso) == 4:
        return iso + "-12-31"
    if len(iso) == 7:
        year, month = int(iso[:4]), int(iso[5:])
        return f"{iso}-{calendar.monthrange(year, month)[1]:02d}"
    return iso


def _clean(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)  # typographic dashes are range dashes
    text = re.sub(r"['\u2019]", " ", text)  # "jusqu'en", "months’"
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"\s+", " ", text).strip(" .;:")


def _tokens(text: str) -> list[str]:
    # "2nd half 2021" is a plain range once spelled out
    text = _HALF_RE.sub(lambda m: f"july {m[2]} - december {m[2]}" if m[1] in ("2nd", "second")
                        else f"january {m[2]} - june {m[2]}", text)
    return _TOKEN_RE.findall(text)


def _closes_year_range(items: list, tok: str) -> bool:
    """A two-digit number right after "YYYY-" is the end year of a range."""
    return (len(tok) == 2 and tok.isdigit() and len(items) >= 2 and items[-1] == "-"
            and isinstance(items[-2], _Date) and items[-2].year is not None and items[-2].month is None)


def _dates_and_words(tokens: list[str]) -> list:
    """Group tokens into _Date objects; other tokens stay as words."""
    items: list = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", tok):
            year, month, day = map(int, tok.split("-"))
            if not 1 <= month <= 12:
                raise PeriodError(f"month {month} does not exist")
            items.append(_Date(year, month, day))
        elif tok.isdigit() and len(tok) == 4:
            items.append(_Date(int(tok)))
        elif tok in MONTHS or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th|er)?", tok):
            date = _Date()
            if tok[0].isdigit():
                number = int(re.match(r"\d+", tok)[0])
                if _closes_year_range(items, tok):  # "2021-25"
                    items.append(_Date(items[-2].year // 100 * 100 + number))
                    i += 1
                    continue
                date.day = number
                if i + 1 < len(tokens) and tokens[i + 1] in MONTHS:
                    i += 1
                    tok = tokens[i]
                else:
                    items.append(date)
                    i += 1
                    continue
            date.month = MONTHS[tok]
            if i + 1 < len(tokens) and tokens[i + 1].isdigit() and len(tokens[i + 1]) == 4:
                i += 1
                date.year = int(tokens[i])
            items.append(date)
        else:
            items.append(tok)
        i += 1
    return items


def _previous_word(items: list, i: int) -> str | None:
    """The nearest word before items[i] that is not a filler ("since the beginning of 2016")."""
    for item in reversed(items[:i]):
        if not (isinstance(item, str) and item in FILLER_WORDS):
            return item if isinstance(item, str) else None
    return None


def _intervals(items: list) -> tuple[list[tuple[str | None, str | None]], bool, bool]:
    """(intervals as (start, end), None for an unknown end; an open start was seen; left-over words)."""
    intervals: list[tuple[str | None, str | None]] = []
    open_ended = leftover = False
    i = 0
    while i < len(items):
        item = items[i]
        if not isinstance(item, _Date):
            if item not in START_WORDS | END_WORDS | OPEN_WORDS | ONGOING_WORDS | PERMANENT_WORDS \
                    | FILLER_WORDS | {"-", "/", "+", ","}:
                leftover = True
            i += 1
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        after = items[i + 2] if i + 2 < len(items) else None
        step, interval = 1, None
        if isinstance(nxt, str) and (nxt == "-" or nxt in END_WORDS) and isinstance(after, _Date):
            item.complete_from(after)
            after.complete_from(item)
            step, interval = 3, (item, after)
        elif nxt == "-" and (after is None or after in ONGOING_WORDS or after in ("/", ",")):
            step, interval = 2, (item, None)
        elif isinstance(nxt, str) and nxt in OPEN_WORDS:
            step, interval = 2, (item, None)
        elif _previous_word(items, i) in START_WORDS:
            interval = (item, None)
        elif _previous_word(items, i) in END_WORDS:
            interval = (None, item)
        else:
            interval = (item, item)
        dates = [d for d in interval if d is not None]
        if all(d.complete for d in dates):
            start, end = (interval[0].iso() if interval[0] else None), (interval[1].iso() if interval[1] else None)
            open_ended = open_ended or (interval[0] is not None and interval[1] is None)
            intervals.append((start, end))
        else:
            leftover = True  # a day or month with no year to attach it to
        i += step
    return intervals, open_ended, leftover


def parse_period(printed: str | None) -> Period | None:
    """The Period a printed text states; None when nothing was printed.

    Raises PeriodError when the text states an impossible period.
    """
    if printed is None or not printed.strip():
        return None
    printed = printed.strip()
    text = _clean(printed)
    if text in NOT_PRINTED:
        return Period(printed)
    # Parentheses add dates or an "ongoing"; their other words are commentary, not period syntax.
    asides = " ".join(_PAREN_RE.findall(text))
    main = _PAREN_RE.sub(" ", text)
    main_items = _dates_and_words(_tokens(main))
    aside_items = _dates_and_words(_tokens(asides))
    intervals, open_main, leftover = _intervals(main_items)
    aside_intervals, open_aside, _ = _intervals([x for x in aside_items if not isinstance(x, str)
                                                 or x in START_WORDS | END_WORDS | OPEN_WORDS | {"-"}])
    words = {x for x in main_items + aside_items if isinstance(x, str)}
    ongoing = bool(words & ONGOING_WORDS) or open_main or open_aside
    permanent = bool(words & PERMANENT_WORDS)
    intervals += aside_intervals
    if leftover or not (intervals or ongoing or permanent):
        return Period(printed)
    for start, end in intervals:
        if start and end and _lower_bound(start) > _upper_bound(end):
            raise PeriodError(f"the period starts ({start}) after it ends ({end})")
    starts = [s for s, _ in intervals if s]
    ends = [e for _, e in intervals if e]
    start = min(starts, key=_lower_bound) if starts else None
    end = max(ends, key=_upper_bound) if ends and not ongoing else None
    if start and end and _lower_bound(start) > _upper_bound(end):
        raise PeriodError(f"the period starts ({start}) after it ends ({end})")
    return Period(printed, start, end, ongoing or None, permanent or None, normalised=True)
