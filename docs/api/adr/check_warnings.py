"""Fail when Spectral reports an error, or a warning that docs/api/adr/README.md does not explain.

Reads Spectral's JSON output on standard input (`spectral lint -f json ...`). A warning is
explained by a row of the README's table: | `rule` | `path.in.the.document` | reason |.
"""

import json
import re
import sys
from pathlib import Path

README = Path(__file__).with_name("README.md")
ROW = re.compile(r"^\| `([^`]+)` \| `([^`]+)` \| \S")


def main() -> int:
    explained = {
        ROW.match(line).groups() for line in README.read_text().splitlines() if ROW.match(line)
    }
    results = json.load(sys.stdin)
    failures = []
    for result in results:
        where = ".".join(map(str, result["path"]))
        line = f"{result['code']} at {where}: {result['message']}"
        if result["severity"] == 0:
            failures.append(f"error: {line}")
        elif result["severity"] == 1 and (result["code"], where) not in explained:
            failures.append(f"warning without a reason in {README}: {line}")
    counts = {
        level: sum(r["severity"] == n for r in results)
        for n, level in enumerate(("errors", "warnings"))
    }
    print(
        f"{sys.argv[1] if len(sys.argv) > 1 else 'spectral'}: {counts['errors']} errors, {counts['warnings']} warnings"
    )
    for failure in failures:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
