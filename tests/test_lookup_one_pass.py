"""A subject search reads a CSV file once: the catalogue, the profile sample and every round's select
come from one pyarrow read (or one streaming pass per round for a file larger than the memory bound).
Each case compares the one-pass route with the routes it replaces (pandas catalogue and sample beside
the arrow select, and the chunked pandas reader throughout) on the records found; no timings
(benchmarks/bench_lookup.py measures them)."""

from __future__ import annotations

import codecs
import csv
import random
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.csv as pcsv
import pytest

from pii_scan.connectors import arrow_filter
from pii_scan.connectors.base import Filter
from pii_scan.connectors.delimited import DelimitedConnector
from pii_scan.subject import find_subject

NOTATIONS = ["0470 12 34 56", "+32 470 12 34 56", "0470/12.34.56", "0032470123456", "(0470) 123456 "]


def _spell(rng: random.Random, word: str) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c for c in word)


def _people(rng: random.Random, n: int = 80) -> list[list[str]]:
    rows = [["klant_id", "voornaam", "achternaam", "email", "telefoon", "stad", "opmerking"]]
    for i in range(n):
        first, last = rng.choice(
            [("Jan", "Peeters"), ("Zoë", "Lefèvre"), ("Marie", "Dubois"), ("Eric", "Ng")]
        )
        rows.append(
            [
                str(i),
                first,
                last,
                _spell(rng, rng.choice(["jan.peeters@example.be", "zoe@example.fr", f"u{i}@example.nl"])),
                rng.choice([*NOTATIONS, f"02 274 {i:02d} 00", ""]),
                rng.choice(["Liège", "Gent", "Brussel; centrum", ""]),
                rng.choice(["", 'zei "hallo"', "regel een\nregel twee; met puntkomma", "bel terug"]),
            ]
        )
    return rows


def _write(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ";") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def _records(path: Path, ids: dict[str, list[str]]) -> list[tuple[Any, ...]]:
    result = find_subject([str(path)], ids)
    assert result.complete, [s.to_dict() for s in result.sources]
    return sorted(
        (r.table, repr(r.key), r.relation, tuple(r.matched_on), r.confirm, repr(r.data), repr(r.shown_key))
        for r in result.records
    )


def _previous(monkeypatch: pytest.MonkeyPatch, chunked: bool) -> None:
    """The routes before: pandas catalogue and sample (and, ``chunked``, pandas for select too)."""
    monkeypatch.setattr(DelimitedConnector, "_once", lambda self: None)
    if chunked:
        monkeypatch.setattr(DelimitedConnector, "_lookup_table", lambda self, table: None)
        monkeypatch.setattr(DelimitedConnector, "_stream_select", lambda self, table, filters: None)


LOOKUPS = [
    {"email": ["JAN.Peeters@EXAMPLE.be"]},
    {"phone": ["+32470123456"]},
    {"id": ["people.csv.klant_id=7"]},
    {"name": ["Zoë Lefèvre"]},
]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "quotes"),
    [("utf-8", ";", True), ("utf-8-sig", ";", True), ("cp1252", ";", True), ("utf-8", ",", True),
     ("cp1252", ";", False)],
)  # fmt: skip
def test_one_pass_search_finds_what_the_previous_routes_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, delimiter: str, quotes: bool
) -> None:
    rows = _people(random.Random(5))
    if not quotes:  # no quote in the file: pyarrow splits it at every newline
        rows = [[v.replace('"', "").replace("\n", " ").replace(";", " ") for v in r] for r in rows]
    path = _write(tmp_path / "people.csv", rows, encoding, delimiter)
    assert (b'"' in path.read_bytes()) == quotes
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(codecs.BOM_UTF8)
    conn = DelimitedConnector(str(path))
    assert conn._dialect() == (encoding, delimiter)  # sniffed, not given
    now = [_records(path, ids) for ids in LOOKUPS]
    assert all(now) and any(len(r) > 1 for r in now)  # expansion and notations found more than one row
    with monkeypatch.context() as m:
        _previous(m, chunked=False)
        assert [_records(path, ids) for ids in LOOKUPS] == now
    with monkeypatch.context() as m:
        _previous(m, chunked=True)
        assert [_records(path, ids) for ids in LOOKUPS] == now


