"""Foundation: labels, Danish values and formatting, municipalities, pool data, outputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from pool_helpers import home_pool

from hir_docs.files.output import atomic_write_bytes, set_text
from hir_docs.findings import HirDocsError, Report, RuleScope, Severity
from hir_docs.formatting import dato, kr, mask_cpr, number, scrub_cpr
from hir_docs.kommuner import all_kommuner, find_kommune
from hir_docs.labels import matches, normalise
from hir_docs.pools import load_pool, load_pool_text
from hir_docs.rules import RULES, define
from hir_docs.rules.registry import catalogue
from hir_docs.values import parse_amount, parse_date, parse_datetime, parse_percent_range


def test_normalise_ignores_case_space_punctuation_and_line_breaks() -> None:
    assert normalise("  Projektets\nnavn:  ") == "projektets navn"
    assert normalise("Projekt- og tilskudsansvarlig:") == "projekt og tilskudsansvarlig"


def test_short_labels_match_exactly_long_labels_by_prefix() -> None:
    assert matches("Kommune:", "Kommune")
    assert not matches("Kommunen har 233 sager", "Kommune")
    long = "Beskriv kort projektets formål, aktiviteter, målsætninger m.v."
    assert matches(
        "BESKRIV KORT projektets formål, aktiviteter, målsætninger mv. (max 1 side)", long
    )
    assert not matches("Beskriv kort", long)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.300.000 kr.", 1_300_000),
        ("kr. 1.300.000,-", 1_300_000),
        ("1,3 mio. kr.", 1_300_000),
        ("1 300 000 kr", 1_300_000),
        ("220,00", 220),
        (1269840, 1_269_840),
        ("ingen", None),
    ],
)
def test_parse_amount(text: object, expected: int | None) -> None:
    assert parse_amount(text) == expected


def test_parse_percent_range() -> None:
    assert parse_percent_range("16-20 %") == (16.0, 20.0)
    assert parse_percent_range("ca. 18 pct.") == (18.0, 18.0)
    assert parse_percent_range("ikke fastsat") is None


@pytest.mark.parametrize(
    "text", ["01-04-2018", "1.4.2018", "2018-04-01", "01.04.18", "1. april 2018", 43191]
)
def test_parse_date_variants(text: object) -> None:
    assert parse_date(text) == dt.date(2018, 4, 1)


def test_parse_date_rejects_impossible_dates() -> None:
    assert parse_date("31-02-2018") is None
    assert parse_datetime("2017-12-11 23:59") == dt.datetime(2017, 12, 11, 23, 59)


def test_danish_formatting() -> None:
    assert kr(1_300_000) == "1.300.000 kr."
    assert dato(dt.date(2017, 12, 11)) == "11. december 2017"
    assert number(3.1185, 2) == "3,12"


def test_cpr_masking() -> None:
    assert mask_cpr("1203841234") == "120384-xxxx"
    assert scrub_cpr("Borger 120384-1234 og 1203841234") == "Borger 120384-xxxx og 120384-xxxx"
    # Amounts and phone numbers are left alone.
    assert scrub_cpr("1.300.000 kr., tlf. 12345678") == "1.300.000 kr., tlf. 12345678"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Københavns Kommune", "101"),
        ("Vesthimmerlands Kommune", "820"),
        ("Nordfyns Kommune", "480"),
        ("Bornholms Regionskommune", "400"),
        ("Høje Taastrup Kommune", "169"),
        ("Viborg", "791"),
        ("Århus Kommune", "751"),
        ("Jobcenter Nordfyn", "480"),
        ("Viborg Kommune (791)", "791"),
    ],
)
def test_find_kommune_accepts_genitive_and_long_forms(name: str, code: str) -> None:
    found = find_kommune(name)
    assert found is not None and found.code == code


def test_98_municipalities_in_5_regions() -> None:
    kommuner = all_kommuner()
    assert len(kommuner) == 98
    assert len({k.region for k in kommuner}) == 5
    assert find_kommune("Oslo Kommune") is None


def test_every_pool_fact_has_a_source() -> None:
    pool = load_pool()
    assert pool.amount("grant_min") == 500_000
    assert pool.date("project_end") == dt.date(2019, 4, 1)
    assert pool.project_years == [2017, 2018, 2019]
    assert all(f.source.strip() for f in pool.facts.values())


def test_a_second_pool_is_a_new_file() -> None:
    pool = load_pool_text(
        '[pool]\nid = "x"\nname = "X"\naccount = "FL"\n'
        '[facts.grant_max]\nvalue = 10\nsource = "opslag"\n'
    )
    assert pool.amount("grant_max") == 10
    assert pool.source("grant_max") == "opslag"


def test_catalogue_codes_are_unique_kebab_case_with_sources() -> None:
    rules = catalogue()
    assert rules, "the catalogue must not be empty"
    for rule in rules:
        assert rule.code == rule.code.lower() and " " not in rule.code
        pool = home_pool(rule)  # the texts of a pool the rule runs for
        assert rule.source(pool) and rule.description(pool) and rule.hint(pool)
    with pytest.raises(ValueError):
        define(
            code=rules[0].code,
            severity=Severity.ERROR,
            kind=RuleScope.FILE,
            source="x",
            description="y",
            hint="z",
        )
    assert set(RULES) >= {r.code for r in rules}


def test_report_counts_and_validity() -> None:
    report = Report()
    assert report.valid
    rule = next(r for r in catalogue() if r.severity is Severity.ERROR)
    report.extend([rule.finding("x", file="a.docx")])
    assert report.counts["error"] == 1 and not report.valid


def test_atomic_write_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    atomic_write_bytes(target, b"one")
    with pytest.raises(HirDocsError):
        atomic_write_bytes(target, b"two")
    atomic_write_bytes(target, b"two", force=True)
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]  # no temp files left


@pytest.mark.parametrize("text", ["=1+2", "+45 12 34", "-3", "@SUM(A1)", '=HYPERLINK("x")'])
def test_set_text_never_makes_a_formula(tmp_path: Path, text: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    set_text(ws["A1"], text)
    wb.save(tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx").active["A1"]  # type: ignore[index]
    assert cell.value == text
    assert cell.data_type == "s"


@pytest.mark.parametrize(
    "text", ["30-06-2018 31-12-2018", "30.06.2018 og 31.12.2018", "2018-06-30x"]
)
def test_a_typed_date_must_be_one_date(text: str) -> None:
    from hir_docs.api import parse_date

    assert parse_date(text) is None


def test_on_with_two_dates_in_one_value_is_a_usage_error(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(
        "check", "examples/viborg/registreringsskema.xlsx", "--on", "30-06-2018 31-12-2018"
    )
    assert result.exit_code == 2 and "ikke en dato" in result.stderr
