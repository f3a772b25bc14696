"""The light path for small CSV files (stdlib csv, no pandas) gives what the pandas path gives: the same
columns, types, row counts, samples and discovery results, on files in every dialect the connector
meets; files it cannot read identically go the pandas way."""

from __future__ import annotations

import random

import pytest

import pii_scan.connectors.delimited as delimited
from pii_scan import discovery
from pii_scan.connectors.registry import connector_for

FIRST = ["Jan", "Marie", "Élodie", "Luc", "Zoë", "François"]
LAST = ["Peeters", "Dubois", "Van den Broeck", "D'Hondt", "Müller"]


def _value(rng: random.Random, kind: str, r: int) -> str:
    if rng.random() < 0.15:
        return ""  # empty cells everywhere
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        "id": str(r + 1),
        "naam": f"{first} {last}",
        "email": f"{first.lower()}.{r}@voorbeeld.be",
        "telefoon": f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {r % 90 + 10}",
        "bedrag": f"{rng.randint(1, 999)},{rng.randint(0, 99):02d}",
        "datum": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/19{rng.randint(40, 99)}",
        "opmerking": rng.choice(["klant; sinds 2010", 'zegt "dag"', "regel 1\nregel 2", "  spaties  ", "ok"]),
        "leeg": "",
    }[kind]


def _quote(value: str, delim: str, always: bool) -> str:
    if always or any(ch in value for ch in (delim, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def _write(path, rng: random.Random, delim: str, encoding: str, headerless: bool, crlf: bool) -> None:
    kinds = rng.sample(["id", "naam", "email", "telefoon", "bedrag", "datum", "opmerking", "leeg"], k=5)
    always = rng.random() < 0.3
    lines = [] if headerless else [delim.join(_quote(k, delim, always) for k in kinds)]
    for r in range(rng.randint(0, 60)):
        lines.append(delim.join(_quote(_value(rng, k, r), delim, always) for k in kinds))
    if rng.random() < 0.3:
        lines.insert(min(len(lines), 2), "")  # a blank line
    newline = "\r\n" if crlf else "\n"
    path.write_bytes((newline.join(lines) + newline).encode(encoding))


def _both(path, monkeypatch):
    """(light, pandas) readings of one file: tables, sample and discovery results."""

    def read():
        conn = connector_for(str(path))
        info = conn.tables()[0]
        data, rows = conn.sample_columns(info.name, 20)
        frame = conn.sample(info.name, 20)
        found = [r.to_dict() for r in discovery.scan_connector_table(conn, info.name)]
        light = conn._light() is not None
        conn.close()
        return light, info, data, rows, frame, found

    light = read()
    with monkeypatch.context() as m:
        m.setattr(delimited, "LIGHT_FILE_BYTES", -1)
        heavy = read()
    return light, heavy


def _same(light, heavy):
    took_light, info, data, rows, frame, found = light
    _, h_info, h_data, h_rows, h_frame, h_found = heavy
    assert info == h_info
    assert rows == h_rows and list(data) == list(h_data)
    for col in data:  # pandas gives NaN for a missing value, the light path None
        assert [v if isinstance(v, str) else None for v in data[col]] == [
            v if isinstance(v, str) else None for v in h_data[col]
        ]
    assert frame.equals(h_frame)
    assert found == h_found
    return took_light


@pytest.mark.parametrize("seed", range(24))
def test_light_path_reads_small_files_as_pandas_does(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    delim = [";", ",", "\t", "|"][seed % 4]
    encoding = ["utf-8", "cp1252", "utf-8-sig"][seed % 3]
    path = tmp_path / f"f{seed}.csv"
    _write(path, rng, delim, encoding, headerless=False, crlf=seed % 5 == 0)
    light, heavy = _both(path, monkeypatch)
    assert _same(light, heavy)  # these files are all the light path's


def test_light_path_headerless_file(tmp_path, monkeypatch):
    path = tmp_path / "no_header.csv"
    path.write_text(
        "jan.peeters@voorbeeld.be;Jan;0470 12 34 56\nmarie@voorbeeld.be;Marie;\n", encoding="utf-8"
    )
    light, heavy = _both(path, monkeypatch)
    assert _same(light, heavy)
    assert [c.name for c in light[1].columns] == ["column_1", "column_2", "column_3"]


@pytest.mark.parametrize(
    "content",
    [
        b"naam;email\nJan;jan@x.be;extra\nMarie;marie@x.be\n",  # a row too wide: skipped with a note
        b"naam;email\nJan\nMarie;marie@x.be\n",  # a row too short
        b"naam;;naam\nJan;1;2\n",  # empty and repeated header names
        b'naam;email\n"Jan;jan@x.be\n',  # an unterminated quote
        b"naam\nJan\n   \nMarie\n",  # one column, a whitespace line
        b"naam;email\nJan;jan@x.be\nMarie;\xe9\x81\n",  # a byte undefined in cp1252 after valid UTF-8
    ],
)
def test_files_the_light_path_leaves_to_pandas(tmp_path, monkeypatch, content):
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    try:
        light, heavy = _both(path, monkeypatch)
    except Exception as err:  # noqa: BLE001 - then both paths must fail alike
        with pytest.raises(type(err)):
            monkeypatch.setattr(delimited, "LIGHT_FILE_BYTES", -1)
            connector_for(str(path)).tables()
        return
    assert not _same(light, heavy)  # read, but by the pandas path
