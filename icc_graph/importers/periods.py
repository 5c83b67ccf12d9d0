"""Printed periods ("2018 onwards", "Depuis 2014", "25-28 August 2016", ...) -> a normalised Period.

The printed text is always kept. Start and end are ISO strings whose length says their
precision: "2016" (xsd:gYear), "2016-06" (xsd:gYearMonth), "2016-08-25" (xsd:date).
A text whose words are not all understood keeps only the printed form (normalised=False),
so that no date is claimed that the page did not state.

A period keeps every part it states: its first start, its last end (also when it is said to
be ongoing: "2019-2023 (ongoing)"), ongoing and permanent. It is normalised only when nothing
was dropped on the way: no gap between two stated spans ("2016, 2018"), no recurrence
("every month") and no duration that the dates do not bear out ("two years" from 2016 to 2018
is borne out; "two years" alone is not). Words in parentheses other than dates and "ongoing"
are commentary: they stay in the printed text.
"""
from __future__ import annotations

import calendar
import datetime
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
    "the", "of", "in", "and", "et", "y", "e", "und", "as", "beginning",
    "en", "le", "la", "de", "du", "an", "ans", "still", "is", "it",
}
# Durations ("two years", "6 months") and recurrences ("every month", "monthly").
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
         "year": "year", "years": "year", "decade": "decade", "decades": "decade"}
RECURRENCE_WORDS = {"every", "each"}
RECURRING_WORDS = {"daily", "weekly", "monthly", "yearly", "annually", "annual"}
NOT_PRINTED = {"n/a", "na", "n.a.", "n.a", "-", "--", "unknown", "tbc", "tbd", "none", "non applicable"}

_HALF_RE = re.compile(r"\b(1st|first|2nd|second)\s+half\s+(?:of\s+)?(\d{4})\b")
_PAREN_RE = re.compile(r"\(([^()]*)\)")
_TOKEN_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d+(?:st|nd|rd|th|er)?|[a-z]+|[-/+,]")


class PeriodError(ValueError):
    """The printed period states something impossible (a bad date, an end before the start)."""


@dataclass(frozen=True)
class Duration:
    """A length the text states ("two years"), to check against its dates."""

    count: int
    unit: str  # day, week, month, year or decade


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


def _durations(tokens: list[str]) -> tuple[list[str], list[Duration], bool]:
    """(the tokens without durations and recurrences, the durations, whether a recurrence was seen)."""
    rest: list[str] = []
    durations: list[Duration] = []
    recurring = False
    i = 0
    while i < len(tokens):
        tok, nxt = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None
        count = NUMBER_WORDS.get(tok) or (int(tok) if tok.isdigit() and len(tok) <= 2 else None)
        if count and nxt in UNITS:
            durations.append(Duration(count, UNITS[nxt]))
            i += 2
        elif tok in RECURRENCE_WORDS and nxt in UNITS:
            recurring = True
            i += 2
        elif tok in RECURRING_WORDS:
            recurring = True
            i += 1
        else:
            rest.append(tok)
            i += 1
    return rest, durations, recurring


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


def _day(iso: str, upper: bool) -> datetime.date:
    return datetime.date.fromisoformat(_upper_bound(iso) if upper else _lower_bound(iso))


def _has_gap(intervals: list[tuple[str | None, str | None]]) -> bool:
    """Whether the stated spans leave a gap between them (contiguous spans join: 2015-2020, 2021-25)."""
    spans = sorted(((_day(s, False) if s else datetime.date.min), (_day(e, True) if e else datetime.date.max))
                   for s, e in intervals)
    reach = spans[0][1]
    for low, high in spans[1:]:
        if reach < datetime.date.max and low > reach + datetime.timedelta(days=1):
            return True
        reach = max(reach, high)
    return False


def _borne_out(duration: Duration, start: str | None, end: str | None) -> bool:
    """Whether the period from *start* to *end* lasts exactly *duration* (at the dates' precision)."""
    if not (start and end):
        return False
    low, high = _day(start, False), _day(end, True)
    if duration.unit in ("day", "week"):
        return (high - low).days + 1 == duration.count * (7 if duration.unit == "week" else 1)
    months = duration.count * {"month": 1, "year": 12, "decade": 120}[duration.unit]
    year, month = divmod(low.month - 1 + months, 12)
    try:
        after = low.replace(year=low.year + year, month=month + 1)
    except ValueError:  # the 29th-31st of a shorter month: no whole-month duration ends there
        return False
    return high == after - datetime.timedelta(days=1)


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
    main_tokens, durations, recurring = _durations(_tokens(main))
    main_items = _dates_and_words(main_tokens)
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
    open_ended = any(s is not None and e is None for s, e in intervals)
    start = min(starts, key=_lower_bound) if starts else None
    # The last stated end, kept also when the practice is said to be ongoing; a span still open
    # ("since 2017") reaches past every end, so there is none then.
    end = max(ends, key=_upper_bound) if ends and not open_ended else None
    if start and end and _lower_bound(start) > _upper_bound(end):
        raise PeriodError(f"the period starts ({start}) after it ends ({end})")
    dropped = (recurring or (bool(intervals) and _has_gap(intervals))
               or any(not _borne_out(d, start, end) for d in durations))
    return Period(printed, start, end, ongoing or None, permanent or None, normalised=not dropped)
