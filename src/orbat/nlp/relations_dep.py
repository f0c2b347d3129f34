"""Verb frames over the dependency parse (rules in ``data/relations/dependency.yaml``).

For a trigger word, the subject is its grammatical subject, found by climbing from infinitives,
conjoined verbs, gerunds and participles to the clause that has one ("X is ready to train Y",
"X trains A and assists B"), the noun a relative clause hangs on ("X, which backs Y"), the "by"
agent of a passive, or the designated party of "designated X for providing ..."; a sentence that
opens with "He"/"She" takes the person who is the subject of the sentence before, when that is
the only person named there. Objects are direct objects, passive subjects and the objects of the
rule's prepositions, with their conjuncts ("A, B and C") and appositions.
"""
from __future__ import annotations

from functools import lru_cache

from orbat.nlp import relation_patterns as rp

MAX_CLIMB = 4
MAX_PAIRS = 24
RELATIVE = {"which", "who", "that", "whom"}
PRONOUNS = {"he", "she"}
DESIGNATION = {"designate", "sanction", "blacklist", "accuse", "list", "target", "punish", "indict", "charge"}


@lru_cache(maxsize=1)
def _index():
    by_lemma, by_noun = {}, {}
    for r in rp.default().dependency:
        for lemma in r.lemmas:
            by_lemma.setdefault(lemma, []).append(r)
        for n in r.nouns:
            by_noun.setdefault(n, []).append(r)
    return by_lemma, by_noun


def _is_passive(v) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)


def _previous_person_subject(ctx, sent):
    doc = ctx.doc
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    people = {ctx.tok_ent[t.i] for t in prev if t.i in ctx.tok_ent and ctx.type_of.get(ctx.tok_ent[t.i]) == "PERSON"}
    if len(people) != 1:
        return None
    root = prev.root
    for c in root.children:
        if c.dep_ == "nsubj" and ctx.tok_ent.get(c.i) in people:
            return c
    return None


def subject_of(ctx, v, sent):
    """The token standing for the subject of verb ``v`` (active sense), or None."""
    for _ in range(MAX_CLIMB):
        for c in v.children:
            if c.dep_ == "nsubj":
                if c.lower_ in RELATIVE and v.dep_ == "relcl":
                    return v.head
                if c.lower_ in PRONOUNS and c.i == sent.start:
                    return _previous_person_subject(ctx, sent)
                return c
        if v.dep_ == "relcl":
            return None if _is_passive(v) else v.head
        if v.dep_ == "acl":
            return None if v.tag_ == "VBN" else v.head
        if v.dep_ in ("xcomp", "conj", "advcl"):
            v = v.head
            continue
        if v.dep_ in ("pcomp", "pobj") and v.head.dep_ == "prep":
            prep = v.head
            gov = prep.head
            if prep.lower_ == "for" and gov.lemma_ in DESIGNATION:
                for c in gov.children:
                    if c.dep_ == "dobj":
                        return c
                for c in gov.children:
                    if c.dep_ == "nsubjpass":
                        return c
                return None
            v = gov
            continue
        return None
    return None


def _agent(v):
    for c in v.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _expand(tok):
    out = [tok] + list(tok.conjuncts)
    for t in list(out):
        out.extend(c for c in t.children if c.dep_ == "appos")
    return out[:12]


def _preps(tok, word):
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == word:
            for g in c.children:
                if g.dep_ == "pobj":
                    yield g


def _objects(v, roles, dobj_lemmas):
    found = []
    dobjs = [c for c in v.children if c.dep_ == "dobj"]
    if dobj_lemmas:
        dobjs = [d for d in dobjs if d.lemma_.lower() in dobj_lemmas]
        if not dobjs:
            return []
    for role in roles:
        if role == "dobj" and not dobj_lemmas:
            found.extend(dobjs)
        elif role == "nsubjpass":
            found.extend(c for c in v.children if c.dep_ == "nsubjpass")
            if v.dep_ == "acl" and v.tag_ == "VBN":
                found.append(v.head)
        elif role == "agent":
            a = _agent(v)
            if a is not None:
                found.append(a)
        elif role == "dative":
            found.extend(c for c in v.children if c.dep_ == "dative")
        elif role.startswith("prep:"):
            word = role[5:]
            found.extend(_preps(v, word))
            for d in dobjs:
                found.extend(_preps(d, word))
    return found


def _subjects(ctx, v, roles, sent):
    found = []
    passive = _is_passive(v) or (v.dep_ == "acl" and v.tag_ == "VBN")
    for role in roles:
        if role == "nsubj" and not passive:
            s = subject_of(ctx, v, sent)
            if s is not None:
                found.append(s)
        elif role == "nsubjpass":
            found.extend(c for c in v.children if c.dep_ == "nsubjpass")
        elif role == "agent":
            a = _agent(v)
            if a is not None:
                found.append(a)
        elif role == "prep:orders":
            for p in v.subtree:
                if p.lower_ in ("orders", "order", "behest", "direction", "initiative") and p.head.dep_ == "prep" \
                        and p.i - v.i < 30:
                    found.extend(_preps(p, "of"))
                    found.extend(c for c in p.children if c.dep_ == "poss")
        elif role == "governor":
            s = subject_of(ctx, v, sent)
            if s is not None and not passive:
                found.append(s)
    return found


def _governing_verb(noun):
    """The verb a noun like "meeting" hangs on through a preposition ("During a meeting with X, Y urged")."""
    h = noun.head
    if noun.dep_ == "pobj" and h.dep_ == "prep":
        return h.head
    return None


def match_dependency(ctx, sent):
    by_lemma, by_noun = _index()
    out = []
    for tok in sent:
        rules = []
        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            rules = by_lemma.get(tok.lemma_.lower(), [])
        elif tok.pos_ in ("NOUN", "PROPN"):
            rules = by_noun.get(tok.lemma_.lower(), []) or by_noun.get(tok.lower_, [])
        for rule in rules:
            if rule.nouns:
                gov = _governing_verb(tok)
                subs = []
                for c in tok.children:
                    if c.dep_ == "poss":
                        subs.append(c)
                if gov is not None and not subs:
                    subs = _subjects(ctx, gov, ("governor",), sent)
                objs = _objects(tok, rule.object, rule.dobj_lemmas)
            else:
                subs = _subjects(ctx, tok, rule.subject, sent)
                objs = _objects(tok, rule.object, rule.dobj_lemmas)
            if not subs or not objs:
                continue
            s_ids = [(t, e) for s in subs for t in _expand(s) for e in ctx.ent_of_token(t)]
            o_ids = [(t, e) for o in objs for t in _expand(o) for e in ctx.ent_of_token(t)]
            n = 0
            for st, s in s_ids:
                for ot, o in o_ids:
                    if n >= MAX_PAIRS:
                        break
                    n += 1
                    lo = min(st.idx, tok.idx, ot.idx)
                    hi = max(st.idx + len(st), tok.idx + len(tok), ot.idx + len(ot))
                    if st.sent != sent:  # a pronoun resolved to the sentence before
                        lo = min(tok.idx, ot.idx)
                    out.append((lo, s, rule.predicate, o, rule.id, lo, hi, sent, tok, "clause"))
    return out
