#!/usr/bin/env python3
"""Targets of the ingest issue: throughput, memory, re-ingest, store size and export time.

    .venv/bin/python bench/ingest.py [--articles 1000] [--workers 2] [--keep DIR]
                                     [--big-store FILE] [--skip-export] [--model NAME] [--json]

The input is --articles DISTINCT articles made from the example corpus
(examples/corpus/*.txt): each takes whole paragraphs from six different example
articles, in an order drawn by a seeded RNG, under a title line of its own; no
two generated articles share more than three paragraphs, so none is a
near-duplicate of another (the store's MinHash test is Jaccard >= 0.8 over
3-word shingles) and every one is extracted and resolved in full. Measured, in
this order, each in a fresh process:

  bare        spacy.load(model).pipe(texts, batch_size=64): the baseline
  ingest      orbat.ingest.ingest(folder, store, Extractor(model)), one process,
              into a fresh SQLite store: extraction + resolution + writes
  ingest-Nw   the same with workers=N (--workers, default 2)
  cli-half    `python -m orbat ingest FILES --quiet --json` on the first half of
              the articles, fresh store: peak RSS at N ...
  cli-all     ... and on all of them (2N), fresh store: memory should be flat
  cli-again   the same command again on the same folder and store: every
              article is unchanged (target: < 5 % of cli-all's time)
  export      `python -m orbat export --format json` of the cli-all store and of
              a 10,000-article synthetic store (bench/make_store.py, generated
              unless --big-store names one; about 2 minutes)

Words are whitespace tokens of Article.text (title line included), the text
both systems are given. See bench/README.md for how to read the table.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throughput import cpu_seconds, run_child, run_measured  # bench/ is on the path when this script runs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the src layout, installed or not

CORPUS = ROOT / "examples" / "corpus"
MB = 1024  # ru_maxrss is in KiB on Linux
PARAGRAPHS_PER_ARTICLE = 6
MAX_SHARED = 3  # paragraphs two generated articles may have in common
MIN_PARAGRAPH_WORDS = 15  # bylines, datelines and one-line captions are not taken


# ---------------------------------------------------------------- input

def build_input(corpus: Path, n: int, folder: Path, seed: int) -> dict:
    """Write ``n`` distinct articles, each of paragraphs from different example articles, to ``folder``."""
    from orbat.model import Article
    from orbat.sources import read

    sources = [a for a in read([str(corpus)]) if isinstance(a, Article)]
    if len(sources) < PARAGRAPHS_PER_ARTICLE:
        sys.exit(f"bench: need at least {PARAGRAPHS_PER_ARTICLE} articles in {corpus}, found {len(sources)}")
    paragraphs: list[tuple[int, str]] = []  # (source article, paragraph): the body, without the title line
    for k, a in enumerate(sources):
        body = a.text[len(a.title or ""):] if a.title and a.text.startswith(a.title) else a.text
        for p in body.split("\n\n"):
            p = " ".join(p.split())
            if len(p.split()) >= MIN_PARAGRAPH_WORDS:
                paragraphs.append((k, p))
    by_source: dict[int, list[int]] = {}
    for i, (k, _) in enumerate(paragraphs):
        by_source.setdefault(k, []).append(i)
    rng = random.Random(seed)
    made: list[frozenset] = []
    attempts = 0
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    while len(made) < n:
        attempts += 1
        if attempts > 200 * n:
            sys.exit(f"bench: cannot make {n} distinct articles from {len(paragraphs)} paragraphs; "
                     f"lower --articles")
        picked_sources = rng.sample(sorted(by_source), PARAGRAPHS_PER_ARTICLE)
        picked = [rng.choice(by_source[k]) for k in picked_sources]  # rng.sample order: already shuffled
        key = frozenset(picked)
        if any(len(key & other) > MAX_SHARED for other in made):
            continue
        made.append(key)
        i = len(made)
        title = f"Bench dispatch {i:05d}: {sources[picked_sources[0]].title or 'untitled'}"
        text = title + "\n\n" + "\n\n".join(paragraphs[j][1] for j in picked) + "\n"
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return {"corpus": str(corpus), "source_articles": len(sources), "paragraphs": len(paragraphs),
            "articles": n, "paragraphs_per_article": PARAGRAPHS_PER_ARTICLE, "max_shared_paragraphs": MAX_SHARED,
            "file_words": words, "seed": seed}


# ---------------------------------------------------------------- the children

def child(mode: str, folder: str, model: str, workers: int, db: str) -> dict:
    from orbat.model import Article
    from orbat.sources import read

    t0 = time.perf_counter()
    articles = [a for a in read([folder]) if isinstance(a, Article)]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    out = {"mode": mode, "articles": len(articles), "words": words, "read_s": round(time.perf_counter() - t0, 2)}

    if mode == "bare":
        import spacy

        t0 = time.perf_counter()
        nlp = spacy.load(model)
        out["load_s"] = round(time.perf_counter() - t0, 2)
        start, cpu0 = time.perf_counter(), cpu_seconds()
        n = sum(1 for _ in nlp.pipe(texts, batch_size=64))
        assert n == len(texts)
    else:
        from orbat.ingest import ingest
        from orbat.pipeline import Extractor
        from orbat.store import open_store

        del articles, texts  # ingest reads the folder itself, inside the clock
        t0 = time.perf_counter()
        extractor = Extractor(model)
        out["load_s"] = round(time.perf_counter() - t0, 2)
        out["workers"] = workers
        with open_store(db) as store:
            start, cpu0 = time.perf_counter(), cpu_seconds()
            summary = ingest([folder], store, extractor, workers=workers)
            # the pool has been joined: RUSAGE_CHILDREN holds the workers' CPU
        out["summary"] = {"new": summary.new, "duplicates": summary.duplicates, "unchanged": summary.unchanged,
                          "rejected": len(summary.rejected), "error": summary.error}
        if workers > 1:
            out["worker_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / MB, 1)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
    out.update({"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                "words_per_s": round(words / seconds, 1), "words_per_cpu_s": round(words / cpu, 1) if cpu else None,
                "peak_rss_mb_self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MB, 1)})
    return out


# ---------------------------------------------------------------- the parent

def fresh(db: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return db


def store_bytes(db: Path) -> dict:
    """Size of a SQLite store after a checkpoint: the file plus whatever is left in its -wal."""
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()
    main_b = db.stat().st_size
    wal = Path(str(db) + "-wal")
    wal_b = wal.stat().st_size if wal.exists() else 0
    total = main_b + wal_b
    return {"articles": articles, "bytes": total, "wal_bytes": wal_b,
            "kb_per_article": round(total / 1024 / articles, 1) if articles else None}


def cli_env() -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))


def cli_ingest(paths: list[str], db: Path, model: str, words: int, label: str) -> dict:
    cmd = [sys.executable, "-m", "orbat", "ingest", *paths, "--db", str(db), "--quiet", "--json", "--model", model]
    code, seconds, cpu, peak, out, err = run_measured(cmd, cli_env())
    if code != 0:
        sys.exit(f"bench: {label}: orbat ingest failed ({code}):\n{err[-2000:]}")
    summary = json.loads(out.strip().splitlines()[-1])
    return {"mode": label, "articles": summary["read"], "words": words, "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2), "peak_rss_mb": round(peak, 1),
            "words_per_s": round(words / seconds, 1) if words else None,
            "words_per_cpu_s": round(words / cpu, 1) if words and cpu else None,
            "summary": {k: summary[k] if k != "rejected" else len(summary[k])
                        for k in ("new", "duplicates", "unchanged", "rejected", "error")}}


def cli_export(db: Path, out_file: Path, label: str) -> dict:
    cmd = [sys.executable, "-m", "orbat", "export", "--format", "json", "--db", str(db), "-o", str(out_file)]
    code, seconds, cpu, peak, _, err = run_measured(cmd, cli_env())
    if code != 0:
        sys.exit(f"bench: {label}: orbat export failed ({code}):\n{err[-2000:]}")
    with out_file.open(encoding="utf-8") as fh:
        corpus = json.load(fh)
    size = store_bytes(db)
    return {"mode": label, "store_articles": size["articles"], "store_mb": round(size["bytes"] / 1e6, 1),
            "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_rss_mb": round(peak, 1),
            "output_mb": round(out_file.stat().st_size / 1e6, 2),
            "entities": len(corpus.get("entities", ())), "relations": len(corpus.get("relations", ())),
            "quotes": len(corpus.get("quotes", ()))}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000, help="distinct articles to generate (default 1000)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the parallel run (default 2)")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: ORBAT_MODEL or orbat's default)")
    ap.add_argument("--seed", type=int, default=11, help="seed of the article generator")
    ap.add_argument("--keep", type=Path, default=None,
                    help="work in this folder and keep it (input, stores, exports) instead of a temporary one")
    ap.add_argument("--big-store", type=Path, default=None,
                    help="an existing bench/make_store.py store to export (default: generate one, ~2 minutes)")
    ap.add_argument("--skip-export", action="store_true", help="leave out the export of the 10,000-article store")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    ap.add_argument("--_dir", help=argparse.SUPPRESS)
    ap.add_argument("--_db", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._child:
        print(json.dumps(child(args._child, args._dir, args.model, args.workers, args._db)))
        return
    if args.articles < 2:
        sys.exit("bench: --articles must be at least 2")
    if args.workers < 2:
        sys.exit("bench: --workers is the parallel run's worker count: 2 or more")

    from orbat import config

    model = args.model or config.model_name()
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="orbat-bench-ingest-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {"model": model, "cpus": os.cpu_count(), "load_average": os.getloadavg(), "work_dir": str(work),
               "modes": {}}
    started = time.perf_counter()

    def say(msg: str) -> None:
        print(f"bench: {msg} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)

    try:
        inp = work / "in"
        if inp.exists():
            shutil.rmtree(inp)
        results["input"] = build_input(CORPUS, args.articles, inp, args.seed)
        words = results["input"]["file_words"]
        files = sorted(str(p) for p in inp.glob("*.txt"))
        half = files[: len(files) // 2]
        half_words = sum(len(Path(f).read_text(encoding="utf-8").split()) for f in half)
        me = [sys.executable, str(Path(__file__).resolve())]

        # 1. throughput: bare spaCy, ingest 1 worker, ingest N workers; each a fresh process
        for mode, workers in (("bare", 1), ("ingest", 1), (f"ingest-{args.workers}w", args.workers)):
            say(f"{mode} ...")
            db = fresh(work / f"{mode}.db")
            results["modes"][mode] = run_child(
                mode, me + ["--_child", mode, "--_dir", str(inp), "--_db", str(db), "--model", model,
                            "--workers", str(workers)])
            results["load_average_after_" + mode] = os.getloadavg()

        # 2. memory at N and 2N, 3. re-ingest, end to end through the command line
        say("cli-half ...")
        results["modes"]["cli-half"] = cli_ingest(half, fresh(work / "half.db"), model, half_words, "cli-half")
        say("cli-all ...")
        all_db = fresh(work / "all.db")
        results["modes"]["cli-all"] = cli_ingest([str(inp)], all_db, model, words, "cli-all")
        say("cli-again ...")
        results["modes"]["cli-again"] = cli_ingest([str(inp)], all_db, model, words, "cli-again")

        # 4. store size
        results["store"] = store_bytes(all_db)

        # 5. export
        results["exports"] = {}
        say("export of the ingested store ...")
        results["exports"]["ingested"] = cli_export(all_db, work / "all.json", "ingested")
        if not args.skip_export:
            big = args.big_store
            if big is None:
                big = fresh(work / "big.db")
                say("generating the 10,000-article store (bench/make_store.py) ...")
                t0 = time.perf_counter()
                code = subprocess.run([sys.executable, str(ROOT / "bench" / "make_store.py"), "--out", str(big)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                if code.returncode != 0:
                    sys.exit(f"bench: make_store.py failed:\n{code.stderr[-2000:]}")
                results["big_store_generated_s"] = round(time.perf_counter() - t0, 1)
            elif not big.exists():
                sys.exit(f"bench: no store at {big}")
            say("export of the big store ...")
            results["exports"]["big"] = cli_export(big, work / "big.json", "big")
            results["exports"]["big"]["store"] = str(big)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["load_average_at_end"] = os.getloadavg()
    results["total_s"] = round(time.perf_counter() - started, 1)
    results["ratios"] = ratios(results["modes"], f"ingest-{args.workers}w")
    results["checks"] = checks(results, f"ingest-{args.workers}w")
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(render(results, f"ingest-{args.workers}w"))


def ratios(modes: dict, par: str) -> dict:
    def get(mode, key):
        return (modes.get(mode) or {}).get(key)

    def div(a, b):
        return round(a / b, 3) if a and b else None

    return {"ingest/bare": div(get("ingest", "words_per_s"), get("bare", "words_per_s")),
            "ingest/bare (cpu)": div(get("ingest", "words_per_cpu_s"), get("bare", "words_per_cpu_s")),
            f"{par}/ingest": div(get(par, "words_per_s"), get("ingest", "words_per_s")),
            f"{par}/ingest (cpu)": div(get(par, "words_per_cpu_s"), get("ingest", "words_per_cpu_s")),
            "peak RSS 2N/N": div(get("cli-all", "peak_rss_mb"), get("cli-half", "peak_rss_mb")),
            "re-ingest/first": div(get("cli-again", "seconds"), get("cli-all", "seconds")),
            "re-ingest/first (cpu)": div(get("cli-again", "cpu_seconds"), get("cli-all", "cpu_seconds"))}


def checks(r: dict, par: str) -> dict:
    """The issue's targets, and that every run stored every article as new and independent."""
    ra, m = r["ratios"], r["modes"]
    out = {"ingest >= 0.5 x bare (wall)": (ra["ingest/bare"] or 0) >= 0.5,
           "ingest >= 0.5 x bare (cpu)": (ra["ingest/bare (cpu)"] or 0) >= 0.5,
           "re-ingest < 5 % of first": (ra["re-ingest/first"] or 1) < 0.05}
    n = r["input"]["articles"]
    for mode, want_new in (("ingest", n), (par, n), ("cli-half", n // 2), ("cli-all", n), ("cli-again", 0)):
        s = (m.get(mode) or {}).get("summary")
        if s is not None:
            ok = s["new"] == want_new and s["duplicates"] == 0 and s["rejected"] == 0 and not s["error"]
            if mode == "cli-again":
                ok = ok and s["unchanged"] == n
            out[f"{mode}: {want_new} new, 0 duplicates, 0 rejected"
                + (f", {n} unchanged" if mode == "cli-again" else "")] = ok
    return out


def render(r: dict, par: str) -> str:
    inp = r["input"]

    def la(v):
        return ", ".join(f"{x:.2f}" for x in v)

    def cell(v, fmt="{:,.0f}"):
        return fmt.format(v) if isinstance(v, (int, float)) else "-"

    lines = [f"input: {inp['articles']:,} distinct articles, {inp['file_words']:,} words "
             f"({inp['paragraphs_per_article']} paragraphs each from different articles of {inp['corpus']}; "
             f"{inp['paragraphs']} paragraphs in all, at most {inp['max_shared_paragraphs']} shared by two articles)",
             f"model: {r['model']}   cpus: {r['cpus']}   load average at start: {la(r['load_average'])}, "
             f"at end: {la(r['load_average_at_end'])}   total: {r['total_s']:.0f} s", ""]
    head = f"{'mode':11} {'articles':>8} {'words/s':>8} {'w/cpu-s':>8} {'seconds':>8} {'cpu s':>7} " \
           f"{'load s':>6} {'peak MB':>13}  new/dup/unch/rej"
    lines += [head, "-" * len(head)]
    for mode, m in r["modes"].items():
        peak = cell(m.get("peak_rss_mb"))
        if m.get("worker_peak_rss_mb"):
            peak += f"+{m['workers']}x{m['worker_peak_rss_mb']:.0f}"
        s = m.get("summary")
        counts = f"{s['new']}/{s['duplicates']}/{s['unchanged']}/{s['rejected']}" if s else "-"
        lines.append(f"{mode:11} {cell(m.get('articles')):>8} {cell(m.get('words_per_s')):>8} "
                     f"{cell(m.get('words_per_cpu_s')):>8} {cell(m.get('seconds'), '{:.1f}'):>8} "
                     f"{cell(m.get('cpu_seconds'), '{:.1f}'):>7} {cell(m.get('load_s'), '{:.1f}'):>6} "
                     f"{peak:>13}  {counts}")
    lines.append("")
    for k, v in r["ratios"].items():
        lines.append(f"{k:28} {v if v is not None else '-'}")
    st = r["store"]
    lines.append(f"{'store size per article':28} {st['kb_per_article']} KB "
                 f"({st['bytes'] / 1e6:.1f} MB for {st['articles']} articles, -wal {st['wal_bytes']} bytes "
                 f"after a checkpoint)")
    if r.get("exports"):
        lines += ["", f"{'export':9} {'articles':>8} {'store MB':>8} {'seconds':>8} {'cpu s':>7} {'peak MB':>8} "
                      f"{'out MB':>7} {'entities':>8} {'relations':>9} {'quotes':>7}"]
        for name, e in r["exports"].items():
            lines.append(f"{name:9} {e['store_articles']:>8,} {e['store_mb']:>8.1f} {e['seconds']:>8.1f} "
                         f"{e['cpu_seconds']:>7.1f} {e['peak_rss_mb']:>8.0f} {e['output_mb']:>7.1f} "
                         f"{e['entities']:>8,} {e['relations']:>9,} {e['quotes']:>7,}")
        big = r["exports"].get("big")
        if big:
            st = big["store_mb"] * 1e6 / 1024 / max(1, big["store_articles"])
            lines.append(f"{'':9} big store: {st:.1f} KB per article"
                         + (f"; generated in {r['big_store_generated_s']:.0f} s"
                            if r.get("big_store_generated_s") else ""))
    lines.append("")
    for k, ok in r["checks"].items():
        lines.append(f"{'ok  ' if ok else 'FAIL'} {k}")
    lines += ["", "words/s: words of Article.text over the wall time of the timed part (bare, ingest, "
              f"{par}: model load",
              "  excluded, reading the folder included for ingest; cli-*: the whole process). w/cpu-s: words per",
              "  CPU second, self + children (the workers' included). peak MB: the process's max RSS (os.wait4);",
              f"  {par} adds each worker's peak. cli-half / cli-all: N and 2N articles, each a fresh process and store.",
              "  new/dup/unch/rej: the ingest summary (new, duplicates, unchanged, rejected)."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
