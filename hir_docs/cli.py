"""Command line: thin click commands over ``hir_docs.api``. No business logic here:
each command parses its arguments, calls one API function and prints the result with
``hir_docs.presentation``. Our own "cannot continue" error is turned into a Danish
message and exit code 2 in one place (``HirDocsGroup``)."""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import click

from hir_docs import api, cli_danish, presentation

F = TypeVar("F", bound=Callable[..., Any])
EXISTING = cli_danish.path(exists=True, path_type=Path)
OUT_PATH = cli_danish.path(path_type=Path)


class DanishCommand(click.Command):
    """A command whose usage line reads "[TILVALG]" instead of "[OPTIONS]"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TILVALG]")
        super().__init__(*args, **kwargs)


class HirDocsGroup(click.Group):
    """The one error boundary: our own "cannot continue" -> Danish message, exit code 2."""

    command_class = DanishCommand
    group_class = type  # subgroups are HirDocsGroups too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TILVALG]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        cli_danish.install()
        _skip_exit_collection()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except api.HirDocsError as exc:
            click.echo(presentation.error_text(exc), err=True)
            ctx.exit(2)


@cache
def _skip_exit_collection() -> None:
    """Spare the process the collector's full pass when Python shuts down.

    The interpreter's last act is to visit every object still alive (a few ms after any
    check, ~8 ms after a 50.000-row sheet) to free cycles of a process that is about to
    end anyway. ``gc.freeze`` at exit sets them aside, so that pass has nothing to
    visit. Registered once, for the end of the interpreter, not of this call: a test
    runner calling ``main`` many times keeps its collector. Every file we write is
    closed and renamed before a command returns, so no finaliser is left with work to do.
    """
    atexit.register(gc.freeze)


# Options shared by several commands, declared once.
FORCE = click.option("--force", is_flag=True, help="Overskriv eksisterende filer.")
POOL = click.option(
    "--pool",
    metavar="ID",
    help="Puljen, der kontrolleres efter (se 'hir-docs pools'). Standard: den pulje, "
    "skemaernes titler nævner.",
)


def format_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_text,
    )


def _parse_submitted(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> dt.datetime | None:
    if value is None:
        return None
    parsed = api.parse_datetime(value)
    if parsed is None:
        raise click.BadParameter("skriv dato og evt. klokkeslæt, fx '2017-12-11 14:30'.")
    return parsed


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    parsed = api.parse_date(value)
    if parsed is None:
        raise click.BadParameter(f"'{value}' er ikke en dato; skriv fx 2019-07-15.")
    return parsed


TODAY = click.option(
    "--today",
    callback=_parse_today,
    metavar="DATO",
    help="Datoen, frister vurderes mod (standard: i dag), fx 2019-07-15.",
)


def _parse_dates(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[dt.date, ...]:
    out = []
    for v in values:
        d = api.parse_date(v)
        if d is None:
            raise click.BadParameter(f"'{v}' er ikke en dato; skriv fx 2018-06-30.")
        out.append(d)
    return tuple(out)


@click.group(cls=HirDocsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hir-docs", help="Vis versionen og afslut.")
def main() -> None:
    """hir-docs: kontrollér og udarbejd dokumenter til STAR's puljer (se "hir-docs pools")."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=EXISTING, metavar="FILER...")
@format_option("text: til mennesker (dansk); json: til programmer.")
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
@click.option(
    "--annotate",
    "annotate_dir",
    type=OUT_PATH,
    metavar="MAPPE",
    help="Skriv kopier af Word- og Excel-filerne med fundene som kommentarer til MAPPE.",
)
@click.option("--force", is_flag=True, help="Overskriv eksisterende kommenterede kopier.")
@TODAY
@POOL
def check(
    paths: tuple[Path, ...],
    fmt: str,
    submitted: dt.datetime | None,
    on_dates: tuple[dt.date, ...],
    annotate_dir: Path | None,
    force: bool,
    today: dt.date | None,
    pool: str | None,
) -> None:
    """Kontrollér ansøgningsskema, budget, borgerskemaer og projektdata.

    FILER er filer eller mapper. Exit-kode 0: ingen fejl; 1: fejl fundet
    (også ulæselige filer); 2: forkert brug.
    """
    written: list[Path] | None = None
    if annotate_dir is None:
        report = api.check(
            paths, submitted=submitted, snapshot_dates=on_dates, today=today, pool=pool
        )
    else:
        done = api.annotate(
            paths,
            annotate_dir,
            force=force,
            submitted=submitted,
            snapshot_dates=on_dates,
            today=today,
            pool=pool,
        )
        report, written = done.report, done.written
        report.extend(done.notes)
    if fmt == "json":
        click.echo(presentation.report_json(report, annotated=written))
    else:
        click.echo(presentation.report_text(report))
        if written:
            click.echo(presentation.written_text(written))
    sys.exit(0 if report.valid else 1)


