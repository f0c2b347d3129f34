"""JSON Lines dumps (and .json files holding a list of the same objects).

Each object: ``{"title", "text", "url", "published", "source"}``; "body" or
"content" stand for text, "date" for published, "outlet" for source. A bad
line is a Rejection naming ``path:line`` and the problem; the others go on.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from orbat.model import Article, Rejection
from orbat.sources.article import make_article
from orbat.sources.boilerplate import split_tail

_FIELDS = {  # field -> names accepted for it, first found wins
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at"),
    "source": ("source", "outlet", "publisher"),
    "author": ("author", "byline"),
}


def parse_jsonl(text: str, path: str) -> Iterator[Article | Rejection]:
    """One Article per non-blank line; ``path:N`` names line N."""
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejection(where, f"invalid JSON on line {n}: {e.msg} (column {e.colno})")
            continue
        yield from_object(obj, where)


def parse_json(text: str, path: str) -> Iterator[Article | Rejection]:
    """A .json file: one article object, or a list of them (``path#item-N``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield Rejection(path, f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})")
        return
    if isinstance(data, dict):
        yield from_object(data, path)
    elif isinstance(data, list):
        if not data:
            yield Rejection(path, "JSON list is empty: no articles")
        for n, obj in enumerate(data, start=1):
            yield from_object(obj, f"{path}#item-{n}")
    else:
        yield Rejection(path, f"JSON holds a {type(data).__name__}, expected an article object or a list of them")


def from_object(obj: object, where: str) -> Article | Rejection:
    """An Article from one decoded JSON object."""
    if not isinstance(obj, dict):
        return Rejection(where, f"expected a JSON object with a \"text\" field, got a {_kind(obj)}")
    values: dict[str, str | None] = {}
    for field, names in _FIELDS.items():
        name = next((k for k in names if obj.get(k) not in (None, "")), None)
        if name is None:
            values[field] = None
            continue
        value = obj[name]
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return Rejection(where, f"field \"{name}\" should be a string, got a {_kind(value)}")
        values[field] = str(value)
    if not (values["text"] or "").strip():
        return Rejection(where, "no article text (expected a non-empty \"text\" or \"body\" field)")
    body, comments, boilerplate, tags = split_tail(values.pop("text") or "")
    if not body.strip():
        return Rejection(where, "no article text left once comments and boilerplate were removed")
    extra_tags = obj.get("tags")
    if isinstance(extra_tags, list):
        tags = list(tags) + [str(t) for t in extra_tags if isinstance(t, (str, int))]
    return make_article(path=where, body=body, format="jsonl",
                        comments=comments, boilerplate=boilerplate, tags=tags, **values)


def _kind(value: object) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean",
            int: "number", float: "number", type(None): "null"}.get(type(value), type(value).__name__)
