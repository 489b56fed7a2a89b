"""Rendering a page or a Danish error (HTML, or JSON under /api/), and the app's state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from hir_docs.formatting import scrub_cpr
from hir_docs.web.config import MB, WebConfig
from hir_docs.web.downloads import DownloadStore, Result, ResultStore
from hir_docs.web.jobs import Workers

NAV = [
    ("/", "Forside"),
    ("/tjek", "Tjek dokumenter"),
    ("/skemaer", "Tomme skemaer"),
    ("/rapporter", "Rapporter"),
    ("/star", "STAR: indbakke"),
    ("/regler", "Regler"),
]
RESULT_MEMORY = 64 * MB  # result pages kept for Back and reload, in all
# The forms a page posts, by the path they post to: (the form page's path, its template,
# its title). A wrong choice on a form is said on the form's own page.
FORMS = {
    "/tjek": ("/tjek", "tjek.html", "Tjek dokumenter"),
    "/rapporter": ("/rapporter", "rapporter.html", "Rapporter"),
    "/rapporter/projektdata": ("/rapporter", "rapporter.html", "Opret projektdata"),
    "/star": ("/star", "star.html", "STAR: indbakke"),
    "/star/opfoelgning": ("/star/opfoelgning", "opfoelgning.html", "STAR: opfølgning"),
}
FORM_STATUSES = {400, 413, 422}  # the user can fix these by choosing again
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
    # cached blank forms per pool id
    forms: dict[str, list[tuple[str, bytes]]] = field(default_factory=dict)
    results: ResultStore = field(init=False)  # result pages, as long as their links live

    def __post_init__(self) -> None:
        self.results = ResultStore(self.config.download_ttl, RESULT_MEMORY)


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


def result_page(request: Request, section: str, template: str, **context: Any) -> Response:
    """Keep a result page in memory and send the browser to it (post, redirect, get): Back
    and reload show it again for as long as its download links live."""
    token = state(request).results.add(Result(template, context))
    return RedirectResponse(f"{section}/resultat/{token}", status_code=303)


def show_result(request: Request, section: str, token: str) -> HTMLResponse:
    """A result page kept by ``result_page``, or a Danish 404 once it has expired."""
    st = state(request)
    found = st.results.find(token)
    if found is None:
        return page(
            request,
            "fejl.html",
            404,
            title="Resultatet er udløbet",
            message=(
                f"Et resultat vises i {st.config.ttl_minutes} minutter og gemmes kun i "
                "serverens hukommelse. Send filerne igen for at få et nyt."
            ),
            back=section,
            back_label="Send filerne igen",
        )
    return page(request, found.template, path=section, **found.context)


def error(request: Request, status: int, message: str) -> Response:
    """A Danish error: JSON ``{"error": ...}`` under /api/; on the form's own page when a
    page's form was posted (the text fields kept); else an error page."""
    message = scrub_cpr(message)
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    form = FORMS.get(request.url.path) if request.method == "POST" else None
    if form is not None and status in FORM_STATUSES:
        path, template, title = form
        values = getattr(request.state, "form_values", {})
        return page(
            request,
            template,
            status,
            title=title,
            path=path,
            form_error=message,
            form_target=request.url.path,
            values=values,
        )
    path = request.url.path
    back = (
        form[0]
        if form
        else next((p for p, _t, _n in FORMS.values() if path.startswith(p + "/")), None)
    )
    title = STATUS_TITLES.get(status, "Fejl")
    extra = {"back": back, "back_label": "Tilbage til formularen"} if back else {}
    return page(request, "fejl.html", status, title=title, message=message, **extra)
