"""`find` shows no raw value of the subject: not on the terminal, not in the JSON (issue 10)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main

EMAIL = "sofie.claes@example.be"
NN = "85073003328"
IBAN = "BE68539007547034"
RAW = ["sofie.claes", "Claes", "Sofie", NN, IBAN, "Kerkstraat", "0470123456"]


@pytest.fixture()
def sources(tmp_path: Path) -> list[str]:
    csv = tmp_path / "members.csv"
    csv.write_text(
        "first_name,last_name,email,national_number,iban,street\n"
        "Jan,Peeters,jan.peeters@example.be,90020199701,BE71096123456769,Markt\n"
        f"Sofie,Claes,{EMAIL},{NN},{IBAN},Kerkstraat\n",
        encoding="utf-8",
    )
    jsonl = tmp_path / "tickets.jsonl"
    jsonl.write_text(
        json.dumps({"email": "jan.peeters@example.be", "phone": "0499112233", "subject": "x"}) + "\n"
        + json.dumps({"email": EMAIL, "phone": "0470123456", "subject": "Kerkstraat"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    db = tmp_path / "crm.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE users (email TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, iban TEXT)")
    con.execute("INSERT INTO users VALUES ('a.aerts@example.be', 'An', 'Aerts', 'BE71096123456769')")
    con.execute("INSERT INTO users VALUES (?, 'Sofie', 'Claes', ?)", (EMAIL, IBAN))
    con.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, user_email TEXT REFERENCES users (email))")
    con.execute("INSERT INTO orders VALUES (7, ?), (8, 'a.aerts@example.be')", (EMAIL,))
    con.commit()
    con.close()
    return [str(csv), str(jsonl), str(db)]


def _leaks(text: str) -> list[str]:
    return [v for v in RAW if v.lower() in text.lower()]


def test_find_shows_no_raw_value_on_the_terminal_or_in_json(sources: list[str]) -> None:
    table = CliRunner().invoke(main, ["find", *sources, "--email", EMAIL])
    assert table.exit_code == 0, table.output
    assert "members.csv" in table.output and "tickets.jsonl" in table.output and "users" in table.output
    assert _leaks(table.output) == []
    out = CliRunner().invoke(main, ["find", *sources, "--email", EMAIL, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert _leaks(out.output) == []
    keys = {r["table"]: r["key"] for r in json.loads(out.output)["records"]}
    assert keys["members.csv"] == {"row": 2} and keys["tickets.jsonl"] == {"row": 2}
    # a personal primary key is masked and given with its row position (in key order)
    assert keys["users"] == {"email": "s***@example.be", "row": 2}
    assert keys["orders"] == {"id": 7}  # a key that holds nothing personal stays as it is


def test_unmasked_still_shows_the_values(sources: list[str]) -> None:
    res = CliRunner().invoke(main, ["find", *sources, "--email", EMAIL, "--unmasked"])
    assert res.exit_code == 0, res.output
    assert "Kerkstraat" in res.output and "Claes" in res.output


@pytest.mark.parametrize(
    ("given", "said"),
    [("nosuchtable.email=x@y.be", "no table 'nosuchtable'"), ("users.nosuchcol=1", "no column 'nosuchcol'")],
)
def test_an_id_naming_nothing_is_a_one_line_error(sources: list[str], given: str, said: str) -> None:
    res = CliRunner().invoke(main, ["find", *sources, "--id", given])
    assert res.exit_code == 2, res.output
    assert said in res.output and len(res.output.strip().splitlines()) == 1
    assert "x@y.be" not in res.output  # the value stays masked in the error too


def test_an_id_naming_a_file_or_table_is_searched(sources: list[str]) -> None:
    args = ["find", *sources, "--id", f"members.csv.email={EMAIL}", "--expand", "0", "--format", "json"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    found = [(r["table"], r["key"]) for r in json.loads(res.output)["records"] if r["relation"] == "match"]
    assert found == [("members.csv", {"row": 2})]
