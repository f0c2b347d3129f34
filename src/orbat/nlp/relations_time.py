"""The time of a relation: the year or date the text gives for the fact itself.

Uses ``orbat.timex.time_in`` when that module is there; else reads "in 2007" / "in June 2014" inside
the relation's words or right after them. A date after "after/before/since" or a statement date
("said on Dec. 14") is not the time of the fact.
"""
from __future__ import annotations

import re

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.")
_IN_YEAR = re.compile(r"\bin\s+(?:(?:early|late|mid-?)\s*)?(?:(" + MONTHS + r")\s+)?((?:19|20)\d\d)\b")
_TRAIL = re.compile(r"\s*,?\s*(?:\S+\s+){0,1}?in\s+(?:(?:early|late|mid-?)\s*)?(?:(?:" + MONTHS + r")\s+)?(?:19|20)\d\d\b")
_MONTH_NUM = {m[:3].lower(): i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split())}

try:  # the shared time-expression helper, when present
    from orbat import timex as _timex
except ImportError:  # pragma: no cover - depends on the checkout
    _timex = None


def time_for(text: str, start: int, end: int, limit: int, article_date: str | None):
    """(value, precision) for the fact stated by text[start:end], or (None, None)."""
    m = _TRAIL.match(text, end, min(limit, end + 40))
    stop = m.end() if m else end
    if _timex is not None and hasattr(_timex, "time_in"):
        try:
            t = _timex.time_in(text, start, stop, article_date)
        except Exception:  # noqa: BLE001 - a helper bug must not lose the relation
            t = None
        if t is not None and getattr(t, "value", None):
            return t.value, getattr(t, "precision", None)
        return None, None
    for y in _IN_YEAR.finditer(text, start, stop):
        month = y.group(1)
        if month:
            return f"{y.group(2)}-{_MONTH_NUM[month[:3].lower()]:02d}", "month"
        return y.group(2), "year"
    return None, None
