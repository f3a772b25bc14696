"""report.html of a subject's package: what a data subject reads, in Dutch, French or English.

It gives every item of GDPR art. 15(1)(a)-(h) and 15(2) from the configuration (controller, register,
supervisory authority), the subject's records with the register's labels instead of column names,
dates and numbers in the reader's language (Babel's CLDR data), candidates marked "to be confirmed",
and the systems searched by their configured names: no file path reaches the subject. A register
text that is not written in the reader's language is shown in another, with a note that says so.
The page has no script and no external resource; it wraps long values and prints on A4.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from pii_scan.config_texts import pick, pick_label

__all__ = ["render_report", "AUTHORITIES", "authority_for", "WIDE_TABLE"]

_LOCALE = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}  # Belgian readers; en_GB: day before month
WIDE_TABLE = 6  # more columns than this: each record as a list of field and value (fits on A4)
_ORDER = ("identification", "contact", "family", "connection", "financial", "sensitive", "none")
_REGISTER_ITEMS = (  # (key, many): the art. 15(1) and 15(2) items the register holds, in the order shown
    ("purposes", True), ("legal_basis", False), ("recipients", True), ("retention", False),
    ("origin", False), ("transfers", False), ("safeguards", False), ("automated_decisions", False),
)  # fmt: skip
_CONTROLLER_ITEMS = ("name", "legal_form", "enterprise_number", "address", "email", "phone", "website")
_DPO_ITEMS = ("dpo", "dpo_name", "dpo_email", "dpo_phone", "dpo_address")

# Supervisory authorities (art. 77 GDPR) that `supervisory_authority = "BE"` or `"NL"` selects.
AUTHORITIES: dict[str, dict[str, Any]] = {
    "BE": {
        "name": {
            "nl": "Gegevensbeschermingsautoriteit (GBA)",
            "fr": "Autorité de protection des données (APD)",
            "en": "Gegevensbeschermingsautoriteit / Autorité de protection des données "
            "(Belgian Data Protection Authority)",
        },
        "address": {
            "nl": "Drukpersstraat 35, 1000 Brussel",
            "fr": "Rue de la Presse 35, 1000 Bruxelles",
            "en": "Drukpersstraat 35 / Rue de la Presse 35, 1000 Brussels, Belgium",
        },
        "email": "contact@apd-gba.be",
        "phone": "+32 2 274 48 00",
        "website": {
            "nl": "https://www.gegevensbeschermingsautoriteit.be",
            "fr": "https://www.autoriteprotectiondonnees.be",
            "en": "https://www.dataprotectionauthority.be",
        },
    },
    "NL": {
        "name": {
            "nl": "Autoriteit Persoonsgegevens (AP)",
            "fr": "Autoriteit Persoonsgegevens (autorité néerlandaise de protection des données)",
            "en": "Autoriteit Persoonsgegevens (Dutch Data Protection Authority)",
        },
        "address": {
            "nl": "Postbus 93374, 2509 AJ Den Haag",
            "fr": "Postbus 93374, 2509 AJ La Haye, Pays-Bas",
            "en": "Postbus 93374, 2509 AJ The Hague, the Netherlands",
        },  # fmt: skip
        "phone": "+31 88 1805 250",
        "website": "https://autoriteitpersoonsgegevens.nl",
    },
}
_AUTHORITY_NAMES = {
    "BE": ("gegevensbeschermingsautoriteit", "autorité de protection des données", "apd-gba"),
    "NL": ("autoriteit persoonsgegevens",),
}
_AUTHORITY_CODES = {"be": "BE", "gba": "BE", "apd": "BE", "gba/apd": "BE", "apd/gba": "BE",
                    "nl": "NL", "ap": "NL"}  # fmt: skip


def authority_for(controller: Mapping[str, str], lang: str) -> dict[str, str]:
    """The authority the subject may complain to: a preset (``BE``, the default, or ``NL``, also when
    named in full) or the one the ``supervisory_authority*`` keys describe; the keys' details win."""
    given = (controller.get("supervisory_authority") or "").strip()
    code = _AUTHORITY_CODES.get(given.lower(), "BE" if not given else None)
    for which, names in _AUTHORITY_NAMES.items():  # named in full: the preset, in the reader's language
        if code is None and any(n in given.lower() for n in names):
            code = which
    if code:
        out = {k: (v[lang] if isinstance(v, dict) else v) for k, v in AUTHORITIES[code].items()}
    else:
        out = {"name": given}
    for k in ("address", "email", "phone", "website"):  # the config's details win over a preset's
        if controller.get(f"supervisory_authority_{k}"):
            out[k] = controller[f"supervisory_authority_{k}"]
    return out


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def _value(value: Any, lang: str, t: Mapping[str, Any]) -> str:
    """A value as the reader writes it: dates and numbers in their language (the CSV and JSON keep
    the stored value)."""
    from babel.dates import format_date, format_datetime
    from babel.numbers import format_decimal

    locale = _LOCALE[lang]
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(t["yes"] if value else t["no"])
    if isinstance(value, float):
        return str(format_decimal(value, locale=locale))
    if isinstance(value, str):
        try:
            if _ISO_DATE.match(value):
                return str(format_date(dt.date.fromisoformat(value), "medium", locale=locale))
            if _ISO_DATETIME.match(value):
                moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
                text = str(format_datetime(moment.replace(tzinfo=None), "medium", locale=locale))
                return text + (" UTC" if moment.utcoffset() == dt.timedelta(0) else "")
        except ValueError:  # 2025-02-30: not a date after all
            return value
    return str(value)


