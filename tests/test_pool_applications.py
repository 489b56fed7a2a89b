"""Application forms as data for the two new pools.

KVI (the 2011 programme): a form derived from the programme description's "redegøre for"
lists, 4 + 4 + 3 + 4 questions under the four elements plus applicant (a jobcenter), contact
and the project's name (KVI-4); success criteria the application states as numbers, a field
type "count" and an error when the answer has no number (KVI-5).

Flere skal med: its own form is not among the sources, so its form holds the fields every
STAR application has and says so (``form_known = false``: an INFO finding); the organisation
must mention the two steering-group representatives the FAQ names (FSM-23: a warning that says
what was looked for). FSM's pool.toml is written elsewhere: these tests install a copy of the
form with a minimal pool.toml of their own through ``HIR_POOL_PATH``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from source_quotes import SEEDS_DIR, Seeds, contains, load_seeds, source_problems

from hir_docs.findings import DocKind, Severity
from hir_docs.forms.application import build_blank_application, write_application
from hir_docs.forms.application_layout import application_form, parse_form
from hir_docs.pools import PACKAGE_DIR, Pool, PoolError, load_pool, read_toml
from hir_docs.readers.application import count, read_application
from hir_docs.readers.docx_text import blocks, read_document_xml
from hir_docs.rules import Context
from hir_docs.rules.registry import run_checks

KVI = "virksomhedsrettet"
FSM = "flere-skal-med"
ELEMENTS = (
    "1. Koordineret afklaring",
    "2. Indsatsplan",
    "3. Mentorstøtte",
    "4. Virksomhedsrettet indsats",
)

FSM_HEADER = """[pool]
id = "flere-skal-med"
name = "Flere skal med"
account = "FL § 00.00.00.00 (testpulje)"
grantor = "STAR"

[detect]
titles = ["flere skal med"]

[[sources]]
name = "FAQ Flere skal med"
title = "FAQ Flere skal med (test)"

[facts.applicants]
value = "kommuner"
source = "test"

[facts.grant_min]
status = "unknown"
source = "test"

[facts.grant_max]
status = "unknown"
source = "test"

[facts.placeholders]
value = ["Klik eller tryk her for at skrive tekst."]
source = "test"

[facts.non_answers]
value = ["Udfyldes senere", "TBD"]
source = "test"

