"""``hir-docs render``: status report, final report and accounts from project data, each
with its machine-readable annex (``render.annex``), dated with the report date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from hir_docs.files.failures import technical_name
from hir_docs.files.ooxml import set_dates
from hir_docs.files.output import atomic_write, ensure_writable
from hir_docs.findings import HirDocsError
from hir_docs.model import Registration, RelocatedRow
from hir_docs.model.projectdata import ProjectData, parse_period
from hir_docs.pools import Pool, load_pool
from hir_docs.render.accounts import write_accounts_cover, write_accounts_xlsx
from hir_docs.render.annex import annex_json, annex_path, build_annex
from hir_docs.render.context import final_context, status_context
from hir_docs.render.context.shared import report_date as printed_date
from hir_docs.render.docx_render import load_template, render_docx
from hir_docs.render.pdf import write_pdf

REPORTS = ("status", "final", "accounts")
Writer = Callable[[Path], None]


def ensure_safe(path: Path) -> None:
    """HirDocsError on the first problem the safety pass (size, zip, XML, cell ranges
    beyond Excel's grid) finds in ``path``: it runs before any parser sees the file."""
    from hir_docs.files.safety import inspect_file

    problems = inspect_file(path)
    if problems:
        first = problems[0]
        hint = f" {first.hint}" if first.hint else ""
        raise HirDocsError(f"{path.name} kan ikke bruges: {first.message}{hint}")


def unreadable(path: Path, exc: BaseException) -> HirDocsError:
    """The error for a workbook whose parser failed."""
    return HirDocsError(
        f"{path.name} kunne ikke læses (teknisk årsag: {technical_name(exc)}). Åbn den i "
        "Excel, gem den igen, og prøv på ny."
    )


def ensure_projectdata(path: Path) -> None:
    """HirDocsError unless ``path`` is a project-data workbook that is safe to parse: the
    safety pass (size, zip, XML, cell ranges beyond Excel's grid) runs before any parser."""
    from hir_docs.readers.base import make_probe
    from hir_docs.readers.projectdata import detect

    if path.suffix.lower() != ".xlsx":
        raise HirDocsError(f"{path.name} er ikke en projektdata-projektmappe (.xlsx).")
    ensure_safe(path)
    try:
        if not detect(make_probe(path)):
            raise HirDocsError(
                f"{path.name} er ikke en projektdata-projektmappe. Opret projektdata ud fra "
                "den godkendte ansøgning og det godkendte budget (på siden Rapporter eller "
                "med hir-docs report init)."
            )
    except HirDocsError:
        raise
    except Exception as exc:
        raise unreadable(path, exc) from exc


def load_projectdata(path: Path, pool: Pool | None = None) -> ProjectData:
    """Read a project-data workbook of ``pool`` (default: the default pool); HirDocsError
    when it is not one or is unsafe."""
    from hir_docs.readers.projectdata import read_projectdata

    ensure_projectdata(path)
    try:
        return read_projectdata(path, pool)
    except HirDocsError:
        raise
    except Exception as exc:
        raise unreadable(path, exc) from exc


def check_kind(report: str) -> None:
    if report not in REPORTS:
        raise HirDocsError(f"Ukendt rapport '{report}'. Vælg status, final eller accounts.")


def _period(report: str, raw: str | None, data: ProjectData) -> str | None:
    if report == "final":
        if raw:
            raise HirDocsError("Slutrapporten dækker hele projektperioden; udelad --period.")
        return None
    if raw is None:
        if report == "accounts":
            return None  # the final accounts
        default = data.default_period()
        if default is None:
            raise HirDocsError("Projektdata har ingen halvår. Angiv --period, fx 2018-H1.")
        return default
    period = parse_period(raw)
    if data.periods and period not in data.periods:
        raise HirDocsError(
            f"{period} ligger uden for projektperioden. Vælg et af: {', '.join(data.periods)}."
        )
    if report == "accounts":  # only the half-years that have part accounts of their own
        from hir_docs.model.accounts import ensure_part_period

        ensure_part_period(data, period)
    return period


def _registrations(path: Path | None) -> list[Registration] | None:
    if path is None:
        return None
    from hir_docs.readers.citizens import read_registrations

    ensure_safe(path)
    try:
        return read_registrations(path)
    except Exception as exc:
        raise HirDocsError(
            f"{path.name} kunne ikke læses som registreringsskema (teknisk årsag: "
            f"{technical_name(exc)})."
        ) from exc


def _plan(
    report: str,
    data: ProjectData,
    period: str | None,
    registrations: list[Registration] | None,
    template: Path | None,
    pool: Pool,
    draft: bool = False,
    day: dt.date | None = None,
    relocated: list[RelocatedRow] | None = None,
) -> list[tuple[str, Writer]]:
    """(file name, writer) for each output file of the ``report`` (``day``: the report
    date printed in a status or final report)."""
    dated = {"report_date": printed_date(day)}
    if report == "status":
        assert period is not None
        ctx = status_context(data, period, registrations, pool, draft, relocated) | dated

        def status(p: Path) -> None:
            render_docx(load_template("status.docx", template, pool), ctx, p)

        return [(f"statusrapport_{period}.docx", status)]
    if report == "final":
        fctx = final_context(data, pool, draft) | dated

        def final(p: Path) -> None:
            render_docx(load_template("final.docx", template, pool), fctx, p)

        return [("slutrapport.docx", final)]
    stem = f"delregnskab_{period}" if period else "regnskab"

    def xlsx(p: Path) -> None:
        write_accounts_xlsx(data, period, p, pool, draft)

    def cover(p: Path) -> None:
        write_accounts_cover(data, period, p, pool, template, draft)

    return [(f"{stem}.xlsx", xlsx), (f"{stem}_forside.docx", cover)]


def render_report(
    report: str,
    projectdata: Path,
    out_dir: Path,
    *,
    period: str | None = None,
    registrations: Path | None = None,
    pdf: bool = False,
    template: Path | None = None,
    force: bool = False,
    draft: bool = False,
    data: ProjectData | None = None,
    registration_rows: list[Registration] | None = None,
    relocated_rows: list[RelocatedRow] | None = None,
    report_date: dt.date | None = None,
    annexes: list[Path] | None = None,
    pool: Pool | None = None,
) -> list[Path]:
    """Render one report (status | final | accounts); return the documents written
    (.docx / .xlsx, then the .pdf copies).

    Each document is written with its machine-readable annex beside it (``render.annex``:
    the same base name, ``.json``; one for the accounts' workbook and cover together);
    the annexes written are appended to ``annexes`` when a list is given.
    ``report_date``: the date printed in a status or final report and stamped into every
    file's properties (today when None; pass it for reproducible files).
    ``draft``: every page's header starts with "UDKAST". ``data``: the project data
    already read from ``projectdata`` (read here when None); ``registration_rows``: the
    rows already read from ``registrations`` (read here when None); ``relocated_rows``: the
    relocated-citizens sheet's rows (a status report counts the moves of its half-year)."""
    check_kind(report)
    pool = pool or load_pool()
    day = report_date or dt.date.today()
    data = data if data is not None else load_projectdata(projectdata, pool)
    chosen = _period(report, period, data)
    regs = None
    if report == "status":
        regs = registration_rows if registration_rows is not None else _registrations(registrations)
    plan = _plan(report, data, chosen, regs, template, pool, draft, day, relocated_rows)
    document = plan[0][0]
    annex = (
        annex_path(out_dir / document).name,
        _annex_writer(report, data, chosen, pool, document, day, draft),
    )
    targets = [out_dir / name for name, _ in plan]
    if pdf:
        targets += [t.with_suffix(".pdf") for t in targets]
    targets.append(out_dir / annex[0])
    for target in targets:
        if target.resolve() == projectdata.resolve():
            raise HirDocsError(f"{target} er inddata og overskrives ikke. Vælg en anden --out.")
        ensure_writable(target, force)
    if pdf:  # plan, then write: nothing is written when the PDF cannot be made
        from hir_docs.files.office import find_soffice

        if find_soffice() is None:
            raise HirDocsError(
                "Der er ikke lavet nogen rapport: PDF kræver LibreOffice, som ikke er "
                "installeret. Installér LibreOffice (fx 'apt-get install "
                "libreoffice-writer-nogui libreoffice-calc-nogui'), eller lav rapporten uden "
                "PDF og gem den som PDF fra Word/Excel."
            )
    written = [
        atomic_write(out_dir / name, _dated(writer, day), force=force) for name, writer in plan
    ]
    if pdf:
        written += [write_pdf(p, force, day) for p in list(written)]
    made = atomic_write(out_dir / annex[0], annex[1], force=force)
    if annexes is not None:
        annexes.append(made)
    return written


def _dated(writer: Writer, day: dt.date) -> Writer:
    """``writer``, then the file's created/modified properties set to the report date."""

    def write(path: Path) -> None:
        writer(path)
        set_dates(path, day)

    return write


def _annex_writer(
    report: str,
    data: ProjectData,
    period: str | None,
    pool: Pool,
    document: str,
    day: dt.date,
    draft: bool,
) -> Writer:
    """Writes the annex of ``document`` (built before anything is written)."""
    text = annex_json(build_annex(report, data, period, pool, document, day, draft))

    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def check_template(path: Path) -> list[str]:
    """Variables and fields the template uses that hir-docs does not provide (sorted)."""
    if path.suffix.lower() != ".docx":
        raise HirDocsError(f"{path.name}: en skabelon skal være et Word-dokument (.docx).")
    from hir_docs.render.tplcheck import unknown_names

    if not path.exists():
        raise HirDocsError(f"{path} findes ikke.")
    return unknown_names(path)
