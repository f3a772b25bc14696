"""The ``pii-scan.toml`` configuration: sources, controller, processing register, links, retention.

``load_config(path)`` reads and validates the whole file. Every problem is a ``ConfigError`` naming the
file and line (``pii-scan.toml:12: unknown key 'sorces'``): a wrong key never falls back to a default.
Secrets come from environment variables written ``${NAME}``; a password written literally inside a
database URL is refused. Relative paths are resolved against the configuration file's folder, so a
configuration works from any working directory (cron).
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pii_scan.config_lines import KeyLines
from pii_scan.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "Config",
    "SourceConfig",
    "LinkConfig",
    "RetentionRule",
    "load_config",
    "find_config",
    "sources_from",
    "parse_age",
    "parse_link",
    "init_config",
    "template_text",
    "DEFAULT_CONFIG_NAME",
    "REGISTER_CATEGORIES",
    "CONTROLLER_KEYS",
    "REGISTER_KEYS",
]

DEFAULT_CONFIG_NAME = "pii-scan.toml"
REGISTER_CATEGORIES = ("identification", "contact", "family", "connection", "financial", "sensitive")

# Known keys per table; anything else is a typo we report rather than ignore.
CONTROLLER_KEYS = (
    "name", "legal_form", "enterprise_number", "address", "email", "phone", "website",
    "dpo_name", "dpo_email", "dpo_phone", "dpo_address",
    "supervisory_authority", "supervisory_authority_address", "supervisory_authority_website",
    "supervisory_authority_email", "supervisory_authority_phone",
)  # fmt: skip
# purposes/recipients/data_subjects are lists, the others text (art. 30(1) items).
REGISTER_LIST_KEYS = ("purposes", "recipients", "data_subjects")
REGISTER_TEXT_KEYS = ("legal_basis", "retention", "origin", "transfers", "security")
REGISTER_KEYS = REGISTER_LIST_KEYS + REGISTER_TEXT_KEYS
_ROOT_KEYS = ("inventory", "thresholds", "controller", "sources", "register", "links", "retention")
_INVENTORY_KEYS = ("state_dir", "out", "key_file", "workers")
_THRESHOLD_KEYS = ("sample",)
_SOURCE_KEYS = ("name", "location", "include", "exclude")
_LINK_KEYS = ("link", "from", "to", "from_source", "to_source")
_RETENTION_KEYS = ("source", "table", "column", "max_age", "note")

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class SourceConfig:
    name: str
    location: str  # absolute path or glob, or SQLAlchemy URL with secrets expanded
    include: tuple[str, ...] = ()  # glob patterns on table names and file paths
    exclude: tuple[str, ...] = ()

    def selects(self, file: str, table: str | None = None) -> bool:
        """Whether include/exclude let a unit through. Patterns match the table name, the file (relative
        to the source) or its base name, or ``file:table``. Without ``table`` only the file is judged,
        by ``exclude`` alone: an include pattern may name a table inside the file."""
        names = {file, os.path.basename(file)} | ({table, f"{file}:{table}"} if table is not None else set())
        names.discard("")

        def hit(patterns: tuple[str, ...]) -> bool:
            return any(fnmatch.fnmatchcase(n, p) for p in patterns for n in names)

        if table is not None and self.include and not hit(self.include):
            return False
        return not hit(self.exclude)


@dataclass(frozen=True)
class LinkConfig:
    """``from_table.from_column`` holds values of ``to_table.to_column`` (a foreign key between files)."""

    from_table: str
    from_column: str
    to_table: str
    to_column: str
    from_source: str | None = None  # a source name, when the table name alone is ambiguous
    to_source: str | None = None


@dataclass(frozen=True)
class RetentionRule:
    """Rows of ``source``/``table`` whose date in ``column`` is older than the limit are overdue."""

    source: str
    table: str
    column: str
    max_age_days: int
    max_age: str = ""  # as written, e.g. "10y": years and months are counted on the calendar
    note: str = ""  # the policy in words, shown in the register


@dataclass
class Config:
    path: str | None
    sources: list[SourceConfig] = field(default_factory=list)
    controller: dict[str, str] = field(default_factory=dict)
    register: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: list[LinkConfig] = field(default_factory=list)
    retention: list[RetentionRule] = field(default_factory=list)
    sample: int = 1000
    state_dir: str = ".pii-scan"  # absolute after load_config
    out_dir: str = "inventory"  # absolute after load_config
    key_file: str | None = None  # HMAC key for fingerprints; never inside state_dir
    workers: int = 1  # measured: on 2 cores, worker processes cost more (model loading) than they save

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        raise ConfigError(f"{self.path or 'configuration'}: no source named {name!r}")


# -- public helpers ---------------------------------------------------------------------------------


def find_config(path: str | os.PathLike[str] | None = None) -> Config | None:
    """The ``--config`` file if given, else ``$PII_SCAN_CONFIG``, else ``./pii-scan.toml`` if present."""
    if path is not None:
        return load_config(path)
    env = os.environ.get("PII_SCAN_CONFIG")
    if env:
        return load_config(env)
    if os.path.isfile(DEFAULT_CONFIG_NAME):
        return load_config(DEFAULT_CONFIG_NAME)
    return None


def sources_from(config: Config | None, cli_sources: Sequence[str] = ()) -> list[SourceConfig]:
    """Sources for a command: those named on the command line win, else the configured ones.

    A command-line argument that is the name of a configured source selects that source.
    """
    if cli_sources:
        out = []
        for i, loc in enumerate(cli_sources):
            named = [s for s in (config.sources if config else []) if s.name == loc]
            if named:
                out.append(named[0])
            else:
                name = os.path.basename(loc.rstrip("/\\")) if "://" not in loc else f"source{i + 1}"
                out.append(SourceConfig(name=name or f"source{i + 1}", location=loc))
        return out
    if config is not None and config.sources:
        return list(config.sources)
    where = f" in {config.path}" if config and config.path else ""
    raise ConfigError(f"no sources: name one on the command line or add a [[sources]] table{where}")


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


def parse_link(text: str) -> LinkConfig:
    """``"orders.csv:customer_id -> customers.csv:id"`` -> LinkConfig. Column names may contain dots."""
    if "->" not in text:
        raise ValueError(f"a link reads 'table:column -> table:column', not {text!r}")
    left, right = (p.strip() for p in text.split("->", 1))
    a, b = _table_column(left), _table_column(right)
    return LinkConfig(a[0], a[1], b[0], b[1])


def _table_column(text: str) -> tuple[str, str]:
    table, sep, column = text.rpartition(":")
    if not sep or not table.strip() or not column.strip():
        raise ValueError(f"{text!r} is not 'table:column'")
    return table.strip(), column.strip()


# -- loading ----------------------------------------------------------------------------------------


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read, expand and validate a configuration file. Raises ConfigError naming file and line."""
    p = Path(path)
    label = str(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{label}: no such configuration file (create one with 'pii-scan init')") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{label}: cannot read: {type(exc).__name__}") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        where = f"{label}:{m.group(1)}" if m else label
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
        raise ConfigError(f"{where}: not valid TOML: {reason}") from None
    return _Loader(label, raw, p.resolve().parent).load(data)


