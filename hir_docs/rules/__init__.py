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
from functools import cache, wraps
from pathlib import Path
from typing import Any

from hir_docs.findings import DocKind, Finding, RuleScope, Severity
from hir_docs.formatting import scrub_cpr
from hir_docs.pools import Pool, PoolError, PoolLacks, load_pool, read_toml
from hir_docs.pools.texts import PoolFormatter

# HIR's plug-in (``pool.toml``: ``plugins = ["caseload"]``): its caseload criterion and its
# SharePoint-module sheets (relocated citizens, registrations). Its checks run only for a
# pool naming it.
CASELOAD = "caseload"

# The pool of the check now running (``Context.pool``); texts default to it, else to HIR.
CURRENT_POOL: ContextVar[Pool | None] = ContextVar("CURRENT_POOL", default=None)


def fill(template: str, pool: Pool | None = None) -> str:
    """A rule text with its pool facts filled in (Danish formatting)."""
    if "{" not in template:
        return template
    return PoolFormatter(pool or CURRENT_POOL.get() or load_pool()).format(template)


# ------------------------------------------------------------------ the pool's rule texts
# A pool folder's ``rules.toml`` words the rules in the pool's own terms: per rule code a
# ``description``, ``hint`` or ``source`` that replaces the catalogue's generic text, and
# ``[messages]``: the pool's wording of parts of the findings' messages (by key). Both may
# name facts (``{salary_post}``). Read lazily, once per folder.
RULES_FILE = "rules.toml"
# What a plug-in and a payment model are, in a caseworker's words (why a rule is off).
MODULE_NAMES = {"caseload": "sagstalsmodulet (sagsstammer og skemaerne over borgere)"}
PAYMENT_NAMES = {
    "arrears": "betaler bagud efter regnskab",
    "instalments": "betaler i rater",
    "results": "betaler efter resultater",
}
RULE_PARTS = ("source", "description", "hint")


