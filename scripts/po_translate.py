"""Set Dutch translations in the .po file from a JSON/py dict file: python scripts/po_translate.py FILE.

FILE holds lines `English msgid<TAB>Dutch msgstr`. Clears fuzzy flags of the entries it sets.
A maintainer's tool for adding translations after `makemessages`; not used at run time.
"""

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "src/gridpact/locale/nl/LC_MESSAGES/django.po"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(path: str) -> None:
    pairs = [line.split("\t", 1) for line in Path(path).read_text().splitlines() if "\t" in line]
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    done = set()
    for i, block in enumerate(blocks):
        for msgid, msgstr in pairs:
            if re.search(r"^msgid " + re.escape(_quote(msgid)) + "$", block, re.MULTILINE):
                head = block[: block.index("msgstr")].rstrip("\n").splitlines()
                head = [line.replace("#, fuzzy, ", "#, ").replace("#, fuzzy", "") for line in head]
                head = [line for line in head if line and not line.startswith("#|")]
                blocks[i] = "\n".join([*head, "msgstr " + _quote(msgstr.strip())])
                done.add(msgid)
    PO.write_text("\n\n".join(blocks), encoding="utf-8")
    missing = [m for m, _ in pairs if m not in done]
    if missing:
        sys.exit(f"not found: {missing}")


if __name__ == "__main__":
    main(sys.argv[1])
