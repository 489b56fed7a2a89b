"""Rules for the application form (ansøgningsskema). Each cites its source document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hir_docs.findings import DocKind, Finding, Severity
from hir_docs.formatting import dato, kr, number
from hir_docs.forms.application_layout import CONTACT_KEYS, application_form
from hir_docs.kommuner import find_kommune
from hir_docs.model import Application
from hir_docs.model.answers import answer_kind, caseload_claims, caseload_numbers
from hir_docs.pools import Pool
from hir_docs.rules import CASELOAD, Context, check, define, message, message_key, stdnum_dk
from hir_docs.values import is_email

FORM = "ansøgningsskema"

FIELD_MISSING = define(
    code="application-field-missing",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Et felt, som skemaet beder om, er tomt, mangler eller indeholder stadig pladsholdertekst.",
    hint="Skriv svaret i feltet under spørgsmålet, og slet den grå pladsholdertekst.",
)
AMOUNT_UNREADABLE = define(
    code="application-amount-unreadable",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Det ansøgte beløb kan ikke læses som et beløb i kroner.",
    hint="Skriv beløbet i kroner med tal, fx »1.200.000 kr.«.",
)
AMOUNT_RANGE = define(
    code="application-amount-range",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Det ansøgte beløb ligger uden for puljens {grant_min}-{grant_max:kr}",
    hint="Ret det ansøgte beløb, så det ligger mellem {grant_min:kr} og {grant_max:kr}",
)
MUNICIPALITY_UNKNOWN = define(
    code="application-municipality-unknown",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Ansøgeren er ikke en af landets 98 kommuner.",
    hint="Skriv kommunens navn, som det staves officielt, fx »Viborg Kommune«.",
)
MUNICIPALITY_MISMATCH = define(
    code="application-municipality-mismatch",
    severity=Severity.WARNING,
    kind=DocKind.APPLICATION,
    source="antaget: den projekt- og tilskudsansvarlige hører til ansøgerkommunen",
    description="Kontaktoplysningerne nævner et jobcenter i en anden kommune end feltet Kommune "
    "(kopieret ansøgning?). Antaget: skemaet siger det ikke selv, men den projekt- og "
    "tilskudsansvarlige hører til den kommune, der søger.",
    hint="Kontrollér, at kontaktoplysninger og kommunenavn er kommunens egne.",
)
CVR_MISSING = define(
    code="application-cvr-missing",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Kontaktoplysningerne mangler kommunens CVR-nummer.",
    hint="Tilføj fx »CVR-nummer 12345678« (kommunens CVR-nummer, 8 cifre).",
)
CVR_INVALID = define(
    code="application-cvr-invalid",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    source="CVR-nummerets kontrolciffer (modulus 11)",
    description="CVR-nummeret er ikke gyldigt (8 cifre, modulus 11-kontrol).",
    hint="Tjek CVR-nummeret på cvr.dk, og ret tastefejl.",
)
CONTACT_INCOMPLETE = define(
    code="application-contact-incomplete",
    severity=Severity.WARNING,
    kind=DocKind.APPLICATION,
    description="Kontaktoplysningerne mangler telefonnummer eller e-mail.",
    hint="Skriv telefonnummer og e-mail på den projekt- og tilskudsansvarlige.",
)
EMAIL_INVALID = define(
    code="application-email-invalid",
    severity=Severity.WARNING,
    kind=DocKind.APPLICATION,
    description="E-mailadressen i kontaktoplysningerne ser forkert ud.",
    hint="Skriv adressen som navn@kommune.dk uden mellemrum.",
)
PASSIVE_SHARE_INVALID = define(
    code="application-passive-share-invalid",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Målet for andelen er ikke en procentsats 0-100.",
    hint="Skriv målet i procent, fx »16-20 %« eller »ca. 18 %«.",
)
STRATEGY_TOO_LONG = define(
    code="application-strategy-too-long",
    severity=Severity.WARNING,
    kind=DocKind.APPLICATION,
    description="Strategiafsnittet fylder skønsmæssigt mere end {strategy_max_pages:ord} sider.",
    hint="Kort strategiafsnittet ned til højst {strategy_max_pages} sider, eller vedlæg det som pdf-bilag.",
)
CASELOAD_LIMIT = define(
    code="application-caseload-limit",
    severity=Severity.WARNING,
    kind=DocKind.APPLICATION,
    description="Beskrivelsen af sagsmængden nævner ikke et sagstal inden for loftet på {caseload_min}-{caseload_max} sager.",
    hint="Skriv det planlagte sagstal pr. sagsbehandler, fx »max. {caseload_min}-{caseload_max} sager pr. koordinerende sagsbehandler«, og hvordan projektet holder det, når der kommer flere sager.",
)
CASELOAD_ABOVE = define(
    code="application-caseload-above-limit",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Ansøgningen planlægger flere end {caseload_max} sager pr. koordinerende sagsbehandler "
    "(hele sagsstammen tæller, også sager uden for ressourceforløb). Antaget: et sagstal er en "
    "plan for de koordinerende sagsbehandlere, når sætningen ikke handler om en anden rolle "
    "(virksomhedskonsulent, mentor, leder …) eller om sagstallet i dag.",
    hint="Puljen kræver max. {caseload_min}-{caseload_max} sager pr. koordinerende sagsbehandler i hele projektperioden. Planlæg flere sagsbehandlere (evt. for kommunens egne midler), så sagstallet holdes under loftet, og ret tallet i ansøgningen.",
)
NOT_AN_ANSWER = define(
    code="application-not-an-answer",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Et felt indeholder noget, der ikke er et svar (fx »-«, »xxx«, »Udfyldes senere«, »TBD«).",
    hint="Skriv dit svar i feltet. Er svaret et bilag (kun muligt, hvor puljen tillader det), så vedlæg bilaget og skriv »Se vedlagte bilag«.",
)
SUBMITTED_LATE = define(
    code="application-submitted-late",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Ansøgningen er indsendt efter fristen {application_deadline:dato} og afvises.",
    hint="Det kan ikke rettes ved at ændre i dokumenterne: ansøgninger, der sendes efter fristen (kl. 23.59 på fristdagen), bliver afvist.",
)
COUNT_NOT_A_NUMBER = define(
    code="application-count-not-a-number",
    severity=Severity.ERROR,
    kind=DocKind.APPLICATION,
    description="Et succeskriterium, som ansøgningen skal angive som et antal, har intet tal.",
    hint="Skriv antallet med cifre, fx »40 deltagere«.",
)
FORM_NOT_KNOWN = define(
    code="application-form-not-known",
    severity=Severity.INFO,
    kind=DocKind.APPLICATION,
    source="antaget: puljens eget ansøgningsskema findes ikke blandt kilderne, så kun de felter, "
    "enhver ansøgning har, kontrolleres",
    description="Puljens eget ansøgningsskema kendes ikke, så kun de felter, enhver ansøgning "
    "har, er kontrolleret.",
    hint="Kontrollér selv ansøgningen mod puljens eget skema og puljeudmeldingen.",
)
MENTION_MISSING = define(
    code="application-mention-missing",
    severity=Severity.WARNING,
    kind=DocKind.APPLICATION,
    description="Et svar nævner ikke noget, puljen kræver, at det nævner (fundet ud fra ordene; "
    "en anden formulering kan overses).",
    hint="Nævn det i svaret med puljens egne ord, eller kontrollér, at det står der med andre ord.",
)


def _hint(key: str, ctx: Context) -> str:
    """How to answer a field: the pool's application form (``application.toml``, hint)."""
    return application_form(ctx.pool).hints.get(key, "")


