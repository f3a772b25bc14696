"""The ``pii-scan`` command line. Each command is a thin wrapper over one library call and lives in
``pii_scan/commands/<name>.py``.

Exit codes: 0 done, 1 partial (a source failed; the others were processed), 2 usage or configuration
error, 3 a ``--fail-on`` condition was met.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Any

import click

from pii_scan import __version__
from pii_scan.commands import COMMANDS
from pii_scan.console import NoteHandler, set_quiet
from pii_scan.errors import PiiScanError

__all__ = ["main", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "EXIT_FAIL_ON"]

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FAIL_ON = 0, 1, 2, 3


class OneLineGroup(click.Group):
    """Usage errors as one ``error:`` line (exit 2) instead of click's three-line usage text; names
    with control characters are escaped. ``--help`` still shows the full usage."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        from pii_scan.commands.common import report_error

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            hint = ""
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                hint = f" (see '{exc.ctx.command_path} --help')"
            report_error(OneLineError(exc.format_message() + hint))
            sys.exit(exc.exit_code)
        except click.Abort:
            report_error(OneLineError("aborted"))
            sys.exit(EXIT_PARTIAL)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


class OneLineError(PiiScanError):
    """A click error re-worded as pii-scan's one-line error."""


@click.group(
    cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
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
