"""Helpers shared by the commands: error reporting and exit codes."""

from __future__ import annotations

import sys

from rich.markup import escape

from pii_scan.console import stderr
from pii_scan.errors import PiiScanError

__all__ = ["report_error", "fail"]


def report_error(err: BaseException) -> None:
    """One line on stderr, no traceback. Messages of PiiScanError are already masked."""
    text = str(err) if isinstance(err, PiiScanError) else f"{type(err).__name__}: {err}"
    stderr.print(f"[red]error:[/red] {escape(text)}", markup=True, highlight=False)  # text is not markup


def fail(err: BaseException, code: int = 2) -> None:
    report_error(err)
    sys.exit(code)