@main.command()
@format_option("Udskriftsformat.")
@POOL
def rules(fmt: str, pool: str | None) -> None:
    """Vis alle regler med kode, alvor, dokument, beskrivelse og kilde."""
    rules = api.rules(pool)
    chosen = api.pool(pool) if pool else None
    click.echo(
        presentation.rules_json(rules, chosen)
        if fmt == "json"
        else presentation.rules_text(rules, chosen)
    )


@main.group(invoke_without_command=True)
@format_option("text: til mennesker (dansk); json: til programmer (id, navn, kilder).")
@click.pass_context
def pools(ctx: click.Context, fmt: str) -> None:
    """Vis de installerede puljer med deres kilder (pools check MAPPE: kontrollér en mappe)."""
    if ctx.invoked_subcommand is None:
        found = api.pools()
        click.echo(
            presentation.pools_json(found) if fmt == "json" else presentation.pools_text(found)
        )


@pools.command("check")
@click.argument("folder", type=EXISTING, metavar="MAPPE")
def pools_check(folder: Path) -> None:
    """Kontrollér en puljemappe helt: struktur, pladsholdere, parametre og andele.

    Exit-kode 0: gyldig; 1: fejl fundet.
    """
    problems = api.check_pool(folder)
    click.echo(presentation.pool_check_text(folder, problems))
    sys.exit(1 if problems else 0)


@main.command()
@click.argument("outdir", type=OUT_PATH, metavar="MAPPE")
@FORCE
@POOL
def forms(outdir: Path, force: bool, pool: str | None) -> None:
    """Skriv de tomme officielle skemaer (ansøgning, budget, borgerskemaer) til MAPPE."""
    click.echo(presentation.written_text(api.write_blank_forms(outdir, force=force, pool=pool)))


@main.command()
@click.argument("register", type=EXISTING, metavar="REGISTER")
@click.option(
    "--out", type=OUT_PATH, metavar="MAPPE", help="Skriv opgørelsen (Excel og Word) i MAPPE."
)
@click.option("--per-participant", metavar="KR", help="Beløb pr. deltager fra bevillingsbrevet.")
@click.option(
    "--participants", type=int, metavar="ANTAL", help="Det antal deltagere, bevillingen forventer."
)
@click.option(
    "--project-amount",
    metavar="KR",
    help="Projektbeløbet fra bevillingsbrevet (grundlag for opstartsandelen).",
)
@click.option(
    "--start",
    "start",
    callback=_parse_today,
    metavar="DATO",
    help="Projektets start fra bevillingsbrevet.",
)
@click.option(
    "--end",
    "end",
    callback=_parse_today,
    metavar="DATO",
    help="Projektets slut fra bevillingsbrevet.",
)
@click.option("--grant", metavar="KR", help="Kommunens tilskud (beløbet for raten).")
@format_option("Udskriftsformat.")
@FORCE
@POOL
def payment(
    register: Path,
    out: Path | None,
    per_participant: str | None,
    participants: int | None,
    project_amount: str | None,
    start: dt.date | None,
    end: dt.date | None,
    grant: str | None,
    fmt: str,
    force: bool,
    pool: str | None,
) -> None:
    """Beregn udbetalingen ud fra et register: resultatbaseret støtte pr. kvartal
    (deltagerregister) eller aktivitetskravet til en rate (aktivitetsregister)."""
    given = api.Grant(per_participant, participants, project_amount, start, end, grant)
    result, report = api.payment(register, pool=pool, grant=given, out=out, force=force)
    if fmt == "json":
        findings = [f.to_dict() for f in report.findings]
        click.echo(json.dumps({**result.data, "findings": findings}, ensure_ascii=False, indent=2))
    else:
        click.echo(result.text)
        errors = [f for f in report.findings if f.severity == api.Severity.ERROR]
        if errors:
            click.echo(
                f"\nRegistret har {len(errors)} fejl (se 'hir-docs check'): ret dem, før opgørelsen bruges."
            )
        if result.written:
            click.echo(presentation.written_text(result.written))


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
@click.option(
    "--grant",
    type=EXISTING,
    metavar="TILSAGN",
    help="STAR's tilsagnsfil (tilsagn_<kode>.json): beløb, budgetlinjer, journalnummer og "
    "frister tages derfra.",
)
@click.option("--force", is_flag=True, help="Overskriv en eksisterende fil.")
@POOL
def report_init(
    application: Path, budget: Path, out: Path, grant: Path | None, force: bool, pool: str | None
) -> None:
    """Opret projektdata.xlsx udfyldt fra ansøgning og budget (og tilsagnsfilen)."""
    if grant is None:
        written = api.init_projectdata(application, budget, out, force=force, pool=pool)
        click.echo(presentation.written_text([written]))
        return
    result = api.init_projectdata_from_grant(
        grant, application, budget, out, force=force, pool=pool
    )
    if result.report.findings:
        click.echo(presentation.report_text(result.report))
    click.echo(presentation.written_text([result.path]))


