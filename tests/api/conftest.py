from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken, Scope


@pytest.fixture
def demo(db):
    """The seed conferences, as `make run` shows them."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def client_api():
    return APIClient()


def make_token(project, *scopes, expires_in=timedelta(days=30), **fields):
    """A token of ``project`` with ``scopes``; returns (row, raw secret)."""
    token = ApiToken(
        project=project,
        name="Test",
        scopes=list(scopes or [Scope.READ_PUBLIC]),
        expires_at=timezone.now() + expires_in,
        **fields,
    )
    raw = token.set_new_secret()
    token.save()
    return token, raw


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
