"""Dates as the store holds them: ISO strings as precise as the source ("2007", "2014-06", "2020-01-03").

A partial date is compared by its first day when asking "did it happen by
then?" (``start``) and by its last day when it is the limit asked about
(``end``): "as of 2019" means up to 2019-12-31, and a fact dated "2019" counts
as known by 2019-06-01.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

from orbat.workbench.errors import BadDate

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse(value: str | None, option: str = "date") -> str | None:
    """A user's date (YYYY, YYYY-MM or YYYY-MM-DD) checked and returned as given, or BadDate."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not m:
        raise BadDate(f"{option}: {value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2020-01-03)")
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        raise BadDate(f"{option}: {value!r} is not a real date; write YYYY, YYYY-MM or YYYY-MM-DD") from None
    out = y
    if mo:
        out += f"-{int(mo):02d}"
        if d:
            out += f"-{int(d):02d}"
    return out


@lru_cache(maxsize=65536)
def start(value: str | None) -> str | None:
    """First day of a stored date ("2019" -> "2019-01-01"); None when absent or unreadable."""
    if not value:
        return None
    m = _ISO.match(value)
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2) or '01'}-{m.group(3) or '01'}"


@lru_cache(maxsize=65536)
def end(value: str | None) -> str | None:
    """Last day of a date ("2019" -> "2019-12-31", "2020-02" -> "2020-02-29")."""
    if not value:
        return None
    m = _ISO.match(value)
    if not m:
        return None
    y = int(m.group(1))
    mo = int(m.group(2) or 12)
    d = int(m.group(3) or calendar.monthrange(y, mo)[1])
    return f"{y:04d}-{mo:02d}-{d:02d}"


def by(value: str | None, limit_end: str | None) -> bool:
    """Whether a stored date is no later than the limit (an ``end()``); unknown dates pass."""
    if limit_end is None:
        return True
    s = start(value)
    return s is None or s <= limit_end


def within(value: str | None, frm: str | None, to: str | None) -> bool:
    """Whether a known date overlaps [frm, to] (both user dates, inclusive)."""
    s, e = start(value), end(value)
    if s is None:
        return False
    if frm and e < start(frm):
        return False
    if to and s > end(to):
        return False
    return True
