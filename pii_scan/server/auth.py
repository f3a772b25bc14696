"""Who may do what: sessions for pages (cookie + CSRF token), bearer tokens for the API, roles.

Pages never accept a bearer token and the API never accepts the session cookie, so a page on another
site can neither ride the cookie into the API nor post a form without the session's CSRF token.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import HTTPException, Request

from pii_scan.server.app import SESSION_COOKIE, Ctx, LoginRequired

__all__ = ["page", "officer_page", "form", "api_user", "may_see", "sees_all", "set_session_cookie"]


def _ctx(request: Request) -> Ctx | None:
    sid = request.cookies.get(SESSION_COOKIE)
    found = request.app.state.store.session(sid) if sid else None
    if found is None:
        return None
    return Ctx(request, *found)


def page(request: Request) -> Ctx:
    """Dependency of every page: the logged-in user, or a redirect to the login page."""
    ctx = _ctx(request)
    if ctx is None:
        raise LoginRequired()
    return ctx


def officer_page(request: Request) -> Ctx:
    ctx = page(request)
    if not ctx.officer:
        raise HTTPException(403, "officer only")
    return ctx


async def form(request: Request, ctx: Ctx) -> Any:
    """The posted form, after its CSRF token is checked (403 without a matching one)."""
    data = await request.form()
    token = str(data.get("csrf") or "")
    if not ctx.csrf or not hmac.compare_digest(token.encode(), ctx.csrf.encode()):
        raise HTTPException(403, "missing or wrong CSRF token")
    return data


def api_user(request: Request) -> tuple[str, str]:
    """(user, role) from ``Authorization: Bearer TOKEN``; 401 otherwise."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    found = request.app.state.store.check_token(token.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        raise HTTPException(401, "a valid bearer token is needed", headers={"WWW-Authenticate": "Bearer"})
    return found


def sees_all(request: Any, role: str) -> bool:
    """The officer sees every request; staff too where ``[server] staff_see_all = true`` (a shared desk)."""
    return role == "officer" or bool(request.app.state.config.server.get("staff_see_all"))


def may_see(user: str, role: str, req: dict[str, Any] | None, shared: bool = False) -> dict[str, Any]:
    """The request if this user may see it: the officer sees all, staff their own, or all when
    ``shared`` (404 otherwise, so that staff cannot learn which ids exist)."""
    if req is None or (role != "officer" and not shared and req["owner"] != user):
        raise HTTPException(404, "no such request")
    return req


def set_session_cookie(response: Any, sid: str, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE, sid, httponly=True, samesite="strict", secure=secure, path="/", max_age=12 * 3600
    )
