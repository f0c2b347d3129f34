"""The id of an article: a hash of its text, normalised so that re-saving it
with other whitespace, quotes or encoding does not make it a new article."""
from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC, lower case, curly quotes folded to straight ones, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return _SPACE.sub(" ", text).strip()


def article_id(text: str) -> str:
    """First 20 hex digits of the SHA-256 of the normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:20]
