"""Compare two versions of an agreement clause by clause, with word-level differences.

Pure: plain values in, plain values (and escaped HTML) out. Clauses are matched across versions by
their `key`, which a clause keeps when a new version is made from an older one.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape
from html.parser import HTMLParser

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
BREAK = "\n"  # a paragraph or list-item boundary inside a clause text
BLOCKS = frozenset({"p", "li", "ul", "ol"})


@dataclass(frozen=True)
class ClauseText:
    key: str
    number: int
    theme: str
    title: str
    html: str
    commitments: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClauseDiff:
    kind: str
    old: ClauseText | None
    new: ClauseText | None
    title_html: str
    text_html: str
    # What else changed: "number", "theme", "commitments", "formatting".
    details: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        return (self.new or self.old).number


class _Words(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        # The last text ended inside a word: "<strong>overleg</strong>, ieder" is "overleg,".
        self.glue = False

    def _break(self):
        self.glue = False
        if self.words and self.words[-1] != BREAK:
            self.words.append(BREAK)

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._break()

    def handle_data(self, data):
        pieces = data.split()
        if pieces and self.glue and not data[0].isspace():
            self.words[-1] += pieces.pop(0)
        self.words.extend(pieces)
        if data:
            self.glue = bool(self.words) and self.words[-1] != BREAK and not data[-1].isspace()


def words(html: str) -> list[str]:
    """The words of a clause text, with BREAK between paragraphs and list items."""
    parser = _Words()
    parser.feed(html or "")
    parser.close()
    tokens = parser.words
    while tokens and tokens[0] == BREAK:
        tokens.pop(0)
    while tokens and tokens[-1] == BREAK:
        tokens.pop()
    return tokens


def _render(tokens: list[str]) -> str:
    out, previous = [], None
    for token in tokens:
        if token == BREAK:
            out.append("<br>")
        else:
            if previous not in (None, BREAK):
                out.append(" ")
            out.append(escape(token))
        previous = token
    return "".join(out)


def word_diff(old: list[str], new: list[str]) -> str:
    """Escaped HTML of `new` with removed words in <del> and added words in <ins>."""
    parts = []
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_render(new[b1:b2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{_render(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{_render(new[b1:b2])}</ins>")
    return " ".join(p for p in parts if p).replace(" <br>", "<br>").replace("<br> ", "<br>")


def _details(old: ClauseText, new: ClauseText) -> tuple[str, ...]:
    found = []
    if old.number != new.number:
        found.append("number")
    if old.theme != new.theme:
        found.append("theme")
    if old.commitments != new.commitments:
        found.append("commitments")
    if old.html != new.html and words(old.html) == words(new.html):
        found.append("formatting")
    return tuple(found)


def compare(old: list[ClauseText], new: list[ClauseText]) -> list[ClauseDiff]:
    """Every clause of either version once: added, removed, changed or unchanged.

    Ordered by the newer version's numbering; a removed clause stands where it stood before.
    """
    old_by_key = {c.key: c for c in old}
    new_keys = {c.key for c in new}
    result: list[tuple[tuple, ClauseDiff]] = []
    for clause in new:
        before = old_by_key.get(clause.key)
        if before is None:
            diff = ClauseDiff(
                ADDED,
                None,
                clause,
                f"<ins>{escape(clause.title)}</ins>",
                f"<ins>{_render(words(clause.html))}</ins>" if words(clause.html) else "",
            )
        else:
            title_words, text_words = words(before.title), words(clause.title)
            old_text, new_text = words(before.html), words(clause.html)
            details = _details(before, clause)
            same = title_words == text_words and old_text == new_text and not details
            diff = ClauseDiff(
                UNCHANGED if same else CHANGED,
                before,
                clause,
                word_diff(title_words, text_words),
                word_diff(old_text, new_text),
                details,
            )
        result.append(((clause.number, 1), diff))
    for clause in old:
        if clause.key not in new_keys:
            diff = ClauseDiff(
                REMOVED,
                clause,
                None,
                f"<del>{escape(clause.title)}</del>",
                f"<del>{_render(words(clause.html))}</del>" if words(clause.html) else "",
            )
            result.append(((clause.number, 0), diff))
    result.sort(key=lambda item: item[0])
    return [diff for _order, diff in result]


def summary(diffs: list[ClauseDiff]) -> dict[str, int]:
    """How many clauses were added, removed, changed and left unchanged."""
    counts = dict.fromkeys((ADDED, REMOVED, CHANGED, UNCHANGED), 0)
    for diff in diffs:
        counts[diff.kind] += 1
    return counts
