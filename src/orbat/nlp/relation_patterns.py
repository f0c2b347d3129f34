"""Relation patterns as data: loading, checking against the ontology, and surface matching.

The patterns live in ``orbat/data/relations/``: ``lexicon.yaml`` (word lists), ``surface.yaml``
(regular expressions over a sentence whose entity mentions are slots), ``dependency.yaml`` (verb
frames read off the parse) and ``modality.yaml`` (cues). Every rule has an id that the Evidence of
the relations it produces records. A rule naming an unknown predicate fails at load time with the
file named.

A sentence is matched as a *template*: its text with every entity mention replaced by a marker
``\\x01TYPE:eid:k\\x02`` (k indexes the slot list, TYPE is the ontology type with a sub-kind for
countries, cities and unit names) and every nationality adjective whose country is an entity of the
article replaced by a ``DEMONYM`` marker for that country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from orbat import ontology

PACKAGE_DIR = "data/relations"
MAX_MATCHES_PER_RULE = 40  # per sentence: bounds the work on a runaway sentence
MODALITIES = ("asserted", "reported", "alleged", "hypothetical", "negated")
POSSESSIVE_PRONOUNS = ("its", "his", "her", "their")
MARK = re.compile(r"\x01([A-Z_.]+):([^:\x02]*):(\d+)\x02")


class PatternError(ontology.OntologyError):
    """A relation pattern file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class SurfaceRule:
    id: str
    predicate: str
    regex: re.Pattern
    kind: str  # nominal | clause
    not_after: re.Pattern | None
    slots: dict  # group name -> (role S|O, mode "1"|"+"|"*", allowed marker regex)
    object_via: str | None = None  # the object is what this entity <predicate>s ("X's deputy" -> what X leads)
    modality: str | None = None  # the rule's words carry it themselves ("X blamed Y for the strike": alleged)


@dataclass(frozen=True)
class DepRule:
    id: str
    predicate: str
    lemmas: frozenset
    nouns: frozenset
    subject: tuple
    object: tuple
    dobj_lemmas: frozenset
    swap: bool = False
    with_prep: str | None = None
    not_with_prep: str | None = None
    not_head_lemmas: frozenset = frozenset()
    governed_by: str | None = None  # a noun rule whose noun hangs on this preposition ("with the help of X")


@dataclass
class Patterns:
    lexicon: dict
    surface: list
    dependency: list
    cues: dict
    demonyms: dict = field(default_factory=dict)  # lower-case adjective -> country name
    countries: frozenset = frozenset()  # lower-case country names
    unit_words: frozenset = frozenset()
    head_titles: tuple = ()
    title_country: dict = field(default_factory=dict)
    title_body: dict = field(default_factory=dict)

    capitals: dict = field(default_factory=dict)  # city ref -> country ref
    capital_ends: dict = field(default_factory=dict)  # predicate -> ("subject", "object") ends a capital stands for its state
    heads: dict = field(default_factory=dict)  # person ref -> the country whose head-of-state title they held

    @property
    def fixed_modality(self) -> dict:
        return {r.id: r.modality for r in self.surface if r.modality}


