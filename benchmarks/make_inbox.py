"""Generate a synthetic STAR inbox of N submissions for the bulk benchmark.

Each submission folder holds an application (.docx), a budget (.xlsx) and a
relocated-citizens sheet (.xlsx), written once per kind with the project's own form
writers and then copied with the municipality's name swapped inside the XML — so 5.000
submissions take seconds, not minutes. Municipalities repeat beyond 98 (folder names
are numbered). A few submissions are broken on purpose: a text file named .docx, a
truncated budget, an application asking for another amount than the budget.

    .venv/bin/python benchmarks/make_inbox.py 1000 /tmp/inbox-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from hir_docs.kommuner import Kommune, all_kommuner

TEMPLATE_TOWN = "Viborg"
ZIP_DATE = (2017, 12, 1, 12, 0, 0)


def _relocated_rows() -> list[dict[str, object]]:
    # Fictional citizens: valid birth dates, sequence numbers invented.
    return [
        {
            "cpr": f"{day:02d}0{month}8{day % 10}-{1000 + 37 * i}",
            "name": f"Borger {i}",
            "caseworker": "Sara Sagsbehandler",
            "email": "sara.sagsbehandler@viborg.dk",
            "start": dt.date(2018, 3, 1),
            "end": dt.date(2018, 10, 1 + i),
            "destination": "Ærø Kommune",
        }
        for i, (day, month) in enumerate(((12, 3), (5, 7), (23, 1), (9, 9), (17, 4)))
    ]


def _write_relocated(path: Path) -> None:
    from hir_docs.forms.citizens import write_relocated

    write_relocated(path, _relocated_rows(), jobcenter=f"Jobcenter {TEMPLATE_TOWN}")


def build_templates(tmp: Path) -> dict[str, Path]:
    """Write one file per kind (and the broken variants) with the real writers."""
    from hir_docs.forms.application import write_application
    from hir_docs.forms.budget import write_budget

    out = {
        "application": tmp / "ansoegning.docx",
        "application_mismatch": tmp / "ansoegning_mismatch.docx",
        "budget": tmp / "budget.xlsx",
        "relocated": tmp / "fraflyttede.xlsx",
    }
    write_application(out["application"])
    write_application(out["application_mismatch"], {"requested_amount": "1.300.000 kr."})
    write_budget(out["budget"])
    _write_relocated(out["relocated"])
    return out


class Template:
    """A zip package held in memory; copies swap the template town's name."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as zf:
            self.entries = [(i.filename, zf.read(i)) for i in zf.infolist()]
        self.needle = TEMPLATE_TOWN.encode()

    def write(self, path: Path, town: str) -> None:
        repl = escape(town).encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name, data in self.entries:
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data.replace(self.needle, repl) if self.needle in data else data)


def make_inbox(n: int, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    kommuner: list[Kommune] = list(all_kommuner())
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_templates(Path(tmp))
        templates = {k: Template(p) for k, p in paths.items()}
        truncated = paths["budget"].read_bytes()
    truncated = truncated[: len(truncated) // 2]
    for i in range(n):
        k = kommuner[i % len(kommuner)]
        folder = root / f"{i:05d}_{k.name.replace(' ', '_')}"
        folder.mkdir()
        if i % 97 == 13:
            (folder / "ansøgning.docx").write_text("Dette er ikke et Word-dokument.\n")
        else:
            kind = "application_mismatch" if i % 83 == 5 else "application"
            templates[kind].write(folder / "ansøgning.docx", k.name)
        if i % 89 == 7:
            (folder / "budget.xlsx").write_bytes(truncated)
        else:
            templates["budget"].write(folder / "budget.xlsx", k.name)
        templates["relocated"].write(folder / "fraflyttede_borgere.xlsx", k.name)
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("n", type=int, help="antal indsendelser")
    ap.add_argument("out", type=Path, help="mappe der skrives (slettes først)")
    args = ap.parse_args(argv)
    make_inbox(args.n, args.out)
    print(f"Skrevet: {args.out} ({args.n} indsendelser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
