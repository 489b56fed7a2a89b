"""Rules about the annotated copies (``hir-docs check --annotate DIR``).

Emitted by ``hir_docs.annotate`` when a copy of the user's own file with the findings as
comments could not be made. They are notes (INFO): the check itself is not affected.
"""

from __future__ import annotations

from hir_docs.findings import RuleScope, Severity
from hir_docs.rules import define

SOURCE = "hir-docs' egen service: kopier af jeres ansøgningsskema og regneark med fundene som kommentarer"

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
