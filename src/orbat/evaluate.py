"""Scoring of extraction output against gold annotations (../shared/FORMAT.md, "Scoring").

This is orbat's own implementation of the rules that ``../shared/tools/score.py``
applies, figure for figure (tests/test_evaluate.py runs both and compares):

- entities, per article: one-to-one matching of system to gold entities whose
  name-and-alias sets share a normalised form, strict (types agree) and
  lenient (types ignored), and per type (strict);
- relations, per article: (subject, predicate, object) triples with the ends
  mapped to the gold entities they matched, ``met_with`` in either direction,
  duplicates once; modality accuracy over the matched triples, overall and
  (an orbat extra) per predicate;
- quotes: found (texts match) and attributed (the speaker matches too);
- canonicalisation, over a corpus export: pairwise P/R/F1 over gold surface forms.

Everything here is a function over plain JSON-shaped dicts, so it scores
``orbat extract`` output, a saved JSON Lines file or records built in memory alike.
"""
from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from orbat.names import norm

SYMMETRIC = frozenset({"met_with"})
DEFAULT_MODALITY = "asserted"
UNMATCHED = "?"  # prefix of a relation end whose system entity matched no gold entity


# ---------------------------------------------------------------- small pieces

def forms(entity: Mapping) -> frozenset[str]:
    """The normalised name and aliases of an entity (empty forms left out)."""
    out = set()
    for text in [entity.get("name", "")] + list(entity.get("aliases") or []):
        f = norm(text)
        if f:
            out.add(f)
    return frozenset(out)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def document_key(ref: str) -> str:
    """The basename without its last extension: how system records and gold files are paired."""
    name = Path(ref).name
    return name.rsplit(".", 1)[0]


def match_entities(system: list[Mapping], gold: list[Mapping], strict: bool) -> dict[int, int]:
    """Pair system entities with gold entities one to one: ``{system index: gold index}``.

    Greedy over the candidate pairs, best first: a pair whose names (not just
    some alias) are the same form, then more shared forms, then the earlier
    system entity, then the earlier gold entity.
    """
    gold_forms = [forms(g) for g in gold]
    gold_names = [norm(g.get("name", "")) for g in gold]
    ranked = []
    for i, s in enumerate(system):
        s_forms = forms(s)
        s_name = norm(s.get("name", ""))
        for j, g in enumerate(gold):
            if strict and s.get("type") != g.get("type"):
                continue
            shared = len(s_forms & gold_forms[j])
            if shared:
                ranked.append((s_name != gold_names[j], -shared, i, j))
    ranked.sort()
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, i, j in ranked:
        if i in pairs or j in taken:
            continue
        pairs[i] = j
        taken.add(j)
    return pairs


def quote_match(a: str, b: str) -> bool:
    """Same quote: one normalised text inside the other, or word sets overlapping by half (Jaccard)."""
    a, b = norm(a), norm(b)
    if not (a and b):
        return False
    if a in b or b in a:
        return True
    words_a, words_b = set(a.split()), set(b.split())
    return 2 * len(words_a & words_b) >= len(words_a | words_b)


def _triple(subject: str, predicate, obj: str) -> tuple:
    if predicate in SYMMETRIC and obj < subject:
        subject, obj = obj, subject
    return subject, predicate, obj


# ---------------------------------------------------------------- tallies

