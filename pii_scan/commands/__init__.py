"""CLI commands, one module each. ``COMMANDS`` is the explicit list the group registers."""

from __future__ import annotations

import click

from pii_scan.commands.eval import eval_command
from pii_scan.commands.export import export
from pii_scan.commands.find import find
from pii_scan.commands.init import init
from pii_scan.commands.inventory import inventory
from pii_scan.commands.scan import scan_command
from pii_scan.commands.serve import serve, user
from pii_scan.commands.sources import sources

COMMANDS: list[click.Command] = [
    sources, init, find, export, inventory, scan_command, eval_command, serve, user
]  # fmt: skip
