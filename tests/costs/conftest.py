import pytest
from django.apps import apps

from gridpact.costs import categories

from ..factories import cost_world


@pytest.fixture
def seeded(db):
    """The built-in categories (a browser test's flush may have removed them)."""
    categories.seed(apps)


@pytest.fixture
def costs(world):
    return cost_world(world)


@pytest.fixture
def client(client):
    """Pages in English: the Dutch translations of these strings are added separately."""
    client.cookies["django_language"] = "en"
    return client
