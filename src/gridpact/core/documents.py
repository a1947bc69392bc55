"""Every document GridPact hands out is made here, so each kind meets its standard in one place.

- PDF: PDF/UA-1 (ISO 14289-1), written by WeasyPrint from the page's HTML: a structure tree
  built from the HTML elements (headings, lists, tables with their header cells), MarkInfo,
  the document language from `<html lang>`, the `<title>` as the window title and the PDF/UA
  identification in the XMP metadata. Page numbers in the page margins are artifacts, and
  header cells carry their scope.
- Long PDFs (the GS report; hundreds to thousands of projects) are typeset by Typst from a Typst
  source (`pdf_from_typst`), which writes the same PDF/UA-1 parts itself, about twenty times
  faster and in a fraction of the memory (decision 0035).
- Word (python-docx): A4 with 25 mm margins, the language of the text (nl-NL), the organisation
  that made it as author, a title, and header rows that repeat and are read as headers.
- Excel (openpyxl): title, creator and language in the workbook properties.

See docs/decisions/0020-accessible-documents.md.
"""

import subprocess
import sys
from datetime import UTC, datetime
from io import BytesIO

from django.utils import translation
from openpyxl import Workbook

from .typst_markup import string as typst_string

PDF_VARIANT = "pdf/ua-1"
PDF_VARIANT_TYPST = "ua-1"
# The child that typesets a Typst source (stdin) into a PDF (stdout); see `pdf_from_typst`.
_TYPST_CHILD = """import sys, typst
try:
    pdf = typst.compile(sys.stdin.buffer.read(), pdf_standards=[sys.argv[1]])
except typst.TypstError as error:
    sys.exit(str(error))
sys.stdout.buffer.write(pdf)
"""
# Far above the national report (seconds); a report that takes longer fails instead of hanging.
TYPST_TIMEOUT_SECONDS = 300
APPLICATION = "GridPact"
# BCP 47 tags for the languages GridPact writes in; Word and Excel expect a region.
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
A4_MM = (210, 297)
WORD_MARGIN_MM = 25


def language_tag() -> str:
    """The active language as Word and Excel name it (`nl-NL`); Dutch unless English is on."""
    return LANGUAGE_TAGS.get(translation.get_language() or "nl", LANGUAGE_TAGS["nl"])


def author_of(programme) -> str:
    """Who a programme's documents come from: the organisation that owns the programme."""
    return programme.owner.name if programme is not None else APPLICATION


# --- PDF ------------------------------------------------------------------------------------


def pdf(html: str, *, stylesheets=(), base_url=None) -> bytes:
    """`html` (a whole document with `<html lang>` and `<title>`) as a PDF/UA-1 file."""
    # local: WeasyPrint takes seconds to import; only a PDF needs it
    from weasyprint import CSS, HTML

    css = [CSS(filename=str(s)) for s in stylesheets]
    data = HTML(string=html, base_url=base_url).write_pdf(stylesheets=css, pdf_variant=PDF_VARIANT)
    return _finish_tagging(data)


class TypesettingError(RuntimeError):
    """Typst refused the source (for instance a PDF/UA rule it enforces) or did not finish."""


