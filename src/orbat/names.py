"""Name normalisation shared by extraction, resolution and scoring.

Two levels:
- ``norm`` is the comparison form of ../shared/FORMAT.md (ASCII fold, lower
  case, punctuation dropped), used to decide whether two strings are "the same
  surface form";
- ``fold_key`` goes further for matching across spellings: each word is mapped
  through the transliteration groups (Qasem = Qassem = Ghasem) and Arabic
  article prefixes (al-, el-, ...) are dropped, so "al-Hashd al-Shaabi" and
  "Hashd al Shabi" share a key.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

QUOTE_CHARS = "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u02bc\u02bf\u02be"
_QUOTES_RE = re.compile("[" + re.escape(QUOTE_CHARS) + "]")
_SEPARATORS_RE = re.compile(r"[-_/\u2010-\u2015]")
_PUNCT_RE = re.compile(r"[.,;:!?()\[\]]")
_SPACES_RE = re.compile(r"\s+")


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.encode("ascii", "ignore").decode()


def norm(text: str) -> str:
    """The comparison form of a name (the same rules as the shared scorer)."""
    text = _QUOTES_RE.sub("", unicodedata.normalize("NFKD", text or ""))
    text = ascii_fold(text).lower()
    text = _SEPARATORS_RE.sub(" ", text)
    text = _PUNCT_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True)
class Transliteration:
    """Spelling groups and article prefixes from data/transliteration.yaml."""

    canonical: dict[str, str]  # folded word -> the group's representative
    articles: frozenset[str]  # "al", "el", ... (without the hyphen)


@lru_cache(maxsize=1)
def transliteration() -> Transliteration:
    source = resources.files("orbat") / "data" / "transliteration.yaml"
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        data = {}
    canonical: dict[str, str] = {}
    for group in data.get("groups") or []:
        forms = [norm(str(g)).replace(" ", "") for g in group]
        forms = [f for f in forms if f]
        if not forms:
            continue
        head = canonical.get(forms[0], forms[0])
        for f in forms:
            canonical.setdefault(f, head)
    articles = {str(a).strip("-").lower() for a in data.get("articles") or ["al-", "el-"]}
    return Transliteration(canonical, frozenset(articles))


POSSESSIVE = "\x00s"  # the word that "'s" folds to: its own word, so "Iran's" still holds "iran"
_POSSESSIVE_RE = re.compile(r"(?:(?<=\w)|^)['\u2019\u02bc][sS]\b")
_WORD_RE = re.compile(r"\x00s|[^\W_]+(?:'[^\W_]+)*", re.UNICODE)


# "al" and "el" are never English words; "as-", "at-", "an-" ... are articles only before a hyphen
FREE_ARTICLES = frozenset({"al", "el"})
_HYPHENATED_ARTICLE_RE = re.compile(r"(?i)(?<![\w'])([a-z]{2,3})[-\u2010\u2011]")


def _drop_hyphenated_articles(text: str, articles: frozenset[str]) -> str:
    return _HYPHENATED_ARTICLE_RE.sub(lambda m: " " if m.group(1).lower() in articles else m.group(0), text)


@lru_cache(maxsize=200_000)
def fold_words(text: str) -> tuple[str, ...]:
    """The words of a name in matching form: transliteration groups applied, articles dropped."""
    tr = transliteration()
    text = _POSSESSIVE_RE.sub(" " + POSSESSIVE + " ", text)
    text = _drop_hyphenated_articles(text, tr.articles)
    words = []
    for raw in _WORD_RE.findall(ascii_fold(text).lower()):
        w = raw.replace("'", "")
        if w in FREE_ARTICLES or w == "the":
            continue
        words.append(tr.canonical.get(w, w))
    return tuple(words)


@lru_cache(maxsize=50_000)
def capitals(text: str) -> tuple[bool, ...]:
    """For each word of ``fold_words(text)``, whether it is written with a capital."""
    tr = transliteration()
    text = _POSSESSIVE_RE.sub(" " + POSSESSIVE + " ", text)
    text = _drop_hyphenated_articles(text, tr.articles)
    caps = []
    for raw in _WORD_RE.findall(ascii_fold(text)):
        w = raw.replace("'", "").lower()
        if w in FREE_ARTICLES or w == "the":
            continue
        caps.append(raw[:1].isupper())
    return tuple(caps)


def fold_key(text: str) -> str:
    """One string per name up to spelling: "Qassem Soleimani" and "Ghasem Sulaimani" share it."""
    return " ".join(fold_words(text))


def is_acronym(text: str) -> bool:
    """IRGC, IRGC-QF, U.S., PMF: short, mostly capitals, no lower-case word."""
    letters = [c for c in text if c.isalpha()]
    if not letters or len(text) > 12:
        return False
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper >= len(letters) - 1 and " " not in text.strip()
