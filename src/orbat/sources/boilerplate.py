"""Split what is not the article off the end of its text.

Pages and copied text end in reader comments, related-post boxes, share
widgets and tag lists. ``split_tail`` finds them by their header lines (the
phrases live in ``orbat/data/boilerplate.yaml``) and returns the body without
them, the comments one per comment, the rest as boilerplate, and tag names.

Rules, in the order they are applied to each line from the top:

* A comment section starts at a comment header ("12 Comments", "Leave a
  Reply", "3 Responses to ...") or at a "<name> says:" line that looks like a
  comment list (bulleted, followed by a date, or one of several). Everything
  from there to the end is comments and comment-form boilerplate. A comment
  header before any sentence of reporting is taken as a page-top counter and
  only that line is removed.
* A related/share/tags header starts a block of short lines. If nothing but
  short lines and comments follows, the block runs to the end. If a long
  paragraph of prose follows, the block was inserted mid-article: only it is
  removed and the article goes on.
* "Read more: <headline>" lines are removed where they stand.

A header is always a short line of its own: prose that mentions comments or
tags is never a header.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

_BULLETS = "•·◦▪‣*-–—>#|"
_SENTENCE_END = (".", "!", "?", "”", '"', "’", "'", ".)", "?)", "!)")
_ELLIPSIS = ("…", "...", "[…]", "[...]", "»")
_MAX_HEADER = 80  # a header is a short line
_MAX_PATTERN_HEADER = 250  # "3 Responses to <a long title>"
_LONG_PROSE_WORDS = 25  # a paragraph this long, ending a sentence, is reporting
_SENTENCE_WORDS = 8  # a line this long ending a sentence ends a mid-article insert

_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|"
           "april|june|july|august|september|october|november|december")
_DATE_LINE = re.compile(
    rf"(\b({_MONTHS})\b\.?\s+\d{{1,2}}|\b\d{{1,2}}\s+({_MONTHS})\b|\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}\b"
    r"|\bat\s+\d{1,2}[:.]\d{2}|\b\d+\s+(minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    comment_headers: frozenset[str]
    comment_patterns: tuple[re.Pattern[str], ...]
    comment_form: frozenset[str]
    comment_noise: frozenset[str]
    speaker: tuple[re.Pattern[str], ...]
    related_headers: frozenset[str]
    related_patterns: tuple[re.Pattern[str], ...]
    share_headers: frozenset[str]
    share_patterns: tuple[re.Pattern[str], ...]
    tag_prefixes: tuple[str, ...]
    inline_prefixes: tuple[str, ...]


def _compile(patterns: list[str], where: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for p in patterns or ():
        try:
            out.append(re.compile(p, re.IGNORECASE))
        except re.error as e:
            raise ValueError(f"{where}: bad regular expression {p!r}: {e}") from e
    return tuple(out)


def _words(items: list[str] | None) -> frozenset[str]:
    return frozenset(_norm(str(x)) for x in items or ())


def parse_rules(data: dict, where: str = "boilerplate.yaml") -> Rules:
    """Build the recognisers from the parsed YAML of a boilerplate file."""
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a mapping at the top level")
    c, r, s, t, i = (data.get(k) or {} for k in ("comments", "related", "share", "tags", "inline"))
    return Rules(
        comment_headers=_words(c.get("headers")),
        comment_patterns=_compile(c.get("patterns"), f"{where}: comments.patterns"),
        comment_form=_words(c.get("form")),
        comment_noise=_words(c.get("noise")),
        speaker=_compile(c.get("speaker"), f"{where}: comments.speaker"),
        related_headers=_words(r.get("headers")),
        related_patterns=_compile(r.get("patterns"), f"{where}: related.patterns"),
        share_headers=_words(s.get("headers")),
        share_patterns=_compile(s.get("patterns"), f"{where}: share.patterns"),
        # longest first, so "tagged with" wins over "tagged"
        tag_prefixes=tuple(sorted((_norm(x) for x in t.get("prefixes") or ()), key=len, reverse=True)),
        inline_prefixes=tuple(sorted((_norm(x) for x in i.get("prefixes") or ()), key=len, reverse=True)),
    )


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The recognisers from the packaged ``data/boilerplate.yaml``."""
    source = resources.files("orbat") / "data" / "boilerplate.yaml"
    return parse_rules(yaml.safe_load(source.read_text(encoding="utf-8")), str(source))


# --- line classification -------------------------------------------------

def _strip_bullets(line: str) -> str:
    return line.strip().lstrip(_BULLETS).strip()


def _norm(line: str) -> str:
    """A line as header phrases are written: no bullets, no trailing colon, lower case."""
    s = _strip_bullets(line)
    s = s.rstrip(" :»›→↓").strip()
    s = s.strip("*_")  # markdown emphasis
    while len(s) > 1 and s[0] + s[-1] in ("[]", "()"):  # a link or aside wrapping the whole line
        s = s[1:-1].strip("*_ ")
    return " ".join(s.split()).lower()


def _fullmatch(patterns: tuple[re.Pattern[str], ...], s: str) -> bool:
    return any(p.fullmatch(s) for p in patterns)


