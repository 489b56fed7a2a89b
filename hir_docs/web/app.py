"""The app factory (``create_app``) and ``serve``: middleware, error pages, workers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from hir_docs import api
from hir_docs.web.config import MB, WebConfig
from hir_docs.web.downloads import DownloadStore
from hir_docs.web.jobs import Busy, Workers
from hir_docs.web.middleware import (
    CLIENT_GONE,
    AccessLog,
    ASGIApp,
    BodyLimit,
    Scope,
    SecurityHeaders,
)
from hir_docs.web.pages import STATUS_TITLES, State, error, page
from hir_docs.web.uploads import UploadError
from hir_docs.web.views import closing, error_summary, pools_title

log = logging.getLogger("hir_docs.web")
PACKAGE = resources.files("hir_docs.web")
__all__ = ["create_app"]
RETRY_AFTER = "10"  # seconds a client is asked to wait when the server is busy


def _too_large(app: FastAPI) -> Any:
    def respond(scope: Scope, limit: int) -> ASGIApp:
        message = (
            f"Forespørgslen er større end grænsen på {limit // MB} MB. "
            "Send færre eller mindre filer ad gangen."
        )
        if scope["path"].startswith("/api/"):
            return JSONResponse({"error": message, "status": 413}, status_code=413)
        request = Request(dict(scope, app=app))
        return page(request, "fejl.html", 413, title=STATUS_TITLES[413], message=message)

    return respond


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(api.HirDocsError)
    async def hir_error(request: Request, exc: api.HirDocsError) -> Response:
        return error(request, 422, str(exc))

    @app.exception_handler(UploadError)
    async def upload_error(request: Request, exc: UploadError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Response:
        response = error(request, 503, "Serveren har travlt lige nu. Prøv igen om et øjeblik.")
        response.headers["retry-after"] = RETRY_AFTER
        return response

    @app.exception_handler(ClientDisconnect)
    async def client_gone(request: Request, exc: ClientDisconnect) -> Response:
        # The client left mid-upload: nobody reads an answer, and it is no error of ours.
        # The access log's one line says so; no traceback.
        return Response(status_code=CLIENT_GONE)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        messages = {
            404: "Siden findes ikke. Gå til forsiden, og vælg det, du vil.",
            405: "Denne adresse kan ikke bruges sådan. Gå til forsiden, og vælg det, du vil.",
        }
        text = messages.get(exc.status_code, "Forespørgslen kunne ikke bruges.")
        return error(request, exc.status_code, text)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error(request, 400, "Forespørgslen mangler et felt eller har et forkert felt.")

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.error("Uventet fejl: %s", type(exc).__name__)
        return error(
            request,
            500,
            "Der skete en uventet fejl, og dine filer er ikke gemt. Prøv igen; "
            f"sker det igen, så kontakt din it-afdeling (teknisk årsag: {type(exc).__name__}).",
        )


def create_app(config: WebConfig | None = None) -> FastAPI:
    """The web app with its own worker pool and download store."""
    from hir_docs.web import routes_api, routes_pages

    config = config or WebConfig()
    templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
    templates.env.globals["closing"] = closing
    templates.env.globals["error_summary"] = error_summary
    templates.env.globals["pools"] = api.pools  # the pool field of every form
    templates.env.globals["pools_title"] = pools_title
    templates.env.globals["pdf_available"] = api.pdf_available  # also on a form error
    st = State(
        config,
        Workers(config.workers, config.max_waiting, config.kill_grace),
        DownloadStore(config.download_ttl, config.download_memory),
        templates,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        st.workers.start()
        try:
            yield
        finally:
            st.workers.shutdown()

    app = FastAPI(
        title="hir-docs",
        summary=f"Kontrol af dokumenter til {pools_title()}",
        version="1",
        # /api/v1/openapi.json is served by routes_api, with this server's own address
        # under "servers"; Swagger UI would load from a CDN: /api/v1/docs is our own page.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.hir = st
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")

    @app.get("/healthz", summary="Kører serveren?")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(routes_pages.router)
    app.include_router(routes_api.router)
    _handlers(app)
    app.add_middleware(BodyLimit, limit_for=config.body_limit, too_large=_too_large(app))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    return app
