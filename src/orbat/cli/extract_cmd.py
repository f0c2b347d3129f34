"""`orbat extract` and `orbat eval`: read articles, print what orbat finds in them."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from orbat.cli.app import app
from orbat.model import Article, Rejection


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def articles_reporting(paths: list[str], max_bytes: int, counts: dict) -> Iterator[Article]:
    """Articles from the paths; each rejection is one line on stderr, and the batch goes on."""
    from orbat import sources

    for item in sources.read(paths, max_bytes=max_bytes):
        if isinstance(item, Rejection):
            counts["rejected"] += 1
            print(f"orbat: {item.path}: {item.reason}", file=sys.stderr)
        else:
            counts["read"] += 1
            yield item


def _warn(extractions):
    """Pass extractions on; say on stderr where a stage could not finish on an article."""
    for x in extractions:
        for w in x.warnings:
            print(f"orbat: {x.article.path}: {w}", file=sys.stderr)
        yield x


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files, folders (read recursively) or - for standard input."),
    format: Format = typer.Option(Format.jsonl, "--format", "-f", help="Output format."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes."),
    model: Optional[str] = typer.Option(None, help="spaCy pipeline to build on (default: ORBAT_MODEL)."),
    max_bytes: int = typer.Option(20_000_000, "--max-bytes", help="Refuse files larger than this."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """Extract the actors, relations and quotes of each article, one record per article."""
    from orbat.output import WRITERS
    from orbat.pipeline import Extractor

    counts = {"read": 0, "rejected": 0}
    extractor = Extractor(model)
    def failed(article: Article, reason: str) -> None:  # one article's failure, the batch goes on
        counts["read"] -= 1
        print(f"orbat: {article.path}: {reason}", file=sys.stderr)

    stream = _warn(extractor.extract_many(articles_reporting(paths, max_bytes, counts), workers=workers,
                                          on_error=failed))
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        WRITERS[format.value](stream, out)
    finally:
        if output:
            out.close()
    if counts["read"] == 0:
        print("orbat: no article could be read", file=sys.stderr)
        raise typer.Exit(1)
