"""Data subject rights: a copy of everything stored for an address, and erasure.

Also: personal pages are never cached, and no token or address reaches the log.
"""

import json
import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.models import (
    AccessToken,
    Answer,
    Consent,
    EmailMessage,
    Question,
    Registration,
    WorkshopBooking,
)
from participants.services.data_rights import (
    erase_personal_data,
    export_personal_data,
)
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from tests.participants.helpers import (
    MANAGE_LINK,
    link_in,
    sent_to,
    service_data,
)

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def opened(client, django_capture_on_commit_callbacks):
    """The manage page of a registration whose personal link this client opened."""

    def open_for(registration):
        with django_capture_on_commit_callbacks(execute=True):
            services.resend_links(email=registration.email)
        path = link_in(sent_to(registration.email)[-1], pattern=MANAGE_LINK)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(path).status_code == 302
        return reverse("participants:manage", args=[registration.pk])

    return open_for


def registered(event, email="ada@example.org", **data):
    """A registration made through the service, with its consent and email."""
    question = Question.objects.create(event=event, label="Anreise", kind="text")
    return services.register(
        event=event,
        data=service_data(
            email=email,
            first_name="Ada",
            answers={question: "Bahn"},
            consents={"privacy_notice": True, "photos": True},
            **data,
        ),
    )


# Export ----------------------------------------------------------------------


def test_export_holds_every_registration_of_the_address(
    django_capture_on_commit_callbacks,
):
    first, second = EventFactory(title="Erste"), EventFactory(title="Zweite")
    workshop = WorkshopFactory(event=first, code="A", title="Daten")
    with django_capture_on_commit_callbacks(execute=True):
        registered(first, workshops=[workshop])
        registered(second)
    RegistrationFactory(email="jemand@example.org", event=first)

    data = export_personal_data(email="Ada@Example.org ")

    assert data["email"] == "ada@example.org"
    assert [r["event"]["title"] for r in data["registrations"]] == ["Erste", "Zweite"]
    record = data["registrations"][0]
    assert record["first_name"] == "Ada"
    assert record["status"] == "Unbestätigt"
    assert record["workshops"][0]["workshop"] == "Workshop A: Daten"
    assert record["workshops"][0]["status"] == "Gebucht"
    assert record["answers"] == [{"question": "Anreise", "answer": "Bahn"}]
    kinds = [c["kind"] for c in record["consents"]]
    assert sorted(kinds) == [
        "Datenschutzhinweis zur Kenntnis genommen",
        "Fotos und Aufzeichnungen",
    ]
    assert all(c["text"] and c["given_at"] for c in record["consents"])
    [email] = record["emails"]
    assert (email["kind"], email["status"]) == ("Bitte bestätigen", "Gesendet")
    assert email["sent_at"]
    assert record["personal_links"][0]["purpose"] == "Anmeldung bestätigen"
    token_hash = AccessToken.objects.first().token_hash
    assert token_hash not in json.dumps(data)


def test_export_shows_the_waiting_list_place():
    event = EventFactory(capacity_onsite=1)
    RegistrationFactory(event=event)
    registered(event)

    [record] = export_personal_data(email="ada@example.org")["registrations"]

    assert record["status"] == "Warteliste"
    assert record["waiting_list_position"] == 1


def test_export_of_unknown_address_is_empty():
    assert export_personal_data(email="niemand@example.org")["registrations"] == []


def test_download_from_the_manage_page(client, opened):
    registration = RegistrationFactory(email="ada@example.org", first_name="Ada")
    RegistrationFactory(email="ada@example.org", event=EventFactory(title="Andere"))
    manage = opened(registration)
    page = client.get(manage).content.decode()
    download = reverse("participants:download_data", args=[registration.pk])
    assert download in page

    response = client.get(download)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meine-daten.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert len(data["registrations"]) == 2
    assert data["registrations"][0]["first_name"] == "Ada"


def test_download_needs_the_personal_link(client):
    registration = RegistrationFactory()

    response = client.get(reverse("participants:download_data", args=[registration.pk]))

    assert response.status_code == 403
    assert registration.email not in response.content.decode()


# Erasure ------------------------------------------------------------------------


