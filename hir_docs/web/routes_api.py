"""The JSON API with the command line's contract, and its documentation page.

``POST /api/v1/check`` answers exactly what ``hir-docs check --format json`` prints for
the same files under the same names. Errors are ``{"error": "<dansk tekst>", "status": n}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from hir_docs import api, presentation
from hir_docs.web import jobs
from hir_docs.web.downloads import attachment, zip_bytes
from hir_docs.web.forms import payment_grant, read_form, text
from hir_docs.web.pages import error, page, state
from hir_docs.web.runs import run_check, run_followup, run_inbox, run_payment, run_render

router = APIRouter(prefix="/api/v1")
JSON = "application/json; charset=utf-8"


def _multipart(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """OpenAPI for a form upload (the routes read the form themselves)."""
    schema = {"type": "object", "properties": properties, "required": required}
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }


FILE = {"type": "string", "format": "binary"}
POOL = {
    "type": "string",
    "description": "puljens id (se GET /api/v1/pools); udeladt: puljen findes ud fra dokumenterne",
}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Forkert forespørgsel (fx ingen fil)"},
    413: {"description": "For stor forespørgsel"},
    422: {"description": "Kan ikke fortsætte (dansk besked i 'error')"},
    503: {
        "description": "Serveren har travlt; prøv igen efter det antal sekunder, Retry-After angiver"
    },
}


@router.post(
    "/check",
    summary="Tjek filer (samme JSON som hir-docs check --format json)",
    openapi_extra=_multipart(
        {
            "files": {"type": "array", "items": FILE, "description": ".docx, .xlsx eller .zip"},
            "submitted": {"type": "string", "description": "fx 2017-12-11 14:30"},
            "on": {"type": "string", "description": "opgørelsesdato(er), fx 2018-06-30"},
            "pool": POOL,
        },
        ["files"],
    ),
    responses={
        200: {"description": "Rapporten som JSON", "content": {"application/json": {}}},
        **ERRORS,
    },
)
async def check(request: Request) -> Response:
    st = state(request)
    async with read_form(request, st.config.max_files) as form:
        result, _copies, _notes = await run_check(
            request,
            form,
            missing="Ingen filer: send mindst én fil i feltet 'files'.",
            annotate=False,
        )
    return Response(result, media_type=JSON)


@router.post(
    "/payment",
    summary="Beregn udbetalingen ud fra et register (som hir-docs payment --format json)",
    openapi_extra=_multipart(
        {
            "register": FILE,
            "pool": POOL,
            "per_participant": {"type": "string", "description": "beløb pr. deltager (kr.)"},
            "participants": {"type": "integer", "description": "forventet antal deltagere"},
            "project_amount": {"type": "string", "description": "projektbeløb (kr.)"},
            "start": {"type": "string", "description": "projektets start, fx 2011-08-15"},
            "end": {"type": "string", "description": "projektets slut"},
            "grant": {"type": "string", "description": "kommunens tilskud (kr.)"},
        },
        ["register"],
    ),
    responses={200: {"description": "Opgørelsen som JSON"}, **ERRORS},
)
async def payment(request: Request) -> Response:
    st = state(request)
    async with read_form(request, st.config.max_files) as form:
        grant = payment_grant(form)
        result = await run_payment(request, form, grant)
    return Response(result, media_type=JSON)


@router.get(
    "/pools", summary="De installerede puljer med kilder (som hir-docs pools --format json)"
)
async def pools() -> Response:
    return Response(presentation.pools_json(api.pools()), media_type=JSON)


@router.get("/rules", summary="Regelkataloget med kilder (som hir-docs rules --format json)")
async def rules(pool: str | None = None) -> Response:
    """``?pool=ID``: the rules of that pool, its texts and sources (default: the default pool)."""
    try:
        chosen = api.pool(pool) if pool else None
    except api.HirDocsError as exc:
        return JSONResponse({"error": str(exc), "status": 400}, status_code=400)
    return Response(presentation.rules_json(api.rules(pool), chosen), media_type=JSON)


@router.post(
    "/bulk",
    summary="Læs en indbakke (zip) ind i STAR's oversigt (oversigt.xlsx)",
    openapi_extra=_multipart({"inbox": FILE, "pool": POOL}, ["inbox"]),
    responses={200: {"description": "oversigt.xlsx"}, **ERRORS},
)
async def bulk(request: Request) -> Response:
    _summary, overview = await run_inbox(request, "inbox")
    return attachment("oversigt.xlsx", overview)


@router.post(
    "/followup",
    summary="STAR's opfølgning på projekter med tilsagn (som hir-docs followup --format json)",
    openapi_extra=_multipart(
        {
            "inbox": {**FILE, "description": ".zip med én mappe pr. kommune"},
            "today": {
                "type": "string",
                "description": "datoen, frister vurderes pr., fx 2019-07-15",
            },
            "pool": POOL,
        },
        ["inbox", "today"],
    ),
    responses={200: {"description": "Opfølgningens tal (JSON)"}, **ERRORS},
)
async def followup(request: Request) -> Response:
    return Response(await run_followup(request), media_type=JSON)


@router.post(
    "/render/{kind}",
    summary="Lav statusrapport (status), slutrapport (final) eller regnskab (accounts) som zip",
    openapi_extra=_multipart(
        {
            "projectdata": FILE,
            "registrations": FILE,
            "period": {
                "type": "string",
                "description": "halvår for statusrapporten og delregnskabet, fx 2018-H1",
            },
            "pdf": {
                "type": "boolean",
                "default": False,
                "description": "true: lav også PDF (kræver LibreOffice på serveren); false "
                "eller udeladt: kun Word og Excel",
            },
            "pool": POOL,
        },
        ["projectdata"],
    ),
    responses={200: {"description": "Dokumenterne i en zip-fil"}, **ERRORS},
)
async def render(request: Request, kind: str) -> Response:
    if kind not in jobs.REPORT_KINDS:
        return error(request, 404, "Vælg status, final eller accounts.")
    async with read_form(request, 2) as form:
        _checked, files, problems = await run_render(
            request,
            form,
            [kind],
            wrong="Send én fil i 'projectdata' og højst én i 'registrations'.",
            period=text(form, "period"),
            pdf=(text(form, "pdf") or "").strip().lower() in {"ja", "true", "1", "on"},
        )
    if problems:
        raise api.HirDocsError(problems[0].message)
    return attachment(f"{kind}.zip", zip_bytes(files))


TYPES = {"boolean": "sand/falsk (true eller false)", "string": "tekst", "integer": "heltal"}


def _type(schema: dict[str, Any]) -> str:
    """A field's type in Danish words."""
    if schema.get("format") == "binary":
        return "fil"
    if schema.get("items", {}).get("format") == "binary":
        return "en eller flere filer"
    return TYPES.get(str(schema.get("type")), str(schema.get("type", "")))


def server_url(request: Request) -> str:
    """The address the client reached this server on (with any root path)."""
    return str(request.base_url).rstrip("/")


def openapi_spec(request: Request) -> dict[str, Any]:
    """The app's OpenAPI with this server's own address under ``servers``."""
    spec: dict[str, Any] = request.app.openapi()
    return {**spec, "servers": [{"url": server_url(request)}]}


@router.get("/openapi.json", include_in_schema=False)
async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(openapi_spec(request))


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
async def docs(request: Request) -> Response:
    """The API described from its OpenAPI, as a plain page (no Swagger UI from a CDN)."""
    spec = openapi_spec(request)
    endpoints = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("multipart/form-data", {})
            schema = body.get("schema", {})
            required = set(schema.get("required", []))
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "fields": [
                        {
                            "name": k,
                            "type": _type(v),
                            "required": k in required,
                            "description": str(v.get("description") or ""),
                        }
                        for k, v in schema.get("properties", {}).items()
                    ],
                }
            )
    return page(
        request, "api.html", title="API", endpoints=endpoints, server=spec["servers"][0]["url"]
    )
