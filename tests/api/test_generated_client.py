"""A client generated from the committed OpenAPI file type-checks and works against the live API.

openapi-python-client writes the client into a temporary folder, mypy (strict) checks it together
with a scenario written the way a party's developer would, and the scenario then runs against
the live test server: list projects, read a milestone, change it with If-Match, and get 412 with
the stale ETag. Properties the API always sends are `required` in the description, so the
scenario uses them without checking for `Unset` — mypy would refuse it otherwise.
"""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from gridpact.api import services as token_services
from gridpact.projects.models import Milestone

OPENAPI = Path(__file__).resolve().parents[2] / "docs/api/openapi.yaml"
BIN = Path(sys.executable).parent

SCENARIO = '''
"""List projects, read a milestone, move its forecast with If-Match, and be refused when stale."""

import datetime
from http import HTTPStatus

from gridpact_client import AuthenticatedClient
from gridpact_client.api.milestones import milestones_list, milestones_partial_update
from gridpact_client.api.milestones import milestones_retrieve
from gridpact_client.api.projects import projects_list
from gridpact_client.models import Milestone, PaginatedMilestoneList, PaginatedProjectList
from gridpact_client.models import PatchedMilestoneUpdateRequest, Problem


def run(base_url: str, token: str) -> list[str]:
    client = AuthenticatedClient(base_url=base_url, token=token, prefix="Token")
    projects = projects_list.sync(client=client, page_size=50)
    assert isinstance(projects, PaginatedProjectList)
    project = projects.results[0]
    milestones = milestones_list.sync(client=client, project=project.id)
    assert isinstance(milestones, PaginatedMilestoneList)
    first = milestones.results[0]
    read = milestones_retrieve.sync_detailed(first.id, client=client)
    milestone = read.parsed
    assert isinstance(milestone, Milestone)
    etag: str = read.headers["ETag"]
    assert etag == f\'"{milestone.version}"\'
    new_forecast = datetime.date(2031, 3, 1)
    change = PatchedMilestoneUpdateRequest(forecast_date=new_forecast, reason="Transformer later")
    moved = milestones_partial_update.sync_detailed(
        milestone.id, client=client, body=change, if_match=etag
    )
    assert moved.status_code == HTTPStatus.OK
    assert isinstance(moved.parsed, Milestone)
    assert moved.parsed.forecast_date == new_forecast
    version: int = moved.parsed.version
    again = PatchedMilestoneUpdateRequest(forecast_date=datetime.date(2032, 1, 1), reason="x")
    stale = milestones_partial_update.sync_detailed(
        milestone.id, client=client, body=again, if_match=etag
    )
    assert stale.status_code == HTTPStatus.PRECONDITION_FAILED
    assert isinstance(stale.parsed, Problem)
    return [project.name, milestone.name, str(version), stale.parsed.detail, stale.headers["ETag"]]
'''

# The generator's own connection class (client.py, the same for every description) passes
# `*args: object` on to httpx's typed `__exit__`; that one finding is not about our description.
MYPY_CONFIG = """
[mypy]
strict = True

[mypy-gridpact_client.client]
disable_error_code = arg-type
"""


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("client")
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(folder)}  # the generator runs ruff
    subprocess.run(
        [
            BIN / "openapi-python-client",
            "generate",
            "--path",
            OPENAPI,
            "--output-path",
            folder / "gridpact_client",
            "--meta",
            "none",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    (folder / "scenario.py").write_text(SCENARIO)
    (folder / "mypy.ini").write_text(MYPY_CONFIG)
    return folder


def test_the_generated_client_type_checks_with_the_scenario(generated_client):
    checked = subprocess.run(
        [
            BIN / "mypy",
            "--config-file",
            "mypy.ini",
            "--no-incremental",
            "gridpact_client",
            "scenario.py",
        ],
        cwd=generated_client,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout


@pytest.mark.django_db(transaction=True)
def test_the_generated_client_reads_and_changes_a_milestone_on_the_live_server(
    generated_client, world, live_server, monkeypatch
):
    _token, key = token_services.create_token(actor=world.lead, name="generated client")
    monkeypatch.syspath_prepend(str(generated_client))
    scenario = importlib.import_module("scenario")
    project, milestone, version, detail, current = scenario.run(f"{live_server.url}/api/v2", key)
    assert project == world.project.name
    assert version == "2"
    assert current == '"2"'  # the 412 says which version is current
    assert "changed since" in detail
    assert milestone in {m.name for m in Milestone.objects.filter(project=world.project)}
