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
APPOINT = {"appoint", "name", "choose", "select", "nominate", "install", "promote", "tap", "pick"}
RELATIVE = {"which", "who", "that", "whom"}
PRONOUNS = {"he", "she"}
DESIGNATION = {"designate", "sanction", "blacklist", "accuse", "list", "target", "punish", "indict", "charge",
               "blame", "suspect", "convict"}


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


def _noun_subject(n):
    """A noun standing for a clause's subject: "X is a force which ..." -> X."""
    if n.dep_ == "attr":
        for c in n.head.children:
            if c.dep_ == "nsubj":
                return c
    if n.dep_ == "appos":
        return n.head  # "X, an umbrella of factions that has fired at Y": X fires
    return n


def subject_of(ctx, v, sent, passive_ok: bool = False):
    """The token standing for the subject of verb ``v`` (active sense), or None."""
    via = None
    for _ in range(MAX_CLIMB):
        # the subject nearest before the verb first: a bad parse can give a verb two subjects
        kids = sorted(v.children, key=lambda c: (c.i > v.i, -c.i if c.i < v.i else c.i))
        for c in kids:
            if c.dep_ == "nsubj" or ((passive_ok or via == "xcomp") and c.dep_ == "nsubjpass"):
                if c.lower_ in RELATIVE and v.dep_ == "relcl":
                    if v.head.dep_ == "pobj" and v.head.head.dep_ == "agent":
                        return None  # "militias backed by X which fought Y": who fought is not sure
                    return _noun_subject(v.head)
                if c.lower_ in PRONOUNS and c.i == sent.start:
                    return _previous_person_subject(ctx, sent)
                return c
        if v.dep_ == "relcl":
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
                return None  # "a force to fight X": who fights is not said
            return None if (_is_passive(v) and not passive_ok) else _noun_subject(v.head)
        if v.dep_ == "acl":
            if v.tag_ == "VBG":
                return v.head
            if v.tag_ == "VB" and v.head.dep_ in ("dobj", "attr") and v.head.head.pos_ in ("VERB", "AUX"):
                v = v.head.head  # "X expressed a readiness to withdraw": X withdraws
                continue
            return None
        if v.dep_ == "advcl" and v.tag_ in ("VBD", "VBZ", "VBP"):
            return None  # a finite clause without its own subject: a parse we cannot trust
        if v.dep_ in ("xcomp", "conj", "advcl"):
            via = v.dep_
            v = v.head
            if via in ("advcl", "xcomp") and v.lemma_.lower() in APPOINT:
                for c in v.children:
                    if c.dep_ == "dobj":
                        return c  # "appointed X as commander, replacing Y": X replaces Y
            continue
        if v.dep_ in ("pcomp", "pobj") and v.head.dep_ == "prep":
            prep = v.head
            gov = prep.head
            if prep.lower_ in ("for", "of", "over") and gov.lemma_ in DESIGNATION:
                for c in gov.children:
                    if c.dep_ == "dobj":
                        return c
                for c in gov.children:
                    if c.dep_ == "nsubjpass":
                        return c
                return None
            if gov.pos_ in ("NOUN", "PROPN"):
                for c in gov.children:
                    if c.dep_ == "poss":
                        return c  # "Iran's efforts in helping X"
                return None
            v = gov
            continue
        return None
    return None


def _agent(v):
    """The "by" phrase of a passive, also on a conjoined passive ("armed and paid by X")."""
    for w in [v] + [c for c in v.children if c.dep_ == "conj"]:
        for c in w.children:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
    return None


def _expand(tok):
    """The token with its conjuncts and appositions ("met with A, B and the chief of staff, C")."""
    out, seen, todo = [], {tok.i}, [tok]
    while todo and len(out) < 12:
        t = todo.pop(0)
        out.append(t)
        for c in list(t.conjuncts) + [c for c in t.children if c.dep_ == "appos"]:
            if c.i not in seen:
                seen.add(c.i)
                todo.append(c)
    return out


def _preps(tok, word):
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ == word:
            for g in c.children:
                if g.dep_ == "pobj":
                    yield g


