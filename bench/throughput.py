#!/usr/bin/env python3
"""Throughput and memory of orbat's extraction beside a bare spaCy baseline, on the same input.

    .venv/bin/python bench/throughput.py [--words 200000] [--model NAME] [--corpus DIR] [--json]

The input is the example corpus (examples/corpus/*.txt) repeated until it holds
at least --words words, written as files to a temporary folder. Each
measurement runs in its own fresh process, so that one mode's memory or warm
caches do not leak into the next; the parent reads each child's peak memory
with os.wait4. The modes, in order:

  bare      spacy.load(model) and nlp.pipe(texts, batch_size=64): the baseline
  orbat     Extractor(model).extract_many(articles), one process
  cli       `python -m orbat extract DIR -o out.jsonl` end to end: start-up,
            model load, reading the files and writing JSON included
  orbat-2w  Extractor(model).extract_many(articles, workers=2)

Words are whitespace tokens of the text each system is given (Article.text).
See bench/README.md for how to read the table.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the src layout, installed or not

DEFAULT_CORPORA = [ROOT / "examples" / "corpus", ROOT.parent / "shared" / "corpus" / "seeds"]
MB = 1024  # ru_maxrss is in KiB on Linux


# ---------------------------------------------------------------- helpers used by the children

def rss_mb() -> float:
    """Current resident memory of this process, in MB (from /proc; 0 where there is none)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / MB
    except OSError:
        pass
    return 0.0


def load_articles(folder: str) -> list:
    from orbat.model import Article
    from orbat.sources import read

    return [a for a in read([folder]) if isinstance(a, Article)]


