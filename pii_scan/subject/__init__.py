"""Subject access (GDPR art. 15/20): find every record of one person and the records linked to them.

from pii_scan.subject import find_subject
result = find_subject(["crm.sqlite", "exports/"], {"email": ["jan@example.be"]})
"""

from __future__ import annotations

from pii_scan.subject.identifiers import Identifier, parse_identifier
from pii_scan.subject.records import SourceStatus, SubjectRecord, SubjectResult
from pii_scan.subject.search import find_subject, parse_identifiers

__all__ = [
    "find_subject",
    "parse_identifier",
    "parse_identifiers",
    "Identifier",
    "SubjectRecord",
    "SubjectResult",
    "SourceStatus",
]
