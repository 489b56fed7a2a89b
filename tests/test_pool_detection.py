"""Which pool (issue 22): --pool, detection from the documents' titles, a fake pool folder.

The fake pool is a folder written here (pool.toml with HIR's facts but a lower maximum grant,
and the texts and application form copied): installed through ``HIR_POOL_PATH``, it is chosen
with ``--pool`` or by a budget whose title names it, without any Python of its own.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from hir_docs.pools import PACKAGE_DIR, pool_ids

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "viborg"
FAKE_HEADER = """[pool]
id = "proeve"
name = "Prøvepuljen"
short_name = "PRØVE"
account = "FL § 99.99.99.99"
grantor = "STAR"

[detect]
titles = ["prøvepuljen"]

[[sources]]
name = "prøveopslag"
title = "Opslag for Prøvepuljen (fiktivt)"

"""


@pytest.fixture
def fake_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A second pool installed from a folder: HIR's facts, a maximum grant of 1 mio. kr."""
    folder = tmp_path / "puljer" / "proeve"
    folder.mkdir(parents=True)
    hir = (PACKAGE_DIR / "hir" / "pool.toml").read_text("utf-8")
    facts = hir[hir.index("[facts.") :]
    facts = re.sub(
        r"\[facts\.grant_max\]\nvalue = 2000000\n", "[facts.grant_max]\nvalue = 1000000\n", facts
    )
    (folder / "pool.toml").write_text(FAKE_HEADER + facts, "utf-8")
    for name in ("texts.toml", "application.toml", "reports.toml", "payment.toml"):
        shutil.copyfile(PACKAGE_DIR / "hir" / name, folder / name)
    form = (folder / "application.toml").read_text("utf-8")
    form = re.sub(r'(?m)^title = ".*"$', 'title = "Ansøgningsskema for Prøvepuljen"', form)
    (folder / "application.toml").write_text(form, "utf-8")
    monkeypatch.setenv("HIR_POOL_PATH", str(folder.parent))
    return folder


