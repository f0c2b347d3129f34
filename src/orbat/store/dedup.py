"""Near-duplicate articles: MinHash over word shingles, an LSH index rebuilt from the store.

The same story re-published with a new headline or a share-widget tail has a
new content id but nearly the same words. Its signature (of the text without
the title line) is compared with the stored ones; above ``THRESHOLD`` (estimated Jaccard similarity of word
shingles) the article is stored as a duplicate of the earliest one, and does
not count as a second independent source. Signatures live in the
``signatures`` table, so the index works across runs and processes: it loads
whatever rows it has not yet seen before each look-up.
"""
from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE = 3  # words
SCHEME = "affine32"  # datasketch's permutation scheme; signatures of other schemes are not comparable
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[bytes]:
    words = _WORD_RE.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def body(text: str, title: str | None) -> str:
    """The words compared: the text without its title line (a new headline is the commonest change)."""
    if title and text.startswith(title):
        return text[len(title):]
    return text


def signature(text: str, title: str | None = None) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles(body(text, title))))
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(bytes(data), dtype=np.uint64))


class NearDuplicates:
    """The LSH index over the signatures in a store, kept up to date incrementally."""

    def __init__(self, backend):
        self.backend = backend
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.sigs: dict[str, MinHash] = {}
        self.roots: dict[str, str] = {}  # article -> the independent article it duplicates (or itself)
        self.seq: dict[str, int] = {}
        self.loaded_upto = -1

    def refresh(self) -> None:
        rows = self.backend.execute(
            "SELECT s.article, s.seq, s.hashvalues, COALESCE(a.duplicate_of, a.id) FROM signatures s "
            "JOIN articles a ON a.id = s.article WHERE s.seq > ? AND s.num_perm = ? AND s.scheme = ? "
            "ORDER BY s.seq", (self.loaded_upto, NUM_PERM, SCHEME)).fetchall()
        for article, seq, blob, root in rows:
            self.add(article, seq, from_bytes(blob), root)

    def add(self, article: str, seq: int, sig: MinHash, root: str) -> None:
        if article not in self.sigs:
            self.lsh.insert(article, sig)
        self.sigs[article] = sig
        self.roots[article] = root
        self.seq[article] = seq
        self.loaded_upto = max(self.loaded_upto, seq)

    def find(self, sig: MinHash, exclude: str | None = None) -> str | None:
        """The independent stored article this signature near-duplicates, if any (earliest first)."""
        self.refresh()
        best = None
        for cand in self.lsh.query(sig):
            if cand == exclude or sig.jaccard(self.sigs[cand]) < THRESHOLD:
                continue
            root = self.roots[cand]
            if best is None or self.seq.get(root, 0) < self.seq.get(best, 0):
                best = root
        return best
