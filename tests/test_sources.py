"""orbat.sources: real files written to tmp_path, read the way a user drops them in.

The passages are short fictional news items written for these tests.
"""
from __future__ import annotations

import io
import os
import random
import socket

import pytest

from orbat.model import Article, Rejection
from orbat.sources import article_id, decode, read, split_tail

BODY = (
    "A new logistics unit of the Quds Force has taken over the movement of rockets from "
    "eastern Syria to allied militias in Iraq, two regional security officials said on Tuesday.\n\n"
    "The officials said the unit answers to a brigadier general based in Damascus and works "
    "with Kataib Hezbollah and the Fatemiyoun Brigade at the Albu Kamal crossing.\n\n"
    "One of them said the commander had earlier led a Basij battalion in Khuzestan before he "
    "was sent to Syria in 2019. The claim could not be checked independently."
)
TITLE = "Quds Force sets up new logistics unit on Syria border"
ARTICLE = f"{TITLE}\n\n{BODY}\n"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Nothing in orbat.sources may open a connection, ever."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def read_all(*paths, **kw):
    return list(read([str(p) for p in paths], **kw))


def one(*paths, **kw):
    items = read_all(*paths, **kw)
    assert len(items) == 1, items
    return items[0]


def article(path, **kw) -> Article:
    item = one(path, **kw)
    assert isinstance(item, Article), item
    return item


def rejection(path, *words, **kw) -> Rejection:
    item = one(path, **kw)
    assert isinstance(item, Rejection), item
    assert item.path == str(path)
    for word in words:
        assert word in item.reason, item.reason
    return item


# --- plain text ---------------------------------------------------------

def test_front_matter_gives_metadata(tmp_path):
    p = write(tmp_path, "a.md", (
        "---\n"
        f"title: \"{TITLE}\"\n"
        "source: Levant Wire\n"
        "published: March 5, 2024\n"
        "url: https://levantwire.example/quds-logistics\n"
        "author: Dana Sarkis\n"
        "---\n"
        f"{BODY}\n"))
    a = article(p)
    assert (a.title, a.source, a.published, a.url, a.author) == (
        TITLE, "Levant Wire", "2024-03-05", "https://levantwire.example/quds-logistics", "Dana Sarkis")
    assert a.text == f"{TITLE}\n\n{BODY}"
    assert a.format == "text" and a.path == str(p)
    assert a.id == article_id(a.text)


def test_front_matter_is_not_executed_yaml(tmp_path):
    p = write(tmp_path, "a.txt", (
        "---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n" + BODY))
    a = article(p)
    assert a.title == "!!python/object/apply:os.system ['touch pwned']"
    assert not (tmp_path / "pwned").exists() and not os.path.exists("pwned")


def test_unclosed_front_matter_is_text(tmp_path):
    a = article(write(tmp_path, "a.txt", "---\ntitle: x\n" + BODY))
    assert a.text.startswith("---")


def test_title_line_detection(tmp_path):
    assert article(write(tmp_path, "t1.txt", ARTICLE)).title == TITLE
    # ends with a full stop: a sentence, not a title
    a = article(write(tmp_path, "t2.txt", "The unit was set up last month.\n\n" + BODY))
    assert a.title is None and a.text.startswith("The unit was set up")
    # not followed by a blank line
    assert article(write(tmp_path, "t3.txt", TITLE + "\n" + BODY)).title is None
    # too long
    assert article(write(tmp_path, "t4.txt", "Word " * 60 + "\n\n" + BODY)).title is None
    # Markdown heading, after blank lines
    assert article(write(tmp_path, "t5.md", "\n\n# " + TITLE + "\n\n" + BODY)).title == TITLE


def test_source_line_at_the_end_is_kept(tmp_path):
    a = article(write(tmp_path, "a.txt", ARTICLE + "\nSource:\u00a0Levant Wire\n\nSimilar Posts\n\n"
                      "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n"))
    assert a.text.endswith("Source:\u00a0Levant Wire")
    assert "Similar Posts" in a.boilerplate
    assert any("Leave a Reply" in b for b in a.boilerplate)
    assert a.comments == ()


