"""The official application form "Ansøgningsskema for Pulje til Håndholdt ressourceforløb".

``build_blank_application`` writes the blank form (``hir-docs forms``): two-column
tables label | answer, answers as content controls showing Word's placeholder text.
``write_application`` writes a FILLED form in one of the layouts applicants really use
(tests, examples and synthetic bulk inboxes call it).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from hir_docs.forms.application_example import (
    EXAMPLE_ANSWERS,
    example_answers,
    example_statistics,
)
from hir_docs.forms.application_layout import (
    FIELDS,
    TITLE,
    ApplicationForm,
    Field,
    Section,
    application_form,
)
from hir_docs.forms.docx_xml import (
    LABEL_FILL,
    PLACEHOLDER_TEXT,
    Ids,
    cell,
    para,
    paras,
    sdt_block,
    sdt_inline,
    table,
    write_package,
)
from hir_docs.pools import Pool

__all__ = [
    "EXAMPLE_ANSWERS",
    "PLACEHOLDER",
    "STYLES",
    "build_blank_application",
    "write_application",
]

STYLES = ("table", "paragraphs", "headings", "content-controls")
# An answer equal to PLACEHOLDER leaves Word's placeholder text in the answer
# (a content control showing its placeholder in "content-controls"/blank form).
PLACEHOLDER = "\x00placeholder"
WIDTHS = (3600, 6038)


def _label_cell(f: Field) -> str:
    content = para(f.label, bold=True) + "".join(para(t) for t in f.extra)
    return cell(content, WIDTHS[0], fill=LABEL_FILL)


def _answer_cell(f: Field, answer: str, controls: bool, ids: Ids) -> str:
    if controls:
        value = None if answer == PLACEHOLDER else answer
        title = f.short_label  # Danish title in Word; the key is the tag
        content = (sdt_inline if f.short else sdt_block)(value, f.key, ids, title)
    else:
        content = paras(PLACEHOLDER_TEXT if answer == PLACEHOLDER else answer)
    return cell(content, WIDTHS[1])


def _plain(answer: str) -> str:
    return PLACEHOLDER_TEXT if answer == PLACEHOLDER else answer


def _statistics_table() -> str:
    rows = [[cell(para(t), 3212) for t in row] for row in example_statistics()]
    return table(rows, (3212, 3213, 3213))


def _section_tables(s: Section, answers: Mapping[str, str], controls: bool, ids: Ids) -> str:
    rows = [[_label_cell(f), _answer_cell(f, answers[f.key], controls, ids)] for f in s.fields]
    return table(rows, WIDTHS)


def _section_paragraphs(s: Section, answers: Mapping[str, str]) -> str:
    out = []
    for f in s.fields:
        if f.key == "passive_share_target":
            # As the Varde form: a lone three-cell row after the goals paragraphs.
            row = [cell(para(""), 600), _label_cell(f), cell(paras(_plain(answers[f.key])), 3000)]
            out.append(table([row], (600, WIDTHS[0], 3000)))
            continue
        out.append(para(f.label, bold=True) + "".join(para(t) for t in f.extra))
        out.append(paras(_plain(answers[f.key])))
    return "".join(out)


def _section_headings(s: Section, answers: Mapping[str, str]) -> str:
    out = []
    for f in s.fields:
        if s.fallback != f.key:
            out.append(para(f.aliases[0] if f.aliases else f.label, style="Heading2"))
        out.append(paras(_plain(answers[f.key])))
    return "".join(out)


def _body(
    answers: Mapping[str, str],
    style: str,
    statistics_table: bool,
    form: ApplicationForm | None = None,
) -> str:
    ids = Ids()
    controls = style == "content-controls"
    form = form or application_form()
    parts = [para(form.title, style="Title")]
    if style != "headings":
        parts.extend(para(t) for t in form.preamble)
    for s in form.sections:
        if s.heading:
            parts.append(para(s.heading, style="Heading1"))
        if s.subheading:
            parts.append(para(s.subheading, style="Heading2"))
        if style != "headings":
            parts.extend(para(t) for t in s.intro)
        if style in ("table", "content-controls"):
            parts.append(_section_tables(s, answers, controls, ids))
        elif style == "paragraphs":
            parts.append(_section_paragraphs(s, answers))
        else:
            parts.append(_section_headings(s, answers))
        if statistics_table and s.fallback == "summary":
            parts.append(_statistics_table())
        if style != "headings":
            parts.extend(para(t) for t in s.outro)
    return "".join(parts)


def write_application(
    path: Path,
    answers: Mapping[str, str] | None = None,
    *,
    style: str = "table",
    statistics_table: bool = False,
    pool: Pool | None = None,
) -> None:
    """Write a filled application form to ``path``.

    ``answers`` (JSON field keys -> answer text, lines = paragraphs) is laid over
    ``EXAMPLE_ANSWERS``; "" leaves an answer empty, ``PLACEHOLDER`` leaves Word's
    placeholder text. ``style``: "table" (official two-column tables), "paragraphs"
    (answers as paragraphs under the instruction text), "headings" (self-made document,
    Q&A 2018 q. 20), "content-controls" (answers in w:sdt, inline and block).
    ``statistics_table`` pastes a statistics table after the summary (as Varde did).
    ``pool``: the form and example answers of that pool (default: the default pool's).
    """
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; use one of {', '.join(STYLES)}")
    form = application_form(pool) if pool is not None else None
    fields = form.fields if form is not None else FIELDS
    merged = dict(example_answers(pool.id) if pool is not None else EXAMPLE_ANSWERS)
    if answers:
        unknown = set(answers) - set(fields)
        if unknown:
            raise ValueError(f"unknown answer keys: {', '.join(sorted(unknown))}")
        merged.update(answers)
    missing = [k for k in fields if k not in merged]
    if missing:
        raise ValueError(f"no answer (nor example answer) for: {', '.join(missing)}")
    body = _body(merged, style, statistics_table, form)
    write_package(Path(path), body, title=form.title if form is not None else TITLE)


def build_blank_application(path: Path, pool: Pool | None = None) -> None:
    """The blank official form (of ``pool``, default HIR): every answer a content control
    showing its placeholder."""
    form = application_form(pool)
    blank = {key: PLACEHOLDER for key in form.fields}
    write_package(Path(path), _body(blank, "content-controls", False, form), title=form.title)
