"""The domain entity ruler: find the reference data's actors in a parsed text.

Matching is on folded words (orbat.names.fold_words), so one alias covers its
transliteration variants, hyphenation and the Arabic article: "Kata'ib
Hizballah" finds the actor listed as "Kataib Hezbollah". Capitalisation still
counts where it carries meaning: an acronym only matches in capitals ("US" is
not "us"), and a capitalised name only with its capital ("basij", the common
noun, is not the Basij).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from orbat.names import POSSESSIVE, fold_words, transliteration
from orbat.reference import Form, Reference


def hints():
    from orbat.nlp.mentions import hints as load  # mentions imports this module

    return load()

# words after which a name is usually a source being cited ("carried by Fars", "told Reuters")
_SOURCE_CUES = {"by", "told", "to", "via", "per", "says", "said", "reports", "reported"}
_PLACE_CUES = {"in", "of", "across", "near", "into", "from", "province", "around", "outside"}
HYPHENS = {"-", "\u2010", "\u2011", "\u2012", "\u2013"}


@dataclass
class Found:
    """A candidate entity mention inside the nlp stage (token and character offsets)."""

    start: int  # token index
    end: int  # token index, exclusive
    start_char: int
    end_char: int
    text: str
    type: str
    ref: str | None
    rule: str
    titles: list[str]
    link: int | None = None  # index of another Found naming the same actor (acronym, gloss)
    name: str | None = None  # a name built from pieces ("Tavakol (Trust) Brigade" -> "Tavakol Brigade")
    extra_aliases: tuple[str, ...] = ()


@lru_cache(maxsize=100_000)
def token_words(text: str) -> tuple[str, ...]:
    if text in ("'s", "\u2019s", "'S", "\u2019S"):
        return (POSSESSIVE,)
    return fold_words(text)


def word_stream(doc: Doc) -> tuple[list[str | None], list[int]]:
    """Folded words of the doc, with None where a name cannot continue, and each word's token."""
    words: list[str | None] = []
    owners: list[int] = []
    articles = transliteration().articles
    n = len(doc)
    for tok in doc:
        text = tok.text
        if text in HYPHENS:
            continue  # "Mohammad-Ali" is "Mohammad Ali"
        if tok.lower_ in articles and tok.i + 1 < n and doc[tok.i + 1].text in HYPHENS:
            continue  # "ash-Sham": an article only before a hyphen
        if tok.is_space or tok.is_punct or tok.is_quote or tok.is_bracket:
            words.append(None)
            owners.append(tok.i)
            continue
        for w in token_words(text):
            words.append(w)
            owners.append(tok.i)
    return words, owners


def _case_ok(doc: Doc, words: list[str | None], owners: list[int], i: int, form: Form) -> bool:
    """Capitals where the form has them: an acronym in capitals, a capitalised word capitalised."""
    toks = [doc[owners[k]] for k in range(i, i + len(form.capitals))]
    if form.acronym:
        return all(c.isupper() for t in toks for c in t.text if c.isalpha())
    return all(not cap or t.text[:1].isupper() or t.text[:1].isdigit()
               for t, cap in zip(toks, form.capitals))


def _extend_left(doc: Doc, start: int) -> int:
    """Take in an Arabic article written before the match ("al-" in "al-Qaeda")."""
    articles = transliteration().articles
    i = start
    if i >= 2 and doc[i - 1].text in HYPHENS and doc[i - 2].lower_ in articles:
        return i - 2
    if i >= 1 and doc[i - 1].lower_ in articles and doc[i - 1].lower_ in ("al", "el"):
        return i - 1
    return start


def match(doc: Doc, reference: Reference, *, contextual_for: set[str] | None = None,
          stream: tuple[list[str | None], list[int]] | None = None) -> list[Found]:
    """Longest, leftmost matches of reference forms.

    With ``contextual_for`` only the contextual forms ("the Guards") of those
    actors are looked for; otherwise only the full forms.
    """
    words, owners = stream or word_stream(doc)
    hits: list[tuple[int, int, list[Form]]] = []
    n = len(words)
    i = 0
    maxlen = reference.max_words
    firsts = reference.first_words
    descriptors = hints().descriptors
    while i < n:
        w = words[i]
        if w is None or w not in firsts:
            i += 1
            continue
        hit = None
        for length in range(min(maxlen, n - i), 0, -1):
            key = tuple(words[i:i + length])
            if None in key:
                continue
            forms = reference.lookup(key)
            if not forms:
                continue
            start, end = owners[i], owners[i + length - 1] + 1
            fitting = []
            for form in forms:
                if contextual_for is None:
                    if form.contextual:
                        continue
                elif not form.contextual or form.actor not in contextual_for:
                    continue
                if _case_ok(doc, words, owners, i, form):
                    fitting.append(form)
            if fitting:
                # "Lebanese Hizballah" is Hizballah: a nationality word is no part of the name
                if length > 1 and words[i] in descriptors and any(
                        f.actor == fitting[0].actor for f in reference.lookup(key[1:])):
                    start = owners[i + 1]
                hit = (_extend_left(doc, start), end, fitting, length)
                break
        if not hit:
            i += 1
            continue
        hits.append(hit[:3])
        i += hit[3]
    # a form several actors share ("Fars": the province, the news agency) goes to the one the
    # article names unambiguously elsewhere, else to an outlet where the words before cite one
    sure = {forms[0].actor for _, _, forms in hits if len({f.actor for f in forms}) == 1}
    found: list[Found] = []
    for start, end, forms in hits:
        form = forms[0]
        if len({f.actor for f in forms}) > 1:
            named = [f for f in forms if f.actor in sure]
            before = doc[start - 1].lower_ if start > 0 else ""
            media = [f for f in forms if reference.actors[f.actor].type == "MEDIA"]
            places = [f for f in forms if reference.actors[f.actor].type in ("GPE", "LOCATION")]
            if named:
                form = named[0]
            elif before in _SOURCE_CUES and media:
                form = media[0]
            elif before in _PLACE_CUES and places:
                form = places[0]
        actor = reference.actors[form.actor]
        span = doc[start:end]
        found.append(Found(start, end, span.start_char, span.end_char, span.text, actor.type,
                           actor.id, "ruler:context" if form.contextual else "ruler", []))
    return found


def match_surnames(doc: Doc, reference: Reference, taken: set[int]) -> list[Found]:
    """Capitalised surnames of known people standing alone ("Khomeini", "Qaani"), as PERSON.

    They carry no reference id here: coreference first looks for a person of
    that surname named in the article, and only then for the one known person
    who bears it.
    """
    surnames = reference.surnames or {}
    found = []
    for tok in doc:
        if tok.i in taken or not tok.text[:1].isupper() or not tok.is_alpha or len(tok.text) < 4:
            continue
        if tok.pos_ not in ("PROPN", "NOUN", "X", ""):
            continue  # "Said to be ...": a capitalised verb is no surname
        words = token_words(tok.text)
        if len(words) == 1 and words[0] in surnames:
            found.append(Found(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok.text), tok.text,
                               "PERSON", None, "ruler:surname", []))
    return found
