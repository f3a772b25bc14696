"""`pii-scan init`: write a commented pii-scan.toml to fill in."""

from __future__ import annotations

import click

from pii_scan.commands.common import fail
from pii_scan.config import init_config
from pii_scan.console import stderr
from pii_scan.errors import PiiScanError


@click.command()
@click.option(
    "--out",
    default="pii-scan.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Where to write the configuration.",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
def init(out: str, force: bool) -> None:
    """Write a commented configuration (sources, controller, processing register, retention rules)
    that a privacy officer can fill in. Refuses to overwrite an existing file without --force."""
    try:
        path = init_config(out, force=force)
    except PiiScanError as err:
        fail(err, 2)
    stderr.print(f"wrote {path}: fill it in, then run: pii-scan inventory --config {path}")
