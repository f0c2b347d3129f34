"""`orbat merge / split / rename / retype / reject / confirm / note / undo / decisions`: thin wrappers over
orbat.curation. Each recording command prints the decision it recorded, with its id, so it can be undone.

Exit status: 0 done; 1 the input names nothing, several things, or an invalid value (the message says
which and what to give instead); 2 the store cannot be opened.
"""
from __future__ import annotations

import json
from enum import Enum
from typing import Optional

import typer

from orbat.cli.app import DbOption, app
WhoOption = typer.Option(None, "--who", envvar="ORBAT_WHO",
                         help="Who decides (recorded with the decision); default $USER, else 'analyst'.")
JsonOption = typer.Option(False, "--json", help="Print the recorded decision as one JSON object.")


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _run(db: str, action, as_json: bool = False) -> None:
    from orbat.curation import CurationError, summary
    from orbat.store import StoreError, open_store

    try:
        store = open_store(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    try:
        d = action(store)
    except CurationError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(d.as_dict(), ensure_ascii=False))
    else:
        typer.echo(f"decision {d.id}: {summary(d)} (by {d.who}); `orbat undo {d.id}` reverses it")


@app.command()
def merge(
    a: str = typer.Argument(..., help="The entity merged away (id, name or alias)."),
    b: str = typer.Argument(..., help="The entity it becomes (id, name or alias)."),
    db: str = DbOption, who: Optional[str] = WhoOption, as_json: bool = JsonOption,
) -> None:
    """Merge entity A into entity B: A's mentions, facts and quotes become B's."""
    from orbat import curation

    _run(db, lambda s: curation.merge(s, a, b, who), as_json)


@app.command()
def split(
    entity: str = typer.Argument(..., help="The entity to split (id, name or alias)."),
    forms: Optional[str] = typer.Option(None, "--forms",
                                        help="Comma-separated surface forms to move to the new entity."),
    articles: Optional[str] = typer.Option(None, "--articles",
                                           help="Comma-separated article ids (or paths) whose mentions move."),
    name: Optional[str] = typer.Option(None, "--name", help="Name of the new entity (default: the longest form)."),
    db: str = DbOption, who: Optional[str] = WhoOption, as_json: bool = JsonOption,
) -> None:
    """Split mentions of ENTITY (by --forms, or --articles) off to a new entity; their facts follow.

    A fact follows when the mentions of ENTITY in its evidence are all moved ones."""
    from orbat import curation

    _run(db, lambda s: curation.split(s, entity, (forms or "").split(","), name, who,
                                      articles=[a for a in (articles or "").split(",") if a.strip()]), as_json)


@app.command()
def rename(
    entity: str = typer.Argument(..., help="The entity (id, name or alias)."),
    new_name: str = typer.Argument(..., help="Its name from now on."),
    db: str = DbOption, who: Optional[str] = WhoOption, as_json: bool = JsonOption,
) -> None:
    """Give an entity the name the analyst wants shown."""
    from orbat import curation

    _run(db, lambda s: curation.rename(s, entity, new_name, who), as_json)


@app.command()
def retype(
    entity: str = typer.Argument(..., help="The entity (id, name or alias)."),
    type: str = typer.Argument(..., help="An entity type of the ontology (PERSON, ARMED_GROUP, ...)."),
    db: str = DbOption, who: Optional[str] = WhoOption, as_json: bool = JsonOption,
) -> None:
    """Change an entity's type."""
    from orbat import curation

    _run(db, lambda s: curation.retype(s, entity, type, who), as_json)


@app.command()
def reject(
    fact: str = typer.Argument(..., help="The fact's id (as `orbat export` / `orbat show` print it)."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why, in a few words."),
    db: str = DbOption, who: Optional[str] = WhoOption, as_json: bool = JsonOption,
) -> None:
    """Reject a fact; it stays rejected when re-extraction reads it again."""
    from orbat import curation

    _run(db, lambda s: curation.reject(s, fact, reason, who), as_json)


@app.command()
def confirm(
    fact: str = typer.Argument(..., help="The fact's id (as `orbat export` / `orbat show` print it)."),
    db: str = DbOption, who: Optional[str] = WhoOption, as_json: bool = JsonOption,
) -> None:
    """Confirm a fact (overrides an earlier rejection)."""
    from orbat import curation

    _run(db, lambda s: curation.confirm(s, fact, who), as_json)


@app.command()
def note(
    target: str = typer.Argument(..., help="A fact id, an article id, or an entity (id, name or alias)."),
    text: str = typer.Argument(..., help="The note."),
    db: str = DbOption, who: Optional[str] = WhoOption, as_json: bool = JsonOption,
) -> None:
    """Attach a note to a fact, an article or an entity."""
    from orbat import curation

    _run(db, lambda s: curation.note(s, target, text, who), as_json)


@app.command()
def undo(
    decision: Optional[int] = typer.Argument(None, help="The decision to reverse (default: the last one in force)."),
    db: str = DbOption, who: Optional[str] = WhoOption, as_json: bool = JsonOption,
) -> None:
    """Reverse a decision; undoing an undo puts the decision back."""
    from orbat import curation

    _run(db, lambda s: curation.undo(s, decision, who), as_json)


@app.command()
def decisions(
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    db: str = DbOption,
    active: bool = typer.Option(False, "--active", help="Leave out undone decisions and the undos themselves."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Only this kind (merge, split, reject, ...)."),
) -> None:
    """List the analyst's decisions and their state: active, undone, re-anchored or dangling."""
    from orbat import curation
    from orbat.store import StoreError, open_store

    if kind and kind not in curation.KINDS:
        typer.echo(f"error: unknown kind {kind!r}; kinds: {', '.join(curation.KINDS)}", err=True)
        raise typer.Exit(1)
    try:
        store = open_store(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    try:
        rows = curation.listing(store)
    finally:
        store.close()
    if active:
        rows = [d for d in rows if d.state != "undone" and d.kind != "undo"]
    if kind:
        rows = [d for d in rows if d.kind == kind]
    if format is Format.jsonl:
        for d in rows:
            typer.echo(json.dumps(d.as_dict(), ensure_ascii=False))
    elif format is Format.json:
        typer.echo(json.dumps([d.as_dict() for d in rows], ensure_ascii=False, indent=1))
    else:
        _table(rows)


def _table(rows) -> None:
    from orbat.curation import summary

    if not rows:
        typer.echo("no decisions")
        return
    head = ("ID", "KIND", "STATE", "WHO", "AT", "WHAT")
    body = []
    for d in rows:
        state = d.state
        if d.state == "undone":
            state = f"undone by {d.undone_by}"
        elif d.state == "re-anchored":
            state = "re-anchored to " + ",".join(d.anchored)
        body.append((str(d.id), d.kind, state, d.who or "", (d.at or "")[:19], summary(d)))
    widths = [max(len(r[i]) for r in (head, *body)) for i in range(5)]
    for r in (head, *body):
        typer.echo("  ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + "  " + r[5])
    dangling = sum(d.state == "dangling" for d in rows)
    if dangling:
        typer.echo(f"{dangling} dangling: their target is not in the store now (kept; they apply again if it "
                   f"comes back)", err=True)
