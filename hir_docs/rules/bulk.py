"""Catalogue entries for STAR's bulk intake (``hir-docs bulk``).

No checks are registered here: bulk intake builds these findings itself while it
walks an inbox; they live in the catalogue so ``hir-docs rules`` lists them.
"""

from __future__ import annotations

from hir_docs.findings import RuleScope, Severity
from hir_docs.rules import define

SRC_SAFETY = "hir-docs sikkerhed (alle input er utroværdige): indbakke som zip-fil"

BULK_ZIP_ENTRY_UNSAFE = define(
    code="bulk-zip-entry-unsafe",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SRC_SAFETY,
    description="En fil i indbakke-zip'en er afvist (sti uden for mappen, for stor, krypteret eller mulig zip-bombe).",
    hint="Bed kommunen indsende filen igen som almindeligt Word/Excel-dokument.",
)
BULK_DUPLICATE_MUNICIPALITY = define(
    code="bulk-duplicate-municipality",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    source="puljeopslag, indledning (puljen kan ansøges af alle landets kommuner; "
    "9-11 projekter i forskellige kommuner)",
    description="Samme kommune findes i flere indsendelser i indbakken.",
    hint="Afklar med kommunen, hvilken indsendelse der gælder.",
)
BULK_NO_MUNICIPALITY = define(
    code="bulk-no-municipality",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    source="puljeopslag, Ansøgerkreds (puljen kan kun ansøges af kommuner)",
    description="Ingen af indsendelsens filer angiver en kommune, så den kan ikke placeres i oversigten.",
    hint="Se kommunens navn i ansøgningsskemaet (feltet 'Kommune').",
)
BULK_READER_CRASHED = define(
    code="file-reader-crashed",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source="hir-docs sikkerhed (alle input er utroværdige): en fil må aldrig stoppe indlæsningen",
    description="Filen fik læseprogrammet til at gå ned og er sprunget over; resten af indbakken er læst.",
    hint="Bed kommunen gemme filen igen fra Word/Excel og indsende den på ny.",
)
BULK_FILE_TIMEOUT = define(
    code="file-timeout",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source="hir-docs sikkerhed (alle input er utroværdige): en fil må aldrig stoppe indlæsningen",
    description="Filen tog urimeligt lang tid at kontrollere og er sprunget over.",
    hint="Bed kommunen gemme filen igen fra Word/Excel og indsende den på ny.",
)
