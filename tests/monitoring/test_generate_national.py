"""The benchmark data generator makes the national shape (small here) and refuses real data."""

import io

import pytest
from django.core.management import CommandError, call_command

from gridpact.programmes.models import Programme
from gridpact.projects.models import Milestone, Project


def test_generator_builds_every_province_and_the_miek(db):
    call_command("generate_national", projects_per_province=2, stdout=io.StringIO())
    assert Programme.objects.count() == 13
    assert Project.objects.count() == 24
    assert Milestone.objects.count() == 24 * 33


def test_generator_refuses_a_database_with_projects(world):
    with pytest.raises(CommandError):
        call_command("generate_national", projects_per_province=1, stdout=io.StringIO())
