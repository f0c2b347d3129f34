"""The outlets a quote came through (``via``): media named with a reporting cue around it."""
from __future__ import annotations

import re

from orbat.nlp.quotes.cues import ORG_TYPES, PERSON_TYPES


class _Outlets:
    """Outlet look-ups for ``_Finder`` (a mixin: it reads the finder's text and entities)."""

    # -- outlets -------------------------------------------------------------

    def outlets_near(self, a: int, b: int) -> list[str]:
        """Media mentions in text[a:b] that a cue ties to reporting."""
        out = []
        for e in self.ents_in(a, b):
            if self.inside_quote(e[0]):
                continue
            after = self.text[e[1]:min(e[1] + 40, b + 40)]
            before = self.text[max(a, e[0] - 60):e[0]]
            cue_after = bool(self.re_outlet_after.match(after))
            cue_before = bool(self.re_outlet_before.search(before))
            slot = bool(self.re_article_in.search(before))
            if slot and e[3] not in PERSON_TYPES | {"GPE"}:
                out.append(e[2])
            elif (cue_after or cue_before) and self.is_media(e):
                out.append(e[2])
        return out

    def media_in(self, a: int, b: int, any_org: bool = False) -> list[str]:
        out = []
        for e in self.ents_in(a, b):
            if self.is_media(e) or (any_org and e[3] in ORG_TYPES):
                out.append(e[2])
        return out

    def outlet_reports(self, eid: str, verb: str) -> bool:
        """Is ``eid`` a news outlet and ``verb`` one with which outlets report?"""
        if not re.fullmatch(self.cues.outlet_verbs_re, verb, re.I):
            return False
        return any(e[2] == eid and self.is_media(e) for e in self.ents)

    def told_outlet(self, vt, via: list):
        if vt is None or vt.lower_ not in ("told", "tell", "tells", "telling"):
            return
        for c in vt.children:
            if c.dep_ in ("dobj", "dative", "iobj", "obj"):
                e = self.ent_at(c.idx)
                if e is not None and self.is_media(e):
                    via.append(e[2])
