"""`pii-scan export`: the subject's data package (GDPR art. 15/20) as one zip."""

from __future__ import annotations

import os
import sys

import click

from pii_scan.commands.find import report_unsearched, run_find, subject_options
from pii_scan.console import stderr, stdout
from pii_scan.errors import PiiScanError

__all__ = ["export", "PASSPHRASE_ENV"]

PASSPHRASE_ENV = "PII_SCAN_EXPORT_PASSPHRASE"


def _passphrase() -> str:
    """From the environment or a hidden, confirmed prompt; never from the command line."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    value = click.prompt("Passphrase for the package", hide_input=True, confirmation_prompt=True, err=True)
    if len(value) < 8:
        raise click.UsageError("the passphrase needs at least 8 characters")
    return str(value)


@click.command()
@subject_options
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The zip to write.")
@click.option("--lang", type=click.Choice(["nl", "fr", "en"]), default="en", show_default=True,
              help="The subject's language: report.html, and the CSV convention (nl, fr: ';' and decimal "
              "commas, as Belgian Excel opens them; en: ',').")  # fmt: skip
@click.option("--encrypt", is_flag=True,
              help=f"AES-protect the zip; passphrase from ${PASSPHRASE_ENV} or a hidden prompt.")  # fmt: skip
@click.option("--only-certain", is_flag=True,
              help="Leave out candidates (name only, free-text mentions) staff did not confirm.")  # fmt: skip
def export(
    source: tuple[str, ...],
    config_path: str | None,
    max_depth: int,
    expand: int,
    index_only: bool,
    out: str,
    lang: str,
    encrypt: bool,
    only_certain: bool,
    scheduler: str | None,
    **given: tuple[str, ...],
) -> None:
    """Find one person in each SOURCE (same identifiers as `find`) and write their package: data.json
    (with its JSON Schema), csv/<source name>/<table>.csv, manifest.json (sources searched, counts,
    SHA-256 of every file) and report.html with the article 15 information from the config, in the
    subject's language. Candidates are marked "to be confirmed" in the report; --only-certain leaves
    them out.

    Third parties' records never enter the package. Exit code 1 when a source could not be searched:
    the package then says it is incomplete.
    """
    from pii_scan.commands.common import fail, refuse_output_over_sources
    from pii_scan.config import sources_from
    from pii_scan.export import write_package

    passphrase = _passphrase() if encrypt else None
    # field categories from discovery on the tables holding their records (a free-text note's health data)
    config, result = run_find(
        source, config_path, max_depth, given, expand=expand, classify=True, index_only=index_only,
        scheduler=scheduler,
    )  # fmt: skip
    locations = sources_from(config, source)  # names each system as the config (or CLI) does
    refuse_output_over_sources(out, locations)
    try:
        written = write_package(
            result, out, config, lang=lang, passphrase=passphrase, only_certain=only_certain,
            locations=locations,
        )  # fmt: skip
    except PiiScanError as exc:
        fail(exc, 2)
    stdout.print(
        f"wrote {written.path}: {written.records} record(s) in {len(written.files)} file(s)"
        + (", AES-encrypted" if written.encrypted else "")
    )
    if written.to_confirm:
        stderr.print(
            f"[yellow]{written.to_confirm} record(s) are candidates (name only or a mention in free text): "
            "confirm them before sending, or export with --only-certain.[/yellow]",
            markup=True,
        )
    if not written.complete:
        report_unsearched(result)
        stderr.print("[red]INCOMPLETE package: the manifest and the report say so.[/red]", markup=True)
        sys.exit(1)
