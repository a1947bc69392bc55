"""Text made safe for Typst source (pure; no Django).

Typst is a markup language: in a document, `*bold*`, `#function()`, `= heading`, `$math$`,
`<label>`, `@reference` and `// comment` are code, not text. Every value that comes from a user
or a catalogue is therefore passed through `markup` (text in a document) or `string` (a string
literal in Typst code) before it is put into a Typst source, so a project called
`#panic("x")` or `*Station* [Noord]` is printed as it is written and never run.
See docs/decisions/0035-pdf-renderer.md.
"""

import re

# Every ASCII punctuation character: in Typst markup a backslash before any of them prints the
# character itself. Escaping all of them (not only today's special ones) also covers markup
# Typst may add later, shorthands (`--`, `...`, `~`, `-?`) and smart quotes.
_PUNCTUATION = re.compile(r"""([!-/:-@\[-`{-~])""")
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # no glyph, and Typst may refuse them


def markup(text: object) -> str:
    """`text` as Typst markup that prints exactly `text`: every punctuation character escaped,
    white space (line breaks included) one space, as in an HTML page, and control characters
    left out."""
    plain = _WHITESPACE.sub(" ", _CONTROL.sub("", str(text))).strip()
    return _PUNCTUATION.sub(r"\\\1", plain)


def string(text: object) -> str:
    """`text` as a Typst string literal (with its quotes), for use in code: `"Station \\"N\\""`."""
    value = str(text)
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    value = value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{value}"'