class _Loader:
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

    # sections ------------------------------------------------------------------------------------
    def load(self, data: dict[str, Any]) -> Config:
        self.check_keys(data, (), _ROOT_KEYS, "the top level")
        cfg = Config(path=self.label)
        self.load_inventory(data, cfg)
        self.load_thresholds(data, cfg)
        cfg.controller = self.load_controller(data.get("controller", {}))
        cfg.sources = self.load_sources(data.get("sources", []))
        cfg.register = self.load_register(data.get("register", {}))
        cfg.links = self.load_links(data.get("links", []), cfg)
        cfg.retention = self.load_retention(data.get("retention", []), cfg)
        return cfg

    def load_inventory(self, data: dict[str, Any], cfg: Config) -> None:
        inv = self.check_keys(data.get("inventory", {}), ("inventory",), _INVENTORY_KEYS, "[inventory]")
        path = ("inventory",)
        cfg.state_dir = self.resolve(self.text(inv, path, "state_dir") or ".pii-scan")
        cfg.out_dir = self.resolve(self.text(inv, path, "out") or "inventory")
        key_file = self.text(inv, path, "key_file")
        if key_file:
            cfg.key_file = self.resolve(key_file)
            state = os.path.join(cfg.state_dir, "")
            if os.path.join(cfg.key_file, "").startswith(state):
                raise self.error(
                    (*path, "key_file"), "key_file must lie outside state_dir (the key protects it)"
                )
        if "workers" in inv:
            w = inv["workers"]
            if not isinstance(w, int) or isinstance(w, bool) or w < 1:
                raise self.error((*path, "workers"), "'workers' must be a whole number of 1 or more")
            cfg.workers = w

    def load_thresholds(self, data: dict[str, Any], cfg: Config) -> None:
        th = self.check_keys(data.get("thresholds", {}), ("thresholds",), _THRESHOLD_KEYS, "[thresholds]")
        if "sample" in th:
            n = th["sample"]
            if not isinstance(n, int) or isinstance(n, bool) or n < 1:
                raise self.error(
                    ("thresholds", "sample"), "'sample' must be a whole number of rows, e.g. 1000"
                )
            cfg.sample = n

    def load_controller(self, table: Any) -> dict[str, str]:
        self.check_keys(table, ("controller",), CONTROLLER_KEYS, "[controller]")
        return {k: self.text(table, ("controller",), k) or "" for k in table}

    def load_sources(self, items: Any) -> list[SourceConfig]:
        if not isinstance(items, list):
            raise self.error(("sources",), "write each source as a [[sources]] table")
        out: list[SourceConfig] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            path: tuple[str | int, ...] = ("sources", i)
            self.check_keys(item, path, _SOURCE_KEYS, "[[sources]]")
            name = self.text(item, path, "name", required=True) or ""
            if not _SOURCE_NAME.match(name):
                raise self.error((*path, "name"), f"source name {name!r}: use letters, digits, '_', '-', '.'")
            if name in seen:
                raise self.error((*path, "name"), f"two sources are named {name!r}")
            seen.add(name)
            raw_location = item.get("location")
            location = self.text(item, path, "location", required=True) or ""
            if isinstance(raw_location, str) and "://" in raw_location:
                location = self.check_url(raw_location, (*path, "location"))
            else:
                location = self.resolve(location)
            out.append(
                SourceConfig(
                    name=name,
                    location=location,
                    include=self.texts(item, path, "include"),
                    exclude=self.texts(item, path, "exclude"),
                )
            )
        return out

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

    def load_register(self, table: Any) -> dict[str, dict[str, Any]]:
        self.check_keys(table, ("register",), REGISTER_CATEGORIES, "[register] (categories)")
        out: dict[str, dict[str, Any]] = {}
        for category, entry in table.items():
            path: tuple[str | int, ...] = ("register", category)
            self.check_keys(entry, path, REGISTER_KEYS, f"[register.{category}]")
            rec: dict[str, Any] = {k: list(self.texts(entry, path, k)) for k in REGISTER_LIST_KEYS}
            rec.update({k: self.text(entry, path, k) or "" for k in REGISTER_TEXT_KEYS})
            out[category] = rec
        return out

    def load_links(self, items: Any, cfg: Config) -> list[LinkConfig]:
        if not isinstance(items, list):
            raise self.error(("links",), "write links as [[links]] tables or a list of 'a:x -> b:y' texts")
        names = {s.name for s in cfg.sources}
        out = []
        for i, item in enumerate(items):
            path: tuple[str | int, ...] = ("links", i)
            try:
                if isinstance(item, str):
                    out.append(parse_link(item))
                    continue
                self.check_keys(item, path, _LINK_KEYS, "[[links]]")
                if "link" in item:
                    link = parse_link(self.text(item, path, "link") or "")
                else:
                    a = _table_column(self.text(item, path, "from", required=True) or "")
                    b = _table_column(self.text(item, path, "to", required=True) or "")
                    link = LinkConfig(a[0], a[1], b[0], b[1])
            except ValueError as exc:
                raise self.error(
                    path if not isinstance(item, str) else ("links",), str(exc), value=None
                ) from None
            fs, ts = self.text(item, path, "from_source"), self.text(item, path, "to_source")
            for key, src in (("from_source", fs), ("to_source", ts)):
                if src is not None and src not in names:
                    raise self.error((*path, key), f"no source named {src!r}")
            out.append(LinkConfig(link.from_table, link.from_column, link.to_table, link.to_column, fs, ts))
        return out

    def load_retention(self, items: Any, cfg: Config) -> list[RetentionRule]:
        if not isinstance(items, list):
            raise self.error(("retention",), "write each retention rule as a [[retention]] table")
        names = {s.name for s in cfg.sources}
        out = []
        for i, item in enumerate(items):
            path: tuple[str | int, ...] = ("retention", i)
            self.check_keys(item, path, _RETENTION_KEYS, "[[retention]]")
            source = self.text(item, path, "source", required=True) or ""
            if source not in names:
                raise self.error((*path, "source"), f"no source named {source!r} (see [[sources]] names)")
            if "max_age" not in item:
                raise self.error(path, "missing key 'max_age' (e.g. max_age = \"10y\")")
            try:
                days, text = parse_age(item["max_age"])
            except ValueError as exc:
                raise self.error((*path, "max_age"), str(exc)) from None
            out.append(
                RetentionRule(
                    source=source,
                    table=self.text(item, path, "table", required=True) or "",
                    column=self.text(item, path, "column", required=True) or "",
                    max_age_days=days,
                    max_age=text,
                    note=self.text(item, path, "note") or "",
                )
            )
        return out

    def resolve(self, value: str) -> str:
        p = Path(os.path.expanduser(value))
        return str(p if p.is_absolute() else self.base / p)


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "a text", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)  # fmt: skip


