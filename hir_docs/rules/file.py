"""Rules about files as files: safe opening, sheet size, what a file is.

Emitted by ``hir_docs.files.safety`` and ``hir_docs.files.sheetguard`` (before any parser
runs) and by the pipeline when a file is not one of the pool's forms.
"""

from __future__ import annotations

from hir_docs.findings import RuleScope, Severity
from hir_docs.rules import define

# The source of the rules that come from hir-docs' own safety checks (bulk intake adds its own reason).
OWN_SAFETY = "hir-docs' egen sikkerhedskontrol: filer fra andre behandles som utroværdige"
SAFETY = f"{OWN_SAFETY}; puljeopslag: skemaerne er Word/Excel"
SHEETS = f"{OWN_SAFETY}; puljeopslag: Budgetskema (Excel)"
NOT_A_FORM = "puljeopslag: puljens skemaer er Ansøgningsskema (Word), Budgetskema (Excel) og Skema til fraflyttede borgere (xlsx); andre filer kontrolleres ikke"

FILE_EMPTY = define(
    code="file-empty",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen er tom (0 byte).",
    hint="Gem dokumentet igen, og vedlæg den gemte fil.",
)

FILE_TOO_LARGE = define(
    code="file-too-large",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen er større end grænsen.",
    hint="Fjern indsatte billeder eller store bilag fra skemaet.",
)

FILE_NOT_OFFICE = define(
    code="file-not-office",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen er ikke et Word- eller Excel-dokument (.docx/.xlsx), selv om navnet siger det.",
    hint="Gem filen som Word-dokument (.docx) eller Excel-projektmappe (.xlsx), og prøv igen.",
)

FILE_CORRUPT = define(
    code="file-corrupt",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen er beskadiget (ugyldig zip).",
    hint="Gem dokumentet igen fra Word/Excel, og indsend den nye fil.",
)

FILE_ENCRYPTED = define(
    code="file-encrypted",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen er beskyttet med adgangskode.",
    hint="Fjern adgangskoden (Filer > Info > Beskyt dokument), gem og indsend igen.",
)

FILE_OLD_FORMAT = define(
    code="file-old-format",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen er i det gamle .doc/.xls-format.",
    hint="Gem filen som .docx eller .xlsx.",
)

FILE_MACROS = define(
    code="file-macro-enabled",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen indeholder makroer (.docm/.xlsm).",
    hint="Gem filen som almindelig .docx eller .xlsx uden makroer.",
)

FILE_ZIP_BOMB = define(
    code="file-zip-bomb",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen pakker sig ud til langt mere end et normalt skema (mulig zip-bombe).",
    hint="Indsend det oprindelige skema; kontakt den, der har lavet filen.",
)

FILE_XML_ENTITIES = define(
    code="file-xml-entities",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen indeholder XML-entitetserklæringer (DOCTYPE/ENTITY), som skemaer aldrig har.",
    hint="Gem filen igen fra Word/Excel, og prøv på ny.",
)

FILE_UNREADABLE = define(
    code="file-unreadable",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SAFETY,
    description="Filen kunne ikke læses.",
    hint="Åbn filen i Word/Excel, gem den igen, og prøv på ny.",
)

SHEET_TOO_LARGE = define(
    code="file-sheet-too-large",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SHEETS,
    description="Et regneark fylder langt mere end et skema (fx A1:XFD1048576) og læses ikke.",
    hint="Slet de tomme rækker og kolonner under og til højre for skemaet (eller kopiér skemaet til en ny projektmappe), gem og indsend igen.",
)

TOO_MANY_MERGED = define(
    code="file-too-many-merged-cells",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SHEETS,
    description="Et regneark har tusindvis af flettede celler og læses ikke.",
    hint="Ophæv fletningen af cellerne (Start > Flet og centrer > Ophæv fletning), gem og indsend igen.",
)

FILE_UNKNOWN = define(
    code="file-unknown-kind",
    severity=Severity.WARNING,
    kind=RuleScope.FILE,
    source=NOT_A_FORM,
    description="Filen ligner ikke ansøgningsskema, budgetskema, borgerskema eller projektdata.",
    hint="Brug puljens officielle skemaer, og behold deres overskrifter.",
)

FILE_NOT_CHECKED = define(
    code="file-not-checked",
    severity=Severity.INFO,
    kind=RuleScope.FILE,
    source="Q&A 2018, spørgsmål 18 (strategiafsnittet må vedlægges som pdf-bilag)",
    description="Filen er ikke et Word/Excel-skema og kontrolleres ikke (fx et pdf-bilag).",
    hint="Intet at rette: filen kontrolleres ikke, men sendes med som bilag.",
)

FILE_ODF_FORM = define(
    code="file-odf-form",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source="puljeopslag, Ansøgning og ansøgningsfrist (Ansøgningsskema (Word), Budgetskema (Excel))",
    description="Et skema er gemt i LibreOffice-formatet (.odt/.ods) i stedet for Word/Excel.",
    hint="Åbn filen, vælg Gem som, og gem ansøgningsskemaet som Word-dokument (.docx) og "
    "budgettet som Excel-projektmappe (.xlsx). Indsend den gemte fil.",
)
