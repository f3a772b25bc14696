"""Pages of staff and officer: log in, the list of requests, a new request, one request's result,
reveal, confirm or reject, status, package."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from pii_scan.errors import PiiScanError
from pii_scan.server.app import LANG_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, Ctx, render
from pii_scan.server.auth import form, may_see, page, sees_all, set_session_cookie
from pii_scan.server.i18n import LANGUAGES
from pii_scan.server.jobs import KINDS, STATUSES, WARN_DAYS, RequestGone
from pii_scan.server.store import AuthError

__all__ = ["router", "ID_FIELDS", "identifiers_from_form"]

router = APIRouter(include_in_schema=False)
PAGE = Depends(page)  # one instance for every page (ruff B008)
ID_FIELDS = ("email", "phone", "national_number", "iban", "name", "birth_date", "id")


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no ``//host``, no scheme): no open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def urgency(req: dict[str, Any], today: dt.date | None = None) -> str:
    """'overdue', 'soon' (within WARN_DAYS) or '' for an unanswered request."""
    if req["status"] == "answered":
        return ""
    left = (dt.date.fromisoformat(req["due"]) - (today or dt.date.today())).days
    return "overdue" if left < 0 else "soon" if left <= WARN_DAYS else ""


def identifiers_from_form(data: Any) -> dict[str, list[str]]:
    return {k: [v for v in str(data.get(k) or "").splitlines() if v.strip()] for k in ID_FIELDS}


# -- login -------------------------------------------------------------------------------------
@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    token = secrets.token_urlsafe(32)  # double-submit: cookie and form field must agree
    response = render(Ctx(request, None, None, token), "login.html.j2", next=_safe_next(next), error=None)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.tls, path="/login")  # fmt: skip
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    data = await request.form()
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not cookie or not hmac.compare_digest(str(data.get("csrf") or "").encode(), cookie.encode()):
        raise HTTPException(403, "missing or wrong CSRF token")
    store = request.app.state.store
    name, password = str(data.get("user") or ""), str(data.get("password") or "")
    try:
        store.check_password(name, password)
    except AuthError as exc:
        store.audit(name[:64] or "-", "login failed", detail=str(exc))
        ctx = Ctx(request, None, None, cookie)
        return render(ctx, "login.html.j2", status_code=401, next=_safe_next(str(data.get("next"))),
                      error=str(exc))  # fmt: skip
    sid, _ = store.new_session(name)
    store.audit(name, "logged in")
    response = _see_other(_safe_next(str(data.get("next") or "/")))
    set_session_cookie(response, sid, request.app.state.tls)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, ctx: Ctx = PAGE) -> Response:
    await form(request, ctx)
    request.app.state.store.end_session(request.cookies.get(SESSION_COOKIE, ""))
    request.app.state.store.audit(ctx.user or "-", "logged out")
    response = _see_other("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def language(code: str, next: str = "/") -> Response:
    response = _see_other(_safe_next(next))
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, samesite="strict", max_age=365 * 86400, path="/")
    return response


# -- requests ----------------------------------------------------------------------------------
@router.get("/")
def index(request: Request, ctx: Ctx = PAGE) -> Response:
    store = request.app.state.store
    reqs = store.requests(None if sees_all(request, ctx.role or "") else ctx.user)
    return render(ctx, "requests.html.j2", requests=reqs, urgency=urgency)


@router.get("/requests/new")
def new_form(request: Request, ctx: Ctx = PAGE) -> Response:
    return render(ctx, "new.html.j2", kinds=KINDS, fields=ID_FIELDS, today=dt.date.today().isoformat(),
                  error=None)  # fmt: skip


@router.post("/requests")
async def create(request: Request, ctx: Ctx = PAGE) -> Response:
    data = await form(request, ctx)
    jobs = request.app.state.jobs
    try:
        received = dt.date.fromisoformat(str(data.get("received") or dt.date.today().isoformat()))
        rid = jobs.create(
            ctx.user or "-", identifiers_from_form(data), requester=str(data.get("requester") or ""),
            received=received, kind=str(data.get("kind") or "access"),
        )  # fmt: skip
    except (PiiScanError, ValueError) as exc:
        msg = str(exc) if isinstance(exc, PiiScanError) else "date received: use YYYY-MM-DD"
        return render(ctx, "new.html.j2", status_code=400, kinds=KINDS, fields=ID_FIELDS,
                      today=dt.date.today().isoformat(), error=msg)  # fmt: skip
    req = request.app.state.store.request(rid)
    request.app.state.store.audit(ctx.user, "opened request", rid, ", ".join(req["identifiers"]))
    return _see_other(f"/requests/{rid}")


def _request_or_404(request: Request, ctx: Ctx, rid: str) -> dict[str, Any]:
    role = ctx.role or ""
    return may_see(ctx.user or "", role, request.app.state.store.request(rid), sees_all(request, role))


def _show(request: Request, ctx: Ctx, req: dict[str, Any], revealed: dict[str, Any] | None = None,
          error: str | None = None, status_code: int = 200) -> Response:  # fmt: skip
    jobs = request.app.state.jobs
    decisions = request.app.state.store.decisions(req["id"])
    in_memory = req["id"] in jobs.results
    return render(ctx, "request.html.j2", status_code=status_code, req=req, decisions=decisions,
                  revealed=revealed or {}, statuses=STATUSES, urgency=urgency(req), in_memory=in_memory,
                  fields=ID_FIELDS, error=error)  # fmt: skip


@router.get("/requests/{rid}")
def show(rid: str, request: Request, ctx: Ctx = PAGE) -> Response:
    req = _request_or_404(request, ctx, rid)
    request.app.state.store.audit(ctx.user, "viewed request", rid, ", ".join(req["identifiers"]))
    return _show(request, ctx, req)


@router.get("/requests/{rid}/state")
def state(rid: str, request: Request, ctx: Ctx = PAGE) -> Response:
    """For the page's script: whether the search still runs (no personal data)."""
    req = _request_or_404(request, ctx, rid)
    return JSONResponse({"state": req["state"], "progress": req["progress"]})


