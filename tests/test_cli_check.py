"""The command line for applications: exit codes, JSON contract, Danish text, rules, forms."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from hir_docs.forms.application import write_application
from hir_docs.forms.application_layout import CONTRACT_KEYS

CLI = Callable[..., Result]
FINDING_KEYS = {"code", "severity", "file", "field", "location", "message", "hint"}


def test_valid_application_exits_0(tmp_path: Path, run_cli: CLI) -> None:
    path = tmp_path / "ansoegning.docx"
    write_application(path)
    result = run_cli("check", path)
    assert result.exit_code == 0, result.output
    assert f"{path}  (ansøgningsskema)" in result.output
    assert "Ingen fejl fundet" in result.output


def test_json_contract(tmp_path: Path, run_cli: CLI) -> None:
    path = tmp_path / "ansoegning.docx"
    write_application(path, {"requested_amount": "2.500.000 kr.", "strategy": ""})
    result = run_cli("check", path, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert set(report) == {"valid", "counts", "pool", "documents", "findings"}
    assert report["pool"] == {"id": "hir", "name": "Håndholdt indsats i ressourceforløb"}
    assert report["valid"] is False
    assert set(report["counts"]) == {"error", "warning", "info"}
    assert report["counts"]["error"] == 2
    [doc] = report["documents"]
    assert set(doc) == {"file", "kind", "fields"}
    assert (doc["file"], doc["kind"]) == (str(path), "application")
    assert list(doc["fields"]) == list(CONTRACT_KEYS)
    assert doc["fields"]["requested_amount"] == 2_500_000
    assert doc["fields"]["passive_share_target"] == {"low": 15.0, "high": 18.0}
    assert doc["fields"]["municipality_code"] == "791"
    by_code = {f["code"]: f for f in report["findings"]}
    assert set(by_code) == {"application-amount-range", "application-field-missing"}
    for f in report["findings"]:
        assert set(f) >= FINDING_KEYS
        assert f["severity"] == "error" and f["file"] == str(path)
    assert by_code["application-field-missing"]["field"] == "strategy"
    assert by_code["application-amount-range"]["location"] == "Økonomi › Angiv det ansøgte beløb"


def test_text_output_is_danish_and_grouped_by_file(tmp_path: Path, run_cli: CLI) -> None:
    good, bad = tmp_path / "a_viborg.docx", tmp_path / "b_fejl.docx"
    write_application(good)
    write_application(
        bad, {"municipality": "Region Midtjylland", "contact": "Mette, e-mail mette@"}
    )
    result = run_cli("check", good, bad)
    assert result.exit_code == 1
    out = result.output
    good_part = out[
        out.index(f"{good}  (ansøgningsskema)") : out.index(f"{bad}  (ansøgningsskema)")
    ]
    assert "application-" not in good_part  # only submission-level notes (e.g. budget missing)
    bad_part = out[out.index(f"{bad}  (ansøgningsskema)") :]
    assert "FEJL" in bad_part and "ADVARSEL" in bad_part
    assert "E-mailadressen »mette@« ser forkert ud" in bad_part
    assert "»Region Midtjylland« er ikke en af landets 98 kommuner" in bad_part
    assert "Sådan retter du:" in bad_part and "[Ansøger › Kommune]" in bad_part
    # Errors are listed before warnings within the file.
    assert bad_part.index("FEJL") < bad_part.index("ADVARSEL")
    assert "Der er fejl, som skal rettes" in out


def test_submitted_after_deadline(tmp_path: Path, run_cli: CLI) -> None:
    path = tmp_path / "a.docx"
    write_application(path)
    assert run_cli("check", path, "--submitted", "2017-12-11 23:59").exit_code == 0
    late = run_cli("check", path, "--submitted", "2017-12-12 00:01", "--format", "json")
    assert late.exit_code == 1
    assert [f["code"] for f in json.loads(late.output)["findings"]] == [
        "application-submitted-late"
    ]


def test_usage_errors_exit_2(tmp_path: Path, run_cli: CLI) -> None:
    assert run_cli("check").exit_code == 2
    assert run_cli("check", tmp_path / "findes-ikke.docx").exit_code == 2
    path = tmp_path / "a.docx"
    write_application(path)
    bad_date = run_cli("check", path, "--submitted", "i går")
    assert bad_date.exit_code == 2 and "fx '2017-12-11 14:30'" in bad_date.output


def test_rules_lists_codes_with_sources(run_cli: CLI) -> None:
    result = run_cli("rules")
    assert result.exit_code == 0
    out = result.output
    for code in (
        "application-field-missing",
        "application-amount-range",
        "application-cvr-invalid",
        "application-submitted-late",
        "file-xml-entities",
    ):
        assert code in out
    block = out[out.index("application-submitted-late") :]
    assert "Kilde: puljeopslag, Ansøgning og ansøgningsfrist; Q&A 2018, spørgsmål 21" in block


def test_forms_writes_blank_form_and_refuses_overwrite(tmp_path: Path, run_cli: CLI) -> None:
    out = tmp_path / "skemaer"
    first = run_cli("forms", out)
    assert first.exit_code == 0
    form = out / "ansoegningsskema.docx"
    assert form.exists() and f"Skrevet: {form}" in first.output
    stamp = form.stat().st_mtime_ns
    again = run_cli("forms", out)
    assert again.exit_code == 2 and "Fejl:" in again.output
    assert form.stat().st_mtime_ns == stamp
    assert run_cli("forms", out, "--force").exit_code == 0
    # The blank form is recognised and every field is reported as a placeholder.
    check = run_cli("check", form, "--format", "json")
    assert check.exit_code == 1
    report = json.loads(check.output)
    assert report["documents"][0]["kind"] == "application"
    missing = [f for f in report["findings"] if f["code"] == "application-field-missing"]
    assert len(missing) == 14 and all("pladsholdertekst" in f["message"] for f in missing)


def test_python_m_runs_the_command_line() -> None:
    """``python -m hir_docs.cli`` is the hir-docs command (scripts without the console
    script, the benchmarks' runs of another commit)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    budget = root / "examples" / "viborg" / "budget.xlsx"
    out = subprocess.run(
        [sys.executable, "-m", "hir_docs.cli", "check", str(budget)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0 and "Ingen fejl fundet" in out.stdout
