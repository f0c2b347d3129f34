"""Relations read off names and titles rather than clauses.

- ``name.unit-of``: a unit whose name is another group's name plus a unit word
  ("IRGC Quds Force", "Islamic Revolutionary Guard Corps-Qods Force", "Ground Forces of the IRGC")
  is part_of that group, when both are entities of the article;
- ``name.country``: a body whose name starts with a country of the article or its nationality
  adjective, or ends in "of <country>" ("Pakistan Army", "Iraqi parliament", "U.S. Department of
  the Treasury", "Army of Pakistan") is based_in that country (not for outlets);
- ``title.head-of-state``: "President X", "Prime Minister X", "Supreme Leader X" leads the country
  whose head the article says holds that title ("Iraq's prime minister", "the Iraqi prime minister"),
  or the country the title belongs to (lexicon TITLE_COUNTRY), or the one country named in the
  sentence; else (``title.head-of-state-ref``) the country whose title the known person held
  (``state_refs.yaml`` heads), when the article names that country.
"""
from __future__ import annotations

import re

from orbat.nlp import relation_patterns as rp


def _first_mention(ctx, eid, form=None):
    for s, e, i, _ in ctx.mentions:
        if i == eid and (form is None or ctx.text[s:e].lower().startswith(form)):
            return s, e
    for s, e, i, _ in ctx.mentions:
        if i == eid:
            return s, e
    return None


def _cand(ctx, s_eid, pred, o_eid, rule, span):
    a, b = span
    tok = ctx.doc.char_span(a, b, alignment_mode="expand")
    if tok is None or not len(tok):
        return None
    sent = tok[0].sent
    return (a, s_eid, pred, o_eid, rule, a, b, sent, tok[0], "nominal")


def _unit_of(ctx):
    out = []
    groups = [eid for eid, t in ctx.type_of.items() if t in ("ARMED_GROUP", "ORGANIZATION")]
    forms = {eid: {f for f in ctx.forms[eid] if len(f) >= 3} for eid in groups}
    unit = ctx.patterns.unit_words
    for eid in groups:
        for f in sorted(forms[eid]):
            words = re.findall(r"[a-z]+", f)
            if not words or words[-1] not in unit:
                continue
            for other in groups:
                if other == eid:
                    continue
                for g in forms[other]:
                    prefix = f.startswith(g) and len(f) > len(g) + 2 and f[len(g)] in " -" \
                        and len(re.findall(r"[a-z]+", f[len(g):])) >= 2
                    suffix = not f.startswith(g) and re.search(r"\bof (?:the )?" + re.escape(g) + r"$", f)
                    if prefix or suffix:
                        span = _first_mention(ctx, eid, f)
                        c = span and _cand(ctx, eid, "part_of", other, "name.unit-of", span)
                        if c:
                            out.append(c)
                        break
    return out


def _country_prefix(ctx):
    out = []
    by_form = dict(ctx.country_by_name)
    for adj, eid in ctx.demonym_ids.items():
        by_form.setdefault(adj, eid)
    for eid, t in ctx.type_of.items():
        if t not in ("ARMED_GROUP", "ORGANIZATION"):
            continue
        said = {re.sub(r"[’']s$", "", ctx.text[s:e]).strip(" ,").lower() for s, e, i, _ in ctx.mentions if i == eid}
        for f in sorted(said):
            hit = None
            for form, gid in by_form.items():
                if f.startswith(form + " ") and len(f) > len(form) + 2:
                    hit = gid
                    break
                if re.search(r"\bof (?:the )?" + re.escape(form) + r"$", f):
                    hit = gid
                    break
            if hit and hit != eid:
                span = _first_mention(ctx, eid, f)
                c = span and _cand(ctx, eid, "based_in", hit, "name.country", span)
                if c:
                    out.append(c)
                break
    return out


def _head_titles(ctx):
    out = []
    titles = ctx.patterns.head_titles
    if not titles:
        return out
    title_rx = re.compile(r"(?:(?<=\s)|^)(" + rp.words_alt(titles) + r")\s+(?:(?-i:[A-Z][\w.'’-]*)\s+){0,2}$",
                          re.IGNORECASE)
    cache = {}

    def owner(title):
        key = title.lower()
        if key in cache:
            return cache[key]
        found = None
        t_rx = r"\s+".join(map(re.escape, key.split()))
        for form, gid in list(ctx.country_by_name.items()) + list(ctx.demonym_ids.items()):
            for m in re.finditer(r"\b" + re.escape(form) + r"(?:['’]s)?\s+(?:former\s+|late\s+)?" + t_rx + r"\b",
                                 ctx.text, re.IGNORECASE):
                nxt = [x for x in ctx.mentions if m.end() <= x[0] <= m.end() + 30]
                if nxt and nxt[0][3] == "PERSON" and ctx.text[m.end():nxt[0][0]].strip(" ,") == "":
                    continue  # the title of another named person ("former Iraqi President X")
                found = gid
                break
            if found:
                break
        if found is None and key in ctx.patterns.title_country:
            found = ctx.country_by_name.get(ctx.patterns.title_country[key].lower())
        cache[key] = found
        return found

    def nearest(start, end):
        """The country named closest to the person, in the same sentence."""
        tok = ctx.doc.char_span(start, end, alignment_mode="expand")
        if tok is None or not len(tok):
            return None
        para_a, para_b = tok[0].sent.start_char, tok[0].sent.end_char
        named = {gid for s2, e2, gid, _ in ctx.mentions
                 if gid in ctx.countries and para_a <= s2 and e2 <= para_b}
        return named.pop() if len(named) == 1 else None

    for s, e, eid, typ in ctx.mentions:
        if typ != "PERSON":
            continue
        before = ctx.text[max(0, s - 40):s]
        m = title_rx.search(before)
        if not m or not m.group(1)[:1].isupper():
            continue
        pre = before[:m.start()]
        if re.search(r"(?:['’]s|\b[A-Z][a-z]+(?:ian|i|ese|an|ish))\s*$", pre) or re.search(r"\b(?:vice|deputy|former)\s*$", pre, re.I):
            continue  # "Iraq's Prime Minister X", "Iranian President X": the surface rules read these
        gid = owner(m.group(1)) or nearest(s, e)
        rule = "title.head-of-state"
        if not gid:
            ref = getattr(ctx.entities.get(eid), "ref", None)
            gid = ctx.by_ref.get(ctx.patterns.heads.get(ref, ""))
            rule = "title.head-of-state-ref"
        if gid:
            c = _cand(ctx, eid, "leads", gid, rule, (s - len(before) + m.start(), e))
            if c:
                out.append(c)
    return out


def _body_titles(ctx):
    """'Secretary of State X' leads the State Department, when the article names it."""
    out = []
    for title, forms in ctx.patterns.title_body.items():
        bodies = [eid for eid, t in ctx.type_of.items() if t in ("ORGANIZATION", "ARMED_GROUP")
                  and any(f in g for f in forms for g in ctx.forms[eid])]
        if len(bodies) != 1:
            continue
        rx = re.compile(r"\b" + r"\s+".join(map(re.escape, title.split())) + r"\s+(?:[A-Z][\w.'’-]*\s+){0,2}$")
        for s, e, eid, typ in ctx.mentions:
            if typ == "PERSON" and rx.search(ctx.text[max(0, s - 60):s]):
                c = _cand(ctx, eid, "leads", bodies[0], "title.head-of-body", (s, e))
                if c:
                    out.append(c)
    return out


def match_names(ctx):
    return _unit_of(ctx) + _country_prefix(ctx) + _head_titles(ctx) + _body_titles(ctx)
