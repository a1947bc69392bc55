"""The exports carry the text, the commitments and the positions annex: read back to check."""

import io
import subprocess

from django.urls import reverse
from docx import Document

from gridpact.agreements import services


def _download(client, world, agr, fmt):
    services.record_endorsement(
        actor=world.municipal_official,
        version=agr.version,
        organisation=world.municipality,
        position="positief_met_voorbehoud",
        comment="Mits de kosten helder zijn.",
    )
    services.add_clause(
        actor=world.coordinator,
        version=agr.version,
        theme=agr.clause.theme,
        title="Lijst en link",
        text='<p>Zie <a href="https://example.org/p">de site</a>.</p><ul><li>één</li>'
        "<li><strong>twee</strong></li></ul>",
    )
    client.force_login(world.municipal_official)
    response = client.get(reverse("version-export", kwargs={"pk": agr.version.pk, "fmt": fmt}))
    assert response.status_code == 200
    assert f"-v2.{fmt}" in response["Content-Disposition"]
    return response


def test_docx_has_the_clauses_commitments_and_the_positions_annex(client, world, agr):
    response = _download(client, world, agr, "docx")
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Ruimtelijke procedures" in headings
    assert "1. Besluiten binnen de termijn" in headings
    assert "Het bevoegd gezag beslist binnen de wettelijke termijn." in paragraphs
    assert any(p.startswith("Commitment: Decision term of procedures ≥ 90 %") for p in paragraphs)
    assert "Zie de site (https://example.org/p)." in paragraphs
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in bullets] == ["één", "twee"]
    assert bullets[1].runs[0].bold
    assert any(h.startswith("Annex") for h in headings)
    (table,) = document.tables
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert set(rows) == {"Ander Netbedrijf", "Gemeente Test", "Netbeheer Test"}
    assert rows["Gemeente Test"][0] == "no response"  # bestuurlijk
    assert rows["Gemeente Test"][1].startswith("positive with reservations\nMits de kosten")
    assert rows["Netbeheer Test"][1].startswith("positive")
    assert rows["Ander Netbedrijf"] == ["no response", "no response"]


def test_pdf_has_the_clauses_and_the_positions_annex(client, world, agr, tmp_path):
    response = _download(client, world, agr, "pdf")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "afspraken.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Samenwerkingsafspraken Test",
        "Ruimtelijke procedures",
        "1. Besluiten binnen de termijn",
        "Het bevoegd gezag beslist binnen de wettelijke termijn.",
        "Annex: positions of the participating organisations",
        "Gemeente Test",
        "Mits de kosten helder zijn.",
        "Ander Netbedrijf",
    ):
        assert expected in text, expected
