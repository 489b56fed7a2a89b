"""The official HIR application form: sections, field labels and their order.

One place for every label, used by the blank-form builder (``forms/application.py``)
and by the reader (``readers/application.py``). Labels and order follow the real form
(seed 001, "Ansøgningskema for Pulje til Håndholdt ressourceforløb").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str  # JSON field key
    label: str  # the official label text (first paragraph of the label cell)
    location: str  # where a caseworker finds it: "Section › short label"
    extra: tuple[str, ...] = ()  # further instruction paragraphs in the label cell
    aliases: tuple[str, ...] = ()  # short labels used in self-made documents (Q&A 20)
    short: bool = False  # one-line answer (inline content control)

    @property
    def short_label(self) -> str:
        """The field's own name, the last part of ``location`` ("Projektets navn")."""
        return self.location.split(" › ")[-1]


@dataclass(frozen=True)
class Section:
    heading: str | None
    fields: tuple[Field, ...]
    intro: tuple[str, ...] = ()  # instruction paragraphs under the heading
    outro: tuple[str, ...] = ()
    subheading: str | None = None
    # A self-made document may use only the section heading for a one-field section.
    fallback: str | None = None


TITLE = "Ansøgningsskema for Pulje til Håndholdt ressourceforløb"
PREAMBLE = (
    "Finanslovskonto 17.46.78.30.",
    "Ansøgningen skal sendes til styrelsen via tilskudsportalen",
)

GOALS_EXTRA = (
    "Herunder skal kommunen opstille mål for andelen af passive ressourceforløbsmodtagere "
    "det sidste kvartal af projektperioden på tværs af alle forløbsvarigheder."
)