@main.group()
def grants() -> None:
    """STAR: afgørelser, tilsagnsbreve, afslag og tilsagnsfiler efter ansøgningsrunden."""


@grants.command("decisions")
@click.argument("overview", type=EXISTING, metavar="OVERSIGT")
@click.option(
    "--out", required=True, type=OUT_PATH, help="Afgørelsesprojektmappe, der skal skrives (.xlsx)."
)
@FORCE
@POOL
def grants_decisions(overview: Path, out: Path, force: bool, pool: str | None) -> None:
    """Skriv arket Afgørelser (én række pr. kommune i oversigten fra 'hir-docs bulk')."""
    click.echo(
        presentation.written_text([api.grant_decisions(overview, out, force=force, pool=pool)])
    )


@grants.command("letters")
@click.argument("decisions", type=EXISTING, metavar="AFGØRELSER")
@click.option(
    "--inbox",
    required=True,
    type=EXISTING,
    metavar="INDBAKKE",
    help="Indbakken, oversigten er lavet af (budgetterne læses derfra).",
)
@click.option("--out", "out_dir", required=True, type=OUT_PATH, help="Mappe til brevene.")
@click.option("--pdf", is_flag=True, help="Lav også PDF (kræver LibreOffice).")
@TODAY
@FORCE
@POOL
def grants_letters(
    decisions: Path,
    inbox: Path,
    out_dir: Path,
    pdf: bool,
    today: dt.date | None,
    force: bool,
    pool: str | None,
) -> None:
    """Skriv tilsagnsbreve, tilsagnsfiler og afslag ud fra arket Afgørelser.

    Exit-kode 0: alle afgjorte breve er skrevet; 1: en afgørelse mangler noget.
    """
    result = api.grant_letters(
        decisions, out_dir, inbox=inbox, pdf=pdf, force=force, today=today, pool=pool
    )
    report = api.Report(findings=result.findings)
    if result.findings:
        click.echo(presentation.report_text(report))
    click.echo(f"{result.granted} tilsagnsbreve og {result.refused} afslag.")
    if result.written:
        click.echo(presentation.written_text(result.written))
    sys.exit(0 if report.valid else 1)


@main.command()
@click.argument("kind", type=click.Choice(["status", "final", "accounts"]))
@click.argument("projectdata", type=EXISTING, metavar="PROJEKTDATA")
@click.option(
    "--period", metavar="ÅÅÅÅ-H1|H2", help="Halvår, fx 2018-H1 (statusrapport og delregnskab)."
)
@click.option("--registrations", type=EXISTING, help="Registreringsskema med sagsstammer (.xlsx).")
@click.option(
    "--relocated",
    type=EXISTING,
    help="Skema til fraflyttede borgere (.xlsx): statusrapporten tæller halvårets fraflytninger.",
)
@click.option(
    "--out", "out_dir", required=True, type=OUT_PATH, help="Mappe til de færdige rapporter."
)
@click.option("--pdf", is_flag=True, help="Lav også PDF (kræver LibreOffice).")
@click.option("--template", type=EXISTING, help="Egen Word-skabelon (docxtpl).")
@click.option(
    "--draft", is_flag=True, help="Lav rapporten trods fejl i projektdata, mærket UDKAST."
)
@TODAY
@FORCE
@POOL
def render(
    kind: str,
    projectdata: Path,
    period: str | None,
    registrations: Path | None,
    relocated: Path | None,
    out_dir: Path,
    pdf: bool,
    template: Path | None,
    draft: bool,
    today: dt.date | None,
    force: bool,
    pool: str | None,
) -> None:
    """Lav statusrapport (status), slutrapport (final) eller regnskab (accounts).

    Projektdata kontrolleres først: er der fejl, laves ingen rapport (exit-kode 1),
    medmindre --draft er angivet.
    """
    try:
        result = api.render_report(
            kind,
            projectdata,
            out_dir,
            period=period,
            registrations=registrations,
            relocated=relocated,
            pdf=pdf,
            template=template,
            force=force,
            draft=draft,
            today=today,
            pool=pool,
        )
    except api.RenderRefused as refused:
        click.echo(presentation.report_text(refused.report))
        click.echo("Rapporten er ikke lavet. Ret fejlene, eller brug --draft for et udkast.")
        sys.exit(1)
    if result.report.findings:
        click.echo(presentation.report_text(result.report))
    if result.written:
        click.echo(presentation.written_text(result.written + result.annexes))


