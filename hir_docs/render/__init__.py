"""Reports from project data: the project-data workbook, status report, final report and
accounts. Default Word templates are built in memory by ``build_templates`` (no package
data needed); ``templates/`` in the repository holds the same files for municipalities who
want to edit their own (``python -m hir_docs.render.template_files templates/``)."""
