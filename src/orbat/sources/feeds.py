"""RSS 2.0 and Atom feeds to one Article per item, via feedparser, offline.

Before feedparser sees a byte, a document whose DOCTYPE declares entities is
refused: that is how billion-laughs bombs and external entities (a file, a
URL) get in. Feedparser is only ever handed an in-memory stream, never a
string it could take for a URL or a file name, so nothing is fetched.
"""
from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser

import feedparser

from orbat.model import Article, Rejection
from orbat.sources.article import make_article
from orbat.sources.boilerplate import split_tail

ENTITIES = ("feed declares XML entities; refused "
            "(entity expansion and external entities are not allowed)")
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def declares_entities(text: str) -> bool:
    """True when the document has a DOCTYPE and an entity declaration.

    ``<!ENTITY`` only means something inside a DOCTYPE; a feed with one
    anywhere alongside a DOCTYPE is refused rather than parsed carefully.
    """
    return bool(_DOCTYPE.search(text)) and "<!ENTITY" in text.upper()


def parse_feed(text: str, path: str) -> Iterator[Article | Rejection]:
    """Yield an Article (or a Rejection) for each item of the feed in ``text``."""
    if declares_entities(text):
        yield Rejection(path, ENTITIES)
        return
    # Hand over exactly the text that was checked, as UTF-8 whatever the
    # declaration said (it was honoured when the bytes were decoded).
    data = _XML_DECL.sub("", text, count=1).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-type": "application/xml; charset=utf-8"},
                              resolve_relative_uris=False, sanitize_html=True)
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") and not version:
            problem = parsed.get("bozo_exception")
            yield Rejection(path, f"not a readable RSS or Atom feed ({problem})")
        else:
            yield Rejection(path, "feed has no items")
        return
    fmt = "atom" if version.startswith("atom") else "rss"
    feed = parsed.get("feed") or {}
    outlet = feed.get("title")
    for n, entry in enumerate(entries, start=1):
        yield _item(entry, f"{path}#item-{n}", fmt, outlet)


def _item(entry, path: str, fmt: str, outlet: str | None) -> Article | Rejection:
    html = _longest([c.get("value") for c in entry.get("content") or []]
                    + [entry.get("summary"), entry.get("description")])
    body, comments, boilerplate, tags = split_tail(strip_html(html or ""))
    title = strip_html(entry.get("title") or "").strip() or None
    if not body.strip():
        return Rejection(path, "feed item has no text (no summary or content)")
    source = entry.get("source", {}).get("title") if isinstance(entry.get("source"), dict) else None
    return make_article(
        path=path, body=body, format=fmt, title=title,
        source=source or outlet,
        published=_date(entry),
        url=entry.get("link"),
        author=entry.get("author"),
        comments=comments, boilerplate=boilerplate,
        tags=list(tags) + [t.get("term") for t in entry.get("tags") or [] if t.get("term")],
    )


def _longest(values: list[str | None]) -> str | None:
    values = [v for v in values if v]
    return max(values, key=len) if values else None


def _date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    for key in ("published", "updated", "created", "date"):
        if entry.get(key):
            return entry.get(key)
    return None


class _TextOnly(HTMLParser):
    """Text of an HTML fragment: block elements become line breaks, scripts vanish."""

    BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
              "blockquote", "tr", "table", "section", "article", "header", "footer", "hr", "pre"}
    SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def strip_html(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries and content)."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    p = _TextOnly()
    p.feed(fragment)
    p.close()
    lines = [" ".join(line.split()) for line in "".join(p.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