def test_plain_text_tail_is_cut(tmp_path):
    tail = (
        "\nShare this:\n\nClick to share on Twitter (Opens in new window)\nFacebook\nPrint\n\n"
        "Tags: Quds Force, Kataib Hezbollah, Albu Kamal\n\n"
        "Related Posts\n\nHouthi drones shown at Sanaa parade\n\nPMF units rotate out of Sinjar\n\n"
        "2 Comments\n\n"
        "Karim A. says:\nMarch 6, 2024 at 9:12 am\nThis fits with what traders at the crossing have told me for months.\nReply\n\n"
        "observer77 says:\nMarch 6, 2024 at 11:40 am\nThe story is one-sided and names no sources.\nReply\n\n"
        "Leave a Reply\nYour email address will not be published.\nPost Comment\n")
    a = article(write(tmp_path, "a.txt", ARTICLE + tail))
    assert a.text == f"{TITLE}\n\n{BODY}"
    assert a.tags == ("Quds Force", "Kataib Hezbollah", "Albu Kamal")
    assert len(a.comments) == 2
    assert a.comments[0].startswith("Karim A. says:") and "traders at the crossing" in a.comments[0]
    assert "one-sided" in a.comments[1] and "Reply" not in a.comments[1]
    joined = "\n".join(a.boilerplate)
    for bit in ("Share this:", "Click to share on Twitter", "Related Posts", "Sinjar", "Leave a Reply"):
        assert bit in joined
    assert "traders" not in joined


def test_bulleted_comments_without_header(tmp_path):
    tail = ("\n\nTags: , , , ,\n\n\n  \u2022 Hamid says:\n\n    Good report, the crossing is busy every night now.\n\n"
            "  \u2022 Rami says:\n\n    Who pays these men? Tehran or Baghdad?\n\n\nIslamic state\n\n\nAl shabaab\n\nBoko Haram\n")
    a = article(write(tmp_path, "a.txt", ARTICLE + tail))
    assert a.text.endswith("could not be checked independently.")
    assert [c.split("\n")[0] for c in a.comments] == ["Hamid says:", "Rami says:"]
    assert "Boko Haram" not in a.comments[1]
    assert any("Boko Haram" in b for b in a.boilerplate)
    assert a.tags == ()


def test_prose_mentioning_comments_and_tags_is_kept():
    body = ("In comments to state television, the commander said the brigade tags its trucks with "
            "civilian plates.\n\nComments by the spokesman were later removed from the agency's site. "
            "Tags painted on the walls of the base named the Zainabiyoun Brigade.\n\n"
            "Read more about the brigade in our archive, the editor wrote, adding that the tweet was deleted.")
    assert split_tail(body) == (body, [], [], [])


def test_two_people_quoted_with_says_are_reporting():
    body = ("The commander of the brigade says:\n\nWe will stay in Albu Kamal as long as we are needed there.\n\n"
            "A local tribal elder says:\n\nThe fighters took over three farms and the school near the river.")
    assert split_tail(body)[0] == body


def test_read_more_link_inside_the_article_is_removed_alone():
    first = "The brigade moved two companies to Deir ez-Zor last week, according to local residents who saw the convoys."
    second = ("Residents said the convoys carried mortars and small drones, and that the fighters spoke Persian "
              "and Dari among themselves while they waited at the checkpoint outside the town.")
    body, comments, boilerplate, tags = split_tail(
        f"{first}\n\nRead more: Fatemiyoun recruits in Mashhad\n\n{second}")
    assert body == f"{first}\n\n{second}"
    assert boilerplate == ["Read more: Fatemiyoun recruits in Mashhad"]


def test_share_widget_inside_the_article_does_not_cut_it():
    first = "Militia leaders met in Baghdad on Sunday to divide the border posts, two participants said."
    second = ("The participants said the meeting was chaired by an adviser from the Quds Force, who told them "
              "that the posts would be shared between three factions until the end of the year at least.")
    body, _, boilerplate, _ = split_tail(f"{first}\n\nShare\nFacebook\nTwitter\n\n{second}")
    assert body == f"{first}\n\n{second}"
    assert boilerplate == ["Share\nFacebook\nTwitter"]


def test_comment_counter_above_the_article_does_not_cut_it():
    body, comments, boilerplate, _ = split_tail("12 Comments\n\n" + BODY)
    assert body == BODY and comments == [] and boilerplate == ["12 Comments"]


