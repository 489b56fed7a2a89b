"""The readers take the pool's data (issue 22): a pool folder with its own application form,
budget labels and module-sheet headers is read by them without touching Python.

The fake pool "proeve" is installed through ``HIR_POOL_PATH``: HIR's facts, a form of its own
(other labels and keys; the generic steps find the contact and the amount by their role), a
``budget.toml`` that adds labels to STAR's, and a ``tables.toml`` with one more header.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hir_docs.model import Application, Range
from hir_docs.pools import PACKAGE_DIR, load_pool, load_shared
from hir_docs.pools.check import problems
from hir_docs.readers import application as A
from hir_docs.readers import budget_labels as L
from hir_docs.readers.base import Probe
from hir_docs.readers.citizen_table import match_header, sheet_tables
from hir_docs.readers.docx_text import Para

HEADER = """[pool]
id = "proeve"
name = "Prøvepuljen"
short_name = "PRØVE"
account = "FL § 99.99.99.99"
grantor = "STAR"
plugins = ["caseload"]

[detect]
titles = ["prøvepuljen"]

[[sources]]
name = "prøveopslag"
title = "Opslag for Prøvepuljen (fiktivt)"

"""

FORM = """title = "Ansøgning til Prøvepuljen"
preamble = ["Finanslovskonto {account_number}."]

[[sections]]
heading = "Ansøgeren"

[[sections.fields]]
key = "titel"
label = "Projekttitel"
location = "Ansøgeren › Projekttitel"
short = true
role = "project_name"

[[sections.fields]]
key = "kommune"
derived = ["kommunekode"]
label = "Ansøgende kommune"
location = "Ansøgeren › Kommune"
short = true
type = "municipality"
role = "applicant"

[[sections.fields]]
key = "kontakt"
derived = ["kontakt_cvr", "kontakt_mail", "kontakt_telefon"]
label = "Kontaktperson med CVR, mail og telefon"
location = "Ansøgeren › Kontaktperson"
role = "contact"

[[sections]]
heading = "Penge og mål"

[[sections.fields]]
key = "beloeb"
label = "Beløb, der søges om"
location = "Penge og mål › Beløb"
short = true
type = "amount"
role = "requested_amount"

[[sections.fields]]
key = "maal"
label = "Målet for andelen i procent"
location = "Penge og mål › Mål"
short = true
type = "percent_range"
role = "target_share"
"""

BUDGET = """[aliases.posts]
"Løn" = ["Lønkroner til prøvemedarbejdere"]

