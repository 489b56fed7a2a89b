"""The rule catalogue: building blocks.

A *rule* is a catalogue entry: code, severity, scope (the document kind it is about, or
``file`` / ``cross``), source, description and default fix hint, all declared with
keywords by ``define``. One code has one severity: a case that needs another severity is
a rule of its own. Texts that name a pool fact are templates filled from the pool file:
``"{grant_min:kr}"`` -> "500.000 kr.", ``"{real_start:dato}"`` -> "1. marts 2018",
``"{caseload_max}"`` -> "35".

A *check* is a small function ``fn(model, ctx) -> Iterator[Finding]`` for one scope,
declared with ``@check(scope, emits=(RULE, ...))``; it builds its findings through the
rules it declares, so code, severity and source always agree with the catalogue.
Producers outside ``rules/`` (safe opening, readers, bulk intake) import the rule they
emit from here.

``hir_docs.rules.registry`` lists every rule module in one place, prints the catalogue
and runs the checks.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from hir_docs.findings import DocKind, Finding, RuleScope, Severity
from hir_docs.formatting import scrub_cpr
from hir_docs.pools import Pool, PoolError, load_pool
from hir_docs.pools.texts import PoolFormatter

# The pool of the check now running (``Context.pool``); texts default to it, else to HIR.
CURRENT_POOL: ContextVar[Pool | None] = ContextVar("CURRENT_POOL", default=None)


def fill(template: str, pool: Pool | None = None) -> str:
    """A rule text with its pool facts filled in (Danish formatting)."""
    if "{" not in template:
        return template
    return PoolFormatter(pool or CURRENT_POOL.get() or load_pool()).format(template)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    scope: DocKind | RuleScope
    source_template: str
    description_template: str
    hint_template: str

    @property
    def scope_label(self) -> str:
        return self.scope.label

    def source(self, pool: Pool | None = None) -> str:
        return fill(self.source_template, pool)

    def description(self, pool: Pool | None = None) -> str:
        return fill(self.description_template, pool)

    def hint(self, pool: Pool | None = None) -> str:
        return fill(self.hint_template, pool)

    def finding(
        self,
        message: str,
        *,
        file: str | None = None,
        field: str | None = None,
        location: str | None = None,
        hint: str | None = None,
        pool: Pool | None = None,
    ) -> Finding:
        """A finding of this rule. ``hint`` replaces the rule's default hint when the case
        needs a more precise one; ``pool`` fills the default texts (default: HIR)."""
        return Finding(
            code=self.code,
            severity=self.severity,
            message=scrub_cpr(message),
            file=file,
            field=field,
            location=location,
            hint=scrub_cpr(hint if hint is not None else self.hint(pool)) or None,
            source=self.source(pool),
        )


RULES: dict[str, Rule] = {}


def define(
    *,
    code: str,
    severity: Severity,
    kind: DocKind | RuleScope,
    source: str,
    description: str,
    hint: str,
) -> Rule:
    """Declare a rule in the catalogue. ``kind`` is the document kind the rule is about
    (a DocKind value) or "file" / "cross"; ``source``, ``description`` and ``hint`` may
    name pool facts as ``{fact}``, ``{fact:kr}`` or ``{fact:dato}``. Codes are unique."""
    if code in RULES:
        raise ValueError(f"duplicate rule code {code}")
    if not (source and description and hint):
        raise ValueError(f"rule {code}: source, description and hint are required")
    rule = Rule(code, Severity(severity), kind, source, description, hint)
    RULES[code] = rule
    return rule


@dataclass
class CheckOptions:
    submitted: dt.datetime | None = None  # --submitted: when the application was sent
    snapshot_dates: tuple[dt.date, ...] = ()  # --on: caseload snapshot dates
    today: dt.date | None = None  # for deadline rules on reports (default: date.today())
    report: str | None = None  # render: the report being made (status | final | accounts)
    period: str | None = None  # render: its half-year as given ("2018-H2"; None: the default)
    pool: str | None = None  # --pool: the pool chosen by the user (None: detected)
    # The pool the submission's application names (a document naming none follows it).
    submission_pool: str | None = None
    # Row findings built per rule code on a citizen sheet before one summary "... og N
    # rækker mere" (None: ``rules.citizen_text.MAX_PER_CODE``). The annotated copies lift
    # it to mark every bad row (``annotate.uncapped``); a check's report keeps the cap.
    max_per_code: int | None = None


# The options of the check now running (``Context.options``), for helpers called without
# the context (``rules.citizen_text.Cap``); None outside a check.
CURRENT_OPTIONS: ContextVar[CheckOptions | None] = ContextVar("CURRENT_OPTIONS", default=None)


@dataclass
class Context:
    file: str
    pool: Pool = field(default_factory=load_pool)
    options: CheckOptions = field(default_factory=CheckOptions)


Check = Callable[[Any, Context], Iterator[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    """A declared check: its scope and the rules it can emit."""

    scope: DocKind | RuleScope
    emits: tuple[Rule, ...]
    fn: Check


CHECKS: dict[str, list[CheckSpec]] = {}  # by scope

# In the test suite a check that yields a code it did not declare is an error.
STRICT = os.environ.get("HIR_STRICT_RULES") == "1"


class UndeclaredRuleError(AssertionError):
    pass


def check(scope: DocKind | RuleScope, *, emits: tuple[Rule, ...]) -> Callable[[Check], Check]:
    """Decorator: declare a check for a scope and the rules it can emit."""

    def deco(fn: Check) -> Check:
        codes = {r.code for r in emits}

        @wraps(fn)
        def run(model: Any, ctx: Context) -> Iterator[Finding]:
            # The whole check runs inside the pool's and options' context (not a
            # generator that yields with them set in its caller's context).
            token = CURRENT_POOL.set(ctx.pool)
            options = CURRENT_OPTIONS.set(ctx.options)
            try:
                found = list(fn(model, ctx))
            except PoolError:
                # The pool does not know a fact the check needs (status = "unknown" or not
                # given): the check is off for this pool (``hir-docs rules --pool`` says so).
                found = []
            finally:
                CURRENT_OPTIONS.reset(options)
                CURRENT_POOL.reset(token)
            undeclared = [f.code for f in found if f.code not in codes]
            if STRICT and undeclared:
                raise UndeclaredRuleError(f"{fn.__qualname__} yields undeclared {undeclared}")
            return iter(found)

        CHECKS.setdefault(scope, []).append(CheckSpec(scope, tuple(emits), run))
        return run

    return deco
