"""Comparing constructed versions: added, removed, changed, word by word."""

from gridpact.agreements.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    ClauseText,
    compare,
    summary,
    word_diff,
    words,
)


def clause(key, number, title, html, theme="Governance", commitments=()):
    return ClauseText(key, number, theme, title, html, tuple(commitments))


OLD = [
    clause("a", 1, "Rolverdeling", "<p>De provincie coördineert.</p>"),
    clause("b", 2, "Overleg", "<p>Het bestuurlijk overleg komt twee keer per jaar samen.</p>"),
    clause("c", 3, "Vroeg betrekken", "<p>De gemeente wordt vroeg betrokken.</p>"),
    clause("d", 4, "Termijnen", "<p>Binnen de termijn.</p>", commitments=["beslistermijn:90"]),
]
NEW = [
    clause("a", 1, "Rolverdeling", "<p>De provincie coördineert.</p>"),
    clause("b", 2, "Overleg", "<p>Het bestuurlijk overleg komt drie keer per jaar samen.</p>"),
    clause("d", 4, "Termijnen", "<p>Binnen de termijn.</p>", commitments=["beslistermijn:95"]),
    clause(
        "e", 5, "Kosten", "<p>Kosten <strong>inzichtelijk</strong>.</p>", theme="Kostenverdeling"
    ),
]


def test_each_clause_once_with_its_kind_in_order():
    diffs = compare(OLD, NEW)
    assert [(d.kind, d.number) for d in diffs] == [
        (UNCHANGED, 1),
        (CHANGED, 2),
        (REMOVED, 3),
        (CHANGED, 4),
        (ADDED, 5),
    ]
    assert summary(diffs) == {ADDED: 1, REMOVED: 1, CHANGED: 2, UNCHANGED: 1}


def test_changed_words_are_marked_and_the_rest_left_alone():
    changed = compare(OLD, NEW)[1]
    assert changed.text_html == (
        "Het bestuurlijk overleg komt <del>twee</del> <ins>drie</ins> keer per jaar samen."
    )
    assert changed.title_html == "Overleg"
    removed, added = compare(OLD, NEW)[2], compare(OLD, NEW)[4]
    assert removed.text_html == "<del>De gemeente wordt vroeg betrokken.</del>"
    assert added.text_html == "<ins>Kosten inzichtelijk.</ins>"


def test_a_changed_commitment_theme_or_number_counts_as_a_change():
    assert compare(OLD, NEW)[3].details == ("commitments",)
    moved = [clause("a", 7, "Rolverdeling", "<p>De provincie coördineert.</p>", theme="Monitoring")]
    diff = compare(OLD[:1], moved)[0]
    assert diff.kind == CHANGED and diff.details == ("number", "theme")
    bold = [clause("a", 1, "Rolverdeling", "<p>De <strong>provincie</strong> coördineert.</p>")]
    assert compare(OLD[:1], bold)[0].details == ("formatting",)


def test_words_keep_punctuation_with_formatted_words_and_mark_paragraphs():
    assert words(
        "<p>Het <strong>overleg</strong>, ieder jaar.</p><ul><li>een</li><li>twee</li></ul>"
    ) == [
        "Het",
        "overleg,",
        "ieder",
        "jaar.",
        "\n",
        "een",
        "\n",
        "twee",
    ]


def test_differences_are_escaped():
    html = word_diff(["<b>oud</b>"], ["<script>nieuw</script>", "&"])
    assert "<script>" not in html and "<b>" not in html
    assert (
        html
        == "<del>&lt;b&gt;oud&lt;/b&gt;</del> <ins>&lt;script&gt;nieuw&lt;/script&gt; &amp;</ins>"
    )


def test_identical_versions_have_no_changes():
    assert {d.kind for d in compare(OLD, OLD)} == {UNCHANGED}
    assert compare([], []) == []
