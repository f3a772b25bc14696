"""Which heavy libraries a CLI command loads (``sys.modules`` after the command, in a fresh process).

Start-up must pay only for what the command needs: ``--version`` and ``--help`` load no data or NLP
library; a scan of free text loads spaCy. Timings are measured in benchmarks/bench_startup.py, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
HEAVY = ("pandas", "sqlalchemy", "numpy", "presidio_analyzer", "spacy", "faker", "lingua")

# Runs the click group as the console script does, then reports the heavy top-level modules loaded.
_RUNNER = """
import json, sys
from pii_scan.cli import main
try:
    main.main(args=json.loads(sys.argv[1]), prog_name="pii-scan")
except SystemExit:
    pass
sys.stdout.flush()
print("\\nLOADED=" + json.dumps(sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)))
"""


def loaded_after(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", _RUNNER, json.dumps(list(args)), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    marker = [line for line in proc.stdout.splitlines() if line.startswith("LOADED=")]
    assert marker, proc.stdout + proc.stderr
    return set(json.loads(marker[-1].removeprefix("LOADED=")))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["scan", "--help"], ["eval", "--help"]])
def test_version_and_help_load_no_data_or_nlp_library(args: list[str]) -> None:
    assert loaded_after(*args) == set()


def test_every_subcommand_help_is_light() -> None:
    from pii_scan.commands import COMMANDS

    for command in COMMANDS:
        assert command.name
        assert loaded_after(command.name, "--help") == set(), command.name


def test_scan_of_a_letter_loads_spacy_and_presidio(tmp_path: Path) -> None:
    letter = EXAMPLES / "letters" / "nl_klacht_dubbele_aanrekening.txt"
    loaded = loaded_after("-q", "scan", str(letter), "--format", "json", "--out", str(tmp_path / "o.json"))
    assert {"spacy", "presidio_analyzer", "pandas", "lingua"} <= loaded
    assert json.loads((tmp_path / "o.json").read_text("utf-8"))[0]["category"] != "none"


def test_scan_of_a_small_csv_loads_no_nlp_library(tmp_path: Path) -> None:
    # No free text: no language detection, no Presidio, no spaCy, no Faker (the value checks are plain
    # functions, the name lists are read from Faker's files as data), no SQLAlchemy (no database), and
    # no pandas or numpy: a small file is read on the light path (connectors/csv_light.py).
    path = tmp_path / "small.csv"
    path.write_text("id,country,amount\n1,BE,10.50\n2,NL,20.00\n3,FR,7.25\n", encoding="utf-8")
    out = tmp_path / "o.json"
    loaded = loaded_after("-q", "scan", str(path), "--format", "json", "--out", str(out))
    assert loaded == set()
    assert {f["column"] for f in json.loads(out.read_text("utf-8"))} == {"id", "country", "amount"}


def test_scan_of_identifier_columns_loads_no_nlp_library(tmp_path: Path) -> None:
    # Checksummed identifiers, phones, emails, names and places in columns: all through the plain
    # value path, and still found.
    path = tmp_path / "people.csv"
    path.write_text(
        "naam,gemeente,rijksregisternummer,iban,telefoon,email\n"
        "Jan Peeters,Gent,85.07.30-033.28,BE71 0961 2345 6769,0470 12 34 56,jan@example.be\n"
        "Marie Dubois,Hasselt,85073003328,BE71096123456769,+32 470 12 34 56,marie@example.be\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.json"
    loaded = loaded_after("-q", "scan", str(path), "--format", "json", "--out", str(out))
    assert not loaded & {"presidio_analyzer", "spacy", "faker", "lingua", "sqlalchemy"}
    found = {f["column"]: f["category"] for f in json.loads(out.read_text("utf-8"))}
    assert found["rijksregisternummer"] == "identification"
    assert found["iban"] == "financial"
    assert found["telefoon"] == "contact" and found["email"] == "contact"
    assert found["naam"] == "identification"


def test_name_lists_equal_fakers_own(tmp_path: Path) -> None:
    # The lists read from Faker's provider files as data are the ones Faker itself defines.
    import importlib

    from pii_scan.models.recognizers import _lists

    for kind, locales, attrs in (
        ("person", _lists._PERSON_LOCALES, ("first_names", "last_names")),
        ("address", _lists._PLACE_LOCALES, ("cities", "provinces")),
        ("person", ("en_US", "es_ES", "it_IT", "pt_PT"), ("first_names",)),  # column_subject's
    ):
        for locale in locales:
            provider = importlib.import_module(f"faker.providers.{kind}.{locale}").Provider
            read = _lists._provider(kind, locale)
            for attr in attrs:
                assert set(read.get(attr)) == set(getattr(provider, attr, ())), (locale, attr)
                assert set(getattr(provider, attr, ())) or attr == "provinces"
