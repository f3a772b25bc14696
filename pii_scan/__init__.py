"""pii-scan: find personal data in files, spreadsheets and SQL databases, answer subject-access
requests (GDPR art. 15/20) and keep the register of processing activities (art. 30).

The public API is listed in ``__all__``; heavier parts are imported on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# name -> module that defines it (imported lazily: the NLP stack is slow to load)
_LAZY = {
    "open_source": "pii_scan.connectors",
    "scan": "pii_scan.discovery",
    "FieldResult": "pii_scan.discovery",
    "find_subject": "pii_scan.subject",
    "export_subject": "pii_scan.export",
    "run_inventory": "pii_scan.inventory",
    "load_config": "pii_scan.config",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pii_scan' has no attribute {name!r}")
