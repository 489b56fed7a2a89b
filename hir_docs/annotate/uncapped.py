"""Every bad row marked in an annotated copy, not only those a report shows (issue 21,
point 21).

A check shows at most ``MAX_PER_CODE`` row findings per rule on a citizen sheet and then
one summary "... og N rækker mere med samme problem"; the rows past the cap are counted,
never built (``rules.citizen_text.Cap``). A copy is where a coordinator fixes the rows,
so for a report with such a summary the checks of that sheet (and the cross checks of
its submission, for a capped cross rule) are run again on the documents already read,
with the cap lifted, and the summary is replaced by the rows it stood for. Nothing else
is checked again, and the report itself is left as it is (the terminal and JSON output
keep the cap).

The rows found again are used only when they agree with the report: the rows it shows
are among them and the count is the summary's. Otherwise (a check run with other
options, say) the report is used as it is, and the summary is noted at the last row
shown (``annotate.xlsx``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hir_docs.findings import DocKind, Finding, Report, RuleScope
from hir_docs.pipeline import cross_check, group_documents
from hir_docs.rules import RULES, CheckOptions, Context
from hir_docs.rules.citizen_text import UNCAPPED, left_out
from hir_docs.rules.registry import run_checks

Key = tuple[str, str]  # (file, code)


def uncapped_report(report: Report, options: CheckOptions | None = None) -> Report:
    """``report`` with each summary of a capped rule replaced by the rows it stood for
    (a new Report; ``report`` is not changed). ``options``: those of the check that made
    the report (the cap aside)."""
    summaries: dict[Key, int] = {}
    for f in report.findings:
        more = left_out(f)
        if more is not None and f.file is not None:
            key = (f.file, f.code)
            summaries[key] = summaries.get(key, 0) + more
    if not summaries:
        return report
    lifted = replace(options or CheckOptions(), max_per_code=UNCAPPED)
    found = _check_again(report, summaries, lifted)
    extra: dict[Key, list[Finding]] = {}
    for key, more in summaries.items():
        rows = _rows_past_cap(report, key, more, found.get(key, []))
        if rows is not None:
            extra[key] = rows
    if not extra:
        return report
    findings: list[Finding] = []
    replaced: set[Key] = set()
    for f in report.findings:
        key = (f.file or "", f.code)
        if left_out(f) is None or key not in extra:
            findings.append(f)
        elif key not in replaced:  # the first summary of the key stands for them all
            findings.extend(extra[key])
            replaced.add(key)
    return Report(documents=report.documents, findings=findings)


def _check_again(
    report: Report, summaries: dict[Key, int], options: CheckOptions
) -> dict[Key, list[Finding]]:
    """The findings of the capped keys, from the checks of their files (and the cross
    checks of their submissions), run again with ``options``; nothing else is run."""
    scopes: dict[str, set[DocKind | RuleScope]] = {}
    for file, code in summaries:
        rule = RULES.get(code)
        if rule is not None:
            scopes.setdefault(file, set()).add(rule.scope)
    found: list[Finding] = []
    for doc in report.documents:
        if doc.kind in scopes.get(doc.file, set()) and doc.model is not None:
            found.extend(run_checks(doc.kind, doc.model, Context(file=doc.file, options=options)))
    crossed = {file for file, kinds in scopes.items() if RuleScope.CROSS in kinds}
    if crossed:
        for sub in group_documents(report.documents, expect_complete=False):
            if crossed & {d.file for d in sub.documents}:
                found.extend(cross_check(sub, options))
    out: dict[Key, list[Finding]] = {}
    for f in found:
        key = (f.file or "", f.code)
        if key in summaries and left_out(f) is None:
            out.setdefault(key, []).append(f)
    return out


def _rows_past_cap(
    report: Report, key: Key, more: int, again: list[Finding]
) -> list[Finding] | None:
    """The findings of ``key`` found again that the report left out, in their order;
    None when they do not agree with the report (the rows shown are not all among them,
    or their count is not the summary's)."""
    shown = Counter(f for f in report.findings if (f.file, f.code) == key and left_out(f) is None)
    if len(again) != shown.total() + more:
        return None
    left = Counter(again)
    left.subtract(shown)
    if any(n < 0 for n in left.values()):
        return None
    rows: list[Finding] = []
    for f in again:
        if shown[f] > 0:
            shown[f] -= 1
        else:
            rows.append(f)
    return rows
