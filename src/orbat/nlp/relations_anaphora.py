"""Anaphors that stand for an entity of the article, resolved only where that is certain enough.

- a definite description ("the group", "the militia", "the brigade", "the movement": lexicon
  ``ANAPHOR_NOUN``, singular, not followed by "of") takes the entity of a fitting type whose name
  ends in that noun, when exactly one such entity was named in the last few sentences
  (``ana.name-word``: "the brigade" -> "Zainabiyoun Brigade"); else the one entity of a fitting type
  named earlier in the same sentence, else in it and the sentence before (``ana.the-noun``); where there are
  several, a description that is the subject of its sentence takes the subject of the sentence
  before, if that is one of them (``ana.subject``);
- "it"/"its" (a subject or a possessive) takes the group, body or state that is the subject of an
  earlier clause of its sentence, else of the sentence before (``ana.it``); an expletive "it"
  ("it is unclear whether ...") is left alone;
- "he"/"his"/"him" takes the one person named earlier in its sentence, else the one person named
  in the nearest sentence before that names any (``ana.he``).

- "it" as an object ("a law folding it into X") takes the one group or body named earlier in its
  sentence or in the sentence before, other than a subject of a clause above it (``ana.it-object``);
- "his" inside an apposition ("Y, his successor") never takes Y itself;
- "both groups"/"the two militias" (a subject-like plural) take the one "X and Y" pair of the
  sentence before (``ana.both``); "they" as a subject takes the one "X and Y" that is a subject of
  the sentence before (``ana.they``): one relation per entity.

Other plurals ("the groups") stay unresolved. The result maps the token that
stands for the entity (the noun of a description, the pronoun) to ``(eid, kind, start, end)``, the
characters the slot covers in surface matching ("the group", "its").
"""
from __future__ import annotations

from functools import lru_cache

from orbat.nlp import relation_patterns as rp

LOOKBACK = 3  # sentences searched for a name-word antecedent
MAX_BACK = 400  # tokens searched back at most: a runaway sentence stays cheap
IT_TYPES = ("ARMED_GROUP", "ORGANIZATION", "GPE")
POSSESSIVE = {"its", "his", "her", "their"}


@lru_cache(maxsize=1)
def _nouns() -> dict:
    """lower-case noun -> the entity types it can stand for."""
    data = rp.default().lexicon.get("ANAPHOR_NOUN") or {}
    return {k.lower(): tuple(v) for k, v in data.items()}


def _subject_entity(ctx, span, before=None):
    """The entity that is the subject of a clause of ``span`` (starting before token ``before``)."""
    for t in span:
        if before is not None and t.i >= before:
            break
        if t.dep_ not in ("nsubj", "nsubjpass"):
            continue
        e = ctx.tok_ent.get(t.i) or ctx.ana_ent(t.i)
        if e is None:
            for g in t.children:
                if g.dep_ == "poss":
                    e = ctx.tok_ent.get(g.i) or ctx.ana_ent(g.i)
        if e is not None and ctx.type_of.get(e) in IT_TYPES:
            return e
    return None


def _main_subject(ctx, sent):
    for c in sent.root.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return ctx.tok_ent.get(c.i) or ctx.ana_ent(c.i)
    return None


def _entities_in(ctx, start, end, types):
    out = []
    for t in ctx.doc[max(start, end - MAX_BACK):end]:
        e = ctx.tok_ent.get(t.i)
        if e is not None and ctx.type_of.get(e) in types and e not in out:
            out.append(e)
    return out


def _expletive(tok) -> bool:
    h = tok.head
    if any(c.dep_ in ("ccomp", "csubj", "xcomp") and c.i > h.i for c in h.children) and tok.dep_ == "nsubjpass":
        return True  # "it is believed that ..."
    if h.lemma_ == "be" and any(c.dep_ in ("acomp", "ccomp") for c in h.children):
        return True  # "it is unclear whether ..."
    return False


