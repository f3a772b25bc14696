"""`pii-scan serve` (the staff workplace) and `pii-scan user` (its accounts)."""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
from typing import Any

import click

from pii_scan.commands.common import config_option, fail
from pii_scan.console import set_quiet, stderr
from pii_scan.errors import ConfigError, PiiScanError

__all__ = ["serve", "user", "PASSWORD_ENV"]

PASSWORD_ENV = "PII_SCAN_PASSWORD"
_CONFIG_HELP = "pii-scan.toml: the sources, [inventory] state_dir (users, requests) and [server]."


def _config(config_path: str | None) -> Any:
    from pii_scan.config import find_config

    try:
        config = find_config(config_path)
    except PiiScanError as exc:
        fail(exc, 2)
    if config is None:
        fail(ConfigError("no configuration: give --config, set $PII_SCAN_CONFIG or run 'pii-scan init'"), 2)
    return config


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _need_web() -> None:
    try:
        import fastapi  # noqa: F401
        import multipart  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        fail(PiiScanError("the workplace needs the web extra: pip install 'pii-scan[web]'"), 2)


@click.command()
@config_option(_CONFIG_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--insecure-bind", is_flag=True,
    help="Listen on a non-loopback address without TLS (passwords and personal data then cross the "
    "network in clear). Without it, such an address needs [server] tls_cert and tls_key.",
)  # fmt: skip
def serve(config_path: str | None, host: str, port: int, insecure_bind: bool) -> None:
    """The staff workplace: a web application for subject requests (staff and officer) and the
    register (officer), on http://127.0.0.1:8765 by default. Add accounts with 'pii-scan user add'."""
    _need_web()
    config = _config(config_path)
    cert, key = config.server.get("tls_cert"), config.server.get("tls_key")
    if not _loopback(host) and not cert:
        if not insecure_bind:
            fail(ConfigError(f"{host} is not a loopback address: set [server] tls_cert and tls_key in "
                             f"{config.path}, or pass --insecure-bind"), 2)  # fmt: skip
        stderr.print(f"warning: listening on {host} WITHOUT TLS: anyone on the network can read "
                     "passwords and personal data", style="bold red")  # fmt: skip
    import uvicorn

    from pii_scan.server.app import create_app

    log = logging.getLogger("pii_scan.server")  # and its child pii_scan.server.access
    if not any(getattr(h, "pii_scan_serve", False) for h in log.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        handler.pii_scan_serve = True  # type: ignore[attr-defined]
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        app = create_app(config, tls=bool(cert))
    except PiiScanError as exc:
        fail(exc, 2)
    set_quiet(True)  # background searches and sweeps draw no progress bars on the server's terminal
    scheme = "https" if cert else "http"
    stderr.print(f"pii-scan workplace on {scheme}://{host}:{port}/ (Ctrl+C stops)", highlight=False)
    # uvicorn's access log would print query strings; ours prints method, path and status only
    uvicorn.run(app, host=host, port=port, ssl_certfile=cert, ssl_keyfile=key, access_log=False,
                log_level="warning", server_header=False)  # fmt: skip


@click.group()
@config_option(_CONFIG_HELP + " Also accepted after the subcommand.")
@click.pass_context
def user(ctx: click.Context, config_path: str | None) -> None:
    """Accounts of the workplace: officer (everything) or staff (their own requests)."""
    ctx.obj = config_path


def _group_config() -> str | None:
    parent = click.get_current_context().parent
    return parent.obj if parent is not None and isinstance(parent.obj, str) else None


def _store(config_path: str | None) -> Any:
    from pii_scan.server.store import Store

    config = _config(config_path or _group_config())
    return Store(config.state_dir)


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["officer", "staff"]), required=True)
@config_option(_CONFIG_HELP)
def user_add(name: str, role: str, config_path: str | None) -> None:
    """Add (or reset) the account NAME; the password comes from $PII_SCAN_PASSWORD or a hidden prompt."""
    from pii_scan.server.store import AuthError

    password = os.environ.get(PASSWORD_ENV) or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True, err=True
    )
    store = _store(config_path)
    try:
        store.add_user(name, role, str(password))
        store.audit("cli", "added user", detail=f"{name} ({role})")
    except AuthError as exc:
        fail(exc, 2)
    click.echo(f"user {name} ({role}) saved in {store.path}", err=True)


@user.command("token")
@click.argument("name")
@config_option(_CONFIG_HELP)
def user_token(name: str, config_path: str | None) -> None:
    """Print a new API token for NAME (shown once; only its hash is kept)."""
    from pii_scan.server.store import AuthError

    store = _store(config_path)
    try:
        token = store.new_token(name)
        store.audit("cli", "created API token", detail=name)
    except AuthError as exc:
        fail(exc, 2)
    click.echo(token)
