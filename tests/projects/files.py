"""Import files built in memory for the import tests."""

import io
import zipfile

from openpyxl import Workbook


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def large_xlsx_bytes(rows) -> bytes:
    """A workbook written row by row (openpyxl's write-only mode), for files of many rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_padding(xlsx: bytes, unpacked_bytes: int) -> bytes:
    """The same workbook with one more part that packs small and unpacks to `unpacked_bytes`."""
    buffer = io.BytesIO(xlsx)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * unpacked_bytes)
    return buffer.getvalue()