SECTIONS: tuple[Section, ...] = (
    Section(
        None,
        (
            Field(
                "project_name",
                "Projektets navn:",
                "Projektets navn",
                aliases=("Projektnavn", "Projektets titel"),
                short=True,
            ),
        ),
    ),
    Section(
        "Ansøger",
        (
            Field(
                "municipality",
                "Kommune",
                "Ansøger › Kommune",
                aliases=("Ansøgerkommune", "Ansøgende kommune", "Kommunens navn"),
                short=True,
            ),
            Field(
                "contact",
                "Projekt- og tilskudsansvarlig: Oplys navn, adresse, CVR-nummer, telefon og e-mail",
                "Ansøger › Projekt- og tilskudsansvarlig",
                aliases=(
                    "Projekt- og tilskudsansvarlig",
                    "Tilskudsansvarlig",
                    "Kontaktoplysninger",
                ),
            ),
        ),
    ),
    Section(
        "Projektresumé",
        (
            Field(
                "summary",
                "Beskriv kort projektets formål, aktiviteter, målsætninger m.v.",
                "Projektresumé",
                aliases=("Resumé", "Formål, aktiviteter og målsætninger"),
            ),
        ),
        fallback="summary",
    ),
    Section(
        "Projektets målgruppe",
        (
            Field(
                "expected_citizens",
                "Beskriv forventet antal borgere i ressourceforløb i projektperioden",
                "Projektets målgruppe › Forventet antal borgere",
                aliases=("Forventet antal borgere i ressourceforløb", "Forventet antal borgere"),
            ),
            Field(
                "current_caseload",
                "Antal sager pr. koordinerende sagsbehandler for ressourceforløbsborgere "
                "i dag i jobcenteret",
                "Projektets målgruppe › Antal sager pr. koordinerende sagsbehandler",
                aliases=("Antal sager pr. koordinerende sagsbehandler", "Nuværende sagsantal"),
            ),
        ),
    ),
    Section(
        "Projektets aktiviteter",
        (
            Field(
                "activities",
                "Beskriv en strategi for at borgeren oplever en så effektiv sagsbehandling og "
                "tæt kontakt med sagsbehandler som muligt, herunder at borgeren så hurtigt som "
                "muligt får en jobrettet plan for det videre forløb.",
                "Projektets aktiviteter",
                aliases=("Aktiviteter",),
            ),
        ),
        fallback="activities",
    ),
    Section(
        "Kriterier for tildeling af tilskud:",
        (
            Field(
                "caseload_plan",
                "Ansøgningen skal indeholde beskrivelse af, hvordan man vil sikre max. 30-35 "
                "sager pr. koordinerende sagsbehandler under hele projektperioden, også selvom "
                "der kommer flere sager til teamet i perioden.",
                "Kriterier for tildeling af tilskud › Sagsmængde",
                aliases=("Sikring af max. 30-35 sager pr. koordinerende sagsbehandler",),
            ),
        ),
        subheading="Sagsmængde",
        fallback="caseload_plan",
    ),
    Section(
        "Strategi for tilrettelæggelse af indsatsen",
        (
            Field(
                "strategy",
                "Beskriv hvordan kommunen vil organisere projektet lokalt med en strategi for, "
                "at borgeren oplever en så effektiv sagsbehandling og tæt kontakt med "
                "sagsbehandler som mulig. Herunder en beskrivelse af koordinerende "
                "sagsbehandlers nye rolle og opgavevaretagelse, når sagsmængden bliver mindre, "
                "inddragelse af virksomhedskonsulent mv.",
                "Strategi for tilrettelæggelse af indsatsen",
                extra=("Beskrivelsen bør ikke fylde mere end tre sider",),
                aliases=("Strategi",),
            ),
        ),
        fallback="strategy",
    ),
    Section(
        "Hvordan opnås målsætningerne?",
        (
            Field(
                "goals",
                "Beskriv kort hvordan kommunen vil arbejde med projektets kernelementer, dvs. "
                "indsatsmodellen og systematisk tilrettelæggelse af sagsforløbet.",
                "Hvordan opnås målsætningerne?",
                extra=(GOALS_EXTRA,),
                aliases=("Projektets kerneelementer", "Kerneelementer"),
            ),
            Field(
                "passive_share_target",
                "Mål for andelen af passive ressourceforløbsmodtagere det sidste kvartal af "
                "projektperioden på tværs af alle forløbsvarigheder.",
                "Hvordan opnås målsætningerne? › Mål for andelen af passive",
                aliases=("Mål for andelen af passive ressourceforløbsmodtagere", "Passivandel"),
                short=True,
            ),
        ),
        fallback="goals",
    ),
    Section(
        "Projektets organisation og ledelse",
        (
            Field(
                "organisation",
                "Beskriv kort projektets organisationsstruktur og opgavefordeling (F.eks. antal "
                "ansatte, overordnet lederansvar, brugen af virksomhedskonsulenter mv.)",
                "Projektets organisation og ledelse",
                aliases=("Organisation og ledelse", "Organisering"),
            ),
        ),
        fallback="organisation",
    ),
    Section(
        "Forankring og udbredelse",
        (
            Field(
                "anchoring",
                "Beskriv hvordan projektet tænkes forankret finansielt og organisatorisk efter "
                "projektperiodens udløb.",
                "Forankring og udbredelse",
                aliases=("Forankring",),
            ),
        ),
        fallback="anchoring",
    ),
    Section(
        "Økonomi",
        (
            Field(
                "requested_amount",
                "Angiv det ansøgte beløb",
                "Økonomi › Angiv det ansøgte beløb",
                aliases=("Ansøgt beløb", "Det ansøgte beløb", "Ansøgt tilskud"),
                short=True,
            ),
        ),
        intro=(
            "Sammen med ansøgningsskemaet skal der indsendes et detaljeret budget, hvoraf "
            "projektets samtlige udgifter og eventuelle indtægter skal fremgå (se vedlagte "
            "budgetskema). Vær opmærksom på bemærkningerne til budgetposterne i budgetskemaet.",
        ),
        outro=(
            "Tilskud udbetales bagud halvårligt på baggrund af delregnskaber og det endelige "
            "regnskab.",
        ),
    ),
)

FIELDS: dict[str, Field] = {f.key: f for s in SECTIONS for f in s.fields}
FIELD_KEYS: tuple[str, ...] = tuple(FIELDS)

# Instruction text that is never an answer (skipped, wherever it stands).
BOILERPLATE: tuple[str, ...] = (
    TITLE,
    "Ansøgningskema for",
    "Ansøgningsskema for",
    "Pulje til Håndholdt ressourceforløb",
    *PREAMBLE,
    *(t for s in SECTIONS for t in (*s.intro, *s.outro)),
    *(t for f in FIELDS.values() for t in f.extra),
)

# Derived keys in the JSON contract (from the contact and municipality answers).
DERIVED_KEYS = ("municipality_code", "cvr", "contact_email", "contact_phone")
CONTRACT_KEYS: tuple[str, ...] = (
    "project_name",
    "municipality",
    "municipality_code",
    "contact",
    "cvr",
    "contact_email",
    "contact_phone",
    "summary",
    "expected_citizens",
    "current_caseload",
    "activities",
    "caseload_plan",
    "strategy",
    "goals",
    "passive_share_target",
    "organisation",
    "anchoring",
    "requested_amount",
)


def section_of(key: str) -> Section:
    return next(s for s in SECTIONS if any(f.key == key for f in s.fields))
