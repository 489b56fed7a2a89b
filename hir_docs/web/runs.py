"""Save a request's uploads in a private folder and run the job on them in a worker: the
one way the pages and the JSON API check files, make reports and read an inbox.

The private folder is removed when the job is done, and only then: ``Workers.run``
returns after the worker has finished, or after it was killed.
"""

from __future__ import annotations

import json
import os
from typing import Any

from fastapi import Request

from hir_docs import api
from hir_docs.web import jobs
from hir_docs.web.forms import dates, pool_choice, read_form, submitted
from hir_docs.web.pages import state
from hir_docs.web.uploads import UploadError, private_folder, save, uploaded_files

Files = list[tuple[str, bytes]]


async def run_check(
    request: Request, form: Any, *, missing: str, annotate: bool
) -> tuple[str, Files, list[str]]:
    """Check the files of the field ``files`` (``missing``: the Danish answer when there
    are none): the check's JSON, and with ``annotate`` the annotated copies and notes."""
    st = state(request)
    files = uploaded_files(form, "files")
    if not files:
        raise UploadError(missing)
    when, on, pool = submitted(form), dates(form), pool_choice(form)
    with private_folder() as folder:
        root = folder / "filer"
        uploads = await save(files, root, st.config.max_files)
        return await st.workers.run(
            jobs.check_and_annotate_job,
            str(root),
            [u.name for u in uploads],
            when,
            on,
            st.config.max_unpacked,
            str(folder / "kommenteret") if annotate else None,
            pool,
            timeout=st.config.check_timeout,
        )


async def run_render(
    request: Request,
    form: Any,
    kinds: list[str],
    *,
    wrong: str,
    period: str | None,
    pdf: bool,
) -> tuple[str | None, Files, list[jobs.Problem]]:
    """Check the project data (field ``projectdata``, with ``registrations`` if sent) and
    make the reports ``kinds``: see ``jobs.render_job``. ``wrong``: the Danish answer when
    the request does not hold one project-data file and at most one registration sheet."""
    st = state(request)
    data_files = uploaded_files(form, "projectdata")
    reg_files = uploaded_files(form, "registrations")
    if len(data_files) != 1 or len(reg_files) > 1:
        raise UploadError(wrong)
    with private_folder() as folder:
        root = folder / "filer"
        taken: set[str] = set()
        [data_up] = await save(data_files, root, 1, taken)
        reg_up = (await save(reg_files, root, 1, taken))[0] if reg_files else None
        return await st.workers.run(
            jobs.render_job,
            kinds,
            str(data_up.path),
            str(reg_up.path) if reg_up else None,
            period,
            pdf,
            str(folder / "ud"),
            pool_choice(form),
            timeout=st.config.render_timeout,
        )


async def run_init(request: Request, form: Any) -> bytes:
    """The project-data workbook from the approved application (field ``application``)
    and budget (field ``budget``), made in a worker in the request's private folder."""
    st = state(request)
    app_files = uploaded_files(form, "application")
    budget_files = uploaded_files(form, "budget")
    if len(app_files) != 1 or len(budget_files) != 1:
        raise UploadError(
            "Vælg den godkendte ansøgning (.docx) og det godkendte budget (.xlsx), én fil af hver."
        )
    with private_folder() as folder:
        root = folder / "filer"
        taken: set[str] = set()
        [app_up] = await save(app_files, root, 1, taken)
        [budget_up] = await save(budget_files, root, 1, taken)
        try:
            return await st.workers.run(
                jobs.init_job,
                str(app_up.path),
                str(budget_up.path),
                str(folder / "ud" / "projektdata.xlsx"),
                pool_choice(form),
                timeout=st.config.check_timeout,
            )
        except api.HirDocsError as exc:  # the user's file names, not our folder
            raise api.HirDocsError(str(exc).replace(f"{root}{os.sep}", "")) from None


async def run_inbox(request: Request, field: str) -> tuple[dict[str, Any], bytes]:
    """Read the inbox zip of the form field ``field`` in a worker: the summary and the
    overview workbook."""
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
                pool_choice(form),
                timeout=st.config.bulk_timeout,
            )
    return json.loads(summary), overview


async def run_followup(request: Request) -> str:
    """Read the follow-up inbox zip (field ``inbox``) against the date ``today`` in a
    worker: the follow-up overview's JSON."""
    data, _workbook = await run_followup_page(request)
    return data


async def run_followup_page(request: Request) -> tuple[str, bytes]:
    """As ``run_followup``, with the workbook's bytes (the web page offers it)."""
    st = state(request)
    async with read_form(request, 1) as form:
        files = uploaded_files(form, "inbox")
        if len(files) != 1:
            raise UploadError("Vælg én zip-fil med indbakken (én mappe pr. kommune).")
        raw = form.get("today")
        today = api.parse_date(raw.strip()) if isinstance(raw, str) and raw.strip() else None
        if today is None:
            raise UploadError("Skriv datoen, fristerne vurderes pr., i 'today', fx 2019-07-15.")
        with private_folder() as folder:
            [inbox] = await save(files, folder / "ind", 1)
            if inbox.path.suffix.lower() != ".zip":
                raise UploadError(f"{inbox.name} er ikke en zip-fil. Pak indbakken som .zip.")
            result: tuple[str, bytes] = await st.workers.run(
                jobs.followup_page_job,
                str(inbox.path),
                str(folder / "opfoelgning.xlsx"),
                today.isoformat(),
                pool_choice(form),
                timeout=st.config.bulk_timeout,
            )
    return result


async def run_payment(request: Request, form: Any, grant: dict[str, Any]) -> str:
    """The payment computation of the register in the field ``register``: JSON."""
    st = state(request)
    files = uploaded_files(form, "register")
    if len(files) != 1:
        raise UploadError(
            "Send ét register (deltagerregister eller aktivitetsregister) i feltet 'register'."
        )
    with private_folder() as folder:
        [up] = await save(files, folder / "filer", 1)
        result: str = await st.workers.run(
            jobs.payment_job,
            str(up.path),
            pool_choice(form),
            grant,
            timeout=st.config.check_timeout,
        )
        return result
