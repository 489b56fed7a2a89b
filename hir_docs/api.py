"""The library API: the few typed functions every front end (command line, web) calls.

Plain data in and out: no printing, no exit codes, no click. A problem in the user's
documents is a ``Finding`` in the returned ``Report``; only "cannot continue" (an output
exists, an argument is wrong, an input is not what the command needs) raises
``HirDocsError`` with a Danish message the front end shows as it is.

The flow behind each function:

- ``check``: files -> safe open -> classify -> read by label -> rules -> ``Report``
- ``init_projectdata`` / ``render_report``: approved documents -> project data -> reports
- ``bulk``: inbox -> the same pipeline per submission, in parallel -> overview workbook
- ``annotate``: ``check``, then copies of the user's .docx/.xlsx with the findings as
  comments at the answers and cells (``hir_docs.annotate``)

Not thread-safe: the parsed-sheet cache is module-level state (``files/sheetcache``), and
reading a file mutes file descriptor 2 and swaps ``sys.stdout``/``sys.stderr`` for the
whole process (``files/failures``). Call it from one thread per process; the web app
therefore runs every check, report and inbox in worker processes (``hir_docs.web.jobs``),
where ``JobTimeUp`` (raised by the caller's time limit) stops a run instead of becoming a
finding on the file being read.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from hir_docs.bulk.model import BulkResult
    from hir_docs.bulk.run import Progress
    from hir_docs.followup.model import FollowupResult
    from hir_docs.render.payments import Grant as Grant  # what a grant letter says

from hir_docs.files.failures import JobTimeUp
from hir_docs.files.output import ensure_writable
from hir_docs.findings import DocKind, Document, Finding, HirDocsError, Report, Severity
from hir_docs.pipeline import check_paths, process_file
from hir_docs.pools import Pool, PoolError, all_pools, load_pool, load_pool_dir
from hir_docs.rules import RULES, CheckOptions, Rule, applies_to, rule_text_problems
from hir_docs.rules.registry import catalogue
from hir_docs.values import parse_datetime
from hir_docs.values import parse_user_date as parse_date

M = TypeVar("M")  # a model type (``Document.model``)

# Reports, annotated copies, blank forms and the bulk overview pull in matplotlib,
# docxtpl and openpyxl (~0.8 s of imports); ``check`` needs none of them, so the functions
# below import them when they are called.


__all__ = [
    "Annotated",
    "BulkResult",
    "HirDocsError",
    "JobTimeUp",
    "Progress",
    "Report",
    "Rule",
    "annotate",
    "annotate_report",
    "bulk",
    "check",
    "check_in",
    "check_template",
    "extract_zip",
    "grant_decisions",
    "grant_letters",
    "followup",
    "FollowupResult",
    "init_projectdata",
    "init_projectdata_from_grant",
    "parse_date",
    "parse_datetime",
    "pdf_available",
    "read_approved",
    "relative_report",
    "RenderRefused",
    "RenderResult",
    "render_report",
    "rules",
    "write_blank_forms",
]


def _pool_id(pool: str | None) -> str | None:
    """An explicit pool choice, checked (an unknown id raises ``PoolError``: exit code 2)."""
    return load_pool(pool).id if pool else None


def check(
    paths: Iterable[Path],
    *,
    submitted: dt.datetime | None = None,
    snapshot_dates: Iterable[dt.date] = (),
    today: dt.date | None = None,
    pool: str | None = None,
) -> Report:
    """Check files and folders as one submission (or several, grouped by municipality).

    Returns the ``Report``: every document read (kind and fields) and every finding.
    ``report.valid`` is False when any finding is an error. Never raises for a bad
    input file: a broken or hostile file is one finding naming it.
    """
    options = CheckOptions(
        submitted=submitted, snapshot_dates=tuple(snapshot_dates), today=today, pool=_pool_id(pool)
    )
    return check_paths(list(paths), options)


def warm_up() -> None:
    """Load now what a check loads late, with its first file of a kind: lxml (a Word
    file) and the sheet guard's RE2 pattern (a sheet). For a server's fresh worker, whose
    first user should not wait for them; a single check never needs to call it."""
    from lxml import etree  # type: ignore[import-untyped]  # noqa: F401

    from hir_docs.files.sheetguard import fast_pass_pattern

    fast_pass_pattern()


@dataclass
class Annotated:
    """What ``annotate`` did: the check's report, the copies written and notes (INFO
    findings) about inputs that got no copy."""

    report: Report
    written: list[Path]
    notes: list[Finding]


def annotate(
    paths: Iterable[Path],
    outdir: Path,
    *,
    force: bool = False,
    submitted: dt.datetime | None = None,
    snapshot_dates: Iterable[dt.date] = (),
    today: dt.date | None = None,
    pool: str | None = None,
) -> Annotated:
    """Check ``paths`` and write annotated copies of the Word and Excel files into
    ``outdir`` (``<name> (kommenteret).docx/.xlsx``): the findings as Word comments (dated
    ``today``, else when the file was last saved), Excel notes with coloured cells and a
    first sheet listing every finding; each copy is marked as an annotated copy. A copy
    given again is read and annotated without our previous round.

    Returns ``Annotated(report, written, notes)``; ``written`` are the paths written.
    Raises HirDocsError when a copy exists and ``force`` is off (nothing is written then).
    """
    dates = tuple(snapshot_dates)
    report = check(paths, submitted=submitted, snapshot_dates=dates, today=today, pool=pool)
    written, notes = annotate_report(
        report,
        outdir,
        force=force,
        submitted=submitted,
        snapshot_dates=dates,
        today=today,
        pool=pool,
    )
    return Annotated(report, written, notes)


def annotate_report(
    report: Report,
    outdir: Path,
    *,
    force: bool = False,
    root: Path | None = None,
    submitted: dt.datetime | None = None,
    snapshot_dates: Iterable[dt.date] = (),
    today: dt.date | None = None,
    pool: str | None = None,
) -> tuple[list[Path], list[Finding]]:
    """Write annotated copies for a report already made by ``check`` (or ``check_in`` with
    its ``root``), given the same options as that check (``submitted``, ``snapshot_dates``,
    ``today``), so rows past the 25 shown per rule are found again and marked too.
    ``today``: also the date on the Word comments (default: when each file was last saved).
    Returns (paths written, INFO findings for inputs that got no copy)."""
    from hir_docs.annotate.copies import annotate_report as write_copies

    options = CheckOptions(
        submitted=submitted, snapshot_dates=tuple(snapshot_dates), today=today, pool=_pool_id(pool)
    )
    return write_copies(report, outdir, force=force, root=root, today=today, options=options)


def write_blank_forms(outdir: Path, *, force: bool = False, pool: str | None = None) -> list[Path]:
    """Write the blank official forms (application, budget, citizen sheets) of ``pool``
    (default HIR) to ``outdir``. Returns the paths written, sorted by file name."""
    from hir_docs.forms.blank import write_blank_forms as write

    return write(outdir, force=force, pool=load_pool(pool) if pool else None)


def pool(pool_id: str | None = None) -> Pool:
    """An installed pool by id (default HIR); an unknown id raises ``PoolError``."""
    return load_pool(pool_id)


def pools() -> list[Pool]:
    """Every installed pool (this package's folders and those of ``HIR_POOL_PATH``)."""
    return all_pools()


def check_pool(folder: Path) -> list[str]:
    """Everything wrong with a pool folder, in Danish (empty: the pool can be used): its
    structure, its texts' placeholders, its payment shares, and every rule text of the
    catalogue whose placeholders name facts the pool lacks."""
    from hir_docs.pools.check import problems
    from hir_docs.pools.texts import NAMES, placeholders

    found = problems(folder)
    try:
        pool = load_pool_dir(folder)
    except PoolError:
        return found  # the structure is wrong: problems() says where
    # Every fact a rule's texts name must be declared: with a value, or unknown (the rule is
    # then off for this pool). One line per missing fact, naming the rules that need it.
    needs: dict[str, list[str]] = {}
    for rule in catalogue():
        if rule.off(pool):  # a check this pool does not run needs none of its facts
            continue
        for template in (rule.source_template, rule.description_template, rule.hint_template):
            for name in placeholders(template):
                if name not in NAMES and name not in pool.facts:
                    codes = needs.setdefault(name, [])
                    if rule.code not in codes:
                        codes.append(rule.code)
    file = folder / "pool.toml"
    found += [
        f"Puljefilen {file}: nøglen 'facts.{name}' mangler; "
        f"{'reglen' if len(codes) == 1 else 'reglerne'} {', '.join(codes)} bruger den (giv "
        'værdien med kilde, eller skriv status = "unknown", så er de slået fra).'
        for name, codes in sorted(needs.items())
    ]
    found += rule_text_problems(pool)  # rules.toml: codes and message keys that exist
    return found


def payment(
    register: Path,
    *,
    pool: str | None = None,
    grant: Any = None,
    out: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> tuple[Any, Report]:
    """The payment computation of a register (a pool paid by results or by an instalment
    the activity requirement releases): the register is read and checked as by ``check``;
    ``grant`` (``render.payments.Grant``) holds what the grant letter says. Returns the
    result (Danish text, JSON data, files written into ``out``) and the check's report.
    HirDocsError when the file is no such register or the grant letter's figures are
    missing."""
    from hir_docs.render.payments import compute

    options = CheckOptions(pool=_pool_id(pool), today=today)
    doc, findings = process_file(register, options)
    report = Report(documents=[doc], findings=list(findings))
    chosen = load_pool(doc.pool.pool if doc.pool is not None else pool)
    report.pool = {"id": chosen.id, "name": chosen.name}
    if out is not None and out.exists() and not out.is_dir():
        raise HirDocsError(f"{out} er en fil; angiv en mappe til opgørelsen.")
    result = compute(doc, chosen, grant or Grant(), out, force=force)
    return result, report


def rules(pool: str | None = None) -> list[Rule]:
    """The rule catalogue of ``pool`` (default: the default pool): every rule with code,
    severity, document kind, description and source, grouped by document kind — without
    the rules of plug-ins the pool does not have (another pool's registers and sheets).
    A rule off for another reason (a fact the pool does not know, another payment model)
    stays listed, marked off."""
    chosen = load_pool(pool)
    return [
        r
        for r in catalogue()
        if (r.plugin is None or r.plugin in chosen.plugins) and applies_to(r.code, chosen)
    ]


def read_approved(path: Path, kind: DocKind, pool: str | None = None) -> Any:
    """The model of an approved document of ``kind``; HirDocsError when it is not one."""
    return _approved(path, kind, CheckOptions(pool=_pool_id(pool))).model


def _approved(path: Path, kind: DocKind, options: CheckOptions) -> Document:
    doc, findings = process_file(path, options)
    if doc.kind != kind or doc.model is None:
        what = kind.label
        reasons = "; ".join(f.message for f in findings[:2]) or f"filen ligner ikke et {what}"
        raise HirDocsError(
            f"{path.name} kunne ikke læses som {what} ({reasons}). "
            f"Angiv det godkendte {what} (.docx/.xlsx fra puljens skabelon)."
        )
    return doc


def init_projectdata(
    application: Path, budget: Path, out: Path, *, force: bool = False, pool: str | None = None
) -> Path:
    """Write a project-data workbook pre-filled from the approved application and budget.

    Returns the path written. Raises HirDocsError when ``out`` exists (without ``force``)
    or an input is not an approved application form / budget workbook.
    """
    if out.suffix.lower() != ".xlsx":
        raise HirDocsError(f"{out.name}: projektdata skal gemmes som .xlsx, fx projektdata.xlsx.")
    if out.exists():  # refuse before reading; no folder is made for a run that fails
        ensure_writable(out, force)
    # The pool: --pool, else the one the application's title names (then the budget follows
    # it, as in a check of the submission); a budget naming another pool is refused.
    explicit = _pool_id(pool)
    app_doc = _approved(application, DocKind.APPLICATION, CheckOptions(pool=explicit))
    chosen = app_doc.pool.pool if app_doc.pool is not None else explicit
    bud_doc = _approved(budget, DocKind.BUDGET, CheckOptions(pool=explicit, submission_pool=chosen))
    if bud_doc.pool is not None and bud_doc.pool.pool != chosen:
        raise HirDocsError(
            f"{application.name} hører til puljen {load_pool(chosen).name}, men {budget.name} "
            f"til puljen {load_pool(bud_doc.pool.pool).name}. Angiv ansøgning og budget fra "
            "samme pulje, eller vælg puljen."
        )
    app, bud = app_doc.model, bud_doc.model
    if not bud.lines:
        raise HirDocsError(
            f"{budget.name} indeholder ingen budgetlinjer. Angiv det godkendte budgetskema."
        )
    from hir_docs.render.init import write_initial_projectdata

    return write_initial_projectdata(app, bud, out, force=force, pool=load_pool(chosen))


@dataclass
class InitResult:
    """What ``init_projectdata_from_grant`` did: the project data written and the findings
    about it (a grant below the budget: "revideret budget")."""

    path: Path
    report: Report


def init_projectdata_from_grant(
    grant: Path,
    application: Path,
    budget: Path,
    out: Path,
    *,
    force: bool = False,
    pool: str | None = None,
) -> InitResult:
    """Write a project-data workbook from STAR's grant record (``grant``, the
    tilsagn_<kode>.json sent with the grant letter) and the approved application and
    budget: the grant, the approved budget lines and income, the journal number, the
    project period and the deadlines are the record's, exactly.

    Raises HirDocsError when the record is not one, was edited (its fingerprint does not
    match), belongs to another municipality or pool than the application, or ``out``
    exists (without ``force``). A grant below what the budget asks for is a finding
    (``projectdata-grant-revised-budget``) in the returned report."""
    from hir_docs.grants.record import load_record
    from hir_docs.render.init import write_projectdata_from_grant
    from hir_docs.rules.grants import revised_budget_findings

    if out.suffix.lower() != ".xlsx":
        raise HirDocsError(f"{out.name}: projektdata skal gemmes som .xlsx, fx projektdata.xlsx.")
    if out.exists():
        ensure_writable(out, force)
    record = load_record(grant)
    chosen = load_pool(_pool_id(pool) or record.pool)
    app_doc = _approved(application, DocKind.APPLICATION, CheckOptions(pool=chosen.id))
    bud_doc = _approved(
        budget, DocKind.BUDGET, CheckOptions(pool=chosen.id, submission_pool=chosen.id)
    )
    app = app_doc.model
    code = app.municipality_code or bud_doc.model.municipality_code
    if record.municipality_code and code and code != record.municipality_code:
        raise HirDocsError(
            f"{grant.name} er tilsagnet til {record.municipality} (kommunekode "
            f"{record.municipality_code}), men {application.name} er fra kommunekode {code}. "
            "Angiv kommunens egen tilsagnsfil og ansøgning."
        )
    path, data = write_projectdata_from_grant(
        app, bud_doc.model, record, out, force=force, pool=chosen
    )
    findings = revised_budget_findings(data, chosen.grantor, str(out))
    report = Report(documents=[Document(str(out), DocKind.PROJECTDATA)], findings=findings)
    report.pool = {"id": chosen.id, "name": chosen.name}
    return InitResult(path, report)


def grant_decisions(
    overview: Path, out: Path, *, force: bool = False, pool: str | None = None
) -> Path:
    """Write STAR's decision workbook (sheet Afgørelser) for the municipalities of the
    overview ``hir-docs bulk`` wrote: one row each, pre-filled, with yellow input cells
    for the decision and the deadlines. Returns the path written."""
    from hir_docs.grants.decisions import write_decisions

    return write_decisions(overview, out, force=force, pool=load_pool(pool))


def grant_letters(
    decisions: Path,
    out_dir: Path,
    *,
    inbox: Path,
    pdf: bool = False,
    force: bool = False,
    today: dt.date | None = None,
    pool: str | None = None,
) -> Any:
    """Write a grant letter (Word; PDF with ``pdf``) and a grant record (JSON) per granted
    municipality and a refusal letter per refused application of the decision workbook
    into ``out_dir``; the budgets are read again from ``inbox``. Dated ``today``.

    Returns ``grants.letters.LettersResult`` (files written, records, findings: a decision
    with an empty cell the letter needs gets no letter). Raises HirDocsError when the
    workbook has no sheet Afgørelser or an output exists (without ``force``)."""
    from hir_docs.grants.letters import write_letters

    if out_dir.exists() and not out_dir.is_dir():
        raise HirDocsError(f"{out_dir} er en fil; angiv en mappe til brevene.")
    return write_letters(
        decisions, inbox, out_dir, pdf=pdf, force=force, today=today, pool=_pool_id(pool)
    )


@dataclass
class RenderResult:
    """What ``render_report`` did: the files written (in order) and the check of the
    project data (and registrations) it ran first; ``report.findings`` holds any warnings
    (and, in a draft, the errors the draft was made despite).

    Iterating over it gives the written paths, so ``for path in render_report(...)``
    and ``[docx] = render_report(...)`` work as before."""

    written: list[Path]
    report: Report
    annexes: list[Path] = field(default_factory=list)  # the machine-readable data files

    def __iter__(self) -> Iterator[Path]:
        return iter(self.written)

    def __len__(self) -> int:
        return len(self.written)

    def __getitem__(self, index: int) -> Path:
        return self.written[index]


# Errors a report states rather than hides: a month over the caseload limit is shown in
# the status report (months over, maximum), so the municipality can still send the report
# it must send; the error stays in the check for the municipality to act on.
STATED_IN_REPORT = frozenset({"projectdata-caseload-above-limit"})


class RenderRefused(HirDocsError):
    """``render_report`` wrote nothing: the project data has errors (its own, or against
    the registration sheet, e.g. another jobcenter's). ``report`` holds every finding of
    the check, ``errors`` the ones that stopped the report; the message names them in
    Danish; the front end says that the report was not made (and how a draft is made)."""

    def __init__(self, report: Report, errors: list[Finding]) -> None:
        self.report = report
        self.errors = errors
        first = "; ".join(f.message.rstrip(".") for f in errors[:3])
        more = f" (og {len(errors) - 3} flere)" if len(errors) > 3 else ""
        super().__init__(
            f"Projektdata har {len(errors)} fejl. {first}{more}. "
            "Ret fejlene i projektdata, og prøv igen."
        )


def render_report(
    report: str,
    projectdata: Path,
    out_dir: Path,
    *,
    period: str | None = None,
    registrations: Path | None = None,
    relocated: Path | None = None,
    pdf: bool = False,
    template: Path | None = None,
    force: bool = False,
    draft: bool = False,
    today: dt.date | None = None,
    pool: str | None = None,
) -> RenderResult:
    """Render the status report, final report or accounts (``report``: status | final |
    accounts) from a project-data workbook into ``out_dir``.

    ``relocated``: the relocated-citizens sheet; a status report counts the citizens who
    moved away in its half-year. ``today``: also the report date printed in the document
    and stamped into every file's properties.

    Checks first: the project data (with ``registrations`` for a status report) goes
    through the same rules as ``check`` (``today``: the date lateness is judged against),
    and what the requested report needs must be filled in (rule
    ``projectdata-report-incomplete``).
    An error in the project data (or between it and the registrations) -> nothing is
    written and ``RenderRefused`` (a ``HirDocsError`` carrying the ``Report``) is raised,
    unless ``draft``: then the documents are written with "UDKAST" in every page's header.

    Returns a ``RenderResult``: ``written`` = the files written (.docx / .xlsx, and .pdf
    with ``pdf``), in order; ``report`` = the check's findings (warnings). Raises
    HirDocsError for a wrong argument or an input that is not project data.
    """
    from hir_docs.model.citizens import RegistrationSheet, RelocatedSheet
    from hir_docs.model.projectdata import ProjectData
    from hir_docs.render.reports import check_kind, ensure_projectdata, load_projectdata
    from hir_docs.render.reports import render_report as write_report

    check_kind(report)
    ensure_projectdata(projectdata)  # safety pass first: no parser sees a hostile file
    inputs = [projectdata]
    if registrations is not None and report == "status":
        inputs.append(registrations)
    if relocated is not None and report == "status":
        inputs.append(relocated)
    options = CheckOptions(today=today, report=report, period=period, pool=_pool_id(pool))
    checked = check_paths(inputs, options)
    # The report stands or falls with the project data: its own errors and those of the
    # checks across documents that concern it (made on the project-data file). The citizen
    # sheets' own errors, and those between the two sheets, are shown but are theirs to fix.
    blocking = [
        f
        for f in checked.findings
        if f.severity == Severity.ERROR
        and f.code not in STATED_IN_REPORT
        and (
            RULES[f.code].scope == DocKind.PROJECTDATA
            or f.file == str(projectdata)
            or f.code.startswith("projectdata-")  # across documents, about the project data
        )
    ]
    if blocking and not draft:
        raise RenderRefused(checked, blocking)
    # The check has read the project data and the registration sheet: render from what it
    # read (readers and rules leave a model as read); read again only what it could not.
    data = _model(checked, projectdata, ProjectData)
    sheet = _model(checked, registrations, RegistrationSheet) if report == "status" else None
    moved = _model(checked, relocated, RelocatedSheet) if report == "status" else None
    annexes: list[Path] = []
    chosen = load_pool(checked.pool["id"] if checked.pool else pool)
    written = write_report(
        report,
        projectdata,
        out_dir,
        period=period,
        registrations=registrations,
        pdf=pdf,
        template=template,
        force=force,
        draft=draft,
        data=data if data is not None else load_projectdata(projectdata, chosen),
        registration_rows=sheet.rows if sheet is not None else None,
        relocated_rows=moved.rows if moved is not None else None,
        report_date=today,
        annexes=annexes,
        pool=chosen,
    )
    return RenderResult(written, checked, annexes)


def _model(checked: Report, path: Path | None, kind: type[M]) -> M | None:
    """The model of type ``kind`` the check read from ``path`` (None when it read none)."""
    if path is None:
        return None
    for doc in checked.documents:
        if doc.file == str(path) and isinstance(doc.model, kind):
            return doc.model
    return None


def check_template(path: Path) -> list[str]:
    """The variables a municipality's own report template uses that hir-docs does not
    provide (sorted; empty when the template is fine)."""
    from hir_docs.render.reports import check_template as unknown_names

    return unknown_names(path)


def bulk(
    inbox: Path,
    out: Path,
    *,
    jobs: int = 1,
    export_registrations: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    pool: str | None = None,
) -> BulkResult:
    """Read every submission in ``inbox`` (a folder or a .zip) and write the overview
    workbook ``out``; with ``export_registrations`` also the CPR export (full CPR numbers,
    for the Landssupport only).

    Returns the ``BulkResult`` (submissions grouped by municipality, files, sums).
    ``result.valid`` is False when any submission has an error.
    """
    from hir_docs.bulk.run import run_bulk  # the overview's openpyxl, when asked

    return run_bulk(
        inbox,
        out,
        jobs=jobs,
        export_registrations=export_registrations,
        force=force,
        progress=progress,
        pool=_pool_id(pool),
    )


def followup(
    inbox: Path,
    out: Path,
    *,
    today: dt.date,
    force: bool = False,
    pool: str | None = None,
    grants: Path | None = None,
) -> FollowupResult:
    """STAR's follow-up overview: read every funded municipality's folder in ``inbox`` (a
    folder or a .zip; each with its project data and/or the annexes of the reports it has
    sent) and write the workbook ``out``: per project and period what was due and when,
    what arrived and what is overdue (against ``today``), spending per approved budget
    line, other grantors' money, what STAR can pay in arrears now and what is held back.

    ``grants``: a folder of STAR's grant records (``hir-docs grants letters``); each governs
    its municipality's grant, budget lines and deadlines, and a project data that differs
    from it is an error.

    Returns the ``FollowupResult`` (``result_dict`` gives its JSON). A bad or missing file
    is one finding on its project; raises HirDocsError only when it cannot go on (the
    output exists without ``force``, the inbox is empty or not a folder or zip).
    """
    from hir_docs.followup.run import run_followup  # openpyxl, when asked

    return run_followup(inbox, out, today=today, force=force, pool=_pool_id(pool), grants=grants)


# --------------------------------------------------------------------------- for the web app


def check_in(
    root: Path,
    names: Iterable[str],
    *,
    submitted: dt.datetime | None = None,
    snapshot_dates: Iterable[dt.date] = (),
    today: dt.date | None = None,
    pool: str | None = None,
) -> Report:
    """Check the files or folders ``names`` inside ``root`` and name every file relative
    to ``root``: the same ``Report`` as ``hir-docs check NAME ...`` run in ``root``.

    For front ends that keep uploads in a private temporary folder: the report shows the
    user's own file names, never the folder.
    """
    report = check(
        [root / n for n in names],
        submitted=submitted,
        snapshot_dates=snapshot_dates,
        today=today,
        pool=pool,
    )
    return relative_report(report, root)


def relative_report(report: Report, root: Path) -> Report:
    """``report`` (in place) with every file named relative to ``root``, as ``check_in``
    does: for a report made from files in a private folder (e.g. ``RenderResult.report``)."""
    prefix = f"{root}{os.sep}"

    def rel(text: str | None) -> str | None:
        return text.replace(prefix, "") if text else text

    for doc in report.documents:
        doc.file = rel(doc.file) or doc.file
    report.findings = [
        replace(
            f,
            file=rel(f.file),
            message=rel(f.message) or "",
            location=rel(f.location),
            hint=rel(f.hint),
        )
        for f in report.findings
    ]
    return report


def extract_zip(zip_path: Path, dest: Path, *, max_unpacked: int) -> list[Finding]:
    """Extract a .zip of documents safely into ``dest`` (the same guard as bulk intake:
    no paths outside ``dest``, no links, no encrypted or oversized entries, no zip bombs).

    Returns one finding per entry that was not extracted. Raises HirDocsError when the zip
    as a whole cannot be used (not a zip, too many entries, more than ``max_unpacked``
    bytes unpacked).
    """
    from hir_docs.bulk.inbox import InboxLimits
    from hir_docs.bulk.inbox import extract_zip as extract

    return extract(zip_path, dest, InboxLimits(max_total=max_unpacked))


def pdf_available() -> bool:
    """True when LibreOffice is installed, so reports can also be made as PDF."""
    from hir_docs.files.office import find_soffice  # subprocess: only to make a PDF

    return find_soffice() is not None


def __getattr__(name: str) -> Any:
    # ``BulkResult``, ``Progress`` and ``Grant`` (what a grant letter says, for
    # ``payment``) are exported without importing the bulk intake or the payment model
    # for every ``check``.
    if name == "Grant":
        from hir_docs.render.payments import Grant

        return Grant
    if name == "BulkResult":
        from hir_docs.bulk.model import BulkResult

        return BulkResult
    if name == "FollowupResult":
        from hir_docs.followup.model import FollowupResult

        return FollowupResult
    if name == "Progress":
        from hir_docs.bulk.run import Progress

        return Progress
    raise AttributeError(name)
