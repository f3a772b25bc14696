"""The ``pii-scan`` command line. Each command is a thin wrapper over one library call and lives in
``pii_scan/commands/<name>.py``.

Exit codes: 0 done, 1 partial (a source failed; the others were processed), 2 usage or configuration
error, 3 a ``--fail-on`` condition was met; 130 interrupted (SIGINT), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

import click

from pii_scan import __version__
from pii_scan.commands import COMMANDS
from pii_scan.console import NoteHandler, set_quiet
from pii_scan.errors import PiiScanError

__all__ = ["main", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "EXIT_FAIL_ON", "EXIT_SIGINT", "EXIT_SIGTERM"]

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FAIL_ON = 0, 1, 2, 3
EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM  # the shell's convention: 130, 143


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

        previous = _terminate_as_interrupt()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except Terminated:  # raised outside click's own handling (while it parses, or after)
            report_error(OneLineError("terminated (SIGTERM)"))
            sys.exit(EXIT_SIGTERM)
        except KeyboardInterrupt:
            report_error(OneLineError("interrupted"))
            sys.exit(EXIT_SIGINT)
        except click.ClickException as exc:
            hint = ""
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                hint = f" (see '{exc.ctx.command_path} --help')"
            report_error(OneLineError(exc.format_message() + hint))
            sys.exit(exc.exit_code)
        except click.Abort as exc:
            # click turns Ctrl-C (and our SIGTERM) into Abort; the atomic writers have removed their
            # temporary files on the way up, so nothing half-written is left
            if isinstance(exc.__cause__, Terminated):
                report_error(OneLineError("terminated (SIGTERM)"))
                sys.exit(EXIT_SIGTERM)
            if isinstance(exc.__cause__, KeyboardInterrupt):
                report_error(OneLineError("interrupted"))
                sys.exit(EXIT_SIGINT)
            report_error(OneLineError("aborted"))
            sys.exit(EXIT_PARTIAL)
        finally:
            if previous is not None:  # in-process callers (tests, CliRunner) get theirs back
                signal.signal(signal.SIGTERM, previous)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the process is, so ``finally`` blocks and the atomic writers clean up."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def _terminate_as_interrupt() -> Any:
    """Install the SIGTERM handler (main thread only); returns the previous one."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_sigterm)


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
