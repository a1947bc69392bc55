"""Clause text: a little formatting, nothing that runs. nh3 cleans; `unsafe_parts` names what a
person tried to put in that could run, so the service can refuse it with a clear message."""

import re
from html import escape
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = frozenset({"p", "ul", "ol", "li", "strong", "em", "a"})
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")

# Elements that run code, load other documents or change how the page behaves.
DANGEROUS_TAGS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "meta",
        "link",
        "form",
        "svg",
        "math",
        "template",
    }
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"}
)


def _plain_url(value: str) -> str:
    """The URL as a browser reads it: control characters and spaces inside do not count."""
    return "".join(ch for ch in value if ch > " ").lower()


def _scheme(value: str) -> str:
    """The URL's scheme ("javascript", "https"), or "" for a relative URL."""
    match = SCHEME.match(_plain_url(value))
    return match.group(1) if match else ""


def _allowed_url(value: str) -> bool:
    return _plain_url(value).startswith(ALLOWED_SCHEMES)


def _keep_allowed_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value.strip() if _allowed_url(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={"a": {"href"}},
    attribute_filter=_keep_allowed_links,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def clean(html: str) -> str:
    """The clause text with only p, ul, ol, li, strong, em and a[href http/https/mailto]."""
    return _CLEANER.clean(html or "").strip()


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def _note(self, item: str) -> None:
        if item not in self.found:
            self.found.append(item)

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self._note(f"<{tag}>")
        for name, value in attrs:
            name = name.lower()
            scheme = _scheme(value or "")
            if name.startswith("on") or name == "srcdoc":
                self._note(name)
            elif name in URL_ATTRIBUTES and scheme and not _allowed_url(value):
                self._note(f"{scheme}:")

    handle_startendtag = handle_starttag


def unsafe_parts(html: str) -> list[str]:
    """What in `html` could run or load something: dangerous elements, event-handler attributes
    and links with a scheme other than http, https or mailto. Empty when the text is safe."""
    scanner = _Scanner()
    scanner.feed(html or "")
    scanner.close()
    return scanner.found


def normalise(text: str) -> str:
    """Clean stored text. Plain text (no tags at all) becomes paragraphs at its blank lines, so
    a clause typed in a plain text box reads the same as one pasted with formatting."""
    text = (text or "").strip()
    if "<" not in text:
        paragraphs = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n")]
        text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)
    return clean(text)


def has_words(html: str) -> bool:
    """Whether the text says anything once the markup is gone."""
    return bool(nh3.clean(html or "", tags=set()).strip())
