"""Clause text keeps a little formatting and nothing that runs."""

import pytest

from gridpact.agreements.sanitise import clean, has_words, normalise, unsafe_parts

ATTACKS = [
    ("<p>Tekst</p><script>alert(1)</script>", "<script>"),
    ('<p onclick="alert(1)">Tekst</p>', "onclick"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">klik</a>', "javascript:"),
    ('<a href=" JaVaScRiPt:alert(1)">klik</a>', "javascript:"),
    ('<a href="jav&#x09;ascript:alert(1)">klik</a>', "javascript:"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">klik</a>', "data:"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe>"),
    ("<svg><script>alert(1)</script></svg>", "<svg>"),
    ('<style>body{display:none}</style><p x="1">t</p>', "<style>"),
    ('<form action="https://evil.example"><button>b</button></form>', "<form>"),
]


@pytest.mark.parametrize(("html", "named"), ATTACKS)
def test_unsafe_parts_are_named_and_cleaning_removes_them(html, named):
    assert named in unsafe_parts(html)
    cleaned = clean(html).lower()
    for bad in (
        "<script",
        "onclick",
        "onerror",
        "javascript:",
        "data:",
        "<iframe",
        "<svg",
        "<style",
    ):
        assert bad not in cleaned
    assert "alert(1)" not in cleaned or "<script" not in cleaned


def test_allowed_formatting_stays():
    html = (
        "<p>Een <strong>vet</strong> en <em>schuin</em> woord.</p><ul><li>een</li></ul>"
        '<ol><li>twee</li></ol><p><a href="https://www.provincie-utrecht.nl/">site</a> '
        '<a href="mailto:pmiek@example.org">mail</a> <a href="http://example.org">http</a></p>'
    )
    assert unsafe_parts(html) == []
    cleaned = clean(html)
    for kept in ("<strong>vet</strong>", "<em>schuin</em>", "<ul><li>een</li></ul>", "<ol>"):
        assert kept in cleaned
    assert 'href="https://www.provincie-utrecht.nl/"' in cleaned
    assert 'href="mailto:pmiek@example.org"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_other_markup_is_stripped_but_not_refused():
    html = '<div class="x"><h1>Kop</h1><span style="color:red">tekst</span></div><a href="/intern">rel</a>'
    assert unsafe_parts(html) == []
    cleaned = clean(html)
    assert "<div" not in cleaned and "<h1" not in cleaned and "style=" not in cleaned
    assert "Kop" in cleaned and "tekst" in cleaned
    assert 'href="/intern"' not in cleaned  # only http, https and mailto links
    assert unsafe_parts('<a href="/pagina?x=a:b">x</a>') == []


def test_plain_text_becomes_paragraphs_and_is_escaped():
    assert normalise("Eerste alinea\nloopt door.\n\nTweede & laatste.") == (
        "<p>Eerste alinea loopt door.</p><p>Tweede &amp; laatste.</p>"
    )
    assert not has_words("<p> </p><ul></ul>")
    assert has_words("<p>x</p>")
