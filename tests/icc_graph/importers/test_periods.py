"""Printed periods -> start, end, ongoing, permanent; every form of the ICC table and made-up ones."""
from __future__ import annotations

import pytest

from icc_graph.importers.periods import PeriodError, parse_period

# (printed, start, end, ongoing, permanent); normalised is True for all of these.
NORMALISED = [
    # every distinct form in the ICC catalogue table
    ("2006 onwards", "2006", None, True, None),
    ("2009-ongoing", "2009", None, True, None),
    ("2010", "2010", "2010", None, None),
    ("2010 onwards", "2010", None, True, None),
    ("2010-ongoing", "2010", None, True, None),
    ("2013-", "2013", None, True, None),
    ("2014", "2014", "2014", None, None),
    ("2014 onwards", "2014", None, True, None),
    ("2015-2020 / 2021-25", "2015", "2025", None, None),
    ("2016", "2016", "2016", None, None),
    ("2016 onwards", "2016", None, True, None),
    ("2016-", "2016", None, True, None),
    ("2016-2019", "2016", "2019", None, None),
    ("2017", "2017", "2017", None, None),
    ("2017-2018", "2017", "2018", None, None),
    ("2017-2021", "2017", "2021", None, None),
    ("2018", "2018", "2018", None, None),
    ("2018 on", "2018", None, True, None),
    ("2018 onwards", "2018", None, True, None),
    ("2019", "2019", "2019", None, None),
    ("2019 - ongoing", "2019", None, True, None),
    ("2019 on", "2019", None, True, None),
    ("2019-2021", "2019", "2021", None, None),
    ("2020", "2020", "2020", None, None),
    ("2020-2021", "2020", "2021", None, None),
    ("2021", "2021", "2021", None, None),
    ("2021 (ongoing since 2017)", "2017", None, True, None),
    ("2021 - 2024", "2021", "2024", None, None),
    ("2022", "2022", "2022", None, None),
    ("2022 onwards", "2022", None, True, None),
    ("25-28 August 2016", "2016-08-25", "2016-08-28", None, None),
    ("2nd half 2021", "2021-07", "2021-12", None, None),
    ("8-11 September 2016", "2016-09-08", "2016-09-11", None, None),
    ("April to November 2021", "2021-04", "2021-11", None, None),
    ("Depuis 2020", "2020", None, True, None),
    ("Every month since the beginning of 2016", "2016", None, True, None),
    ("From 2018 - ongoing", "2018", None, True, None),
    ("From 2021 to 2027", "2021", "2027", None, None),
    ("From September 2014 to May 2015 (still ongoing as part of the municipal strategy for promoting "
     "interculturality)", "2014-09", None, True, None),
    ("January - February 2018", "2018-01", "2018-02", None, None),
    ("June 2017", "2017-06", "2017-06", None, None),
    ("March 2017 – present", "2017-03", None, True, None),
    ("Ongoing", None, None, True, None),
    ("ongoing", None, None, True, None),
    ("current", None, None, True, None),
    ("Permanent", None, None, None, True),
    ("permanent", None, None, None, True),
    ("Permanent since 2012", "2012", None, True, True),
    ("Since 2009", "2009", None, True, None),
    ("Since 2014", "2014", None, True, None),
    ("Since 2017 - Ongoing", "2017", None, True, None),
    ("Since 2022", "2022", None, True, None),
    ("since April 2017", "2017-04", None, True, None),
    ("Three years - 2017, 2018 and 2019", "2017", "2019", None, None),
    ("Two years from February 2016 to January 2018 (with the possibility of renewal for an additional year)",
     "2016-02", "2018-01", None, None),
    ("as from 2015", "2015", None, True, None),
    ("depuis 2014", "2014", None, True, None),
    ("mai 2016", "2016-05", "2016-05", None, None),
    ("until 2023", None, "2023", None, None),
    # made up: other languages, spellings and precisions
    ("Depuis juin 2017", "2017-06", None, True, None),
    ("juin 2017", "2017-06", "2017-06", None, None),
    ("jusqu'en 2020", None, "2020", None, None),
    ("décembre 2019 à mars 2020", "2019-12", "2020-03", None, None),
    ("desde 2018", "2018", None, True, None),
    ("seit 2019", "2019", None, True, None),
    ("1st half 2019", "2019-01", "2019-06", None, None),
    ("25 August - 2 September 2016", "2016-08-25", "2016-09-02", None, None),
    ("2016-08-25", "2016-08-25", "2016-08-25", None, None),
    ("29 February 2020", "2020-02-29", "2020-02-29", None, None),
    ("2019–2021", "2019", "2021", None, None),
    ("  2018   onwards. ", "2018", None, True, None),
    ("2018 (permanent)", "2018", "2018", None, True),
]

KEPT_AS_TEXT = [
    # in the table: nothing in them can be stated as a date without guessing
    "N/A", "One day project", "Running for several decades",
    "Social network - ongoing / Assessment - 2017",
    "6 months (July-December 2017) + 8 months’ employment",
    # made up
    "TBC", "every summer", "a few weeks in 2019", "25 2016",
]

IMPOSSIBLE = ["2020-2018", "32 August 2016", "29 February 2019", "2016-13-01", "From 2021 to 2019",
              "1850", "since 2999", "2021-19", "May 2020 - April 2020"]


@pytest.mark.parametrize("printed,start,end,ongoing,permanent", NORMALISED)
def test_normalised(printed, start, end, ongoing, permanent):
    period = parse_period(printed)
    assert (period.start, period.end, period.ongoing, period.permanent) == (start, end, ongoing, permanent)
    assert period.normalised is True
    assert period.printed == printed.strip()


@pytest.mark.parametrize("printed", KEPT_AS_TEXT)
def test_kept_as_printed_text(printed):
    period = parse_period(printed)
    assert period.normalised is False
    assert (period.start, period.end, period.ongoing, period.permanent) == (None, None, None, None)
    assert period.printed == printed


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
