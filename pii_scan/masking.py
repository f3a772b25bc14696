"""Masking of personal values and secrets for everything that is not the subject's own export.

Logs, console output, inventories, evidence and error messages only ever show masked values.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

__all__ = ["mask_value", "mask_email", "mask_url"]

_EMAIL = re.compile(r"^([^@\s]+)@([^@\s]+)$")
_DIGIT_RUN = re.compile(r"\d{4,}")


def mask_email(value: str) -> str:
    """``jan.peeters@example.be`` -> ``j***@example.be`` (the domain is rarely personal)."""
    m = _EMAIL.match(value.strip())
    if not m:
        return mask_value(value)
    # a domain holding a long number (a phone number, a customer number) loses it
    domain = _DIGIT_RUN.sub(lambda d: "*" * len(d.group()), m.group(2))
    return f"{m.group(1)[0]}***@{domain}"


def mask_value(value: object, keep: int = 2) -> str:
    """Keep the first ``keep`` characters and the length class, hide the rest.

    Digits-heavy values keep their last two digits too, which is how support staff
    recognise an account or phone number without seeing it (``BE68 **** **** **71``).
    """
    if value is None:
        return ""
    text = " ".join(str(value).split())  # one line: a masked value goes into one-line messages
    if not text:
        return ""
    if "@" in text and _EMAIL.match(text):
        return mask_email(text)
    if len(text) <= keep + 1:
        return "*" * len(text)
    if len(text) > 40:  # free text: show only that there is text, not its shape
        return text[:keep] + f"*** ({len(text)} chars)"
    digits = sum(c.isdigit() for c in text)
    if digits >= 6 and len(text) >= 8:
        head, tail = text[:keep], text[-2:]
        middle = "".join("*" if c.isalnum() else c for c in text[keep:-2])
        return head + middle + tail
    return text[:keep] + "*" * min(len(text) - keep, 6)


def mask_url(url: str) -> str:
    """Hide the password of a URL: ``postgresql://u:secret@h/db`` -> ``postgresql://u:***@h/db``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    netloc = parts.netloc
    userinfo, _, hostinfo = netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{hostinfo}"))
