"""Rules about the annotated copies (``hir-docs check --annotate DIR``).

Emitted by ``hir_docs.annotate`` when a copy of the user's own file with the findings as
comments could not be made (notes, INFO: the check itself is not affected), and by the
check (``pipeline.check_paths``, ``bulk.read``) when a file is one of those copies: alone
it is checked and flagged (it must not go to STAR), next to its original it is skipped.
"""

from __future__ import annotations

from hir_docs.findings import RuleScope, Severity
from hir_docs.rules import define

SOURCE = "hir-docs' egen service: kopier af dit ansøgningsskema og dine regneark med fundene som kommentarer"

ANNOTATE_SKIPPED = define(
    code="annotate-skipped",
    severity=Severity.INFO,
    kind=RuleScope.FILE,
    source=SOURCE,
    description=(
        "Der er ikke lavet en kommenteret kopi af filen, fordi den ikke kunne læses som et "
        "af puljens skemaer (eller blev afvist af sikkerhedskontrollen)."
    ),
    hint="Ret først fundet om selve filen, og kontrollér den så igen; derefter laves den kommenterede kopi.",
)

ANNOTATE_FAILED = define(
    code="annotate-failed",
    severity=Severity.INFO,
    kind=RuleScope.FILE,
    source=SOURCE,
    description=(
        "Filen kunne ikke kopieres med kommentarer uden risiko for at miste indhold, så der "
        "er ikke lavet en kommenteret kopi."
    ),
    hint="Brug listen over fund i rapporten; stederne står ved hvert fund.",
)

ANNOTATE_ODF = define(
    code="annotate-odf-skipped",
    severity=Severity.INFO,
    kind=RuleScope.FILE,
    source=SOURCE,
    description=(
        "Der laves ikke kommenterede kopier af LibreOffice-filer (.odt/.ods): kommentarerne "
        "skrives kun i Word- og Excel-filer, og {grantor} beder om skemaerne i de formater."
    ),
    hint="Gem filen som .docx/.xlsx og kontrollér den igen; så får du en kommenteret kopi.",
)


ANNOTATED_COPY = define(
    code="file-annotated-copy",
    severity=Severity.WARNING,
    kind=RuleScope.FILE,
    source="hir-docs' egen service: kopier af dit ansøgningsskema og dine regneark med fundene som kommentarer",
    description=(
        "Filen er en kommenteret kopi fra hir-docs (med kommentarer, noter og en arkfane med "
        "fund). Den er kontrolleret uden hir-docs' egne kommentarer, men den må ikke sendes "
        "til {grantor}, så længe hir-docs' kommentarer, noter, farver, banner eller arkfane er i den."
    ),
    hint=(
        "Ret gerne i kopien, men send ikke kopien til {grantor}: ret det samme i originalen, eller "
        "slet hir-docs' kommentarer, banneret øverst (Word) og fanen »Fund fra hir-docs« og "
        "noterne (Excel) i kopien; så er den en almindelig fil igen."
    ),
)

ANNOTATED_COPY_SKIPPED = define(
    code="file-annotated-copy-skipped",
    severity=Severity.INFO,
    kind=RuleScope.FILE,
    source=SOURCE,
    description=(
        "Filen er en kommenteret kopi fra hir-docs af et skema, der også ligger i mappen; den "
        "er sprunget over, så skemaet ikke tælles to gange."
    ),
    hint="Flyt de kommenterede kopier ud af mappen med indsendelsen, eller lad dem ligge: de tælles ikke med.",
)
