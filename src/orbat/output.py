"""Extractions as the contract format of ../shared/FORMAT.md, and as a terminal table."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from orbat.model import Extraction


def as_record(x: Extraction) -> dict:
    """One article's extraction as FORMAT.md's per-article object."""
    a = x.article
    return {
        "document": {"path": a.path, "id": a.id, "title": a.title, "source": a.source,
                     "published": a.published, "url": a.url},
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
             "titles": list(e.titles), "wikidata": e.wikidata}
            for e in x.entities
        ],
        "relations": [
            {"subject": r.subject, "predicate": r.predicate, "object": r.object,
             "modality": r.modality, "attributed_to": r.attributed_to, "time": r.time,
             "evidence": r.evidence.sentence if r.evidence else None,
             "span": [r.evidence.start, r.evidence.end] if r.evidence else None,
             "rule": r.evidence.rule if r.evidence else None}
            for r in x.relations
        ],
        "quotes": [
            {"speaker": q.speaker, "text": q.text, "via": list(q.via),
             "span": [q.evidence.start, q.evidence.end] if q.evidence else None}
            for q in x.quotes
        ],
    }


def write_jsonl(extractions: Iterable[Extraction], out: IO[str]) -> int:
    n = 0
    for x in extractions:
        out.write(json.dumps(as_record(x), ensure_ascii=False) + "\n")
        out.flush()
        n += 1
    return n


def write_json(extractions: Iterable[Extraction], out: IO[str]) -> int:
    """A JSON array, written item by item so that memory stays flat."""
    n = 0
    out.write("[")
    for x in extractions:
        out.write(("," if n else "") + "\n" + json.dumps(as_record(x), ensure_ascii=False))
        n += 1
    out.write("\n]\n")
    return n


def write_table(extractions: Iterable[Extraction], out: IO[str]) -> int:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=120)
    n = 0
    for x in extractions:
        names = {e.id: e.name for e in x.entities}
        table = Table(title=f"{x.article.path}  {x.article.title or ''}".strip(), title_justify="left")
        for col in ("id", "type", "name", "aliases", "titles"):
            table.add_column(col)
        for e in x.entities:
            table.add_row(e.id, e.type, e.name, ", ".join(e.aliases), ", ".join(e.titles))
        console.print(table)
        for r in x.relations:
            console.print(f"  {names.get(r.subject)} -[{r.predicate}, {r.modality}]-> {names.get(r.object)}"
                          + (f" ({r.time})" if r.time else ""))
        for q in x.quotes:
            console.print(f"  {names.get(q.speaker, '?')}: \u201c{q.text}\u201d")
        n += 1
    return n


WRITERS = {"jsonl": write_jsonl, "json": write_json, "table": write_table}