@cache
def _rules_file(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / RULES_FILE
    if not path.exists():
        return {"rules": {}, "messages": {}}
    data = read_toml(path)
    file = str(path)
    for key in data:
        if key not in ("rules", "messages"):
            raise PoolError(f"Puljefilen {file}: nøglen '{key}' kendes ikke (stavefejl?).")
    rules = data.get("rules", {})
    messages = data.get("messages", {})
    for key, table in (("rules", rules), ("messages", messages)):
        if not isinstance(table, dict):
            raise PoolError(f"Puljefilen {file}: nøglen '{key}' skal være en tabel ([...]).")
    for code, texts in rules.items():
        if not isinstance(texts, dict):
            raise PoolError(f"Puljefilen {file}: nøglen 'rules.{code}' skal være en tabel.")
        for part, text in texts.items():
            if part not in RULE_PARTS:
                raise PoolError(
                    f"Puljefilen {file}: nøglen 'rules.{code}.{part}' kendes ikke "
                    f"(kendte: {', '.join(RULE_PARTS)})."
                )
            if not isinstance(text, str) or not text.strip():
                raise PoolError(
                    f"Puljefilen {file}: nøglen 'rules.{code}.{part}' skal være en tekst."
                )
    for key, text in messages.items():
        if not isinstance(text, str):
            raise PoolError(f"Puljefilen {file}: nøglen 'messages.{key}' skal være en tekst.")
    return {"rules": rules, "messages": messages}


def rule_texts(pool: Pool) -> dict[str, dict[str, str]]:
    """The pool's own wording of rules (``rules.toml``, ``[rules.<code>]``)."""
    return _rules_file(pool.folder)["rules"] if pool.folder is not None else {}


def pool_messages(pool: Pool) -> dict[str, str]:
    """The pool's wording of parts of messages (``rules.toml``, ``[messages]``)."""
    return _rules_file(pool.folder)["messages"] if pool.folder is not None else {}


def message(pool: Pool, key: str, default: str) -> str:
    """A part of a finding's message in the pool's words (``rules.toml``, ``[messages]``),
    else hir-docs' generic ``default``; facts filled in."""
    return fill(pool_messages(pool).get(key, default), pool)


def rule_text_problems(pool: Pool) -> list[str]:
    """What is wrong with a pool's ``rules.toml``: a code the catalogue lacks, a message key
    no check reads, a placeholder naming no fact (``hir-docs pools check``)."""
    if pool.folder is None or not (pool.folder / RULES_FILE).exists():
        return []
    file = pool.folder / RULES_FILE
    try:
        data = _rules_file(pool.folder)
    except PoolError:
        return []  # the file's structure: pools.check says what is wrong, once
    found = []
    for code in data["rules"]:
        if code not in RULES:
            found.append(
                f"Puljefilen {file}: nøglen 'rules.{code}' nævner ingen regel i kataloget."
            )
    for key in data["messages"]:
        if key not in MESSAGE_KEYS:
            found.append(
                f"Puljefilen {file}: nøglen 'messages.{key}' bruges ikke af hir-docs "
                f"(kendte: {', '.join(sorted(MESSAGE_KEYS))})."
            )
    return found  # placeholders naming no fact: pools.check (_rules_file_problems)


# The message keys the checks read (``message(pool, key, default)``), with what they word.
MESSAGE_KEYS: dict[str, str] = {}


def message_key(key: str, what: str) -> str:
    """Declare a message key a check reads (for ``pools check`` and the template)."""
    MESSAGE_KEYS[key] = what
    return key


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

    @property
    def plugin(self) -> str | None:
        """The plug-in every check emitting this rule needs (``@check(plugin=...)``; the
        rule is off for a pool whose ``plugins`` lack it), or None."""
        return plugin_of(self.code)

    def off(self, pool: Pool | None = None) -> str | None:
        """Why the rule is off for ``pool`` (a plug-in it lacks, another payment model),
        or None."""
        plugin, payment = self.plugin, payment_of(self.code)
        if plugin is None and payment is None:
            return None
        pool = pool or CURRENT_POOL.get() or load_pool()
        if plugin is not None and plugin not in pool.plugins:
            what = MODULE_NAMES.get(plugin, plugin)
            return f"Reglen bruges ikke for puljen {pool.name}: puljen har ikke {what}."
        if payment is not None and not pays_by(pool, payment):
            return (
                f"Reglen bruges ikke for puljen {pool.name}: den gælder kun en pulje, der "
                f"{PAYMENT_NAMES.get(payment, payment)}."
            )
        return None

    def _fill(self, part: str, template: str, pool: Pool | None) -> str:
        """The text in the pool's words (its ``rules.toml``), else the catalogue's."""
        pool = pool or CURRENT_POOL.get() or load_pool()
        why = self.off(pool) if part != "source" else None  # the source is always shown
        if why is not None:
            raise PoolLacks(why)
        own = rule_texts(pool).get(self.code)
        return fill(own.get(part, template) if own else template, pool)

    def source(self, pool: Pool | None = None) -> str:
        return self._fill("source", self.source_template, pool)

    def description(self, pool: Pool | None = None) -> str:
        return self._fill("description", self.description_template, pool)

    def hint(self, pool: Pool | None = None) -> str:
        return self._fill("hint", self.hint_template, pool)

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
# Per rule code, the ``applies`` tests of the checks that emit it (None: always).
_APPLIES: dict[str, list[Callable[[Pool], bool] | None]] = {}
# The source of a rule no document of the pool states (``define``: no ``source``, and the
# pool's ``rules.toml`` cites none): the check is hir-docs' own, and the output says so.
GENERIC_SOURCE = "antaget: hir-docs' generelle kontrol (puljens egne dokumenter nævner ikke reglen)"


def define(
    *,
    code: str,
    severity: Severity,
    kind: DocKind | RuleScope,
    description: str,
    hint: str,
    source: str = "",
    plugin: str | None = None,
    applies: Callable[[Pool], bool] | None = None,
) -> Rule:
    """Declare a rule in the catalogue. ``kind`` is the document kind the rule is about
    (a DocKind value) or "file" / "cross"; ``source``, ``description`` and ``hint`` may
    name pool facts as ``{fact}``, ``{fact:kr}`` or ``{fact:dato}``. Codes are unique.

    ``source`` is what holds for every pool (hir-docs' own safety checks, STAR's shared
    budget guide, an assumption); where a pool's documents state the rule, the pool folder
    cites them (``rules.toml``: ``[rules."<code>"] source``). A rule without either is said
    to be hir-docs' general check, assumed for the pool (``GENERIC_SOURCE``).

    ``plugin``: the plug-in of a rule no check emits (a reader's, such as a module sheet's
    missing header); a rule a check emits belongs to that check's plug-in. ``applies``: for
    a rule no check emits, the pool data that gives it work (as ``check(applies=...)``)."""
    if code in RULES:
        raise ValueError(f"duplicate rule code {code}")
    if not (description and hint):
        raise ValueError(f"rule {code}: description and hint are required")
    rule = Rule(code, Severity(severity), kind, source or GENERIC_SOURCE, description, hint)
    if plugin is not None:
        _DECLARED_PLUGIN[code] = plugin
    if applies is not None:
        _APPLIES.setdefault(code, []).append(applies)
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
    # What several checks of this context compute alike (the final accounts), computed
    # once: it lives as long as the context (one file's or one submission's check). Not
    # an argument, so ``replace(ctx, ...)`` starts an empty one.
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)


