"""Which reader a file goes to: by its content when that is unmistakable, else by extension."""
from __future__ import annotations

import json
import os

HTML_EXTS = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"}
FEED_EXTS = {".xml", ".rss", ".atom", ".rdf"}
JSONL_EXTS = {".jsonl", ".ndjson"}
JSON_EXTS = {".json"}
TEXT_EXTS = {"", ".txt", ".text", ".md", ".markdown"}
# Text files that travel with saved pages or corpora but are not articles.
NOT_ARTICLES = {".css", ".js", ".mjs", ".map", ".py", ".sh", ".csv", ".tsv", ".sql", ".yaml", ".yml",
                ".toml", ".ini", ".cfg", ".conf", ".lock", ".svg", ".srt", ".vtt", ".tex", ".bib"}


def extension(path: str) -> str:
    ext = os.path.splitext(os.path.basename(path))[1].lower()
    # "report.2024-05-01" has no extension worth the name
    return ext if ext[1:].isalnum() and not ext[1:].isdigit() else ""


def detect(path: str, text: str) -> str:
    """"text" | "html" | "feed" | "jsonl" | "json" | "unsupported"."""
    ext = "" if path == "-" else extension(path)
    if ext in JSONL_EXTS:
        return "jsonl"
    if ext in JSON_EXTS:
        return "json"
    if ext in NOT_ARTICLES:
        return "unsupported"
    by_content = _by_content(text, ext)
    if by_content:
        return by_content
    if ext in HTML_EXTS:
        return "html"
    if ext in FEED_EXTS:
        return "feed"
    return "text"


def _by_content(text: str, ext: str) -> str | None:
    head = text.lstrip("\ufeff \t\r\n")[:4096].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith(("<?xml", "<!doctype", "<rss", "<feed", "<rdf:rdf", "<!--")):
        if "<rss" in head or "<rdf:rdf" in head or ("<feed" in head and "atom" in head):
            return "feed"
        if "<html" in head:
            return "html"
        if "<!entity" in head or ext in FEED_EXTS:
            return "feed"  # so that an entity-declaring document is refused by the feed reader
    if not ext and head.startswith(("{", "[")):  # standard input, or a dump without extension
        if _is_json(text.lstrip().split("\n", 1)[0], dict):
            return "jsonl"
        if _is_json(text, (dict, list)):
            return "json"
    if ext not in HTML_EXTS and head.startswith("<") and ("<body" in head or "<head" in head):
        return "html"
    return None


def _is_json(s: str, kind) -> bool:
    try:
        return isinstance(json.loads(s), kind)
    except ValueError:
        return False
