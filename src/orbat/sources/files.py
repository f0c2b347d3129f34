"""Paths to the bytes of each input: folders walked, limits checked, errors as Rejections.

Folders are walked recursively in sorted order, skipping dot-files and
dot-folders; a folder reached twice (a symlink loop, or two links to one
place) is read once. Sizes are checked with ``stat`` before reading, and at
most ``max_bytes + 1`` bytes are ever read, so an oversized input never sits
in memory.
"""
from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from orbat.model import Rejection

STDIN = "-"
_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}


def human_size(n: int) -> str:
    """52_400_000 -> "52.4 MB"; 20_000_000 -> "20 MB"."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def too_big(size: int, max_bytes: int, what: str = "file") -> str:
    return (f"{what} is {human_size(size)}, over the {human_size(max_bytes)} limit "
            f"(raise it with --max-bytes)")


def walk(paths: Iterable[str]) -> Iterator[str | Rejection]:
    """Each file to read (``"-"`` for standard input), or a Rejection for a path that cannot be."""
    seen: dict[tuple[int, int], str] = {}
    for path in paths:
        path = os.fspath(path)
        if path == STDIN:
            yield STDIN
            continue
        try:
            st = os.stat(path)
        except OSError as e:
            yield Rejection(path, _os_reason(e, path))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(path, st, seen, ())
        else:
            yield path


def _walk_dir(path: str, st: os.stat_result, seen: dict, ancestors: tuple) -> Iterator[str | Rejection]:
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        yield Rejection(path, "symbolic link loop: this folder leads back to one being read; skipped")
        return
    if key in seen:
        yield Rejection(path, f"folder already read as {seen[key]}; skipped")
        return
    seen[key] = path
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield Rejection(path, _os_reason(e, path, listing=True))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = os.path.join(path, entry.name)
        try:
            is_dir = entry.is_dir()  # follows symlinks
            child_st = os.stat(child) if is_dir else None
        except OSError as e:
            yield Rejection(child, _os_reason(e, child))
            continue
        if is_dir:
            yield from _walk_dir(child, child_st, seen, ancestors + (key,))
        else:
            yield child


def read_file(path: str, max_bytes: int) -> bytes | Rejection:
    """The bytes of ``path``, or why they cannot be had (missing, unreadable, too big, not a file)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
            return Rejection(path, f"not a regular file ({kind}); only files and folders are read")
        if st.st_size > max_bytes:
            return Rejection(path, too_big(st.st_size, max_bytes))
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:  # replaced since the stat above
                return Rejection(path, too_big(size, max_bytes))
            data = f.read(max_bytes + 1)
    except OSError as e:
        return Rejection(path, _os_reason(e, path, reading=True))
    if len(data) > max_bytes:
        return Rejection(path, f"file grew over the {human_size(max_bytes)} limit while being read "
                               f"(raise it with --max-bytes)")
    return data


def read_stdin(stream: BinaryIO | None, max_bytes: int) -> bytes | Rejection:
    """At most ``max_bytes`` of standard input (or of ``stream``)."""
    if stream is None:
        stream = sys.stdin
    if stream is None:
        return Rejection(STDIN, "no standard input to read")
    raw = getattr(stream, "buffer", stream)
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= max_bytes:
            chunk = raw.read(max_bytes + 1 - total)
            if not chunk:
                break
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            chunks.append(chunk)
            total += len(chunk)
    except OSError as e:
        return Rejection(STDIN, f"cannot read standard input: {e.strerror or e}")
    if total > max_bytes:
        return Rejection(STDIN, f"standard input is over the {human_size(max_bytes)} limit "
                                f"(raise it with --max-bytes)")
    return b"".join(chunks)


def _os_reason(e: OSError, path: str, *, listing: bool = False, reading: bool = False) -> str:
    if isinstance(e, PermissionError):
        return "permission denied: cannot list this folder" if listing else "permission denied"
    if isinstance(e, FileNotFoundError):
        if os.path.islink(path):
            return "no such file or directory: broken symbolic link (its target does not exist)"
        if reading:
            return "no such file or directory: the file disappeared before it could be read"
        return "no such file or directory"
    if e.errno == errno.ELOOP:
        return "symbolic link loop: too many levels of symbolic links"
    what = "cannot list this folder" if listing else "cannot read this file"
    return f"{what}: {(e.strerror or str(e)).lower()}"
