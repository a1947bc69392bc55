"""A client that authenticates with a personal token of the given user."""

import pytest
from rest_framework.test import APIClient

from gridpact.api import services as token_services


@pytest.fixture
def token_client(world):
    def make(user):
        _token, key = token_services.create_token(actor=user, name="systeem")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make
