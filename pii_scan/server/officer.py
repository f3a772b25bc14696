"""The officer's pages: the register (latest sweep, changes, retention, overrides, exports) and the audit
log. Staff get 403 here."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import threading
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from pii_scan.errors import PiiScanError
from pii_scan.inventory.overrides import CATEGORIES, apply_to_fields, load_overrides, set_override
from pii_scan.server.app import Ctx, render
from pii_scan.server.auth import form, officer_page

__all__ = ["router", "latest_document"]

router = APIRouter(include_in_schema=False)
OFFICER = Depends(officer_page)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = {"json": "application/json", "csv": "text/csv", "xlsx": XLSX, "html": "text/html"}
log = logging.getLogger("pii_scan.server")


def latest_document(config: Any) -> dict[str, Any] | None:
    """The register of the latest sweep (``inventory.json`` in ``[inventory] out``), with the overrides
    made since applied, so the officer sees them at once."""
    path = os.path.join(config.out_dir, "inventory.json")
    try:
        with open(path, encoding="utf-8") as fh:
            doc: dict[str, Any] = json.load(fh)
    except (OSError, ValueError):
        return None
    overrides = load_overrides(config.state_dir)
    for src in doc.get("sources", []):
        for t in src.get("tables", []):
            apply_to_fields(src["name"], t.get("file", ""), t["name"], t.get("fields") or [], overrides)
    return doc


@router.get("/register")
def register(request: Request, ctx: Ctx = OFFICER) -> Response:
    config = request.app.state.config
    sweep = request.app.state.sweep
    return render(ctx, "register.html.j2", doc=latest_document(config), categories=CATEGORIES,
                  overrides=load_overrides(config.state_dir), sweeping=bool(sweep and sweep.is_alive()),
                  error=None)  # fmt: skip


@router.post("/register/override")
async def override(request: Request, ctx: Ctx = OFFICER) -> Response:
    data = await form(request, ctx)
    config = request.app.state.config
    where = {k: str(data.get(k) or "") for k in ("source", "file", "table", "column")}
    category, reason = str(data.get("category") or ""), str(data.get("reason") or "")
    try:
        entry = set_override(config.state_dir, **where, category=category, reason=reason, by=ctx.user or "-")
    except PiiScanError as exc:
        return render(ctx, "register.html.j2", status_code=400, doc=latest_document(config),
                      categories=CATEGORIES, overrides=load_overrides(config.state_dir), sweeping=False,
                      error=str(exc))  # fmt: skip
    what = f"{where['source']} : {where['file']} : {where['table']}.{where['column']}"
    request.app.state.store.audit(ctx.user, "overrode category" if category else "removed override",
                                  detail=f"{what} -> {entry['category'] or '-'} ({entry['reason']})")
    return RedirectResponse("/register#overrides", status_code=303)


@router.post("/register/sweep")
async def sweep(request: Request, ctx: Ctx = OFFICER) -> Response:
    await form(request, ctx)
    app = request.app
    if not (app.state.sweep and app.state.sweep.is_alive()):
        def run() -> None:
            from pii_scan.inventory import run_inventory

            try:
                run_inventory(app.state.config)
            except Exception as exc:  # noqa: BLE001 - the register page shows the last good sweep
                log.warning("sweep failed: %s", type(exc).__name__)

        app.state.sweep = threading.Thread(target=run, name="sweep", daemon=True)
        app.state.sweep.start()
        app.state.store.audit(ctx.user, "started sweep")
    return RedirectResponse("/register", status_code=303)


@router.get("/register/export/{fmt}")
def export(fmt: str, request: Request, ctx: Ctx = OFFICER) -> Response:
    config = request.app.state.config
    request.app.state.store.audit(ctx.user, "exported register", detail=fmt)
    if fmt == "fides.yaml":
        from pii_scan.server.fides import fides_yaml

        doc = latest_document(config)
        if doc is None:
            raise HTTPException(404, "no sweep yet")
        return Response(fides_yaml(doc), media_type="application/yaml",
                        headers={"Content-Disposition": 'attachment; filename="pii-scan-fides.yaml"'})
    if fmt not in EXPORTS:
        raise HTTPException(404, "unknown format")
    path = os.path.join(config.out_dir, f"inventory.{fmt}")  # fmt is one of four fixed names
    if not os.path.isfile(path):
        raise HTTPException(404, "no sweep yet")
    return FileResponse(path, media_type=EXPORTS[fmt], filename=f"inventory.{fmt}")


@router.get("/audit")
def audit(request: Request, ctx: Ctx = OFFICER) -> Response:
    return render(ctx, "audit.html.j2", entries=request.app.state.store.audit_log(limit=500))


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@router.get("/audit.csv")
def audit_csv(request: Request, ctx: Ctx = OFFICER) -> Response:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    keys = ("id", "at", "user", "action", "request_id", "subject", "detail")
    writer.writerow(keys)
    for e in reversed(request.app.state.store.audit_log()):
        writer.writerow([_cell(e[k]) for k in keys])
    request.app.state.store.audit(ctx.user, "exported audit log")
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="pii-scan-audit.csv"'})
