"""Helpers shared by the commands: error reporting and exit codes."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.markup import escape

from pii_scan.console import stderr
from pii_scan.errors import PiiScanError
from pii_scan.escape import printable

if TYPE_CHECKING:
    from pii_scan.config import Config, SourceConfig

__all__ = [
    "report_error",
    "fail",
    "config_option",
    "configured_sources",
    "exact_counts_option",
    "follow_symlinks_option",
    "apply_limits",
    "scheduler_option",
    "open_executor",
    "refuse_output_over_sources",
]


def report_error(err: BaseException) -> None:
    """One line on stderr, no traceback. Messages of PiiScanError are already masked."""
    text = str(err) if isinstance(err, PiiScanError) else f"{type(err).__name__}: {err}"
    text = printable(text.strip())  # a newline in a file name is shown as \n: always one line
    stderr.print(f"[red]error:[/red] {escape(text)}", markup=True, highlight=False)  # text is not markup


def fail(err: BaseException, code: int = 2) -> NoReturn:
    report_error(err)
    sys.exit(code)


def config_option(help: str) -> Any:
    """The ``--config`` option every command takes (falls back to $PII_SCAN_CONFIG, ./pii-scan.toml)."""
    return click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help=help)


def configured_sources(
    config_path: str | None, cli_sources: tuple[str, ...]
) -> tuple[Config | None, list[SourceConfig]]:
    """The configuration and the sources a command works on; a configuration error exits with 2."""
    from pii_scan.config import find_config, sources_from

    try:
        config = find_config(config_path)
        apply_limits(config)
        return config, sources_from(config, cli_sources)
    except PiiScanError as err:
        fail(err)


def apply_limits(config: Config | None) -> None:
    """The configuration's ``[limits]`` (else the defaults) for every connector this command makes."""
    from pii_scan.limits import LIMITS, Limits

    LIMITS.set(config.limits if config is not None else Limits())


def _flag_into(variable: str) -> Any:
    """A click callback that sets the context variable ``variable`` of pii_scan.connectors.walk
    (read where the connectors open sources; imported only when the command runs)."""

    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
        from pii_scan.connectors import walk

        getattr(walk, variable).set(value)
        return value

    return callback


def follow_symlinks_option(func: Any) -> Any:
    """``--follow-symlinks`` of the commands that take SOURCEs (read by ``open_source``)."""
    return click.option(
        "--follow-symlinks",
        is_flag=True,
        expose_value=False,
        callback=_flag_into("FOLLOW_SYMLINKS"),
        help="Follow symbolic links inside scanned directories (loops are detected and skipped). "
        "Default: symlinks are skipped with a note.",
    )(func)


def _check_scheduler(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from pii_scan.executors import check_spec

    if value is None:
        return None
    try:
        return check_spec(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def scheduler_option(func: Any) -> Any:
    """``--scheduler``: where the units run (``pii_scan.executors``); Dask is an optional extra."""
    return click.option(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        callback=_check_scheduler,
        help="Run the units on a Dask cluster: tcp://HOST:8786 (a running scheduler; TLS settings from "
        "[inventory] of the configuration) or local:N (N worker processes on this machine). "
        'Needs pip install "pii-scan[dask]".',
    )(func)


def open_executor(scheduler: str | None, config: Config | None) -> Any:
    """The executor of ``--scheduler`` (in process without it); a cluster error exits with 2."""
    from pii_scan.executors import make_executor

    try:
        return make_executor(scheduler, 1, config.tls if config else None)
    except PiiScanError as err:
        fail(err)


def exact_counts_option(func: Any) -> Any:
    """``--exact-counts``: SQL row counts by count(*) (read by the SQL connector)."""
    return click.option(
        "--exact-counts",
        is_flag=True,
        expose_value=False,
        callback=_flag_into("EXACT_COUNTS"),
        help="Count the rows of every SQL table exactly. Default: large tables take the database's "
        "catalog estimate (PostgreSQL reltuples, MariaDB TABLE_ROWS, SQLite max(rowid)), marked "
        "row_count_exact: false.",
    )(func)


def refuse_output_over_sources(out: str | None, sources: list[SourceConfig]) -> None:
    """Exit 2 when ``out`` would overwrite a source: a source file itself, or a readable file inside a
    source folder (sources are read-only, outputs too can be one)."""
    from pii_scan.connectors.registry import EXTENSIONS
    from pii_scan.errors import OutputError

    if not out or not os.path.isfile(out):
        return
    target = os.path.realpath(out)
    for src in sources:
        loc = src.location
        if not os.path.exists(loc):
            continue  # a URL or a glob
        folder = os.path.realpath(loc)
        if target == folder or (
            os.path.isdir(folder)
            and target.startswith(folder + os.sep)
            and os.path.splitext(target)[1].lower() in EXTENSIONS
        ):
            fail(OutputError(f"{out}: refused: it would overwrite a file of the source {src.name}"))