# --- HTML ---------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Quds Force sets up new logistics unit on Syria border | Levant Wire</title>
<meta property="og:site_name" content="Levant Wire">
<meta name="author" content="Dana Sarkis">
<meta property="article:published_time" content="2024-03-05T08:30:00Z">
<link rel="canonical" href="https://levantwire.example/quds-logistics">
<script>window.evilTracker = "exfiltrate";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/iraq">Iraq</a> <a href="/syria">Syria</a></nav>
<article>
<h1>Quds Force sets up new logistics unit on Syria border</h1>
<p>A new logistics unit of the Quds Force has taken over the movement of rockets from eastern Syria to allied militias in Iraq, two regional security officials said on Tuesday.</p>
<p>The officials said the unit answers to a brigadier general based in Damascus and works with Kataib Hezbollah and the Fatemiyoun Brigade at the Albu Kamal crossing.</p>
<p>One of them said the commander had earlier led a Basij battalion in Khuzestan before he was sent to Syria in 2019. The claim could not be checked independently.</p>
%(extra)s
<div class="sharedaddy"><h3>Share this:</h3><ul>
<li><a href="#">Click to share on Twitter (Opens in new window)</a></li>
<li><a href="#">Share on Facebook</a></li><li><a href="#">Print</a></li></ul></div>
</article>
<section id="comments">
<h2>2 Comments</h2>
<ol class="comment-list">
<li class="comment"><article class="comment-body"><footer class="comment-author">Karim A. says:</footer>
<div class="comment-content"><p>This fits with what traders at the crossing have told me for months.</p></div>
<a class="comment-reply-link" href="#">Reply</a></article></li>
<li class="comment"><article class="comment-body"><footer class="comment-author">observer77 says:</footer>
<div class="comment-content"><p>The story is one-sided and names no sources.</p></div>
<a class="comment-reply-link" href="#">Reply</a></article></li>
</ol>
<div id="respond"><h3>Leave a Reply</h3><p>Your email address will not be published.</p></div>
</section>
<footer>All rights reserved</footer>
</body></html>
"""


def test_html_article_comments_and_share_widget(tmp_path):
    a = article(write(tmp_path, "page.html", PAGE % {"extra": ""}))
    assert a.format == "html"
    assert a.title == TITLE
    assert (a.source, a.published, a.url, a.author) == (
        "Levant Wire", "2024-03-05", "https://levantwire.example/quds-logistics", "Dana Sarkis")
    assert a.text.startswith(TITLE + "\n\nA new logistics unit")
    assert "could not be checked independently." in a.text
    for junk in ("Share", "Twitter", "traders", "one-sided", "Leave a Reply", "evilTracker", "Home"):
        assert junk not in a.text
    assert len(a.comments) == 2
    assert "traders at the crossing" in a.comments[0] and "one-sided" in a.comments[1]


def test_html_recognised_by_content_in_a_txt_file(tmp_path):
    a = article(write(tmp_path, "saved.txt", PAGE % {"extra": ""}))
    assert a.format == "html" and a.title == TITLE


def test_html_script_and_sql_text_stay_text(tmp_path):
    extra = ("<p>The group's leaked manual quotes the string &lt;script&gt;alert('x')&lt;/script&gt; and the "
             "line '; DROP TABLE articles; -- as examples of attacks on its own websites.</p>"
             "<script>document.write('INJECTED')</script>")
    a = article(write(tmp_path, "page.html", PAGE % {"extra": extra}))
    assert "<script>alert('x')</script>" in a.text
    assert "'; DROP TABLE articles; --" in a.text
    assert "INJECTED" not in a.text and "evilTracker" not in a.text


def test_truncated_html_comes_through(tmp_path):
    page = PAGE % {"extra": ""}
    cut = page[: page.index("One of them said") + 40]  # ends in the middle of a paragraph
    a = article(write(tmp_path, "cut.html", cut))
    assert "Kataib Hezbollah" in a.text and a.title == TITLE


def test_html_without_article_text(tmp_path):
    p = write(tmp_path, "menu.html", "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    rejection(p, "no article text found in HTML")


def test_html_date_comes_from_markup_not_from_the_story(tmp_path):
    page = (PAGE % {"extra": "<p>The brigade was first seen there on June 12, 2019, residents said.</p>"})
    page = page.replace('<meta property="article:published_time" content="2024-03-05T08:30:00Z">', "")
    assert article(write(tmp_path, "page.html", page)).published is None


def test_html_in_a_declared_legacy_encoding(tmp_path):
    page = (PAGE % {"extra": "<p>The envoy spoke at the caf\u00e9 near the \u201cgreen gate\u201d, witnesses said.</p>"})
    page = page.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    a = article(write(tmp_path, "page.htm", page, encoding="cp1252"))
    assert "caf\u00e9 near the \u201cgreen gate\u201d" in a.text


# --- feeds --------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Levant Wire</title><link>https://levantwire.example/</link><description>News</description>
<item><title>Quds Force sets up new logistics unit</title>
<link>https://levantwire.example/quds-logistics</link>
<pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate>
<description>&lt;p&gt;A new logistics unit of the &lt;b&gt;Quds Force&lt;/b&gt; moves rockets from Syria to Iraq, officials said.&lt;/p&gt;</description>
</item>
<item><title>Houthis show new drone at parade</title>
<link>https://levantwire.example/houthi-drone</link>
<pubDate>Wed, 06 Mar 2024 10:00:00 +0300</pubDate>
<description>Ansar Allah displayed a long-range drone in Sanaa on Wednesday, state media reported.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Gulf Security Notes</title><id>urn:gsn</id><updated>2024-04-02T00:00:00Z</updated>
<entry><title>Basij expands cyber units</title><id>urn:gsn:1</id>
<link href="https://gsn.example/basij-cyber"/>
<updated>2024-04-01T12:00:00Z</updated>
<content type="html">&lt;p&gt;The Basij has formed two new cyber battalions in Tehran, a commander told a state outlet.&lt;/p&gt;</content>
</entry>
<entry><title>PMF brigade rotates out of Sinjar</title><id>urn:gsn:2</id>
<link href="https://gsn.example/pmf-sinjar"/>
<published>2024-03-30T09:00:00Z</published><updated>2024-03-31T09:00:00Z</updated>
<summary>Brigade 30 of the Popular Mobilization Forces left Sinjar on Saturday, local officials said.</summary>
</entry>
</feed>
"""


