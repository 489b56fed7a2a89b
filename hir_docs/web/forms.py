"""Reading the fields of a form post: files saved privately, dates parsed, Danish errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request

from hir_docs import api
from hir_docs.web.uploads import UploadError

MAX_FIELDS = 20


def read_form(request: Request, max_files: int) -> Any:
    """``async with read_form(...) as form``: the parsed multipart form (a body that is
    not a form is an empty form); its spooled files are closed at the end."""
    return request.form(max_files=max_files + 1, max_fields=MAX_FIELDS)


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
