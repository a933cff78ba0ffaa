"""The group registration page: one form, each colleague confirms on their own."""

import pytest
from django.urls import reverse

from participants.models import Registration
from tests.factories import EventFactory
from tests.participants.helpers import CONFIRM_LINK, form_data, link_in, sent_to
from tests.visible_text import visible_texts

pytestmark = pytest.mark.django_db

Status = Registration.Status


def group_url(event):
    return reverse("participants:register_group", kwargs={"slug": event.slug})


def colleague(row, first, email):
    return {
        f"colleague_{row}_first_name": first,
        f"colleague_{row}_last_name": "Beispiel",
        f"colleague_{row}_email": email,
    }


@pytest.fixture
def submit_group(client, django_capture_on_commit_callbacks):
    def submit(event, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(group_url(event), form_data(**data))

    return submit


def test_group_of_three_on_two_seats_holds_two_and_mails_each_their_own_link(
    submit_group,
):
    event = EventFactory(capacity_onsite=2)

    response = submit_group(
        event,
        email="leitung@example.org",
        **colleague(1, "Ada", "ada@example.org"),
        **colleague(3, "Bea", "bea@example.org"),
    )

    assert response.status_code == 302
    people = Registration.objects.filter(event=event).order_by("queued_at", "pk")
    assert [(r.email, r.status) for r in people] == [
        ("leitung@example.org", Status.PENDING),
        ("ada@example.org", Status.PENDING),
        ("bea@example.org", Status.WAITLISTED),
    ]
    assert "liste=warten" not in response["Location"]  # the lead holds a seat
    links = {
        address: link_in(sent_to(address)[0], pattern=CONFIRM_LINK)
        for address in ("leitung@example.org", "ada@example.org", "bea@example.org")
    }
    assert len(set(links.values())) == 3


def test_half_filled_row_or_no_colleague_is_refused_in_german_and_saves_nothing(
    client, submit_group
):
    event = EventFactory()

    half = submit_group(event, colleague_1_first_name="Ada")
    alone = submit_group(event)

    assert (half.status_code, alone.status_code) == (400, 400)
    assert "Bitte Vorname, Nachname und E-Mail-Adresse angeben." in (
        half.content.decode()
    )
    assert "mindestens eine weitere Person" in alone.content.decode()
    assert not Registration.objects.exists()


def test_registration_form_offers_the_group_page(client):
    event = EventFactory()

    page = " ".join(
        visible_texts(
            client.get(
                reverse("participants:register", kwargs={"slug": event.slug})
            ).content.decode()
        )
    )
    group_page = " ".join(visible_texts(client.get(group_url(event)).content.decode()))

    assert "Mehrere Personen auf einmal anmelden" in page
    assert "Gruppenanmeldung" in group_page
    assert "Person 2" in group_page
