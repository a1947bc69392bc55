"""`make run PORT=N`: the links GridPact puts in e-mails and calendar files use that port."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Stands in for manage.py: for `runserver` it prints the reply link an invitation e-mail would
# carry, built by GridPact's own code from the settings in the environment `make run` gives it.
FAKE_MANAGE = f"""#!/bin/sh
if [ "$1" = runserver ]; then
  exec {sys.executable} -c 'import django; django.setup()
from gridpact.meetings.services import reply_url
print("link", reply_url("token"))'
fi
"""


def _links_from_make_run(tmp_path, *arguments, **environment) -> list[str]:
    manage = tmp_path / "manage"
    manage.write_text(FAKE_MANAGE)
    manage.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("GRIDPACT_BASE_URL", "MAKEFLAGS")}
    env.update(PYTHONPATH=str(ROOT / "src"), **environment)
    result = subprocess.run(
        # -o: do not install or compile anything; only the serving part of `run` is under test.
        [
            "make",
            "-s",
            "-o",
            ".venv/.installed",
            "-o",
            "messages",
            "run",
            f"MANAGE={manage}",
            *arguments,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line.split()[1] for line in result.stdout.splitlines() if line.startswith("link ")]


def test_the_port_make_run_serves_on_reaches_the_links(tmp_path):
    assert _links_from_make_run(tmp_path, "PORT=8123") == [
        "http://127.0.0.1:8123/uitnodiging/token/"
    ]
    assert _links_from_make_run(tmp_path) == ["http://127.0.0.1:8000/uitnodiging/token/"]


def test_an_explicit_base_url_wins_over_the_port(tmp_path):
    links = _links_from_make_run(
        tmp_path, "PORT=8123", GRIDPACT_BASE_URL="https://gridpact.example.nl"
    )
    assert links == ["https://gridpact.example.nl/uitnodiging/token/"]
