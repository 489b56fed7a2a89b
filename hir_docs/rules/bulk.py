"""Catalogue entries for STAR's bulk intake (``hir-docs bulk``).

No checks are registered here: bulk intake builds these findings itself while it
walks an inbox; they live in the catalogue so ``hir-docs rules`` lists them.
"""

from __future__ import annotations

from hir_docs.findings import RuleScope, Severity
from hir_docs.rules import define
from hir_docs.rules.file import OWN_SAFETY

# Our own service, not a pool requirement: one assumption citation each (no ";").
SRC_SAFETY = f"{OWN_SAFETY}, også i en indbakke sendt som zip-fil"
SRC_ONE_FILE = f"{OWN_SAFETY}, og én fil må aldrig standse indlæsningen af de andre"

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
    source="antaget: én gældende indsendelse pr. kommune, og den nyeste afløser de ældre",
    description="Samme kommune findes i flere indsendelser i indbakken; den nyeste er brugt, "
    "de ældre står på arket 'Tidligere indsendelser'.",
    hint="Se begrundelsen på arket 'Tidligere indsendelser', og afklar med kommunen, "
    "hvis den nyeste ikke er den, der gælder.",
)
BULK_NO_MUNICIPALITY = define(
    code="bulk-no-municipality",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    description="Ingen af indsendelsens filer angiver en kommune, så den kan ikke placeres i oversigten.",
    hint="Se kommunens navn i ansøgningsskemaet (feltet 'Kommune').",
)
BULK_READER_CRASHED = define(
    code="file-reader-crashed",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SRC_ONE_FILE,
    description="Filen fik læseprogrammet til at gå ned og er sprunget over; resten af indbakken er læst.",
    hint="Bed kommunen gemme filen igen fra Word/Excel og indsende den på ny.",
)
BULK_FILE_TIMEOUT = define(
    code="file-timeout",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SRC_ONE_FILE,
    description="Filen tog urimeligt lang tid at kontrollere og er sprunget over.",
    hint="Bed kommunen gemme filen igen fra Word/Excel og indsende den på ny.",
)
