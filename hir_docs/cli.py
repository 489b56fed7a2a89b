"""Command line: thin click commands over the library. No business logic here."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from hir_docs.findings import HirDocsError

F = TypeVar("F", bound=Callable[..., Any])
EXISTING = click.Path(exists=True, path_type=Path)
OUT_PATH = click.Path(path_type=Path)


def clean_errors(fn: F) -> F:
    """Turn our own 'cannot continue' exception into a Danish message and exit code 2."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except HirDocsError as exc:
            click.echo(f"Fejl: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _parse_submitted(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> dt.datetime | None:
    from hir_docs.values import parse_datetime

    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise click.BadParameter("skriv dato og evt. klokkeslæt, fx '2017-12-11 14:30'.")
    return parsed


def _parse_dates(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[dt.date, ...]:
    from hir_docs.values import parse_date

    out = []
    for v in values:
        d = parse_date(v)
        if d is None:
            raise click.BadParameter(f"'{v}' er ikke en dato; skriv fx 2018-06-30.")
        out.append(d)
    return tuple(out)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hir-docs")
def main() -> None:
    """hir-docs: kontrollér og udarbejd dokumenter til STAR-puljen
    "Håndholdt indsats i ressourceforløb" (HIR)."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=EXISTING)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: til mennesker (dansk); json: til programmer.",
)
@click.option(
    "--submitted",
    callback=_parse_submitted,
    metavar="DATO",
    help="Hvornår ansøgningen blev/bliver indsendt, fx '2017-12-11 14:30'.",
)
@click.option(
    "--on",
    "on_dates",
    multiple=True,
    callback=_parse_dates,
    metavar="DATO",
    help="Opgørelsesdato for sagsstammer (kan gentages). Standard: sidste dag i hver måned.",
)
@clean_errors
def check(
    paths: tuple[Path, ...], fmt: str, submitted: dt.datetime | None, on_dates: tuple[dt.date, ...]
) -> None:
    """Kontrollér ansøgningsskema, budget, borgerskemaer og projektdata.

    PATHS er filer eller mapper. Exit-kode 0: ingen fejl; 1: fejl fundet
    (også ulæselige filer); 2: forkert brug.
    """
    from hir_docs.output import report_json, report_text
    from hir_docs.pipeline import check_paths
    from hir_docs.rules import CheckOptions

    report = check_paths(paths, CheckOptions(submitted=submitted, snapshot_dates=on_dates))
    click.echo(report_json(report) if fmt == "json" else report_text(report))
    sys.exit(0 if report.valid else 1)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Udskriftsformat.",
)
def rules(fmt: str) -> None:
    """Vis alle regler med kode, alvor, dokument, beskrivelse og kilde."""
    from hir_docs.output import rules_json, rules_text
    from hir_docs.rules import catalogue

    click.echo(rules_json(catalogue()) if fmt == "json" else rules_text(catalogue()))


@main.command()
@click.argument("outdir", type=OUT_PATH)
@click.option("--force", is_flag=True, help="Overskriv eksisterende filer.")
@clean_errors
def forms(outdir: Path, force: bool) -> None:
    """Skriv de tomme officielle skemaer (ansøgning, budget, borgerskemaer) til OUTDIR."""
    from hir_docs.forms import write_blank_forms

    for path in write_blank_forms(outdir, force=force):
        click.echo(f"Skrevet: {path}")


@main.group()
def report() -> None:
    """Rapportering: opret projektdata-projektmappe ud fra de godkendte dokumenter."""


@report.command("init")
@click.option(
    "--application", required=True, type=EXISTING, help="Det godkendte ansøgningsskema (.docx)."
)
@click.option("--budget", required=True, type=EXISTING, help="Det godkendte budgetskema (.xlsx).")
@click.option(
    "--out",
    required=True,
    type=OUT_PATH,
    help="Projektdata-projektmappe, der skal skrives (.xlsx).",
)
@click.option("--force", is_flag=True, help="Overskriv en eksisterende fil.")
@clean_errors
def report_init(application: Path, budget: Path, out: Path, force: bool) -> None:
    """Opret projektdata.xlsx udfyldt fra ansøgning og budget."""
    from hir_docs.render import init_projectdata

    path = init_projectdata(application, budget, out, force=force)
    click.echo(f"Skrevet: {path}")


@main.command()
@click.argument("kind", type=click.Choice(["status", "final", "accounts"]))
@click.argument("projectdata", type=EXISTING)
@click.option(
    "--period", metavar="ÅÅÅÅ-H1|H2", help="Halvår, fx 2018-H1 (statusrapport og delregnskab)."
)
@click.option("--registrations", type=EXISTING, help="Registreringsskema med sagsstammer (.xlsx).")
@click.option(
    "--out", "out_dir", required=True, type=OUT_PATH, help="Mappe til de færdige rapporter."
)
@click.option("--pdf", is_flag=True, help="Lav også PDF (kræver LibreOffice).")
@click.option("--template", type=EXISTING, help="Egen Word-skabelon (docxtpl).")
@click.option("--force", is_flag=True, help="Overskriv eksisterende filer.")
@clean_errors
def render(
    kind: str,
    projectdata: Path,
    period: str | None,
    registrations: Path | None,
    out_dir: Path,
    pdf: bool,
    template: Path | None,
    force: bool,
) -> None:
    """Lav statusrapport (status), slutrapport (final) eller regnskab (accounts)."""
    from hir_docs.render import render_report

    for path in render_report(
        kind,
        projectdata,
        out_dir,
        period=period,
        registrations=registrations,
        pdf=pdf,
        template=template,
        force=force,
    ):
        click.echo(f"Skrevet: {path}")


@main.group()
def templates() -> None:
    """Word-skabeloner til rapporterne."""


@templates.command("check")
@click.argument("file", type=EXISTING)
@clean_errors
def templates_check(file: Path) -> None:
    """Vis de variabler i en skabelon, som data ikke leverer (exit 1 hvis der er nogen)."""
    from hir_docs.render import check_template

    missing = check_template(file)
    if missing:
        click.echo("Skabelonen bruger variabler, som hir-docs ikke leverer:")
        for name in missing:
            click.echo(f"  - {name}")
        sys.exit(1)
    click.echo("Skabelonen bruger kun kendte variabler.")


@main.command()
@click.argument("inbox", type=EXISTING)
@click.option(
    "--out", required=True, type=OUT_PATH, help="Oversigtsprojektmappe, der skal skrives (.xlsx)."
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Antal parallelle processer.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Udskriftsformat for resuméet.",
)
@click.option(
    "--export-registrations",
    type=OUT_PATH,
    help="Saml alle fraflyttede borgere i én fil MED fulde CPR-numre (kun til Landssupporten).",
)
@click.option("--force", is_flag=True, help="Overskriv eksisterende filer.")
@clean_errors
def bulk(
    inbox: Path, out: Path, jobs: int, fmt: str, export_registrations: Path | None, force: bool
) -> None:
    """Læs alle kommuners indsendelser (mappe eller .zip) ind i én oversigt."""
    from hir_docs.bulk import run_bulk, summary_json, summary_text

    result = run_bulk(
        inbox,
        out,
        jobs=jobs,
        export_registrations=export_registrations,
        force=force,
        progress=sys.stderr.isatty(),
    )
    click.echo(summary_json(result) if fmt == "json" else summary_text(result))
    sys.exit(0 if result.valid else 1)
