"""Valid HTML, checked with the W3C Nu HTML checker (vnu) over every page the tests were served.

Set `GRIDPACT_VNU_JAR` to the checker's jar (`make test-sqlite` does): the browser tests and the
permission matrix then keep the HTML the server sent for every page (the response body, not the
live DOM) in `SERVED_HTML`, and when the session ends vnu checks them all in one run. Each error is
listed with the page's address and the test that visited it, and the session fails.
See docs/decisions/0021-valid-html-and-calendar-files.md.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

VNU_JAR = os.environ.get("GRIDPACT_VNU_JAR", "")
SERVED_HTML = Path(__file__).resolve().parent.parent / "test-artifacts" / "served-html"
INDEX = "pages.jsonl"
HTML_TYPES = ("text/html",)


@dataclass(frozen=True)
class HtmlError:
    url: str
    test: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"  line {self.line}: {self.message}\n      {self.extract}"


class ServedHtml:
    """Writes each served page to a file and notes where it came from."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        self.unreadable: list[str] = []  # pages whose body the browser no longer had
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    def keep(self, url: str, body: bytes) -> None:
        self.count += 1
        name = f"{self.count:05d}.html"
        (self.folder / name).write_bytes(body)
        with (self.folder / INDEX).open("a", encoding="utf-8") as index:
            index.write(json.dumps({"file": name, "url": url, "test": _current_test}) + "\n")

    def keep_if_page(self, url: str, response) -> None:
        """Keep a Django test client's HTML page: not a redirect, not a fragment htmx asked for."""
        fragment = response.wsgi_request.headers.get("HX-Request") == "true"
        redirect = 300 <= response.status_code < 400
        html = response.get("Content-Type", "").startswith(HTML_TYPES)
        if html and response.content and not (fragment or redirect):
            self.keep(url, response.content)

    def watch(self, context) -> None:
        """Keep every HTML document a Playwright browser context receives (not XHR fragments)."""

        def on_response(response):
            request = response.request
            content_type = response.headers.get("content-type", "")
            if (
                request.resource_type == "document"
                and not 300 <= response.status < 400
                and content_type.startswith(HTML_TYPES)
            ):
                try:
                    body = response.body()
                except Exception as error:  # Playwright raises its own Error types
                    self.unreadable.append(f"{response.url} ({_current_test}): {error}")
                else:
                    self.keep(response.url, body)

        context.on("response", on_response)


def check(folder: Path, jar: str) -> list[HtmlError]:
    """Run vnu once over every kept page; returns its errors (warnings are not errors)."""
    pages = {}
    for line in (folder / INDEX).read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        pages[page["file"]] = page
    result = subprocess.run(
        [
            "java",
            "-jar",
            jar,
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            "--no-langdetect",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = []
    messages = json.loads(result.stdout)["messages"]
    for message in sorted(messages, key=lambda m: m.get("url", "")):
        file = message.get("url", "").rsplit("/", 1)[-1]
        page = pages.get(file, {"url": file, "test": "?"})
        errors.append(
            HtmlError(
                url=page["url"],
                test=page["test"],
                line=message.get("lastLine", 0),
                message=message["message"],
                extract=message.get("extract", "").replace("\n", " "),
            )
        )
    return errors


_served: ServedHtml | None = None
_errors: list[HtmlError] = []
_current_test = ""


def served_html() -> ServedHtml | None:
    """The session's recorder, or None when the check is off."""
    global _served
    if VNU_JAR and _served is None:
        if not Path(VNU_JAR).is_file():
            raise pytest.UsageError(
                f"GRIDPACT_VNU_JAR={VNU_JAR} does not exist (`make check-html` installs it)"
            )
        _served = ServedHtml(SERVED_HTML)
    return _served


def pytest_runtest_setup(item):
    global _current_test
    _current_test = item.nodeid


def pytest_sessionfinish(session, exitstatus):
    if _served is None or _served.count == 0:
        return
    _errors.extend(check(_served.folder, VNU_JAR))
    if _errors and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _served is None or _served.count == 0:
        return
    pages = len({(e.url, e.test) for e in _errors})
    title = f"Nu HTML checker: {len(_errors)} error(s) on {pages} of {_served.count} pages"
    terminalreporter.section(title, sep="=", red=bool(_errors), green=not _errors)
    for missed in _served.unreadable:
        terminalreporter.line(f"not checked, body unavailable: {missed}", yellow=True)
    page = None
    for error in _errors:
        if (error.url, error.test) != page:
            page = (error.url, error.test)
            terminalreporter.line(f"{error.url}  (visited by {error.test})")
        terminalreporter.line(str(error))
