"""Catalogue entries for STAR's bulk intake (``hir-docs bulk``).

No checks are registered here: bulk intake builds these findings itself while it
walks an inbox; they live in the catalogue so ``hir-docs rules`` lists them.
"""

from __future__ import annotations

from hir_docs.findings import Severity
from hir_docs.rules import define

SRC_SAFETY = "hir-docs sikkerhed (alle input er utroværdige): indbakke som zip-fil"

BULK_ZIP_ENTRY_UNSAFE = define(
    "bulk-zip-entry-unsafe",
    Severity.ERROR,
    "file",
    SRC_SAFETY,
    "En fil i indbakke-zip'en er afvist (sti uden for mappen, for stor, krypteret eller mulig zip-bombe).",
)
BULK_DUPLICATE_MUNICIPALITY = define(
    "bulk-duplicate-municipality",
    Severity.WARNING,
    "cross",
    "puljeopslag, indledning (puljen kan ansøges af alle landets kommuner; "
    "9-11 projekter i forskellige kommuner)",
    "Samme kommune findes i flere indsendelser i indbakken.",
)
BULK_NO_MUNICIPALITY = define(
    "bulk-no-municipality",
    Severity.WARNING,
    "cross",
    "puljeopslag, Ansøgerkreds (puljen kan kun ansøges af kommuner)",
    "Ingen af indsendelsens filer angiver en kommune, så den kan ikke placeres i oversigten.",
)
BULK_READER_CRASHED = define(
    "file-reader-crashed",
    Severity.ERROR,
    "file",
    "hir-docs sikkerhed (alle input er utroværdige): en fil må aldrig stoppe indlæsningen",
    "Filen fik læseprogrammet til at gå ned og er sprunget over; resten af indbakken er læst.",
)
BULK_FILE_TIMEOUT = define(
    "file-timeout",
    Severity.ERROR,
    "file",
    "hir-docs sikkerhed (alle input er utroværdige): en fil må aldrig stoppe indlæsningen",
    "Filen tog urimeligt lang tid at kontrollere og er sprunget over.",
)
