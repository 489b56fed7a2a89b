"""Builders of the blank official forms in ../forms/ and the labels of every form we read
(``application_layout``, ``projectdata_layout``). ``hir_docs.forms.blank`` lists the
blank forms that ``hir-docs forms OUTDIR`` and ``make forms`` write."""