_NAMED = re.compile(
    r"(?:Jobcenter|Jobcentret)\s{1,3}([A-ZÆØÅ][\w\-]{1,40}(?:[ -][A-ZÆØÅ][\w\-]{1,40})?)"
)


@check(DocKind.APPLICATION, emits=(FIELD_MISSING,))
def required_fields(app: Application, ctx: Context) -> Iterator[Finding]:
    fields = application_form(ctx.pool).fields
    for key in fields:
        if answer_text(app, key) or getattr(app, key) not in (None, ""):
            continue  # answered (a parsed field counts by its text as written)
        name, loc = fields[key].short_label, app.locations.get(key)
        if key not in app.present:
            msg = f"Afsnittet »{name}« mangler i ansøgningen."
            hint = f"Brug det officielle ansøgningsskema, eller tilføj overskriften »{name}« med dit svar. {_hint(key, ctx)}"
        elif key in app.placeholders:
            msg = f"Feltet »{name}« indeholder stadig skemaets pladsholdertekst og er ikke udfyldt."
            hint = f"Klik i feltet, og skriv dit svar i stedet for pladsholderteksten. {_hint(key, ctx)}"
        else:
            msg = f"Feltet »{name}« er ikke udfyldt."
            hint = _hint(key, ctx)
        yield FIELD_MISSING.finding(msg, file=ctx.file, field=key, location=loc, hint=hint)


