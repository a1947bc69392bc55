"""No import inside a function without a comment that says why (run by `make lint`).

An import belongs at the top of its module. One inside a function is allowed only with a reason a
reader can check, in a comment on the import's own line or on the line above it, for example:

    # local: projects imports monitoring at module level
    from gridpact.monitoring.models import ProgressReport

A comment above a run of imports covers the whole run. A linter directive alone (`# noqa`,
`# type: ignore`) is no reason. import-linter (.importlinter) still sees such imports: a local
import never gets round a contract, it only delays loading.

Usage: python scripts/check_local_imports.py [PATH ...]   (default: src/gridpact)
Exit status 1 when an import lacks its reason; each is listed as path:line.
"""

import ast
import io
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = [ROOT / "src" / "gridpact"]
SKIP_PARTS = {"migrations", "__pycache__"}

_DIRECTIVE = re.compile(
    r"\b(noqa(:\s*[\w, ]+)?|type:\s*ignore(\[[\w, -]+\])?|pragma:[^#]*|fmt:\s*\w+)"
)


def _reason(comment: str) -> bool:
    """True when a comment says something beyond a linter directive."""
    text = _DIRECTIVE.sub("", comment.lstrip("#"))
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 2


def _explained_lines(source: str) -> set[int]:
    """Line numbers that carry a comment giving a reason."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and _reason(token.string):
            lines.add(token.start[0])
    return lines


class _LocalImports(ast.NodeVisitor):
    def __init__(self):
        self.depth = 0
        self.found: list[ast.Import | ast.ImportFrom] = []

    def _function(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node):
        if self.depth:
            self.found.append(node)

    visit_ImportFrom = visit_Import


def unexplained(source: str, allowed_modules=frozenset()) -> list[int]:
    """The lines of function-level imports in `source` that have no reason next to them
    (imports of `allowed_modules` aside)."""
    finder = _LocalImports()
    finder.visit(ast.parse(source))
    explained = _explained_lines(source)
    covered: set[int] = set()  # last lines of local imports whose reason covers the next one
    missing = []
    for node in sorted(finder.found, key=lambda n: n.lineno):
        if isinstance(node, ast.ImportFrom) and node.module in allowed_modules:
            continue
        first, last = node.lineno, node.end_lineno or node.lineno
        ok = (
            any(line in explained for line in range(first, last + 1))
            or first - 1 in explained
            or first - 1 in covered
        )
        if ok:
            covered.add(last)
        else:
            missing.append(first)
    return missing


def _files(paths):
    for path in paths:
        if path.is_file():
            yield path
        else:
            yield from (
                p for p in sorted(path.rglob("*.py")) if not SKIP_PARTS.intersection(p.parts)
            )


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or DEFAULT_PATHS
    problems = []
    for path in _files(paths):
        try:
            name = path.relative_to(ROOT).as_posix()
        except ValueError:
            name = str(path)
        for line in unexplained(path.read_text(encoding="utf-8")):
            problems.append(f"{name}:{line}: import inside a function without a comment saying why")
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} local import(s) without a reason: move each to the top of its "
            "module, or say on its line or the line above why it must stay local "
            "(e.g. '# local: projects imports monitoring at module level').",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
