"""The workbench commands: show, entities, tree, path, network, timeline, quotes, search.

Thin wrappers over ``orbat.workbench`` (the same queries as ``orbat.open(db)``).
Every command takes ``--db`` and ``--format table|json|jsonl|csv``. Exit codes:
0 answered (possibly with nothing found), 1 an error (unknown name, bad date,
empty or missing store), 2 an ambiguous name (the candidates are listed).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import List, Optional

import typer

from orbat.cli.app import DbOption, app

FORMAT_HELP = "Output: table (rich, for a terminal), json, jsonl or csv (to pipe)."
AS_OF_HELP = "The picture as it stood on this date (YYYY, YYYY-MM or YYYY-MM-DD)."


def _format_option():
    return typer.Option("table", "--format", "-f", help=FORMAT_HELP)


@contextmanager
def _workbench(db: Optional[str], fmt: str):
    from orbat.workbench import Ambiguous, WorkbenchError, open as open_wb
    from orbat.workbench.formats import FORMATS

    if fmt not in FORMATS:
        typer.echo(f"error: unknown format {fmt!r}; use one of: {', '.join(FORMATS)}", err=True)
        raise typer.Exit(1)
    wb = None
    try:
        wb = open_wb(db)
        yield wb
    except Ambiguous as exc:
        typer.echo(f"ambiguous: {exc}", err=True)
        raise typer.Exit(exc.exit_code)
    except WorkbenchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code)
    finally:
        if wb is not None:
            wb.close()


def _emit(result, fmt: str, empty: str = "nothing found") -> None:
    from orbat.workbench.formats import emit

    emit(result, fmt, empty=empty)


@app.command()
def show(
    name: str = typer.Argument(..., help="An actor: name, alias, other spelling, surname, or entity id."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    sources: int = typer.Option(3, "--sources", help="Evidence sentences per relation (0: all)."),
    articles: int = typer.Option(20, "--articles", help="Articles that mention it to list (newest first)."),
    db: str = DbOption,
    format: str = _format_option(),
) -> None:
    """Everything known about one actor: relations with their sources, quotes, articles."""
    with _workbench(db, format) as wb:
        _emit(wb.show(name, as_of=as_of, sources=sources or None, articles=articles), format)


@app.command()
def entities(
    type: Optional[str] = typer.Option(None, "--type", "-t", help="Only this entity type (PERSON, ARMED_GROUP ...)."),
    text: Optional[str] = typer.Option(None, "--text", "-s", help="Only names or aliases containing this."),
    min_mentions: int = typer.Option(0, "--min-mentions", help="Only entities mentioned at least this often."),
    sort: str = typer.Option("mentions", "--sort", help="mentions | degree | pagerank | betweenness | name."),
    top: Optional[int] = typer.Option(None, "--top", "-n", help="Only the first N."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    db: str = DbOption,
    format: str = _format_option(),
) -> None:
    """List the actors in the store, filtered and ranked."""
    with _workbench(db, format) as wb:
        _emit(wb.entities(type=type, text=text, min_mentions=min_mentions, sort=sort, top=top, as_of=as_of),
              format, "no entities match")


@app.command()
def tree(
    root: str = typer.Argument(..., help="The unit at the top."),
    depth: int = typer.Option(6, "--depth", "-d", min=1, help="Levels below the root."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    db: str = DbOption,
    format: str = _format_option(),
) -> None:
    """The order of battle below a unit (part_of), each unit with its commander and sources."""
    with _workbench(db, format) as wb:
        _emit(wb.tree(root, depth=depth, as_of=as_of), format)


@app.command()
def path(
    a: str = typer.Argument(..., help="From this actor ..."),
    b: str = typer.Argument(..., help="... to this one."),
    predicate: Optional[List[str]] = typer.Option(None, "--predicate", "-p", help="Only these relations (repeat)."),
    modality: Optional[List[str]] = typer.Option(None, "--modality", "-m", help="Only these modalities (repeat)."),
    max_hops: int = typer.Option(4, "--max-hops", min=1, help="Longest chain to look for."),
    k: int = typer.Option(3, "--k", min=1, help="How many shortest chains."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    db: str = DbOption,
    format: str = _format_option(),
) -> None:
    """The shortest chains of relations linking two actors, each hop with its evidence."""
    with _workbench(db, format) as wb:
        _emit(wb.path(a, b, predicates=predicate or None, modalities=modality or None, max_hops=max_hops, k=k,
                      as_of=as_of), format)


@app.command()
def network(
    rank: str = typer.Option("pagerank", "--rank", help="pagerank | degree | betweenness."),
    top: int = typer.Option(20, "--top", "-n", help="How many to rank."),
    communities: bool = typer.Option(False, "--communities", help="Find communities (Louvain, seeded)."),
    ego: Optional[str] = typer.Option(None, "--ego", help="The network around this actor."),
    hops: int = typer.Option(1, "--hops", min=1, help="Radius of the ego network."),
    cap: int = typer.Option(200, "--cap", min=1, help="Most actors an ego network shows."),
    bridges: bool = typer.Option(False, "--bridges", help="Actors linking communities."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    db: str = DbOption,
    format: str = _format_option(),
) -> None:
    """Centrality rankings, communities, bridges, and ego networks."""
    with _workbench(db, format) as wb:
        _emit(wb.network(rank=rank, top=top, communities=communities, ego=ego, hops=hops, bridges=bridges, cap=cap,
                         as_of=as_of), format)


@app.command()
def timeline(
    name: Optional[str] = typer.Argument(None, help="Only facts about, and quotes by, this actor."),
    frm: Optional[str] = typer.Option(None, "--from", help="From this date."),
    to: Optional[str] = typer.Option(None, "--to", help="Up to this date."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=AS_OF_HELP),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most this many events."),
    db: str = DbOption,
    format: str = _format_option(),
) -> None:
    """Dated facts and quotes in order."""
    with _workbench(db, format) as wb:
        _emit(wb.timeline(name, frm=frm, to=to, as_of=as_of, limit=limit), format, "no dated facts or quotes")


@app.command()
def quotes(
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Only quotes by this actor."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only quotes through this outlet."),
    text: Optional[str] = typer.Option(None, "--text", "-s", help="Only quotes containing this."),
    frm: Optional[str] = typer.Option(None, "--from", help="From this date (article published)."),
    to: Optional[str] = typer.Option(None, "--to", help="Up to this date."),
    limit: Optional[int] = typer.Option(None, "--limit", help="At most this many."),
    db: str = DbOption,
    format: str = _format_option(),
) -> None:
    """Who said what, through which outlet, when."""
    with _workbench(db, format) as wb:
        _emit(wb.quotes(speaker=speaker, outlet=outlet, text=text, frm=frm, to=to, limit=limit), format,
              "no quotes match")


@app.command()
def search(
    text: str = typer.Argument(..., help="Words to find (\"a phrase\" and prefix* work on SQLite)."),
    limit: int = typer.Option(20, "--limit", help="At most this many articles and this many sentences."),
    db: str = DbOption,
    format: str = _format_option(),
) -> None:
    """Full-text search over articles and evidence sentences."""
    with _workbench(db, format) as wb:
        _emit(wb.search(text, limit=limit), format, "no article or sentence matches")
