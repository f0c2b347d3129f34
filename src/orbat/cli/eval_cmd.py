"""`orbat eval`: run the extractor on a folder of articles and score it against gold annotations."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from orbat.cli.app import app


@app.command("eval")
def eval_(
    gold: Path = typer.Option(..., "--gold", help="Folder of gold <article>.json files (and corpus.json)."),
    corpus: Optional[Path] = typer.Option(
        None, "--corpus", help="Folder of the articles to extract; each is paired with the gold file of its basename."),
    system: Optional[Path] = typer.Option(
        None, "--system", help="Score this saved `orbat extract` JSON Lines file instead of extracting --corpus."),
    export: Optional[Path] = typer.Option(
        None, "--export", help="An `orbat export` JSON file: adds canonicalisation against GOLD/corpus.json."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every miss and false positive first."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    save: Optional[Path] = typer.Option(None, "--save", help="Also write the extraction records here (JSON Lines)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes for extraction."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to build on (default: ORBAT_MODEL)."),
    max_bytes: int = typer.Option(20_000_000, "--max-bytes", help="Refuse article files larger than this."),
) -> None:
    """Precision and recall of entities, relations, modality, quotes (and canonicalisation) against gold."""
    from orbat import evaluate

    if corpus is not None and system is not None:
        _fail("give --corpus (articles to extract) or --system (saved output), not both")
    if corpus is None and system is None and export is None:
        _fail("nothing to score: give --corpus DIR (articles), --system FILE or --export FILE")
    for path, what in ((gold, "gold folder"), (corpus, "corpus folder"), (system, "system output"),
                       (export, "export")):
        if path is not None and not path.exists():
            _fail(f"{path}: no such {what}")
    try:
        gold_docs = evaluate.load_gold(gold)
    except (OSError, ValueError) as exc:
        _fail(f"cannot read the gold: {exc}")
    if not gold_docs and export is None:
        _fail(f"{gold}: no gold <article>.json files in this folder")

    report = evaluate.Report()
    if corpus is not None or system is not None:
        if system is not None:
            try:
                records = evaluate.load_system(system)
            except (OSError, ValueError) as exc:
                _fail(f"cannot read the system output: {exc}")
        else:
            records = _extract(corpus, workers, model, max_bytes, save)
        report = evaluate.evaluate(records, gold_docs)
        missing = [name for name in gold_docs if name not in records]
        if missing:
            typer.echo(f"orbat: {len(missing)} gold article(s) have no output and count as all missed: "
                       f"{', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}", err=True)
    if export is not None:
        try:
            evaluate.evaluate_export(export, gold, report)
        except (OSError, ValueError, KeyError) as exc:
            _fail(f"cannot score the export: {exc}")

    if as_json:
        if verbose:
            for note in report.notes:
                typer.echo(note, err=True)
        typer.echo(json.dumps(report.as_json(), sort_keys=True))
    else:
        typer.echo(evaluate.render(report, verbose=verbose))


def _extract(corpus: Path, workers: int, model: Optional[str], max_bytes: int, save: Optional[Path]) -> dict:
    from orbat.cli.extract_cmd import articles_reporting
    from orbat.evaluate import index_records
    from orbat.output import as_record
    from orbat.pipeline import Extractor

    counts = {"read": 0, "rejected": 0}
    try:
        extractor = Extractor(model)
    except RuntimeError as exc:
        _fail(str(exc))
    records = []
    out = save.open("w", encoding="utf-8") if save else None
    try:
        for x in extractor.extract_many(articles_reporting([str(corpus)], max_bytes, counts), workers=workers):
            rec = as_record(x)
            records.append(rec)
            if out:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if out:
            out.close()
    if counts["read"] == 0:
        _fail(f"{corpus}: no article could be read", code=1)
    return index_records(records)


def _fail(message: str, code: int = 2) -> None:
    print(f"orbat eval: {message}", file=sys.stderr)
    raise typer.Exit(code)
