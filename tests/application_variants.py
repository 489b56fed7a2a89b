"""Application forms laid out as real Word/LibreOffice files hold them (issue 15, issue 10).

Each builder writes the complete Viborg example application (``EXAMPLE_ANSWERS``) in a
layout that real municipal files use, so the reader must give the official layout's
field values for every one: the form in a layout table (1x1 frame, logo column), answer
tables nested in other tables, the form in a text box (DrawingML with its VML fallback),
"Strict Open XML", self-made headings longer or shorter than our labels, label and answer
in one paragraph, and answers typed as paragraphs below the official table while its
field still shows the placeholder. Built in code: python-docx and lxml.
"""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from lxml import etree  # type: ignore[import-untyped]

from hir_docs.forms.application import EXAMPLE_ANSWERS, PLACEHOLDER, write_application
from hir_docs.forms.application_layout import FIELDS, SECTIONS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
STRICT = {
    W_NS.encode(): b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _el(tag: str, *children: etree._Element) -> etree._Element:
    prefix, name = tag.split(":")
    el = etree.Element(f"{{{NS[prefix]}}}{name}", nsmap=NS)
    el.extend(children)
    return el


def _para(text: str = "") -> etree._Element:
    p = _el("w:p")
    if text:
        r = etree.SubElement(p, _w("r"))
        t = etree.SubElement(r, _w("t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p


def _table(*rows: list[list[etree._Element]]) -> etree._Element:
    """A table from rows of cells, each cell a list of block elements."""
    tbl = _el("w:tbl")
    for row in rows:
        tr = etree.SubElement(tbl, _w("tr"))
        for content in row:
            tc = etree.SubElement(tr, _w("tc"))
            tc.extend(content)
            if not len(tc) or tc[-1].tag != _w("p"):
                tc.append(_para())  # a cell ends with a paragraph
    return tbl


def _rewrite(
    path: Path,
    body_fn: Callable[[list[etree._Element]], list[etree._Element]] | None = None,
    namespaces: dict[bytes, bytes] | None = None,
) -> None:
    """Rewrite ``path``: the body's blocks through ``body_fn``, namespaces renamed."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            if info.filename == "word/document.xml" and body_fn is not None:
                root = etree.fromstring(data)
                body = root.find(_w("body"))
                sect = body.find(_w("sectPr"))
                blocks = [c for c in body if c is not sect]
                for c in blocks:
                    body.remove(c)
                for i, c in enumerate(body_fn(blocks)):
                    body.insert(i, c)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            if namespaces and info.filename.endswith((".xml", ".rels")):
                for old, new in namespaces.items():
                    data = data.replace(old, new)
                if info.filename == "word/document.xml":
                    data = data.replace(b"<w:document ", b'<w:document w:conformance="strict" ', 1)
            zf.writestr(info, data)


# ---------------------------------------------------------------- layout tables


def wrap_in_frame(path: Path) -> None:
    """Put the whole body of ``path`` inside a 1x1 layout table."""
    _rewrite(path, lambda blocks: [_table([blocks])])


def frame(path: Path, style: str = "table") -> None:
    """The whole form inside a 1x1 layout table (a frame drawn around the page)."""
    write_application(path, style=style)
    wrap_in_frame(path)


def logo_column(path: Path) -> None:
    """A two-column page: the municipality's logo column left, the form right."""
    write_application(path, style="table")
    logo = [_para("Jobcenter Viborg"), _para("Logo")]
    _rewrite(path, lambda blocks: [_table([logo, blocks])])


def nested_tables(path: Path) -> None:
    """Each section's label/answer table pasted into a cell of an outer table, and the
    summary answer typed in a one-cell table inside its answer cell."""
    write_application(path, style="table")

    def nest(blocks: list[etree._Element]) -> list[etree._Element]:
        out: list[etree._Element] = []
        for block in blocks:
            if block.tag != _w("tbl"):
                out.append(block)
                continue
            for tr in block.findall(_w("tr")):
                label, answer = tr.findall(_w("tc"))
                text = "".join(label.itertext())
                if text.startswith(FIELDS["summary"].label):
                    paras = answer.findall(_w("p"))
                    for p in paras:
                        answer.remove(p)
                    answer.append(_table([paras]))
                    answer.append(_para())
            out.append(_table([[_para()], [block]]))
        return out

    _rewrite(path, nest)


# ---------------------------------------------------------------- text box and Strict


def text_box(path: Path) -> None:
    """The form inside a Word text box: DrawingML (wps:txbx) with its VML fallback."""
    write_application(path, style="table")

    def box(blocks: list[etree._Element]) -> list[etree._Element]:
        title, rest = blocks[0], blocks[1:]
        content = _el("w:txbxContent")
        content.extend(rest)
        wsp = _el("wps:wsp", _el("wps:txbx", content))
        graphic = _el("a:graphic", _el("a:graphicData", wsp))
        graphic[0].set("uri", NS["wps"])
        anchor = _el("wp:anchor", graphic)
        vml = _el("w:pict", _el("v:shape", _el("v:textbox", copy.deepcopy(content))))
        alternate = _el(
            "mc:AlternateContent",
            _el("mc:Choice", _el("w:drawing", anchor)),
            _el("mc:Fallback", vml),
        )
        alternate[0].set("Requires", "wps")
        holder = _para()
        run = etree.SubElement(holder, _w("r"))
        run.append(alternate)
        return [title, holder]

    _rewrite(path, box)


def strict(path: Path) -> None:
    """Saved by Word as "Strict Open XML Document" (purl.oclc.org namespaces)."""
    write_application(path, style="content-controls")
    _rewrite(path, namespaces=STRICT)


# ---------------------------------------------------------------- self-made documents

A = EXAMPLE_ANSWERS


def _doc(items: list[tuple[str, str]], path: Path) -> None:
    """items: ("h1"/"h2", heading) or ("p", text; lines become paragraphs)."""
    doc = docx.Document()
    doc.add_heading("Ansøgning om tilskud – håndholdt indsats", 0)
    for kind, text in items:
        if kind == "p":
            for line in text.split("\n"):
                doc.add_paragraph(line)
        else:
            doc.add_heading(text, int(kind[1]))
    doc.save(str(path))


def self_made_headings(path: Path) -> None:
    """A self-made document (Q&A 2018 q. 20) whose headings are longer or shorter than
    our labels."""
    _doc(
        [
            ("h2", "Projektets navn"),
            ("p", A["project_name"]),
            ("h2", "Ansøgende kommune"),
            ("p", A["municipality"]),
            ("h2", "Projekt- og tilskudsansvarlig hos kommunen"),
            ("p", A["contact"]),
            ("h1", "Projektresumé"),
            ("p", A["summary"]),
            ("h2", "Forventet antal borgere i ressourceforløb i projektperioden"),
            ("p", A["expected_citizens"]),
            ("h2", "Antal sager pr. koordinerende sagsbehandler i dag"),
            ("p", A["current_caseload"]),
            ("h1", "Projektets aktiviteter"),
            ("p", A["activities"]),
            ("h2", "Sikring af max. 30-35 sager"),
            ("p", A["caseload_plan"]),
            ("h1", "Strategi for tilrettelæggelse af indsatsen"),
            ("p", A["strategy"]),
            ("h1", "Hvordan opnås målsætningerne?"),
            ("p", A["goals"]),
            ("h2", "Mål for andelen af passive"),
            ("p", A["passive_share_target"]),
            ("h1", "Projektets organisation og ledelse"),
            ("p", A["organisation"]),
            ("h1", "Forankring og udbredelse"),
            ("p", A["anchoring"]),
            ("h2", "Det ansøgte beløb i alt"),
            ("p", A["requested_amount"]),
        ],
        path,
    )


def one_paragraph(path: Path) -> None:
    """Label and answer in one paragraph ("Mål for andelen af passive … : 15-18 %")."""
    passive = FIELDS["passive_share_target"].label.rstrip(".")
    _doc(
        [
            ("p", f"Projektets navn: {A['project_name']}"),
            ("p", f"Kommune: {A['municipality']}"),
            ("p", f"Projekt- og tilskudsansvarlig: {A['contact']}"),
            ("h1", "Projektresumé"),
            ("p", A["summary"]),
            ("h1", "Projektets målgruppe"),
            ("p", f"Forventet antal borgere i ressourceforløb: {A['expected_citizens']}"),
            ("p", f"Antal sager pr. koordinerende sagsbehandler i dag: {A['current_caseload']}"),
            ("h1", "Projektets aktiviteter"),
            ("p", A["activities"]),
            ("h1", "Kriterier for tildeling af tilskud:"),
            ("h2", "Sagsmængde"),
            ("p", A["caseload_plan"]),
            ("h1", "Strategi for tilrettelæggelse af indsatsen"),
            ("p", A["strategy"]),
            ("h1", "Hvordan opnås målsætningerne?"),
            ("p", A["goals"]),
            ("p", f"{passive}: {A['passive_share_target']}"),
            ("h1", "Projektets organisation og ledelse"),
            ("p", A["organisation"]),
            ("h1", "Forankring og udbredelse"),
            ("p", A["anchoring"]),
            ("h1", "Økonomi"),
            ("p", f"Angiv det ansøgte beløb: {A['requested_amount']}"),
        ],
        path,
    )


def shortened_one_paragraph(path: Path) -> None:
    """As ``one_paragraph``, the passive-share label cut short with an ellipsis."""
    one_paragraph(path)
    doc = docx.Document(str(path))
    for p in doc.paragraphs:
        if p.text.startswith("Mål for andelen"):
            for run in p.runs[1:]:
                run.text = ""
            p.runs[0].text = f"Mål for andelen af passive … : {A['passive_share_target']}"
    doc.save(str(path))


# Below each table of the blank official form: the answers as the applicant typed them.
# The first field of a two-field table is typed plainly, the second after its label.
BELOW_SECOND = {
    "contact": "Projekt- og tilskudsansvarlig",
    "current_caseload": "Antal sager pr. koordinerende sagsbehandler",
    "passive_share_target": "Mål for andelen af passive ressourceforløbsmodtagere",
}


def answers_below_table(path: Path) -> None:
    """The official table left showing its placeholders, answers typed just below it."""
    write_application(path, {k: PLACEHOLDER for k in FIELDS}, style="content-controls")
    sections = [s for s in SECTIONS if s.fields]

    def below(blocks: list[etree._Element]) -> list[etree._Element]:
        out: list[etree._Element] = []
        tables = iter(sections)
        for block in blocks:
            out.append(block)
            if block.tag != _w("tbl"):
                continue
            for f in next(tables).fields:
                if f.key in BELOW_SECOND:
                    out.append(_para(f"{BELOW_SECOND[f.key]}: {A[f.key]}"))
                else:
                    out.extend(_para(line) for line in A[f.key].split("\n"))
                    out.append(_para())
        return out

    _rewrite(path, below)


LAYOUTS: dict[str, Callable[[Path], None]] = {
    "frame-table": frame,
    "frame-paragraphs": lambda p: frame(p, "paragraphs"),
    "frame-content-controls": lambda p: frame(p, "content-controls"),
    "logo-column": logo_column,
    "nested-tables": nested_tables,
    "text-box": text_box,
    "strict-ooxml": strict,
    "self-made-headings": self_made_headings,
    "label-and-answer-in-one-paragraph": one_paragraph,
    "shortened-label-in-one-paragraph": shortened_one_paragraph,
    "answers-below-the-table": answers_below_table,
}