def pdf_from_typst(source: str, *, title: str, author: str) -> bytes:
    """`source` (Typst markup; every user text escaped with `typst_markup.markup`) as a PDF/UA-1
    file titled `title`, by `author`, in the active language.

    Typst tags what it typesets: headings, paragraphs, lists, tables (`table.header` rows as
    `TH` with column scope, each `TD` naming its headers), images with `alt` as figures, and
    the page header and footer (our page numbers) as pagination artifacts. It also writes
    MarkInfo, `/Lang`, DisplayDocTitle and `pdfuaid:part=1`, and refuses a document that
    breaks PDF/UA (an image without `alt`, a skipped heading level, no title).

    Typst runs in a child process: the Python binding keeps its layout caches for the life of
    the process (about 70 MiB per 100 projects, never given back), which in a long-running
    worker would grow with every report. The child returns all of it when it exits."""
    language = (translation.get_language() or "nl").split("-")[0]
    preamble = (
        f"#set document(title: {typst_string(title)}, author: {typst_string(author)})\n"
        f"#set text(lang: {typst_string(language)})\n"
    )
    try:
        child = subprocess.run(  # noqa: S603 -- our own interpreter and code; the source is stdin
            [sys.executable, "-c", _TYPST_CHILD, PDF_VARIANT_TYPST],
            input=(preamble + source).encode(),
            capture_output=True,
            timeout=TYPST_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as timeout:
        raise TypesettingError(f"Typst took over {TYPST_TIMEOUT_SECONDS} s") from timeout
    if child.returncode != 0:
        reason = child.stderr.decode(errors="replace").strip()[-2000:]
        raise TypesettingError(reason or f"Typst exited with {child.returncode}")
    return child.stdout


def _finish_tagging(data: bytes) -> bytes:
    """Two things WeasyPrint 70 leaves undone in a PDF/UA file, done here with pikepdf:

    - It marks the text of the page margins (our page numbers) as content but leaves it out of
      the structure tree. PDF/UA wants running page numbers to be pagination artifacts, so a
      screen reader skips them and no content sits outside the tree: those marked-content
      sequences become `/Artifact` and leave the parent tree.
    - It links each data cell to its header cells (`/Headers`, `/ID`) but gives a header cell no
      `/Scope`, which some readers and checkers rely on. A header cell in the table head gets
      `/Column`, one in the body or foot `/Row` — how our templates use `<th scope>`.
    """
    # local: pikepdf is loaded only when a PDF is tagged, not at every start
    import pikepdf

    with pikepdf.open(BytesIO(data)) as document:
        root = document.Root.get("/StructTreeRoot")
        if root is None:
            return data
        in_tree, header_cells = _structure_elements(root)
        for cell, scope in header_cells:
            if "/A" not in cell:
                cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
            cell.A.Scope = scope
        _page_numbers_as_artifacts(document, root, in_tree)
        out = BytesIO()
        document.save(
            out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
        )
        return out.getvalue()


def _page_numbers_as_artifacts(document, root, in_tree: set) -> None:
    # local: pikepdf is loaded only when a PDF is tagged, not at every start
    import pikepdf

    parent_tree = pikepdf.NumberTree(root.ParentTree)
    begin = pikepdf.Operator("BDC")
    artifact = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
    for page in document.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in parent_tree:
            continue
        owners = parent_tree[int(key)]
        stray = {
            mcid
            for mcid, owner in enumerate(owners)
            if isinstance(owner, pikepdf.Dictionary) and owner.objgen not in in_tree
        }
        if not stray:
            continue
        instructions = pikepdf.parse_content_stream(page)
        for index, instruction in enumerate(instructions):
            if instruction.operator == begin and _mcid(instruction) in stray:
                instructions[index] = artifact
        page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))
        for mcid in stray:
            owners[mcid] = None


def _mcid(instruction) -> int | None:
    """The marked-content id of a `/Tag <</MCID n>> BDC` instruction, if it has one."""
    # local: pikepdf is loaded only when a PDF is tagged, not at every start
    import pikepdf

    properties = instruction.operands[1]
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return int(properties.MCID)
    return None


def _structure_elements(root) -> tuple[set, list]:
    """The object ids of every structure element reachable from the root, and each header cell
    (`TH`) with the scope its place gives it."""
    # local: pikepdf is loaded only when a PDF is tagged, not at every start
    import pikepdf

    seen, header_cells = set(), []
    stack = [(root.get("/K"), None)]
    while stack:
        kids, section = stack.pop()
        if isinstance(kids, pikepdf.Array):
            stack.extend((kid, section) for kid in kids)
        elif isinstance(kids, pikepdf.Dictionary) and kids.get("/Type") != "/OBJR":
            if kids.objgen in seen:
                continue
            seen.add(kids.objgen)
            tag = kids.get("/S")
            if tag in ("/THead", "/TBody", "/TFoot"):
                section = tag
            elif tag == "/TH":
                scope = pikepdf.Name.Column if section == "/THead" else pikepdf.Name.Row
                header_cells.append((kids, scope))
            stack.append((kids.get("/K"), section))
    return seen, header_cells


# --- Word -----------------------------------------------------------------------------------


def word_document(*, title: str, author: str):
    """An empty Word document on A4 in the active language, with `title` and `author` set."""
    # local: python-docx is loaded only when a Word document is made
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.left_margin = section.right_margin = Mm(WORD_MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(WORD_MARGIN_MM)
    tag = language_tag()
    parent = document.styles.element
    for name in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:lang"):
        child = parent.find(qn(name))
        if child is None:
            child = OxmlElement(name)
            parent.insert(0, child)  # each is the first child its parent expects
        parent = child
    parent.set(qn("w:val"), tag)
    settings_lang = document.settings.element.find(qn("w:themeFontLang"))
    if settings_lang is not None:
        settings_lang.set(qn("w:val"), tag)
    now = datetime.now(UTC).replace(microsecond=0)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.comments = ""
    properties.language = tag
    properties.created = properties.modified = now
    return document


def word_table(document, header: list[str], rows: list[list[str]]):
    """A table whose first row is the header: bold, marked as header row (`w:tblHeader`), so
    Word repeats it on every page and assistive technology reads it as the column headers."""
    # local: python-docx is loaded only when a Word document is made
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    header_row = table.rows[0]
    row_properties = header_row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row_properties.append(marker)
    for cell, text in zip(header_row.cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    return table


def word_bytes(document) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- Excel ----------------------------------------------------------------------------------


def workbook(*, title: str, creator: str, write_only: bool = False):
    """A new workbook whose properties say what it is and who made it (not "openpyxl")."""

    book = Workbook(write_only=write_only)
    properties = book.properties
    properties.title = str(title)
    properties.creator = creator
    properties.lastModifiedBy = creator
    properties.language = language_tag()
    return book