def _read(name: str) -> object:
    src = resources.files("orbat") / PACKAGE_DIR / name
    try:
        return yaml.safe_load(src.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PatternError(f"orbat/{PACKAGE_DIR}/{name}: cannot read: {exc}") from None


def words_alt(words) -> str:
    """A regex alternation of literal words/phrases, longest first, any whitespace inside."""
    forms = sorted({w for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in forms) + ")"


def _type_regex(types: str, where: str) -> str:
    alts = []
    for t in types.split("|"):
        t = t.strip()
        if t == "ANY":
            alts.append(r"(?!DEMONYM)[A-Z_]+(?:\.[A-Z]+)?")
        elif t == "COUNTRY":
            alts.append(r"GPE\.COUNTRY")
        elif t == "CITY":
            alts.append(r"GPE\.CITY")
        elif t == "DEMONYM":
            alts.append(r"DEMONYM")
        else:
            base, _, sub = t.partition("/")
            ontology.default().check_type(base, where)
            alts.append(re.escape(base) + (r"\." + sub if sub else r"(?:\.[A-Z]+)?"))
    return "(?:" + "|".join(alts) + ")"


def _marker(types: str, where: str) -> str:
    return "\x01" + _type_regex(types, where) + r":[^:\x02]*:\d+\x02"


LIST_COMMA = r"\s*,\s*(?:the\s+)?(?:(?-i:[A-Z][\w.'’-]*)\s+){0,3}"
LIST_AND = r"(?:,?\s+and\s+|,?\s+or\s+|,?\s+as\s+well\s+as\s+)(?:the\s+)?(?:(?-i:[A-Z][\w.'’-]*)\s+){0,3}"
LIST_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|,?\s+and\s+|,?\s+or\s+|,?\s+as\s+well\s+as\s+)(?:the\s+)?(?:(?-i:[A-Z][\w.'’-]*)\s+){0,3}"


def compile_pattern(pattern: str, lexicon: dict, where: str) -> tuple[re.Pattern, dict]:
    slots: dict = {}
    counter = [0]

    def repl(m: re.Match) -> str:
        body = m.group(1)
        if ":" in body:
            name, types = body.split(":", 1)
            marker = _marker(types, where)
            role, mode = name[0], name[1:] or "1"
            if role == "X":
                return "(?:" + marker + ")"
            if role not in "SO" or mode not in ("1", "+", "*"):
                raise PatternError(f"{where}: bad slot {{{body}}}")
            counter[0] += 1
            g = f"{role}{counter[0]}"
            slots[g] = (role, mode, re.compile(_type_regex(types, where)))
            if mode == "1":
                return f"(?P<{g}>{marker})"
            if mode == "+":
                return f"(?P<{g}>{marker}(?:(?:{LIST_COMMA}{marker}){{0,12}}{LIST_AND}{marker})?)"
            return f"(?P<{g}>(?:[^.;:!?\x01\x02]|\x01[^\x02]*\x02){{0,200}})"
        if body == "RANK":
            return r"(?:(?-i:[A-Z][\w'’.-]*)\s+){0,5}"
        if body == "DET":
            return r"(?:(?:the|a|an)\s+)?"
        if body == "POSS":
            return r"(?:'s|')"
        if body == "NOT_MODIFIER":
            return r"(?!\s+" + words_alt(lexicon.get("PLACE_MODIFIED", ["x-none"])) + r"\b)"
        if body == "NOTNEXT":
            return r"(?![-\s]*\x01)"
        if body == "w":
            return r"(?-i:[a-z][\w'’-]*)"
        if body == "W":
            return r"(?:[\w'’.-]|\x01[^\x02]*\x02)+"
        if body in lexicon and isinstance(lexicon[body], list):
            return words_alt(lexicon[body])
        raise PatternError(f"{where}: unknown macro {{{body}}}")

    src = re.sub(r"\{([A-Za-z+*:|/_]+)\}", repl, pattern)
    if not any(r == "S" for r, _, _ in slots.values()) or not any(r == "O" for r, _, _ in slots.values()):
        raise PatternError(f"{where}: a pattern needs an {{S:...}} and an {{O:...}} slot")
    try:
        return re.compile(src, re.IGNORECASE), slots
    except re.error as exc:
        raise PatternError(f"{where}: bad regular expression: {exc}") from None


def _rules(data: object, fname: str) -> list[dict]:
    if not isinstance(data, list):
        raise PatternError(f"orbat/{PACKAGE_DIR}/{fname}: expected a list of rules")
    seen = set()
    onto = ontology.default()
    for i, r in enumerate(data):
        where = f"orbat/{PACKAGE_DIR}/{fname}: rule {i + 1}"
        if not isinstance(r, dict) or "id" not in r or "predicate" not in r:
            raise PatternError(f"{where}: each rule needs an id and a predicate")
        if r["id"] in seen:
            raise PatternError(f"{where}: duplicate id {r['id']!r}")
        seen.add(r["id"])
        onto.check_predicate(r["predicate"], f"orbat/{PACKAGE_DIR}/{fname}: rule {r['id']}")
    return data


def _state_refs(data: object) -> dict:
    where = f"orbat/{PACKAGE_DIR}/state_refs.yaml"
    if not isinstance(data, dict):
        raise PatternError(f"{where}: expected capitals, predicates and heads")
    ends = data.get("predicates") or {}
    for pred, which in ends.items():
        ontology.default().check_predicate(pred, where)
        if not set(which) <= {"subject", "object"}:
            raise PatternError(f"{where}: {pred}: ends must be subject or object")
    return {"capitals": dict(data.get("capitals") or {}), "capital_ends": {k: tuple(v) for k, v in ends.items()},
            "heads": dict(data.get("heads") or {})}


def build(lexicon: dict, surface: list, dependency: list, cues: dict, states: object = None) -> Patterns:
    s_rules = []
    for r in _rules(surface, "surface.yaml"):
        where = f"orbat/{PACKAGE_DIR}/surface.yaml: rule {r['id']}"
        rx, slots = compile_pattern(r["pattern"], lexicon, where)
        kind = r.get("kind", "nominal")
        if kind not in ("nominal", "clause"):
            raise PatternError(f"{where}: kind must be nominal or clause")
        na = re.compile(r["not_after"], re.IGNORECASE) if r.get("not_after") else None
        via = r.get("object_via")
        if via is not None:
            ontology.default().check_predicate(via, where)
        mod = r.get("modality")
        if mod is not None and mod not in MODALITIES:
            raise PatternError(f"{where}: modality must be one of {', '.join(MODALITIES)}")
        s_rules.append(SurfaceRule(r["id"], r["predicate"], rx, kind, na, slots, via, mod))
    d_rules = []
    for r in _rules(dependency, "dependency.yaml"):
        d_rules.append(DepRule(r["id"], r["predicate"], frozenset(r.get("lemmas", [])),
                               frozenset(r.get("nouns", [])), tuple(r.get("subject", [])),
                               tuple(r.get("object", [])), frozenset(r.get("dobj_lemmas", [])),
                               bool(r.get("swap", False)), r.get("with_prep"),
                               r.get("not_with_prep"), frozenset(r.get("not_head_lemmas", [])),
                               r.get("governed_by")))
    dem = {k.lower(): v for k, v in (lexicon.get("DEMONYMS") or {}).items()}
    return Patterns(
        lexicon=lexicon, surface=s_rules, dependency=d_rules, cues=cues, demonyms=dem,
        countries=frozenset(c.lower() for c in lexicon.get("COUNTRIES", [])) | frozenset(v.lower() for v in dem.values()),
        unit_words=frozenset(w.lower() for w in lexicon.get("UNIT_NAME_WORD", [])),
        head_titles=tuple(lexicon.get("HEAD_OF_STATE", [])),
        title_country={k.lower(): v for k, v in (lexicon.get("TITLE_COUNTRY") or {}).items()},
        title_body={k: [f.lower() for f in v] for k, v in (lexicon.get("TITLE_BODY") or {}).items()},
        **(_state_refs(states) if states is not None else {}),
    )


@lru_cache(maxsize=1)
def default() -> Patterns:
    return build(_read("lexicon.yaml"), _read("surface.yaml"), _read("dependency.yaml"), _read("modality.yaml"),
                 _read("state_refs.yaml"))


# ---------------------------------------------------------------- templates

@dataclass
class Slot:
    start: int  # character offsets in the article text
    end: int
    eid: str
    type: str  # ontology type, or DEMONYM (eid is then the country's entity id)


@dataclass
class Template:
    text: str
    pos: list  # template index -> article offset (len(text) + 1 entries)
    slots: list


def template(text: str, a: int, b: int, mentions: list, demonym_rx: re.Pattern | None,
             demonym_ids: dict, subtype) -> Template:
    """The sentence text[a:b] with its mentions (sorted, inside [a, b)) as markers."""
    items = []
    for s, e, eid, typ in mentions:
        if items and items[-1][2] == eid and re.fullmatch(r"\s*\(\s*", text[items[-1][1]:s]) \
                and text[e:e + 1] == ")":
            items[-1] = (items[-1][0], e + 1, eid, items[-1][3])  # "X (ACRONYM)" is one slot
            continue
        if items and s < items[-1][1]:
            continue
        items.append((s, e, eid, typ))
    if demonym_rx is not None:
        extra = []
        j = 0
        for m in demonym_rx.finditer(text, a, b):
            while j < len(items) and items[j][1] <= m.start():
                j += 1
            if j < len(items) and items[j][0] < m.end():
                continue
            eid = demonym_ids.get(m.group(0).lower())
            if eid:
                extra.append((m.start(), m.end(), eid, "DEMONYM"))
        items = sorted(items + extra)
    out, pos, slots = [], [], []
    p = a
    for s, e, eid, typ in items:
        chunk = text[p:s].replace("\u2019", "'").replace("\u2018", "'")
        out.append(chunk)
        pos.extend(range(p, s))
        k = len(slots)
        slots.append(Slot(s, e, eid, typ))
        mark = f"\x01{subtype(eid, typ, text[s:e])}:{eid}:{k}\x02"
        out.append(mark)
        pos.extend([s] * (len(mark) - 1) + [e - 1])
        if text[s:e].lower() in POSSESSIVE_PRONOUNS:  # a resolved "its"/"his" reads as "X's"
            out.append("'s")
            pos.extend([e - 1, e - 1])
        p = e
    out.append(text[p:b].replace("\u2019", "'").replace("\u2018", "'"))
    pos.extend(range(p, b))
    pos.append(b)
    return Template("".join(out), pos, slots)


@dataclass(frozen=True)
class SurfaceHit:
    rule: SurfaceRule
    subjects: tuple  # slot indexes
    objects: tuple
    start: int  # article offsets of the matched words
    end: int


def _slot_ids(group_text: str, allowed: re.Pattern) -> list[int]:
    return [int(m.group(3)) for m in MARK.finditer(group_text) if allowed.fullmatch(m.group(1))]


def match_surface(tpl: Template, rules: list[SurfaceRule]) -> list[SurfaceHit]:
    hits = []
    text = tpl.text
    if "\x01" not in text:
        return hits
    for rule in rules:
        pos, n = 0, 0
        while n < MAX_MATCHES_PER_RULE:
            m = rule.regex.search(text, pos)
            if not m:
                break
            n += 1
            nxt = text.find("\x01", m.start() + 1)
            pos = nxt if nxt > m.start() else len(text)
            if rule.not_after is not None and rule.not_after.search(text[max(0, m.start() - 40):m.start()]):
                continue
            subj, obj = [], []
            for g, (role, mode, allowed) in rule.slots.items():
                gt = m.group(g)
                if gt is None:
                    continue
                ids = _slot_ids(gt, allowed)
                (subj if role == "S" else obj).extend(ids)
            if subj and obj:
                hits.append(SurfaceHit(rule, tuple(subj), tuple(obj), tpl.pos[m.start()], tpl.pos[m.end()]))
    return hits
