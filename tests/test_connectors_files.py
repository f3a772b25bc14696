"""CSV/TSV, JSON, Parquet and text connectors on small files made here."""

from __future__ import annotations

import json
import os
import pickle

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pii_scan.connectors import Filter, connector_for, open_source
from pii_scan.connectors.delimited import DelimitedConnector
from pii_scan.errors import SourceCorrupt, SourceNotFound, UnsupportedSource


def write(path, text: str, encoding: str = "utf-8") -> str:
    path.write_bytes(text.encode(encoding))
    return str(path)


BELGIAN = "naam;voornaam;gemeente;telefoon;rijksregisternummer\r\n" + "".join(
    f"Peeters{i};Hélène;Liège;0470 12 34 {i:02d};85.07.30-033.{i:02d}\r\n" for i in range(30)
)


@pytest.mark.parametrize(
    ("delim", "suffix"), [(";", ".csv"), (",", ".csv"), ("\t", ".tsv"), ("|", ".csv"), ("\t", ".csv")]
)
def test_delimiter_detection(tmp_path, delim, suffix):
    rows = ["id,naam,email".replace(",", delim)] + [
        f"{i}{delim}Jansen, Jan{i}{delim}j{i}@example.be"
        if delim != ","
        else f'{i},"Jansen, Jan{i}",j{i}@x.be'
        for i in range(20)
    ]
    path = write(tmp_path / f"people{suffix}", "\n".join(rows) + "\n")
    conn = connector_for(path)
    info = conn.tables()[0]
    assert info.column_names == ["id", "naam", "email"]
    assert info.row_count == 20 and info.row_count_exact
    frame = pd.concat(conn.iter_rows(info.name, chunk_rows=7))
    assert frame["naam"].tolist()[0] == "Jansen, Jan0"


def test_belgian_excel_export_cp1252(tmp_path):
    path = write(tmp_path / "export.csv", BELGIAN, "cp1252")
    conn = connector_for(path)
    assert conn._dialect() == ("cp1252", ";")
    df = conn.sample("export.csv", n=1000)
    assert len(df) == 30
    assert set(df["gemeente"]) == {"Liège"} and set(df["voornaam"]) == {"Hélène"}
    assert df["telefoon"].iloc[0].startswith("0470")  # text kept as written, leading zero too


def test_utf8_bom_and_quoted_newlines(tmp_path):
    text = 'id,notitie,email\n1,"regel een\nregel twee; met ;",a@example.be\n2,"kort",b@example.be\n'
    path = tmp_path / "notes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    conn = connector_for(str(path))
    info = conn.tables()[0]
    assert info.column_names == ["id", "notitie", "email"]  # no BOM glued to the first name
    assert info.row_count == 2
    rows = pd.concat(conn.iter_rows(info.name))
    assert rows["notitie"].iloc[0] == "regel een\nregel twee; met ;"


def test_options_override_detection(tmp_path):
    path = write(tmp_path / "odd.csv", "a;b|c\n1;2|3\n4;5|6\n")
    conn = DelimitedConnector(path, delimiter="|", encoding="latin-1")
    assert conn.tables()[0].column_names == ["a;b", "c"]


def test_wrong_encoding_is_one_line_source_corrupt(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("naam;gemeente\nJan;Gent\n".encode("utf-16"))
    with pytest.raises(SourceCorrupt) as err:
        connector_for(str(path)).tables()
    assert "wrong encoding" in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"naam;x\nJan;\x81\x8d\n")  # bytes undefined in cp1252 and invalid UTF-8
    with pytest.raises(SourceCorrupt, match="wrong encoding"):
        connector_for(str(bad)).tables()


def test_large_csv_sampled_by_offsets_spread_and_deterministic(tmp_path, monkeypatch):
    import pii_scan.connectors.delimited as delimited

    monkeypatch.setattr(delimited, "SMALL_FILE_BYTES", 10_000)  # force the large-file path
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("id;name;city\n")
        for i in range(20_000):
            fh.write(f"{i};Name {i};Gent\n")
    conn = connector_for(str(path))
    info = conn.tables()[0]
    assert not info.row_count_exact and 15_000 < info.row_count < 25_000
    a = conn.sample(info.name, n=200, seed=1)
    b = conn.sample(info.name, n=200, seed=1)
    c = conn.sample(info.name, n=200, seed=2)
    assert a.equals(b) and not a.equals(c)
    ids = a["id"].astype(int)
    assert 150 <= len(a) <= 200 and ids.is_unique
    assert ids.min() < 2_000 and ids.max() > 18_000  # spread over the file, not its head
    assert set(a["city"]) == {"Gent"}  # rows parsed whole after resync