def _closest(key: str, allowed: Sequence[str]) -> str | None:
    import difflib

    hits = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return hits[0] if hits else None


# -- init -------------------------------------------------------------------------------------------

_EXAMPLE_BLOCK = re.compile(r"(?ms)^# >>> example source.*?\n(.*?)^# <<< example source\n")


def template_text(examples_present: bool) -> str:
    """The commented template; its example source is active only when ``examples/`` is next to it."""
    from importlib.resources import files

    text = files("pii_scan").joinpath("templates", "pii-scan.toml").read_text(encoding="utf-8")
    if examples_present:
        return text

    def comment_out(m: re.Match[str]) -> str:
        body = "".join(f"# {line}" if line.strip() else line for line in m.group(1).splitlines(True))
        return m.group(0).replace(m.group(1), body)

    return _EXAMPLE_BLOCK.sub(comment_out, text)


def init_config(path: str | os.PathLike[str], force: bool = False) -> str:
    """Write the template to ``path`` (atomically); refuses to overwrite an existing file unless ``force``."""
    from pii_scan.atomic import write_text_atomic
    from pii_scan.errors import OutputError

    target = Path(path)
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; use --force to overwrite it")
    folder = target.resolve().parent
    if not folder.is_dir():
        raise OutputError(f"{target}: folder {folder} does not exist")
    text = template_text((folder / "examples").is_dir())
    write_text_atomic(target, text)
    return str(target)