[aliases.totals]
requested = ["Ønsket tilskud fra prøvepuljen"]
"""


@pytest.fixture
def fake_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "puljer" / "proeve"
    folder.mkdir(parents=True)
    hir = (PACKAGE_DIR / "hir" / "pool.toml").read_text("utf-8")
    (folder / "pool.toml").write_text(HEADER + hir[hir.index("[facts.") :], "utf-8")
    for name in ("texts.toml", "reports.toml", "payment.toml"):
        shutil.copyfile(PACKAGE_DIR / "hir" / name, folder / name)
    (folder / "application.toml").write_text(FORM, "utf-8")
    (folder / "budget.toml").write_text(BUDGET, "utf-8")
    tables = (PACKAGE_DIR / "hir" / "tables.toml").read_text("utf-8")
    tables = tables.replace(
        'hours = ["Timer pr. uge", "Timer pr uge",',
        'hours = ["Ugetimer i prøven", "Timer pr. uge", "Timer pr uge",',
    )
    (folder / "tables.toml").write_text(tables, "utf-8")
    monkeypatch.setenv("HIR_POOL_PATH", str(folder.parent))
    return folder


def _blocks(*texts: str) -> list[Para]:
    return [Para(text, False) for text in texts]


def test_an_application_is_read_by_its_pools_form(fake_pool: Path) -> None:
    pool = load_pool("proeve")
    found = _blocks(
        "Ansøgning til Prøvepuljen",
        "Projekttitel",
        "Tættere på job",
        "Ansøgende kommune",
        "Viborg Kommune",
        "Kontaktperson med CVR, mail og telefon",
        "Jens Jensen, CVR-nummer 29189846, jj@viborg.dk, tlf. 87 87 87 87",
        "Beløb, der søges om: 1.200.000 kr.",
        "Målet for andelen i procent",
        "16-20 %",
    )
    result = A.read_application_blocks(found, pool)
    assert list(result.fields) == [
        "titel", "kommune", "kommunekode", "kontakt", "kontakt_cvr", "kontakt_mail",
        "kontakt_telefon", "beloeb", "maal",
    ]  # fmt: skip
    assert result.fields["titel"] == "Tættere på job"
    assert result.fields["kommune"] == "Viborg Kommune"
    assert result.fields["kommunekode"] == "791"
    assert result.fields["kontakt_cvr"] == "29189846"
    assert result.fields["kontakt_mail"] == "jj@viborg.dk"
    assert result.fields["kontakt_telefon"] == "87878787"
    assert result.fields["beloeb"] == 1_200_000
    assert result.fields["maal"] == {"low": 16.0, "high": 20.0}
    app = result.model
    assert isinstance(app, Application)
    assert app.raw["beloeb"] == "1.200.000 kr." and app.beloeb == 1_200_000
    assert app.locations["kontakt_mail"] == "Ansøgeren › Kontaktperson"
    assert app.strategy is None  # a key this pool's form does not have
    # HIR's labels mean nothing to this pool's form, and the other way round.
    assert A.classify("Angiv det ansøgte beløb", table=A.labels(pool)) is None
    assert A.classify("Beløb, der søges om", table=A.labels(load_pool("hir"))) is None


def test_the_lookup_tables_are_built_once_per_pool(fake_pool: Path) -> None:
    pool = load_pool("proeve")
    assert A.labels(pool) is A.labels(pool)
    assert A.labels(load_pool()) is A.labels(load_pool()) is not A.labels(pool)
    assert sheet_tables(pool) is sheet_tables(pool)
    assert L.tables(pool) is L.tables(pool)
    # A pool that adds no budget labels shares STAR's tables and their lookup indexes.
    assert L.tables(load_pool("hir")) is L.tables() and L.POSTS is L.tables().posts


def test_detection_knows_every_installed_pools_form(
    fake_pool: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["ansøgning til prøvepuljen", "projekttitel", "ansøgende kommune", "målet for andelen i procent"]  # fmt: skip
    probe = Probe(Path("x.docx"), ".docx", texts)
    assert A.detect(probe) > 0
    monkeypatch.delenv("HIR_POOL_PATH")
    assert A.detect(probe) == 0


def test_a_pool_extends_star_budget_labels(fake_pool: Path) -> None:
    own = L.tables(load_pool("proeve"))
    assert L.match("Lønkroner til prøvemedarbejdere", own.posts) == "Løn"
    assert L.match("Ønsket tilskud fra prøvepuljen", own.totals) == "requested"
    assert L.match("Lønkroner til prøvemedarbejdere", L.POSTS) is None
    # STAR's own labels stay, in their order, and come first.
    shared = load_shared("budget")["aliases"]
    assert own.posts["Løn"][: len(shared["posts"]["Løn"])] == shared["posts"]["Løn"]
    assert list(own.totals) == list(shared["totals"])


def test_the_module_sheets_headers_are_the_pools(fake_pool: Path) -> None:
    own = sheet_tables(load_pool("proeve"))
    assert match_header("Ugetimer i prøven", own.registrations) == ("hours", 1017)
    assert match_header("Ugetimer i prøven", sheet_tables(load_pool("hir")).registrations) is None
    assert own.required_registrations["hours"][0] == "Timer pr. uge"


def test_pools_check_names_a_broken_tables_or_budget_file(fake_pool: Path) -> None:
    assert problems(fake_pool) == []
    tables = (fake_pool / "tables.toml").read_text("utf-8")
    (fake_pool / "tables.toml").write_text(
        tables.replace(
            'hours = ["Timer pr. uge", "missing"]', 'hours = ["Timer pr. uge", "måske"]'
        ),
        "utf-8",
    )
    (fake_pool / "budget.toml").write_text('[aliases.posts]\n"Løn" = [1, 2]\n', "utf-8")
    found = problems(fake_pool)
    assert any("tables.toml" in p and "'registrations.required.hours'" in p for p in found)
    assert any("budget.toml" in p and "'aliases.posts.Løn'" in p for p in found)
    (fake_pool / "tables.toml").unlink()
    assert any("tables.toml mangler" in p for p in problems(fake_pool))


def test_the_application_model_holds_any_forms_keys() -> None:
    app = Application(beloeb=5, passive_share_raw="16-20 %", locations={"beloeb": "Økonomi"})
    assert app.beloeb == 5 and app.noget_andet is None
    assert app.passive_share_raw == "16-20 %" and app.raw == {"passive_share": "16-20 %"}
    read = Application(raw={"passive_share_target": "16-20 %"})
    read.passive_share_target = Range(16, 20)
    assert read.passive_share_raw == "16-20 %"  # the one key starting "passive_share_"
    assert Application(a=1) == Application(a=1) != Application(a=2)
    with pytest.raises(AttributeError):
        _ = app._private


def test_hir_registrations_hint_names_the_pools_module() -> None:
    assert load_pool("hir").text("registrations_no_header_hint") == (
        "Brug registreringsskemaet fra HIR-modulet, og behold overskrifterne."
    )
