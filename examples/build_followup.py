"""Write examples/followup/: a small follow-up inbox for STAR (``hir-docs followup``).

Three funded projects, all fictional and all built from the Viborg example's project data
(examples/viborg/projektdata.xlsx), one folder each, with the annexes (.json) of the
reports they have sent:

- Viborg: everything on time; the final report, the final accounts and the auditor's
  statement have arrived, so STAR can pay the rest of the grant.
- Skive: one caseworker's caseload is over the limit in one month; the status report for 2. halvår 2018 and the final report and accounts are
  overdue; the part accounts for 2. halvår 2018 arrived, but STAR has not paid them: the
  payment is held back until the status report arrives.
- Randers: everything on time, but the Budget sheet moves 10.000 kr. from line L1 to L3
  without STAR's written approval: the final payment is held back.

Deterministic: running it twice gives identical bytes. Run:
    .venv/bin/python examples/build_followup.py
then  hir-docs followup examples/followup --today 2019-07-15 --out out/opfoelgning.xlsx
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import sys
from pathlib import Path

from hir_docs.api import read_approved
from hir_docs.findings import DocKind
from hir_docs.model.grant import record_from
from hir_docs.model.projectdata import ProjectData
from hir_docs.pools import load_pool
from hir_docs.render.annex import annex_json, build_annex
from hir_docs.render.workbook import write_projectdata

HERE = Path(__file__).resolve().parent
VIBORG = HERE / "viborg" / "projektdata.xlsx"
OUT = HERE / "followup"
FINAL_SENT = dt.date(2019, 6, 26)
PART_SENT = dt.date(2019, 2, 22)


def _pdf(text: str) -> bytes:
    """A one-page PDF with one line of text (the fictional auditor's statement)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _annex(
    folder: Path, data: ProjectData, report: str, period: str | None, name: str, day: dt.date
) -> None:
    annex = build_annex(report, data, period, load_pool(), name, day)
    (folder / Path(name).with_suffix(".json").name).write_text(annex_json(annex), "utf-8")


def _renamed(data: ProjectData, town: str, code: str, journal: str) -> ProjectData:
    out = copy.deepcopy(data)
    out.municipality, out.municipality_code = f"{town} Kommune", code
    out.project_name = (data.project_name or "").replace("Viborg", town)
    out.journal_number = journal
    out.cvr = None
    out.approved = record_from(out)  # the grant record STAR gave this municipality
    return out


def _final_annexes(folder: Path, data: ProjectData) -> None:
    _annex(folder, data, "final", None, "slutrapport.docx", FINAL_SENT)
    _annex(folder, data, "accounts", None, "regnskab.xlsx", FINAL_SENT)
    (folder / "revisorerklaering.pdf").write_bytes(
        _pdf("Revisorerklaering paa det endelige regnskab (fiktiv)")
    )


def build(out: Path = OUT) -> Path:
    viborg: ProjectData = read_approved(VIBORG, DocKind.PROJECTDATA)
    if out.exists():
        shutil.rmtree(out)

    # Viborg: on time.
    folder = out / "Viborg"
    folder.mkdir(parents=True)
    shutil.copyfile(VIBORG, folder / "projektdata.xlsx")
    _final_annexes(folder, viborg)

    # Skive: overdue; the part accounts 2018-H2 arrived and are not paid yet.
    skive = _renamed(viborg, "Skive", "779", "2017-0101 (fiktivt)")
    for rep in skive.reports:
        if rep.key in ("status:2018-H2", "final", "accounts"):
            rep.submitted = None
    skive.instalments = [i for i in skive.instalments if i.period == "2018-H1"]
    worker = skive.caseworkers[0]  # one month over the caseload limit (40 cases, 37 hours)
    worker.totals[max(worker.totals)] = 40
    folder = out / "Skive"
    folder.mkdir()
    write_projectdata(folder / "projektdata.xlsx", skive, force=True)
    _annex(folder, skive, "accounts", "2018-H2", "delregnskab_2018-H2.xlsx", PART_SENT)

    # Randers: on time, but 10.000 kr. moved from L1 to L3 without STAR's approval.
    randers = _renamed(viborg, "Randers", "730", "2017-0102 (fiktivt)")
    for line in randers.lines:
        if line.key == "L1":
            line.budget, line.approved_amounts = 1_130_000, {2018: 912_000, 2019: 218_000}
        if line.key == "L3":
            line.budget, line.approved_amounts = 30_000, {2018: 5_000, 2019: 25_000}
    folder = out / "Randers"
    folder.mkdir()
    write_projectdata(folder / "projektdata.xlsx", randers, force=True)
    _final_annexes(folder, randers)
    return out


def main() -> int:
    print(build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
