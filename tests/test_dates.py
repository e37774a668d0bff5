from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.dates import find_date, find_dates, iso_partial, parse_date, partial_date


@pytest.mark.parametrize(
    "written",
    [
        "26 September 2021",
        "September 26, 2021",
        "Sept. 26, 2021",
        "26.09.2021",
        "2021-09-26",
        "26th of September 2021",
        "26 сентября 2021",
    ],
)
def test_common_written_forms_are_read(written):
    assert parse_date(written) == date(2021, 9, 26)


def test_impossible_dates_are_not_dates():
    assert parse_date("2021-13-45") is None
    assert parse_date("31.02.2021") is None


def test_first_date_in_a_title_is_found_with_its_span():
    title = "Interview with Interfax news agency, Moscow, July 21, 2021"
    assert find_date(title) == date(2021, 7, 21)
    [(_, start, end)] = find_dates(title)
    assert title[start:end] == "July 21, 2021"


def test_a_date_inside_text_is_not_the_whole_text():
    assert parse_date("Moscow, August 4, 2021") is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_reads_back_in_every_form(day):
    for written in (
        day.isoformat(),
        f"{day:%d.%m.%Y}",
        f"{day.day} {day:%B %Y}",
        f"{day:%B} {day.day}, {day.year}",
    ):
        assert parse_date(written) == day


@given(st.text(max_size=200))
def test_any_text_is_searched_for_dates_without_error(text):
    for value, start, end in find_dates(text):
        assert isinstance(value, date) and 0 <= start < end <= len(text)


@pytest.mark.parametrize(
    ("value", "precision", "shown"),
    [
        (date(1954, 1, 1), "year", "1954"),
        (date(1954, 9, 1), "month", "1954-09"),
        (date(1954, 9, 21), "day", "1954-09-21"),
        (None, None, None),
        (None, "year", None),
    ],
)
def test_a_date_is_written_to_the_precision_it_is_known_to(value, precision, shown):
    assert iso_partial(value, precision) == shown


def test_a_partial_date_is_its_periods_first_day_with_its_precision():
    assert partial_date(1954) == (date(1954, 1, 1), "year")
    assert partial_date(1954, 9) == (date(1954, 9, 1), "month")