class _Texts:
    """Picks configured texts for one reader and words the fallback note."""

    def __init__(self, config: Any, lang: str, t: Mapping[str, Any]) -> None:
        self.by_lang: dict[str, dict[str, Any]] = dict(getattr(config, "texts", None) or {})
        self.plain_lang = str(getattr(config, "language", "en") or "en")
        self.labels: dict[str, dict[str, dict[str, str]]] = dict(getattr(config, "labels", None) or {})
        self.lang, self.t = lang, t

    def get(self, key: str, plain: Any, neutral: bool = False) -> dict[str, Any]:
        """``neutral``: a text written once is no language's (a name, a number, an address): a note
        only when per-language forms are given and the reader's is missing."""
        by_lang = self.by_lang.get(key, {})
        value, shown = pick(by_lang, plain, self.plain_lang, self.lang)
        if neutral and not by_lang:
            shown = None
        note = None
        if shown and value:
            names = self.t["language_names"]
            note = str(self.t["fallback"]).format(missing=names[self.lang], shown=names[shown])
        return {"value": value, "note": note, "lang": shown or self.lang}

    def label(self, kind: str, names: list[str], default: str) -> str:
        return pick_label(self.labels, kind, names, self.lang) or default

    def column(self, source: str, table: str, column: str, document: bool) -> str:
        """A column's label: for this table of this source, this table, any table; a document's
        ``line`` and ``text`` in the reader's words."""
        default = self.t["document_columns"].get(column, column) if document else column
        return self.label("columns", [f"{source}:{table}:{column}", f"{table}:{column}", column], default)


def _i18n(lang: str) -> dict[str, Any]:
    base = resources.files("pii_scan") / "templates"
    texts: dict[str, Any] = json.loads((base / "report_i18n.json").read_text(encoding="utf-8"))[lang]
    return texts


def _systems(manifest: dict, names: Mapping[str, str], texts: _Texts) -> list[dict[str, Any]]:
    """The systems searched, one row per configured source name: the worst status of its parts."""
    rank = {"searched": 0, "partial": 1, "failed": 2}
    out: dict[str, dict[str, Any]] = {}
    for s in manifest["sources"]:
        name = s.get("name") or names.get(s["source"], "")
        row = out.setdefault(name, {"name": name, "status": "searched", "records": 0, "failed_tables": []})
        row["label"] = texts.label("sources", [name], name)
        if rank.get(s["status"], 2) > rank[row["status"]]:
            row["status"] = s["status"] if s["status"] in rank else "failed"
        row["records"] += manifest["counts"]["per_source"].get(s["source"], 0)
        for x in s.get("failed_tables", []):
            row["failed_tables"].append(texts.label("tables", [f"{name}:{x}", x], x))
    return list(out.values())


def _is_document(tbl: Mapping[str, Any]) -> bool:
    return [f["name"] for f in tbl["fields"]] == ["line", "text"]  # a text file's lines


