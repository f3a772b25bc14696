"""Partial CSV reads (issue 11): rows that fail to parse are counted, named by line number (never
their values) and skipped; the rest is scanned and searched, and a subject search says `partial`."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.connectors.csv_rows import BadLines, careful_records, long_line_numbers
from pii_scan.connectors.delimited import DelimitedConnector
from pii_scan.errors import SourceCorrupt
from pii_scan.limits import Limits, use_limits

HEADER = b"id;naam;email\n"
SECRET = "geheim-waarde"


def _row(i: int) -> bytes:
    return f"{i};Persoon {i};p{i}@example.be\n".encode()


def _file(tmp_path: Path, n: int, bad: dict[int, bytes], name: str = "leden.csv") -> Path:
    """Row i (1-based data row, line i + 1) replaced by ``bad[i]``."""
    path = tmp_path / name
    path.write_bytes(HEADER + b"".join(bad.get(i, _row(i)) for i in range(1, n + 1)))
    return path


def _rows(conn: DelimitedConnector) -> pd.DataFrame:
    return pd.concat(list(conn.iter_rows(conn.table_name)), ignore_index=True)


BAD_ROWS = {
    "too many fields": f"x;{SECRET};y;z\n".encode(),
    "undecodable": f"5;{SECRET} \xff".encode("latin-1") + b";a@b.be\n",
    "unclosed quote": f'5;"{SECRET};q@example.be\n'.encode(),
    "stray bytes after quote": f'5;"{SECRET}"x;a@b.be\n'.encode(),  # read leniently, kept
}


@pytest.mark.parametrize("kind", ["too many fields", "undecodable", "unclosed quote"])
def test_bad_row_is_skipped_and_named_by_line(tmp_path: Path, kind: str, caplog) -> None:
    path = _file(tmp_path, 40, {20: BAD_ROWS[kind]})
    conn = DelimitedConnector(str(path), encoding="utf-8")
    rows = _rows(conn)
    assert len(rows) == 39 and "20" not in set(rows["id"])
    assert rows["email"].iloc[-1] == "p40@example.be"  # the rows after it are read
    reason = conn.partial_reason() or ""
    assert "1 row(s) not parsed" in reason and "line 21" in reason
    assert SECRET not in reason and SECRET not in caplog.text
    assert "line 21" in caplog.text


def test_stray_quote_is_read_leniently(tmp_path: Path) -> None:
    path = _file(tmp_path, 10, {5: BAD_ROWS["stray bytes after quote"]})
    conn = DelimitedConnector(str(path))
    assert len(_rows(conn)) == 10 and conn.partial_reason() is None


def test_careful_reader_after_the_fast_parser_gives_each_row_once(tmp_path: Path) -> None:
    # the undecodable byte comes late: the C parser has given chunks already when it fails
    path = _file(tmp_path, 5000, {4000: BAD_ROWS["undecodable"]})
    conn = DelimitedConnector(str(path), encoding="utf-8")
    ids = [int(i) for c in conn.iter_rows(conn.table_name, chunk_rows=700) for i in c["id"]]
    assert ids == [i for i in range(1, 5001) if i != 4000]


def test_later_long_line_is_skipped_within_bounds(tmp_path: Path) -> None:
    long_row = b"7;" + b"x" * 5000 + b";lang@example.be\n"
    path = _file(tmp_path, 20, {7: long_row})
    with use_limits(Limits(max_line_bytes=1000)):
        conn = DelimitedConnector(str(path))
    rows = _rows(conn)
    assert len(rows) == 19 and "7" not in set(rows["id"])
    assert "line 8" in (conn.partial_reason() or "")
    with open(path, "rb") as fh:
        assert long_line_numbers(fh, 1000, block=64) == [8]


def test_careful_records_quoted_line_breaks_and_unclosed_quote_at_end() -> None:
    data = b'a;b\n1;"two\nlines"\n2;"x""y"\n\n3;"never closed\n4;after\n5;end\n'
    bad = BadLines()
    got = list(careful_records(io.BytesIO(data), "utf-8", ";", 2, 1000, bad))
    assert got == [(2, ["1", "two\nlines"]), (4, ["2", 'x"y']), (7, ["4", "after"]), (8, ["5", "end"])]
    assert bad.lines == [6] and "quote" in bad.first_reason


def test_mostly_broken_csv_is_refused(tmp_path: Path) -> None:
    path = _file(tmp_path, 20, {i: b"a;b;c;d;e\n" for i in range(1, 15)})
    with pytest.raises(SourceCorrupt, match="unreadable CSV: lines 2, 3"):
        DelimitedConnector(str(path)).tables()


def test_scan_of_csv_with_bad_rows_is_not_a_failure(tmp_path: Path) -> None:
    path = _file(tmp_path, 50, {10: BAD_ROWS["too many fields"], 30: BAD_ROWS["unclosed quote"]})
    res = CliRunner().invoke(main, ["scan", "--format", "json", str(path)])
    assert res.exit_code == 0, res.output
    fields = {f["column"]: f for f in json.loads(res.stdout)}
    assert fields["email"]["category"] == "contact"
    assert "2 row(s) not parsed, skipped: lines 11, 31" in res.stderr
    assert SECRET not in res.stderr and SECRET not in res.stdout


def test_subject_search_over_csv_with_bad_row_is_partial(tmp_path: Path, monkeypatch) -> None:
    path = _file(tmp_path, 50, {10: BAD_ROWS["too many fields"]})
    monkeypatch.setenv("PII_SCAN_EXPORT_PASSPHRASE", "unused-passphrase")
    out = tmp_path / "pkg.zip"
    res = CliRunner().invoke(main, ["export", str(path), "--email", "p40@example.be", "--out", str(out)])
    assert res.exit_code == 1, res.output  # partial: the package says it is incomplete
    with zipfile.ZipFile(out) as z:
        manifest = json.loads(z.read("manifest.json"))
        names = z.namelist()
    assert manifest["complete"] is False
    (source,) = manifest["sources"]
    assert source["status"] == "partial" and "line 11" in source["error"]
    assert SECRET not in json.dumps(manifest)
    assert names  # the subject's rows are still in the package
    res = CliRunner().invoke(main, ["find", str(path), "--email", "p40@example.be", "--format", "json"])
    found = json.loads(res.stdout)
    assert res.exit_code == 1 and [r["key"] for r in found["records"]] == [{"id": "40"}]


def test_damage_late_in_a_long_file_is_skipped_not_refused(tmp_path: Path) -> None:
    # rows 2,001-5,000 all broken: more bad than good in total, but the first 1,000 records are fine
    path = _file(tmp_path, 5000, {i: BAD_ROWS["too many fields"] for i in range(2001, 5001)})
    conn = DelimitedConnector(str(path))
    assert len(_rows(conn)) == 2000
    assert "3000 row(s) not parsed" in (conn.partial_reason() or "")
