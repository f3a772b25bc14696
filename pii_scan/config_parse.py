"""Parsing and validation helpers for ``pii-scan.toml``, used by ``pii_scan.config``.

These work on plain values only (TOML tables as dicts, texts, numbers): the dataclasses live in
``pii_scan.config``, which imports this module and never the other way round, so there is no import
cycle. ``TableReader`` checks keys and types, expands ``${NAME}`` environment variables, refuses
passwords written in database URLs and resolves paths against the configuration file's folder; every
problem becomes a ``ConfigError`` naming the file and line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pii_scan.config_lines import KeyLines
from pii_scan.errors import ConfigError

__all__ = [
    "TableReader",
    "parse_age",
    "split_link",
    "table_column",
    "REGISTER_CATEGORIES",
    "CONTROLLER_KEYS",
    "REGISTER_LIST_KEYS",
    "REGISTER_TEXT_KEYS",
    "REGISTER_KEYS",
    "ROOT_KEYS",
    "INVENTORY_KEYS",
    "THRESHOLD_KEYS",
    "SOURCE_KEYS",
    "LINK_KEYS",
    "RETENTION_KEYS",
    "SERVER_KEYS",
    "SOURCE_NAME",
]

REGISTER_CATEGORIES = ("identification", "contact", "family", "connection", "financial", "sensitive")

# Known keys per table; anything else is a typo we report rather than ignore.
CONTROLLER_KEYS = (
    "name", "legal_form", "enterprise_number", "address", "email", "phone", "website",
    "dpo", "dpo_name", "dpo_email", "dpo_phone", "dpo_address",
    "supervisory_authority", "supervisory_authority_address", "supervisory_authority_website",
    "supervisory_authority_email", "supervisory_authority_phone",
)  # fmt: skip
# purposes/recipients/data_subjects are lists, the others text (art. 30(1) items; safeguards for
# transfers and automated decision-making are what art. 15(1)(h) and 15(2) tell the data subject).
REGISTER_LIST_KEYS = ("purposes", "recipients", "data_subjects")
REGISTER_TEXT_KEYS = (
    "legal_basis", "retention", "origin", "transfers", "security", "safeguards", "automated_decisions",
)  # fmt: skip
REGISTER_KEYS = REGISTER_LIST_KEYS + REGISTER_TEXT_KEYS
ROOT_KEYS = (
    "language", "inventory", "thresholds", "limits", "controller", "sources", "register", "links",
    "retention", "labels", "subject", "server",
)  # fmt: skip
SUBJECT_KEYS = ("shared_tables", "owned_tables", "search_views")  # the subject-access walk
INVENTORY_KEYS = (
    "state_dir", "out", "key_file", "workers", "scheduler", "tls_ca_file", "tls_cert", "tls_key",
    "part_rows",
)  # fmt: skip
THRESHOLD_KEYS = ("sample",)
SOURCE_KEYS = ("name", "location", "include", "exclude")
LINK_KEYS = ("link", "from", "to", "from_source", "to_source")
RETENTION_KEYS = ("source", "table", "column", "max_age", "note")
# `pii-scan serve`: TLS files, days to answer a request (GDPR: one month), where packages go
SERVER_KEYS = ("tls_cert", "tls_key", "due_days", "packages", "staff_see_all")

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

_UNITS = {  # unit word -> (kind, days per unit); Dutch and French words too
    **dict.fromkeys(("d", "day", "days", "dag", "dagen", "j", "jour", "jours"), ("d", 1)),
    **dict.fromkeys(("w", "week", "weeks", "weken", "semaine", "semaines"), ("w", 7)),
    **dict.fromkeys(("m", "month", "months", "maand", "maanden", "mois"), ("m", 30.4375)),
    **dict.fromkeys(("y", "year", "years", "jaar", "jaren", "an", "ans"), ("y", 365.25)),
}
_AGE = re.compile(r"^\s*(\d+)\s*([a-z]+)\s*$", re.IGNORECASE)


def parse_age(text: str | int) -> tuple[int, str]:
    """``"10y"`` -> ``(3652, "10y")``; also ``"3650d"``, ``"18 months"``, ``"10 jaar"``, ``"10 ans"``.

    Returns approximate days (years of 365.25 days) and a normalised text (``"10y"``, ``"18m"``,
    ``"3650d"``); the exact cut-off of years and months is counted on the calendar from that text
    (``pii_scan.inventory.retention.cutoff_date``).
    """
    if isinstance(text, bool) or not isinstance(text, (int, str)):
        raise ValueError("a maximum age is a text like '10y' or '3650d'")
    if isinstance(text, int):
        n, unit = text, "d"
    else:
        m = _AGE.match(text)
        if not m or m.group(2).lower() not in _UNITS:
            raise ValueError(f"cannot read the age {text!r}: write e.g. '10y', '18m' or '3650d'")
        n, unit = int(m.group(1)), m.group(2).lower()
    if n <= 0:
        raise ValueError("a maximum age must be positive")
    kind, per = _UNITS[unit]
    if kind == "w":
        return n * 7, f"{n * 7}d"
    return round(n * per), f"{n}{kind}"


def split_link(text: str) -> tuple[str, str, str, str]:
    """``"orders.csv:customer_id -> customers.csv:id"`` -> ``(from_table, from_column, to_table, to_column)``.

    Column names may contain dots. Raises ValueError on anything else.
    """
    if "->" not in text:
        raise ValueError(f"a link reads 'table:column -> table:column', not {text!r}")
    left, right = (p.strip() for p in text.split("->", 1))
    a, b = table_column(left), table_column(right)
    return a[0], a[1], b[0], b[1]


def table_column(text: str) -> tuple[str, str]:
    """``"orders.csv:customer_id"`` -> ``("orders.csv", "customer_id")``; the last ':' splits."""
    table, sep, column = text.rpartition(":")
    if not sep or not table.strip() or not column.strip():
        raise ValueError(f"{text!r} is not 'table:column'")
    return table.strip(), column.strip()


class TableReader:
    """Typed access to the tables of one configuration file, with errors that name its line."""

    def __init__(self, label: str, raw: str, base: Path) -> None:
        self.label = label
        self.raw = raw
        self.base = base
        self.lines = KeyLines(raw)

    # errors --------------------------------------------------------------------------------------
    def error(self, path: tuple[str | int, ...], message: str, value: str | None = None) -> ConfigError:
        line = self.lines.line_of(path, value)
        where = f"{self.label}:{line}" if line else self.label
        return ConfigError(f"{where}: {message}")

    def check_keys(self, table: Any, path: tuple[str | int, ...], allowed: Sequence[str], what: str) -> dict:
        if not isinstance(table, dict):
            raise self.error(path, f"{what} must be a table, not {_type_name(table)}")
        for key in table:
            if key not in allowed:
                hint = _closest(key, allowed)
                raise self.error(
                    (*path, key),
                    f"unknown key {key!r} in {what}" + (f" (did you mean {hint!r}?)" if hint else ""),
                )
        return table

    # values --------------------------------------------------------------------------------------
    def text(self, table: dict, path: tuple[str | int, ...], key: str, required: bool = False) -> str | None:
        if key not in table:
            if required:
                raise self.error(path, f"missing key {key!r}")
            return None
        value = table[key]
        if not isinstance(value, str):
            raise self.error((*path, key), f"{key!r} must be a text in quotes, not {_type_name(value)}")
        return self.expand(value, (*path, key))

    def texts(self, table: dict, path: tuple[str | int, ...], key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error((*path, key), f'{key!r} must be a list of texts, e.g. ["a", "b"]')
        return tuple(self.expand(v, (*path, key)) for v in value)

    def expand(self, value: str, path: tuple[str | int, ...]) -> str:
        def repl(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in os.environ:
                raise self.error(path, f"environment variable {name} is not set", value=m.group(0))
            return os.environ[name]

        return _ENV_REF.sub(repl, value)

    def resolve(self, value: str) -> str:
        p = Path(os.path.expanduser(value))
        return str(p if p.is_absolute() else self.base / p)

    def check_url(self, raw: str, path: tuple[str | int, ...]) -> str:
        from urllib.parse import quote

        from sqlalchemy.engine import make_url

        # The password must come from the environment: ${VAR} only, never written in the file.
        m = re.match(r"^([^:/]+://)([^@/]*)@(.*)$", raw)
        if m:
            user, sep, password = m.group(2).partition(":")
            if password and not re.fullmatch(r"(\$\{[A-Za-z_][A-Za-z0-9_]*\})+", password):
                raise self.error(
                    path,
                    "a password is written in the URL: put it in an environment variable, "
                    "e.g. postgresql://user:${CRM_DB_PASSWORD}@host/db",
                )
            # Quote the expanded user and password so '@', ':' or '/' in a secret keep the URL valid.
            userinfo = (
                quote(self.expand(user, path), safe="") + sep + quote(self.expand(password, path), safe="")
            )
            expanded = m.group(1) + userinfo + "@" + self.expand(m.group(3), path)
        else:
            expanded = self.expand(raw, path)
        try:
            url = make_url(expanded)
        except Exception:  # noqa: BLE001 - sqlalchemy raises ArgumentError/ValueError alike
            raise self.error(
                path, "not a valid database URL (e.g. postgresql+psycopg://user@host/db)"
            ) from None
        # A relative SQLite file in a URL is relative to the config file, like every other path.
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            db = url.database
            if not db.startswith("file:") and not os.path.isabs(db):
                return url.set(database=self.resolve(db)).render_as_string(hide_password=False)
        return expanded


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "a text", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)  # fmt: skip


def _closest(key: str, allowed: Sequence[str]) -> str | None:
    import difflib

    hits = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return hits[0] if hits else None
