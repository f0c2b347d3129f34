"""Inputs to Articles: files, folders, feeds, dumps and standard input.

``read(paths)`` is the one entry point. It streams: each input is read,
decoded, recognised and parsed in turn, one file in memory at a time, and
becomes one or more ``Article`` objects or a ``Rejection`` with a reason a
user can act on. A bad input never stops the batch.

Stages, one module each: ``files`` (paths to bytes), ``decode`` (bytes to
text), ``sniff`` (which reader), then ``text``, ``html``, ``feeds`` or
``jsonl``; ``boilerplate`` splits comments, share widgets and tags off the
body, ``identity`` gives each article its content-hash id.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from orbat.model import Article, Rejection
from orbat.sources.boilerplate import split_tail
from orbat.sources.decode import decode
from orbat.sources.files import STDIN, read_file, read_stdin, walk
from orbat.sources.identity import article_id
from orbat.sources.sniff import detect

__all__ = ["read", "parse_bytes", "decode", "split_tail", "article_id", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 20_000_000


def read(paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
         stdin: BinaryIO | None = None) -> Iterator[Article | Rejection]:
    """Yield an Article or a Rejection for every input under ``paths`` ("-" is standard input)."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [os.fsdecode(paths)]  # one path, not an iterable of its characters
    for item in walk(paths):
        if isinstance(item, Rejection):
            yield item
            continue
        data = read_stdin(stdin, max_bytes) if item == STDIN else read_file(item, max_bytes)
        if isinstance(data, Rejection):
            yield data
            continue
        yield from parse_bytes(data, item)


def parse_bytes(data: bytes, path: str) -> Iterator[Article | Rejection]:
    """Decode, recognise and parse the bytes of one input named ``path``."""
    text = decode(data, path)
    if isinstance(text, Rejection):
        yield text
        return
    kind = detect(path, text)
    try:
        yield from _parse(kind, text, path)
    except Exception as e:  # a reader's bug must not end the batch; it is reported, not hidden
        yield Rejection(path, f"internal error while reading this {kind} input "
                              f"({type(e).__name__}: {e}); please report it")


def _parse(kind: str, text: str, path: str) -> Iterator[Article | Rejection]:
    # The readers are imported here so that a plain-text batch never loads trafilatura.
    if kind == "html":
        from orbat.sources.html import parse_html
        yield parse_html(text, path)
    elif kind == "feed":
        from orbat.sources.feeds import parse_feed
        yield from parse_feed(text, path)
    elif kind == "jsonl":
        from orbat.sources.jsonl import parse_jsonl
        yield from parse_jsonl(text, path)
    elif kind == "json":
        from orbat.sources.jsonl import parse_json
        yield from parse_json(text, path)
    elif kind == "unsupported":
        from orbat.sources.sniff import extension
        yield Rejection(path, f"not a supported article format ({extension(path)}); "
                              "orbat reads .txt, .md, .html, .xml/.rss/.atom feeds, .jsonl and .json")
    else:
        from orbat.sources.text import parse_text
        yield parse_text(text, path)
