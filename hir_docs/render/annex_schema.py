"""The JSON Schema (draft 2020-12) of the machine-readable annex (``render.annex``;
described in words in docs/annex.md). ``SCHEMA_VERSION`` changes when a field changes
meaning or is removed; new optional fields keep the version's major number."""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = "1.0"

INT = {"type": "integer"}
NINT = {"type": ["integer", "null"]}
NUM = {"type": ["number", "null"]}
STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
NDATE = {"type": ["string", "null"], "format": "date"}
BOOL = {"type": "boolean"}


def _obj(props: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": [k for k in props if k not in optional],
        "additionalProperties": False,
    }


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


MONEY_LINE = _obj(
    {
        "key": STR,
        "post": STR,
        "function": NSTR,
        "approved": BOOL,
        "eligible": BOOL,
        "budget": INT,
        "budget_to_date": INT,
        "spent_period": INT,
        "spent_to_date": INT,
        "deviation": INT,
        "deviation_pct": NUM,
        "remark": NSTR,
    }
)
TOTALS = _obj(
    {
        "budget": INT,
        "budget_to_date": INT,
        "spent_period": INT,
        "spent_to_date": INT,
        "deviation": INT,
        "deviation_pct": NUM,
    }
)
OTHER_INCOME = _obj(
    {
        "grantor": STR,
        "budgeted": NINT,
        "received": {"type": "object", "additionalProperties": INT},
        "received_period": NINT,
        "received_to_date": NINT,
        "counted": INT,
    }
)
REQUEST = _obj({"period": STR, "requested": INT, "paid": INT, "due": NDATE})
FINANCING = _obj(
    {
        "grant": INT,
        "eligible_spent": INT,
        "other_income": _list(OTHER_INCOME),
        "other_income_total": INT,
        "own_financing": INT,
        "grant_covered": INT,
        "earlier_requests": _list(REQUEST),
        "paid": INT,
        "pending": INT,
        "requested": INT,
        "repayment": INT,
        "withdrawn": INT,
    }
)
MONTH = _obj({"date": DATE, "cases": NINT, "per_fte": NUM, "over_limit": BOOL})
CASEWORKER = _obj(
    {
        "caseworker": STR,
        "hours_per_week": NUM,
        "start": NDATE,
        "end": NDATE,
        "months": _list(MONTH),
        "max_cases": NINT,
        "max_per_fte": NUM,
        "months_over_limit": _list(DATE),
    }
)
OBLIGATION = _obj(
    {
        "key": STR,
        "name": STR,
        "timing": STR,
        "grant_deadline": NDATE,
        "done": {"type": ["boolean", "null"]},
        "date": NDATE,
        "note": NSTR,
    }
)
PARTICIPANTS = _obj(
    {
        "total": NINT,
        "labour_status": _list(_obj({"category": STR, "start": NINT, "end": NINT})),
    }
)

ANNEX_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://hir-docs.invalid/annex-1.schema.json",
    "title": "hir-docs: maskinlæsbart bilag til statusrapport, slutrapport og regnskab",
    **_obj(
        {
            "schema_version": {"const": SCHEMA_VERSION},
            "document": _obj(
                {
                    "kind": {"enum": ["status", "final", "part_accounts", "accounts"]},
                    "title": STR,
                    "file": STR,
                    "report_date": DATE,
                    "draft": BOOL,
                }
            ),
            "project": _obj(
                {
                    "name": NSTR,
                    "municipality": NSTR,
                    "municipality_code": NSTR,
                    "cvr": NSTR,
                    "journal_number": NSTR,
                    "grant": NINT,
                    "start": NDATE,
                    "end": NDATE,
                }
            ),
            "period": {
                "oneOf": [
                    {"type": "null"},
                    _obj(
                        {
                            "key": {"type": "string", "pattern": "^\\d{4}-H[12]$"},
                            "start": DATE,
                            "end": DATE,
                        }
                    ),  # fmt: skip
                ]
            },
            "economy": _obj({"lines": _list(MONEY_LINE), "totals": TOTALS}),
            "financing": FINANCING,
            "caseload": _list(CASEWORKER),
            "participants": PARTICIPANTS,
            "obligations": _list(OBLIGATION),
        },
        optional=("caseload", "participants", "obligations"),
    ),
}