def answer_text(app: Application, key: str) -> str | None:
    """The answer of field ``key`` as written (a parsed field's text is kept in ``raw``)."""
    raw = getattr(app, "raw", None) or {}
    value = raw[key] if key in raw else getattr(app, key, None)
    return value if isinstance(value, str) else None


def _no_answer(app: Application, key: str, ctx: Context) -> bool:
    """The field holds a non-answer ("-", "TBD"): reported once by ``non_answers``."""
    return answer_kind(answer_text(app, key), ctx.pool) == "non-answer"


@check(DocKind.APPLICATION, emits=(NOT_AN_ANSWER,))
def non_answers(app: Application, ctx: Context) -> Iterator[Finding]:
    fields = application_form(ctx.pool).fields
    for key in fields:
        text = answer_text(app, key)
        if answer_kind(text, ctx.pool) != "non-answer":
            continue
        assert text is not None
        yield NOT_AN_ANSWER.finding(
            f"Feltet »{fields[key].short_label}« indeholder kun »{text.strip()[:40]}«, og det er ikke et svar.",
            file=ctx.file,
            field=key,
            location=app.locations.get(key),
            hint=f"Skriv dit svar i stedet. {_hint(key, ctx)}",
        )


@check(
    DocKind.APPLICATION,
    emits=(
        AMOUNT_RANGE,
        AMOUNT_UNREADABLE,
    ),
)
def amount(app: Application, ctx: Context) -> Iterator[Finding]:
    key = field_of("requested_amount", ctx)
    if key is None or _no_answer(app, key, ctx):
        return
    loc, raw, value = app.locations.get(key), app.raw.get(key), getattr(app, key)
    if raw and value is None:
        yield AMOUNT_UNREADABLE.finding(
            f"Det ansøgte beløb »{raw[:60]}« kan ikke læses som et beløb.",
            file=ctx.file,
            field=key,
            location=loc,
        )
    if value is None:
        return
    low, high = ctx.pool.amount("grant_min"), ctx.pool.amount("grant_max")
    if not low <= value <= high:
        yield AMOUNT_RANGE.finding(
            f"Det ansøgte beløb er {kr(value)}; puljen giver tilskud mellem "
            f"{kr(low)} og {kr(high)}",
            file=ctx.file,
            field=key,
            location=loc,
            hint=f"Tilpas beløbet og budgettet, så tilskuddet ligger mellem {kr(low)} og {kr(high)}",
        )