def _untitled_budget() -> openpyxl.Workbook:
    """HIR's example budget with titles that name no pool."""
    wb = openpyxl.load_workbook(EXAMPLES / "budget.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_row=3):
            for cell in row:
                if isinstance(cell.value, str) and "Håndholdt" in cell.value:
                    cell.value = "Budgetskema"
    return wb


def _json(result) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(result.stdout)


def test_the_examples_are_detected_as_hir(run_cli) -> None:  # type: ignore[no-untyped-def]
    data = _json(run_cli("check", "--format", "json", "--today", "2019-07-15", EXAMPLES))
    assert data["pool"] == {"id": "hir", "name": "Håndholdt indsats i ressourceforløb"}
    assert not [f for f in data["findings"] if f["code"].startswith("cross-pool-")]


def test_a_fake_pool_folder_is_listed_and_valid(fake_pool: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    listed = _json(run_cli("pools", "--format", "json"))
    ids = [p["id"] for p in listed]  # the package's pools first, then HIR_POOL_PATH's
    assert (ids[0], ids[-1]) == ("hir", "proeve") and "proeve" not in ids[:-1]
    assert listed[-1]["sources"] == [
        {"name": "prøveopslag", "title": "Opslag for Prøvepuljen (fiktivt)"}
    ]
    result = run_cli("pools", "check", fake_pool)
    assert result.exit_code == 0, result.stdout


def test_a_document_is_checked_against_the_chosen_pool(fake_pool: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    app = EXAMPLES / "ansoegning.docx"  # 1.200.000 kr.: fine for HIR, too much for the fake
    hir = _json(run_cli("check", "--format", "json", app))
    assert "application-amount-range" not in [f["code"] for f in hir["findings"]]
    fake = _json(run_cli("check", "--format", "json", "--pool", "proeve", app))
    assert fake["pool"] == {"id": "proeve", "name": "Prøvepuljen"}
    hit = next(f for f in fake["findings"] if f["code"] == "application-amount-range")
    assert "1.000.000 kr." in hit["message"] + hit["hint"]
    rules = _json(run_cli("rules", "--format", "json", "--pool", "proeve"))
    rule = next(r for r in rules if r["code"] == "application-amount-range")
    assert "1.000.000" in rule["description"]


def test_an_unknown_pool_is_a_clear_error(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("check", "--pool", "nope", EXAMPLES)
    assert result.exit_code == 2
    assert "Puljen 'nope' findes ikke" in result.stderr


def _fake_budget(run_cli, out: Path) -> Path:  # type: ignore[no-untyped-def]
    result = run_cli("forms", out, "--pool", "proeve")
    assert result.exit_code == 0
    return out / "budgetskema.xlsx"


def test_a_budget_naming_the_fake_pool_is_detected(
    fake_pool: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    budget = _fake_budget(run_cli, tmp_path / "skemaer")
    assert openpyxl.load_workbook(budget)["Budget"]["A1"].value == "Budgetskema – Prøvepuljen"
    data = _json(run_cli("check", "--format", "json", budget))
    assert data["pool"]["id"] == "proeve"
    assert not [f for f in data["findings"] if f["code"] == "cross-pool-ambiguous"]


def test_application_and_budget_of_different_pools_is_an_error(
    fake_pool: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "indsendelse"
    folder.mkdir()
    shutil.copyfile(EXAMPLES / "ansoegning.docx", folder / "ansoegning.docx")
    shutil.copyfile(_fake_budget(run_cli, tmp_path / "skemaer"), folder / "budget.xlsx")
    result = run_cli("check", "--format", "json", folder)
    assert result.exit_code == 1
    hit = next(f for f in _json(result)["findings"] if f["code"] == "cross-pool-mismatch")
    assert "Håndholdt indsats i ressourceforløb (HIR)" in hit["message"]
    assert "Prøvepuljen (PRØVE)" in hit["message"]
    assert hit["severity"] == "error"


def test_a_budget_naming_no_pool_is_ambiguous_with_two_pools(
    fake_pool: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    wb = _untitled_budget()
    budget = tmp_path / "budget.xlsx"
    wb.save(budget)
    data = _json(run_cli("check", "--format", "json", budget))
    hit = next(f for f in data["findings"] if f["code"] == "cross-pool-ambiguous")
    assert hit["severity"] == "info"
    assert "nævner ingen af de installerede puljer" in hit["message"]
    assert "Håndholdt indsats i ressourceforløb (HIR)" in hit["message"]
    assert data["pool"]["id"] == "hir"
    # Alone (one pool installed) the same budget is not ambiguous: HIR is the only choice.


def test_a_pool_paid_by_results_is_refused_accounts_not_computed_wrongly(
    fake_pool: Path,
    tmp_path: Path,
    run_cli,  # type: ignore[no-untyped-def]
) -> None:
    (fake_pool / "payment.toml").write_text(
        'model = "results"\nsettlement = "quarter"\n'
        + "".join(
            f'[[events]]\nkey = "e{s}"\nlabel = "Hændelse"\nshare = {s}\nlevel = "participant"\n'
            f'facts = ["first_interview"]\nsource = "prøveopslag"\n'
            for s in (10, 20, 40, 30)
        ),
        "utf-8",
    )
    assert run_cli("pools", "check", fake_pool).exit_code == 0
    result = run_cli(
        "render", "accounts", EXAMPLES / "projektdata.xlsx", "--pool", "proeve",
        "--draft", "--out", tmp_path / "ud", "--today", "2019-07-15",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "udbetaler ikke tilskuddet bagud" in result.stderr


def test_the_module_sheets_are_read_only_for_a_pool_with_the_caseload_plugin(
    fake_pool: Path,
    run_cli,  # type: ignore[no-untyped-def]
) -> None:
    sheet = EXAMPLES / "fraflyttede_borgere.xlsx"
    hir = _json(run_cli("check", "--format", "json", sheet))
    assert hir["documents"][0]["kind"] == "relocated"
    fake = _json(run_cli("check", "--format", "json", "--pool", "proeve", sheet))
    assert fake["documents"][0]["kind"] == "unknown"
    hit = next(f for f in fake["findings"] if f["code"] == "file-unknown-kind")
    assert "puljen Prøvepuljen (PRØVE) bruger ikke det skema" in hit["message"]


def test_the_blank_forms_of_a_pool_come_from_its_folder(
    fake_pool: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    import docx

    out = tmp_path / "skemaer"
    result = run_cli("forms", out, "--pool", "proeve")
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["ansoegningsskema.docx", "budgetskema.xlsx"]
    title = docx.Document(str(out / "ansoegningsskema.docx")).paragraphs[0].text
    assert title == "Ansøgningsskema for Prøvepuljen"
    data = _json(run_cli("check", "--format", "json", out))
    assert data["pool"]["id"] == "proeve"
    assert {d["kind"] for d in data["documents"]} == {"application", "budget"}


@pytest.mark.parametrize(
    "args",
    [
        ("bulk", "INBOX", "--out", "OUT/oversigt.xlsx"),
        ("report", "init", "--application", "APP", "--budget", "BUDGET", "--out", "OUT/p.xlsx"),
        ("render", "final", "PD", "--out", "OUT"),
        ("forms", "OUT"),
        ("rules",),
    ],
)
def test_every_command_with_pool_refuses_an_unknown_pool(
    args: tuple[str, ...],
    tmp_path: Path,
    run_cli,  # type: ignore[no-untyped-def]
) -> None:
    paths = {
        "INBOX": EXAMPLES.parent / "inbox",
        "APP": EXAMPLES / "ansoegning.docx",
        "BUDGET": EXAMPLES / "budget.xlsx",
        "PD": EXAMPLES / "projektdata.xlsx",
    }
    real = [str(paths.get(a, a)).replace("OUT", str(tmp_path / "ud")) for a in args]
    result = run_cli(*real, "--pool", "nope")
    assert result.exit_code == 2, result.stdout
    installed = ", ".join(pool_ids())
    assert f"Puljen 'nope' findes ikke (installerede puljer: {installed})" in result.stderr


def test_report_init_and_bulk_with_the_chosen_pool(
    fake_pool: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "projektdata.xlsx"
    result = run_cli(
        "report", "init", "--application", EXAMPLES / "ansoegning.docx",
        "--budget", EXAMPLES / "budget.xlsx", "--out", out, "--pool", "proeve",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    guide = openpyxl.load_workbook(out).worksheets[0]
    assert guide["A1"].value == "Projektdata til rapportering – Prøvepuljen (hir-docs projektdata)"
    # a pool without the caseload plug-in has no point about its sheet; the points count on
    texts = [c.value for c in guide["A"] if isinstance(c.value, str)]
    numbers = [int(t.split(".")[0]) for t in texts if re.match(r"\d+\. ", t)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert not [t for t in texts if t.startswith(tuple(f"{n}. Sagsstammer" for n in numbers))]
    summary = run_cli(
        "bulk", EXAMPLES.parent / "inbox", "--out", tmp_path / "o.xlsx", "--format", "json",
        "--pool", "proeve",
    )  # fmt: skip
    assert json.loads(summary.stdout)["pool_available"] == 19_000_000


def test_report_init_follows_the_pool_the_application_names(
    fake_pool: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    """Without --pool, `report init` takes the pool the application's title names, and
    refuses an application and a budget of different pools."""
    forms = tmp_path / "skemaer"
    run_cli("forms", forms, "--pool", "proeve")
    out = tmp_path / "projektdata.xlsx"
    result = run_cli(
        "report", "init", "--application", forms / "ansoegningsskema.docx",
        "--budget", EXAMPLES / "budget.xlsx", "--out", out,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "hører til puljen Prøvepuljen" in result.stderr
    assert "Håndholdt indsats i ressourceforløb" in result.stderr
    assert not out.exists()
    result = run_cli(
        "report", "init", "--application", forms / "ansoegningsskema.docx",
        "--budget", forms / "budgetskema.xlsx", "--out", out,
    )  # fmt: skip
    # the blank forms have no budget lines: refused, but read as the fake pool's documents
    assert "ingen budgetlinjer" in result.stderr


def test_a_pdf_application_is_checked_against_the_pool_its_title_names(
    fake_pool: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    import docx
    from test_pdf_helpers import write_pdf

    from hir_docs.forms.application import write_application

    source = tmp_path / "kilde.docx"
    write_application(source, None, style="headings")  # 1.200.000 kr. requested
    lines: list[str] = []
    for para in docx.Document(str(source)).paragraphs:
        text = para.text.replace(
            "Ansøgningsskema for Pulje til Håndholdt ressourceforløb",
            "Ansøgningsskema for Prøvepuljen",
        )
        lines.extend(text.split("\n") + [""])
    pdf = write_pdf(
        tmp_path / "ansoegning.pdf", [lines[i : i + 50] for i in range(0, len(lines), 50)]
    )
    data = _json(run_cli("check", "--format", "json", pdf))
    assert data["pool"]["id"] == "proeve"
    hit = next(f for f in data["findings"] if f["code"] == "application-amount-range")
    assert "1.000.000 kr." in hit["message"] + hit["hint"]


def test_an_annotated_copy_following_the_application_stays_flagged(
    fake_pool: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    """A budget naming no pool follows the application's pool: read again as the first
    time, as our annotated copy (checked without our comments, still flagged)."""
    from annotate_helpers import annotate

    wb = _untitled_budget()
    plain = tmp_path / "kilde" / "budget.xlsx"
    plain.parent.mkdir()
    wb.save(plain)
    _, copies, _ = annotate([plain], tmp_path / "kopier")
    folder = tmp_path / "indsendelse"
    folder.mkdir()
    run_cli("forms", tmp_path / "skemaer", "--pool", "proeve")
    shutil.copyfile(tmp_path / "skemaer" / "ansoegningsskema.docx", folder / "ansoegning.docx")
    copy = next(p for p in copies if p.suffix == ".xlsx")
    shutil.copyfile(copy, folder / copy.name)
    data = _json(run_cli("check", "--format", "json", folder))
    assert data["pool"]["id"] == "proeve"
    mine = [f for f in data["findings"] if f["file"].endswith(copy.name)]
    assert [f["code"] for f in mine].count("file-annotated-copy") == 1
    assert not [f for f in mine if f["code"].startswith("cross-pool-")]
