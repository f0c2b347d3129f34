"""Acronyms and glosses defined in the text, bound to the name they define.

Reporting defines short forms as it goes: "Popular Mobilization Forces (PMF)",
"Liwa Fatemiyoun, or LF", "the Hashd [PMF]", "Tavakol (Trust) Brigade",
"the Great Satan [U.S.]". Each pattern here links the defined form to
the entity it names, so that later uses of the short form join that entity.
"""
from __future__ import annotations

from spacy.tokens import Doc

from orbat.names import fold_words
from orbat.nlp.mentions import acronym_like, hints, type_of
from orbat.nlp.ruler import HYPHENS, Found

OPEN = {"(": ")", "[": "]"}
CONNECTORS = {"of", "for", "the", "and", "on", "in", "al", "el", "de", "e"}
MAX_GLOSS_TOKENS = 14


def _capitalised_run_before(doc: Doc, end: int) -> int:
    """Start of the run of capitalised words (with connectors inside) ending at token ``end``."""
    start = end
    i = end - 1
    while i >= 0:
        tok = doc[i]
        if tok.text[:1].isupper() and tok.is_alpha or tok.text in HYPHENS:
            start = i
        elif tok.lower_ in CONNECTORS and i > 0 and start < end:
            pass
        else:
            break
        i -= 1
    while start < end and (doc[start].lower_ in CONNECTORS or doc[start].text in HYPHENS):
        start += 1
    return start


def _new(doc: Doc, start: int, end: int, etype: str, ref: str | None, rule: str) -> Found:
    span = doc[start:end]
    return Found(start, end, span.start_char, span.end_char, span.text, etype, ref, rule, [])


def _closing(doc: Doc, p: int) -> int | None:
    want = OPEN[doc[p].text]
    for q in range(p + 1, min(len(doc), p + MAX_GLOSS_TOKENS + 1)):
        if doc[q].text == want:
            return q
        if doc[q].text in OPEN or "\n" in doc[q].text:
            return None
    return None


def _split_or(doc: Doc, a: int, b: int) -> list[tuple[int, int]]:
    """Token ranges of a bracket's content, split at ", or"."""
    parts, start = [], a
    for k in range(a, b - 1):
        if doc[k].text == "," and doc[k + 1].lower_ == "or":
            parts.append((start, k))
            start = k + 2
    parts.append((start, b))
    return [(s, e) for s, e in parts if s < e]


def bind(doc: Doc, found: list[Found]) -> list[Found]:
    """Add the mentions that glosses define and link them to what they define."""
    found = sorted(found, key=lambda f: f.start)
    by_end = {f.end: f for f in found}
    by_span = {(f.start, f.end): f for f in found}
    covered = {i for f in found for i in range(f.start, f.end)}
    added: list[Found] = []

    def owner_before(p: int) -> Found | None:
        f = by_end.get(p)
        if f is None and p > 0 and doc[p - 1].is_quote:
            f = by_end.get(p - 1)
        return f

    for p, tok in enumerate(doc):
        if tok.text in OPEN:
            q = _closing(doc, p)
            if q is None or q == p + 1:
                continue
            head = owner_before(p)
            for a, b in _split_or(doc, p + 1, q):
                while a < b and doc[a].lower_ == "the":
                    a += 1
                if a >= b:
                    continue
                inner = by_span.get((a, b))
                text = doc[a:b].text
                if head is not None:
                    if inner is not None:
                        if inner.type == head.type or acronym_like(inner.text):
                            inner.link = id(head)
                    elif acronym_like(text) or (text[:1].isupper() and all(
                            t.text[:1].isupper() or t.lower_ in CONNECTORS or t.text in HYPHENS
                            for t in doc[a:b])):
                        if any(i in covered for i in range(a, b)):
                            continue
                        g = _new(doc, a, b, head.type, head.ref, "gloss")
                        g.link = id(head)
                        added.append(g)
                elif inner is not None and tok.text == "[":
                    # "the Great Satan [U.S.]": an editor's gloss names what the word before means
                    start = _capitalised_run_before(doc, p)
                    if start < p and not any(i in covered for i in range(start, p)):
                        if not all(w in hints().not_names for w in fold_words(doc[start:p].text)):
                            g = _new(doc, start, p, inner.type, inner.ref, "gloss:editorial")
                            g.link = id(inner)
                            added.append(g)
                elif inner is None and acronym_like(text) and tok.text == "(":
                    # "Foundation for Defense of Democracies (FDD)", a body the model missed
                    start = _capitalised_run_before(doc, p)
                    if start < p and p - start >= 2 and not any(i in covered for i in range(start, p)):
                        etype = type_of(tuple(t.lower_ for t in doc[start:p]), "ORG")
                        long = _new(doc, start, p, etype or "ORGANIZATION", None, "gloss:defined")
                        short = _new(doc, a, b, long.type, None, "gloss:acronym")
                        short.link = id(long)
                        added.extend([long, short])
        elif tok.text == "," and p + 2 < len(doc) and doc[p + 1].lower_ == "or":
            head = owner_before(p)
            nxt = doc[p + 2]
            after = doc[p + 3].text if p + 3 < len(doc) else "."
            if head is not None and acronym_like(nxt.text) and after in {",", ")", ".", ";", "]"}:
                inner = by_span.get((p + 2, p + 3))
                if inner is not None:
                    inner.link = id(head)
                elif p + 2 not in covered:
                    g = _new(doc, p + 2, p + 3, head.type, head.ref, "gloss:or")
                    g.link = id(head)
                    added.append(g)
    result = found + added
    _unit_glosses(doc, result)
    return sorted(result, key=lambda f: f.start)


def _unit_glosses(doc: Doc, found: list[Found]) -> None:
    """"Tavakol (Trust) Brigade": a translation inside a unit's name.

    The whole phrase becomes one mention named without the gloss, and the
    gloss and the bare name become its aliases.
    """
    units = hints().unit_nouns
    for p, tok in enumerate(doc):
        if tok.text != "(" or p == 0:
            continue
        q = _closing(doc, p)
        if q is None or q + 1 >= len(doc):
            continue
        unit = doc[q + 1]
        if unit.lower_ not in units or not unit.text[:1].isupper():
            continue
        if q + 2 < len(doc) and doc[q + 2].text[:1].isupper() and doc[q + 2].is_alpha:
            continue  # the unit word is not the end of the name
        inner = doc[p + 1:q]
        if not inner or not all(t.text[:1].isupper() for t in inner if t.is_alpha):
            continue
        start = _capitalised_run_before(doc, p)
        if start >= p:
            continue
        end = q + 2
        base = doc[start:p].text
        for f in [f for f in found if f.start < end and start < f.end]:
            found.remove(f)
        whole = _new(doc, start, end, "ARMED_GROUP", None, "gloss:unit")
        whole.name = f"{base} {unit.text}"
        whole.extra_aliases = (inner.text, base)
        found.append(whole)