def words_of(text: str) -> int:
    return len(text.split())


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its children that have been waited for."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    """Words done over wall and CPU time, the time to the first result, and RSS at fractions of the input.

    CPU time is the steadier figure on a shared machine: other people's work
    slows the wall clock, much less the CPU seconds this run needs.
    """

    def __init__(self, total_words: int):
        self.total = total_words
        self.done = 0
        self.first_at = None
        self.marks = {}  # fraction of the input -> RSS MB when it was passed
        self.next_mark = 0.1
        self.start = time.perf_counter()
        self.cpu_start = cpu_seconds()

    def tick(self, words: int) -> None:
        self.done += words
        if self.first_at is None:
            self.first_at = time.perf_counter()
        while self.done >= self.next_mark * self.total and self.next_mark <= 1.0001:
            self.marks[round(self.next_mark, 1)] = round(rss_mb(), 1)
            self.next_mark += 0.1

    def result(self) -> dict:
        seconds = time.perf_counter() - self.start
        cpu = cpu_seconds() - self.cpu_start  # with workers: theirs too, once the pool is joined
        return {"words": self.done, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                "words_per_s": round(self.done / seconds, 1) if seconds else None,
                "words_per_cpu_s": round(self.done / cpu, 1) if cpu else None,
                "first_result_s": round((self.first_at or time.perf_counter()) - self.start, 2),
                "rss_mb_at": self.marks}


def child(mode: str, folder: str, model: str, latency_rounds: int) -> dict:
    t0 = time.perf_counter()
    articles = load_articles(folder)
    texts = [a.text for a in articles]
    read_s = time.perf_counter() - t0
    total = sum(map(words_of, texts))
    out = {"mode": mode, "articles": len(articles), "read_s": round(read_s, 2), "rss_mb_after_read": round(rss_mb(), 1)}

    if mode == "bare":
        import spacy

        t0 = time.perf_counter()
        nlp = spacy.load(model)
        out["load_s"] = round(time.perf_counter() - t0, 2)
        out["pipeline"] = nlp.pipe_names
        clock = Clock(total)
        for doc in nlp.pipe(texts, batch_size=64):
            clock.tick(words_of(doc.text))
        out.update(clock.result())
    else:
        from orbat.pipeline import Extractor

        workers = 2 if mode == "orbat-2w" else 1
        t0 = time.perf_counter()
        extractor = Extractor(model)
        out["load_s"] = round(time.perf_counter() - t0, 2)
        out["pipeline"] = extractor.nlp.pipe_names
        clock = Clock(total)
        n_entities = 0
        for x in extractor.extract_many(articles, workers=workers):
            clock.tick(words_of(x.article.text))
            n_entities += len(x.entities)
        out.update(clock.result())
        out["entities"] = n_entities
        if workers > 1:
            # the pool has been joined: RUSAGE_CHILDREN holds the largest worker's peak
            out["worker_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / MB, 1)
        elif latency_rounds:
            # one article at a time, as an interactive caller would: the unique inputs, a few rounds
            unique = list({a.text: a for a in articles}.values())
            extractor.extract(unique[0])  # warm
            lat = []
            for _ in range(latency_rounds):
                for a in unique:
                    t = time.perf_counter()
                    extractor.extract(a)
                    lat.append((time.perf_counter() - t) * 1000)
            lat.sort()
            out["latency_ms"] = {"n": len(lat), "median": round(statistics.median(lat), 1),
                                 "p95": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1),
                                 "max": round(lat[-1], 1),
                                 "words_per_article": round(statistics.mean(words_of(a.text) for a in unique))}
    out["peak_rss_mb_self"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MB, 1)
    return out


# ---------------------------------------------------------------- the parent

def run_measured(cmd: list[str], env: dict | None = None) -> tuple[int, float, float, float, str, str]:
    """Run a command; return (exit code, wall seconds, CPU seconds, its peak RSS in MB, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (proc.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / MB,
                out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def run_child(mode: str, cmd: list[str]) -> dict:
    """Run one measured mode in a fresh process: the JSON it prints last, with its peak RSS and time."""
    code, seconds, _cpu, peak, out, err = run_measured(cmd)
    if code != 0:
        sys.exit(f"bench: the {mode} run failed ({code}):\n{err[-2000:]}")
    res = json.loads(out.strip().splitlines()[-1])
    res["peak_rss_mb"] = round(peak, 1)
    res["process_seconds"] = round(seconds, 2)
    return res


def build_input(corpus: Path, words: int, folder: Path) -> dict:
    sources = sorted(p for p in corpus.glob("*.txt") if p.is_file())
    if not sources:
        sys.exit(f"bench: no .txt articles in {corpus}; give --corpus DIR")
    texts = [(p.name, p.read_bytes()) for p in sources]
    per_round = sum(len(t.split()) for _, t in texts)
    if per_round == 0:
        sys.exit(f"bench: the articles in {corpus} hold no words")
    done = rounds = files = 0
    while done < words:
        for name, data in texts:
            (folder / f"r{rounds:04d}_{name}").write_bytes(data)
            files += 1
            done += len(data.split())
        rounds += 1
    return {"corpus": str(corpus), "source_files": len(sources), "words_per_copy": per_round,
            "copies": rounds, "files": files, "file_words": done}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=200_000, help="at least this many words of input (default 200000)")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: ORBAT_MODEL or orbat's default)")
    ap.add_argument("--corpus", type=Path, default=None, help="folder of .txt articles to repeat "
                    "(default: examples/corpus, else ../shared/corpus/seeds)")
    ap.add_argument("--latency-rounds", type=int, default=3, help="rounds of one-article-at-a-time latency")
    ap.add_argument("--skip", action="append", default=[], choices=["bare", "orbat", "cli", "orbat-2w"],
                    help="leave a mode out (repeatable)")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    ap.add_argument("--_dir", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args._child:
        print(json.dumps(child(args._child, args._dir, args.model, args.latency_rounds)))
        return

    from orbat import config

    model = args.model or config.model_name()
    corpus = args.corpus or next((c for c in DEFAULT_CORPORA if any(c.glob("*.txt"))), None)
    if corpus is None:
        sys.exit("bench: no example corpus found; give --corpus DIR")
    tmp = Path(tempfile.mkdtemp(prefix="orbat-bench-"))
    results = {"model": model, "cpus": os.cpu_count(), "load_average": os.getloadavg(), "modes": {}}
    try:
        inp = tmp / "in"
        inp.mkdir()
        results["input"] = build_input(corpus, args.words, inp)
        me = [sys.executable, str(Path(__file__).resolve())]
        for mode in ("bare", "orbat", "cli", "orbat-2w"):
            if mode in args.skip:
                continue
            print(f"bench: {mode} ...", file=sys.stderr, flush=True)
            if mode == "cli":
                out_file = tmp / "out.jsonl"
                cmd = [sys.executable, "-m", "orbat", "extract", str(inp), "-o", str(out_file)]
                cmd += ["--model", model]
                env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
                code, seconds, cpu, peak, _, err = run_measured(cmd, env)
                if code != 0:
                    sys.exit(f"bench: orbat extract failed ({code}):\n{err[-2000:]}")
                words = results["modes"]["orbat"]["words"] if "orbat" in results["modes"] else None
                records = sum(1 for _ in out_file.open(encoding="utf-8"))
                results["modes"][mode] = {"mode": mode, "articles": records, "words": words,
                                          "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                                          "peak_rss_mb": round(peak, 1),
                                          "words_per_s": round(words / seconds, 1) if words else None,
                                          "words_per_cpu_s": round(words / cpu, 1) if words and cpu else None,
                                          "output_mb": round(out_file.stat().st_size / 1e6, 2)}
                continue
            results["modes"][mode] = run_child(
                mode, me + ["--_child", mode, "--_dir", str(inp), "--latency-rounds", str(args.latency_rounds)]
                + ["--model", model])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results["ratios"] = ratios(results["modes"])
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(render(results))


def ratios(modes: dict) -> dict:
    def rate(mode, key="words_per_s"):
        return (modes.get(mode) or {}).get(key)

    def div(a, b):
        return round(a / b, 3) if a and b else None

    return {"orbat/bare": div(rate("orbat"), rate("bare")),
            "orbat/bare (cpu)": div(rate("orbat", "words_per_cpu_s"), rate("bare", "words_per_cpu_s")),
            "cli/bare": div(rate("cli"), rate("bare")),
            "2 workers/1 worker": div(rate("orbat-2w"), rate("orbat")),
            "2 workers/1 worker (cpu)": div(rate("orbat-2w", "words_per_cpu_s"), rate("orbat", "words_per_cpu_s"))}


def render(r: dict) -> str:
    inp = r["input"]
    la = ", ".join(f"{x:.2f}" for x in r["load_average"])
    lines = [f"input: {inp['file_words']:,} words in {inp['files']} files "
             f"({inp['copies']} copies of {inp['source_files']} articles from {inp['corpus']})",
             f"model: {r['model']}   cpus: {r['cpus']}   load average at start: {la}", ""]
    head = f"{'mode':10} {'words/s':>8} {'w/cpu-s':>8} {'seconds':>8} {'cpu s':>7} {'1st s':>6} {'load s':>6} " \
           f"{'peak MB':>13} {'MB @50%':>8} {'MB @100%':>9}"
    lines += [head, "-" * len(head)]

    def cell(v, fmt="{:,.0f}"):
        return fmt.format(v) if isinstance(v, (int, float)) else "-"

    for mode, m in r["modes"].items():
        marks = m.get("rss_mb_at") or {}
        half = marks.get("0.5", marks.get(0.5))
        full = marks.get("1.0", marks.get(1.0))
        peak = m.get("peak_rss_mb")
        peak_s = cell(peak)
        if m.get("worker_peak_rss_mb"):
            peak_s += f"+2x{m['worker_peak_rss_mb']:.0f}"
        lines.append(f"{mode:10} {cell(m.get('words_per_s')):>8} {cell(m.get('words_per_cpu_s')):>8} "
                     f"{cell(m.get('seconds'), '{:.1f}'):>8} {cell(m.get('cpu_seconds'), '{:.1f}'):>7} "
                     f"{cell(m.get('first_result_s'), '{:.1f}'):>6} {cell(m.get('load_s'), '{:.1f}'):>6} "
                     f"{peak_s:>13} {cell(half):>8} {cell(full):>9}")
    lines.append("")
    for k, v in r["ratios"].items():
        lines.append(f"{k:28} {v if v is not None else '-'}")
    lat = (r["modes"].get("orbat") or {}).get("latency_ms")
    if lat:
        lines.append(f"{'latency per article (ms)':28} median {lat['median']}, p95 {lat['p95']}, max {lat['max']} "
                     f"(n={lat['n']}, one at a time, ~{lat['words_per_article']} words each)")
    if "orbat" in r["modes"]:
        m = r["modes"]["orbat"]
        lines.append(f"{'batch time per article (ms)':28} {1000 * m['seconds'] / max(1, m['articles']):.1f}")
    lines += ["", "words/s: words over the wall time of the timed loop (model load excluded; cli: the whole",
              "  process: start-up, model load, reading files, writing JSON). w/cpu-s: words per CPU second",
              "  (orbat-2w: the workers' CPU included, their start-up too). 1st s: time to the first result.",
              "MB @50%/@100%: resident memory when half / all of the input had been processed.",
              "peak MB: the process's max RSS (os.wait4); orbat-2w adds each worker's peak."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
