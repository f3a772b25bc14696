"""`pii-scan find`: every record of one person across the sources (GDPR art. 15), with linked records."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from pii_scan.commands.common import follow_symlinks_option, report_error, scheduler_option
from pii_scan.console import stdout
from pii_scan.errors import ConfigError, IdentifierError, PiiScanError, SourceError
from pii_scan.masking import mask_value

__all__ = ["find", "subject_options", "run_find", "report_unsearched"]

_ID_OPTIONS = [
    ("--email", "email", "Email address (case does not matter)."),
    ("--phone", "phone", "Phone number in any notation (Belgium is the default country)."),
    ("--national-number", "national_number", "Belgian national register / BIS number or Dutch BSN."),
    ("--iban", "iban", "IBAN (spaces and punctuation do not matter)."),
    ("--name", "name", 'Full name, "First Last" (either order; accents and particles do not matter).'),
    ("--birth-date", "birth_date", "Birth date (dd/mm/yyyy, yyyy-mm-dd, '14 mars 1987'); use with --name."),
    ("--id", "id", "A key in one table: TABLE.COLUMN=VALUE (e.g. customers.customer_id=42)."),
]


def subject_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The sources, --config and identifier options shared by `find` and `export`."""
    for flag, dest, text in reversed(_ID_OPTIONS):
        func = click.option(flag, dest, multiple=True, metavar="VALUE", help=text + " Repeatable.")(func)
    func = click.option(
        "--max-depth", type=click.IntRange(0, 10), default=3, show_default=True,
        help="How many links to follow from a matched row (customer -> invoice -> invoice line is 2).",
    )(func)  # fmt: skip
    func = click.option(
        "--expand", type=click.IntRange(0, 3), default=1, show_default=True,
        help="Rounds of searching again with the emails, phones, national numbers and IBANs found in "
        "the subject's certain records (never through an identifier another person also holds).",
    )(func)  # fmt: skip
    func = click.option(
        "--index-only", is_flag=True, default=False,
        help="Only lookups a database index can answer (exact notations of each identifier): "
        "milliseconds on large tables, but a value stored in an unusual notation or case is missed. "
        "The default also scans the identifier columns case- and notation-insensitively.",
    )(func)  # fmt: skip
    func = click.option(
        "--config", "config_path", type=click.Path(dir_okay=False), default=None,
        help="pii-scan.toml: sources, links between files, controller and register (for the report).",
    )(func)  # fmt: skip
    func = follow_symlinks_option(func)
    func = scheduler_option(func)
    func = click.argument("source", nargs=-1)(func)
    return func


def run_find(
    source: tuple[str, ...],
    config_path: str | None,
    max_depth: int,
    given: dict[str, tuple[str, ...]],
    *,
    expand: int = 1,
    classify: bool = False,
    index_only: bool = False,
    scheduler: str | None = None,
):
    """Load the config, parse the identifiers and search; usage problems exit with code 2."""
    from pii_scan.commands.common import apply_limits, fail
    from pii_scan.config import find_config, sources_from
    from pii_scan.subject import find_subject, parse_identifiers

    try:
        config = find_config(config_path)
        apply_limits(config)
        sources = sources_from(config, source)
        ids = parse_identifiers({k: v for k, v in given.items() if v})
    except PiiScanError as exc:
        fail(exc, 2)
    options: dict[str, Any] = {
        "max_depth": max_depth, "expand": expand, "classify": classify, "exhaustive": not index_only,
    }  # fmt: skip
    try:
        if scheduler:  # one task per source (or per group of linked sources), assembled here
            from pii_scan.commands.common import open_executor
            from pii_scan.units import find_subject_on

            with open_executor(scheduler, config) as executor:
                result = find_subject_on(executor, sources, ids, config, **options)
        else:
            result = find_subject(sources, ids, config, **options)
    except (IdentifierError, ConfigError) as exc:  # an --id or a configured link naming nothing
        fail(exc, 2)
    return config, result


@click.command()
@subject_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--unmasked", is_flag=True,
    help="Show the subject's values in full on the terminal (default: masked, like every console "
    "output; the export package always carries them in full).",
)  # fmt: skip
def find(
    source: tuple[str, ...],
    config_path: str | None,
    max_depth: int,
    expand: int,
    index_only: bool,
    fmt: str,
    unmasked: bool,
    scheduler: str | None,
    **given: tuple[str, ...],
) -> None:
    """Find every record of one person in each SOURCE (files, folders, database URLs), following
    the links from their records (a customer's invoices and invoice lines).

    Give one or more identifiers. Exact identifiers (email, phone, national number, IBAN, --id) are
    certain; a name alone or a mention in free text is a candidate that staff must confirm. Another
    person reached through a link (the employee who handled an invoice) is listed as third party by
    key only. The walk stops at shared rows (a store, a product) and counts the records a member of
    staff handled, by key, under "third_party"; the JSON explains each stop in "stopped_at". The
    table shows the subject's values masked unless --unmasked; the JSON names records by key and
    carries no values. Exit code 1 when a source could not be searched.
    """
    _, result = run_find(
        source, config_path, max_depth, given, expand=expand, index_only=index_only, scheduler=scheduler
    )
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print_result(result, unmasked=unmasked)
    report_unsearched(result)
    sys.exit(0 if result.complete else 1)


