"""The quote finder's cue words (``orbat/data/quote_cues.yaml``) and the bounds every pass keeps to."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

import yaml

# ---------------------------------------------------------------------------
# constants

OPEN_D = "\u201c\u201e\u00ab"  # “ „ «
CLOSE_D = "\u201d\u00bb"  # ” »
OPEN_S = "\u2018"  # ‘
CLOSE_S = "\u2019"  # ’
_MARK_RE = re.compile("[\u201c\u201d\u201e\u00ab\u00bb\"\u2018\u2019]")
_PARA_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
_WS_TOKEN_RE = re.compile(r"[^ \t\r\n]+")

MAX_PRE = 400  # characters looked at before a quote
MAX_POST = 300  # characters looked at after a quote
MAX_NP = 150  # characters of a speaker noun phrase
LOOKBACK_PARAS = 2  # pronouns look this many paragraphs back
LOOKBACK_MENTIONS = 80
MAX_TOKENS_SCANNED = 400  # tokens inspected inside one quote for verbs
LONG_WORDS = 6  # a clause this long in quotation marks is speech
CUT_OVER = 40  # quotes over this many words ...
CUT_TO = 25  # ... are cut to this many

UNNAMED = ("", None)  # a speaker the text gives but does not name

SPEAKER_TYPES = frozenset(
    {"PERSON", "ORGANIZATION", "ORG", "ARMED_GROUP", "MEDIA", "GPE", "NORP_ORG"}
)
PERSON_TYPES = frozenset({"PERSON", "PER"})
ORG_TYPES = frozenset({"ORGANIZATION", "ORG", "ARMED_GROUP", "MEDIA"})

ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen maj col lt capt cpt sgt adm brig cmdr cdr gov sen rep prof st jr sr
    no vs etc inc corp co ltd jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n
    a.m p.m e.g i.e mt ft fig vol pp ayat hon rev""".split()
)
# what may stand between "as saying" and the quote: "that", a colon, or the start of
# the reported clause ("quoted him as saying the Guards were “ready ...”"), with no comma
_AS_SAYING_TAIL = r"(?:\s*(?:that\s*)?[,:]?\s*|\s+(?:that\s+)?[^“”\"«»!?;,:\n]{0,200}?)$"
_BOUNDARY_RE = re.compile(r"[.!?…][\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-Z0-9])")


# ---------------------------------------------------------------------------
# cue data


@dataclass(frozen=True)
class Cues:
    reporting: frozenset[str]
    reporting_re: str  # alternation, whole words
    fragment_re: str
    scare_re: re.Pattern
    quoted_as_re: str
    as_saying_re: str
    according_re: str
    outlet_verbs_re: str
    outlet_preps_re: str
    outlet_name_re: re.Pattern
    person_pronouns: frozenset[str]
    org_pronouns: frozenset[str]
    person_descriptions: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()


def _alt(words: Iterable[str]) -> str:
    ws = sorted({w.strip().lower() for w in words if w and w.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws) + ")"


@lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> Cues:
    """Read the cue file (``orbat/data/quote_cues.yaml`` unless a path is given)."""
    if path is None:
        raw = resources.files("orbat").joinpath("data/quote_cues.yaml").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    data = yaml.safe_load(raw) or {}
    reporting = [str(w) for w in data.get("reporting_verbs", [])]
    single = frozenset(w.lower() for w in reporting if " " not in w.strip())
    return Cues(
        reporting=single,
        reporting_re=_alt(reporting),
        fragment_re=_alt(data.get("fragment_frame_verbs", [])),
        scare_re=re.compile(r"\b" + _alt(data.get("scare_markers", [])) + r"\s*$", re.I),
        quoted_as_re=_alt(data.get("quoted_as_verbs", ["quoted"])),
        as_saying_re=_alt(data.get("as_saying", ["saying"])),
        according_re=_alt(data.get("according_to", ["according to"])),
        outlet_verbs_re=_alt(data.get("outlet_report_verbs", ["reports", "reported"])),
        outlet_preps_re=_alt(data.get("outlet_prepositions", ["told"])),
        outlet_name_re=re.compile(r"(?<![\w-])" + _alt(data.get("outlet_name_words", [])) + r"(?![\w-])", re.I),
        person_pronouns=frozenset(w.lower() for w in data.get("person_pronouns", ["he", "she"])),
        org_pronouns=frozenset(w.lower() for w in data.get("organisation_pronouns", ["it"])),
        person_descriptions=frozenset(w.lower() for w in data.get("person_descriptions", [])),
        person_nouns=frozenset(w.lower() for w in data.get("person_nouns", [])),
    )