@dataclass
class Tally:
    """tp/fp/fn per figure label, plus modality right/wrong per predicate."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    modality: dict[str, list[int]] = field(default_factory=dict)  # predicate -> [right, wrong]

    def add(self, label: str, tp: int, fp: int, fn: int) -> None:
        c = self.counts.setdefault(label, [0, 0, 0])
        c[0] += tp
        c[1] += fp
        c[2] += fn

    def modality_seen(self, predicate, right: bool) -> None:
        self.modality.setdefault(str(predicate), [0, 0])[0 if right else 1] += 1


def _figure(tp: int, fp: int, fn: int) -> dict:
    p, r, f = prf(tp, fp, fn)
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def _accuracy(right: int, wrong: int):
    return round(right / (right + wrong), 3) if right + wrong else None


@dataclass
class Report:
    """Figures (the same keys and values as score.py --json), extras, and the notes of --verbose."""

    figures: dict = field(default_factory=dict)
    modality_by_predicate: dict = field(default_factory=dict)  # predicate -> {accuracy, right, wrong}
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        out = dict(self.figures)
        if self.modality_by_predicate:
            out["modality.by_predicate"] = self.modality_by_predicate
        return out


# ---------------------------------------------------------------- one article

def score_document(system: Mapping, gold: Mapping, tally: Tally, notes: list[str], name: str) -> None:
    """Add one article's counts to ``tally`` and its misses and false positives to ``notes``."""
    s_ents = list(system.get("entities") or [])
    g_ents = list(gold.get("entities") or [])

    # entities
    strict = match_entities(s_ents, g_ents, strict=True)
    lenient = match_entities(s_ents, g_ents, strict=False)
    for label, pairs in (("entities.strict", strict), ("entities.lenient", lenient)):
        tally.add(label, len(pairs), len(s_ents) - len(pairs), len(g_ents) - len(pairs))
    gold_types = Counter(g.get("type") for g in g_ents)
    sys_types = Counter(s.get("type") for s in s_ents)
    hit_types = Counter(g_ents[j].get("type") for j in strict.values())
    for t in gold_types.keys() | sys_types.keys():
        tally.add(f"entities.{t}", hit_types[t], sys_types[t] - hit_types[t], gold_types[t] - hit_types[t])
    found = set(strict.values())
    notes.extend(f"{name}: missed entity {g.get('type')} {g.get('name')!r}"
                 for j, g in enumerate(g_ents) if j not in found)
    notes.extend(f"{name}: spurious entity {s.get('type')} {s.get('name')!r}"
                 for i, s in enumerate(s_ents) if i not in strict)

    # system entity id -> normalised gold name, through the strict match, else the lenient one
    to_gold: dict = {}
    for i, s in enumerate(s_ents):
        j = strict[i] if i in strict else lenient.get(i)
        if j is not None:
            to_gold[s.get("id")] = norm(g_ents[j].get("name"))
    labels = {s.get("id"): s.get("name") for s in s_ents}

    # relations
    gold_names = {norm(g.get("name")) for g in g_ents}
    g_rel: dict[tuple, Mapping] = {}
    for r in gold.get("relations") or []:
        t = _triple(norm(r.get("subject")), r.get("predicate"), norm(r.get("object")))
        loose = [end for end in (t[0], t[2]) if end not in gold_names]
        if loose:
            notes.append(f"{name}: GOLD ERROR relation end not among entities: {loose}")
        g_rel[t] = r  # a repeated gold triple: the last one stands
    s_rel: dict[tuple, Mapping] = {}

    def end(ref) -> str:
        return to_gold[ref] if ref in to_gold else f"{UNMATCHED}{ref}"

    for r in system.get("relations") or []:
        t = _triple(end(r.get("subject")), r.get("predicate"), end(r.get("object")))
        if t not in s_rel:  # a repeated system triple counts once: the first one stands
            s_rel[t] = r
    matched = g_rel.keys() & s_rel.keys()
    tally.add("relations", len(matched), len(s_rel) - len(matched), len(g_rel) - len(matched))
    for pred in {t[1] for t in g_rel} | {t[1] for t in s_rel}:
        g_set = {t for t in g_rel if t[1] == pred}
        s_set = {t for t in s_rel if t[1] == pred}
        tally.add(f"relations.{pred}", len(g_set & s_set), len(s_set - g_set), len(g_set - s_set))
    for t in sorted(matched, key=str):
        want = g_rel[t].get("modality") or DEFAULT_MODALITY
        got = s_rel[t].get("modality") or DEFAULT_MODALITY
        tally.modality_seen(t[1], want == got)
        if want != got:
            notes.append(f"{name}: modality of {t[0]} -{t[1]}-> {t[2]} is {got}, gold {want}")
    for t in sorted(g_rel.keys() - matched):
        notes.append(f"{name}: missed relation {t[0]} -{t[1]}-> {t[2]}")
    for t in sorted(s_rel.keys() - matched, key=str):
        r = s_rel[t]
        notes.append(f"{name}: spurious relation {labels.get(r.get('subject'), t[0])} "
                     f"-{t[1]}-> {labels.get(r.get('object'), t[2])}")

    # quotes: each gold quote takes the first system quote not yet taken that matches it
    g_q = list(gold.get("quotes") or [])
    s_q = list(system.get("quotes") or [])
    free = list(range(len(s_q)))
    n_found = n_attributed = 0
    for gq in g_q:
        k = next((k for k in free if quote_match(s_q[k].get("text", ""), gq.get("text", ""))), None)
        if k is None:
            notes.append(f"{name}: missed quote {gq.get('text', '')[:60]!r}")
            continue
        free.remove(k)
        n_found += 1
        speaker = s_q[k].get("speaker")
        if to_gold.get(speaker) == norm(gq.get("speaker")):
            n_attributed += 1
        else:
            notes.append(f"{name}: quote {gq.get('text', '')[:40]!r} given to "
                         f"{labels.get(speaker)!r}, gold {gq.get('speaker')!r}")
    tally.add("quotes.found", n_found, len(s_q) - n_found, len(g_q) - n_found)
    tally.add("quotes.attributed", n_attributed, len(s_q) - n_attributed, len(g_q) - n_attributed)


# ---------------------------------------------------------------- a set of articles

