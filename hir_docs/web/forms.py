"""Reading the fields of a form post: files saved privately, dates parsed, Danish errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException

from hir_docs import api
from hir_docs.formatting import scrub_cpr
from hir_docs.web.uploads import UploadError

MAX_FIELDS = 20


MAX_KEPT = 200  # characters of a text field kept to show again with a form error


@asynccontextmanager
async def read_form(request: Request, max_files: int) -> AsyncIterator[Any]:
    """``async with read_form(...) as form``: the parsed multipart form (a body that is
    not a form is an empty form); its spooled files are closed at the end. Its text
    fields are kept on ``request.state.form_values``, so a form error can show them again.
    Too many files or fields is a Danish ``UploadError`` (the framework's own limit fires
    before ours can count: it allows one more file than ``max_files``)."""
    try:
        form = await request.form(max_files=max_files + 1, max_fields=MAX_FIELDS)
    except HTTPException as exc:
        raise UploadError(_form_problem(str(exc.detail), max_files)) from None
    try:
        request.state.form_values = {
            name: scrub_cpr(value[:MAX_KEPT])  # shown again on the page: masked
            for name, value in form.multi_items()
            if isinstance(value, str)
        }
        yield form
    finally:
        await form.close()


def _form_problem(detail: str, max_files: int) -> str:
    if detail.startswith("Too many files"):
        return (
            f"Der er valgt for mange filer: der kan højst sendes {max_files} ad gangen. "
            "Pak filerne i en zip-fil, eller send dem i flere omgange."
        )
    if detail.startswith("Too many fields"):
        return "Formularen har for mange felter. Brug formularen på siden, og send igen."
    return "Formularen kunne ikke læses. Vælg filerne igen, og send formularen igen."


def text(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value.strip() or None if isinstance(value, str) else None


def submitted(form: Any) -> dt.datetime | None:
    raw = text(form, "submitted")
    if raw is None:
        return None
    parsed = api.parse_datetime(raw)
    if parsed is None:
        raise UploadError(
            "Indsendelsestidspunktet kan ikke læses; skriv dato og evt. klokkeslæt, "
            "fx 2017-12-11 14:30."
        )
    return parsed


def dates(form: Any) -> tuple[dt.date, ...]:
    """Snapshot dates: the field ``on`` may be repeated or hold several dates."""
    out = []
    for value in form.getlist("on"):
        if not isinstance(value, str):
            continue
        for part in value.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            parsed = api.parse_date(part)
            if parsed is None:
                raise UploadError(f"'{part[:40]}' er ikke en dato; skriv fx 2018-06-30.")
            out.append(parsed)
    return tuple(out)


def pool_choice(form: Any) -> str | None:
    """The pool chosen in the field ``pool`` (an installed pool's id), or None: find it
    from what the documents say. An unknown id is a Danish ``UploadError``."""
    chosen = text(form, "pool")
    if chosen is None:
        return None
    known = {p.id: p for p in api.pools()}
    if chosen not in known:
        names = ", ".join(f"{p.id} ({p.name})" for p in known.values())
        raise UploadError(f"Puljen '{chosen[:40]}' findes ikke. Vælg en af puljerne: {names}.")
    return chosen


def payment_grant(form: Any) -> dict[str, Any]:
    """What the grant letter says, from the fields of a payment request (``api.Grant``'s
    fields); a wrong date or count is a Danish ``UploadError``."""
    grant: dict[str, Any] = {
        key: text(form, key) for key in ("per_participant", "project_amount", "grant")
    }
    count = text(form, "participants")
    if count is not None:
        if not count.isdigit():
            raise UploadError(f"Antal deltagere skal være et helt tal, ikke '{count[:20]}'.")
        grant["participants"] = int(count)
    for key, what in (("start", "Projektets start"), ("end", "Projektets slut")):
        value = text(form, key)
        if value is not None:
            parsed = api.parse_date(value)
            if parsed is None:
                raise UploadError(f"{what} skal være en dato, fx 2011-08-15, ikke '{value[:20]}'.")
            grant[key] = parsed
    return grant