def _objects(v, roles, dobj_lemmas):
    found = []
    dobjs = [c for c in v.children if c.dep_ == "dobj"]
    if not dobjs:  # "does not arm or direct X": the object the conjoined verb takes
        for c in v.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and not any(g.dep_.startswith("nsubj") for g in c.children):
                dobjs = [g for g in c.children if g.dep_ == "dobj"]
                break
    dobjs += [t for d in dobjs for t in d.conjuncts]
    if dobj_lemmas:
        dobjs = [d for d in dobjs if d.lemma_.lower() in dobj_lemmas]
        if not dobjs:
            return []
    for role in roles:
        if role == "dobj" and not dobj_lemmas:
            found.extend(dobjs)
        elif role == "nsubjpass":
            for c in v.children:
                if c.dep_ == "nsubjpass":
                    found.append(v.head if c.lower_ in RELATIVE and v.dep_ == "relcl" else c)
            if v.dep_ == "acl" and v.tag_ == "VBN":
                found.append(v.head)
        elif role == "agent":
            a = _agent(v)
            if a is not None:
                found.append(a)
        elif role == "relcl-head":
            # "the party Berri has led": a relative clause without a pronoun, whose object is the noun it hangs on
            if v.dep_ == "relcl" and not dobjs and not any(c.lower_ in RELATIVE for c in v.children) \
                    and any(c.dep_ == "nsubj" for c in v.children):
                h = v.head
                found.append(h.head if h.dep_ == "appos" else h)
        elif role == "xcomp-dobj":
            for x in v.children:
                if x.dep_ == "xcomp":
                    ds = [c for c in x.children if c.dep_ == "dobj"]
                    found.extend(ds + [t for d in ds for t in d.conjuncts])
        elif role == "dobj-for":
            for d in dobjs:
                for g in d.children:
                    if g.dep_ in ("acl", "relcl"):
                        found.extend(_preps(g, "for"))
                found.extend(_preps(d, "for"))
        elif role == "dative":
            for c in v.children:
                if c.dep_ == "dative":
                    found.extend([g for g in c.children if g.dep_ == "pobj"] if c.pos_ == "ADP" else [c])
        elif role.startswith("prep:"):
            word = role[5:]
            here = list(_preps(v, word))
            for d in dobjs:
                here.extend(_preps(d, word))
            if not here and word == "to" and dobj_lemmas:
                # "offer its experience of forty years of ... to Pakistan": the parse hangs "to" deep
                for d in dobjs:
                    deep = [t for t in d.subtree if t.dep_ == "prep" and t.lower_ == "to" and t.i - d.i < 25]
                    if deep:
                        here.extend(g for g in deep[-1].children if g.dep_ == "pobj")
            found.extend(here)
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
            if passive:
                s = subject_of(ctx, v, sent, passive_ok=True)
                if s is not None:
                    found.append(s)
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
    if noun.dep_ in ("dobj", "attr") and h.pos_ in ("VERB", "AUX"):
        return h
    return None


def _governed_noun(ctx, sent, tok, rule):
    """ "with the help of X", "with X's support", "with support from X": X <predicate>s the clause's subject."""
    h = tok.head
    if tok.dep_ != "pobj" or h.dep_ != "prep" or h.lower_ != rule.governed_by or h.head.pos_ not in ("VERB", "AUX"):
        return []
    gov = h.head
    s = subject_of(ctx, gov, sent, passive_ok=True)
    if s is None:
        return []
    helpers = [c for c in tok.children if c.dep_ == "poss"]
    for word in ("of", "from"):
        for g in _preps(tok, word):
            helpers.append(g)
            helpers.extend(_preps(g, "from"))  # "with the help of instructors from X"
    out = []
    s_ids = [(t, e) for t in _expand(s) for e in ctx.ent_of_token(t, "object")]
    for ht in helpers:
        for t in _expand(ht):
            for e in ctx.ent_of_token(t):
                for st, o in s_ids[:MAX_PAIRS]:
                    if e == o:
                        continue
                    lo, hi = min(st.idx, tok.idx, t.idx), max(st.idx + len(st), tok.idx + len(tok), t.idx + len(t))
                    if st.sent != sent:
                        lo = min(tok.idx, t.idx)
                    rid = rule.id + "".join("+" + ctx.ana[x.i][1] for x in (t, st) if x.i in ctx.ana)
                    tspan = (min(tok.idx, t.idx), max(tok.idx + len(tok), t.idx + len(t)))
                    out.append((lo, e, rule.predicate, o, rid, lo, hi, sent, tok, "clause", tspan))
    return out


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
            if rule.governed_by:
                out.extend(_governed_noun(ctx, sent, tok, rule))
                continue
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
            preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
            if rule.with_prep and rule.with_prep not in preps:
                continue
            if rule.not_with_prep and rule.not_with_prep in preps:
                continue
            if rule.not_head_lemmas and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in rule.not_head_lemmas:
                continue
            s_ids = [(t, e) for s in subs for t in _expand(s) for e in ctx.ent_of_token(t)]
            o_ids = [(t, e) for o in objs for t in _expand(o) for e in ctx.ent_of_token(t, "object")]
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
                    a, b = (o, s) if rule.swap else (s, o)
                    # the time is read off the trigger and its object, not the subject's own words
                    tspan = (min(tok.idx, ot.idx), max(tok.idx + len(tok), ot.idx + len(ot)))
                    rid = rule.id + "".join("+" + ctx.ana[t.i][1] for t in (st, ot) if t.i in ctx.ana)
                    out.append((lo, a, rule.predicate, b, rid, lo, hi, sent, tok, "clause", tspan))
    return out
