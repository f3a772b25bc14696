"""One exception tree for everything pii-scan raises on purpose.

    PiiScanError
    ├── SourceError              a source could not be read; carries the (masked) source name
    │   ├── SourceNotFound       missing file, directory or table
    │   ├── SourceCorrupt        unreadable workbook, broken JSON/Parquet, bad encoding
    │   ├── UnsupportedSource    a kind of source or file no connector reads
    │   └── ConnectionFailed     unreachable database, bad password, refused connection
    ├── ConfigError              a wrong key, missing variable or bad URL in the configuration
    ├── IdentifierError          a malformed identifier in a request (bad national number, ...)
    ├── OutputError              an output could not be written
    └── ClusterError             no Dask installed, or a scheduler that cannot be reached

Every message is one line and never contains a raw personal value or a password.
"""

from __future__ import annotations

from pii_scan.escape import printable

__all__ = [
    "PiiScanError",
    "SourceError",
    "SourceNotFound",
    "SourceCorrupt",
    "UnsupportedSource",
    "ConnectionFailed",
    "ConfigError",
    "IdentifierError",
    "OutputError",
    "ClusterError",
]

class PiiScanError(Exception):
    """Base of every error pii-scan raises on purpose."""


class SourceError(PiiScanError):
    """A source could not be read. ``source`` is the display name (passwords masked)."""

    def __init__(self, source: str, message: str) -> None:
        self.source = printable(source)
        self.message = printable(" ".join(str(message).split()))  # always one line
        super().__init__(f"{self.source}: {self.message}")


class SourceNotFound(SourceError):
    pass


class SourceCorrupt(SourceError):
    pass


class UnsupportedSource(SourceError):
    pass


class ConnectionFailed(SourceError):
    pass


class ConfigError(PiiScanError):
    """Configuration problem; the message names the file and line where known."""


class IdentifierError(PiiScanError):
    """A malformed identifier given in a subject request."""


class OutputError(PiiScanError):
    """An output file or directory could not be written."""


class ClusterError(PiiScanError):
    """``--scheduler`` cannot be used: Dask is not installed or the scheduler does not answer."""
