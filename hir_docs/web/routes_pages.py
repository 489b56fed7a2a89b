"""The pages: front page, check, blank forms, reports, STAR's inbox, rules, downloads."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hir_docs import api, presentation
from hir_docs.findings import KIND_DA
from hir_docs.formatting import dato, kr, scrub_cpr
from hir_docs.web import jobs
from hir_docs.web.downloads import attachment, zip_bytes
from hir_docs.web.forms import read_form, text
from hir_docs.web.pages import error, page, result_page, show_result, state
from hir_docs.web.runs import run_check, run_followup_page, run_inbox, run_init, run_render
from hir_docs.web.uploads import private_folder
from hir_docs.web.views import SEVERITIES, key_facts, report_view, rules_view

router = APIRouter(include_in_schema=False)  # pages; the OpenAPI describes /api/v1


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> Response:
    return page(request, "index.html", facts=key_facts())


@router.get("/tjek", response_class=HTMLResponse)
async def check_form(request: Request) -> Response:
    return page(request, "tjek.html", title="Tjek dokumenter")


@router.post("/tjek", response_class=HTMLResponse)
async def check_post(request: Request) -> Response:
    st = state(request)
    async with read_form(request, st.config.max_files) as form:
        result, copies, notes = await run_check(
            request,
            form,
            missing="Vælg mindst én fil (Word, Excel eller en zip-fil) at tjekke.",
            annotate=text(form, "annotate") == "ja",
        )
    data = json.loads(result)
    link = st.downloads.put("hir-docs-tjek.json", result.encode("utf-8"))
    # Copies are offered only when there is something in them (no findings: no copies).
    offer = copies and data["findings"]
    annotated = st.downloads.put("kommenterede kopier.zip", zip_bytes(copies)) if offer else None
    return result_page(
        request,
        "/tjek",
        "tjek.html",
        title="Resultat af tjekket",
        data=data,
        docs=report_view(data),
        json_link=link,
        annotated=annotated,
        annotate_notes=[scrub_cpr(n) for n in notes],
    )


@router.get("/tjek/resultat/{token}", response_class=HTMLResponse)
async def check_result(request: Request, token: str) -> Response:
    return show_result(request, "/tjek", token)


# --------------------------------------------------------------------------- blank forms


def _forms_pool(request: Request) -> Any:
    """The pool of the forms pages (``?pulje=ID``; an unknown id: the default pool)."""
    known = {p.id: p for p in api.pools()}
    return known.get(request.query_params.get("pulje") or "") or api.pool()


async def blank_forms(request: Request, pool_id: str) -> list[tuple[str, bytes]]:
    st = state(request)
    if pool_id not in st.forms:
        with private_folder() as folder:
            st.forms[pool_id] = await st.workers.run(
                jobs.forms_job,
                str(folder / "skemaer"),
                pool_id,
                timeout=st.config.check_timeout,
            )
    return st.forms[pool_id]


@router.get("/skemaer", response_class=HTMLResponse)
async def forms_page(request: Request) -> Response:
    pool = _forms_pool(request)
    forms = await blank_forms(request, pool.id)
    return page(
        request, "skemaer.html", title="Tomme skemaer", forms=forms, pool=pool, pools=api.pools()
    )


@router.get("/skemaer/hent/{name}")
async def form_download(request: Request, name: str) -> Response:
    pool = _forms_pool(request)
    forms = dict(await blank_forms(request, pool.id))
    if name == "skemaer.zip":
        return attachment("skemaer.zip", zip_bytes(forms.items()))
    if name not in forms:
        return error(request, 404, "Skemaet findes ikke. Vælg et af skemaerne på siden.")
    return attachment(name, forms[name])


@router.get("/hent/{token}")
async def download(request: Request, token: str) -> Response:
    item = state(request).downloads.get(token)
    if item is None:
        message = (
            f"Linket er udløbet. Et link virker i {state(request).config.ttl_minutes} "
            "minutter, og filen gemmes kun i serverens hukommelse; send filerne igen for at "
            "få et nyt."
        )
        return page(request, "fejl.html", 404, title="Linket er udløbet", message=message)
    return attachment(item.name, item.data)


# --------------------------------------------------------------------------- reports


@router.get("/rapporter", response_class=HTMLResponse)
async def reports_form(request: Request) -> Response:
    return page(
        request,
        "rapporter.html",
        title="Rapporter",
    )


@router.post("/rapporter", response_class=HTMLResponse)
async def reports_post(request: Request) -> Response:
    """Check the project data with the registrations and make every report: the page
    shows the check ``api.render_report`` made (as /tjek shows a check) and the links."""
    st = state(request)
    async with read_form(request, 2) as form:
        checked, files, problems = await run_render(
            request,
            form,
            list(jobs.REPORT_KINDS),
            wrong="Vælg én projektdata-fil (.xlsx) og højst ét registreringsskema.",
            period=text(form, "period"),
            pdf=text(form, "pdf") == "ja" and api.pdf_available(),
        )
    if checked is None:  # not even the project data could be used
        raise api.HirDocsError(problems[0].message)
    data = json.loads(checked)
    links = [st.downloads.put(name, blob) for name, blob in files]
    everything = st.downloads.put("rapporter.zip", zip_bytes(files)) if len(files) > 1 else None
    return result_page(
        request,
        "/rapporter",
        "rapporter.html",
        title="Rapporter",
        data=data,
        docs=report_view(data),
        links=links,
        zip_link=everything,
        problems=[p._replace(message=scrub_cpr(p.message)) for p in problems],
    )


@router.get("/rapporter/resultat/{token}", response_class=HTMLResponse)
async def reports_result(request: Request, token: str) -> Response:
    return show_result(request, "/rapporter", token)


@router.post("/rapporter/projektdata", response_class=HTMLResponse)
async def init_post(request: Request) -> Response:
    """Make projektdata.xlsx from the approved application and budget; a wrong file is
    said on the page itself, next to the form (``pages.error``), so the user can pick
    another at once."""
    st = state(request)
    async with read_form(request, 2) as form:
        workbook = await run_init(request, form)
    return result_page(
        request,
        "/rapporter",
        "rapporter.html",
        title="Projektdata er oprettet",
        init_link=st.downloads.put("projektdata.xlsx", workbook),
    )


# --------------------------------------------------------------------------- STAR's inbox


@router.get("/star", response_class=HTMLResponse)
async def inbox_form(request: Request) -> Response:
    return page(request, "star.html", title="STAR: indbakke")


@router.post("/star", response_class=HTMLResponse)
async def inbox_post(request: Request) -> Response:
    st = state(request)
    summary, overview = await run_inbox(request, "inbox")
    link = st.downloads.put("oversigt.xlsx", overview)
    return result_page(
        request, "/star", "star.html", title="STAR: indbakke", summary=summary, kr=kr, link=link
    )


@router.get("/star/resultat/{token}", response_class=HTMLResponse)
async def inbox_result(request: Request, token: str) -> Response:
    return show_result(request, "/star", token)


@router.get("/star/opfoelgning", response_class=HTMLResponse)
async def followup_form(request: Request) -> Response:
    return page(request, "opfoelgning.html", title="STAR: opfølgning")


@router.post("/star/opfoelgning", response_class=HTMLResponse)
async def followup_post(request: Request) -> Response:
    st = state(request)
    data, workbook = await run_followup_page(request)
    link = st.downloads.put("opfoelgning.xlsx", workbook)
    result = json.loads(data)
    return result_page(
        request,
        "/star/opfoelgning",
        "opfoelgning.html",
        title="STAR: opfølgning",
        result=result,
        today=dato(dt.date.fromisoformat(result["today"])),
        kr=kr,
        link=link,
    )


@router.get("/star/opfoelgning/resultat/{token}", response_class=HTMLResponse)
async def followup_result(request: Request, token: str) -> Response:
    return show_result(request, "/star/opfoelgning", token)


# --------------------------------------------------------------------------- rules


@router.get("/regler", response_class=HTMLResponse)
async def rules_page(request: Request) -> Response:
    q = (request.query_params.get("q") or "").strip()[:100]
    severity = request.query_params.get("alvor") or ""
    kind = request.query_params.get("dokument") or ""
    known = {p.id: p for p in api.pools()}
    chosen = request.query_params.get("pulje") or ""
    pool = known.get(chosen) or api.pool()
    rules = json.loads(presentation.rules_json(api.rules(pool.id), pool))  # the CLI's JSON
    kinds = sorted({r["kind"] for r in rules}, key=lambda k: KIND_DA.get(k, k))
    return page(
        request,
        "regler.html",
        title="Regler",
        rules=rules_view(rules, q, severity, kind),
        total=len(rules),
        q=q,
        severity=severity,
        kind=kind,
        severities=SEVERITIES,
        pools=list(known.values()),
        pool=pool,
        kinds=[(k, KIND_DA.get(k, k)) for k in kinds],
        kind_da=KIND_DA,
        severity_da=dict(SEVERITIES),
    )
