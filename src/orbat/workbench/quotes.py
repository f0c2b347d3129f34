"""`orbat quotes`: who said what, filtered by speaker, outlet, words and dates."""
from __future__ import annotations

from orbat.names import fold_key
from orbat.workbench import dates, lookup
from orbat.workbench.profile import quote_line
from orbat.workbench.results import Rows


def quotes(wb, speaker: str | None = None, outlet: str | None = None, text: str | None = None,
           frm: str | None = None, to: str | None = None, as_of: str | None = None,
           limit: int | None = None) -> Rows:
    snap = wb.snapshot()
    sid = lookup.find(snap, speaker) if speaker else None
    okey = fold_key(outlet) if outlet else None
    needle = text.casefold() if text else None
    limit_end = dates.end(as_of) if as_of else None
    out = []
    for q in (snap.quotes[i] for i in snap.speakers.get(sid, ())) if sid else snap.quotes:
        art = snap.articles.get(q.article)
        published = art.published if art else None
        if limit_end and not dates.by(published, limit_end):
            continue
        if (frm or to) and not dates.within(published, frm, to):
            continue
        if needle and needle not in q.text.casefold():
            continue
        if okey:
            names = [snap.entities[v].name for v in q.via if v in snap.entities]
            names += [f for v in q.via if v in snap.entities for f in snap.entities[v].forms]
            if art and art.source:
                names.append(art.source)
            if not any(okey in fold_key(n) for n in names):
                continue
        out.append(quote_line(snap, q))
    return Rows(out[:limit] if limit else out)
