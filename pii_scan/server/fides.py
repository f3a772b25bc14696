"""The register as a Fides dataset (fideslang data categories), so that Fides can import it.

One dataset per source, one collection per table, one field per column that holds personal data, with
the fideslang category the column's pii-scan category and entities point at (``user.contact.email``
for a contact column holding email addresses). Columns the register calls not personal are listed
without categories, so the collection is complete.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["fides_dataset", "fides_yaml", "fides_categories"]

# entity (recognizer) -> fideslang data category, for the entities of a personal column
_ENTITY = {
    "EMAIL_ADDRESS": "user.contact.email",
    "PHONE_NUMBER": "user.contact.phone_number",
    "STREET_ADDRESS": "user.contact.address",
    "LOCATION": "user.contact.address",
    "PERSON": "user.name",
    "BE_NATIONAL_NUMBER": "user.government_id.national_identification_number",
    "NL_BSN": "user.government_id.national_identification_number",
    "IBAN_CODE": "user.financial.bank_account",
    "CREDIT_CARD": "user.financial.credit_card",
    "IP_ADDRESS": "user.device.ip_address",
    "DATE_OF_BIRTH": "user.demographic.date_of_birth",
    "HEALTH": "user.health_and_medical",
    "FAMILY_RELATION": "user.demographic",
}
# pii-scan category -> the entities that may refine it, and the category when none does
_CATEGORY = {
    "identification": ({"PERSON", "BE_NATIONAL_NUMBER", "NL_BSN", "DATE_OF_BIRTH"}, "user.unique_id"),
    "contact": ({"EMAIL_ADDRESS", "PHONE_NUMBER", "STREET_ADDRESS", "LOCATION"}, "user.contact"),
    "family": ({"FAMILY_RELATION"}, "user.demographic"),
    "connection": ({"IP_ADDRESS"}, "user.device"),
    "financial": ({"IBAN_CODE", "CREDIT_CARD"}, "user.financial"),
    "sensitive": ({"HEALTH"}, "user.health_and_medical"),
}


def fides_categories(field: dict[str, Any]) -> list[str]:
    """The fideslang categories of one register field (empty when not personal)."""
    category = field.get("category", "none")
    if category not in _CATEGORY:
        return []
    refine, fallback = _CATEGORY[category]
    if field.get("override"):  # the officer chose the category: no entity of discovery overrules it
        return [fallback]
    found = [_ENTITY[e["type"]] for e in field.get("entities") or [] if e.get("type") in refine]
    out = list(dict.fromkeys(found)) or [fallback]
    if category == "sensitive":  # a free-text note: every kind of data it holds
        extra = [_ENTITY[e["type"]] for e in field.get("entities") or [] if e.get("type") in _ENTITY]
        out = list(dict.fromkeys(out + extra))
    return out


def _key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_").lower() or "dataset"


def fides_dataset(document: dict[str, Any]) -> dict[str, Any]:
    """``{"dataset": [...]}`` for an inventory document (the content of inventory.json)."""
    controller = (document.get("controller") or {}).get("name", "")
    datasets = []
    for src in document["sources"]:
        collections = []
        for t in src["tables"]:
            name = f"{t['file']}:{t['name']}" if t.get("file") and t["file"] != t["name"] else t["name"]
            fields = []
            for f in t.get("fields") or []:
                entry: dict[str, Any] = {"name": f.get("column") or ""}
                cats = fides_categories(f)
                if cats:
                    entry["data_categories"] = cats
                if f.get("override"):
                    o = f["override"]
                    entry["description"] = f"category set by {o['by']} on {o['at']}: {o['reason']}"
                fields.append(entry)
            collections.append({"name": name, "fields": fields})
        datasets.append(
            {
                "fides_key": _key(src["name"]),
                "name": src["name"],
                "description": f"pii-scan register of {controller or 'the organisation'}, sweep "
                f"{document.get('generated_at', '')}",
                "collections": collections,
            }
        )
    return {"dataset": datasets}


def fides_yaml(document: dict[str, Any]) -> str:
    import yaml

    return str(yaml.safe_dump(fides_dataset(document), sort_keys=False, allow_unicode=True))
