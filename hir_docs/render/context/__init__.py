"""Template contexts: ProjectData -> plain dicts of Danish-formatted strings.

Templates get text only (numbers already formatted with Babel), so a municipality's own
template needs no filters. ``render.tplcheck`` checks a municipality's template against
the names these contexts provide.

The contexts per report live in ``status``, ``final`` and ``accounts``; what they share in
``shared`` (facts every report shows, criteria, duties), ``economy`` (the budget lines,
financing and grant payable) and ``fmt`` (Danish text helpers).
"""

from __future__ import annotations

from hir_docs.render.context.accounts import accounts_context
from hir_docs.render.context.final import final_context
from hir_docs.render.context.fmt import EMPTY
from hir_docs.render.context.status import status_context

__all__ = ["EMPTY", "accounts_context", "final_context", "status_context"]