def test_select_on_csv_vectorized(tmp_path):
    path = write(tmp_path / "export.csv", BELGIAN, "cp1252")
    conn = connector_for(path)
    got = pd.concat(
        conn.select(
            "export.csv",
            [
                Filter("telefoon", "digits_suffix", ("470123407",)),
                Filter("naam", "equals_ci", ("peeters12",)),
                Filter("rijksregisternummer", "contains_ci", ("033.2",)),
            ],
            chunk_rows=4,
        )
    )
    assert sorted(got["naam"]) == [
        "Peeters12",
        "Peeters20",
        "Peeters21",
        "Peeters22",
        "Peeters23",
        "Peeters24",
        "Peeters25",
        "Peeters26",
        "Peeters27",
        "Peeters28",
        "Peeters29",
        "Peeters7",
    ]
    assert list(conn.select("export.csv", [Filter("naam", "equals", ("peeters1",))])) == []
    with pytest.raises(SourceNotFound, match="no column"):
        list(conn.select("export.csv", [Filter("nope", "equals", ("x",))]))


def test_json_array_and_lines_flattened(tmp_path):
    records = [
        {"id": i, "user": {"name": f"u{i}", "address": {"city": "Gent"}}, "ip": f"10.0.0.{i}"}
        for i in range(5)
    ]
    arr = tmp_path / "users.json"
    arr.write_text(json.dumps(records))
    lines = tmp_path / "log.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    for path in (arr, lines):
        conn = connector_for(str(path))
        info = conn.tables()[0]
        assert set(info.column_names) == {"id", "user.name", "user.address.city", "ip"}
        assert info.row_count == 5
        assert len(conn.sample(info.name, n=3)) == 3
        assert len(pd.concat(conn.iter_rows(info.name, chunk_rows=2))) == 5
        hit = pd.concat(conn.select(info.name, [Filter("user.name", "equals", ("u3",))]))
        assert hit["ip"].tolist() == ["10.0.0.3"]


def test_broken_json_is_source_corrupt(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"a": 1}, {"a": ')
    with pytest.raises(SourceCorrupt, match="broken JSON"):
        connector_for(str(path)).tables()
    lines = tmp_path / "broken.jsonl"
    lines.write_text('{"a": 1}\n{"a": \n')
    with pytest.raises(SourceCorrupt, match="line 2"):
        connector_for(str(lines)).tables()


def test_parquet_row_groups(tmp_path):
    path = tmp_path / "t.parquet"
    table = pa.table({"id": list(range(1000)), "email": [f"p{i}@example.nl" for i in range(1000)]})
    pq.write_table(table, path, row_group_size=100)
    conn = connector_for(str(path))
    info = conn.tables()[0]
    assert info.row_count == 1000 and info.column_names == ["id", "email"]
    s = conn.sample(info.name, n=50, seed=3)
    assert len(s) == 50 and s.equals(conn.sample(info.name, n=50, seed=3))
    assert sum(len(c) for c in conn.iter_rows(info.name, chunk_rows=128)) == 1000
    hit = pd.concat(conn.select(info.name, [Filter("id", "equals", ("42",))]))
    assert hit["email"].tolist() == ["p42@example.nl"]
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(SourceCorrupt):
        connector_for(str(bad)).tables()


def test_text_and_markdown_documents(tmp_path):
    md = write(tmp_path / "brief.md", "# Brief\n\nGeachte heer Peeters,\n")
    txt = write(tmp_path / "lettre.txt", "Chère Madame Dubois,\n", "cp1252")
    for path, needle in ((md, "Peeters"), (txt, "Chère")):
        conn = connector_for(path)
        info = conn.tables()[0]
        assert info.kind == "document" and info.column_names == ["text"]
        assert needle in conn.read_document(info.name)
        frame = conn.sample(info.name)
        assert len(frame) == 1 and needle in frame["text"].iloc[0]


def test_directory_names_relative_to_root_and_errors(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "a.csv", "x,y\n1,2\n")
    write(tmp_path / "b.md", "hallo")
    write(tmp_path / "ignored.bin", "??")
    names = sorted(t.name for c in open_source(str(tmp_path)) for t in c.tables())
    assert names == ["b.md", "sub/a.csv"]
    with pytest.raises(SourceNotFound, match="no such"):
        open_source(str(tmp_path / "missing.csv"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceNotFound, match="no readable files"):
        open_source(str(tmp_path / "empty"))
    with pytest.raises(UnsupportedSource, match="no connector"):
        connector_for(str(tmp_path / "ignored.bin"))
    with pytest.raises(SourceNotFound):
        connector_for(str(tmp_path / "gone.csv"))


def test_fingerprint_and_pickle(tmp_path):
    path = write(tmp_path / "a.csv", "x,y\n1,2\n")
    conn = connector_for(path)
    fp = conn.fingerprint("a.csv")
    assert fp["size"] == 8 and len(fp["sha256"]) == 64
    clone = pickle.loads(pickle.dumps(conn))
    assert clone.fingerprint("a.csv") == fp
    os.utime(path, ns=(1, 1))
    write(tmp_path / "a.csv", "x,y\n1,3\n")
    assert conn.fingerprint("a.csv")["sha256"] != fp["sha256"]
