"""Tokens: scoped to one project, scopes enforced, expiry and revocation, logged."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from api.models import ApiToken, ApiTokenUse, Scope, hash_token
from participants.models import EmailMessage, EventStatistic, Registration
from tests.api.conftest import bearer, make_token
from tests.factories import EventFactory, ProjectFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

ALL = (
    Scope.READ_PUBLIC,
    Scope.READ_REGISTRATIONS,
    Scope.WRITE_REGISTRATIONS,
    Scope.CHECK_IN,
)


@pytest.fixture
def two_projects():
    a, b = ProjectFactory(), ProjectFactory()
    event_a, event_b = EventFactory(host_project=a), EventFactory(host_project=b)
    RegistrationFactory.create_batch(3, event=event_a)
    RegistrationFactory.create_batch(3, event=event_b)
    return a, b, event_a, event_b


def test_token_of_project_a_sees_nothing_of_project_b(client_api, two_projects):
    a, b, event_a, event_b = two_projects
    _token, raw = make_token(a, *ALL)
    headers = bearer(raw)

    listed = client_api.get("/api/v1/registrations/", **headers).json()
    assert {r["event"] for r in listed["results"]} == {event_a.pk}
    for registration in Registration.objects.filter(event=event_b):
        for path in ("", "cancel/", "check-in/"):
            url = f"/api/v1/registrations/{registration.pk}/{path}"
            method = client_api.get if not path else client_api.post
            assert method(url, **headers).status_code == 404
    for path in ("export/?format=csv", "statistics/"):
        url = f"/api/v1/organiser/events/{event_b.pk}/{path}"
        assert client_api.get(url, **headers).status_code == 404
    events = client_api.get("/api/v1/organiser/events/", **headers).json()
    assert [e["id"] for e in events["results"]] == [event_a.pk]
    created = client_api.post(
        "/api/v1/registrations/",
        {
            "event": event_b.pk,
            "first_name": "A",
            "last_name": "B",
            "email": "x@example.org",
            "participant_kind": "civil_society",
        },
        format="json",
        **headers,
    )
    assert created.status_code == 400


def test_a_read_token_cannot_write(client_api, two_projects):
    a, _b, event_a, _ = two_projects
    _token, raw = make_token(a, Scope.READ_PUBLIC, Scope.READ_REGISTRATIONS)
    registration = Registration.objects.filter(event=event_a).first()

    cancel = client_api.post(
        f"/api/v1/registrations/{registration.pk}/cancel/", **bearer(raw)
    )
    check_in = client_api.post(
        f"/api/v1/registrations/{registration.pk}/check-in/", **bearer(raw)
    )
    create = client_api.post("/api/v1/registrations/", {}, format="json", **bearer(raw))

    assert (cancel.status_code, check_in.status_code, create.status_code) == (
        403,
        403,
        403,
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown", "none"])
def test_expired_revoked_unknown_or_missing_token_gets_401(client_api, state):
    project = ProjectFactory()
    fields = {"revoked_at": timezone.now()} if state == "revoked" else {}
    expires = timedelta(seconds=-1) if state == "expired" else timedelta(days=1)
    _token, raw = make_token(project, *ALL, expires_in=expires, **fields)
    headers = {
        "expired": bearer(raw),
        "revoked": bearer(raw),
        "unknown": bearer("sct_not-a-token"),
        "none": {},
    }[state]

    response = client_api.get("/api/v1/registrations/", **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_token_is_stored_hashed_and_every_use_logged(client_api):
    token, raw = make_token(ProjectFactory(), Scope.READ_REGISTRATIONS)

    client_api.get("/api/v1/registrations/", **bearer(raw))
    client_api.get("/api/v1/events/", **bearer(raw))

    token.refresh_from_db()
    assert token.token_hash == hash_token(raw) != raw
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    assert token.last_used_at is not None
    assert list(ApiTokenUse.objects.values_list("path", flat=True).order_by("pk")) == [
        "/api/v1/registrations/",
        "/api/v1/events/",
    ]


def test_create_cancel_and_check_in_through_the_services(client_api, two_projects):
    a, _b, event_a, _ = two_projects
    _token, raw = make_token(a, *ALL)

    created = client_api.post(
        "/api/v1/registrations/",
        {
            "event": event_a.pk,
            "first_name": "Jana",
            "last_name": "Öztürk",
            "email": "Jana@Example.org",
            "participant_kind": "civil_society",
        },
        format="json",
        **bearer(raw),
    )
    assert created.status_code == 201, created.json()
    new = Registration.objects.get(pk=created.json()["id"])
    assert (new.status, new.email) == (Registration.Status.PENDING, "jana@example.org")
    assert EmailMessage.objects.filter(
        registration=new, kind=EmailMessage.Kind.CONFIRM_REQUEST
    ).exists()
    again = client_api.post(
        "/api/v1/registrations/",
        {
            "event": event_a.pk,
            "first_name": "Jana",
            "last_name": "Öztürk",
            "email": "jana@example.org",
            "participant_kind": "civil_society",
        },
        format="json",
        **bearer(raw),
    )
    assert again.status_code == 409

    confirmed = Registration.objects.filter(
        event=event_a, status=Registration.Status.CONFIRMED
    ).first()
    checked = client_api.post(
        f"/api/v1/registrations/{confirmed.pk}/check-in/", **bearer(raw)
    )
    assert checked.status_code == 200
    assert checked.json()["checked_in_at"] is not None
    cancelled = client_api.post(
        f"/api/v1/registrations/{new.pk}/cancel/", **bearer(raw)
    )
    assert cancelled.json()["status"] == "cancelled"
    assert mail.outbox is not None


def test_export_and_statistics_for_the_projects_event(client_api, two_projects):
    a, _b, event_a, _ = two_projects
    EventStatistic.objects.create(
        event=event_a,
        dimension="total",
        key="total",
        label="Gesamt",
        count=3,
        recorded_at=timezone.now(),
    )
    _token, raw = make_token(a, Scope.READ_REGISTRATIONS)

    export = client_api.get(
        f"/api/v1/organiser/events/{event_a.pk}/export/?format=csv", **bearer(raw)
    )
    figures = client_api.get(
        f"/api/v1/organiser/events/{event_a.pk}/statistics/", **bearer(raw)
    ).json()

    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert text.count("Mustermann") == 3
    assert figures[0]["count"] == 3


def test_admin_shows_the_new_token_once(client, admin_user):
    client.force_login(admin_user)
    project = ProjectFactory()

    response = client.post(
        "/admin/api/apitoken/add/",
        {
            "project": project.pk,
            "name": "CRM",
            "scopes": ["read_public"],
            "expires_at_0": "2099-01-01",
            "expires_at_1": "00:00:00",
            "uses-TOTAL_FORMS": "0",
            "uses-INITIAL_FORMS": "0",
        },
    )

    token = ApiToken.objects.get()
    raw = response.context["raw_token"]
    assert token.token_hash == hash_token(raw)
    assert raw.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    assert (
        raw.encode()
        not in client.get(f"/admin/api/apitoken/{token.pk}/change/").content
    )
