"""Modules imported on first use: pandas and numpy cost about 0.4 s to import, and a small CSV file
read on the light path (csv_light.py) or a sweep that reuses every table never touches them."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["lazy_module"]


class _Lazy(ModuleType):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._real: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:  # only called for attributes the proxy lacks
        real = self.__dict__.get("_real")
        if real is None:
            real = importlib.import_module(self.__name__)
            self.__dict__["_real"] = real
        return getattr(real, attr)


def lazy_module(name: str) -> Any:
    """A stand-in for ``import name`` that imports the module when an attribute is first read."""
    return _Lazy(name)
