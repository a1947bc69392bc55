"""`documents.pdf_from_typst`: a PDF/UA-1 file with its title, author and language, or a clear
error when Typst refuses the source."""

import io

import pikepdf
import pytest
from django.utils import translation

from gridpact.core.documents import TypesettingError, pdf_from_typst
from gridpact.core.typst_markup import string


def test_title_author_and_language_come_from_the_arguments_and_the_active_language():
    with translation.override("en"):
        data = pdf_from_typst('= Report\nText with "quotes"', title='A "title"', author="Provincie")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo.Title) == 'A "title"'
        assert str(pdf.docinfo.Author) == "Provincie"
        assert pdf.open_metadata()["pdfuaid:part"] == "1"


def test_a_source_that_breaks_pdf_ua_is_refused_with_typsts_reason():
    svg = string('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    with pytest.raises(TypesettingError, match=r"(?i)alt"):
        pdf_from_typst(f'#image(bytes({svg}), format: "svg")', title="T", author="A")
