"""Output: rich tables and trees on a terminal; JSON, JSON Lines and CSV to pipe.

``json`` is the whole result, nested (``results.plain``); ``jsonl`` and
``csv`` write its flat rows (``Rows.rows()`` / ``result.rows()``), one per
line, the same columns ``to_pandas()`` has.
"""
from __future__ import annotations

import csv
import json
import sys

from orbat.workbench.results import (EntityRow, Event, Network, PathResult, Profile, QuoteLine, Rows, SearchHit,
                                     Tree, plain)

FORMATS = ("table", "json", "jsonl", "csv")


def rows_of(result) -> list[dict]:
    if isinstance(result, Rows):
        return result.rows()
    return result.rows()


def emit(result, fmt: str, out=None, empty: str = "nothing found") -> None:
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(plain(result), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for row in rows_of(result):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        rows = rows_of(result)
        cols: dict[str, None] = {}
        for r in rows:
            cols.update(dict.fromkeys(r))
        w = csv.DictWriter(out, fieldnames=list(cols), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    else:
        table(result, out, empty)


def _console(out):
    from rich.console import Console

    if out is sys.stdout:
        c = Console(highlight=False)
        if not c.is_terminal:
            c = Console(highlight=False, width=160)
        return c
    return Console(file=out, highlight=False, width=160)


def _esc(text) -> str:
    from rich.markup import escape

    return escape("" if text is None else str(text))


def table(result, out, empty: str) -> None:
    con = _console(out)
    if isinstance(result, Profile):
        return _profile(con, result)
    if isinstance(result, Tree):
        return _tree(con, result)
    if isinstance(result, PathResult):
        return _paths(con, result)
    if isinstance(result, Network):
        return _network(con, result)
    if isinstance(result, Rows) and not result:
        con.print(empty)
        return
    first = result[0]
    kinds = {EntityRow: ("Entities", ["name", "type", "mentions", "articles", "relations", "degree", "score", "id"]),
             Event: ("Timeline", ["date", "kind", "subject", "predicate", "object", "modality", "text", "title"]),
             QuoteLine: ("Quotes", ["speaker", "text", "via", "published", "outlet", "title"]),
             SearchHit: ("Search", ["kind", "snippet", "title", "published", "outlet", "score"])}
    title, cols = kinds.get(type(first), ("Results", list(first.row())))
    _rows_table(con, title, cols, [r.row() for r in result])


def _rows_table(con, title, cols, rows):
    from rich.table import Table

    if rows and all(r.get("score") is None for r in rows) and "score" in cols:
        cols = [c for c in cols if c != "score"]
    t = Table(title=title, show_lines=False)
    for c in cols:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*(_esc(r.get(c)) for c in cols))
    con.print(t)


def _profile(con, p: Profile) -> None:
    from rich.table import Table

    con.print(f"[bold]{_esc(p.entity.name)}[/bold]  {p.entity.type}  id {p.entity.id}"
              + (f"  wikidata {p.wikidata}" if p.wikidata else "") + (f"  as of {p.as_of}" if p.as_of else ""))
    if p.aliases:
        con.print(f"aliases: {_esc(', '.join(p.aliases))}")
    if p.titles:
        con.print(f"titles: {_esc(', '.join(p.titles))}")
    con.print(f"{p.mentions} mentions in {p.n_articles} articles")
    for n in p.notes:
        con.print(f"note: {_esc(n)}")
    for label, lines in (("Relations", p.relations), ("Former (ended by a succession)", p.former),
                         ("Denied (negated)", p.negated)):
        if not lines:
            continue
        t = Table(title=label, show_lines=True)
        for c in ("predicate", "", "other", "modality", "indep.", "first", "last", "evidence"):
            t.add_column(c, overflow="fold")
        for r in lines:
            arrow = {"out": "->", "in": "<-", "both": "<->"}[r.direction]
            ev = "\n".join(f"\"{_esc(s.sentence)}\" ({_esc(s.title or s.article)})" for s in r.sources)
            extra = [r.ended] if r.ended else []
            if r.attributed_to:
                extra.append("according to " + ", ".join(r.attributed_to))
            if r.confirmed:
                extra.append("confirmed by analyst")
            extra += [f"note: {n}" for n in r.notes]
            if extra:
                ev = (ev + "\n" if ev else "") + _esc("; ".join(extra))
            t.add_row(r.predicate, arrow, _esc(r.other.name), r.modality, str(r.independent), _esc(r.first or ""),
                      _esc(r.last or ""), ev)
        con.print(t)
    if not (p.relations or p.former or p.negated):
        con.print("no relations")
    if p.quotes:
        _rows_table(con, "Quotes", ["text", "via", "published", "title"], [q.row() for q in p.quotes])
    if p.articles:
        more = f" (newest {len(p.articles)} of {p.n_articles})" if p.n_articles > len(p.articles) else ""
        _rows_table(con, "Articles that mention it" + more, ["published", "title", "outlet", "independent", "id"],
                    [a.row() for a in p.articles])


def _tree(con, tr: Tree) -> None:
    from rich.tree import Tree as RTree

    def label(n):
        s = f"[bold]{_esc(n.entity.name)}[/bold] [dim]{n.entity.type}[/dim]"
        if n.cycle:
            return s + " [red]cycle: already above, stopping here[/red]"
        if n.commanders:
            s += " - led by " + _esc(", ".join(c.name for c in n.commanders))
        if n.depth:
            s += f" [dim]({n.independent} independent source{'s' if n.independent != 1 else ''}"
            s += f", {n.modality})[/dim]" if n.modality and n.modality != "asserted" else ")[/dim]"
        return s

    def grow(parent, node):
        for c in node.children:
            grow(parent.add(label(c)), c)

    root = RTree(label(tr.root) + (f" [dim]as of {tr.as_of}[/dim]" if tr.as_of else ""))
    grow(root, tr.root)
    con.print(root)
    if not tr.root.children:
        con.print("no unit is recorded as part_of it")
    if tr.truncated:
        con.print(f"{tr.truncated} unit(s) below depth {tr.depth} not shown (raise --depth)")
    for c in tr.cycles:
        con.print(f"[red]cycle in part_of:[/red] {_esc(c)}")


def _paths(con, r: PathResult) -> None:
    if not r.paths:
        con.print(f"no path between {_esc(r.source.name)} and {_esc(r.target.name)}: {_esc(r.note or '')}")
        return
    for i, p in enumerate(r.paths, 1):
        con.print(f"[bold]path {i}[/bold] ({p.length} hop{'s' if p.length != 1 else ''})")
        for h in p.hops:
            con.print(f"  {_esc(h.text())}  [dim]{h.modality}, {h.independent} independent"
                      + (f", {h.first}" if h.first else "") + "[/dim]")
            if h.sentence:
                con.print(f"      \"{_esc(h.sentence)}\" [dim]({_esc(h.title or h.article)})[/dim]")


def _network(con, n: Network) -> None:
    con.print(f"{n.nodes} actors, {n.edges} linked pairs" + (f", as of {n.as_of}" if n.as_of else ""))
    if n.ego is not None:
        e = n.ego
        con.print(f"ego network of [bold]{_esc(e.center.name)}[/bold] within {e.hops} hop(s): "
                  f"{len(e.nodes)} actors")
        _rows_table(con, "Edges", ["source", "predicate", "target", "modality", "independent"], e.edges.rows())
    else:
        _rows_table(con, f"Ranking by {n.measure}", ["rank", "name", "type", "score"], n.ranking.rows())
    if n.communities:
        rows = []
        for c in n.communities:
            names = [m.name for m in c.members[:12]]
            rows.append({"community": c.id, "size": c.size,
                         "members": ", ".join(names) + (" ..." if c.size > 12 else "")})
        _rows_table(con, "Communities", ["community", "size", "members"], rows)
    if n.bridges:
        _rows_table(con, "Bridges between communities", ["name", "type", "community", "reaches", "score"],
                    n.bridges.rows())
    for note in n.notes:
        con.print(f"[dim]note: {_esc(note)}[/dim]")
