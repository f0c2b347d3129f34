"""Pass 1: quotation spans in each paragraph -- nesting, orphan closing marks, and quotes
that run on into the next paragraph."""
from __future__ import annotations

from dataclasses import dataclass

from orbat.nlp.quotes.cues import _MARK_RE, CLOSE_D, CLOSE_S, OPEN_D, OPEN_S
from orbat.nlp.quotes.text import _boundaries


@dataclass
class _Span:
    start: int  # first character of the span (the opening mark, or where an orphan quote starts)
    end: int  # one past the closing mark (or the paragraph end)
    segs: list  # [(a, b)] inner text pieces, one per paragraph
    para: int
    last_para: int
    opened: bool = True  # had an opening mark
    closed: bool = True  # had a closing mark
    single: bool = False
    accepted: bool = False
    long: bool = False
    speaker: str | None = None
    rule: str = ""
    via: tuple = ()
    speaker_type: str | None = None

    @property
    def inner_start(self) -> int:
        return self.segs[0][0]

    @property
    def inner_end(self) -> int:
        return self.segs[-1][1]


def _mark_kind(text: str, i: int) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in OPEN_D:
        return "open"
    if ch in CLOSE_D:
        return "close"
    if ch == '"':
        before_free = prev.isspace() or prev in "([{—–-/:;,\u2018\u201c"
        after_free = nxt.isspace() or nxt in ".,;:!?)]}—–\u2019\u201d"
        if before_free and not after_free:
            return "open"
        if after_free and not before_free:
            return "close"
        return "toggle"
    if ch == OPEN_S:
        if prev.isspace() or prev in "([{—–\"\u201c" or i == 0:
            return "sopen"
        return None
    if ch == CLOSE_S:
        if prev.isalnum() and nxt.isalnum():
            return None  # apostrophe
        if not prev.isalnum() and prev not in ".,!?;:…)]":
            return None
        return "sclose"
    return None


def _find_spans(text: str, paras: list[tuple[int, int]]) -> list[_Span]:
    spans: list[_Span] = []
    carry: _Span | None = None
    for pi, (ps, pe) in enumerate(paras):
        depth = 0
        cur: _Span | None = None
        single_at: int | None = None
        last_inner_close: int | None = None
        prev_end = ps
        marks = [(m.start(), _mark_kind(text, m.start())) for m in _MARK_RE.finditer(text, ps, pe)]
        k = 0
        if carry is not None:
            if marks and marks[0][0] == ps and marks[0][1] in ("open", "toggle"):
                cur = carry
                cur.segs.append((ps + 1, ps + 1))
                cur.last_para = pi
                depth = 1
                k = 1
            else:
                spans.append(carry)
            carry = None
        for pos, kind in marks[k:]:
            if kind is None:
                continue
            if kind == "toggle":
                kind = "close" if depth > 0 else "open"
            if kind == "open":
                if single_at is not None:
                    continue  # a double quote inside a single-quoted quote: nested
                if depth == 0:
                    cur = _Span(pos, pos + 1, [(pos + 1, pos + 1)], pi, pi)
                    last_inner_close = None
                depth += 1
            elif kind == "close":
                if single_at is not None:
                    continue
                if depth > 0:
                    depth -= 1
                    if depth == 0 and cur is not None:
                        a, _ = cur.segs[-1]
                        cur.segs[-1] = (a, pos)
                        cur.end = pos + 1
                        spans.append(cur)
                        prev_end = pos + 1
                        cur = None
                    else:
                        last_inner_close = pos
                else:
                    # closing mark with no opening one
                    if prev_end == ps:
                        start = ps
                    else:
                        starts = _boundaries(text, prev_end, pos)
                        if not starts:
                            continue
                        start = starts[-1]
                    if pos > start:
                        spans.append(_Span(start, pos + 1, [(start, pos)], pi, pi, opened=False))
                    prev_end = pos + 1
            elif kind == "sopen":
                if depth == 0 and single_at is None:
                    single_at = pos
            elif kind == "sclose":
                if depth == 0 and single_at is not None:
                    if pos > single_at + 1:
                        spans.append(_Span(single_at, pos + 1, [(single_at + 1, pos)], pi, pi, single=True))
                        prev_end = pos + 1
                    single_at = None
        if depth > 0 and cur is not None:
            if depth > 1 and last_inner_close is not None:
                # an inner quote never closed: end the outer one at the last closing mark
                a, _ = cur.segs[-1]
                cur.segs[-1] = (a, last_inner_close)
                cur.end = last_inner_close + 1
                spans.append(cur)
            else:
                a, _ = cur.segs[-1]
                cur.segs[-1] = (a, pe)
                cur.end = pe
                cur.closed = False
                carry = cur
    if carry is not None:
        spans.append(carry)
    spans.sort(key=lambda s: s.start)
    return spans
