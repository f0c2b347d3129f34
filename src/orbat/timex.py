"""The dates a text gives for a fact: "in 2007", "June 2014", "on 3 January 2020", "last July".

``resolve_time(text, article_date)`` finds every time expression in a phrase or
sentence; ``time_in(text, start, end, article_date)`` picks the one that dates
the fact stated by ``text[start:end]``.

Rules (ONTOLOGY.md, "time"):

* A value is written only as precisely as the text gives it: ``"2014"``
  (precision ``year``), ``"2014-06"`` (``month``), ``"2014-06-03"`` (``day``).
  Nothing is filled from today's date.
* Relative expressions ("last July", "earlier this month", "last week", "on
  Sunday", "yesterday", "two years ago", a day and month without a year)
  resolve against ``article_date`` only; without it their value is ``None``.
  An article date known only to the year or month resolves only what that
  precision allows ("last year" from "2017", not "yesterday").
* Bounds are not the fact's time: "after the 1979 revolution", "before 2003",
  "until 2011", "by 2020" give ``value=None`` and ``bound`` set. "since 2014"
  is the start of a state that still holds and keeps its value (``bound``
  "since"). Decades ("the 1980s") and ranges ("2014-2016", "between 2012 and
  2014") have no single value.
* Numbers that are not years are never times: "2,000 fighters", "Unit 400",
  "Resolution 2231", "some 1500 men", "$2000".

Everything is a single pass of linear regular expressions (no nested
quantifiers), so long texts cost time proportional to their length.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

__all__ = ["TimeExpr", "resolve_time", "time_in", "parse_article_date"]


@dataclass(frozen=True)
class TimeExpr:
    text: str  # the words as in the text
    start: int  # character offsets (into the string given to resolve_time / time_in)
    end: int
    value: str | None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when unresolved or not a point in time
    precision: str | None  # "year" | "month" | "day" (None when value is None)
    bound: str | None = None  # "after" | "before" | "until" | "by" | "since" | "range" | "decade"


MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None,
    "some": None, "many": None,
}

_MONTH = (r"(?P<{n}>january|february|march|april|may|june|july|august|september|october|november|december"
          r"|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)")
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>1[6-9]\d\d|20\d\d)"
_BOUND = r"(?:(?P<bound>after|before|until|till|by|since|prior\s{1,6}to|following|from)\s{1,6}(?:the\s{1,6})?)?"
_PREP = r"(?:(?:in|on|during|of|at|as\s{1,6}of|early|mid|late|earlier|later|the\s{1,6}end\s{1,6}of|the\s{1,6}start\s{1,6}of|the\s{1,6}spring\s{1,6}of|the\s{1,6}summer\s{1,6}of|the\s{1,6}autumn\s{1,6}of|the\s{1,6}fall\s{1,6}of|the\s{1,6}winter\s{1,6}of)[\s-]{1,3}){0,3}"


def _m(name: str) -> str:
    return _MONTH.format(n=name)


def _d(name: str) -> str:
    return _DAY.format(n=name)


def _y(name: str) -> str:
    return _YEAR.format(n=name)


_NUM = r"(?P<num>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"

# one alternation, longest forms first; every branch is linear
_PATTERNS = [
    ("iso", r"(?:(?:on|in|of|since|from|until|by|dated)\s{1,6})?(?P<iy>(?:1[6-9]|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])(?![\d-])"),
    ("range", r"(?:(?:in|from|during|between|of)\s{1,6})?(?:the\s{1,6})?(?:years?\s{1,6})?" + _y("ry1") + r"\s{0,6}(?:-|–|—|to|and)\s{0,6}(?P<ry2>(?:1[6-9]|20)?\d\d)(?![\d,])"),
    ("dmy", _BOUND + _PREP + _d("dd") + r"\s{1,6}" + _m("dm") + r",?\s{1,6}" + _y("dy")),
    ("mdy", _BOUND + _PREP + _m("mm") + r"\s{1,6}" + _d("md") + r"(?:st|nd|rd|th)?,?\s{1,6}" + _y("my")),
    ("my", _BOUND + _PREP + _m("ym") + r",?\s{1,6}(?:of\s{1,6})?" + _y("yy")),
    ("dm", _BOUND + _PREP + _d("xd") + r"\s{1,6}(?:of\s{1,6})?" + _m("xm") + r"(?![\w])"),
    ("md", _BOUND + _PREP + _m("zm") + r"\s{1,6}" + _d("zd") + r"(?![\d:,]\d|\w)"),
    ("decade", _BOUND + r"(?:in\s{1,6})?(?:the\s{1,6})?(?:early\s{1,6}|mid\s{1,6}|late\s{1,6}|mid-)?(?P<dec>(?:1[6-9]|20)\d0)[’']?s\b"),
    ("ago", _NUM + r"\s{1,6}(?P<unit>years?|months?|weeks?|days?)\s{1,6}ago\b"),
    ("rel_unit", r"(?P<rel>last|next|this|past|previous|coming|earlier\s{1,6}this|later\s{1,6}this|earlier\s{1,6}last|late\s{1,6}last|early\s{1,6}last)\s{1,6}(?P<runit>year|month|week)\b"),
    ("rel_month", r"(?P<mrel>last|next|this|this\s{1,6}past|earlier\s{1,6}in|in)\s{1,6}" + _m("rm") + r"(?!\w)(?!\s{1,6}\d)"),
    ("weekday", r"(?P<wrel>on\s{1,6}|last\s{1,6}|this\s{1,6}past\s{1,6}|this\s{1,6}|next\s{1,6}|late\s{1,6}|early\s{1,6}|on\s{1,6}the\s{1,6}previous\s{1,6})?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("deictic", r"(?P<deic>yesterday|today|the\s{1,6}day\s{1,6}before\s{1,6}yesterday|tonight)\b"),
    ("year", _BOUND + _PREP + _y("y")),
]
_RX = re.compile(
    r"(?<![\w$£€#.,/-])(?:"
    + "|".join(f"(?P<_{k}>{p.replace('(?P<bound>', f'(?P<b_{k}>')})" for k, p in _PATTERNS)
    + r")",
    re.I,
)

# words before a number that make it a label, not a year ("Unit 400", "Resolution 2231")
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:unit|units|resolution|resolutions|no|number|nos|article|articles|flight|route|highway|road|brigade|"
    r"division|battalion|regiment|corps|room|page|pages|chapter|law|decree|order|section|paragraph|force|group|"
    r"code|model|type|class|item|bill|file|case|item|squad|base|camp|checkpoint|tower|block|building|"
    r"some|about|around|approximately|roughly|nearly|almost|over|under|only|least|than|up\s+to|total\s+of|"
    r"estimated|another|additional|extra|the\s+first|the\s+last)\.?|[#$£€%])\s*$",
    re.I,
)
# words after a number that make it a count ("2000 fighters")
_COUNT_AFTER = re.compile(
    r"^\s*(?:fighters|troops|soldiers|men|women|people|persons|members|militiamen|militants|volunteers|recruits|"
    r"civilians|children|refugees|rockets|missiles|drones|shells|rounds|vehicles|tanks|km|kilometers|kilometres|"
    r"miles|meters|metres|feet|tons|tonnes|dollars|euros|rials|tomans|barrels|families|households|deaths|dead|"
    r"killed|wounded|casualties|strong|-strong|%|percent|per\s+cent|hours|minutes|mm|kg|square|sq|more|others|"
    r"of\s+(?:the|them|his|their|whom|which))\b",
    re.I,
)


def parse_article_date(article_date: str | None) -> tuple[date | None, str | None]:
    """'2017-12-05' / '2017-12' / '2017' (or an ISO timestamp) -> (date, precision)."""
    if not article_date:
        return None, None
    s = str(article_date).strip()
    m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s)
    if not m:
        return None, None
    try:
        y = int(m.group(1))
        if m.group(3):
            return date(y, int(m.group(2)), int(m.group(3))), "day"
        if m.group(2):
            return date(y, int(m.group(2)), 1), "month"
        return date(y, 1, 1), "year"
    except ValueError:
        return None, None


_RANK = {"year": 1, "month": 2, "day": 3}


def _fmt(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _valid_day(y: int, mo: int, d: int) -> bool:
    return 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]


def _nearest_year(mo: int, d: int | None, ref: date) -> int:
    """The year that puts month/day nearest the article date (a date without a year)."""
    best = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        dd = d or 15
        if not _valid_day(y, mo, dd):
            dd = min(dd, calendar.monthrange(y, mo)[1])
        cand = date(y, mo, dd)
        dist = abs((cand - ref).days)
        if best is None or dist < best[0]:
            best = (dist, y)
    return best[1]


def _is_count(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30):start]
    after = text[end:end + 30]
    return bool(_LABEL_BEFORE.search(before) or _COUNT_AFTER.match(after))


def _expr(text, m, value, precision, bound=None):
    if value is None:
        precision = None
    return TimeExpr(m.group(0), m.start(), m.end(), value, precision, bound)


def _bound(m) -> str | None:
    b = m.groupdict().get("b_" + (m.lastgroup or "")[1:])
    if not b:
        return None
    b = re.sub(r"\s+", " ", b.lower())
    return {"till": "until", "prior to": "before", "following": "after"}.get(b, b)


def _absolute(m, kind, value, precision, text):
    b = _bound(m)
    if b and b not in ("since", "from"):
        return _expr(text, m, None, None, b)
    return _expr(text, m, value, precision, b)


def _one(m: re.Match, text: str, ref: date | None, ref_prec: str | None) -> TimeExpr | None:
    kind = m.lastgroup[1:] if m.lastgroup else None
    g = m.group
    rank = _RANK.get(ref_prec or "", 0)

    def need(prec: str) -> bool:
        return ref is not None and rank >= _RANK[prec]

    if kind == "iso":
        y, mo, d = int(g("iy")), int(g("im")), int(g("id"))
        return _expr(text, m, f"{y:04d}-{mo:02d}-{d:02d}" if _valid_day(y, mo, d) else None, "day")
    if kind == "range":
        if _is_count(text, m.start(), m.end()):
            return None
        return _expr(text, m, None, None, "range")
    if kind == "dmy":
        y, mo, d = int(g("dy")), _month(g("dm")), int(g("dd"))
        return _absolute(m, kind, f"{y:04d}-{mo:02d}-{d:02d}" if _valid_day(y, mo, d) else None, "day", text)
    if kind == "mdy":
        y, mo, d = int(g("my")), _month(g("mm")), int(g("md"))
        return _absolute(m, kind, f"{y:04d}-{mo:02d}-{d:02d}" if _valid_day(y, mo, d) else None, "day", text)
    if kind == "my":
        y, mo = int(g("yy")), _month(g("ym"))
        if g("ym") == "may":
            return None  # "may 2018 be": the modal verb
        return _absolute(m, kind, f"{y:04d}-{mo:02d}", "month", text)
    if kind in ("dm", "md"):
        mon = g("xm") if kind == "dm" else g("zm")
        day = int(g("xd") if kind == "dm" else g("zd"))
        if mon.lower() == "may" and kind == "md":
            # "may 3" is usually the modal verb before a number
            if not mon[0].isupper():
                return None
        mo = _month(mon)
        if not 1 <= day <= 31:
            return None
        value = None
        if need("month"):
            y = _nearest_year(mo, day, ref)
            if _valid_day(y, mo, day):
                value = f"{y:04d}-{mo:02d}-{day:02d}"
        return _absolute(m, kind, value, "day", text)
    if kind == "decade":
        return _expr(text, m, None, None, "decade")
    if kind == "ago":
        n = g("num").lower()
        n = int(n) if n.isdigit() else NUMBER_WORDS.get(n)
        unit = g("unit").lower().rstrip("s")
        if n is None:
            return _expr(text, m, None, None)
        if unit == "year" and need("year"):
            return _expr(text, m, _fmt(ref - relativedelta(years=n), "year"), "year")
        if unit == "month" and need("month"):
            return _expr(text, m, _fmt(ref - relativedelta(months=n), "month"), "month")
        if unit == "week" and need("day"):
            d = ref - timedelta(weeks=n)
            return _expr(text, m, _fmt(d, "month"), "month")
        if unit == "day" and need("day"):
            return _expr(text, m, _fmt(ref - timedelta(days=n), "day"), "day")
        return _expr(text, m, None, None)
    if kind == "rel_unit":
        rel = re.sub(r"\s+", " ", g("rel").lower())
        unit = g("runit").lower()
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0,
                "earlier this": 0, "later this": 0, "earlier last": -1, "late last": -1, "early last": -1}[rel]
        if unit == "year" and need("year"):
            return _expr(text, m, _fmt(ref + relativedelta(years=step), "year"), "year")
        if unit == "month" and need("month"):
            return _expr(text, m, _fmt(ref + relativedelta(months=step), "month"), "month")
        if unit == "week" and need("day"):
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
            sunday = monday + timedelta(days=6)
            if (monday.year, monday.month) == (sunday.year, sunday.month):
                return _expr(text, m, _fmt(monday, "month"), "month")
            if monday.year == sunday.year:
                return _expr(text, m, _fmt(monday, "year"), "year")
        return _expr(text, m, None, None)
    if kind == "rel_month":
        rel = re.sub(r"\s+", " ", g("mrel").lower())
        mon = g("rm")
        if mon.lower().rstrip(".") == "may" and not mon[0].isupper():
            return None
        if rel == "in":
            # "in June" without a year: the June nearest the article date
            if need("month"):
                y = _nearest_year(_month(mon), None, ref)
                return _expr(text, m, f"{y:04d}-{_month(mon):02d}", "month")
            return _expr(text, m, None, None)
        if not need("month"):
            return _expr(text, m, None, None)
        mo = _month(mon)
        if rel in ("last", "this past", "earlier in"):
            y = ref.year if mo < ref.month else ref.year - 1
        elif rel == "next":
            y = ref.year if mo > ref.month else ref.year + 1
        else:  # this
            y = ref.year
        return _expr(text, m, f"{y:04d}-{mo:02d}", "month")
    if kind == "weekday":
        wrel = re.sub(r"\s+", " ", (g("wrel") or "").strip().lower())
        if not wrel and not g("wd")[0].isupper():
            return None
        if not need("day"):
            return _expr(text, m, None, None)
        wd = WEEKDAYS[g("wd").lower()]
        if wrel in ("next",):
            delta = (wd - ref.weekday()) % 7 or 7
            return _expr(text, m, (ref + timedelta(days=delta)).isoformat(), "day")
        back = (ref.weekday() - wd) % 7
        if wrel == "last" and back == 0:
            back = 7
        return _expr(text, m, (ref - timedelta(days=back)).isoformat(), "day")
    if kind == "deictic":
        w = re.sub(r"\s+", " ", g("deic").lower())
        if not need("day"):
            return _expr(text, m, None, None)
        off = {"yesterday": -1, "today": 0, "tonight": 0, "the day before yesterday": -2}[w]
        return _expr(text, m, (ref + timedelta(days=off)).isoformat(), "day")
    if kind == "year":
        ys, ye = m.start("y"), m.end("y")
        if _is_count(text, ys, ye):
            return None
        prefix = text[m.start():ys]
        if not prefix.strip():
            # a bare number: a year only when nothing says it counts something,
            # and it is not glued to other digits or a decimal/thousands mark
            nxt = text[ye:ye + 2]
            if re.match(r"[,.]\d", nxt):
                return None
        return _absolute(m, kind, g("y"), "year", text)
    return None


def resolve_time(phrase_or_sentence: str, article_date: str | None) -> list[TimeExpr]:
    """Every time expression in the text, in order, with values as precise as the text gives."""
    text = phrase_or_sentence or ""
    ref, ref_prec = parse_article_date(article_date)
    out: list[TimeExpr] = []
    for m in _RX.finditer(text):
        t = _one(m, text, ref, ref_prec)
        if t is not None:
            out.append(t)
    return out


def time_in(text: str, start: int, end: int, article_date: str | None) -> TimeExpr | None:
    """The time of the fact stated by ``text[start:end]`` (offsets into ``text``).

    The first expression with a value that is not a bound wins; else the first
    expression found (its value is None: a bound, a decade, or a relative date
    with no article date); else None.
    """
    start = max(0, start)
    end = min(len(text), end)
    if end <= start:
        return None
    found = resolve_time(text[start:end], article_date)
    if not found:
        return None
    shifted = [TimeExpr(t.text, t.start + start, t.end + start, t.value, t.precision, t.bound) for t in found]
    for t in shifted:
        if t.value is not None and t.bound in (None, "since", "from"):
            return t
    return shifted[0]
