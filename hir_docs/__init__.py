"""hir-docs: checks and reports for STAR grant pools (first pool: HIR)."""

__version__ = "0.1.0"
