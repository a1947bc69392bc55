"""What a person reads in a response, whatever its format: to check that nothing leaks."""

import io
import subprocess
import zipfile

from openpyxl import load_workbook


def readable_text(response) -> str:
    """The page, CSV, JSON or iCalendar as text; every cell of an XLSX; the text of a PDF or a
    DOCX."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"%PDF"):
        return subprocess.run(
            ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
    if content.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(content)):
        archive = zipfile.ZipFile(io.BytesIO(content))
        if "word/document.xml" in archive.namelist():
            return archive.read("word/document.xml").decode()
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode("utf-8-sig", errors="replace")
