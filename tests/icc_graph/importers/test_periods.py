"""Printed periods -> start, end, ongoing, permanent; every form of the ICC table and made-up ones."""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from icc_graph.importers.periods import Period, PeriodError, parse_period

# (printed, start, end, ongoing, permanent, normalised).
# TABLE_FORMS is every distinct year_or_period of the ICC catalogue table (../shared/icc-practices.tsv),
# checked by hand; test_every_form_of_the_shared_table_is_here keeps it complete.
TABLE_FORMS = [
    ("2006 onwards", "2006", None, True, None, True),
    ("2009-ongoing", "2009", None, True, None, True),
    ("2010", "2010", "2010", None, None, True),
    ("2010 onwards", "2010", None, True, None, True),
    ("2010-ongoing", "2010", None, True, None, True),
    ("2013-", "2013", None, True, None, True),
    ("2014", "2014", "2014", None, None, True),
    ("2014 onwards", "2014", None, True, None, True),
    ("2015-2020 / 2021-25", "2015", "2025", None, None, True),  # two spans that join: nothing dropped
    ("2016", "2016", "2016", None, None, True),
    ("2016 onwards", "2016", None, True, None, True),
    ("2016-", "2016", None, True, None, True),
    ("2016-2019", "2016", "2019", None, None, True),
    ("2017", "2017", "2017", None, None, True),
    ("2017-2018", "2017", "2018", None, None, True),
    ("2017-2021", "2017", "2021", None, None, True),
    ("2018", "2018", "2018", None, None, True),
    ("2018 on", "2018", None, True, None, True),
    ("2018 onwards", "2018", None, True, None, True),
    ("2019", "2019", "2019", None, None, True),
    ("2019 - ongoing", "2019", None, True, None, True),
    ("2019 on", "2019", None, True, None, True),
    ("2019-2021", "2019", "2021", None, None, True),
    ("2020", "2020", "2020", None, None, True),
    ("2020-2021", "2020", "2021", None, None, True),
    ("2021", "2021", "2021", None, None, True),
    ("2021 (ongoing since 2017)", "2017", None, True, None, True),  # 2021 lies within the open span
    ("2021 - 2024", "2021", "2024", None, None, True),
    ("2022", "2022", "2022", None, None, True),
    ("2022 onwards", "2022", None, True, None, True),
    ("25-28 August 2016", "2016-08-25", "2016-08-28", None, None, True),
    ("2nd half 2021", "2021-07", "2021-12", None, None, True),
    ("6 months (July-December 2017) + 8 months’ employment", None, None, None, None, False),
    ("8-11 September 2016", "2016-09-08", "2016-09-11", None, None, True),
    ("April to November 2021", "2021-04", "2021-11", None, None, True),
    ("Depuis 2020", "2020", None, True, None, True),
    ("Every month since the beginning of 2016", "2016", None, True, None, False),  # "every month" dropped
    ("From 2018 - ongoing", "2018", None, True, None, True),
    ("From 2021 to 2027", "2021", "2027", None, None, True),
    ("From September 2014 to May 2015 (still ongoing as part of the municipal strategy for promoting "
     "interculturality)", "2014-09", "2015-05", True, None, True),  # the end is kept with "ongoing"
    ("January - February 2018", "2018-01", "2018-02", None, None, True),
    ("June 2017", "2017-06", "2017-06", None, None, True),
    ("March 2017 – present", "2017-03", None, True, None, True),
    ("N/A", None, None, None, None, False),
    ("One day project", None, None, None, None, False),
    ("Ongoing", None, None, True, None, True),
    ("Permanent", None, None, None, True, True),
    ("Permanent since 2012", "2012", None, True, True, True),
    ("Running for several decades", None, None, None, None, False),
    ("Since 2009", "2009", None, True, None, True),
    ("Since 2014", "2014", None, True, None, True),
    ("Since 2017 - Ongoing", "2017", None, True, None, True),
    ("Since 2022", "2022", None, True, None, True),
    ("Social network - ongoing / Assessment - 2017", None, None, None, None, False),
    ("Three years - 2017, 2018 and 2019", "2017", "2019", None, None, True),  # three years, borne out
    ("Two years from February 2016 to January 2018 (with the possibility of renewal for an additional year)",
     "2016-02", "2018-01", None, None, True),
    ("as from 2015", "2015", None, True, None, True),
    ("current", None, None, True, None, True),
    ("depuis 2014", "2014", None, True, None, True),
    ("mai 2016", "2016-05", "2016-05", None, None, True),
    ("ongoing", None, None, True, None, True),
    ("permanent", None, None, None, True, True),
    ("since April 2017", "2017-04", None, True, None, True),
    ("until 2023", None, "2023", None, None, True),
]