def _tables(data: dict, texts: _Texts, lang: str, t: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The subject's records per system and table, with labels and the reader's dates."""
    out = []
    for src in data["sources"]:
        name = src.get("name", src["source"])
        for tbl in src["tables"]:
            table = tbl["table"]
            document = _is_document(tbl)
            fields = []
            for f in tbl["fields"]:
                label = texts.column(name, table, f["name"], document)
                category = texts.label("categories", [f["category"]], t["categories"][f["category"]])
                # "other data" under every id and date column is noise: only personal categories shown
                fields.append({"label": label, "category": category if f["category"] != "none" else ""})
            records = [
                {
                    "values": [_value(f["value"], lang, t) for f in rec["fields"]],
                    "confirm": bool(rec.get("confirm")),
                    "context": bool(rec.get("context")),
                }
                for rec in tbl["records"]
            ]
            out.append(
                {
                    "system": texts.label("sources", [name], name),
                    # a file's folders inside the source are the organisation's filing, not the subject's
                    "label": texts.label("tables", [f"{name}:{table}", table], table.rsplit("/", 1)[-1]),
                    "fields": fields,
                    "records": records,
                    "wide": len(fields) > WIDE_TABLE,
                    "marks": any(r["confirm"] or r["context"] for r in records),
                    "document": document,
                }
            )
    return out


def _categories(data: dict, texts: _Texts, t: Mapping[str, Any]) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"fields": [], "systems": []})
    for src in data["sources"]:
        name = src.get("name", src["source"])
        system = texts.label("sources", [name], name)
        for tbl in src["tables"]:
            filled = {f["name"]: set() for f in tbl["fields"]}  # type: dict[str, set[str]]
            for rec in tbl["records"]:
                for f in rec["fields"]:
                    if f["value"] not in (None, ""):
                        filled[f["name"]].update(f.get("categories") or [f["category"]])
            for f in tbl["fields"]:
                label = texts.column(name, tbl["table"], f["name"], _is_document(tbl))
                for cat in dict.fromkeys([f["category"], *sorted(filled.get(f["name"], ()))]):
                    entry = found[cat]
                    if label not in entry["fields"]:
                        entry["fields"].append(label)
                    if system not in entry["systems"]:
                        entry["systems"].append(system)
    return {c: found[c] for c in _ORDER if c in found}


def render_report(data: dict, manifest: dict, config: Any, lang: str, files: Iterable[str]) -> str:
    """The HTML report for a package's ``data`` (data.json) and ``manifest``."""
    from babel.dates import format_date
    from jinja2 import Environment, select_autoescape

    t: dict[str, Any] = _i18n(lang)
    texts = _Texts(config, lang, t)
    base = resources.files("pii_scan") / "templates"
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string((base / "report.html.j2").read_text(encoding="utf-8"))
    controller_cfg = dict(getattr(config, "controller", None) or {})
    register_cfg = dict(getattr(config, "register", None) or {})
    names = {s["source"]: s.get("name", s["source"]) for s in manifest["sources"]}
    categories = _categories(data, texts, t)
    register: dict[str, dict[str, Any]] = {}
    for cat in categories:
        if cat == "none":
            continue
        entry = register_cfg.get(cat, {})
        register[cat] = {
            "label": texts.label("categories", [cat], t["categories"][cat]),
            "items": {
                key: texts.get(f"register.{cat}.{key}", entry.get(key, [] if many else ""))
                for key, many in _REGISTER_ITEMS
            },
        }
    controller = {k: texts.get(f"controller.{k}", controller_cfg.get(k, ""), True) for k in _CONTROLLER_ITEMS}
    dpo = {k: texts.get(f"controller.{k}", controller_cfg.get(k, ""), True) for k in _DPO_ITEMS}
    created = dt.datetime.fromisoformat(manifest["created_at"])
    automated = [r for r in register.values() if r["items"]["automated_decisions"]["value"]]
    systems = _systems(manifest, names, texts)
    tables = _tables(data, texts, lang, t)
    return template.render(
        lang=lang,
        t=t,
        complete=manifest["complete"],
        failed=[s for s in systems if s["status"] != "searched"],
        request_id=manifest["request_id"],
        created_at=format_date(created.date(), "long", locale=_LOCALE[lang]),
        version=manifest["pii_scan_version"],
        identifiers=manifest["identifiers"],
        categories={texts.label("categories", [c], t["categories"][c]): v for c, v in categories.items()},
        systems=systems,
        tables=tables,
        candidates=sum(r["confirm"] for tbl in tables for r in tbl["records"]),
        third_party=int(manifest.get("third_party_records_left_out") or 0),
        handled=int(manifest.get("handled_records_left_out") or 0),
        controller=controller,
        dpo=dpo,
        register=register,
        automated=automated,
        authority=authority_for(controller_cfg, lang),
        files=sorted(files),
    )