def test_rss_items_are_articles(tmp_path):
    p = write(tmp_path, "wire.rss", RSS)
    items = read_all(p)
    assert all(isinstance(i, Article) for i in items) and len(items) == 2
    a, b = items
    assert (a.path, b.path) == (f"{p}#item-1", f"{p}#item-2")
    assert a.format == "rss" and a.source == "Levant Wire"
    assert a.title == "Quds Force sets up new logistics unit"
    assert a.url == "https://levantwire.example/quds-logistics" and a.published == "2024-03-05"
    assert a.text == ("Quds Force sets up new logistics unit\n\n"
                      "A new logistics unit of the Quds Force moves rockets from Syria to Iraq, officials said.")
    assert b.published == "2024-03-06" and "long-range drone" in b.text


def test_atom_entries_are_articles(tmp_path):
    p = write(tmp_path, "notes.xml", ATOM)
    a, b = read_all(p)
    assert a.format == b.format == "atom"
    assert a.url == "https://gsn.example/basij-cyber" and a.published == "2024-04-01"
    assert a.text.startswith("Basij expands cyber units\n\nThe Basij has formed")
    assert "<p>" not in a.text
    assert b.published == "2024-03-30" and b.path == f"{p}#item-2"


def test_read_accepts_a_single_path(tmp_path):
    p = write(tmp_path, "a.txt", ARTICLE)
    assert [a.path for a in read(str(p))] == [str(p)]
    assert [a.path for a in read(p)] == [str(p)]


def test_feed_recognised_by_content(tmp_path):
    items = read_all(write(tmp_path, "feed", ATOM))
    assert [i.format for i in items] == ["atom", "atom"]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>&lol9;</title><description>&lol9;</description></item>
</channel></rss>
"""

XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>t</title>
<item><title>Leak</title><description>&xxe;</description></item>
</channel></rss>
"""


@pytest.mark.parametrize("name", ["bomb.xml", "bomb.rss", "bomb.txt", "bomb"])
def test_billion_laughs_is_refused(tmp_path, name):
    rejection(write(tmp_path, name, BILLION_LAUGHS), "declares XML entities", "refused")