MADE_UP_FORMS = [
    # the example: start, end and ongoing all kept
    ("2019-2023 (ongoing)", "2019", "2023", True, None, True),
    ("2018-2020, still ongoing", "2018", "2020", True, None, True),
    # other languages, spellings and precisions
    ("Depuis juin 2017", "2017-06", None, True, None, True),
    ("juin 2017", "2017-06", "2017-06", None, None, True),
    ("jusqu'en 2020", None, "2020", None, None, True),
    ("décembre 2019 à mars 2020", "2019-12", "2020-03", None, None, True),
    ("desde 2018", "2018", None, True, None, True),
    ("seit 2019", "2019", None, True, None, True),
    ("1st half 2019", "2019-01", "2019-06", None, None, True),
    ("25 August - 2 September 2016", "2016-08-25", "2016-09-02", None, None, True),
    ("2016-08-25", "2016-08-25", "2016-08-25", None, None, True),
    ("29 February 2020", "2020-02-29", "2020-02-29", None, None, True),
    ("2019–2021", "2019", "2021", None, None, True),
    ("  2018   onwards. ", "2018", None, True, None, True),
    ("2018 (permanent)", "2018", "2018", None, True, True),
    # something dropped: the parts are kept, the period is not normalised
    ("2016, 2018", "2016", "2018", None, None, False),  # the gap (2017) is lost
    ("2010-2012, since 2015", "2010", None, True, None, False),
    ("Monthly since 2019", "2019", None, True, None, False),
    ("Two years from 2016", "2016", None, True, None, False),  # the end the two years imply is not stated
    ("Three years - 2017 to 2018", "2017", "2018", None, None, False),  # the dates do not bear it out
    ("One day, 25 August 2016", "2016-08-25", "2016-08-25", None, None, True),
    ("2 weeks, 1-14 March 2021", "2021-03-01", "2021-03-14", None, None, True),
    # nothing in them can be stated as a date without guessing
    ("TBC", None, None, None, None, False),
    ("every summer", None, None, None, None, False),
    ("a few weeks in 2019", None, None, None, None, False),
    ("25 2016", None, None, None, None, False),
    ("two years", None, None, None, None, False),
]

FORMS = TABLE_FORMS + MADE_UP_FORMS

IMPOSSIBLE = ["2020-2018", "32 August 2016", "29 February 2019", "2016-13-01", "From 2021 to 2019",
              "1850", "since 2999", "2021-19", "May 2020 - April 2020"]


@pytest.mark.parametrize("printed,start,end,ongoing,permanent,normalised", FORMS, ids=[f[0] for f in FORMS])
def test_every_form(printed, start, end, ongoing, permanent, normalised):
    period = parse_period(printed)
    assert (period.start, period.end, period.ongoing, period.permanent, period.normalised) == (
        start, end, ongoing, permanent, normalised)
    assert period.printed == printed.strip()


# A year printed as the end of a span: after a dash or an end word, maybe after a month name.
_RANGE_END = re.compile(r"(?:[-\u2013]|\bto\b|\buntil\b|\bjusqu.en\b|\u00e0)\s*(?:[^\W\d_]+\s+)?(\d{4})")
# Words that open a span with no end ("since 2017", "2018 onwards", "2013-").
_OPEN_START = re.compile(r"\b(?:since|depuis|desde|seit|onwards?|on)\b|-\s*(?:$|ongoing|present)",
                         re.IGNORECASE)


def kept_every_part(period: Period) -> list[str]:
    """What *period* dropped of its printed text, found without the parser: its years and ends."""
    text = period.printed
    problems = []
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)]
    if period.start is None and period.end is None:
        if period.normalised and years:
            problems.append(f"years {years} printed, none kept")
        return problems
    low = int(period.start[:4]) if period.start else None
    high = int(period.end[:4]) if period.end else None
    for year in (low, high):
        if year is not None and str(year) not in text and f"-{year % 100:02d}" not in text:
            problems.append(f"{year} is not printed")
    if period.normalised:
        outside = [y for y in years if (low is not None and y < low) or (high is not None and y > high)]
        if outside:
            problems.append(f"years {outside} printed outside the period")
    for match in _RANGE_END.finditer(text):
        year = int(match[1])
        if high is None and not _OPEN_START.search(text):
            problems.append(f"the end {year} was dropped")
        elif high is not None and high < year:
            problems.append(f"the end {year} was cut to {high}")
    if re.search(r"\b(?:ongoing|present|current)\b", text, re.IGNORECASE) and not period.ongoing:
        problems.append("'ongoing' was dropped")
    if re.search(r"\bpermanent", text, re.IGNORECASE) and not period.permanent:
        problems.append("'permanent' was dropped")
    return problems


@pytest.mark.parametrize("printed", [f[0] for f in FORMS])
def test_every_form_keeps_every_part(printed):
    assert kept_every_part(parse_period(printed)) == []


def test_the_check_finds_a_dropped_end():
    """The check above finds what the old parser did: the end dropped when the text says ongoing."""
    assert kept_every_part(Period("2019-2023 (ongoing)", "2019", None, True, None, True)) == [
        "the end 2023 was dropped"]
    assert kept_every_part(Period("From September 2014 to May 2015 (still ongoing)", "2014-09", None, True,
                                  None, True)) == ["the end 2015 was dropped"]
    assert kept_every_part(Period("2019-2023", "2019", "2021", None, None, True)) == [
        "2021 is not printed", "years [2023] printed outside the period", "the end 2023 was cut to 2021"]


SHARED = os.environ.get("ICC_SHARED_DIR")  # set by .ci/run where the shared material exists


@pytest.mark.skipif(not SHARED, reason="ICC_SHARED_DIR is not set")
def test_every_form_of_the_shared_table_is_here():
    with (Path(SHARED) / "icc-practices.tsv").open(encoding="utf-8", newline="") as handle:
        forms = {r["year_or_period"].strip() for r in csv.DictReader(handle, delimiter="\t")} - {""}
    assert forms == {f[0] for f in TABLE_FORMS}
    for form in sorted(forms):
        assert kept_every_part(parse_period(form)) == [], form


@pytest.mark.parametrize("printed", IMPOSSIBLE)
def test_impossible_periods_are_errors(printed):
    with pytest.raises(PeriodError):
        parse_period(printed)


@pytest.mark.parametrize("printed", ["", "   ", None])
def test_nothing_printed(printed):
    assert parse_period(printed) is None


def test_start_year_is_the_year_of_the_start():
    assert parse_period("25-28 August 2016").start_year == 2016
    assert parse_period("until 2023").start_year is None
