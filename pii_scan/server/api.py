"""The JSON API for intake forms and ticketing systems (``Authorization: Bearer TOKEN``).

A public interface: keys are only ever added, never renamed or removed. The schema is served at
``/openapi.json``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from pii_scan.errors import PiiScanError
from pii_scan.server.auth import api_user, may_see, sees_all
from pii_scan.server.pages import package_response

__all__ = ["router", "NewRequest"]

router = APIRouter(prefix="/api", tags=["requests"])
PER_TABLE_KEYS = ("source", "system", "table", "match", "linked", "third_party", "to_confirm")
API_USER = Depends(api_user)


class NewRequest(BaseModel):
    identifiers: dict[str, list[str]] = Field(
        description="Kinds as `pii-scan find` takes them: email, phone, national_number, iban, name, "
        "birth_date, id (TABLE.COLUMN=VALUE); each a list of values.",
        examples=[{"email": ["jan@example.be"], "phone": ["0470 12 34 56"]}],
    )
    kind: str = Field("access", description="access (art. 15) or portability (art. 20)")
    requester: str = Field("", description="Name or ticket reference; stored masked")
    received: dt.date | None = Field(None, description="Date received (default: today)")


def _public(req: dict[str, Any]) -> dict[str, Any]:
    counts = req["counts"] or {}
    return {
        "id": req["id"], "kind": req["kind"], "status": req["status"], "state": req["state"],
        "received": req["received"], "due": req["due"], "identifiers": req["identifiers"],
        "complete": not req["error"] if req["state"] == "done" else None,
        "counts": {
            "records": counts.get("records", 0), "to_confirm": counts.get("to_confirm", 0),
            "third_party": counts.get("third_party", 0),
            "per_table": [
                {k: t.get(k) for k in PER_TABLE_KEYS}
                for t in counts.get("tables", [])
            ],
        },
        "package": bool(req["package"]),
    }  # fmt: skip


@router.post("/requests", status_code=201, responses={400: {"description": "malformed identifier"}})
def create_request(body: NewRequest, request: Request, who: tuple[str, str] = API_USER) -> Response:
    """Open a request; the search starts in the background. Answers `201 {"id": ...}`."""
    user, _ = who
    jobs = request.app.state.jobs
    try:
        rid = jobs.create(user, body.identifiers, requester=body.requester, received=body.received,
                          kind=body.kind)  # fmt: skip
    except PiiScanError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    req = request.app.state.store.request(rid)
    request.app.state.store.audit(user, "opened request (API)", rid, ", ".join(req["identifiers"]))
    return JSONResponse({"id": rid}, status_code=201)


@router.get("/requests")
def list_requests(request: Request, who: tuple[str, str] = API_USER) -> dict[str, Any]:
    """The token's own requests (an officer's token: every request), soonest due first."""
    store = request.app.state.store
    reqs = store.requests(None if sees_all(request, who[1]) else who[0])
    return {"requests": [_public(r) for r in reqs]}


@router.post("/requests/{rid}/package", status_code=201, responses={409: {"description": "not finished"}})
def build_package(rid: str, request: Request, who: tuple[str, str] = API_USER) -> dict[str, Any]:
    """Build (again) the package from the certain records and the candidates staff confirmed."""
    req = may_see(*who, request.app.state.store.request(rid), sees_all(request, who[1]))
    return _build(request, req, who[0])


def _build(request: Request, req: dict[str, Any], user: str) -> dict[str, Any]:
    if req["state"] != "done":
        raise HTTPException(409, "the search has not finished")
    try:
        written = request.app.state.jobs.build_package(req["id"])
    except PiiScanError as exc:
        raise HTTPException(409, str(exc)) from None
    request.app.state.store.audit(user, "exported package (API)", req["id"], ", ".join(req["identifiers"]),
                                  f"{written.records} record(s)")  # fmt: skip
    return {"id": req["id"], "records": written.records, "complete": written.complete}


@router.get("/requests/{rid}")
def get_request(rid: str, request: Request, who: tuple[str, str] = API_USER) -> dict[str, Any]:
    """Status, due date and counts per system and table (no personal values)."""
    return _public(may_see(*who, request.app.state.store.request(rid), sees_all(request, who[1])))


@router.get("/requests/{rid}/package", responses={200: {"content": {"application/zip": {}}}})
def get_package(rid: str, request: Request, who: tuple[str, str] = API_USER) -> Response:
    """The package zip, once built (`POST` builds it). With `?build=1` a missing package is built
    first."""
    req = may_see(*who, request.app.state.store.request(rid), sees_all(request, who[1]))
    if not req["package"] and request.query_params.get("build") == "1":
        _build(request, req, who[0])
    return package_response(request, rid, who[0])


@router.get("/register", tags=["register"], responses={403: {"description": "not an officer's token"}})
def get_register(request: Request, who: tuple[str, str] = API_USER) -> dict[str, Any]:
    """The register of the latest sweep (inventory.json, overrides applied); officer tokens only."""
    from pii_scan.server.officer import latest_document

    if who[1] != "officer":
        raise HTTPException(403, "officer only")
    doc = latest_document(request.app.state.config)
    if doc is None:
        raise HTTPException(404, "no sweep yet")
    return doc
