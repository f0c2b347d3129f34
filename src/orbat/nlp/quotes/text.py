"""Plain-text helpers: words, paragraphs, sentence starts, and the gold convention for cutting quotes."""
from __future__ import annotations

import re

from orbat.nlp.quotes.cues import _BOUNDARY_RE, _PARA_RE, _WORD_RE, _WS_TOKEN_RE, ABBREVIATIONS, CUT_OVER, CUT_TO


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def cut_quote_text(s: str) -> str:
    """The gold convention: over 40 whitespace tokens -> the first 25; trailing comma dropped."""
    s = s.strip()
    toks = list(_WS_TOKEN_RE.finditer(s))
    if len(toks) > CUT_OVER:
        s = s[: toks[CUT_TO - 1].end()]
    s = s.rstrip()
    while s.endswith(","):
        s = s[:-1].rstrip()
    return s


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _PARA_RE.finditer(text):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _is_boundary(text: str, m: re.Match) -> bool:
    """A sentence boundary match, unless the full stop ends an abbreviation."""
    p = m.start()
    if text[p] != ".":
        return True
    j = p
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:p].lower()
    if not word:
        return True
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "Ali A. Jafari"
    return word.rstrip(".") not in ABBREVIATIONS


def _boundaries(text: str, a: int, b: int) -> list[int]:
    """Sentence starts (positions after a boundary) in text[a:b]."""
    # the look-ahead needs the first characters of the next sentence, which may lie at b
    return [m.end() for m in _BOUNDARY_RE.finditer(text, a, min(len(text), b + 3))
            if m.end() <= b and _is_boundary(text, m)]
