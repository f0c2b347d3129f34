"""A full disk under a SQLite store: the write that fails rolls back, the stored articles stay intact,
and the error names the file being written."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest_store import article, entity, extraction, subprocess_env

from orbat.store import StoreError, open_store

WORDS = "The Guards said the Basij had sent volunteers to Syria and Iraq this spring. "


def big_extraction(i: int):
    text = f"Report {i}\n\n" + f"Item {i}: " + WORDS * 400  # about 30 KB each
    return extraction(article(f"art{i:03d}", text, path=f"feeds/report-{i:03d}.txt"),
                      [entity("e1", "Basij", "ARMED_GROUP", text=text), entity("e2", "Syria", "GPE", text=text)])


def fill(db: Path) -> tuple[int, str]:
    """Write articles until the disk is full; (how many were stored, the error)."""
    with open_store(db) as s:
        for i in range(1000):
            try:
                s.write(big_extraction(i))
            except StoreError as exc:
                return i, str(exc)
    raise AssertionError("the disk never filled up")


def check_intact(db: Path, stored: int, error: str) -> None:
    assert f"feeds/report-{stored:03d}.txt" in error, error
    assert "full" in error.lower() or "disk" in error.lower() or "i/o" in error.lower(), error
    with open_store(db) as s:
        assert s.check() == []
        assert s.article_ids() == [f"art{i:03d}" for i in range(stored)]
        for i in range(stored):
            assert s.article(f"art{i:03d}").text == big_extraction(i).article.text
        assert s.counts()["mentions"] == 2 * stored


def _mount_tmpfs(where: Path) -> bool:
    if os.geteuid() != 0:
        return False
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True)
    return done.returncode == 0


def test_full_disk_rolls_back_the_article_being_written(tmp_path):
    mnt = tmp_path / "small"
    if _mount_tmpfs(mnt):
        try:
            stored, error = fill(mnt / "orbat.db")
            assert stored >= 1
            check_intact(mnt / "orbat.db", stored, error)
        finally:
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
        return
    # no tmpfs for us: cap the file size of a child process instead
    db = tmp_path / "orbat.db"
    code = textwrap.dedent(f"""
        import json, resource, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))
        from test_store_disk import fill
        print(json.dumps(fill({str(db)!r})))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=subprocess_env())
    assert out.returncode == 0, out.stderr
    stored, error = json.loads(out.stdout)
    check_intact(db, stored, error)
