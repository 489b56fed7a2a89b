"""Annotated copies: the findings written back into the user's own Word and Excel files.

``annotate.copies.annotate_report(report, outdir)`` writes, for every .docx/.xlsx document
the check could read as one of the pool's forms, ``outdir/<name> (kommenteret).<ext>``:
Word review comments at the answers (``annotate.docx``), Excel notes, fills and a list
sheet (``annotate.xlsx``). A finding goes into the copies of the documents it concerns:
its own file, and the documents a finding about the submission names.

The copies are edited part by part, never re-saved by a library, so nothing of the user's
content is lost; the same input gives the same bytes; inputs are only read; outputs are
written atomically and never over an existing file without ``force``. Each copy is marked
as ours (``annotate.marker``: a banner and custom properties), so a copy checked or
annotated again first loses our previous round (``annotate.clean``), a folder check skips
a copy next to its original, and a copy checked alone says it is a copy.

This package's ``__init__`` imports nothing, so the pipeline can use ``annotate.marker``
and ``annotate.clean`` without a cycle (``annotate.copies`` uses the pipeline).
"""