def test_headerless_file_is_read_once_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _people(random.Random(9))[1:]
    rows[0][3] = "jan.peeters@example.be"  # the first line is data: its email is no column name
    path = _write(tmp_path / "people.csv", rows, "utf-8")
    conn = DelimitedConnector(str(path))
    conn.one_pass = True
    assert conn.tables()[0].column_names[0] == "column_1"
    assert conn._once() is not None and conn._once().table.num_rows == len(rows)
    now = _records(path, {"email": ["Jan.Peeters@example.be"]})
    assert now
    with monkeypatch.context() as m:
        _previous(m, chunked=True)
        assert _records(path, {"email": ["Jan.Peeters@example.be"]}) == now


def test_a_search_reads_the_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One pyarrow read per file and search; pandas only parses the header line; the file is never
    scanned for long lines or re-read for a count or a sample."""
    path = _write(tmp_path / "people.csv", _people(random.Random(2), 3000), "cp1252")
    reads: list[str] = []
    real_arrow, real_pandas = pcsv.read_csv, pd.read_csv

    def arrow_read(*args: Any, **kwargs: Any) -> Any:
        reads.append("arrow")
        return real_arrow(*args, **kwargs)

    def pandas_read(*args: Any, **kwargs: Any) -> Any:
        reads.append(f"pandas nrows={kwargs.get('nrows')}")
        return real_pandas(*args, **kwargs)

    monkeypatch.setattr(pcsv, "read_csv", arrow_read)
    monkeypatch.setattr(pd, "read_csv", pandas_read)
    monkeypatch.setattr("pii_scan.connectors.delimited.long_line_numbers", lambda *a: pytest.fail("scanned"))
    for ids in LOOKUPS[:3]:  # expansion rounds included
        reads.clear()
        assert find_subject([str(path)], ids).subject_records
        assert reads == ["pandas nrows=0", "arrow"]


def test_file_over_the_memory_bound_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "people.csv", _people(random.Random(4), 400), "cp1252")
    now = [_records(path, ids) for ids in LOOKUPS]
    monkeypatch.setattr(arrow_filter, "MAX_CACHED_BYTES", 0)
    monkeypatch.setattr(arrow_filter, "MIN_BLOCK_BYTES", 4096)  # several blocks on a small file
    monkeypatch.setattr(DelimitedConnector, "_max_line_bytes", lambda self: 4096)
    conn = DelimitedConnector(str(path))
    conn.one_pass = True
    conn.tables()
    assert conn._once() is None  # not held: each round streams
    flt = [Filter("email", "equals_ci", ("jan.peeters@example.be",))]
    streamed = conn._stream_select("people.csv", flt)
    # positions go on past the first block
    assert streamed is not None and len(streamed) and streamed.index.max() > 100
    assert [_records(path, ids) for ids in LOOKUPS] == now
    _previous(monkeypatch, chunked=True)
    assert [_records(path, ids) for ids in LOOKUPS] == now


def test_rows_pyarrow_cannot_read_as_pandas_does_keep_the_careful_path(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    rows = _people(random.Random(6))
    text = "\n".join(";".join(f'"{v}"' if ";" in v or "\n" in v else v for v in r) for r in rows)
    path.write_text(text + "\n1;2;3;4;5;6;7;8;9\n", encoding="utf-8")  # a row with too many fields
    conn = DelimitedConnector(str(path))
    conn.one_pass = True
    conn.tables()
    assert conn._once() is None
    result = find_subject([str(path)], {"email": ["jan.peeters@example.be"]})
    assert result.subject_records and result.sources[0].status == "partial"


def test_digit_suffix_prefilter_agrees_with_the_full_strip(tmp_path: Path) -> None:
    rng = random.Random(13)
    tails = ["", " ", ")", ".", " ext", "٤", "56", "6"]
    values = [rng.choice(NOTATIONS).strip() + rng.choice(tails) for _ in range(300)] + ["", "5", "56", "x"]
    path = _write(tmp_path / "p.csv", [["id", "tel"], *[[str(i), v] for i, v in enumerate(values)]], "utf-8")
    conn = DelimitedConnector(str(path))
    conn.tables()
    for sfx in ["470123456", "0123456", "56", "6", "1234566"]:
        flt = [Filter("tel", "digits_suffix", (sfx,))]
        got = sorted(int(i) for df in conn.select("p.csv", flt) for i in df.index)
        want = [i for i, v in enumerate(values) if "".join(c for c in v if c in "0123456789").endswith(sfx)]
        assert got == want, sfx
