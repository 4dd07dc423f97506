"""The dashboard: one page (index.html, app.js, style.css beside this file; no CDN, drawn as SVG by
vanilla JS) and GET /dashboard/data.json, which the page reads on a timer; the actions on paused
conversations (wahook.http.dashboard.actions) answer POSTs with a token."""

from __future__ import annotations

from importlib import resources

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from wahook.db import DatabaseUnavailable
from wahook.db.dashboard import read_dashboard
from wahook.http.dashboard import actions

ASSETS = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}


def asset(name: str) -> Response:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return Response(text, media_type=ASSETS[name], headers={"Cache-Control": "no-cache"})


async def page(request: Request) -> Response:
    return asset("index.html")


async def slash(request: Request) -> Response:
    return RedirectResponse("/dashboard", status_code=308)


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS or name == "index.html":
        return JSONResponse({"error": "not found"}, status_code=404)
    return asset(name)


async def data(request: Request) -> Response:
    try:
        body = await read_dashboard(request.app.state.observability_database)
    except DatabaseUnavailable as exc:
        return JSONResponse({"error": str(exc)}, status_code=503, headers={"Retry-After": "5"})
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


def routes() -> list[BaseRoute]:
    return [
        Route("/dashboard", page, methods=["GET"]),
        Route("/dashboard/", slash, methods=["GET"]),
        Route("/dashboard/data.json", data, methods=["GET"]),
        Route("/dashboard/conversations/{conversation_id}/reply", actions.reply, methods=["POST"]),
        Route("/dashboard/conversations/{conversation_id}/resume", actions.resume, methods=["POST"]),
        Route("/dashboard/{name}", static, methods=["GET"]),
    ]