def test_erase_cancels_frees_the_seat_and_promotes_the_next(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity_onsite=1)
    workshop = WorkshopFactory(event=event, capacity=1)
    leaving = RegistrationFactory(event=event, email="ada@example.org")
    WorkshopBookingFactory(registration=leaving, workshop=workshop)
    waiting = RegistrationFactory(event=event, status=Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        assert erase_personal_data(email="ada@example.org") == 1

    leaving.refresh_from_db()
    waiting.refresh_from_db()
    assert leaving.status == Status.CANCELLED
    assert leaving.anonymised_at is not None
    assert leaving.first_name == "Anonymisiert"
    assert waiting.status == Status.CONFIRMED
    assert sent_to(waiting.email)  # the promoted person hears of it
    assert not sent_to("ada@example.org")  # nothing goes out after erasure


def test_erase_removes_all_personal_data_of_the_address(
    django_capture_on_commit_callbacks,
):
    past = EventFactory(
        start=timezone.now() - timedelta(days=20),
        end=timezone.now() - timedelta(days=20) + timedelta(hours=8),
    )
    attended = RegistrationFactory(
        event=past, email="ada@example.org", checked_in_at=past.start
    )
    with django_capture_on_commit_callbacks(execute=True):
        registered(EventFactory())
    other = RegistrationFactory(email="bert@example.org")

    erase_personal_data(email="ada@example.org")

    attended.refresh_from_db()
    # A past event's headcount stays: the attended registration keeps its status.
    assert (attended.status, attended.checked_in_at) == (Status.CONFIRMED, past.start)
    assert Registration.objects.filter(email="ada@example.org").count() == 0
    assert Answer.objects.count() == 0
    assert AccessToken.objects.count() == 0
    assert not EmailMessage.objects.filter(recipient="ada@example.org").exists()
    assert Consent.objects.filter(registration__first_name="Ada").count() == 0
    assert export_personal_data(email="ada@example.org")["registrations"] == []
    other.refresh_from_db()
    assert other.anonymised_at is None


def test_erase_keeps_workshop_counts(django_capture_on_commit_callbacks):
    past_start = timezone.now() - timedelta(days=3)
    event = EventFactory(start=past_start, end=past_start + timedelta(hours=8))
    booking = WorkshopBookingFactory(
        registration=RegistrationFactory(event=event, email="ada@example.org")
    )

    erase_personal_data(email="ada@example.org")

    booking.refresh_from_db()
    assert booking.status == WorkshopBooking.Status.BOOKED


def test_erase_page_asks_first_then_erases_and_closes_the_session(client, opened):
    registration = RegistrationFactory(email="ada@example.org")
    manage = opened(registration)
    erase = reverse("participants:erase_data", args=[registration.pk])
    assert erase in client.get(manage).content.decode()

    question = client.get(erase)

    assert question.status_code == 200
    assert "Meine Daten löschen?" in question.content.decode()
    assert registration.event.full_title in question.content.decode()
    registration.refresh_from_db()
    assert registration.anonymised_at is None

    response = client.post(erase, follow=True)

    assert response.redirect_chain[0] == (reverse("events:event_list"), 302)
    assert "Ihre Daten sind gelöscht" in response.content.decode()
    registration.refresh_from_db()
    assert registration.anonymised_at is not None
    assert client.get(manage).status_code == 403


def test_erase_needs_the_personal_link(client):
    registration = RegistrationFactory()

    response = client.post(reverse("participants:erase_data", args=[registration.pk]))

    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.anonymised_at is None


# No caching, no secrets in URLs or logs --------------------------------------------


def test_personal_pages_are_never_stored(client, opened):
    registration = RegistrationFactory()
    manage = opened(registration)

    for path in (
        manage,
        reverse("participants:cancel", args=[registration.pk]),
        reverse("participants:calendar", args=[registration.pk]),
        reverse("participants:register", args=[registration.event.slug]),
        reverse("participants:confirm", args=["x" * 43]),
    ):
        response = client.get(path)
        assert "no-store" in response["Cache-Control"], path


def test_staff_pages_are_never_stored(admin_client):
    event = EventFactory()

    response = admin_client.get(reverse("staff:dashboard", args=[event.slug]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_public_pages_may_be_cached_by_browsers(client):
    event = EventFactory()

    response = client.get(event.get_absolute_url())

    assert "no-store" not in response.get("Cache-Control", "")


def test_personal_link_redirects_to_an_address_without_the_token(client, opened):
    registration = RegistrationFactory()

    manage = opened(registration)

    assert manage == f"/anmeldung/{registration.pk}/"


def test_token_of_a_failed_link_is_masked_in_the_log(client, caplog):
    token = "geheim" + "x" * 37

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("participants:manage_link", args=[token]))

    assert response.status_code == 404
    assert caplog.records
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert token not in logged
    assert "/anmeldung/link/***" in logged


def test_email_addresses_are_masked_in_the_log():
    from participants.log_filters import mask

    text = "Email to ada.lovelace@example.org failed; /link-anfordern/?email=a%40b.de"

    assert mask(text) == "Email to ***@*** failed; /link-anfordern/?email=***"


def test_resend_form_takes_no_address_from_the_url(client):
    response = client.get(reverse("participants:resend") + "?email=ada@example.org")

    assert 'value="ada@example.org"' not in response.content.decode()
