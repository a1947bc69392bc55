"""Meeting fixtures on top of the shared `world`."""

import pytest

from ..factories import meeting_world


@pytest.fixture
def mw(world):
    """The meetings of programme P: an invited one in the future, a closed one with an action."""
    return meeting_world(world)


@pytest.fixture(autouse=True)
def english_messages():
    """These tests assert the English msgids; the Dutch catalogue has its own test."""
    from django.utils import translation

    with translation.override("en"):
        yield
