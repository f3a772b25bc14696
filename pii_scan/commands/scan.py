"""``pii-scan scan``: classify every field and document of the given sources (thin wrapper over
``pii_scan.discovery.scan``)."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pii_scan.atomic import write_text_atomic
from pii_scan.commands.common import (
    config_option,
    configured_sources,
    exact_counts_option,
    fail,
    follow_symlinks_option,
    open_executor,
    refuse_output_over_sources,
    report_error,
    scheduler_option,
)
from pii_scan.console import stdout
from pii_scan.errors import OutputError, SourceError

if TYPE_CHECKING:  # discovery imports pandas: only when a scan runs (fast --help)
    from pii_scan.discovery import ScanReport
    from pii_scan.results import FieldResult

__all__ = ["scan_command", "render_json", "render_csv"]

COLOURS = {
    "sensitive": "bold red",
    "financial": "magenta",
    "identification": "yellow",
    "family": "cyan",
    "connection": "blue",
    "contact": "green",
    "none": "dim",
}
ORDER = ("sensitive", "financial", "identification", "family", "connection", "contact", "none")
CSV_COLUMNS = (
    "source table column category categories entities confidence subject kind language rows_sampled "
    "header_rule samples"
).split()


def render_json(fields: Sequence[FieldResult]) -> str:
    return json.dumps([f.to_dict() for f in fields], indent=2, ensure_ascii=False) + "\n"


def render_csv(fields: Sequence[FieldResult]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for f in fields:
        lang = (f.language or {}).get("detected", "")
        ents = ";".join(f"{e.type}:{e.score:.2f}" for e in f.entities)
        row: list[object] = [f.source, f.table, f.column or "", f.category, ";".join(f.categories), ents]
        row += [f"{f.confidence:.2f}", f.subject, f.kind, lang, f.rows_sampled]
        row += [f.evidence.header_rule or "", " | ".join(f.evidence.samples)]
        w.writerow(row)
    return buf.getvalue()


_CONCEPT = re.compile(r"~ (\w+) \((\w+):")


def _why(f: FieldResult) -> str:
    """Short evidence for the table: the concept the name matched and the strongest recognizers."""
    parts = []
    m = _CONCEPT.search(f.evidence.header_rule or "")
    if m:
        parts.append(f"name: {m.group(1)} ({m.group(2)})")
    ents = [f"{e.type} {e.score:.0%}" for e in f.entities[:2] if e.category != "none"]
    if ents:
        parts.append(", ".join(ents))
    return "; ".join(parts)


def _print_table(report: ScanReport, console: Console = stdout) -> None:
    groups: dict[tuple[str, str], list[FieldResult]] = {}
    for f in report.fields:
        groups.setdefault((f.source, f.table), []).append(f)
    current = None
    for (source, table), fields in groups.items():
        if source != current:
            console.print(f"\n[bold]{escape(source)}[/bold]", markup=True)
            current = source
        personal = sum(f.is_personal for f in fields)
        t = Table(
            title=f"{table}  ({personal} of {len(fields)} personal)", title_justify="left", expand=False
        )
        for name in ("field", "category", "also", "conf.", "whose", "evidence"):
            t.add_column(
                name, justify="right" if name == "conf." else "left", no_wrap=name in ("field", "conf.")
            )
        for f in sorted(fields, key=lambda f: (ORDER.index(f.category), -f.confidence)):
            colour = COLOURS.get(f.category, "")
            also = ", ".join(c for c in f.categories if c != f.category)
            why = _why(f)
            if f.kind != "value":
                why = f"[{f.kind}{', ' + f.language['detected'] if f.language else ''}] {why}"
            field_name = f.column if f.column is not None else "(document)"
            t.add_row(
                field_name,
                Text(f.category, style=colour),
                also,
                f"{f.confidence:.2f}",
                f.subject,
                why,
                style=None,
            )
        console.print(t)
    if report.engines:
        used = sorted({lang for f in report.fields if f.language for lang in f.language.get("engine", {})})
        console.print(
            "\nLanguage engines: " + "; ".join(f"{lg}: {report.engines[lg]}" for lg in used or report.engines)
        )


@click.command("scan")
@click.argument("source", nargs=-1)
@follow_symlinks_option
@exact_counts_option
@config_option(
    "pii-scan.toml: scan its sources (with their include/exclude) when no SOURCE is given, "
    "and take its sample size."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
    help="table for people; json (one array of field objects, the public interface) or csv for tools.",
)  # fmt: skip
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    default=None,
    help="Rows sampled per table [default: the configuration's, else 1000].",
)
@click.option(
    "--lang", type=click.Choice(["auto", "nl", "fr", "en"]), default="auto", show_default=True,
    help="Language of free text; auto detects it per value and per document paragraph.",
)  # fmt: skip
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write the result to FILE (atomically) instead of stdout."
)
@scheduler_option
def scan_command(
    source: tuple[str, ...],
    config_path: str | None,
    fmt: str,
    sample: int | None,
    lang: str,
    out: str | None,
    scheduler: str | None,
) -> None:
    """Classify every column, sheet column and text document of each SOURCE into identification,
    contact, family, connection, financial, sensitive or none, with confidence and evidence.

    SOURCE is a file, a directory (read recursively), a glob, a .sqlite/.db file or a database URL;
    without SOURCE, the sources of --config (or ./pii-scan.toml) are scanned.
    Only a sample of each table is read (--sample rows), so large tables cost no more than small ones.
    Exit code 1 when a source or table could not be read (the others are still scanned); 2 for a
    usage or configuration error, or a --scheduler that cannot be reached.
    """
    from pii_scan.console import print_workers
    from pii_scan.discovery import ScanOptions, scan

    config, sources = configured_sources(config_path, source)
    refuse_output_over_sources(out, sources)
    sample = sample or (config.sample if config else 1000)
    if scheduler:
        with open_executor(scheduler, config) as executor:
            report = scan(sources, ScanOptions(sample=sample, lang=lang), executor)
        print_workers(executor.summary())
    else:
        report = scan(sources, ScanOptions(sample=sample, lang=lang))
    for failure in report.failures:
        where = f"{failure.source} [{failure.table}]" if failure.table else failure.source
        report_error(SourceError(where, failure.message))
    if fmt == "table" and out is None:
        _print_table(report)
    else:
        if fmt == "table":  # plain text, no colours, for a file
            buf = io.StringIO()
            _print_table(
                report, Console(file=buf, width=160, color_system=None, highlight=False, markup=False)
            )
            text = buf.getvalue()
        else:
            text = render_csv(report.fields) if fmt == "csv" else render_json(report.fields)
        if out:
            try:
                write_text_atomic(out, text)
            except OutputError as err:
                fail(err)
            except OSError as err:
                fail(OutputError(f"{out}: cannot write ({err.strerror})"))
        else:
            click.echo(text, nl=False)
    if report.failures:
        sys.exit(1)
