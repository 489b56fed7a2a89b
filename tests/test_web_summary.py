"""The result pages' words and order (issue 24, points 4, 5, 8): every error first, with
links to its finding and document; a finding about two documents under both; no rule
code in the visible text; the rules sorted by document and severity; one form of
address; forms that say what must be filled in and show their own errors; the API
described with its own address and the ``pdf`` field as a boolean."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx2")  # starlette's TestClient runs on it

from fastapi.testclient import TestClient  # noqa: E402
from web_helpers import EXAMPLES, VIBORG  # noqa: E402

from hir_docs import api, presentation  # noqa: E402
from hir_docs.findings import KIND_DA  # noqa: E402
from hir_docs.web.app import create_app  # noqa: E402
from hir_docs.web.config import WebConfig  # noqa: E402
from hir_docs.web.views import error_summary, mentioned, report_view, rules_view  # noqa: E402

TEMPLATES = Path(__file__).resolve().parents[1] / "hir_docs" / "web" / "templates"
AARHUS = sorted((EXAMPLES / "inbox" / "Aarhus").iterdir())
MISMATCH = "Det ansøgte beløb er 1.500.000 kr."


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(workers=1))) as c:
        yield c


@pytest.fixture(scope="module")
def checked(client: TestClient) -> str:
    """/tjek's result for Aarhus' application and budget (their amounts differ), an
    empty Word file and the registrations sheet."""
    files = [(f.name, f.read_bytes()) for f in AARHUS]
    files += [("tom.docx", b""), ("registreringsskema.xlsx", _read("registreringsskema.xlsx"))]
    page = client.post("/tjek", files=[("files", f) for f in files])
    assert page.status_code == 200
    return page.text


def _read(name: str) -> bytes:
    return (VIBORG / name).read_bytes()


def visible(page: str) -> str:
    """The text shown before anything is unfolded: no tags, no attributes, no folded
    <details> bodies (their summaries stay)."""
    folded = re.sub(
        r"<details[^>]*>\s*<summary>(.*?)</summary>.*?</details>", r"\1", page, flags=re.S
    )
    folded = re.sub(r"<(script|style)\b.*?</\1>", " ", folded, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", folded))


def codes() -> list[str]:
    return [r.code for r in api.rules()]


# --------------------------------------------------------------------------- views


def aarhus_view() -> list[Any]:
    data = json.loads(presentation.report_json(api.check(AARHUS)))
    return report_view(data)


def test_a_finding_about_two_documents_is_shown_under_both() -> None:
    docs = aarhus_view()
    under = {
        Path(d.file).name: [f for g in d.groups for f in g.findings if MISMATCH in f["message"]]
        for d in docs
    }
    (own,) = under["budget aarhus.xlsx"]  # the JSON puts it on the budget
    (copy,) = under["Ansøgningsskema Aarhus.docx"]  # and it names the application
    assert own["primary"] is None and own["others"] == ["Ansøgningsskema Aarhus.docx"]
    assert copy["primary"] == own["id"] and copy["id"] != own["id"]
    assert copy["others"] == ["budget aarhus.xlsx"]
    ids = [f["id"] for d in docs for g in d.groups for f in g.findings]
    assert len(ids) == len(set(ids))  # anchors are unique on the page
    assert [d.anchor for d in docs] == [f"dok-{i}" for i in range(1, len(docs) + 1)]


def test_the_summary_lists_each_error_once_with_its_documents() -> None:
    docs = aarhus_view()
    summary = error_summary(docs)
    errors = [f for d in docs for g in d.groups for f in g.findings if f["severity"] == "error"]
    assert len(summary.errors) == len([f for f in errors if not f["primary"]])
    (entry,) = [e for e in summary.errors if MISMATCH in e.message]
    assert entry.doc is not None and Path(entry.doc.file or "").name == "budget aarhus.xlsx"
    assert [Path(v.file or "").name for v in entry.also] == ["Ansøgningsskema Aarhus.docx"]
    numbers = [int(e.id.split("-")[1]) for e in summary.errors]
    assert numbers == sorted(numbers)  # in the report's order


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("Beløbet i a/budget.xlsx og i ansoegning.docx er forskelligt.", ["a/ansoegning.docx"]),
        ("Se mit-ansoegning.docx", []),  # a longer name that ends the same
        ("Se ansoegning.docxx", []),
        ("Der er to: budget.xlsx.", []),  # its own file
    ],
)
def test_another_document_is_named_only_by_its_whole_name(message: str, found: list[str]) -> None:
    files = ["a/ansoegning.docx", "a/budget.xlsx"]
    assert mentioned({"file": "a/budget.xlsx", "message": message}, files) == found


def test_a_shared_file_name_counts_for_the_finding_s_own_folder() -> None:
    files = ["Aarhus/budget.xlsx", "Odense/budget.xlsx", "Aarhus/ansøgning.docx"]
    finding = {"file": "Aarhus/ansøgning.docx", "message": "I budgettet (budget.xlsx) står"}
    assert mentioned(finding, files) == ["Aarhus/budget.xlsx"]
    elsewhere = {"file": None, "message": "I budgettet (budget.xlsx) står"}
    assert mentioned(elsewhere, files) == []  # which one? neither


def test_rules_are_sorted_by_document_and_severity() -> None:
    rules = json.loads(presentation.rules_json(api.rules()))
    shown = rules_view(rules, "", "", "")
    assert len(shown) == len(rules)
    keys = [(KIND_DA[r["kind"]], ["error", "warning", "info"].index(r["severity"])) for r in shown]
    assert keys == sorted(keys)
    errors = rules_view(rules, "", "error", "budget")
    assert errors and all(r["severity"] == "error" and r["kind"] == "budget" for r in errors)


# --------------------------------------------------------------------------- pages


def test_check_result_shows_every_error_first(checked: str) -> None:
    top, documents = checked.split('<section class="doc"', 1)
    assert '<section class="overview"' in top
    overview = top.split('<section class="overview"', 1)[1]
    links = re.findall(r'<li><a href="#(fund-\d+)">', overview)
    errors = re.findall(r'<li class="finding finding-error" id="(fund-\d+)"', documents)
    assert links and sorted(links) == sorted(errors)  # every error, each once
    ids = set(re.findall(r'\bid="([^"]+)"', checked))
    for target in re.findall(r'href="#([^"]+)"', checked):
        assert target in ids, target  # every link leads somewhere
    item = next(i for i in overview.split("<li>") if MISMATCH in i)
    assert "budget aarhus.xlsx" in item and "Ansøgningsskema Aarhus.docx" in item
    assert checked.count(MISMATCH) == 3  # the overview, and under both documents


def test_no_rule_code_is_visible(client: TestClient, checked: str, tmp_path: Path) -> None:
    pages = {"tjek": checked, "regler": client.get("/regler").text}
    fresh = tmp_path / "projektdata.xlsx"  # every report stopped by its own errors
    api.init_projectdata(VIBORG / "ansoegning.docx", VIBORG / "budget.xlsx", fresh)
    pages["rapporter"] = client.post(
        "/rapporter", files=[("projectdata", ("projektdata.xlsx", fresh.read_bytes()))]
    ).text
    known = codes()
    for name, page in pages.items():
        text = visible(page)
        shown = [c for c in known if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]
        assert shown == [], (name, shown)
        assert "Teknisk kode til support" in text, name
    assert "cross-requested-mismatch" in checked  # still there, for support


def test_the_rules_page_puts_danish_first(client: TestClient) -> None:
    page = client.get("/regler").text
    head = re.search(r"<thead>(.*?)</thead>", page, re.S)
    assert head
    columns = re.findall(r"<th[^>]*>(.*?)</th>", head.group(1))
    assert columns[:2] == ["Dokument", "Alvor"] and "Kode" not in columns
    kinds = re.findall(r'<td data-label="Dokument">(.*?)</td>', page)
    order = {k: i for i, k in enumerate(dict.fromkeys(kinds))}
    assert [order[k] for k in kinds] == sorted(order[k] for k in kinds)  # grouped


def test_one_form_of_address_in_every_template() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = visible(template.read_text(encoding="utf-8"))
        text = re.sub(r"\{[%{#].*?[%}#]\}", " ", text, flags=re.S)
        for word in (r"\bI\b(?! alt)", r"\bjer(es)?\b", r"\bJer(es)?\b", r"\bDe\b", r"\bDeres\b"):
            assert not re.search(word, text), (template.name, word)


def test_required_fields_are_marked(client: TestClient) -> None:
    for path, fields in {
        "/tjek": ["files"],
        "/rapporter": ["projectdata", "application", "budget"],
    }.items():
        page = client.get(path).text
        for name in fields:
            tag = re.search(rf'<input type="file" id="{name}"[^>]*>', page)
            assert tag and " required" in tag.group(0), (path, name)
            label = re.search(rf'<label for="{name}">(.*?)</label>', page, re.S)
            assert label and "(skal udfyldes)" in label.group(1), (path, name)
    reports = client.get("/rapporter").text
    for name in ("projectdata", "registrations", "budget"):
        assert re.search(rf'id="{name}" name="{name}" accept=".xlsx"', reports), name
    assert re.search(r'id="application" name="application" accept=".docx"', reports)
    label = re.search(r'<label for="period">(.*?)</label>', reports)
    assert label and "delregnskab" in label.group(1)  # the period also picks the accounts


def render(client: TestClient, template: str, **context: Any) -> str:
    """A template as the app renders it, with a context of our own."""
    app: Any = client.app
    st = app.state.hir
    base = {"nav": [], "path": "/", "config": st.config, "mb": 1024 * 1024, "title": "T"}
    return str(st.templates.get_template(template).render(**base, **context))


def test_a_form_error_is_shown_at_its_form_with_the_values_kept(client: TestClient) -> None:
    values = {"submitted": "i går <kl. 14>", "on": "2018-06-30"}
    page = render(client, "tjek.html", form_error="Datoen kan ikke læses.", values=values)
    form = page.split('<form action="/tjek"', 1)[1]
    assert form.index('role="alert"') < form.index('type="file"')
    assert "Datoen kan ikke læses." in form and "Vælg filerne igen" in form
    assert 'value="i går &lt;kl. 14&gt;"' in form and 'value="2018-06-30"' in form
    assert 'aria-describedby="tjek-fejl files-hjaelp"' in form
    assert 'name="annotate" value="ja">' in form  # not chosen, so not checked again
    init = render(
        client,
        "rapporter.html",
        form_error="Filen er ikke et ansøgningsskema.",
        form_target="/rapporter/projektdata",
        values={},
    )
    mine = init.split('<form action="/rapporter/projektdata"', 1)[1]
    other = init.split('<form action="/rapporter"', 1)[1].split("</form>")[0]
    assert 'role="alert"' in mine and 'role="alert"' not in other
    assert 'href="#opret-fejl"' in init.split("<form", 1)[0]  # said at the top, too


def test_an_error_page_links_back(client: TestClient) -> None:
    page = render(
        client, "fejl.html", message="Fejl.", back="/rapporter", back_label="Tilbage til formularen"
    )
    assert '<a href="/rapporter">Tilbage til formularen</a>' in page
    hostile = render(client, "fejl.html", message="Fejl.", back="//ondt.dk", back_label="Klik")
    assert "ondt.dk" not in hostile


def test_the_api_is_described_with_its_own_address(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["servers"] == [{"url": "http://testserver"}]
    body = spec["paths"]["/api/v1/render/{kind}"]["post"]["requestBody"]
    pdf = body["content"]["multipart/form-data"]["schema"]["properties"]["pdf"]
    assert pdf["type"] == "boolean"
    other = TestClient(client.app, base_url="https://hir.example.dk")
    assert other.get("/api/v1/openapi.json").json()["servers"] == [
        {"url": "https://hir.example.dk"}
    ]
    docs = other.get("/api/v1/docs").text
    assert "https://hir.example.dk/api/v1/check" in docs and "127.0.0.1:8000" not in docs
    row = re.search(r"<code>pdf</code></td>(.*?)</tr>", docs, re.S)
    assert row and "sand/falsk" in row.group(1)
