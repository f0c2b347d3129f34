"""Bytes to text, or a rejection saying why they are not text.

Order: empty; byte-order marks (UTF-32, UTF-16, UTF-8); UTF-16 without a BOM,
recognised by its pattern of NUL bytes; NUL bytes otherwise mean binary;
UTF-8; an encoding the document declares (``<meta charset>``, ``<?xml
encoding>``); cp1252; latin-1. Whatever decodes is still refused as binary
when it is full of control characters. Nothing here is an error but a
rejection: cp1252 or latin-1 text is text.
"""
from __future__ import annotations

import codecs
import re

from orbat.model import Rejection

EMPTY = "empty file"
BINARY = "binary file, not text (not a supported article format)"

_BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{2,40})""",
    re.IGNORECASE)
# Codecs a document may not switch us to: they could hide markup from the
# checks made on the decoded text, or need a BOM/NUL pattern we already handle.
_REFUSED_DECLARED = {"utf_7", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
                     "utf_8", "utf_8_sig", "latin_1", "iso8859_1", "cp1252", "ascii"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}
_MAX_CONTROL_RATIO = 0.02


def decode(data: bytes, path: str) -> str | Rejection:
    """Decode ``data`` read from ``path``; the BOM, if any, is stripped."""
    if not data.strip():
        return Rejection(path, EMPTY)
    text = _decode(data)
    if text is None:
        return Rejection(path, BINARY)
    if not text.strip():
        return Rejection(path, EMPTY + " (only whitespace)")
    if _too_many_controls(text):
        return Rejection(path, BINARY)
    return text


def _decode(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                return None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared is not None:
        return declared
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text has a NUL in the high byte of every ASCII character (spaces at least)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    # NULs on one side only (spaces and Latin letters are xx 00 in UTF-16 LE);
    # binary data has them on both.
    if odd_nul >= 0.05 and even_nul <= 0.01:
        encoding = "utf-16-le"
    elif even_nul >= 0.05 and odd_nul <= 0.01:
        encoding = "utf-16-be"
    else:
        return None
    body = data if len(data) % 2 == 0 else data[:-1]
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None


def _declared(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii")
    try:
        codec = codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return None
    if codec in _REFUSED_DECLARED:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _too_many_controls(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample
                   if (ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0) and ch not in _ALLOWED_CONTROLS)
    return controls > 0 and ("\x00" in sample or controls / len(sample) > _MAX_CONTROL_RATIO)
