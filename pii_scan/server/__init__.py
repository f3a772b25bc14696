"""The staff workplace of ``pii-scan serve``: requests, reveal, confirm, package, register, audit log.

Needs the ``web`` extra (``pip install 'pii-scan[web]'``); nothing here is imported unless ``serve`` or
``user`` runs. ``create_app(config)`` builds the ASGI application; ``Store`` is its database.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "Store"]


def __getattr__(name: str) -> Any:  # lazy: the store needs no web framework, the app does
    if name == "create_app":
        from pii_scan.server.app import create_app

        return create_app
    if name == "Store":
        from pii_scan.server.store import Store

        return Store
    raise AttributeError(name)
