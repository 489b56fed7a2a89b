"""Rules about files as files: safe opening, sheet size, what a file is.

Emitted by ``hir_docs.files.safety`` and ``hir_docs.files.sheetguard`` (before any parser
runs) and by the pipeline when a file is not one of the pool's forms.
"""

from __future__ import annotations

from hir_docs.findings import Severity
from hir_docs.rules import define

SAFETY = "hir-docs sikkerhed (alle input er utroværdige); puljeopslag: skemaerne er Word/Excel"
SHEETS = "hir-docs sikkerhed (alle input er utroværdige); puljeopslag: Budgetskema (Excel)"
NOT_A_FORM = "hir-docs (filer der ikke er et af puljens skemaer)"

FILE_EMPTY = define("file-empty", Severity.ERROR, "file", SAFETY, "Filen er tom (0 byte).")

FILE_TOO_LARGE = define(
    "file-too-large", Severity.ERROR, "file", SAFETY, "Filen er større end grænsen."
)

FILE_NOT_OFFICE = define(
    "file-not-office",
    Severity.ERROR,
    "file",
    SAFETY,
    "Filen er ikke et Word- eller Excel-dokument (.docx/.xlsx), selv om navnet siger det.",
)

FILE_CORRUPT = define(
    "file-corrupt", Severity.ERROR, "file", SAFETY, "Filen er beskadiget (ugyldig zip)."
)

FILE_ENCRYPTED = define(
    "file-encrypted", Severity.ERROR, "file", SAFETY, "Filen er beskyttet med adgangskode."
)

FILE_OLD_FORMAT = define(
    "file-old-format", Severity.ERROR, "file", SAFETY, "Filen er i det gamle .doc/.xls-format."
)

FILE_MACROS = define(
    "file-macro-enabled", Severity.ERROR, "file", SAFETY, "Filen indeholder makroer (.docm/.xlsm)."
)

FILE_ZIP_BOMB = define(
    "file-zip-bomb",
    Severity.ERROR,
    "file",
    SAFETY,
    "Filen pakker sig ud til langt mere end et normalt skema (mulig zip-bombe).",
)

FILE_XML_ENTITIES = define(
    "file-xml-entities",
    Severity.ERROR,
    "file",
    SAFETY,
    "Filen indeholder XML-entitetserklæringer (DOCTYPE/ENTITY), som skemaer aldrig har.",
)

FILE_UNREADABLE = define(
    "file-unreadable", Severity.ERROR, "file", SAFETY, "Filen kunne ikke læses."
)

SHEET_TOO_LARGE = define(
    "file-sheet-too-large",
    Severity.ERROR,
    "file",
    SHEETS,
    "Et regneark fylder langt mere end et skema (fx A1:XFD1048576) og læses ikke.",
)

TOO_MANY_MERGED = define(
    "file-too-many-merged-cells",
    Severity.ERROR,
    "file",
    SHEETS,
    "Et regneark har tusindvis af flettede celler og læses ikke.",
)

FILE_UNKNOWN = define(
    "file-unknown-kind",
    Severity.WARNING,
    "file",
    NOT_A_FORM,
    "Filen ligner ikke ansøgningsskema, budgetskema, borgerskema eller projektdata.",
)

FILE_NOT_CHECKED = define(
    "file-not-checked",
    Severity.INFO,
    "file",
    "Q&A 2018, spørgsmål 18 (strategiafsnittet må vedlægges som pdf-bilag)",
    "Filen er ikke et Word/Excel-skema og kontrolleres ikke (fx et pdf-bilag).",
)
