"""The ``pii-scan`` command line. Each command is a thin wrapper over one library call and lives in
``pii_scan/commands/<name>.py``.

Exit codes: 0 done, 1 partial (a source failed; the others were processed), 2 usage or configuration
error, 3 a ``--fail-on`` condition was met.
"""

from __future__ import annotations

import logging

import click

from pii_scan import __version__
from pii_scan.commands import COMMANDS
from pii_scan.console import NoteHandler, set_quiet

__all__ = ["main", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "EXIT_FAIL_ON"]

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FAIL_ON = 0, 1, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="pii-scan")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or notices on stderr.")
def main(quiet: bool) -> None:
    """Find personal data in files, spreadsheets and SQL databases, answer data-subject requests
    and keep the register of processing activities."""
    set_quiet(quiet)
    notes = logging.getLogger("pii_scan.notes")
    if not any(isinstance(h, NoteHandler) for h in notes.handlers):
        notes.addHandler(NoteHandler())


for _command in COMMANDS:
    main.add_command(_command)
