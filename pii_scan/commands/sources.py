"""``pii-scan sources``: the tables of each source with columns, types and row counts."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.table import Table

from pii_scan.commands.common import (
    config_option,
    configured_sources,
    exact_counts_option,
    follow_symlinks_option,
    report_error,
)
from pii_scan.console import stdout
from pii_scan.errors import SourceError

__all__ = ["sources"]


def _rows(t: dict[str, Any]) -> str:
    if t["row_count"] is None:
        return "?"
    return ("" if t["row_count_exact"] else "~") + f"{t['row_count']:,}"


def _print_tables(listings: list[dict[str, Any]]) -> None:
    for listing in listings:
        table = Table(title=f"{listing['source']} ({listing['type']})", title_justify="left", expand=False)
        table.add_column("table")
        table.add_column("kind")
        table.add_column("rows", justify="right")
        table.add_column("columns")
        for t in listing["tables"]:
            pk = set(t["primary_key"])
            cols = ", ".join(f"{c['name']}{'*' if c['name'] in pk else ''} {c['type']}" for c in t["columns"])
            table.add_row(t["name"], t["kind"], _rows(t), cols)
        stdout.print(table)


@click.command()
@click.argument("source", nargs=-1)
@follow_symlinks_option
@exact_counts_option
@config_option(
    "pii-scan.toml: list its sources when no SOURCE is given (everything there, before include/exclude)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table per source on the terminal, or JSON (keys, foreign keys included).",
)
def sources(source: tuple[str, ...], config_path: str | None, fmt: str) -> None:
    """List the tables of each SOURCE with columns, types and row counts.

    SOURCE is a file, a directory (read recursively), a glob, a .sqlite/.db file or a database URL
    (postgresql://..., mysql://...). Estimated row counts are marked with ~; * marks primary keys.
    Without SOURCE, the sources of --config (or ./pii-scan.toml) are listed. Exit code 1 when a source
    could not be read (the others are still listed).
    """
    from pii_scan.sources import describe_sources  # connectors import pandas and SQLAlchemy

    _, configured = configured_sources(config_path, source)
    listings, failures = describe_sources([s.location for s in configured])
    for failure in failures:
        report_error(SourceError(failure.source, failure.message.removeprefix(f"{failure.source}: ")))
    if fmt == "json":
        payload = {
            "sources": listings,
            "failures": [{"source": f.source, "message": f.message, "error": f.error} for f in failures],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
    else:
        _print_tables(listings)
    if failures:
        sys.exit(1)
