"""click's own texts in Danish, for the command line (``hir_docs.cli``).

click writes its usage lines, help headings and usage errors through gettext; without a
Danish catalogue they come out in English. The texts users meet are translated here (the
rest stay as click writes them); exit code 2 for usage errors is click's own. The
translation is installed when the command line starts (``install()``), not at import, so
importing hir_docs never changes other click programs in the same process.
"""

from __future__ import annotations

import click

DANISH: dict[str, str] = {
    "Usage:": "Brug:",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "Show this message and exit.": "Vis denne hjælp og afslut.",
    "Show the version and exit.": "Vis versionen og afslut.",
    "Error: {message}": "Fejl: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' for at få hjælp.",
    "Invalid value for {param_hint}: {message}": "Ugyldig værdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "Missing argument": "Mangler argumentet",
    "Missing option": "Mangler tilvalget",
    "Missing parameter": "Mangler parameteren",
    "Missing {param_type}": "Mangler {param_type}",
    "Missing parameter: {param_name}": "Mangler parameteren: {param_name}",
    "Missing command.": "Mangler en kommando.",
    "No such option {name!r}.": "Ukendt tilvalg {name!r}.",
    "No such command {name!r}.": "Ukendt kommando {name!r}.",
    "Did you mean {possibility}?": "Mente du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mente du en af: {possibilities}?)",
    "Got unexpected extra argument ({args})": "Uventet ekstra argument ({args})",
    "Got unexpected extra arguments ({args})": "Uventede ekstra argumenter ({args})",
    "Option {name!r} requires an argument.": "Tilvalget {name!r} skal have en værdi.",
    "Option {name!r} requires {nargs} arguments.": "Tilvalget {name!r} skal have {nargs} værdier.",
    "Option {name!r} does not take a value.": "Tilvalget {name!r} tager ingen værdi.",
    "{value!r} is not {choice}.": "{value!r} er ikke {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} er ikke en af {choices}.",
    "{value} is not in the range {range}.": "{value} ligger ikke i intervallet {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldigt {number_type}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} findes ikke.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil, ikke en mappe.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe, ikke en fil.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke læses.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan ikke skrives.",
    "Could not open file {filename!r}: {message}": "Kunne ikke åbne filen {filename!r}: {message}",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "default: {default}": "standard: {default}",
    "required": "påkrævet",
    "env var: {var}": "miljøvariabel: {var}",
    "Aborted!": "Afbrudt!",
    "Choose from:\n\t{choices}": "Vælg mellem:\n\t{choices}",
}
_TYPE_NAMES = {
    click.types.StringParamType: "tekst",
    click.types.IntParamType: "heltal",
    click.types.FloatParamType: "tal",
    click.types.IntRange: "heltal",
    click.types.FloatRange: "tal",
}


def _danish(message: str) -> str:
    return DANISH.get(message, message)


def _danish_n(singular: str, plural: str, n: int) -> str:
    return _danish(singular if n == 1 else plural)


def install() -> None:
    """Route click's gettext calls through the Danish catalogue (idempotent)."""
    from click import core, decorators, exceptions, formatting, parser, termui, types, utils

    for module in (core, decorators, exceptions, formatting, parser, termui, types, utils):
        if hasattr(module, "_"):
            module._ = _danish  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _danish_n  # type: ignore[attr-defined]
    for cls, name in _TYPE_NAMES.items():
        cls.name = name  # shown as the option's metavar ("TEKST") and in messages


def path(**kwargs: object) -> click.Path:
    """A click.Path whose name (shown as metavar and in messages) is Danish: the name is
    set when the type is made, at import, before ``install()`` runs."""
    made = click.Path(**kwargs)  # type: ignore[arg-type]
    made.name = DANISH.get(made.name, made.name)
    return made
