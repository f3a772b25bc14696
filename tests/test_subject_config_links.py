"""A configured link or [subject] table that points at nothing is a configuration error naming the
line (issue 10), not a search that silently follows nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pii_scan.cli import main

EMAIL = "els.maes@example.be"


def _setup(tmp_path: Path, tail: str, head: str = "") -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "customers.csv").write_text(
        f"id,full_name,email\n1,Els Maes,{EMAIL}\n2,Tom Peeters,t@example.be\n"
    )
    (data / "orders.csv").write_text("order_id,client,total\n10,1,5\n11,2,7\n12,1,9\n")
    cfg = tmp_path / "pii-scan.toml"
    cfg.write_text(f'{head}[[sources]]\nname = "files"\nlocation = "data"\n\n{tail}', encoding="utf-8")
    return cfg


def _find(cfg: Path):  # noqa: ANN202
    return CliRunner().invoke(main, ["find", "--config", str(cfg), "--email", EMAIL, "--format", "json"])


def test_a_configured_link_that_holds_is_followed(tmp_path: Path) -> None:
    res = _find(_setup(tmp_path, '[[links]]\nlink = "orders.csv:client -> customers.csv:id"\n'))
    assert res.exit_code == 0, res.output
    assert '"orders.csv:client -> customers.csv:id' not in res.stderr
    assert res.stdout.count('"table": "orders.csv"') == 2


@pytest.mark.parametrize(
    ("tail", "line", "words"),
    [
        ('[[links]]\nlink = "orders.csv:client_id -> customers.csv:id"\n', 6, "no column 'client_id'"),
        ('[[links]]\nfrom = "orders.csv:client"\nto = "clients.csv:id"\n', 7, "no table 'clients.csv'"),
        ('[subject]\nowned_tables = ["orders.csv"]\nshared_tables = [\n  "stores",\n]\n', 8, "'stores'"),
    ],
)
def test_a_configured_link_or_table_naming_nothing_is_an_error_naming_the_line(
    tmp_path: Path, tail: str, line: int, words: str
) -> None:
    cfg = _setup(tmp_path, tail)
    res = _find(cfg)
    assert res.exit_code == 2, res.output
    (err,) = res.stderr.strip().splitlines()
    assert f"pii-scan.toml:{line}:" in err and words in err, err
    assert EMAIL not in res.output


def test_a_link_written_as_a_list_item_is_named_by_its_line(tmp_path: Path) -> None:
    head = 'links = [\n  "orders.csv:client -> customers.csv:id",\n'
    head += '  "invoices.csv:client -> customers.csv:id",\n]\n'
    res = _find(_setup(tmp_path, "", head))
    assert res.exit_code == 2, res.output
    assert "pii-scan.toml:3:" in res.stderr and "no table 'invoices.csv'" in res.stderr, res.stderr
