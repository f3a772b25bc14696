"""`pii-scan inventory`: one sweep of the configured sources, writing the register and its changes."""

from __future__ import annotations

import os
import sys

import click

from pii_scan.commands.common import (
    apply_limits,
    exact_counts_option,
    fail,
    follow_symlinks_option,
    report_error,
)
from pii_scan.config import DEFAULT_CONFIG_NAME, load_config
from pii_scan.console import stderr
from pii_scan.errors import ConfigError, PiiScanError


@click.command()
@click.option(
    "--config",
    "config_path",
    default=DEFAULT_CONFIG_NAME,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Configuration file (write one with 'pii-scan init').",
)
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), help="Output folder [default: [inventory] out]."
)
@follow_symlinks_option
@exact_counts_option
@click.option("--full", is_flag=True, help="Sample every table again, even the unchanged ones.")
@click.option(
    "--fail-on",
    "fail_on",
    multiple=True,
    type=click.Choice(["new-personal", "new-sensitive", "retention"]),
    help="Exit with code 3 when this happens (repeatable): for cron alerts.",
)
def inventory(config_path: str, out_dir: str | None, full: bool, fail_on: tuple[str, ...]) -> None:
    """Sweep every configured source: write the register of processing activities (inventory.json,
    .csv, .xlsx, .html) and report what changed since the previous sweep. Unchanged files and tables
    are not sampled again unless --full.

    Exit codes: 0 done, 1 a source failed (the others were swept), 2 configuration error,
    3 a --fail-on condition was met."""
    from pii_scan.inventory import run_inventory

    try:
        config = load_config(config_path)
        apply_limits(config)
        if not config.sources:
            raise ConfigError(f"{config_path}: no sources configured: add a [[sources]] table")
        result = run_inventory(config, out_dir=out_dir, full=full)
    except PiiScanError as err:
        fail(err, 2)
    doc = result.document
    for src in doc["sources"]:
        if src["error"]:
            report_error(PiiScanError(f"{src['name']}: {src['error']}"))
        for t in src["tables"]:
            if t["status"] == "failed":
                report_error(PiiScanError(f"{src['name']}: {t['error']}"))
    for r in doc["retention"]:
        if r["status"] == "failed":
            report_error(PiiScanError(f"retention rule {r['source']} › {r['table']}: {r['error']}"))
    s, sweep = doc["summary"], doc["sweep"]
    baseline = "" if sweep["previous_sweep"] else " (first sweep: baseline)"
    click.echo(
        f"{s['personal_fields']} personal fields ({s['sensitive_fields']} sensitive) in {s['tables']} "
        f"tables of {s['sources']} sources; {sweep['units_scanned']} sampled, "
        f"{sweep['units_reused']} unchanged; "
        f"{len(doc['changes'])} changes{baseline}; {s['retention_overdue_rows']} rows past retention limits"
    )
    for change in doc["changes"]:
        click.echo(f"  {change['message']}")
    stderr.print(f"register written to {os.path.dirname(result.paths['html'])}", highlight=False)
    met = result.triggered(fail_on)
    if met:
        report_error(PiiScanError(f"--fail-on met: {', '.join(met)}"))
        sys.exit(3)
    if result.partial:
        sys.exit(1)