@router.post("/requests/{rid}/reveal")
async def reveal(rid: str, request: Request, ctx: Ctx = PAGE) -> Response:
    data = await form(request, ctx)
    req = _request_or_404(request, ctx, rid)
    record = str(data.get("record") or "")
    try:
        values = request.app.state.jobs.reveal(rid, record)
    except RequestGone as exc:
        return _show(request, ctx, req, error=str(exc), status_code=409)
    except KeyError:
        raise HTTPException(404, "no such record") from None
    row: dict[str, Any] = next((r for r in req["records"] if r["rid"] == record), {})
    request.app.state.store.audit(ctx.user, "revealed record", rid, ", ".join(req["identifiers"]),
                                  f"{row.get('source', '')} : {row.get('table', '')} record {record}")
    return _show(request, ctx, req, revealed={record: values})


@router.post("/requests/{rid}/decide")
async def decide(rid: str, request: Request, ctx: Ctx = PAGE) -> Response:
    data = await form(request, ctx)
    req = _request_or_404(request, ctx, rid)
    record, decision = str(data.get("record") or ""), str(data.get("decision") or "")
    reason = " ".join(str(data.get("reason") or "").split())[:500]
    candidates = {r["rid"] for r in req["records"] if r["confirm"]}
    if record not in candidates or decision not in ("confirmed", "rejected"):
        raise HTTPException(400, "not a candidate of this request, or no decision")
    if not reason:
        return _show(request, ctx, req, error="give a reason", status_code=400)
    store = request.app.state.store
    store.decide(rid, record, decision, reason, ctx.user or "-")
    store.audit(ctx.user, f"{decision} candidate", rid, ", ".join(req["identifiers"]), f"record {record}")
    return _see_other(f"/requests/{rid}#r-{record}")


@router.post("/requests/{rid}/status")
async def set_status(rid: str, request: Request, ctx: Ctx = PAGE) -> Response:
    data = await form(request, ctx)
    req = _request_or_404(request, ctx, rid)
    status = str(data.get("status") or "")
    if status not in STATUSES:
        raise HTTPException(400, "unknown status")
    request.app.state.store.update_request(rid, status=status)
    request.app.state.store.audit(ctx.user, f"status {status}", rid, ", ".join(req["identifiers"]))
    return _see_other(f"/requests/{rid}")


@router.post("/requests/{rid}/rerun")
async def rerun(rid: str, request: Request, ctx: Ctx = PAGE) -> Response:
    data = await form(request, ctx)
    req = _request_or_404(request, ctx, rid)
    try:
        request.app.state.jobs.rerun(rid, identifiers_from_form(data))
    except PiiScanError as exc:
        return _show(request, ctx, req, error=str(exc), status_code=400)
    request.app.state.store.audit(ctx.user, "ran search again", rid, ", ".join(req["identifiers"]))
    return _see_other(f"/requests/{rid}")


@router.post("/requests/{rid}/package")
async def build_package(rid: str, request: Request, ctx: Ctx = PAGE) -> Response:
    data = await form(request, ctx)
    req = _request_or_404(request, ctx, rid)
    lang = str(data.get("lang") or ctx.lang)
    passphrase = str(data.get("passphrase") or "") if data.get("encrypt") else None
    if passphrase is not None and len(passphrase) < 8:
        return _show(request, ctx, req, error="the passphrase needs at least 8 characters", status_code=400)
    try:
        written = request.app.state.jobs.build_package(rid, lang=lang if lang in LANGUAGES else "en",
                                                       passphrase=passphrase)  # fmt: skip
    except PiiScanError as exc:
        return _show(request, ctx, req, error=str(exc), status_code=409)
    detail = f"{written.records} record(s)" + (", encrypted" if written.encrypted else "")
    request.app.state.store.audit(ctx.user, "exported package", rid, ", ".join(req["identifiers"]), detail)
    return _see_other(f"/requests/{rid}#package")


def package_response(request: Request, rid: str, user: str) -> Response:
    req = request.app.state.store.request(rid)
    try:
        path = request.app.state.jobs.package_path(rid)
    except KeyError:
        raise HTTPException(404, "no such package") from None
    if not req or not req["package"] or not _exists(path):
        raise HTTPException(404, "no package yet")
    request.app.state.store.audit(user, "downloaded package", rid, ", ".join(req["identifiers"]))
    return FileResponse(path, media_type="application/zip", filename=f"pii-scan-request-{rid}.zip")


def _exists(path: str) -> bool:
    import os

    return os.path.isfile(path)


@router.get("/requests/{rid}/package")
def download(rid: str, request: Request, ctx: Ctx = PAGE) -> Response:
    _request_or_404(request, ctx, rid)
    return package_response(request, rid, ctx.user or "-")