def report_unsearched(result: Any) -> None:
    """One ``error:`` line on stderr per source not searched (whatever stdout shows: the JSON and the
    table say it too, but an operator or a cron job must not have to read them)."""
    for st in result.sources:
        if st.status != "searched":
            error = st.error or st.status
            error = error.removeprefix(f"{st.source}: ")  # most errors name their source already
            report_error(SourceError(st.source, error))


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _shown(record: Any, column: str, unmasked: bool) -> str:
    """A value as the console may show it: masked unless the operator asked otherwise; only a key
    that holds nothing personal (``customer_id=42``) is shown as it is."""
    value = (record.data or {}).get(column)
    if value is None:
        return ""
    if unmasked or (record.shown_key is None and column in record.key):
        return str(value)
    return mask_value(value)


def print_result(result: Any, unmasked: bool = False) -> None:
    """Counts per source and table, then the subject's rows (masked unless ``unmasked``), third
    parties by key only."""
    ids = ", ".join(f"{i.kind} {i.masked}" for i in result.identifiers)
    stdout.print(f"[bold]Subject:[/bold] {escape(ids)}", markup=True)
    counts: Counter[tuple[str, str, str]] = Counter()
    confirm = 0
    for r in result.records:
        counts[(r.source, r.table, r.relation)] += 1
        confirm += r.confirm and r.relation != "third_party"
    summary = Table(title="Records per source and table")
    for col in ("source", "table", "match", "linked", "third party"):
        summary.add_column(col, justify="right" if col in ("match", "linked", "third party") else "left")
    tables = sorted({(s, t) for s, t, _ in counts})
    for s, t in tables:
        summary.add_row(s, t, *(str(counts[(s, t, rel)] or "") for rel in ("match", "linked", "third_party")))
    stdout.print(summary)
    for s, t in tables:
        rows = [r for r in result.records if r.source == s and r.table == t]
        subject_rows = [r for r in rows if r.relation != "third_party"]
        third = [r for r in rows if r.relation == "third_party"]
        if subject_rows:
            _print_rows(f"{s} : {t}", subject_rows, unmasked)
        if third:
            keys = "; ".join(", ".join(f"{k}={v}" for k, v in r.public_key.items()) for r in third)
            stdout.print(f"{s} : {t}: third party (another person's record, not the subject's): {keys}")
    for t in result.third_party:  # records the subject handled as staff: other people's, keys only
        keys = "; ".join(", ".join(f"{k}={v}" for k, v in key.items()) for key in t["keys"][:10])
        more = f" and {t['count'] - 10} more" if t["count"] > 10 else ""
        what = f"{t['count']} record(s) the subject handled, other people's (not exported)"
        stdout.print(escape(f"{t['source']} : {t['table']}: {what}: {keys}{more}"))
    for stop in result.stopped_at:
        stdout.print(escape(f"not followed: {stop['table']} ({stop['via']}): {stop['reason']}"))
    if confirm:
        stdout.print(
            f"[yellow]{confirm} candidate record(s) (name only or a mention in free text) must be confirmed "
            "by staff before they are given to the subject.[/yellow]",
            markup=True,
        )
    for note in result.notes:
        stdout.print(f"[yellow]note:[/yellow] {escape(note)}", markup=True)
    for st in result.sources:
        if st.status != "searched":
            stdout.print(f"[red]not searched:[/red] {escape(f'{st.source}: {st.error}')}", markup=True)
    if not result.complete:
        stdout.print("[red]INCOMPLETE: some sources could not be searched.[/red]", markup=True)


WIDE = 6  # more columns than this: one field/value card per record, readable on an 80-column terminal


def _print_rows(title: str, rows: list[Any], unmasked: bool) -> None:
    columns = list(dict.fromkeys(c for r in rows for c in (r.data or {})))
    described = []
    for r in rows:
        how = ", ".join(r.matched_on) or ("context: " if r.context else "") + _hop(r)
        rel = r.relation + (" CONFIRM" if r.confirm else "") + (" (inferred)" if r.inferred else "")
        described.append((rel, how, r))
    if len(columns) <= WIDE:
        tbl = Table(title=title, title_justify="left")
        for col in ("relation", "found by", *columns):
            tbl.add_column(col)
        for rel, how, r in described:
            tbl.add_row(rel, how, *(_cell(_shown(r, c, unmasked)) for c in columns))
        stdout.print(tbl)
        return
    for rel, how, r in described:
        card = Table(title=f"{title} · {rel} · {how}", title_justify="left", show_header=False)
        card.add_column("field", style="bold")
        card.add_column("value", overflow="fold")
        for c in columns:
            card.add_row(c, _shown(r, c, unmasked))
        stdout.print(card)


def _hop(r: Any) -> str:
    return f"via {r.via[-1]['table']}" if r.via else ""
