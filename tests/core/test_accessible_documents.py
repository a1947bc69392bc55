"""Every document GridPact hands out, opened the way an auditor's tool opens it.

PDF (GS report, agreement version, minutes, cost allocation): PDF/UA-1 — a structure tree that
holds all real content, MarkInfo, the PDF/UA identification and the title in the XMP metadata,
the title shown as window title, language nl, headings in order, tables with header cells
(scoped, and named by every data cell), figures with a text alternative, page numbers as
artifacts.
DOCX (agreement, minutes): A4, Dutch, the programme's owner as author, a title, header rows.
XLSX (monitoring report, cost allocation, list downloads): title, creator and language.
"""

import io
import re
from itertools import pairwise

import pikepdf
import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from ..factories import cost_world, make_agreement, meeting_world

PDF_UA_PART = "pdfuaid:part"


def _download(client, user, url, params=None):
    client.force_login(user)
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content


def _monitoring(client, world, fmt):
    url = reverse("dashboard-export", kwargs={"pk": world.programme.pk, "fmt": fmt})
    return _download(client, world.coordinator, url)


def _agreement(client, world, fmt):
    agr = make_agreement(world)
    url = reverse("version-export", kwargs={"pk": agr.version.pk, "fmt": fmt})
    return _download(client, world.municipal_official, url)


def _minutes(client, world, fmt):
    mw = meeting_world(world)
    url = reverse(f"meeting-minutes-{fmt}", kwargs={"pk": mw.closed_meeting.pk})
    return _download(client, world.coordinator, url)


def _costs(client, world, fmt):
    costs = cost_world(world)
    url = reverse("programme-costs-export", kwargs={"pk": costs.programme.pk, "fmt": fmt})
    return _download(client, world.coordinator, url, {"scenario": costs.scenario.pk})


PDFS = {"monitoring": _monitoring, "agreement": _agreement, "minutes": _minutes, "costs": _costs}


# --- PDF ------------------------------------------------------------------------------------


def _walk(element, found):
    """The structure elements below `element` in reading order (depth first)."""
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
            found.append(kid)
            _walk(kid, found)
    return found


def _table_attributes(cell):
    """A cell's table attributes (`/O /Table`): the attribute object, or the one in an array of
    them (WeasyPrint writes one object, Typst an array with a layout object beside it)."""
    attributes = cell.get("/A")
    candidates = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    return next(a for a in candidates if isinstance(a, pikepdf.Dictionary) and a.O == "/Table")


def _marked_content(pdf):
    """(page number, tag, MCID or None) for every marked-content sequence on every page."""
    for number, page in enumerate(pdf.pages):
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC":
                yield number, str(operands[0]), int(operands[1].get("/MCID", -1))
            elif str(operator) == "BMC":
                yield number, str(operands[0]), None


@pytest.mark.parametrize("kind", PDFS)
def test_every_pdf_is_pdf_ua_1(client, world, kind):
    with pikepdf.open(io.BytesIO(PDFS[kind](client, world, "pdf"))) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "nl"
        assert root.ViewerPreferences.DisplayDocTitle is True
        title = str(pdf.docinfo.Title)
        assert title
        assert str(pdf.docinfo.Author) == world.programme.owner.name
        meta = pdf.open_metadata()
        assert meta[PDF_UA_PART] == "1"
        assert meta["dc:title"] == title

        elements = _walk(root.StructTreeRoot, [])
        tags = [str(e.S) for e in elements]

        headings = [int(t[2]) for t in tags if re.fullmatch(r"/H[1-6]", t)]
        assert headings[0] == 1, tags[:10]
        assert headings.count(1) == 1, "one H1: the document's title"
        assert all(b <= a + 1 for a, b in pairwise(headings)), headings

        tables = [e for e in elements if e.S == "/Table"]
        assert tables
        for table in tables:
            cells = _walk(table, [])
            header_ids = {str(c.ID) for c in cells if c.S == "/TH"}
            assert header_ids, "every table has header cells"
            for section in (e for e in cells if e.S in ("/THead", "/TBody", "/TFoot")):
                expected = "/Column" if section.S == "/THead" else "/Row"
                scopes = {
                    str(_table_attributes(c).Scope) for c in _walk(section, []) if c.S == "/TH"
                }
                assert scopes <= {expected}, (section.S, scopes)
            for cell in (c for c in cells if c.S == "/TD"):
                headers = _table_attributes(cell).Headers
                assert {str(h) for h in headers} <= header_ids
                assert len(headers) > 0, "each data cell names its headers"
        for figure in (e for e in elements if e.S == "/Figure"):
            assert str(figure.get("/Alt", "")).strip(), "a figure has a text alternative"

        # All real content hangs in the tree; the page numbers are artifacts.
        in_tree = {e.objgen for e in elements}
        parent_tree = pikepdf.NumberTree(root.StructTreeRoot.ParentTree)
        artifacts = 0
        for number, tag, mcid in _marked_content(pdf):
            if tag == "/Artifact":
                artifacts += 1
                continue
            owner = parent_tree[int(pdf.pages[number].obj.StructParents)][mcid]
            assert owner.objgen in in_tree, f"page {number + 1}: {tag} {mcid} outside the tree"
        assert artifacts >= len(pdf.pages), "every page number is an artifact"


def test_the_report_chart_is_a_figure_with_its_title_as_alternative(client, world):
    with pikepdf.open(io.BytesIO(_monitoring(client, world, "pdf"))) as pdf:
        figures = [e for e in _walk(pdf.Root.StructTreeRoot, []) if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == [
            "Totale vertraging in maanden per rapportageperiode"
        ]


# --- DOCX -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["agreement", "minutes"])
def test_every_word_document_is_a4_in_dutch_with_its_author_and_header_rows(client, world, kind):
    document = Document(io.BytesIO(PDFS[kind](client, world, "docx")))
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert round(section.left_margin.mm) == round(section.right_margin.mm) == 25
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "nl-NL"
    properties = document.core_properties
    assert properties.author == world.programme.owner.name
    assert properties.language == "nl-NL"
    assert properties.title and properties.comments == ""
    assert properties.title == document.paragraphs[0].text  # the heading on the first page
    assert document.tables
    for table in document.tables:
        header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) == "true"
        assert all(r._tr.trPr is None for r in table.rows[1:]), "only the first row is header"


# --- XLSX -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["monitoring", "costs"])
def test_every_programme_workbook_names_its_title_creator_and_language(client, world, kind):
    workbook = load_workbook(io.BytesIO(PDFS[kind](client, world, "xlsx")))
    assert workbook.properties.creator == world.programme.owner.name
    assert world.programme.name in workbook.properties.title
    assert workbook.properties.language == "nl-NL"


def test_a_list_download_names_the_list_and_the_organisation_that_made_it(client, world):
    url = reverse("programme-overview", kwargs={"pk": world.programme.pk})
    client.force_login(world.lead)
    workbook = load_workbook(io.BytesIO(client.get(f"{url}?export=xlsx").content))
    assert workbook.properties.creator == world.lead.primary_organisation.name
    assert workbook.properties.title == workbook.sheetnames[0]
    assert workbook.properties.language == "nl-NL"
