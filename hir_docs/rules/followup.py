"""Catalogue entries for STAR's follow-up overview (``hir-docs followup``).

No checks are registered here: the follow-up run builds these findings itself while it
reads every funded project's folder (``hir_docs.followup``); they live in the catalogue so
``hir-docs rules`` lists them. A report that has not arrived by its deadline is said with
the project-data rules' own codes (``projectdata-report-late``, ``...-assumed-deadline``).
"""

from __future__ import annotations

from hir_docs.findings import RuleScope, Severity
from hir_docs.rules import define
from hir_docs.rules.file import OWN_SAFETY

SRC_ONE_FOLDER = f"{OWN_SAFETY}, og én kommunes mappe må aldrig standse opfølgningen på de andre"

FOLLOWUP_NO_PROJECTDATA = define(
    code="followup-projectdata-missing",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source=SRC_ONE_FOLDER,
    description="Kommunens mappe i opfølgningsindbakken har ingen projektdata-fil, der kan "
    "læses: frister, forbrug og udbetaling kan kun vises ud fra de bilag (.json), mappen har.",
    hint="Bed kommunen sende sin projektdata-fil (projektdata.xlsx) sammen med rapporterne.",
)
FOLLOWUP_SEVERAL_PROJECTDATA = define(
    code="followup-projectdata-several",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    source="antaget: én projektdata-fil pr. projekt, og den nyeste gælder",
    description="Kommunens mappe har mere end én projektdata-fil; den nyeste er brugt.",
    hint="Fjern de ældre projektdata-filer fra mappen, eller bed kommunen om den gældende.",
)
FOLLOWUP_ANNEX_UNREADABLE = define(
    code="followup-annex-unreadable",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SRC_ONE_FOLDER,
    description="En .json-fil i kommunens mappe er ikke et læsbart bilag til en rapport eller "
    "et regnskab (skemaversion 1, se docs/annex.md) og er ikke talt med.",
    hint="Bed kommunen sende bilaget igen, som hir-docs skrev det ved siden af rapporten.",
)
FOLLOWUP_PAYMENT_HELD_BACK = define(
    code="followup-payment-held-back",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    source="antaget: en udbetaling afventer den manglende rapport, revisorerklæringen og "
    "tilskudsgiverens skriftlige godkendelse af en budgetændring",
    description="Der er et beløb til udbetaling efter det seneste modtagne regnskab, men det "
    "holdes tilbage: en rapport mangler, revisorerklæringen mangler (tilskud over "
    "{audit_threshold:kr}), eller budgettet er ændret uden {grantor}s skriftlige godkendelse.",
    hint="Bed kommunen sende det, der mangler; udbetal, når det er modtaget og i orden.",
)

# With --grants DIR: STAR's grant records (``hir-docs grants letters``) govern the follow-up.
# (a pool's documents that say the grant letter sets the deadlines: its rules.toml)
SRC_RECORD = "hir-docs: tilsagnsfilen er tilskudsgiverens tilsagn, som det står i tilsagnsbrevet"
FOLLOWUP_GRANT_DIFFERS = define(
    code="followup-grant-differs",
    severity=Severity.ERROR,
    kind=RuleScope.CROSS,
    source=SRC_RECORD,
    description="Tilsagnet i kommunens projektdata (arket Tilsagn) er ikke det, STARs tilsagnsfil "
    "siger (beløb, budgetlinjer, periode, journalnummer eller frister); opfølgningen bruger "
    "tilsagnsfilen.",
    hint="Bed kommunen oprette sin projektdata igen ud fra tilsagnsfilen.",
)
FOLLOWUP_GRANT_RECORD_MISSING = define(
    code="followup-grant-record-missing",
    severity=Severity.WARNING,
    kind=RuleScope.CROSS,
    source=SRC_RECORD,
    description="Der er ingen tilsagnsfil for kommunen i tilsagnsmappen; opfølgningen bruger "
    "tilsagnet, som det står i kommunens projektdata.",
    hint="Læg kommunens tilsagnsfil (tilsagn_<kommunekode>.json) i tilsagnsmappen.",
)
FOLLOWUP_GRANT_RECORD_INVALID = define(
    code="followup-grant-record-invalid",
    severity=Severity.ERROR,
    kind=RuleScope.FILE,
    source=SRC_RECORD,
    description="En fil i tilsagnsmappen er ikke en gyldig tilsagnsfil (formatet, versionen "
    "eller fingeraftrykket passer ikke) og er ikke brugt.",
    hint="Skriv tilsagnsbrevet og tilsagnsfilen igen; en tilsagnsfil må ikke ændres i hånden.",
)