@check(
    DocKind.APPLICATION,
    emits=(
        MUNICIPALITY_MISMATCH,
        MUNICIPALITY_UNKNOWN,
    ),
)
def municipality(app: Application, ctx: Context) -> Iterator[Finding]:
    key = field_of("applicant", ctx)
    if key is None or _no_answer(app, key, ctx):
        return
    form = application_form(ctx.pool)
    if form.types.get(key) != "municipality":
        return  # an applicant the form does not read as a municipality
    loc, raw = app.locations.get(key), app.raw.get(key)
    code = next((getattr(app, k) for k in form.derived.get(key, ())[:1]), None)
    if raw and code is None:
        yield MUNICIPALITY_UNKNOWN.finding(
            f"»{raw[:60]}« er ikke en af landets 98 kommuner. Puljen kan kun "
            f"søges af {ctx.pool['applicants']}.",
            file=ctx.file,
            field=key,
            location=loc,
        )
    contact = field_of("contact", ctx)
    text = getattr(app, contact) if contact else None
    if not (code and text and contact):
        return
    for m in _NAMED.finditer(text):
        # "Jobcenter Viborg Eksempelvej 12": try the two words, then the first alone.
        other = find_kommune(m.group(1)) or find_kommune(m.group(1).split()[0])
        if other and other.code != code:
            yield MUNICIPALITY_MISMATCH.finding(
                f"Kontaktoplysningerne nævner »{m.group(0)}«, men ansøgeren er {getattr(app, key)}.",
                file=ctx.file,
                field=contact,
                location=app.locations.get(contact),
                hint="Ret kontaktoplysningerne eller kommunenavnet, så de passer sammen.",
            )
            return


@check(
    DocKind.APPLICATION,
    emits=(
        CONTACT_INCOMPLETE,
        CVR_INVALID,
        CVR_MISSING,
        EMAIL_INVALID,
    ),
)
def contact(app: Application, ctx: Context) -> Iterator[Finding]:
    key = field_of("contact", ctx)
    if key is None or not getattr(app, key) or _no_answer(app, key, ctx):
        return  # reported as a missing field or as no answer
    loc = app.locations.get(key)
    derived = _contact_pieces(application_form(ctx.pool).derived.get(key, ()))
    if "cvr" not in derived:
        pass  # the form asks for no CVR number (a jobcenter's contact person)
    elif app.cvr is None:
        yield CVR_MISSING.finding(
            "Kontaktoplysningerne indeholder ikke kommunens CVR-nummer.",
            file=ctx.file,
            field="cvr",
            location=loc,
        )
    elif not _valid_cvr(app.cvr):
        yield CVR_INVALID.finding(
            f"CVR-nummeret {app.cvr} er ikke gyldigt (det skal have 8 cifre og bestå "
            "modulus 11-kontrollen).",
            file=ctx.file,
            field="cvr",
            location=loc,
        )
    missing = [
        w
        for w, k in (("telefonnummer", "contact_phone"), ("e-mail", "contact_email"))
        if k in derived and not getattr(app, k)
    ]
    if missing:
        yield CONTACT_INCOMPLETE.finding(
            f"Kontaktoplysningerne mangler {' og '.join(missing)}.",
            file=ctx.file,
            field="contact_phone" if not app.contact_phone else "contact_email",
            location=loc,
        )
    if app.contact_email and not is_email(app.contact_email):
        yield EMAIL_INVALID.finding(
            f"E-mailadressen »{app.contact_email}« ser forkert ud.",
            file=ctx.file,
            field="contact_email",
            location=loc,
        )


def _contact_pieces(derived: tuple[str, ...]) -> tuple[str, ...]:
    """The contact's pieces the form asks for: those it derives under hir-docs' names
    (``forms.application_layout.CONTACT_KEYS``), else all three (a pool naming them its own way)."""
    return derived if set(derived) <= set(CONTACT_KEYS) else CONTACT_KEYS


def field_of(role: str, ctx: Context) -> str | None:
    """The key of the pool's application field with ``role`` (``application.toml``: role),
    or None: a check of that field does not run for the pool."""
    return next((k for k, r in application_form(ctx.pool).roles.items() if r == role), None)


TARGET_SHARE = message_key(
    "application_target_share",
    "application-passive-share-invalid: what the target is a share of, before »<svar>«",
)