def _conjoined_owner(ctx, tok):
    """ "X and its leader", "X, along with its ...": "its" is the group named right before the "and"."""
    j = tok.i - 1
    if j < 1 or ctx.doc[j].lower_ not in ("and", "with", "or"):
        return None
    j -= 1
    if ctx.doc[j].lower_ == "along" and j > 0:
        j -= 1
    if ctx.doc[j].text == "," and j > 0:
        j -= 1
    e = ctx.tok_ent.get(j)
    return e if e is not None and ctx.type_of.get(e) in IT_TYPES else None


def _appos_owner(ctx, tok):
    """ "Y, his successor": the possessive sits in an apposition to Y and cannot stand for Y."""
    h = tok.head
    out = set()
    if h.dep_ == "appos" and ctx.tok_ent.get(h.head.i):
        out.add(ctx.tok_ent[h.head.i])
    j = tok.i - 1
    if j >= 1 and ctx.doc[j].text == ",":
        e = ctx.tok_ent.get(j - 1)
        if e:
            out.add(e)
    return out


PLURAL_NOUNS = {"groups": ("ARMED_GROUP",), "militias": ("ARMED_GROUP",), "units": ("ARMED_GROUP",),
                "brigades": ("ARMED_GROUP",), "factions": ("ARMED_GROUP",), "forces": ("ARMED_GROUP",),
                "organizations": ("ARMED_GROUP", "ORGANIZATION"), "organisations": ("ARMED_GROUP", "ORGANIZATION"),
                "movements": ("ARMED_GROUP", "ORGANIZATION")}


def _coordinations(ctx, span, types, subject_only=False):
    """Sets of two or more entities of ``types`` joined by "and" in ``span`` ("X and Y")."""
    out = []
    for t in span:
        e = ctx.tok_ent.get(t.i) or ctx.ana_ent(t.i)
        if e is None or ctx.type_of.get(e) not in types or t.dep_ == "conj":
            continue
        if subject_only and t.dep_ not in ("nsubj", "nsubjpass"):
            continue
        group = [e]
        for c in t.conjuncts:
            f = ctx.tok_ent.get(c.i) or ctx.ana_ent(c.i)
            if f is None or ctx.type_of.get(f) not in types:
                group = None
                break
            if f not in group:
                group.append(f)
        if group and len(group) >= 2 and group not in out:
            out.append(group)
    return out


def _plural(ctx, tok, sent, prev):
    """ "They", "both groups", "the two militias" as a subject: the one "X and Y" of the sentence before."""
    low = tok.lower_
    if low == "they":
        if tok.dep_ not in ("nsubj", "nsubjpass") or prev is None:
            return None
        if _entities_in(ctx, sent.start, tok.i, IT_TYPES):
            return None
        groups = _coordinations(ctx, prev, ("ARMED_GROUP", "ORGANIZATION"), subject_only=True)
        return (groups[0], "ana.they", tok.idx, tok.idx + len(tok)) if len(groups) == 1 else None
    if low in PLURAL_NOUNS and tok.tag_ == "NNS":
        det = [c for c in tok.children if c.dep_ in ("det", "predet", "nummod") or c.lower_ in ("both", "two")]
        if not det or det[0].lower_ not in ("both", "two"):
            return None
        first = min(det, key=lambda c: c.i)
        if first.i > 0 and ctx.doc[first.i - 1].lower_ == "the":
            first = ctx.doc[first.i - 1]
        if any(c.dep_ in ("compound", "amod", "poss", "prep") for c in tok.children if c.i > tok.i or c.dep_ != "amod"):
            return None
        if _entities_in(ctx, sent.start, tok.i, IT_TYPES) or prev is None:
            return None
        groups = _coordinations(ctx, prev, PLURAL_NOUNS[low])
        if len(groups) == 1 and len(groups[0]) == 2:
            return (groups[0], "ana.both", first.idx, tok.idx + len(tok))
    return None


