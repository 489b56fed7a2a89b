"""``hir-docs serve``: the web front end (FastAPI, server-rendered Danish pages, JSON API).

Like the command line it only wires ``hir_docs.api`` to people: routes parse the upload,
hand the work to a bounded worker pool, and show the result with the same JSON as
``hir-docs check --format json``. Nothing of a user's files is kept after a response.
"""
