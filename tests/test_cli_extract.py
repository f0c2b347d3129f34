"""`orbat extract` end to end, as a user runs it: real files on disk, a real subprocess."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPORT = ("Brig. Gen. Esmail Qaani, who heads the Quds Force, met Hadi al-Amiri of the Badr "
          "Organization in Baghdad on Tuesday, Iraqi officials said.\n")


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "orbat", "extract", *args],
                          capture_output=True, text=True, timeout=600, cwd=cwd)


@pytest.fixture()
def batch(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "a_good.txt").write_text("Qaani meets Amiri\n\n" + REPORT, encoding="utf-8")
    (d / "b_empty.txt").write_bytes(b"")
    (d / "c_binary.txt").write_bytes(bytes(range(256)) * 40)
    with open(d / "d_huge.txt", "wb") as fh:  # 50 MB, sparse: cheap to make
        fh.truncate(50 * 1024 * 1024)
    (d / "e_latin1.txt").write_bytes(("Caf\u00e9 talk: " + REPORT).encode("latin-1"))
    (d / "f_utf16.txt").write_bytes(REPORT.encode("utf-16"))
    (d / "g_bom.txt").write_bytes(b"\xef\xbb\xbf" + REPORT.encode("utf-8"))
    # under the size limit, over what the spaCy pipeline takes in one text
    (d / "i_endless.txt").write_text("Endless\n\n" + REPORT * 8_000, encoding="utf-8")
    locked = d / "h_locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(REPORT, encoding="utf-8")
    locked.chmod(0)
    yield d
    locked.chmod(0o755)


def test_batch_with_bad_files_goes_on(batch, tmp_path):
    missing = tmp_path / "nowhere.txt"
    proc = run(str(batch), str(missing), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    read = {Path(r["document"]["path"]).name for r in records}
    assert {"a_good.txt", "e_latin1.txt", "f_utf16.txt", "g_bom.txt"} <= read
    for r in records:
        names = {e["name"] for e in r["entities"]}
        assert {"Esmail Qaani", "Quds Force"} <= names, (r["document"]["path"], names)
    errors = proc.stderr.splitlines()
    for bad, problem in [("b_empty.txt", "empty"), ("c_binary.txt", "binary"),
                         ("d_huge.txt", "limit"), ("nowhere.txt", "no such file"),
                         ("i_endless.txt", "extraction failed")]:
        lines = [l for l in errors if bad in l]
        assert len(lines) == 1 and problem in lines[0], (bad, errors)
    if os.geteuid() != 0:  # root reads anything: the permission case only shows for a user
        assert any("h_locked" in l and "permission" in l for l in errors)


def test_nothing_readable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = run(str(tmp_path / "empty.txt"))
    assert proc.returncode != 0
    assert "empty.txt" in proc.stderr


def test_formats(tmp_path):
    f = tmp_path / "one.txt"
    f.write_text(REPORT, encoding="utf-8")
    as_json = json.loads(run(str(f), "--format", "json").stdout)
    assert as_json[0]["entities"]
    table = run(str(f), "--format", "table").stdout
    assert "Quds Force" in table and "Esmail Qaani" in table


def test_comment_section_is_not_reporting(tmp_path):
    f = tmp_path / "with_comments.txt"
    f.write_text(
        "Basij expands drills\n\nThe Basij held drills in Shiraz on Friday, state media said.\n\n"
        "3 Comments\n\nDariusK says:\nMarch 3, 2024 at 9:12 am\nHezbollah and the Houthis will "
        "lose, mark my words.\n\nLeave a Reply\n\nTags: Basij, Shiraz\n", encoding="utf-8")
    record = json.loads(run(str(f)).stdout)
    names = {e["name"] for e in record["entities"]}
    assert "Basij" in names and "Shiraz" in names
    assert "Hezbollah" not in names and "Houthis" not in names


def test_stdin(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "orbat", "extract", "-"], input=REPORT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Quds Force" in proc.stdout
