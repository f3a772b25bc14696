"""Subject requests of the workplace: the search runs in a background thread, the result stays in memory.

The database keeps what staff track (status, due date, counts, masked records, decisions); the raw
search result, which reveal and the package need, lives only in this process. After a restart a
finished request still shows its counts and masked records; revealing or packaging then needs the
search to be run again with the identifiers.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import hmac
import logging
import os
import threading
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from pii_scan.errors import IdentifierError, OutputError, PiiScanError
from pii_scan.masking import mask_value
from pii_scan.server.store import Store, now_iso

__all__ = ["Jobs", "due_date", "KINDS", "STATUSES", "WARN_DAYS", "RequestGone"]

KINDS = ("access", "portability")
STATUSES = ("open", "waiting", "answered")
WARN_DAYS = 7  # a request due within a week is flagged
log = logging.getLogger("pii_scan.server")


class RequestGone(PiiScanError):
    """The raw result is not in memory (the server restarted): the search must run again."""


def due_date(received: dt.date, days: int | None = None) -> dt.date:
    """GDPR art. 12(3): one month from receipt (the same day next month, or its last day), or
    ``days`` when the organisation promises fewer (``[server] due_days``)."""
    if days:
        return received + dt.timedelta(days=days)
    year, month = (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    return dt.date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


def masked_identifiers(ids: Sequence[Any]) -> list[str]:
    return [f"{i.kind} {i.masked}" for i in ids]


class Jobs:
    def __init__(self, config: Any, store: Store, key: bytes, packages_dir: str) -> None:
        self.config = config
        self.store = store
        self.key = key
        self.packages_dir = os.path.realpath(packages_dir)
        os.makedirs(self.packages_dir, mode=0o700, exist_ok=True)
        self.results: dict[str, Any] = {}  # request id -> SubjectResult (raw; memory only)
        self.threads: dict[str, threading.Thread] = {}
        self.lock = threading.Lock()
        # one search at a time: on a small machine two would only slow each other; the rest wait queued
        self.slots = threading.BoundedSemaphore(1)
        for req in store.requests():  # a search cut off by a restart will not finish
            if req["state"] in ("queued", "running"):
                store.update_request(req["id"], state="interrupted", progress="")

    # creating and running ----------------------------------------------------------------------
    def create(
        self,
        owner: str,
        identifiers: Mapping[str, Sequence[str]],
        *,
        requester: str = "",
        received: dt.date | None = None,
        kind: str = "access",
    ) -> str:
        """Check the identifiers (IdentifierError when malformed), store the request, start the search."""
        from pii_scan.subject import parse_identifiers

        if kind not in KINDS:
            raise IdentifierError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        given = {k: [v.strip() for v in vs if v and v.strip()] for k, vs in identifiers.items()}
        ids = parse_identifiers({k: v for k, v in given.items() if v})
        received = received or dt.date.today()
        rid = uuid.uuid4().hex
        due = due_date(received, (getattr(self.config, "server", None) or {}).get("due_days"))
        self.store.add_request(
            {
                "id": rid, "owner": owner, "requester": mask_value(requester) if requester else "",
                "identifiers": masked_identifiers(ids), "kind": kind, "received": received.isoformat(),
                "due": due.isoformat(), "status": "open", "state": "queued", "created_at": now_iso(),
                "progress": "", "encrypted": 0,
                "counts": {}, "records": [], "sources": [],
            }
        )  # fmt: skip
        self.start(rid, ids)
        return rid

    def start(self, rid: str, ids: Sequence[Any]) -> None:
        thread = threading.Thread(target=self._run, args=(rid, list(ids)), name=f"request-{rid[:8]}")
        thread.daemon = True
        with self.lock:
            self.threads[rid] = thread
        thread.start()

    def rerun(self, rid: str, identifiers: Mapping[str, Sequence[str]]) -> None:
        from pii_scan.subject import parse_identifiers

        given = {k: [v.strip() for v in vs if v and v.strip()] for k, vs in identifiers.items()}
        ids = parse_identifiers({k: v for k, v in given.items() if v})
        self.store.update_request(rid, state="queued", identifiers=masked_identifiers(ids), error=None)
        self.start(rid, ids)

    def wait(self, rid: str, timeout: float | None = None) -> None:
        with self.lock:
            thread = self.threads.get(rid)
        if thread is not None:
            thread.join(timeout)

    def _run(self, rid: str, ids: list[Any]) -> None:
        with self.slots:
            self._search(rid, ids)

    def _search(self, rid: str, ids: list[Any]) -> None:
        from pii_scan.console import PROGRESS_LISTENER
        from pii_scan.subject import find_subject

        n = len(getattr(self.config, "sources", []) or [])
        self.store.update_request(rid, state="running", progress=f"opening {n} source(s)")

        def heard(description: str, done: int, total: int | None) -> None:
            self.store.update_request(rid, progress=f"{description} {done}/{total or '?'}")

        PROGRESS_LISTENER.set(heard)  # this thread's context only
        try:
            result = find_subject([], ids, self.config, classify=True)
        except Exception as exc:  # noqa: BLE001 - the request shows the error, the server goes on
            msg = str(exc) if isinstance(exc, PiiScanError) else type(exc).__name__
            self.store.update_request(rid, state="failed", progress="", error=" ".join(msg.split()))
            log.warning("request %s failed: %s", rid, type(exc).__name__)
            return
        with self.lock:
            self.results[rid] = result
        counts, records = self.summarise(result)
        self.store.update_request(
            rid, state="done", progress="", counts=counts, records=records,
            sources=[s.to_dict() for s in result.sources],
            error=None if result.complete else "some sources could not be searched",
        )  # fmt: skip

    # results -----------------------------------------------------------------------------------
    def record_id(self, rec: Any) -> str:
        """A stable name for a record that reveals nothing: keyed hash of source, table and key."""
        ident = repr(rec.ident).encode("utf-8")
        return hmac.new(self.key, ident, hashlib.sha256).hexdigest()[:24]

    def summarise(self, result: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Counts per source and table, and the subject's records with masked values."""
        from pii_scan.export import source_names

        # each file or database by the configured source that holds it ("files", "crm"), as the package does
        configured = list(getattr(self.config, "sources", None) or [])
        system = source_names(configured, [r.source for r in result.records])
        per: dict[tuple[str, str], Counter[str]] = {}
        records = []
        for r in result.records:
            c = per.setdefault((r.source, r.table), Counter())
            c[r.relation] += 1
            if r.relation == "third_party":
                continue
            c["to_confirm"] += int(r.confirm)
            data = r.data or {}
            plain_key = r.shown_key is None
            records.append(
                {
                    "rid": self.record_id(r), "source": r.source, "system": system[r.source],
                    "table": r.table,
                    "key": {k: str(v) for k, v in r.public_key.items()}, "relation": r.relation,
                    "matched_on": list(r.matched_on), "confirm": r.confirm,
                    "confidence": round(r.confidence, 3), "context": r.context,
                    "values": {
                        col: (str(v) if plain_key and col in r.key else mask_value(v))
                        for col, v in data.items() if v is not None and str(v) != ""
                    },
                }
            )  # fmt: skip
        tables: list[dict[str, Any]] = [
            {"source": s, "system": system[s], "table": t, "match": c["match"], "linked": c["linked"],
             "third_party": c["third_party"], "to_confirm": c["to_confirm"]}
            for (s, t), c in sorted(per.items())
        ]  # fmt: skip
        counts: dict[str, Any] = {
            "records": len(records),
            "to_confirm": sum(1 for r in records if r["confirm"]),
            "third_party": sum(t["third_party"] for t in tables),
            "sources": len({t["source"] for t in tables if t["match"] or t["linked"]}),
            "tables": tables,
        }
        return counts, records

    def _result(self, rid: str) -> Any:
        with self.lock:
            result = self.results.get(rid)
        if result is None:
            raise RequestGone("the search result is no longer in memory: run the search again")
        return result

    def reveal(self, rid: str, record: str) -> dict[str, Any]:
        """The raw values of one of the subject's records (the caller logs the action)."""
        for r in self._result(rid).subject_records:
            if self.record_id(r) == record:
                return {k: v for k, v in (r.data or {}).items() if v is not None}
        raise KeyError(record)

    def package_path(self, rid: str) -> str:
        """``packages/<id>.zip``; the id is checked and the path must stay inside the folder."""
        try:
            name = uuid.UUID(hex=rid).hex
        except ValueError:
            raise KeyError(rid) from None
        path = os.path.realpath(os.path.join(self.packages_dir, f"{name}.zip"))
        if os.path.dirname(path) != self.packages_dir:
            raise KeyError(rid)
        return path

    def build_package(self, rid: str, *, lang: str = "en", passphrase: str | None = None) -> Any:
        """The package of the certain records and the candidates staff confirmed: rejected and
        undecided candidates never enter it."""
        from pii_scan.export import write_package

        result = self._result(rid)
        decisions = self.store.decisions(rid)
        kept = []
        for r in result.records:
            if r.relation != "third_party" and r.confirm:
                if decisions.get(self.record_id(r), {}).get("decision") != "confirmed":
                    continue
                r = dataclasses.replace(r, confirm=False)  # staff confirmed it
            kept.append(r)
        chosen = dataclasses.replace(result, records=kept)
        path = self.package_path(rid)
        try:
            written = write_package(chosen, path, self.config, lang=lang, passphrase=passphrase)
        except OSError as exc:
            raise OutputError(f"package of request {rid}: {exc.strerror}") from None
        self.store.update_request(rid, package=os.path.basename(path), encrypted=int(passphrase is not None))
        return written
