"""`orbat timeline [NAME]`: dated facts and quotes in order.

A fact is dated by its own time when the text gives one, else by the earliest
publication of the articles that state it; a quote by its article's
publication. Undated facts and quotes are left out (the result says how many).
"""
from __future__ import annotations

from orbat.workbench import dates, lookup
from orbat.workbench.profile import ref, sentences
from orbat.workbench.results import Event, Rows


def timeline(wb, name: str | None = None, frm: str | None = None, to: str | None = None,
             as_of: str | None = None, limit: int | None = None, quotes: bool = True) -> Rows:
    snap = wb.snapshot()
    pic = snap.picture(as_of)
    eid = lookup.find(snap, name) if name else None
    lives = pic.facts_of(eid) if eid else list(pic.live.values())
    picked = []
    for lv in lives:
        if lv.first and (frm or to) and not dates.within(lv.first, frm, to):
            continue
        if lv.first:
            picked.append(lv)
    events = []
    texts = sentences(wb.store.backend, [lv.fact.id for lv in picked])
    for lv in picked:
        f = lv.fact
        ev = next(((a, s) for a, s in texts.get(f.id, ()) if a in lv.articles), (None, None))
        art = snap.articles.get(ev[0]) if ev[0] else None
        events.append(Event(lv.first, "fact", ref(snap, f.s), f.p, ref(snap, f.o), f.modality, ev[1].strip() if ev[1] else None,
                            "fact" if f.time else "article", f.id, ev[0], art.title if art else None))
    if quotes:
        limit_end = dates.end(as_of) if as_of else None
        for q in snap.quotes:
            if eid and q.speaker != eid:
                continue
            art = snap.articles.get(q.article)
            when = art.published if art else None
            if not when or not dates.by(when, limit_end):
                continue
            if (frm or to) and not dates.within(when, frm, to):
                continue
            events.append(Event(when, "quote", ref(snap, q.speaker) if q.speaker else None, None, None, None,
                                q.text, "article", None, q.article, art.title))
    events.sort(key=lambda e: (dates.start(e.date), e.kind, e.subject.name if e.subject else "",
                               e.predicate or "", e.object.name if e.object else ""))
    return Rows(events[:limit] if limit else events)
