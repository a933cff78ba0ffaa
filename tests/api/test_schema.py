"""The OpenAPI schema validates, and every list endpoint in it answers."""

import pytest
import yaml
from openapi_spec_validator import validate

from api.models import Scope
from tests.api.conftest import bearer, make_token
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_schema_validates_and_every_list_endpoint_answers(demo, client_api):
    response = client_api.get("/api/v1/schema/")
    schema = yaml.safe_load(response.content)
    validate(schema)
    _token, raw = make_token(ProjectFactory(), *Scope.values)

    for path, item in schema["paths"].items():
        if "{" in path or "get" not in item:
            continue
        needs_token = {} not in item["get"].get("security", [{}])
        anonymous = client_api.get(path)
        with_token = client_api.get(path, **bearer(raw))
        assert anonymous.status_code == (401 if needs_token else 200), path
        assert with_token.status_code == 200, path


def test_documentation_page_lists_the_endpoints(db, client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    assert b"/api/v1/events/" in response.content
    assert b"X-Webhook-Signature" in response.content
