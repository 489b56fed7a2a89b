"""Shared text helpers of the template contexts: Danish amounts and percentages that keep
to one line in a narrow table cell, the placeholder of an empty field, user text as
paragraphs and the report's text sections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hir_docs.formatting import kr as _kr
from hir_docs.formatting import number
from hir_docs.formatting import percent as _percent

EMPTY = "(ikke udfyldt)"  # only ever in a draft: ``render`` refuses a report with gaps
NBSP = "\u00a0"


def kr(amount: float | int | None) -> str:
    """'1.140.000 kr.' with a no-break space, so a narrow table cell keeps it on one line."""
    return _kr(amount).replace(" ", NBSP)


def percent(value: float | None) -> str:
    return _percent(value).replace(" ", NBSP)


def blank(draft: bool) -> str:
    """What an empty field shows: the placeholder in a draft, a dash in a final document."""
    return EMPTY if draft else "–"


def paragraphs(text: str | None, draft: bool = False) -> list[str]:
    """User text -> paragraphs (one per non-empty line); the placeholder when empty in a
    draft (no paragraph otherwise)."""
    lines = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return lines or ([EMPTY] if draft else [])


def sections(
    titles: dict[str, str], texts: dict[str, str], required: Sequence[str], draft: bool = False
) -> list[dict[str, Any]]:
    """The report's text sections: a section left empty is left out, except a required
    one in a draft, which shows the placeholder (``render`` refuses a final document with
    an empty required section: rule projectdata-report-incomplete)."""
    return [
        {"title": title, "paragraphs": paragraphs(texts.get(key), draft)}
        for key, title in titles.items()
        if paragraphs(texts.get(key)) or (draft and key in required)
    ]


def num(value: float | None, decimals: int) -> str:
    return number(value, decimals) if value is not None else "–"


def signed(change: int) -> str:
    """A change in a count: '+5', '-3', and '0' without a sign."""
    return f"{change:+d}" if change else "0"