Check = Callable[[Any, Context], Iterator[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    """A declared check: its scope, the rules it can emit, and the plug-in it needs."""

    scope: DocKind | RuleScope
    emits: tuple[Rule, ...]
    fn: Check
    plugin: str | None = None
    payment: str | None = None  # the payment model it needs (payment.toml: model)
    applies: Callable[[Pool], bool] | None = None  # a pool whose data gives it work


CHECKS: dict[str, list[CheckSpec]] = {}  # by scope
# Per rule code, the plug-ins of the checks that emit it (None: a check without one).
_EMITTED_BY: dict[str, set[str | None]] = {}


_DECLARED_PLUGIN: dict[str, str] = {}  # a reader's rule -> its plug-in (``define``)


def plugin_of(code: str) -> str | None:
    """The plug-in a rule belongs to: the one every check emitting it needs (None when a
    check without a plug-in emits it); for a rule no check emits, the one ``define`` names
    (None: readers' and intake's rules of every pool)."""
    if code not in _EMITTED_BY:
        return _DECLARED_PLUGIN.get(code)
    plugins = _EMITTED_BY[code]
    return next(iter(plugins)) if len(plugins) == 1 else None


# Per rule code, the payment models of the checks that emit it (None: any model).
_PAID_BY: dict[str, set[str | None]] = {}


def payment_of(code: str) -> str | None:
    """The payment model a rule belongs to (``@check(payment=...)``), as ``plugin_of``."""
    models = _PAID_BY.get(code, {None})
    return next(iter(models)) if len(models) == 1 else None


def pays_by(pool: Pool, model: str) -> bool:
    """The pool pays by ``model`` (``payment.toml``; a folder that does not say: "arrears",
    the model hir-docs computes)."""
    return (pool.payment_model or ARREARS) == model


ARREARS = "arrears"  # paid in arrears on part accounts (HIR; ``model.accounts``)


def runs_for(spec: CheckSpec, pool: Pool) -> bool:
    """Whether a check runs for a pool: a check of a plug-in only for a pool naming it, a
    check of a payment model only for a pool paying by it, a check with ``applies`` only
    for a pool whose data gives it work."""
    return (
        (spec.plugin is None or spec.plugin in pool.plugins)
        and (spec.payment is None or pays_by(pool, spec.payment))
        and _applies(spec.applies, pool)
    )


def _applies(test: Callable[[Pool], bool] | None, pool: Pool) -> bool:
    if test is None:
        return True
    try:
        return test(pool)
    except PoolLacks:
        return False


def applies_to(code: str, pool: Pool) -> bool:
    """Whether some check emitting the rule can have work for ``pool`` (a rule no check
    emits, or one a check without ``applies`` emits: always). ``hir-docs rules --pool``
    leaves out a rule that cannot fire for the pool (a form feature the pool's form lacks)."""
    tests = _APPLIES.get(code)
    return tests is None or any(_applies(test, pool) for test in tests)


# In the test suite a check that yields a code it did not declare is an error.
STRICT = os.environ.get("HIR_STRICT_RULES") == "1"


class UndeclaredRuleError(AssertionError):
    pass


def check(
    scope: DocKind | RuleScope,
    *,
    emits: tuple[Rule, ...],
    plugin: str | None = None,
    payment: str | None = None,
    applies: Callable[[Pool], bool] | None = None,
) -> Callable[[Check], Check]:
    """Decorator: declare a check for a scope and the rules it can emit. A check with a
    ``plugin`` runs only for a pool whose folder names it (``pool.toml``: ``plugins``); one
    with a ``payment`` model only for a pool paying by it (``payment.toml``: model). Its
    rules are off for the other pools (``hir-docs rules --pool`` says so). ``applies``: a
    test of the pool's data (its form has a field of a kind) without which the check has
    nothing to do; its rules are not listed for such a pool."""

    def deco(fn: Check) -> Check:
        codes = {r.code for r in emits}
        for code in codes:
            _EMITTED_BY.setdefault(code, set()).add(plugin)
            _PAID_BY.setdefault(code, set()).add(payment)
            _APPLIES.setdefault(code, []).append(applies)

        @wraps(fn)
        def run(model: Any, ctx: Context) -> Iterator[Finding]:
            if (
                (plugin is not None and plugin not in ctx.pool.plugins)
                or (payment is not None and not pays_by(ctx.pool, payment))
                or not _applies(applies, ctx.pool)
            ):
                return iter(())
            # The whole check runs inside the pool's and options' context (not a
            # generator that yields with them set in its caller's context).
            token = CURRENT_POOL.set(ctx.pool)
            options = CURRENT_OPTIONS.set(ctx.options)
            try:
                found = list(fn(model, ctx))
            except PoolLacks:
                # The pool does not give what the check needs (a fact with status =
                # "unknown" or not named, no form file): the check is off for this pool
                # (``hir-docs rules --pool`` says so). A broken pool file is not silenced.
                found = []
            finally:
                CURRENT_OPTIONS.reset(options)
                CURRENT_POOL.reset(token)
            undeclared = [f.code for f in found if f.code not in codes]
            if STRICT and undeclared:
                raise UndeclaredRuleError(f"{fn.__qualname__} yields undeclared {undeclared}")
            return iter(found)

        CHECKS.setdefault(scope, []).append(
            CheckSpec(scope, tuple(emits), run, plugin, payment, applies)
        )
        return run

    return deco
