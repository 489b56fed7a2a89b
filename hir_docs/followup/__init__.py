"""STAR's follow-up overview of every funded project (``hir-docs followup``).

``run.run_followup`` walks a follow-up inbox (one folder per municipality, as ``bulk``'s
inbox), reads each project's project data and the report annexes it has sent
(``read``), works out what was due and what arrived, what STAR can pay now and what is
held back (``assess``, on ``model.accounts.compute_accounts``) and writes one printable
workbook (``workbook``). The figures are the municipality's own reports' figures: the
same functions compute them.
"""
