"""Titles and ranks written before names ("Maj. Gen.", "Hojatoleslam", "Crown Prince").

The forms live in data/titles.yaml; this module turns them into one regular
expression and answers two questions: which titles stand right before a
character offset (from one scan of the text), and which lead a span's own text (when the statistical model
swallowed the rank into the PERSON span).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from orbat import ontology


@dataclass(frozen=True)
class Titles:
    pattern: re.Pattern  # any one title form, as a whole word
    canonical: dict[str, str]  # form, spaces collapsed -> canonical title
    kinds: dict[str, str]  # canonical title -> rank | religious | office | honorific

    def canonical_of(self, form: str) -> str:
        return self.canonical[re.sub(r"\s+", " ", form)]

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """Every title in the text as (start, end, canonical title)."""
        return [(m.start(), m.end(), self.canonical_of(m.group(0))) for m in self.pattern.finditer(text)]

    @staticmethod
    def chain_in(text: str, hits_by_end: dict[int, tuple[int, str]], start: int) -> list[str]:
        """Titles standing immediately before ``start``, given ``find_all``'s hits keyed by end."""
        found: list[str] = []
        pos = start
        while True:
            q = pos
            while q > 0 and text[q - 1] in " \t\u00a0":
                q -= 1
            if q == pos or q not in hits_by_end:
                return found
            begin, title = hits_by_end[q]
            found.insert(0, title)
            pos = begin

    def leading(self, span_text: str) -> tuple[list[str], int]:
        """Titles at the start of a span's text, and the offset where the name itself starts."""
        found, offset = [], 0
        while True:
            m = self.pattern.match(span_text, offset)
            if not m or m.end() >= len(span_text) or not span_text[m.end()].isspace():
                return found, offset
            found.append(self.canonical_of(m.group(0)))
            offset = m.end()
            while offset < len(span_text) and span_text[offset].isspace():
                offset += 1

    def is_title(self, text: str) -> bool:
        m = self.pattern.fullmatch(text.strip())
        return m is not None


def parse(data: object, where: str) -> Titles:
    if not isinstance(data, list):
        raise ontology.OntologyError(f"{where}: expected a list of titles")
    canonical: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("forms"):
            raise ontology.OntologyError(f"{where}: entry {n} needs a title and its forms")
        title = str(entry["title"])
        kinds[title] = str(entry.get("kind", "office"))
        for form in [title, *entry["forms"]]:
            canonical.setdefault(re.sub(r"\s+", " ", str(form).strip()), title)
    alternatives = sorted(canonical, key=len, reverse=True)
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in alternatives)
    # A form ending in a letter must end at a word boundary ("Col" is not the start of "Colombia").
    pattern = re.compile(rf"(?<![\w.])(?:{body})(?:(?<=\.)|\b)")
    return Titles(pattern, canonical, kinds)


@lru_cache(maxsize=1)
def default() -> Titles:
    source = resources.files("orbat") / "data" / "titles.yaml"
    return parse(yaml.safe_load(source.read_text(encoding="utf-8")), "orbat/data/titles.yaml")