def test_external_entity_is_refused(tmp_path):
    r = rejection(write(tmp_path, "xxe.atom", XXE), "entity expansion and external entities are not allowed")
    assert "root:" not in r.reason


def test_external_dtd_is_not_fetched(tmp_path):
    feed = RSS.replace('<rss version="2.0">',
                       '<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss.dtd">\n<rss version="2.0">')
    items = read_all(write(tmp_path, "dtd.rss", feed))  # the no_network fixture fails any fetch
    assert [i.format for i in items] == ["rss", "rss"]


def test_feed_without_items(tmp_path):
    rejection(write(tmp_path, "empty.rss", '<rss version="2.0"><channel><title>x</title></channel></rss>'),
              "feed has no items")


# --- JSON Lines and JSON -----------------------------------------------

def test_jsonl_with_bad_lines(tmp_path):
    lines = [
        '{"title": "Basij expands cyber units", "text": "The Basij has formed two new cyber battalions.", '
        '"url": "https://gsn.example/1", "published": "2024-04-01", "source": "GSN"}',
        '{"title": "broken", "text": "no closing brace"',
        '',
        '["not", "an", "object"]',
        '{"title": "no text here"}',
        '{"body": "Brigade 30 left Sinjar on Saturday, officials said.", "date": "30 March 2024"}',
    ]
    p = write(tmp_path, "dump.jsonl", "\n".join(lines) + "\n")
    items = read_all(p)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "Rejection", "Rejection", "Rejection", "Article"]
    first, bad, notobj, notext, last = items
    assert first.path == f"{p}:1" and first.format == "jsonl" and first.source == "GSN"
    assert first.text == "Basij expands cyber units\n\nThe Basij has formed two new cyber battalions."
    assert bad.path == f"{p}:2" and "invalid JSON" in bad.reason
    assert notobj.path == f"{p}:4" and "object" in notobj.reason
    assert notext.path == f"{p}:5" and "text" in notext.reason
    assert last.path == f"{p}:6" and last.published == "2024-03-30" and last.title is None


def test_json_list_and_object(tmp_path):
    items = read_all(write(tmp_path, "list.json", '[{"text": "One report."}, {"text": "Another report."}]'))
    assert [i.path.rsplit("#", 1)[1] for i in items] == ["item-1", "item-2"]
    assert article(write(tmp_path, "obj.json", '{"title": "T", "text": "A report."}')).title == "T"
    rejection(write(tmp_path, "num.json", "42"), "expected an article object")
    rejection(write(tmp_path, "bad.json", "{oops"), "invalid JSON")


# --- bad inputs ---------------------------------------------------------

def test_empty_and_whitespace_only(tmp_path):
    rejection(write(tmp_path, "empty.txt", b""), "empty file")
    rejection(write(tmp_path, "blank.txt", " \n\t\r\n  \n"), "empty file")
    rejection(write(tmp_path, "blank16.txt", "   \n".encode("utf-16")), "empty file")


def test_binary_file(tmp_path):
    noise = random.Random(7).randbytes(4096) + b"\x00\x00"
    rejection(write(tmp_path, "blob.txt", noise), "binary file, not text")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(8).randbytes(200)
    rejection(write(tmp_path, "photo.png", png), "binary file", "not a supported article format")


def test_many_control_characters_is_binary(tmp_path):
    data = bytes(random.Random(9).choice(list(range(1, 9)) + list(range(14, 32)) + [65, 66]) for _ in range(2000))
    rejection(write(tmp_path, "ctrl.txt", data), "binary file")


