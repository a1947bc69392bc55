"""Text put into a Typst document prints as written: nothing a user types is run as Typst."""

import subprocess

import typst
from hypothesis import given, settings
from hypothesis import strategies as st

from gridpact.core.typst_markup import markup, string

# One line on a page as wide as its text: what pdftotext reads back is the text itself.
PAGE = '#set page(width: auto, height: auto, margin: 2pt)\n#set text(font: "DejaVu Sans")\n'

TEXT = st.text(
    alphabet=st.characters(
        codec="latin-1", categories=["L", "N", "P", "S", "Zs"], exclude_characters="\xa0\xad"
    )
    | st.sampled_from("–—“”‘’€\n\t"),
    max_size=40,
)


def _printed(source: str) -> str:
    pdf = typst.compile((PAGE + source).encode())
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@settings(max_examples=60)
@given(TEXT)
def test_any_text_in_markup_prints_exactly_as_written(text):
    assert _printed(f"x{markup(text)}x") == "x" + " ".join(text.split()) + "x"


@settings(max_examples=40)
@given(TEXT)
def test_any_text_as_a_string_literal_prints_exactly_as_written(text):
    # Typst sets a string's white space as it likes; every other character comes through.
    printed = _printed(f"#let value = {string(text)}\nx#(value)x")
    assert printed.replace(" ", "") == "".join(f"x{text}x".split())


def test_typst_code_and_markup_in_a_project_name_are_only_text():
    name = '#panic("x") = Kop *vet* _schuin_ `code` $x^2$ <label> @ref // commentaar /* en */'
    name += " [haakjes] \\ 1. - + / ~ -- --- ... 'enkel' \"dubbel\""
    assert _printed(markup(name)) == name


def test_line_breaks_in_an_explanation_are_spaces_as_in_a_page():
    assert markup("Eerste regel\n\nTweede\tregel ") == "Eerste regel Tweede regel"


def test_control_characters_are_left_out():
    assert _printed(markup("Station\x00 Noord\x1b\x7f")) == "Station Noord"
