"""Bounded cost per text document (issue 11): discovery samples within a byte budget, a subject
search streams the document in pieces of whole lines with the right line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main
from pii_scan.connectors.text import SAMPLE_WINDOWS, TextConnector
from pii_scan.errors import SourceCorrupt
from pii_scan.limits import Limits, use_limits

FILLER = "De vergadering van het bestuur begon om negen uur en duurde tot de middag.\n"


def _long_text(path: Path, lines: int, planted: dict[int, str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for n in range(1, lines + 1):
            fh.write(planted.get(n, f"{n}: {FILLER}"))
    return path


@pytest.mark.parametrize("chunk", [7, 64, 1000])
def test_pieces_join_to_the_whole_text_with_right_line_numbers(tmp_path: Path, chunk: int) -> None:
    text = "één\r\ntwee é\nthree\n\nvier: ç" + "x" * 300 + "\nlast line without end"
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode("utf-8"))
    conn = TextConnector(str(path))
    pieces = list(conn.iter_document("doc.txt", chunk_bytes=chunk))
    assert "".join(p for _, p in pieces) == text
    offset = 0
    for first, piece in pieces:  # the number of the line the piece starts in
        prefix = text[:offset]
        starts_line = prefix == "" or prefix.endswith(("\n", "\r"))
        assert first == len(prefix.splitlines()) + (1 if starts_line else 0)
        offset += len(piece)
    assert len(pieces) > 1


def test_late_bad_byte_is_a_one_line_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_bytes(("goed\n" * 1_000_000).encode() + b"\xff\xfe kapot\n")  # past the encoding probe
    with pytest.raises(SourceCorrupt) as err:
        "".join(p for _, p in TextConnector(str(path)).iter_document("late.txt"))
    assert str(path) in str(err.value) and "wrong encoding" in str(err.value)
    assert "\n" not in str(err.value)


def test_sample_stays_within_budget_and_spreads_over_the_file(tmp_path: Path) -> None:
    path = _long_text(tmp_path / "big.txt", 40_000, {})  # about 3 MB
    with use_limits(Limits(text_budget_bytes=64 * 1024)):
        conn = TextConnector(str(path))
    pieces, whole = conn.sample_document("big.txt")
    assert not whole
    assert len(pieces) == 1 + SAMPLE_WINDOWS
    assert sum(len(p.encode()) for p in pieces) <= 64 * 1024
    assert pieces[0].startswith("1: ")  # the head
    numbers = [int(line.split(":")[0]) for p in pieces for line in p.splitlines()]
    assert max(numbers) > 37_000  # the last window reaches the end of the file
    for p in pieces:  # whole lines only
        assert all(line.endswith("middag.") for line in p.splitlines())


def test_small_document_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("Beste Jan,\n\nmet vriendelijke groet\n", encoding="utf-8")
    pieces, whole = TextConnector(str(path)).sample_document("brief.txt")
    assert whole and pieces == [path.read_text(encoding="utf-8")]


def test_discovery_of_a_long_document_is_sampled(tmp_path: Path) -> None:
    iban = "Betaal op rekening BE71 0961 2345 6769 voor het einde van de maand.\n"
    path = _long_text(tmp_path / "verslag.txt", 60_000, {3: iban})  # about 4.5 MB
    res = CliRunner().invoke(main, ["scan", "--format", "json", str(path)])
    assert res.exit_code == 0, res.output
    (doc,) = json.loads(res.stdout)
    assert "IBAN_CODE" in [e["type"] for e in doc["entities"]]
    assert "sampled" in doc["evidence"]["notes"][0] and "131,072 bytes" in doc["evidence"]["notes"][0]
    assert doc["rows_sampled"] < 60_000 / 10


def test_subject_search_streams_a_long_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    email = "An Claes <an.claes@example.be> schreef op maandag.\n"
    path = _long_text(tmp_path / "mails.txt", 40_000, {2: email, 39_999: email})

    def whole(*args: object) -> str:
        raise AssertionError("a subject search must not read a document whole")

    monkeypatch.setattr(TextConnector, "read_document", whole)
    res = CliRunner().invoke(main, ["find", str(path), "--email", "an.claes@example.be", "--format", "json"])
    assert res.exit_code == 0, res.output
    lines = sorted(r["key"]["line"] for r in json.loads(res.stdout)["records"])
    assert lines == [2, 39_999]