@main.group()
def templates() -> None:
    """Word-skabeloner til rapporterne."""


@templates.command("check")
@click.argument("file", type=EXISTING, metavar="FIL")
def templates_check(file: Path) -> None:
    """Vis de variabler i en skabelon, som data ikke leverer (exit 1 hvis der er nogen)."""
    missing = api.check_template(file)
    if missing:
        click.echo("Skabelonen bruger variabler, som hir-docs ikke leverer:")
        for name in missing:
            click.echo(f"  - {name}")
        sys.exit(1)
    click.echo("Skabelonen bruger kun kendte variabler.")


@main.command()
@click.argument("inbox", type=EXISTING, metavar="INDBAKKE")
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
@format_option("Udskriftsformat for resuméet.")
@click.option(
    "--export-registrations",
    type=OUT_PATH,
    help="Saml alle fraflyttede borgere i én fil MED fulde CPR-numre (kun til Landssupporten; kun for en pulje med modulets skemaer).",
)
@FORCE
@POOL
def bulk(
    inbox: Path,
    out: Path,
    jobs: int,
    fmt: str,
    export_registrations: Path | None,
    force: bool,
    pool: str | None,
) -> None:
    """Læs alle kommuners indsendelser (mappe eller .zip) ind i én oversigt."""
    with _progress_bar(enabled=sys.stderr.isatty()) as progress:
        result = api.bulk(
            inbox,
            out,
            jobs=jobs,
            export_registrations=export_registrations,
            force=force,
            progress=progress,
            pool=pool,
        )
    click.echo(
        presentation.summary_json(result) if fmt == "json" else presentation.summary_text(result)
    )
    sys.exit(0 if result.valid else 1)


@main.command()
@click.argument("inbox", type=EXISTING, metavar="INDBAKKE")
@click.option(
    "--today",
    required=True,
    callback=_parse_today,
    metavar="DATO",
    help="Datoen, frister og udbetaling vurderes pr., fx 2019-07-15.",
)
@click.option(
    "--out",
    required=True,
    type=OUT_PATH,
    help="Opfølgningsprojektmappen, der skal skrives (.xlsx).",
)
@format_option("Udskriftsformat for resuméet (json: hele opfølgningens tal).")
@FORCE
@POOL
@click.option(
    "--grants",
    type=EXISTING,
    metavar="MAPPE",
    help="Mappen med STARs tilsagnsfiler (fra 'hir-docs grants letters'); de gælder frem for "
    "projektdataens ark Tilsagn.",
)
def followup(
    inbox: Path,
    today: dt.date,
    out: Path,
    fmt: str,
    force: bool,
    pool: str | None,
    grants: Path | None,
) -> None:
    """STAR: opfølgning på alle projekter med tilsagn (én mappe pr. kommune)."""
    result = api.followup(inbox, out, today=today, force=force, pool=pool, grants=grants)
    click.echo(
        presentation.followup_json(result) if fmt == "json" else presentation.followup_text(result)
    )
    sys.exit(0 if result.valid else 1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adresse at lytte på.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Antal processer til kontrollerne.",
)
def serve(host: str, port: int, workers: int) -> None:
    """Start hjemmesiden: tjek dokumenter, hent skemaer og rapporter i en browser."""
    # A front end starting another front end: the web app is imported only here, so the
    # other commands start without it (see tests/test_layout.py).
    from hir_docs.web.server import serve as run

    click.echo(f"hir-docs kører på http://{host}:{port}/  (stop med Ctrl+C)")
    run(host, port, workers=workers)


@contextmanager
def _progress_bar(*, enabled: bool) -> Iterator[api.Progress | None]:
    """A progress bar on stderr (only on a terminal), fed by the API's progress callback."""
    if not enabled:
        yield None
        return
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(
                length=total, label="Læser indsendelser", file=sys.stderr, show_pos=True
            ).__enter__()
        bar.update(1)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


if __name__ == "__main__":  # python -m hir_docs.cli, as the hir-docs command
    main()
