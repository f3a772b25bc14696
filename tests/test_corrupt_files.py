"""Corrupt files per connector (issue 11): binary garbage under every suffix, truncated workbooks and
Parquet files, a zip bomb-lite workbook and wrong encodings each give one documented error
(``SourceError``) naming the file, on one line; the good file beside them is still scanned."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.connectors.registry import EXTENSIONS, connector_for
from pii_scan.errors import SourceError

GOOD = "naam;email\nJan Peeters;jan.peeters@example.be\n"
SUFFIXES = sorted(EXTENSIONS)


def _garbage(seed: int, size: int = 6000) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(size))


def _read_all(path: Path) -> None:
    """What discovery and a subject search do with a file: list, sample and read every table."""
    conn = connector_for(str(path))
    try:
        for info in conn.tables():
            conn.sample(info.name, 50)
            for _ in conn.iter_rows(info.name, 100):
                pass
            if info.kind == "document":
                for _ in conn.iter_document(info.name):
                    pass
    finally:
        conn.close()


def _one_line_source_error(path: Path) -> SourceError:
    with pytest.raises(SourceError) as err:
        _read_all(path)
    text = str(err.value)
    assert len(text.splitlines()) == 1 and str(path) in text, text
    return err.value


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("seed", [1, 2])
def test_binary_garbage_under_every_suffix_is_one_source_error(tmp_path: Path, suffix: str, seed: int):
    path = tmp_path / f"garbage{suffix}"
    path.write_bytes(_garbage(seed))
    _one_line_source_error(path)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_file_under_every_suffix_reads_or_fails_cleanly(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    try:
        _read_all(path)
    except SourceError as exc:
        assert len(str(exc).splitlines()) == 1 and str(path) in str(exc)


def _xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    pd.DataFrame({"naam": ["Jan Peeters"] * 50, "email": ["jan@example.be"] * 50}).to_excel(buf, index=False)
    return buf.getvalue()


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_workbook_is_one_source_error(tmp_path: Path, keep: float) -> None:
    data = _xlsx_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: int(len(data) * keep)])
    _one_line_source_error(path)


def test_workbook_with_a_corrupt_member_is_one_source_error(tmp_path: Path) -> None:
    src = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    path = tmp_path / "bad-member.xlsx"
    with zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = body[: len(body) // 2]  # the XML stops in the middle
            out.writestr(item, body)
    _one_line_source_error(path)


def test_zip_bomb_lite_workbook_is_refused_quickly(tmp_path: Path) -> None:
    """A 200 KB workbook whose sheet expands to 300 MB is refused before it is parsed."""
    src = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                pad = b" " * (300 * 1024 * 1024)
                body = body.replace(b"<sheetData>", b"<sheetData>" + pad, 1)
            out.writestr(item.filename, body)
    assert path.stat().st_size < 2 * 1024 * 1024
    err = _one_line_source_error(path)
    assert "refused" in str(err) and "expands" in str(err)


def test_truncated_parquet_is_one_source_error(tmp_path: Path) -> None:
    full = tmp_path / "full.parquet"
    pd.DataFrame({"email": [f"p{i}@example.be" for i in range(2000)]}).to_parquet(full, row_group_size=500)
    data = full.read_bytes()
    for i, keep in enumerate((0.5, 0.95)):
        cut = tmp_path / f"cut{i}.parquet"
        cut.write_bytes(data[: int(len(data) * keep)])
        _one_line_source_error(cut)
    # the footer intact but a data page overwritten
    bad = tmp_path / "pages.parquet"
    bad.write_bytes(data[:100] + _garbage(3, 2000) + data[2100:])
    _one_line_source_error(bad)


@pytest.mark.parametrize(
    "name,data",
    [
        ("utf16.json", json.dumps([{"naam": "Jan"}]).encode("utf-16")),
        ("latin1.json", '[{"naam": "Ren\u00e9e"}]'.encode("latin-1")),
        ("latin1.jsonl", '{"naam": "Ren\u00e9e"}\n'.encode("latin-1")),
        ("utf16.txt", "Beste Jan,\nmet vriendelijke groet\n".encode("utf-16")),
        ("utf16.csv", GOOD.encode("utf-16")),
        ("utf32.md", "# Nota\n".encode("utf-32")),
    ],
)
def test_wrong_encodings_name_the_encoding(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    err = _one_line_source_error(path)
    assert "encoding" in str(err) or "UTF" in str(err)


def test_directory_of_corrupt_files_scans_the_good_one(tmp_path: Path) -> None:
    d = tmp_path / "share"
    d.mkdir()
    (d / "leden.csv").write_text(GOOD, encoding="utf-8")
    for i, suffix in enumerate(SUFFIXES):
        (d / f"bad{i}{suffix}").write_bytes(_garbage(10 + i))
    res = CliRunner().invoke(main, ["scan", "--format", "json", str(d)])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    tables = {f["table"] for f in json.loads(res.stdout)}
    assert "leden.csv" in tables
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == len(SUFFIXES), res.stderr
