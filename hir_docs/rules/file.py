"""Rules about files as files: safe opening, sheet size, what a file is.

Emitted by ``hir_docs.files.safety`` and ``hir_docs.files.sheetguard`` (before any parser
runs) and by the pipeline when a file is not one of the pool's forms.
"""

from __future__ import annotations

from hir_docs.findings import RuleScope, Severity
from hir_docs.rules import define

# The source of the rules that come from hir-docs' own safety checks (bulk intake adds its own reason).
OWN_SAFETY = "hir-docs' egen sikkerhedskontrol: filer fra andre behandles som utroværdige"

FILE_EMPTY = define(
    code="file-empty",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen er tom (0 byte).",
    hint="Gem dokumentet igen, og vedlæg den gemte fil.",
)

FILE_TOO_LARGE = define(
    code="file-too-large",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen er større end grænsen.",
    hint="Fjern indsatte billeder eller store bilag fra skemaet.",
)

FILE_NOT_OFFICE = define(
    code="file-not-office",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen er ikke et Word- eller Excel-dokument (.docx/.xlsx), selv om navnet siger det.",
    hint="Gem filen som Word-dokument (.docx) eller Excel-projektmappe (.xlsx), og prøv igen.",
)

FILE_CORRUPT = define(
    code="file-corrupt",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen er beskadiget (ugyldig zip).",
    hint="Gem dokumentet igen fra Word/Excel, og indsend den nye fil.",
)

FILE_ENCRYPTED = define(
    code="file-encrypted",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen er beskyttet med adgangskode.",
    hint="Fjern adgangskoden (Filer > Info > Beskyt dokument), gem og indsend igen.",
)

FILE_OLD_FORMAT = define(
    code="file-old-format",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen er i det gamle .doc/.xls-format.",
    hint="Gem filen som .docx eller .xlsx.",
)

FILE_MACROS = define(
    code="file-macro-enabled",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen indeholder makroer (.docm/.xlsm).",
    hint="Gem filen som almindelig .docx eller .xlsx uden makroer.",
)

FILE_ZIP_BOMB = define(
    code="file-zip-bomb",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen pakker sig ud til langt mere end et normalt skema (mulig zip-bombe).",
    hint="Indsend det oprindelige skema; kontakt den, der har lavet filen.",
)

FILE_XML_ENTITIES = define(
    code="file-xml-entities",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen indeholder XML-entitetserklæringer (DOCTYPE/ENTITY), som skemaer aldrig har.",
    hint="Gem filen igen fra Word/Excel, og prøv på ny.",
)

FILE_UNREADABLE = define(
    code="file-unreadable",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen kunne ikke læses.",
    hint="Åbn filen i Word/Excel, gem den igen, og prøv på ny.",
)

SHEET_TOO_LARGE = define(
    code="file-sheet-too-large",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Et regneark fylder langt mere end et skema (fx A1:XFD1048576) og læses ikke.",
    hint="Slet de tomme rækker og kolonner under og til højre for skemaet (eller kopiér skemaet til en ny projektmappe), gem og indsend igen.",
)

TOO_MANY_MERGED = define(
    code="file-too-many-merged-cells",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Et regneark har tusindvis af flettede celler og læses ikke.",
    hint="Ophæv fletningen af cellerne (Start > Flet og centrer > Ophæv fletning), gem og indsend igen.",
)

FILE_UNKNOWN = define(
    code="file-unknown-kind",
    severity=Severity.WARNING,
    kind=RuleScope.FILE,
    source="hir-docs: andre filer kontrolleres ikke",
    description="Filen ligner ikke ansøgningsskema, budgetskema eller projektdata.",
    hint="Brug puljens officielle skemaer, og behold deres overskrifter.",
)

FILE_NOT_CHECKED = define(
    code="file-not-checked",
    severity=Severity.INFO,
    kind=RuleScope.FILE,
    description="Filen er ikke et Word/Excel-skema og kontrolleres ikke (fx et pdf-bilag).",
    hint="Intet at rette: filen kontrolleres ikke, men sendes med som bilag.",
)

FILE_ODF_FORM = define(
    code="file-odf-form",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    description="Et skema er gemt i LibreOffice-formatet (.odt/.ods) i stedet for Word/Excel.",
    hint="Åbn filen, vælg Gem som, og gem ansøgningsskemaet som Word-dokument (.docx) og "
    "budgettet som Excel-projektmappe (.xlsx). Indsend den gemte fil.",
)


FILE_NOT_PDF = define(
    code="file-not-pdf",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=OWN_SAFETY,
    description="Filen hedder .pdf, men er ikke en pdf-fil.",
    hint="Gem dokumentet som pdf igen (fx Filer > Gem som > PDF i Word), og indsend den nye fil.",
)

FILE_PDF_APPLICATION = define(
    code="file-pdf-application",
    severity=Severity.INFO,
    kind=RuleScope.FILE,
    description="Ansøgningen er læst ud fra en pdf-fils tekst; opstillingen kan være læst mindre "
    "præcist end fra Word-skemaet, og der laves ingen kommenteret kopi af en pdf.",
    hint="Intet at rette. Har du ansøgningsskemaet som "
    "Word-dokument, giver det den mest præcise kontrol og en kommenteret kopi.",
)

FILE_PDF_NO_TEXT = define(
    code="file-pdf-no-text",
    severity=Severity.INFO,
    kind=RuleScope.FILE,
    description="En pdf-fil har ingen tekst, der kan læses (sandsynligvis scannet, eller krypteret "
    "på en måde hir-docs ikke kan læse), og er ikke kontrolleret. Mangler indsendelsen et "
    "ansøgningsskema, siger kontrollen af indsendelsen det som en fejl.",
    hint="Er det ansøgningen, så indsend ansøgningsskemaet som Word-dokument (eller som en pdf gemt "
    "direkte fra Word, så teksten kan læses). Er det et bilag, fx strategiafsnittet, er der intet "
    "at rette.",
)

FILE_PDF_STRATEGY_PAGES = define(
    code="file-pdf-strategy-too-long",
    severity=Severity.WARNING,
    kind=RuleScope.FILE,
    description="Et pdf-bilag, der er strategiafsnittet, har flere end {strategy_max_pages} sider. "
    "Antaget: et pdf-bilag (som ikke selv er ansøgningen) er strategiafsnittet, når ordet "
    "»strategi« står i filnavnet eller i bilagets første linjer.",
    hint="Kort strategiafsnittet ned til højst {strategy_max_pages} sider, og vedlæg det igen som pdf.",
)
