"""STAR's side after the decision: the decision sheet, the grant letters and the grant
record (``hir-docs grants``); see docs/grant-record.md."""