[facts.attachment_references]
value = ["Se vedlagte bilag"]
source = "test"
"""


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seeds are not here: {SEEDS_DIR}")
    return load_seeds(SEEDS_DIR)


@pytest.fixture
def fsm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Pool:
    """Flere skal med installed from a folder: this branch's form files and a minimal
    pool.toml (the real one is written elsewhere; the field keys fit it)."""
    folder = tmp_path / "puljer" / FSM
    folder.mkdir(parents=True)
    (folder / "pool.toml").write_text(FSM_HEADER, "utf-8")
    for name in ("application.toml", "example.toml", "reports.toml"):
        shutil.copyfile(PACKAGE_DIR / FSM / name, folder / name)
    monkeypatch.setenv("HIR_POOL_PATH", str(folder.parent))
    return load_pool(FSM)


def _check(path: Path, pool: Pool) -> list:  # type: ignore[type-arg]
    ctx = Context(str(path), pool)
    app = read_application(path, ctx).model
    return run_checks(DocKind.APPLICATION, app, ctx)


def _codes(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.code for f in findings]


# ------------------------------------------------------------------ KVI-4


def test_kvi_4_the_form_asks_4_4_3_4_questions_under_the_four_elements() -> None:
    form = application_form(load_pool(KVI))
    by_heading = {s.heading: len(s.fields) for s in form.sections}
    assert [by_heading[h] for h in ELEMENTS] == [4, 4, 3, 4]
    assert form.roles["jobcenter"] == "applicant"
    assert {"project_name", "jobcenter", "contact"} <= set(form.fields)


def test_kvi_4_every_question_is_the_programmes_own_words_under_its_heading(seeds: Seeds) -> None:
    form = application_form(load_pool(KVI))
    for section in form.sections:
        if section.heading not in ELEMENTS:
            continue
        text = seeds.text(f"programbeskrivelsen, {section.heading}") or ""
        # The seed keeps a line-break hyphen ("virk-somhedsrettede"); the label does not.
        text = text.replace("virk-somhedsrettede", "virksomhedsrettede")
        for f in section.fields:
            assert contains(text, f.label), f.label
        phrase = "Jobcentret skal i ansøgningen"
        assert (
            source_problems(
                section.source, {f"programbeskrivelsen, {section.heading}": phrase}, seeds
            )
            == []
        )


def test_kvi_4_the_blank_form_is_written_from_the_pools_application_toml(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    build_blank_application(path, load_pool(KVI))
    texts = [b.text for b in blocks(read_document_xml(path)) if hasattr(b, "text")]
    assert texts[0].startswith("Ansøgning om modelprojekt – Koordineret virksomhedsrettet indsats")
    assert "2. Indsatsplan" in texts and "Succeskriterier" in texts


def test_kvi_4_a_complete_example_application_has_no_findings(tmp_path: Path) -> None:
    pool = load_pool(KVI)
    path = tmp_path / "kvi.docx"
    write_application(path, pool=pool)
    assert _check(path, pool) == []


def test_kvi_4_an_unanswered_question_is_an_error_at_its_element(tmp_path: Path) -> None:
    pool = load_pool(KVI)
    path = tmp_path / "kvi.docx"
    write_application(path, {"mentor_division": ""}, pool=pool)
    [hit] = _check(path, pool)
    assert (hit.code, hit.severity) == ("application-field-missing", Severity.ERROR)
    assert hit.location == "3. Mentorstøtte › Arbejdsdeling"
    assert hit.message == "Feltet »Arbejdsdeling« er ikke udfyldt."


def test_kvi_1_the_applicant_is_a_jobcentre_of_a_real_municipality(tmp_path: Path) -> None:
    pool = load_pool(KVI)
    path = tmp_path / "kvi.docx"
    write_application(path, {"jobcenter": "Jobcenter Atlantis"}, pool=pool)
    [hit] = _check(path, pool)
    assert hit.code == "application-municipality-unknown"
    assert "Puljen kan kun søges af jobcentre." in hit.message
    assert hit.location == "Ansøger › Jobcenter"


def test_a_contact_without_a_cvr_number_is_fine_when_the_form_asks_for_none(tmp_path: Path) -> None:
    pool = load_pool(KVI)
    path = tmp_path / "kvi.docx"
    write_application(path, {"contact": "Sofie Eksempel, tlf. 12 34 56 78"}, pool=pool)
    [hit] = _check(path, pool)  # no CVR error: the contact person of the indsatsgruppe
    assert (hit.code, hit.message) == (
        "application-contact-incomplete",
        "Kontaktoplysningerne mangler e-mail.",
    )


# ------------------------------------------------------------------ KVI-5


def test_kvi_5_a_count_is_the_first_whole_number_written_with_digits() -> None:
    assert count("ca. 40 deltagere") == 40
    assert count("1.200 borgere") == 1200
    assert count("i 2012: 30 deltagere") == 30
    assert count("mange") is None


def test_kvi_5_the_success_criteria_are_read_as_numbers(tmp_path: Path) -> None:
    pool = load_pool(KVI)
    path = tmp_path / "kvi.docx"
    write_application(path, {"target_placements": "Vi forventer 42 deltagere"}, pool=pool)
    ctx = Context(str(path), pool)
    result = read_application(path, ctx)
    assert result.fields["target_placements"] == 42
    assert result.fields["target_self_sufficient"] == 15
    assert application_form(pool).types["target_placements"] == "count"


def test_kvi_5_a_success_criterion_without_a_number_is_an_error(tmp_path: Path) -> None:
    pool = load_pool(KVI)
    path = tmp_path / "kvi.docx"
    write_application(path, {"target_self_sufficient": "Så mange som muligt"}, pool=pool)
    [hit] = _check(path, pool)
    assert (hit.code, hit.severity) == ("application-count-not-a-number", Severity.ERROR)
    assert hit.field == "target_self_sufficient"
    assert hit.location == "Succeskriterier › Selvforsørgende i projektperioden"
    assert hit.message == (
        "»Selvforsørgende i projektperioden« skal angives som et antal, men svaret »Så mange "
        "som muligt« indeholder intet tal."
    )


def test_kvi_5_a_non_answer_in_a_count_is_reported_once_as_no_answer(tmp_path: Path) -> None:
    pool = load_pool(KVI)
    path = tmp_path / "kvi.docx"
    write_application(path, {"target_placements": "TBD"}, pool=pool)
    assert _codes(_check(path, pool)) == ["application-not-an-answer"]


def test_an_unknown_field_type_is_a_clear_pool_error() -> None:
    pool = load_pool(KVI)
    data = read_toml(PACKAGE_DIR / KVI / "application.toml")
    data["sections"][-1]["fields"][0]["type"] = "number"
    with pytest.raises(PoolError, match=r"type' skal være en af .*count"):
        parse_form(data, pool, "application.toml")


# ------------------------------------------------------------------ FSM: form not known


def test_fsm_form_not_known_is_said_once_as_info_naming_the_checked_fields(
    fsm: Pool, tmp_path: Path
) -> None:
    path = tmp_path / "fsm.docx"
    write_application(path, pool=fsm)
    [hit] = _check(path, fsm)
    assert (hit.code, hit.severity) == ("application-form-not-known", Severity.INFO)
    assert "Puljens eget ansøgningsskema findes ikke blandt kilderne" in hit.message
    assert hit.message.endswith(
        "Kontrollerede felter: Projektets navn, Kommune, Projekt- og tilskudsansvarlig, "
        "Organisering og styregruppe, Ansøgt beløb."
    )


def test_a_pool_whose_form_is_known_gets_no_such_note(tmp_path: Path) -> None:
    pool = load_pool("hir")
    path = tmp_path / "hir.docx"
    write_application(path)
    assert "application-form-not-known" not in _codes(_check(path, pool))
    assert application_form(pool).known


def test_a_form_marked_unknown_must_say_why() -> None:
    data = read_toml(PACKAGE_DIR / FSM / "application.toml")
    del data["form_note"]
    with pytest.raises(PoolError, match="form_note' mangler"):
        parse_form(data, load_pool("hir"), "application.toml")


def test_fsm_the_generic_fields_are_checked_by_their_roles(fsm: Pool, tmp_path: Path) -> None:
    path = tmp_path / "fsm.docx"
    write_application(path, {"requested_amount": "et par millioner"}, pool=fsm)
    codes = _codes(_check(path, fsm))
    assert codes == ["application-amount-unreadable", "application-form-not-known"]


# ------------------------------------------------------------------ FSM-23


def test_fsm_23_the_steering_group_demands_cite_page_7_word_for_word(seeds: Seeds) -> None:
    data = read_toml(PACKAGE_DIR / FSM / "application.toml")
    field = next(f for s in data["sections"] for f in s.get("fields", []) if "mentions" in f)
    assert field["role"] == "organisation"
    phrases = (
        "forebyggende foranstaltninger og indsatser på børneområdet (SEL)",
        "kommunale tilbud omkring alkohol- og stofmisbrug",
    )
    for mention, phrase in zip(field["mentions"], phrases, strict=True):
        assert source_problems(mention["source"], {"FAQ Flere skal med, s. 7": phrase}, seeds) == []


def test_fsm_23_an_organisation_naming_both_representatives_passes(
    fsm: Pool, tmp_path: Path
) -> None:
    path = tmp_path / "fsm.docx"
    answer = (
        "Styregruppen: jobcenterchefen, lederen af Børne- og Ungeforvaltningens forebyggende "
        "indsats (serviceloven) og lederen af Misbrugscentret."
    )
    write_application(path, {"organisation": answer}, pool=fsm)
    assert "application-mention-missing" not in _codes(_check(path, fsm))


def test_fsm_23_a_missing_representative_is_a_warning_saying_what_was_looked_for(
    fsm: Pool, tmp_path: Path
) -> None:
    path = tmp_path / "fsm.docx"
    answer = "Styregruppen består af jobcenterchefen og en repræsentant fra Børn og Familie."
    write_application(path, {"organisation": answer}, pool=fsm)
    [hit] = [f for f in _check(path, fsm) if f.code == "application-mention-missing"]
    assert hit.severity == Severity.WARNING
    assert hit.field == "organisation"
    assert hit.location == "Projektets organisering › Organisering og styregruppe"
    assert "alkohol- og stofmisbrug" in hit.message
    assert "hir-docs har ledt efter ordene »misbrug«, »alkohol«" in hit.message
    assert "FAQ Flere skal med, s. 7" in hit.message


def test_fsm_23_an_organisation_naming_neither_gets_two_warnings(fsm: Pool, tmp_path: Path) -> None:
    path = tmp_path / "fsm.docx"
    write_application(path, {"organisation": "En styregruppe med jobcenterchefen."}, pool=fsm)
    hits = [f for f in _check(path, fsm) if f.code == "application-mention-missing"]
    assert len(hits) == 2
    assert "børneområdet (SEL)" in hits[0].message


def test_a_mention_without_its_source_is_a_pool_error() -> None:
    data = read_toml(PACKAGE_DIR / FSM / "application.toml")
    field = next(f for s in data["sections"] for f in s.get("fields", []) if "mentions" in f)
    del field["mentions"][0]["source"]
    with pytest.raises(PoolError, match=r"mentions\[0\]\.source' mangler"):
        parse_form(data, load_pool("hir"), "application.toml")


def test_hir_keeps_its_form_and_cvr_check(tmp_path: Path) -> None:
    path = tmp_path / "hir.docx"
    write_application(path, {"contact": "Mette Eksempel, tlf. 12 34 56 78, mette@viborg.dk"})
    assert "application-cvr-missing" in _codes(_check(path, load_pool("hir")))
