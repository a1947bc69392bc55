"""Dutch is the first language: every string has a Dutch translation, and pages use it."""

import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "src/gridpact/locale/nl/LC_MESSAGES/django.po"


def _entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if "msgid" in block]


def test_every_string_has_a_dutch_translation_and_none_is_fuzzy():
    untranslated, fuzzy = [], []
    for block in _entries(PO.read_text(encoding="utf-8"))[1:]:  # [0] is the header
        if "#, fuzzy" in block or "#| msgid" in block:
            fuzzy.append(block)
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.MULTILINE)
        if not strings or any(s.strip() == '""' for s in strings):
            untranslated.append(block.splitlines()[-1])
    assert not fuzzy, fuzzy[:3]
    assert not untranslated, untranslated[:5]


def test_pages_speak_dutch_by_default_and_english_on_request(client, world):
    client.force_login(world.lead)
    page = client.get(reverse("my-work")).content.decode()
    assert "Mijn werk" in page
    client.post(reverse("set_language"), {"language": "en"})
    assert "My work" in client.get(reverse("my-work")).content.decode()
    translation.activate("nl")


def test_an_english_browser_still_gets_dutch_until_the_person_switches(client, world):
    client.force_login(world.lead)
    page = client.get(reverse("my-work"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Mijn werk" in page.content.decode()
    assert page["Content-Language"] == "nl"


def test_dutch_addresses_people_informally_with_je_never_u():
    """One form of address throughout: "je/jouw", as most of the interface already did."""
    formal = re.compile(r"\b(u|uw|U|Uw)\b")
    offenders = [
        block.splitlines()[-1]
        for block in _entries(PO.read_text(encoding="utf-8"))[1:]
        if formal.search(block.split("msgstr", 1)[-1])
    ]
    assert not offenders, offenders[:5]
