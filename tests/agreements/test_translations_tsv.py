"""The Dutch translations delivered with the agreements app: one per msgid, placeholders intact,
and the informal "je" the Dutch interface uses."""

import re
from pathlib import Path

TSV = Path(__file__).resolve().parents[2] / "src/gridpact/agreements/translations_nl.tsv"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%")
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)


def test_every_line_is_msgid_and_translation_with_the_same_placeholders():
    seen = set()
    for number, line in enumerate(TSV.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("\t")
        assert len(fields) in (2, 3), number
        msgid, *dutch = fields
        assert msgid not in seen, msgid
        seen.add(msgid)
        for text in dutch:
            assert text.strip(), number
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), line
            assert not FORMAL.search(text), line
    assert "positive with reservations\tpositief met voorbehoud" in TSV.read_text(encoding="utf-8")