def _is_comment_header(line: str, r: Rules) -> bool:
    raw = line.strip()
    if not raw or len(raw) > _MAX_PATTERN_HEADER:
        return False
    n = _norm(raw)
    if len(raw) <= _MAX_HEADER and (n in r.comment_headers or n in r.comment_form):
        return True
    return _fullmatch(r.comment_patterns, n)


def _is_form(line: str, r: Rules) -> bool:
    return _norm(line) in r.comment_form


def _is_noise(line: str, r: Rules) -> bool:
    return _norm(line) in r.comment_noise


def _speaker(line: str, r: Rules) -> bool:
    """A "<name> says:" line (short, ending with a colon)."""
    s = _strip_bullets(line)
    if not s.endswith(":") or len(s) > 80:
        return False
    body = s[:-1].strip()
    for p in r.speaker:
        m = p.fullmatch(body)
        if m and len(m.group("name").split()) <= 6:
            return True
    return False


def _is_date_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= 60 and bool(_DATE_LINE.search(s))


def _tail_kind(line: str, r: Rules) -> str | None:
    """'related' | 'share' | 'tags' | 'inline' for a header line, else None."""
    raw = line.strip()
    if not raw or len(raw) > _MAX_PATTERN_HEADER:
        return None
    n = _norm(raw)
    if len(raw) <= _MAX_HEADER:
        if n in r.related_headers:
            return "related"
        if n in r.share_headers:
            return "share"
    if _fullmatch(r.related_patterns, n):
        return "related"
    if _fullmatch(r.share_patterns, n):
        return "share"
    if _tag_values(raw, r) is not None:
        return "tags"
    if _inline_link(raw, r):
        return "inline"
    return None


def _tag_values(line: str, r: Rules) -> list[str] | None:
    """Tag names of a "Tags: a, b, c" line ([] for "Tags:" alone), None if it is not one."""
    s = _strip_bullets(line)
    low = s.lower()
    for prefix in r.tag_prefixes:
        if not low.startswith(prefix):
            continue
        rest = s[len(prefix):]
        if not rest.strip(" :"):
            return []
        if not rest.lstrip().startswith(":"):
            continue
        rest = rest.lstrip()[1:]
        if len(rest) > 300 or (rest.rstrip().endswith((".", "!", "?")) and len(rest.split()) > 12):
            return None  # a sentence, not a tag list
        return _split_tags(rest)
    return None


def _split_tags(s: str) -> list[str]:
    return [t.strip(" #") for t in re.split(r"[,;|·•]", s) if t.strip(" #")]


def _inline_link(line: str, r: Rules) -> bool:
    """A "Read more: <headline>" line put into the article."""
    s = _strip_bullets(line)
    if len(s) > 200:
        return False
    low = s.lower()
    for prefix in r.inline_prefixes:
        if low.startswith(prefix) and s[len(prefix):].lstrip().startswith(":"):
            rest = s[len(prefix):].lstrip()[1:].strip()
            return bool(rest) and (not rest.endswith((".", "!", "?")) or len(rest.split()) <= 15)
    return False


def _is_sentence(line: str, min_words: int) -> bool:
    s = line.strip()
    if s.endswith(_ELLIPSIS):
        return False
    return s.endswith(_SENTENCE_END) and len(s.split()) >= min_words


# --- the split -----------------------------------------------------------

class _Lines:
    """The lines of a body with what each one is, and where the next of each kind is.

    Computed once, from the end, so that the split stays linear however many
    headers a (hostile) input repeats.
    """

    def __init__(self, lines: list[str], r: Rules) -> None:
        n = len(lines)
        self.lines = lines
        self.blank = [not x.strip() for x in lines]
        self.speaker = [not b and _speaker(x, r) for x, b in zip(lines, self.blank)]
        self.header = [not b and _is_comment_header(x, r) for x, b in zip(lines, self.blank)]
        self.kind = [None if b else _tail_kind(x, r) for x, b in zip(lines, self.blank)]
        self.next_comment = [n] * (n + 1)  # next header or "<name> says:" line at or after j
        self.next_prose = [n] * (n + 1)  # next long paragraph of reporting at or after j
        self.speakers = [0] * (n + 1)  # "<name> says:" lines at or after j
        self.next_text = [n] * (n + 1)  # next non-blank line at or after j
        for j in range(n - 1, -1, -1):
            self.next_comment[j] = j if self.speaker[j] or self.header[j] else self.next_comment[j + 1]
            self.next_prose[j] = j if _is_sentence(lines[j], _LONG_PROSE_WORDS) else self.next_prose[j + 1]
            self.speakers[j] = self.speakers[j + 1] + self.speaker[j]
            self.next_text[j] = self.next_text[j + 1] if self.blank[j] else j

    def comment_start(self, i: int, in_tail: bool) -> bool:
        if self.header[i]:
            return True
        if not self.speaker[i]:
            return False
        if in_tail or self.lines[i].strip()[:1] in _BULLETS:
            return True
        following = self.next_text[i + 1]
        if following < len(self.lines) and _is_date_line(self.lines[following]):
            return True
        return self.speakers[i] >= 3  # a comment list, not a reporter quoting two people


