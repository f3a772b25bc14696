"""Connectors: every kind of source behind one small interface (``Connector``)."""

from pii_scan.connectors.base import Column, Connector, Filter, ForeignKey, SourceSpec, TableInfo
from pii_scan.connectors.registry import EXTENSIONS, REGISTRY, connector_for, is_url, open_source

__all__ = [
    "Column",
    "Connector",
    "Filter",
    "ForeignKey",
    "SourceSpec",
    "TableInfo",
    "REGISTRY",
    "EXTENSIONS",
    "connector_for",
    "is_url",
    "open_source",
]
