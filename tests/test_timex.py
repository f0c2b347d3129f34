import time

import pytest

from orbat.timex import TimeExpr, parse_article_date, resolve_time, time_in

ART = "2017-12-05"  # a Tuesday


def one(text, article_date=ART):
    found = resolve_time(text, article_date)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("The Treasury designated the unit in 2007.", "2007", "year"),
        ("The brigade has fought in Syria since 2014.", "2014", "year"),
        ("The PMF was formed in June 2014 after the fall of Mosul.", "2014-06", "month"),
        ("June 2014 was the month the militias mobilised.", "2014-06", "month"),
        ("He was killed on 3 January 2020 near the airport.", "2020-01-03", "day"),
        ("He was killed on January 3, 2020, near the airport.", "2020-01-03", "day"),
        ("The order is dated 2019-05-12.", "2019-05-12", "day"),
        ("The unit expanded in early 2016.", "2016", "year"),
        ("Fighting resumed in mid-2015.", "2015", "year"),
    ],
)
def test_absolute_dates_do_not_need_the_article_date(text, value, precision):
    for art in (ART, None):
        t = one(text, art)
        assert (t.value, t.precision) == (value, precision)
        assert text[t.start:t.end] == t.text


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("Soleimani wrote to Khamenei on November 21st, declaring victory.", "2017-11-21", "day"),
        ("The commander spoke on Jan. 3 in Tehran.", "2018-01-03", "day"),
        ("Jafari addressed Basij commanders last July.", "2017-07", "month"),
        ("The two generals met earlier this month.", "2017-12", "month"),
        ("The leaders were invited to Russia last week.", "2017", "year"),  # Nov 27 - Dec 3 spans two months
        ("The rally was held on Sunday in Tehran.", "2017-12-03", "day"),
        ("The militia shelled the town yesterday.", "2017-12-04", "day"),
        ("The IRGC commander was killed in Syria last year.", "2016", "year"),
        ("The brigade was formed two years ago.", "2015", "year"),
        ("The unit moved to Aleppo last month.", "2017-11", "month"),
        ("Parliament passed the law three months ago.", "2017-09", "month"),
    ],
)
def test_relative_dates_resolve_only_with_an_article_date(text, value, precision):
    t = one(text, ART)
    assert (t.value, t.precision) == (value, precision)
    t = one(text, None)
    assert t.value is None and t.precision is None


def test_last_week_inside_one_month_keeps_the_month():
    t = one("The leaders met last week.", "2017-12-20")
    assert (t.value, t.precision) == ("2017-12", "month")


def test_article_date_precision_limits_resolution():
    assert one("The unit was formed last year.", "2017").value == "2016"
    assert one("The town was shelled yesterday.", "2017").value is None
    assert one("They met earlier this month.", "2017-12").value == "2017-12"
    assert one("They met on Sunday.", "2017-12").value is None


def test_no_leak_of_todays_date():
    # a bare year stays a year; a month stays a month
    assert one("He joined the IRGC in 1981.", None).value == "1981"
    assert one("He joined the IRGC in March 1981.", None).value == "1981-03"


def test_bounds_are_not_the_time_of_the_fact():
    t = one("The Basij was created after the 1979 revolution.")
    assert t.value is None and t.bound == "after"
    t = one("The group had disbanded before 2003.")
    assert t.value is None and t.bound == "before"
    t = one("Their mission runs until 2025.")
    assert t.value is None and t.bound == "until"
    t = one("The force has operated in Iraq since 2014.")
    assert t.value == "2014" and t.bound == "since"


def test_decades_and_ranges_have_no_value():
    t = one("The Badr Corps fought Iraq in the 1980s.")
    assert t.value is None and t.bound == "decade"
    t = one("The brigade fought in Syria from 2013 to 2016.")
    assert t.value is None and t.bound == "range"
    t = one("It was deployed between 2012 and 2014.")
    assert t.value is None and t.bound == "range"


@pytest.mark.parametrize(
    "text",
    [
        "The militia sent 2,000 fighters to Aleppo.",
        "The militia sent 2000 fighters to Aleppo.",
        "Unit 400 of the Quds Force runs operations abroad.",
        "Resolution 2231 endorsed the nuclear deal.",
        "Some 1500 men joined the brigade.",
        "The group paid $2019 to each recruit.",
        "The unit has about 1990 members.",
        "Iran may 3 times increase its support.",
        "The deal may 2018 be revisited.",
    ],
)
def test_numbers_that_are_not_years(text):
    assert resolve_time(text, ART) == []


def test_several_expressions_in_order():
    found = resolve_time("Formed in June 2014, the PMF was made permanent in 2016.", None)
    assert [t.value for t in found] == ["2014-06", "2016"]


def test_time_in_window():
    text = ("The IRGC's involvement has grown since the incursion into Iraq in 2014, "
            "and Hakim met Khamenei on Sunday.")
    w_end = text.index(", and")
    t = time_in(text, 0, w_end, None)
    assert t.value == "2014" and text[t.start:t.end] == t.text
    t = time_in(text, w_end, len(text), None)
    assert t.text == "on Sunday" and t.value is None
    assert time_in(text, 0, 10, None) is None
    assert time_in(text, 50, 10, None) is None


def test_time_in_prefers_a_point_over_a_bound():
    text = "The Basij was created after the 1979 revolution and went to war in 1980."
    t = time_in(text, 0, len(text), None)
    assert t.value == "1980"
    t = time_in(text, 0, text.index(" and"), None)
    assert t.value is None and t.bound == "after"


def test_invalid_dates_are_not_values():
    t = one("The order is dated 2019-02-30.")
    assert t.value is None
    assert one("It happened on 31 February 2019.").value is None


def test_parse_article_date():
    assert parse_article_date("2017-12-05T10:00:00Z") == parse_article_date("2017-12-05")
    assert parse_article_date("2017")[1] == "year"
    assert parse_article_date("nonsense") == (None, None)
    assert parse_article_date(None) == (None, None)


def test_timeexpr_is_frozen():
    t = TimeExpr("in 2007", 0, 7, "2007", "year")
    with pytest.raises(Exception):
        t.value = "2008"  # type: ignore[misc]


def test_long_text_is_fast():
    text = ("The brigade, with 2,000 fighters and Unit 400 support, moved on 3 January 2020 and again last July; "
            * 2000) + "1" * 50000 + " in" * 20000
    t0 = time.perf_counter()
    found = resolve_time(text, ART)
    assert time.perf_counter() - t0 < 10
    assert len(found) == 4000
