"""`orbat ingest`, `orbat reprocess`, `orbat export`: thin wrappers over orbat.ingest and orbat.store."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from orbat.cli.app import DbOption, app


def _extractor(model: str | None):
    from orbat.pipeline import Extractor

    return Extractor(model)


def _open(db: str):
    from orbat.store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)


@contextmanager
def _progress(label: str, quiet: bool):
    """A rich progress line on stderr (articles and articles/s), only on a terminal and without --quiet."""
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task):
            rate = task.completed / task.elapsed if task.elapsed else 0.0
            return Text(f"{rate:.1f} articles/s")

    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} articles"),
                  Rate(), TimeElapsedColumn(), TextColumn("[dim]{task.fields[last]}"), console=console,
                  disable=quiet or not console.is_terminal, transient=False) as bar:
        task = bar.add_task(label, total=None, last="")

        def tick(status: str, path: str) -> None:
            bar.update(task, advance=1, last=f"{status}: {Path(path).name}"[:60])

        yield tick


def _report(summary, where: str, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        parts = [f"{summary.new} new", f"{summary.unchanged} unchanged", f"{summary.duplicates} duplicates",
                 f"{len(summary.rejected)} rejected"]
        if summary.replaced:
            parts.insert(0, f"{summary.replaced} re-extracted")
        typer.echo(f"{', '.join(parts)} in {summary.seconds:.1f} s ({summary.rate:.1f} articles/s) into {where}")
        for r in summary.rejected:
            typer.echo(f"rejected {r.path}: {r.reason}")
        for w in summary.warnings:
            typer.echo(f"warning {w}", err=True)
    if summary.error:
        typer.echo(f"error: {summary.error}; the articles stored before it are intact, "
                   f"run again to finish once the cause is fixed", err=True)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders, feeds or dumps to read ('-' for stdin)."),
    db: str = DbOption,
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Pipeline processes."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", help="Reject inputs larger than this."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to extract with."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
) -> None:
    """Read sources, extract, resolve and store them; already-stored articles are skipped without NLP."""
    from orbat.ingest import LazyExtractor, ingest as run

    store = _open(db)
    try:
        with _progress("ingest", quiet) as tick:
            summary = run(paths, store, LazyExtractor(lambda: _extractor(model)), max_bytes=max_bytes,
                          workers=workers, stdin=sys.stdin.buffer if "-" in paths else None, progress=tick)
    finally:
        store.close()
    _report(summary, store.where, as_json)
    if not summary.ok:
        if summary.read == 0 and not summary.error:
            typer.echo("error: nothing could be read from the given paths", err=True)
        raise typer.Exit(1)


@app.command()
def reprocess(
    db: str = DbOption,
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Pipeline processes."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to extract with."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
) -> None:
    """Re-extract every stored article with the current pipeline; analyst decisions are kept."""
    from orbat.ingest import reprocess as run

    store = _open(db)
    try:
        with _progress("reprocess", quiet) as tick:
            summary = run(store, _extractor(model), workers=workers, progress=tick)
    finally:
        store.close()
    _report(summary, store.where, as_json)
    if summary.error:
        raise typer.Exit(1)


@app.command()
def export(
    format: str = typer.Option("json", "--format", "-f", help="Output format: json (the corpus object)."),
    db: str = DbOption,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """Write the whole corpus (entities, relations with evidence and source counts, quotes)."""
    if format != "json":
        typer.echo(f"error: unknown format {format!r}; this command writes: json", err=True)
        raise typer.Exit(2)
    store = _open(db)
    try:
        if output is None:
            store.export_json(sys.stdout)
        else:
            tmp = output.with_name(output.name + ".part")
            with open(tmp, "w", encoding="utf-8") as out:
                store.export_json(out)
            tmp.replace(output)  # a reader never sees half an export
    finally:
        store.close()
