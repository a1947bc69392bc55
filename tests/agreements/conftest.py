import pytest
from django.conf import settings

from ..factories import make_agreement


@pytest.fixture
def agr(world):
    """Version 1 adopted, version 2 ter bespreking (see tests/factories.py)."""
    return make_agreement(world)


@pytest.fixture
def client(client):
    """Pages in English: the Dutch translations of these strings are merged separately."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def english():
    """Messages in English, so tests can read them whatever translations exist."""
    from django.utils import translation

    with translation.override("en"):
        yield
