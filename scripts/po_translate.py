"""Maintainer tool for the Dutch catalogue (not used at run time).

    python scripts/po_translate.py todo            # print untranslated/fuzzy msgids as TSV lines
    python scripts/po_translate.py apply FILE.tsv  # set translations from `msgid<TAB>msgstr` lines

For plurals write `singular<TAB>one form<TAB>other form`. Newlines inside strings are written \\n.
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "src/gridpact/locale/nl/LC_MESSAGES/django.po"


def _esc(text: str) -> str:
    return text.replace("\n", "\\n")


def _unesc(text: str) -> str:
    return text.replace("\\n", "\n")


def todo() -> None:
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        missing = entry.msgid_plural and not all(entry.msgstr_plural.values())
        if "fuzzy" in entry.flags or missing or (not entry.msgid_plural and not entry.msgstr):
            print(_esc(entry.msgid) + ("\t(plural)" if entry.msgid_plural else ""))


def apply(path: str) -> None:
    po = polib.pofile(str(PO), wrapwidth=0)
    by_id = {entry.msgid: entry for entry in po}
    missing = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        msgid, *forms = (_unesc(part) for part in line.split("\t"))
        entry = by_id.get(msgid)
        if entry is None:
            missing.append(msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: forms[0], 1: forms[-1]}
        else:
            entry.msgstr = forms[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
    po.save(str(PO))
    if missing:
        sys.exit(f"not found: {missing}")


if __name__ == "__main__":
    {"todo": lambda: todo(), "apply": lambda: apply(sys.argv[2])}[sys.argv[1]]()