def split_tail(body: str) -> tuple[str, list[str], list[str], list[str]]:
    """Split ``body`` into (article body, comments, boilerplate, tags)."""
    r = rules()
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    scan = _Lines(lines, r)
    kept: list[str] = []
    comments: list[str] = []
    boilerplate: list[str] = []
    tags: list[str] = []
    in_tail = False  # a block already ran to the end: what follows is tail too
    reporting = False  # a sentence of the article has been kept
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if scan.blank[i]:
            kept.append(line)
            i += 1
            continue
        if scan.comment_start(i, in_tail):
            if in_tail or reporting:
                c, b = _split_comment_section(lines[i:], r)
                comments.extend(c)
                boilerplate.extend(b)
                break
            boilerplate.append(line.strip())  # a comment counter above the article
            i += 1
            continue
        kind = scan.kind[i]
        if kind is None:
            kept.append(line)
            reporting = reporting or _is_sentence(line, 4)
            i += 1
            continue
        if kind == "inline":
            boilerplate.append(line.strip())
            i += 1
            continue
        end, to_end = _block_end(scan, i)
        names_below = kind == "tags" and _norm(line) in r.tag_prefixes  # "Tags:" alone
        if kind == "tags" and not names_below and not to_end:
            end = i + 1  # a tag line inside the article: only that line goes
        block = [x.strip() for x in lines[i:end] if x.strip()]
        if kind == "tags":
            found = list(_tag_values(block[0], r) or [])
            below = block[1:]
            if names_below:
                found += [v for x in below if len(x) <= 60 for v in _split_tags(x)]
                below = [x for x in below if len(x) > 60]
            tags.extend(found)
            if not found:  # "Tags: , , ,": an empty widget, kept as boilerplate
                below = block[:1] + below
            if below:
                boilerplate.append("\n".join(below))
        else:
            boilerplate.append("\n".join(block))
        in_tail = in_tail or to_end
        i = end
    text = "\n".join(kept).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text, comments, boilerplate, _dedupe(tags)


def _block_end(scan: _Lines, i: int) -> tuple[int, bool]:
    """Where the block opened by the header at ``i`` ends, and whether the tail runs to the end."""
    n = len(scan.lines)
    kind = scan.kind[i]
    comment = scan.next_comment[i + 1]  # with in_tail: any "says:" line counts
    prose = scan.next_prose[i + 1]
    if prose >= comment:
        # The tail: this block runs to the next header of another kind, or to comments.
        for j in range(i + 1, comment):
            other = scan.kind[j]
            if other in ("related", "share", "tags") and other != kind:
                return j, True
        return comment, True
    # Prose follows: the block was inserted into the article. Remove the
    # header and the headline-like lines under it, up to the first sentence.
    k = i + 1
    while k < prose and not _is_sentence(scan.lines[k], _SENTENCE_WORDS):
        k += 1
    return k, False


def _split_comment_section(lines: list[str], r: Rules) -> tuple[list[str], list[str]]:
    """Comments (one string each where they can be told apart) and the form/headers around them."""
    comments: list[list[str]] = []
    boiler: list[list[str]] = []
    current: list[str] | None = None  # lines of the comment being read
    mode = "comment"
    for line in lines:
        s = line.strip()
        if not s:
            if current:
                current.append("")
            continue
        if _speaker(line, r):
            current = [_strip_bullets(s)]
            comments.append(current)
            mode = "comment"
        elif _is_form(line, r) or _tail_kind(line, r) in ("related", "share", "tags"):
            mode = "boiler"
            current = None
            boiler.append([s])
        elif _is_comment_header(line, r):
            boiler.append([s])
            current = None
            mode = "comment"
        elif _is_noise(line, r):
            current = None  # "Reply" closes a comment
        elif mode == "boiler":
            boiler[-1].append(s)
        else:
            if current is None:
                current = []
                comments.append(current)
            current.append(s)
    texts = [_join(c) for c in comments]
    texts = [t for t in texts if t]
    extra: list[str] = []
    if texts:
        texts[-1], extra = _peel_widgets(texts[-1])
    return texts, [_join(b) for b in boiler if _join(b)] + extra


def _peel_widgets(comment: str) -> tuple[str, list[str]]:
    """Short label lines after the last comment (category links) are not part of it."""
    paragraphs = comment.split("\n\n")
    peeled: list[str] = []
    while len(paragraphs) > 1:
        last = paragraphs[-1].strip()
        if all(len(x) <= 40 and len(x.split()) <= 5 and not _is_sentence(x, 1)
               for x in last.split("\n")):
            peeled.insert(0, last)
            paragraphs.pop()
        else:
            break
    if len(peeled) < 2:
        return comment, []
    return "\n\n".join(paragraphs).strip(), ["\n".join(peeled)]


def _join(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for x in items:
        if x.lower() not in seen:
            seen.add(x.lower())
            out.append(x)
    return out


def split_comments(text: str) -> list[str]:
    """Split a block of comment text (as an HTML extractor returns it) into comments."""
    comments, _ = _split_comment_section(text.split("\n"), rules())
    return comments
