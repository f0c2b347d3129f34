"""Titles and ranks written right before a person's mentions ("Maj. Gen.", "Hojatoleslam").

The store keeps mentions, not titles, so a profile reads them back from the
text just before each mention, with the forms of ``orbat/data/titles.yaml``
(the same file the extractor uses; read here without loading spaCy).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

WINDOW = 80  # characters read before a mention


@lru_cache(maxsize=1)
def _titles() -> tuple[re.Pattern, dict[str, str]]:
    data = yaml.safe_load((resources.files("orbat") / "data" / "titles.yaml").read_text(encoding="utf-8")) or []
    canonical: dict[str, str] = {}
    for entry in data:
        if isinstance(entry, dict) and entry.get("title"):
            for form in [entry["title"], *(entry.get("forms") or [])]:
                canonical.setdefault(re.sub(r"\s+", " ", str(form).strip()), str(entry["title"]))
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(canonical, key=len, reverse=True))
    # the chain of titles that ends right where the window ends (the name starts)
    chain = re.compile(rf"(?:(?<![\w.])(?:{body})(?:(?<=\.)|\b)[ \t\u00a0]+)+$")
    return chain, canonical


def before(window: str) -> list[str]:
    """Canonical titles in the chain that ends the window ("... IRGC chief Maj. Gen. " -> [Major General])."""
    chain, canonical = _titles()
    m = chain.search(window)
    if not m:
        return []
    text = m.group(0)
    out, pos = [], 0
    forms = sorted(canonical, key=len, reverse=True)
    while pos < len(text):
        rest = text[pos:].lstrip(" \t\u00a0")
        pos = len(text) - len(rest)
        if not rest:
            break
        for f in forms:
            pat = re.escape(f).replace(r"\ ", r"\s+")
            mm = re.match(rf"{pat}(?:(?<=\.)|\b)", rest)
            if mm:
                out.append(canonical[f])
                pos += mm.end()
                break
        else:
            break
    return out


def of(windows) -> tuple[str, ...]:
    """The titles found before a person's mentions, commonest first."""
    counts: Counter = Counter()
    for w in windows:
        for t in dict.fromkeys(before(w or "")):
            counts[t] += 1
    return tuple(t for t, _ in counts.most_common())
