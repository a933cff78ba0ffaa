"""Arbitrary input never breaks the form: no 500, and nothing invalid is saved."""

import unicodedata

import pytest
from django.core.validators import validate_email
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import event as note
from hypothesis import strategies as st

from participants.models import Needs, Registration
from tests.factories import EventFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

names = st.one_of(st.text(max_size=120), st.sampled_from(["Anna", "Jürgen", "李"]))
emails = st.one_of(st.emails(), st.text(max_size=300))
kinds = st.one_of(st.sampled_from(["administration", "press"]), st.text(max_size=30))


@pytest.fixture
def event(settings):
    settings.RATELIMIT_ENABLE = False
    event = EventFactory(capacity_onsite=3)
    WorkshopFactory(event=event, capacity=1)
    return event


def clean_line(value: str) -> bool:
    return not any(unicodedata.category(ch)[0] == "C" for ch in value)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    first_name=names,
    last_name=names,
    email=emails,
    organisation=st.text(max_size=250),
    kind=kinds,
    notes=st.text(max_size=2100),
    workshop=st.text(max_size=10),
    privacy=st.sampled_from(["on", "", "x"]),
)
def test_arbitrary_input_never_500_and_never_saves_invalid_rows(
    event, first_name, last_name, email, organisation, kind, notes, workshop, privacy
):
    path = reverse("participants:register", kwargs={"slug": event.slug})
    slot = f"slot_{event.workshops.get().time_slot_id}"
    response = Client().post(
        path,
        {
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "organisation": organisation,
            "participant_kind": kind,
            "needs_notes": notes,
            "consent_health_data": "on",
            slot: workshop,
            "privacy_notice": privacy,
        },
    )

    note(f"status {response.status_code}")
    assert response.status_code in (302, 400, 409)
    for registration in Registration.objects.all():
        for value, limit in (
            (registration.first_name, 100),
            (registration.last_name, 100),
            (registration.email, 254),
            (registration.organisation, 200),
        ):
            assert clean_line(value)
            assert len(value) <= limit
        assert registration.first_name and registration.last_name
        validate_email(registration.email)
        assert registration.participant_kind in ("administration", "press")
        needs = Needs.objects.filter(registration=registration).first()
        assert needs is None or len(needs.notes) <= 2000
        assert registration.consents.filter(kind="privacy_notice").exists()