def evaluate(system: Mapping[str, Mapping] | Iterable[Mapping], gold: Mapping[str, Mapping]) -> Report:
    """Score system records against gold documents, both keyed by article basename.

    ``system`` may also be an iterable of records (``output.as_record``), which
    are keyed by their document path. Gold articles with no record are scored
    as empty output; records with no gold are ignored.
    """
    if not isinstance(system, Mapping):
        system = index_records(system)
    tally, report = Tally(), Report()
    for name, golddoc in gold.items():
        sysdoc = system.get(name)
        if sysdoc is None:
            report.notes.append(f"{name}: no system output for this article")
            sysdoc = {}
        score_document(sysdoc, golddoc, tally, report.notes, name)
    for label in sorted(tally.counts):
        report.figures[label] = _figure(*tally.counts[label])
    right = sum(rw[0] for rw in tally.modality.values())
    wrong = sum(rw[1] for rw in tally.modality.values())
    report.figures["modality.accuracy"] = _accuracy(right, wrong)
    report.modality_by_predicate = {
        pred: {"accuracy": _accuracy(r, w), "right": r, "wrong": w}
        for pred, (r, w) in sorted(tally.modality.items())
    }
    return report


def score_canonicalisation(export: Mapping, gold_corpus: Mapping, notes: list[str]) -> dict:
    """Pairwise P/R/F1 over the gold surface forms: are two forms in one system entity iff in one gold entity?"""
    gold = list(gold_corpus.get("entities") or [])
    system = list(export.get("entities") or [])
    sys_forms = [forms(s) for s in system]
    holders: dict[str, list[int]] = defaultdict(list)  # form -> system entities holding it
    for i, fs in enumerate(sys_forms):
        for f in fs:
            holders[f].append(i)
    cluster: dict[str, int] = {}  # gold form -> gold entity (a form listed twice: the later entity)
    gold_forms = [forms(g) for g in gold]
    for j, fs in enumerate(gold_forms):
        for f in fs:
            cluster[f] = j
    placed: dict[str, int] = {}  # gold form -> the system entity it is in
    for f, j in cluster.items():
        if holders.get(f):
            # in several system entities: the one holding most of this gold entity's forms, earliest on ties
            placed[f] = min(holders[f], key=lambda i: (-len(sys_forms[i] & gold_forms[j]), i))
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(cluster), 2):
        same_gold = cluster[a] == cluster[b]
        same_sys = a in placed and b in placed and placed[a] == placed[b]
        if same_gold and same_sys:
            tp += 1
        elif same_sys:
            fp += 1
            notes.append(f"corpus: {a!r} and {b!r} merged but are different entities")
        elif same_gold:
            fn += 1
            notes.append(f"corpus: {a!r} and {b!r} not merged")
    return _figure(tp, fp, fn)


# ---------------------------------------------------------------- files

def index_records(records: Iterable[Mapping]) -> dict[str, Mapping]:
    """System records keyed by article basename (a later record for the same basename wins)."""
    out = {}
    for rec in records:
        doc = rec.get("document") or {}
        ref = doc if isinstance(doc, str) else doc.get("path") or doc.get("id") or ""
        out[document_key(ref)] = rec
    return out


def load_system(path: str | Path) -> dict[str, Mapping]:
    """A JSON Lines file of extraction records, keyed by article basename."""
    records = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON: {exc}") from None
    return index_records(records)


def load_gold(folder: str | Path) -> dict[str, Mapping]:
    """The gold ``<article>.json`` files of a folder (not corpus.json), keyed by article basename."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such gold folder")
    gold = {}
    for p in sorted(folder.glob("*.json")):
        if p.name.startswith("corpus"):
            continue
        obj = json.loads(p.read_text(encoding="utf-8"))
        gold[document_key(obj.get("document") or p.name)] = obj
    return gold


def evaluate_export(export_path: str | Path, gold_folder: str | Path, report: Report) -> None:
    """Add the canonicalisation figure of a corpus export (``orbat export``) to ``report``."""
    gold_corpus = Path(gold_folder) / "corpus.json"
    if not gold_corpus.is_file():
        raise FileNotFoundError(f"{gold_corpus}: canonicalisation needs the gold set's corpus.json")
    export = json.loads(Path(export_path).read_text(encoding="utf-8"))
    report.figures["canonicalisation"] = score_canonicalisation(
        export, json.loads(gold_corpus.read_text(encoding="utf-8")), report.notes)


# ---------------------------------------------------------------- printing

def render(report: Report, verbose: bool = False) -> str:
    """score.py's table (and, with ``verbose``, its notes first), then modality by predicate."""
    lines = []
    if verbose:
        lines += report.notes + [""]
    lines.append(f"{'figure':28} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for label, v in report.figures.items():
        if isinstance(v, dict):
            lines.append(f"{label:28} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} "
                         f"{v['tp']:5} {v['fp']:5} {v['fn']:5}")
        else:
            lines.append(f"{label:28} {v if v is not None else '-'}")
    if report.modality_by_predicate:
        lines += ["", f"{'modality by predicate':28} {'acc':>6} {'right':>6} {'wrong':>6}"]
        for pred, v in report.modality_by_predicate.items():
            lines.append(f"{'modality.' + pred:28} {v['accuracy']:6.3f} {v['right']:6} {v['wrong']:6}")
    return "\n".join(lines)