@check(DocKind.APPLICATION, emits=(PASSIVE_SHARE_INVALID,))
def passive_share(app: Application, ctx: Context) -> Iterator[Finding]:
    if field_of("target_share", ctx) is None:
        return
    raw, rng = app.passive_share_raw, app.passive_share_target
    if not raw or _no_answer(app, "passive_share_target", ctx):
        return
    if rng is None or not (0 <= rng.low <= 100 and 0 <= rng.high <= 100):
        what = message(ctx.pool, TARGET_SHARE, "Målet for andelen")
        yield PASSIVE_SHARE_INVALID.finding(
            f"{what} »{raw[:60]}« er ikke en procentsats mellem 0 og 100.",
            file=ctx.file,
            field="passive_share_target",
            location=app.locations.get("passive_share_target"),
        )


@check(DocKind.APPLICATION, emits=(STRATEGY_TOO_LONG,))
def strategy_length(app: Application, ctx: Context) -> Iterator[Finding]:
    if not app.strategy or field_of("strategy", ctx) is None:
        return
    per_page = ctx.pool.number("chars_per_page")
    max_pages = ctx.pool.number("strategy_max_pages")
    pages = len(app.strategy) / per_page
    if pages > max_pages:
        yield STRATEGY_TOO_LONG.finding(
            f"Strategiafsnittet fylder ca. {number(pages, 1)} sider ({number(len(app.strategy))} "
            f"tegn); det bør højst fylde {max_pages:.0f} sider.",
            file=ctx.file,
            field="strategy",
            location=app.locations.get("strategy"),
            hint=f"Forkort afsnittet til højst ca. {number(per_page * max_pages)} tegn (en normalside er "
            f"{number(per_page)} tegn), eller vedlæg det som pdf-bilag på højst {max_pages:.0f} sider.",
        )


# The answers that may state the planned caseload (not today's caseload or the amount).
CASELOAD_FIELDS = ("caseload_plan", "strategy", "summary", "activities", "goals", "organisation")


@check(DocKind.APPLICATION, emits=(CASELOAD_ABOVE,), plugin=CASELOAD)
def caseload_above(app: Application, ctx: Context) -> Iterator[Finding]:
    """A planned number of cases per coordinating caseworker above the cap (not today's
    numbers, not other roles)."""
    limit = ctx.pool.number("caseload_max")
    for key in CASELOAD_FIELDS:
        above = [c for c in caseload_claims(answer_text(app, key)) if c.cases > limit]
        if not above:
            continue
        numbers = " og ".join(dict.fromkeys(f"{c.cases} sager" for c in above))
        mixed = (
            " Hele sagsstammen tæller, også sager uden for ressourceforløb."
            if any(c.total for c in above)
            else ""
        )
        yield CASELOAD_ABOVE.finding(
            f"»{application_form(ctx.pool).fields[key].short_label}« planlægger {numbers} pr. sagsbehandler (»{above[0].text}«); "
            f"puljen kræver max. {ctx.pool.number('caseload_min'):.0f}-{limit:.0f} sager pr. "
            f"koordinerende sagsbehandler.{mixed}",
            file=ctx.file,
            field=key,
            location=app.locations.get(key),
        )


@check(DocKind.APPLICATION, emits=(CASELOAD_LIMIT,), plugin=CASELOAD)
def caseload_limit(app: Application, ctx: Context) -> Iterator[Finding]:
    if not app.caseload_plan or _no_answer(app, "caseload_plan", ctx):
        return
    limit = ctx.pool.number("caseload_max")
    if any(c.cases > limit for c in caseload_claims(app.caseload_plan)):
        return  # the plan names a number above the cap: an error of its own
    if not any(0 < n <= limit for n in caseload_numbers(app.caseload_plan)):
        yield CASELOAD_LIMIT.finding(
            "Beskrivelsen af sagsmængden nævner ikke, at hver koordinerende sagsbehandler har "
            f"højst {ctx.pool.number('caseload_min'):.0f}-{limit:.0f} sager.",
            file=ctx.file,
            field="caseload_plan",
            location=app.locations.get("caseload_plan"),
        )


