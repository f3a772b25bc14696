"""The application: ``create_app(config)`` builds the FastAPI app of ``pii-scan serve``.

Security in one place: every response gets a strict Content-Security-Policy (scripts only from
``/static``, no inline script), ``nosniff``, no framing, no referrer, and ``Cache-Control: no-store``
(pages and API answers carry personal data; only ``/static`` may be cached). The access log
(logger ``pii_scan.server.access``) records method, path and status, never a query string; identifiers
only ever travel in POST bodies.
"""

from __future__ import annotations

import logging
import os
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from pii_scan.server.i18n import LANGUAGES, pick_language, t
from pii_scan.server.jobs import WARN_DAYS, Jobs
from pii_scan.server.store import Store

__all__ = ["create_app", "Ctx", "LoginRequired", "render", "CSP", "SESSION_COOKIE"]

SESSION_COOKIE = "pii_scan_session"
LOGIN_CSRF_COOKIE = "pii_scan_login_csrf"
LANG_COOKIE = "pii_scan_lang"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
access_log = logging.getLogger("pii_scan.server.access")


class LoginRequired(Exception):
    """A page was asked for without a session: the handler redirects to the login page."""


class Ctx:
    """Who asks (from the session cookie), in which language, with the session's CSRF token."""

    def __init__(self, request: Request, user: str | None, role: str | None, csrf: str | None) -> None:
        self.request = request
        self.user = user
        self.role = role
        self.csrf = csrf
        self.lang = pick_language(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))

    @property
    def officer(self) -> bool:
        return self.role == "officer"


def _templates() -> Environment:
    folder = str(resources.files("pii_scan.server") / "templates")
    # autoescape for every template, whatever its name: a planted "<script>" shows as text
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(default=True))
    env.filters["short"] = _short_source
    return env


def _short_source(path: str) -> str:
    """A location by its last segment (``/srv/data/crm.sqlite`` -> ``crm.sqlite``), never its full path."""
    return str(path).rstrip("/").rsplit("/", 1)[-1]


def render(ctx: Ctx, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    env: Environment = ctx.request.app.state.templates
    html = env.get_template(name).render(
        t=t(ctx.lang), lang=ctx.lang, languages=LANGUAGES, user=ctx.user, role=ctx.role, csrf=ctx.csrf,
        path=ctx.request.url.path, warn_days=WARN_DAYS, **values,
    )  # fmt: skip
    return HTMLResponse(html, status_code=status_code)


def create_app(config: Any, *, tls: bool = False, state_dir: str | None = None) -> FastAPI:
    """The workplace for ``config`` (its sources, ``[inventory] state_dir`` and ``[server]``)."""
    from pii_scan.inventory.state import load_key

    state = state_dir or config.state_dir
    store = Store(state)
    key = load_key(getattr(config, "key_file", None), state)
    packages = (getattr(config, "server", None) or {}).get("packages") or os.path.join(state, "packages")
    app = FastAPI(
        title="pii-scan workplace API",
        version="1",
        description="Subject requests for intake forms and ticketing systems. "
        "Authenticate with `Authorization: Bearer TOKEN` (`pii-scan user token NAME`).",
        docs_url=None,  # the Swagger page loads script from elsewhere and inline: not under our CSP
        redoc_url=None,
    )
    app.state.config = config
    app.state.store = store
    app.state.jobs = Jobs(config, store, key, packages)
    app.state.tls = tls
    app.state.templates = _templates()
    app.state.sweep = None  # the background inventory thread, when one runs

    static = str(resources.files("pii_scan.server") / "static")
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.middleware("http")
    async def headers_and_log(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        if tls:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        # the path only: a query string is never logged (and no page takes identifiers in one)
        access_log.info('%s %s %s', request.method, request.url.path, response.status_code)
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/login?next=" + quote(request.url.path, safe="/"), status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/healthz":
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))  # fmt: skip
        ctx = Ctx(request, None, None, None)
        words = t(ctx.lang)
        message = {403: words["forbidden"], 404: words["not_found"]}.get(exc.status_code, str(exc.detail))
        return render(ctx, "error.html.j2", status_code=exc.status_code, message=message)

    @app.get("/healthz", include_in_schema=True, tags=["health"])
    def healthz() -> dict[str, str]:
        """Liveness: 200 without authentication."""
        return {"status": "ok"}

    from pii_scan.server import api, officer, pages

    app.include_router(pages.router)
    app.include_router(officer.router)
    app.include_router(api.router)
    return app
