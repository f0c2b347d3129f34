"""Assemble an ``Article`` from what a reader found: text, id, date."""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable

from dateutil import parser as _dateparser

from orbat.model import Article
from orbat.sources.identity import article_id

_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_DEFAULTS = (_dt.datetime(2000, 1, 1), _dt.datetime(2001, 2, 2))


def iso_date(value: object) -> str | None:
    """``value`` as ISO "YYYY-MM-DD" (or "YYYY-MM", "YYYY" when that is all it says), else None."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    s = str(value).strip()
    if not s or len(s) > 100:
        return None
    if _ISO.fullmatch(s):
        return s if _valid(s) else None
    try:
        # Parsed twice with different defaults: a field that differs was not in the text.
        a, b = (_dateparser.parse(s, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.year != b.year:
        return None
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    return a.date().isoformat()


def _valid(s: str) -> bool:
    parts = [int(x) for x in s.split("-")]
    try:
        _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return parts[0] >= 1


def clean(value: object) -> str | None:
    """A metadata value as a stripped one-line string, or None when blank."""
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def make_article(
    *,
    path: str,
    body: str,
    format: str,
    title: str | None = None,
    source: str | None = None,
    published: object = None,
    url: str | None = None,
    author: str | None = None,
    comments: Iterable[str] = (),
    boilerplate: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> Article:
    """The Article whose text is title, blank line, body (or body alone)."""
    title = clean(title)
    body = body.strip()
    text = f"{title}\n\n{body}" if title and body else (body or title or "")
    return Article(
        id=article_id(text),
        path=path,
        text=text,
        title=title,
        source=clean(source),
        published=iso_date(published),
        url=clean(url),
        author=clean(author),
        format=format,
        comments=tuple(comments),
        boilerplate=tuple(boilerplate),
        tags=tuple(dict.fromkeys(t for t in (clean(x) for x in tags) if t)),
    )