def test_large_file_is_refused_without_reading(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:
        f.truncate(60_000_000)  # sparse: instant, and never read
    r = rejection(p, "file is 60 MB, over the 20 MB limit (raise it with --max-bytes)")
    assert r.path == str(p)


def test_small_max_bytes(tmp_path):
    p = write(tmp_path, "a.txt", ARTICLE)
    rejection(p, "over the 100 bytes limit", "--max-bytes", max_bytes=100)
    assert isinstance(one(p, max_bytes=len(ARTICLE.encode())), Article)


def test_latin1_text(tmp_path):
    text = "Le commandant du Corps est arriv\u00e9 \u00e0 Damas, selon l'agence.\n\nIl a visit\u00e9 la caserne."
    a = article(write(tmp_path, "fr.txt", text, encoding="latin-1"))
    assert "arriv\u00e9 \u00e0 Damas" in a.text


def test_cp1252_smart_quotes(tmp_path):
    text = "The commander said the brigade was \u201cready for any order\u201d \u2013 and that\u2019s new."
    a = article(write(tmp_path, "q.txt", text, encoding="cp1252"))
    assert a.text == text


@pytest.mark.parametrize("encoding,bom", [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-le", b""), ("utf-16-be", b"\xfe\xff"), ("utf-16-be", b""),
    ("utf-8", b"\xef\xbb\xbf"), ("utf-32-le", b"\xff\xfe\x00\x00")])
def test_unicode_encodings_and_boms(tmp_path, encoding, bom):
    text = ARTICLE.replace("Damascus", "Damascus (\u062f\u0645\u0634\u0642)")
    a = article(write(tmp_path, "u.txt", bom + text.encode(encoding)))
    assert a.title == TITLE and not a.text.startswith("\ufeff")
    assert "\u062f\u0645\u0634\u0642" in a.text
    assert a.id == article(write(tmp_path, "plain.txt", text)).id


def test_arabic_utf16_without_bom(tmp_path):
    text = "قال مسؤولون إن فيلق القدس نقل صواريخ."
    for encoding in ("utf-16-le", "utf-16-be"):
        assert article(write(tmp_path, f"ar-{encoding}.txt", text, encoding=encoding)).text == text


def test_invalid_utf8_falls_back_to_text(tmp_path):
    a = article(write(tmp_path, "bad.txt", b"Militia leaders met in Baghdad \xc3\x28 on Sunday."))
    assert a.text.startswith("Militia leaders met in Baghdad") and "on Sunday." in a.text


def test_decode_function():
    assert decode(b"\xef\xbb\xbfhello", "x") == "hello"
    assert decode(b"", "x") == Rejection("x", "empty file")
    assert isinstance(decode(b"\x00\x01\x02\x03" * 10, "x"), Rejection)


def test_nonexistent_path(tmp_path):
    rejection(tmp_path / "missing.txt", "no such file or directory")


def _read_as_nobody(paths):
    """Run read() in a child process that has dropped root, so mode 000 means something."""
    import pickle
    import pwd
    nobody = pwd.getpwnam("nobody")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(r)
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            data = pickle.dumps(list(read([str(p) for p in paths])))
            with os.fdopen(w, "wb") as f:
                f.write(data)
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


def test_unreadable_entries(tmp_path):
    import shutil
    import tempfile
    base = tempfile.mkdtemp(prefix="orbat-perm-")  # outside tmp_path, whose parents may be private
    try:
        os.chmod(base, 0o755)
        d = os.path.join(base, "d")
        os.makedirs(os.path.join(d, "c"))
        for name in ("a.txt", "b.txt", "c/x.txt"):
            with open(os.path.join(d, name), "w") as f:
                f.write(ARTICLE)
        for dirpath, dirnames, filenames in os.walk(base):
            os.chmod(dirpath, 0o755)
            for name in filenames:
                os.chmod(os.path.join(dirpath, name), 0o644)
        secret, locked = os.path.join(d, "b.txt"), os.path.join(d, "c")
        os.chmod(secret, 0)
        os.chmod(locked, 0)
        if os.access(secret, os.R_OK):  # root reads anything: drop to nobody in a child
            if os.geteuid() != 0 or not hasattr(os, "fork"):
                pytest.skip("this user can read mode-000 files")
            items = _read_as_nobody([d, secret])
        else:
            items = read_all(d, secret)
        assert isinstance(items[0], Article) and items[0].path == os.path.join(d, "a.txt")
        assert items.count(Rejection(secret, "permission denied")) == 2  # in the folder, and named
        assert Rejection(locked, "permission denied: cannot list this folder") in items
    finally:
        for dirpath, dirnames, filenames in os.walk(base):
            for name in dirnames:
                os.chmod(os.path.join(dirpath, name), 0o755)
        os.chmod(os.path.join(base, "d", "c"), 0o755)
        shutil.rmtree(base)


def test_symlink_loop_does_not_loop(tmp_path):
    write(tmp_path, "d/a.txt", ARTICLE)
    write(tmp_path, "d/sub/b.txt", "Second report\n\n" + BODY)
    os.symlink(tmp_path / "d", tmp_path / "d" / "sub" / "back")
    os.symlink("self", tmp_path / "d" / "self")  # a link to itself
    items = read_all(tmp_path / "d")
    articles = [i for i in items if isinstance(i, Article)]
    assert sorted(os.path.basename(a.path) for a in articles) == ["a.txt", "b.txt"]
    reasons = {os.path.basename(i.path): i.reason for i in items if isinstance(i, Rejection)}
    assert "loop" in reasons["back"] and "loop" in reasons["self"]


def test_hidden_files_are_skipped_and_order_is_sorted(tmp_path):
    write(tmp_path, "d/b.txt", "Second\n\n" + BODY)
    write(tmp_path, "d/a.txt", ARTICLE)
    write(tmp_path, "d/.hidden.txt", ARTICLE)
    write(tmp_path, "d/.git/config", ARTICLE)
    write(tmp_path, "d/sub/c.md", "Third\n\n" + BODY)
    items = read_all(tmp_path / "d")
    assert [os.path.relpath(i.path, tmp_path / "d") for i in items] == ["a.txt", "b.txt", "sub/c.md"]


def test_file_disappearing_between_listing_and_reading(tmp_path):
    write(tmp_path, "d/a.txt", ARTICLE)
    gone = write(tmp_path, "d/b.txt", ARTICLE)
    it = read([str(tmp_path / "d")])
    assert isinstance(next(it), Article)  # the folder has been listed by now
    gone.unlink()
    r = next(it)
    assert r.path == str(gone) and "no such file or directory" in r.reason and "disappeared" in r.reason


def test_unsupported_text_format(tmp_path):
    rejection(write(tmp_path, "style.css", "body { color: red }"), "not a supported article format")


def test_stdin(tmp_path):
    a = article("-", stdin=io.BytesIO(ARTICLE.encode("utf-16")))
    assert a.path == "-" and a.title == TITLE
    items = read_all("-", stdin=io.BytesIO(RSS.encode()))
    assert [i.path for i in items] == ["-#item-1", "-#item-2"]
    r = rejection("-", "standard input is over the 100 bytes limit", stdin=io.BytesIO(ARTICLE.encode()),
                  max_bytes=100)
    assert r.path == "-"
    rejection("-", "empty file", stdin=io.BytesIO(b""))


def test_bad_file_in_the_middle_of_a_batch(tmp_path):
    good1 = write(tmp_path, "1.txt", ARTICLE)
    empty = write(tmp_path, "2.txt", b"")
    blob = write(tmp_path, "3.txt", b"\x00\xff\x10" * 100)
    bomb = write(tmp_path, "4.xml", BILLION_LAUGHS)
    good2 = write(tmp_path, "5.txt", "Second report\n\n" + BODY)
    items = read_all(good1, empty, tmp_path / "nope.txt", blob, bomb, good2)
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Rejection", "Rejection", "Rejection", "Article"]
    assert items[-1].path == str(good2)


# --- identity -----------------------------------------------------------

def test_same_article_has_one_id():
    a = "The \u201cQuds Force\u201d  moved\n\nits unit."
    b = 'the "quds force" moved its   unit.  '
    assert article_id(a) == article_id(b)
    assert article_id("\uff31uds Force") == article_id("Quds Force")  # NFKC folds full-width letters
    assert article_id(a) != article_id("The Quds Force moved its brigade.")
    assert len(article_id(a)) == 20 and int(article_id(a), 16) >= 0


def test_resaved_file_has_the_same_id(tmp_path):
    a = article(write(tmp_path, "a.txt", ARTICLE))
    b = article(write(tmp_path, "b.txt", ARTICLE.replace("\n", "\r\n").replace("'", "\u2019"), encoding="cp1252"))
    assert a.id == b.id


def test_comment_counter_in_brackets_starts_the_comment_section(tmp_path):
    from orbat.sources.boilerplate import split_tail

    body = ("Recruiters for the Fatemiyoun were seen in Qom, residents said.\n\nComments (2)\n\n"
            "Reza from Mashhad: They came to our street too.\nGuest: Nobody believes this.\n")
    kept, comments, _, _ = split_tail(body)
    assert "Guest" not in kept and "Recruiters" in kept
    assert comments and "Nobody believes this." in comments[-1]
