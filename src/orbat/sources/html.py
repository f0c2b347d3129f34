"""A saved web page to an Article, with trafilatura, offline.

Trafilatura finds the main text, the comments (kept apart), title, author,
date, site name (our ``source``) and canonical URL. Its text then goes through
``split_tail`` like plain text, for the share widgets and tag lists that slip
through. Markup in the page is never executed: scripts are dropped by the
extractor and text that merely looks like code or SQL stays text.
"""
from __future__ import annotations

import datetime
import logging

import trafilatura
from trafilatura.settings import set_date_params
from lxml import html as lxml_html

from orbat.model import Article, Rejection
from orbat.sources.article import make_article
from orbat.sources.boilerplate import split_comments, split_tail
from orbat.sources.identity import normalise

NO_TEXT = "no article text found in HTML"
MIN_TEXT = 40  # characters of main text below which a page has no article (menus, stubs)

# trafilatura logs every page it finds thin; a batch of thousands should not.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def parse_html(text: str, path: str) -> Article | Rejection:
    """Read one HTML page (already decoded)."""
    try:
        doc = trafilatura.bare_extraction(
            text, url=None, include_comments=True, with_metadata=True,
            include_tables=True, include_images=False, include_links=False,
            date_extraction_params=_date_params())
    except Exception as e:  # the extractor's own failure on a malformed page
        return Rejection(path, f"{NO_TEXT} (the page could not be parsed: {type(e).__name__})")
    main = (getattr(doc, "text", None) or "") if doc is not None else ""
    title = getattr(doc, "title", None) if doc is not None else None
    main = _drop_title_line(main, title)
    # one paragraph a line from the extractor; a blank line between, as in plain text
    main = "\n\n".join(line.strip() for line in main.split("\n") if line.strip())
    body, comments, boilerplate, tags = split_tail(main)
    if len(body.strip()) < MIN_TEXT:
        return Rejection(path, NO_TEXT)
    page_comments = _comments(text) or split_comments(getattr(doc, "comments", None) or "")
    return make_article(
        path=path, body=body, format="html", title=title,
        source=getattr(doc, "sitename", None), published=getattr(doc, "date", None),
        url=getattr(doc, "url", None), author=getattr(doc, "author", None),
        comments=page_comments + comments, boilerplate=boilerplate,
        tags=list(tags) + _list(getattr(doc, "tags", None)),
    )


def _date_params() -> dict:
    """Publication dates from the page's markup only: no guessing from dates in the
    story, which are the events reported, not when it was published."""
    params = set_date_params(extensive=False)
    params["max_date"] = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    return params


def _drop_title_line(main: str, title: str | None) -> str:
    """Trafilatura repeats the headline as the first line of the text."""
    if not title:
        return main
    first, _, rest = main.strip().partition("\n")
    return rest if normalise(first) == normalise(title) else main


def _list(value: object) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    return [str(t) for t in value]


# Comment containers of the common blog and CMS templates (WordPress, Disqus
# exports, Drupal): each innermost one is one comment.
_COMMENT_XPATH = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' comment-body ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' comment-content ')"
    " or (self::li or self::article) and contains(concat(' ', normalize-space(@class), ' '), ' comment ')]"
)


def _comments(text: str) -> list[str]:
    """One string per comment from the page's comment markup, when it has any."""
    try:
        tree = lxml_html.document_fromstring(text)
    except Exception:  # empty or unparseable: leave it to trafilatura's block
        return []
    nodes = tree.xpath(_COMMENT_XPATH)
    # keep the innermost containers: drop any node that contains another one
    node_set = set(nodes)
    inner = [n for n in nodes if not any(d in node_set for d in n.iterdescendants())]
    out = []
    for n in inner:
        for bad in n.xpath(".//script|.//style|.//*[contains(@class, 'reply')]"):
            bad.drop_tree()
        words = " ".join(n.text_content().split())
        if words:
            out.append(words)
    return out
