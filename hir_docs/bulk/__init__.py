"""STAR's bulk intake: inbox (folder or zip) -> the check pipeline per submission, in
parallel -> one overview workbook (and, on request, the CPR export)."""
