"""Plain text (and Markdown) to an Article.

Optional front matter between ``---`` lines at the very top gives title,
source, published, url and author as ``key: value`` lines (parsed by a line
parser: no YAML tags, nothing executed). Without it, the first line is the
title when it is short, followed by a blank line, and does not end a sentence.
Comments, share widgets and tag lists at the end go through ``split_tail``.
"""
from __future__ import annotations

import re

from orbat.model import Article, Rejection
from orbat.sources.article import make_article
from orbat.sources.boilerplate import split_tail

MAX_TITLE = 200
_TITLE_END = (".", "!", "?", "”", '"', ":", ";", ",")
_KEYS = {  # front-matter key -> Article field
    "title": "title", "headline": "title",
    "source": "source", "outlet": "source", "publisher": "source", "site": "source",
    "published": "published", "date": "published", "published_at": "published",
    "url": "url", "link": "url", "canonical": "url",
    "author": "author", "byline": "author", "by": "author",
}
_FRONT_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_ -]*?)\s*:\s*(.*)")


def parse_text(text: str, path: str, *, format: str = "text") -> Article | Rejection:
    """Read one plain-text article."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, rest = front_matter(text)
    title = meta.pop("title", None)
    if title is None:
        title, rest = title_line(rest)
    body, comments, boilerplate, tags = split_tail(rest)
    if not body.strip():
        if title and not comments:
            body, title = title, None  # a one-paragraph note: the line is the text
        else:
            return Rejection(path, "no article text found (only a title, comments or boilerplate)")
    return make_article(path=path, body=body, format=format, title=title,
                        comments=comments, boilerplate=boilerplate, tags=tags, **meta)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Front-matter fields (Article field names) and the text after the closing ``---``."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text  # never closed: not front matter
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        m = _FRONT_KEY.fullmatch(line.strip())
        if not m:
            continue
        field = _KEYS.get(m.group(1).strip().lower().replace(" ", "_").replace("-", "_"))
        value = _unquote(m.group(2).strip())
        if field and value and field not in meta:
            meta[field] = value
    return meta, "\n".join(lines[end + 1:])


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def title_line(text: str) -> tuple[str | None, str]:
    """The first line as a title, when it looks like one, and the rest of the text."""
    stripped = text.lstrip("\n")
    first, sep, rest = stripped.partition("\n")
    if not sep:
        return None, text
    candidate = first.strip()
    if candidate.startswith("#"):  # Markdown heading
        candidate = candidate.lstrip("#").strip()
    if (not candidate or len(candidate) >= MAX_TITLE or candidate.endswith(_TITLE_END)
            or rest.split("\n", 1)[0].strip()):
        return None, text
    return candidate, rest