@check(DocKind.APPLICATION, emits=(SUBMITTED_LATE,))
def submitted(app: Application, ctx: Context) -> Iterator[Finding]:
    when = ctx.options.submitted
    if when is None:
        return
    deadline = ctx.pool.datetime("application_deadline")
    if when.replace(second=0, microsecond=0) > deadline:
        yield SUBMITTED_LATE.finding(
            f"Ansøgningen er indsendt {dato(when.date())} kl. {when:%H.%M}, efter fristen "
            f"{dato(deadline.date())} kl. {deadline:%H.%M}. Den vil blive afvist.",
            file=ctx.file,
            location="Indsendelse",
        )


def _form_has_counts(pool: Pool) -> bool:
    return "count" in application_form(pool).types.values()


def _form_not_known(pool: Pool) -> bool:
    return not application_form(pool).known


def _form_has_mentions(pool: Pool) -> bool:
    return bool(application_form(pool).mentions)


@check(DocKind.APPLICATION, emits=(COUNT_NOT_A_NUMBER,), applies=_form_has_counts)
def counts(app: Application, ctx: Context) -> Iterator[Finding]:
    """A field of type "count" (a success criterion the application states as a number)
    whose answer has no number written with digits."""
    form = application_form(ctx.pool)
    for key, kind in form.types.items():
        text = answer_text(app, key)
        if kind != "count" or not text or getattr(app, key) is not None:
            continue
        if _no_answer(app, key, ctx):
            continue  # reported once by non_answers
        yield COUNT_NOT_A_NUMBER.finding(
            f"»{form.fields[key].short_label}« skal angives som et antal, men svaret "
            f"»{text.strip()[:60]}« indeholder intet tal.",
            file=ctx.file,
            field=key,
            location=app.locations.get(key),
            hint=f"Skriv antallet med cifre. {_hint(key, ctx)}".strip(),
        )


@check(DocKind.APPLICATION, emits=(FORM_NOT_KNOWN,), applies=_form_not_known)
def form_not_known(app: Application, ctx: Context) -> Iterator[Finding]:
    """The pool's own form is not among the sources (``form_known = false``): say once
    that only the fields every application has were checked."""
    form = application_form(ctx.pool)
    if form.known:
        return
    names = ", ".join(f.short_label for f in form.fields.values())
    yield FORM_NOT_KNOWN.finding(
        f"{form.note} Kontrollerede felter: {names}.",
        file=ctx.file,
        location="Ansøgningen som helhed",
    )


def _mentions_word(text: str, word: str) -> bool:
    """``word`` starts a word of ``text`` (case ignored): "misbrug" in "Misbrugscentret"."""
    pattern = r"(?<![\wæøå])" + re.escape(word.casefold())
    return re.search(pattern, text.casefold()) is not None


@check(DocKind.APPLICATION, emits=(MENTION_MISSING,), applies=_form_has_mentions)
def mentions(app: Application, ctx: Context) -> Iterator[Finding]:
    """An answer that does not mention what the pool demands (``mentions`` of a field):
    none of the words that say it starts a word of the answer. Words may miss another
    wording, so this warns and says what was looked for."""
    form = application_form(ctx.pool)
    for key, wanted in form.mentions.items():
        text = answer_text(app, key)
        if not text or _no_answer(app, key, ctx):
            continue  # a missing answer is reported as such
        for mention in wanted:
            if any(_mentions_word(text, w) for w in mention.words):
                continue
            looked = ", ".join(f"»{w}«" for w in mention.words)
            yield MENTION_MISSING.finding(
                f"»{form.fields[key].short_label}« nævner ikke {mention.what} "
                f"(hir-docs har ledt efter ordene {looked}; kilde: {mention.source}).",
                file=ctx.file,
                field=key,
                location=app.locations.get(key),
                hint=f"Nævn {mention.what} i svaret. Står det der med andre ord, kan "
                "advarslen ignoreres.",
            )


def _valid_cvr(cvr: str) -> bool:
    # Loaded here, without OpenSSL (``rules.stdnum_dk``): a check of a citizen sheet never
    # needs it.
    return bool(stdnum_dk.cvr().is_valid(cvr))
