"""Run the whole pipeline on a folder of articles and write JSON Lines for tools/score.py.

    .venv/bin/python bench/seeds.py OUT.jsonl [--corpus DIR]

then: python3 /work/shared/tools/score.py --gold /work/shared/gold/seeds --system OUT.jsonl --verbose
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from orbat.model import Article  # noqa: E402
from orbat.output import as_record  # noqa: E402
from orbat.pipeline import Extractor  # noqa: E402


def read_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    title = None
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and first.strip() and not first.rstrip().endswith("."):
        title = first
    return Article(id=str(path), path=str(path), text=text, title=title)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--corpus", default="/work/shared/corpus/seeds")
    args = ap.parse_args(argv)
    files = sorted(Path(args.corpus).glob("*.txt"))
    t0 = time.perf_counter()
    ex = Extractor()
    t1 = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as out:
        for x in ex.extract_many(read_article(f) for f in files):
            out.write(json.dumps(as_record(x), ensure_ascii=False) + "\n")
    t2 = time.perf_counter()
    print(f"{len(files)} articles, load {t1 - t0:.1f} s, extract {t2 - t1:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
