"""Rendering a page or a Danish error (HTML, or JSON under /api/), and the app's state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from hir_docs.formatting import scrub_cpr
from hir_docs.web.config import MB, WebConfig
from hir_docs.web.downloads import DownloadStore
from hir_docs.web.jobs import Workers

NAV = [
    ("/", "Forside"),
    ("/tjek", "Tjek dokumenter"),
    ("/skemaer", "Tomme skemaer"),
    ("/rapporter", "Rapporter"),
    ("/star", "STAR: indbakke"),
    ("/regler", "Regler"),
]
STATUS_TITLES = {
    400: "Forkert forespørgsel",
    404: "Siden findes ikke",
    405: "Metoden bruges ikke her",
    413: "Filerne er for store",
    422: "Det kan ikke lade sig gøre",
    500: "Der skete en fejl",
    503: "Serveren har travlt",
}


@dataclass
class State:
    config: WebConfig
    workers: Workers
    downloads: DownloadStore
    templates: Jinja2Templates
    forms: list[tuple[str, bytes]] = field(default_factory=list)  # cached blank forms


def state(request: Request) -> State:
    st: State = request.app.state.hir
    return st


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    st = state(request)
    context.setdefault("title", "")
    return st.templates.TemplateResponse(
        request,
        template,
        {"nav": NAV, "path": request.url.path, "config": st.config, "mb": MB, **context},
        status_code=status,
    )


def error(request: Request, status: int, message: str) -> Response:
    """A Danish error: JSON ``{"error": ...}`` under /api/, else a page."""
    message = scrub_cpr(message)
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    title = STATUS_TITLES.get(status, "Fejl")
    return page(request, "fejl.html", status, title=title, message=message)