def resolve(ctx, units) -> dict:
    out = ctx.ana  # filled in place: a later "it" can take the entity an earlier one stood for
    nouns = _nouns()
    sents = list(units)
    for k, sent in enumerate(sents):
        prev = sents[k - 1] if k > 0 else None
        for tok in sent:
            if tok.i in ctx.tok_ent:
                continue
            low = tok.lower_
            hit = None
            if low in nouns and tok.tag_ == "NN":
                det = [c for c in tok.children if c.dep_ == "det"]
                nxt = tok.nbor(1) if tok.i + 1 < len(ctx.doc) else None
                if not det or det[0].lower_ != "the" or (nxt is not None and nxt.lower_ == "of"):
                    continue
                if any(c.dep_ in ("compound", "poss", "nmod", "appos") or c.tag_ == "NNP" for c in tok.children):
                    continue  # "the Quds Force group": a name, not an anaphor
                if any(t.i in ctx.tok_ent or "-" in t.text for t in ctx.doc[det[0].i:tok.i]):
                    continue  # "the IRGC-created militia": a description with a name inside
                after = ctx.doc[tok.i + 1:tok.i + 4]
                if len(after) and after[0].text == "," and any(ctx.type_of.get(ctx.tok_ent.get(t.i)) in nouns[low]
                                                               for t in after[1:]):
                    continue  # "the militia, the National Defense Forces": named right after
                types = nouns[low]
                lo = sents[max(0, k - LOOKBACK)].start
                named = [e for e in _entities_in(ctx, lo, tok.i, types)
                         if any(f.split()[-1:] == [low] for f in ctx.forms.get(e, ()) if f)]
                if len(named) == 1:
                    hit = (named[0], "ana.name-word")
                else:
                    cands = _entities_in(ctx, prev.start if prev is not None else sent.start, tok.i, types)
                    here = _entities_in(ctx, sent.start, tok.i, types)
                    if len(here) == 1:
                        cands = here  # "Known as X, the unit drew ...": the one named in its own sentence
                    if len(cands) == 1:
                        hit = (cands[0], "ana.the-noun")
                    elif cands and tok.dep_ in ("nsubj", "nsubjpass") and prev is not None and not here:
                        e = _main_subject(ctx, prev)
                        if e in cands and ctx.type_of.get(e) in types:
                            hit = (e, "ana.subject")  # subject continues subject: "X did ... . The group then ..."

                if hit:
                    out[tok.i] = (hit[0], hit[1], det[0].idx, tok.idx + len(tok))
                continue
            if low in ("they",) or low in PLURAL_NOUNS:
                p = _plural(ctx, tok, sent, prev)
                if p:
                    out[tok.i] = (p[0][0], p[1], p[2], p[3], tuple(p[0]))
                continue
            if low == "it" and tok.dep_ in ("dobj", "pobj") and not _expletive(tok):
                # "... passed a law folding it into X": the one group or body named just before,
                # other than the subject of its own clause
                own = set()
                for v in tok.ancestors:
                    for c in v.children:
                        if c.dep_ in ("nsubj", "nsubjpass"):
                            e = ctx.tok_ent.get(c.i) or ctx.ana_ent(c.i)
                            if e:
                                own.add(e)
                types = ("ARMED_GROUP", "ORGANIZATION")
                cands = [e for e in _entities_in(ctx, prev.start if prev is not None else sent.start, tok.i, types)
                         if e not in own]
                if len(cands) == 1:
                    out[tok.i] = (cands[0], "ana.it-object", tok.idx, tok.idx + len(tok))
                continue
            if low in ("it", "its") and (low == "its" or tok.dep_ in ("nsubj", "nsubjpass")):
                if low == "it" and _expletive(tok):
                    continue
                e = _conjoined_owner(ctx, tok) if low == "its" else None
                if e is None:
                    e = _subject_entity(ctx, sent, before=tok.i)
                if e is None and prev is not None and not _entities_in(ctx, sent.start, tok.i, IT_TYPES):
                    e = _subject_entity(ctx, prev)
                if e is not None:
                    out[tok.i] = (e, "ana.it", tok.idx, tok.idx + len(tok))
                continue
            if low in ("he", "his", "him"):
                own = _appos_owner(ctx, tok) if low == "his" else set()
                people = [e for e in _entities_in(ctx, sent.start, tok.i, ("PERSON",)) if e not in own]
                j = k - 1
                while not people and j >= 0 and j >= k - 2:
                    people = _entities_in(ctx, sents[j].start, sents[j].end, ("PERSON",))
                    j -= 1
                if len(people) == 1:
                    out[tok.i] = (people[0], "ana.he", tok.idx, tok.idx + len(tok))
    return out
