"""The pages: front page, check, blank forms, reports, STAR's inbox, rules, downloads."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hir_docs import api, presentation
from hir_docs.findings import KIND_DA, SEVERITY_DA
from hir_docs.formatting import kr, scrub_cpr
from hir_docs.web import jobs
from hir_docs.web.downloads import media_type, zip_bytes
from hir_docs.web.forms import dates, read_form, submitted, text
from hir_docs.web.pages import error, page, state
from hir_docs.web.uploads import UploadError, private_folder, save, uploaded_files
from hir_docs.web.views import key_facts, report_view

router = APIRouter(include_in_schema=False)  # pages; the OpenAPI describes /api/v1
PERIOD_HELP = "fx 2018-H2; tom: det seneste halvår med forbrug"


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
        files = uploaded_files(form, "files")
        if not files:
            raise UploadError("Vælg mindst én fil (Word, Excel eller en zip-fil) at tjekke.")
        when, on = submitted(form), dates(form)
        annotate = text(form, "annotate") == "ja"
        with private_folder() as folder:
            root = folder / "filer"
            uploads = await save(files, root, st.config.max_files)
            result, copies, notes = await st.workers.run(
                jobs.check_and_annotate_job,
                str(root),
                [u.name for u in uploads],
                when,
                on,
                st.config.max_unpacked,
                str(folder / "kommenteret") if annotate else None,
                timeout=st.config.check_timeout,
            )
    data = json.loads(result)
    link = st.downloads.put("hir-docs-tjek.json", result.encode("utf-8"))
    annotated = st.downloads.put("kommenterede kopier.zip", zip_bytes(copies)) if copies else None
    return page(
        request,
        "tjek.html",
        title="Resultat af tjekket",
        data=data,
        docs=report_view(data),
        json_link=link,
        annotated=annotated,
        annotate_notes=[scrub_cpr(n) for n in notes],
        ttl_minutes=int(st.config.download_ttl // 60),
    )


# --------------------------------------------------------------------------- blank forms


async def blank_forms(request: Request) -> list[tuple[str, bytes]]:
    st = state(request)
    if not st.forms:
        with private_folder() as folder:
            st.forms = await st.workers.run(
                jobs.forms_job, str(folder / "skemaer"), timeout=st.config.check_timeout
            )
    return st.forms


@router.get("/skemaer", response_class=HTMLResponse)
async def forms_page(request: Request) -> Response:
    forms = await blank_forms(request)
    return page(request, "skemaer.html", title="Tomme skemaer", forms=forms)


@router.get("/skemaer/hent/{name}")
async def form_download(request: Request, name: str) -> Response:
    forms = dict(await blank_forms(request))
    if name == "skemaer.zip":
        return attachment("skemaer.zip", zip_bytes(forms.items()))
    if name not in forms:
        return error(request, 404, "Skemaet findes ikke. Vælg et af skemaerne på siden.")
    return attachment(name, forms[name])


def attachment(name: str, data: bytes) -> Response:
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type(name), headers={"content-disposition": disposition})


@router.get("/hent/{token}")
async def download(request: Request, token: str) -> Response:
    item = state(request).downloads.take(token)
    if item is None:
        return error(
            request,
            404,
            "Linket er brugt eller udløbet. Et link virker én gang og højst i nogle minutter; "
            "send filerne igen for at få et nyt.",
        )
    return attachment(item.name, item.data)


# --------------------------------------------------------------------------- reports


@router.get("/rapporter", response_class=HTMLResponse)
async def reports_form(request: Request) -> Response:
    return page(
        request,
        "rapporter.html",
        title="Rapporter",
        pdf=api.pdf_available(),
        period_help=PERIOD_HELP,
    )


@router.post("/rapporter", response_class=HTMLResponse)
async def reports_post(request: Request) -> Response:
    st = state(request)
    async with read_form(request, 2) as form:
        data_files = uploaded_files(form, "projectdata")
        reg_files = uploaded_files(form, "registrations")
        if len(data_files) != 1 or len(reg_files) > 1:
            raise UploadError("Vælg én projektdata-fil (.xlsx) og højst ét registreringsskema.")
        period = text(form, "period")
        pdf = text(form, "pdf") == "ja" and api.pdf_available()
        with private_folder() as folder:
            root = folder / "filer"
            taken: set[str] = set()
            [data_up] = await save(data_files, root, 1, taken)
            reg_up = (await save(reg_files, root, 1, taken))[0] if reg_files else None
            names = [data_up.name] + ([reg_up.name] if reg_up else [])
            result = await st.workers.run(
                jobs.report_check_job, str(root), names, timeout=st.config.check_timeout
            )
            data = json.loads(result)
            files: list[tuple[str, bytes]] = []
            problems: list[tuple[str, str]] = []
            if data["valid"]:
                files, problems = await st.workers.run(
                    jobs.render_job,
                    list(jobs.REPORT_KINDS),
                    str(data_up.path),
                    str(reg_up.path) if reg_up else None,
                    period,
                    pdf,
                    str(folder / "ud"),
                    timeout=st.config.render_timeout,
                )
    links = [st.downloads.put(name, blob) for name, blob in files]
    everything = st.downloads.put("rapporter.zip", zip_bytes(files)) if len(files) > 1 else None
    return page(
        request,
        "rapporter.html",
        title="Rapporter",
        pdf=api.pdf_available(),
        period_help=PERIOD_HELP,
        data=data,
        docs=report_view(data),
        links=links,
        zip_link=everything,
        problems=[(kind, scrub_cpr(msg)) for kind, msg in problems],
        ttl_minutes=int(st.config.download_ttl // 60),
    )


# --------------------------------------------------------------------------- STAR's inbox


@router.get("/star", response_class=HTMLResponse)
async def inbox_form(request: Request) -> Response:
    return page(request, "star.html", title="STAR: indbakke")


async def run_inbox(request: Request, field: str) -> tuple[dict[str, Any], bytes]:
    """Save the inbox zip of ``field`` privately and read it in a worker."""
    st = state(request)
    async with read_form(request, 1) as form:
        files = uploaded_files(form, field)
        if len(files) != 1:
            raise UploadError("Vælg én zip-fil med indbakken (én mappe pr. indsendelse).")
        with private_folder() as folder:
            [inbox] = await save(files, folder / "ind", 1)
            if inbox.path.suffix.lower() != ".zip":
                raise UploadError(f"{inbox.name} er ikke en zip-fil. Pak indbakken som .zip.")
            summary, overview = await st.workers.run(
                jobs.bulk_job,
                str(inbox.path),
                str(folder / "oversigt.xlsx"),
                timeout=st.config.bulk_timeout,
            )
    return json.loads(summary), overview


@router.post("/star", response_class=HTMLResponse)
async def inbox_post(request: Request) -> Response:
    st = state(request)
    summary, overview = await run_inbox(request, "inbox")
    link = st.downloads.put("oversigt.xlsx", overview)
    return page(
        request,
        "star.html",
        title="STAR: indbakke",
        summary=summary,
        kr=kr,
        over=summary["requested_total"] - summary["pool_available"],
        link=link,
        ttl_minutes=int(st.config.download_ttl // 60),
    )


# --------------------------------------------------------------------------- rules


@router.get("/regler", response_class=HTMLResponse)
async def rules_page(request: Request) -> Response:
    q = (request.query_params.get("q") or "").strip()[:100]
    severity = request.query_params.get("alvor") or ""
    kind = request.query_params.get("dokument") or ""
    rules = json.loads(presentation.rules_json(api.rules()))  # the CLI's JSON contract
    kinds = sorted({r["kind"] for r in rules}, key=lambda k: KIND_DA.get(k, k))
    needle = q.lower()

    def matches(r: dict[str, Any]) -> bool:
        haystack = " ".join(str(r.get(k) or "") for k in ("code", "description", "source", "hint"))
        return (
            (not severity or r["severity"] == severity)
            and (not kind or r["kind"] == kind)
            and (not needle or needle in f"{haystack} {KIND_DA.get(r['kind'], '')}".lower())
        )

    shown = [r for r in rules if matches(r)]
    return page(
        request,
        "regler.html",
        title="Regler",
        rules=shown,
        total=len(rules),
        q=q,
        severity=severity,
        kind=kind,
        severities=[(str(s), label) for s, label in SEVERITY_DA.items()],
        kinds=[(k, KIND_DA.get(k, k)) for k in kinds],
        kind_da=KIND_DA,
        severity_da={str(s): label for s, label in SEVERITY_DA.items()},
    )
