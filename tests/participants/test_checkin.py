"""Check-in at the door: by code, by search, once only, with attendance figures."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from participants.models import Registration
from projects.models import ProjectMembership
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def door(client, event):
    """A client signed in as staff of the event's project."""
    user = get_user_model().objects.create_user(
        username="einlass", email="einlass@example.org", password=None
    )
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.STAFF
    )
    client.force_login(user)
    return client


def checkin_url(event):
    return reverse("staff:checkin", kwargs={"slug": event.slug})


def scan(client, event, code):
    response = client.post(checkin_url(event), {"code": code}, follow=True)
    return response, response.content.decode()


def test_scanning_a_code_checks_the_person_in(door, event):
    registration = RegistrationFactory(event=event, first_name="Erika")

    response, page = scan(door, event, str(registration.checkin_code))

    registration.refresh_from_db()
    assert response.status_code == 200
    assert registration.checked_in_at is not None
    when = timezone.localtime(registration.checked_in_at).strftime("%H:%M")
    assert f"{registration.name} ist eingecheckt ({when} Uhr)." in page


def test_scanning_twice_says_already_checked_in_and_keeps_the_first_time(door, event):
    registration = RegistrationFactory(event=event)
    scan(door, event, str(registration.checkin_code))
    registration.refresh_from_db()
    first = registration.checked_in_at

    _response, page = scan(door, event, str(registration.checkin_code))

    registration.refresh_from_db()
    assert registration.checked_in_at == first
    when = timezone.localtime(first).strftime("%H:%M")
    assert f"{registration.name} ist bereits eingecheckt um {when} Uhr." in page


def test_a_scanned_link_containing_the_code_works(door, event):
    registration = RegistrationFactory(event=event)

    scan(door, event, f"https://example.org/anmeldung/{registration.checkin_code}/")

    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_code_of_another_event_is_not_found(door, event):
    elsewhere = RegistrationFactory(event=EventFactory(host_project=event.host_project))

    _response, page = scan(door, event, str(elsewhere.checkin_code))

    elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None
    assert "Keine Anmeldung zu dieser Veranstaltung mit diesem Code gefunden." in page


def test_garbage_code_is_explained(door, event):
    response = door.post(checkin_url(event), {"code": "hallo"})

    assert response.status_code == 400
    assert "Das ist kein gültiger Check-in-Code." in response.content.decode()


def test_waitlisted_person_cannot_be_checked_in(door, event):
    registration = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED
    )

    _response, page = scan(door, event, str(registration.checkin_code))

    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert "Die Anmeldung ist nicht bestätigt (Warteliste)." in page


def test_search_by_name_and_check_in_from_the_result(door, event):
    registration = RegistrationFactory(
        event=event, first_name="Hildegard", last_name="Sauerland"
    )
    RegistrationFactory(event=event, first_name="Otto", last_name="Ruhr")

    page = door.get(checkin_url(event), {"q": "hildegard sauer"}).content.decode()
    assert "Hildegard Sauerland" in page
    assert "Otto Ruhr" not in page

    response = door.post(
        checkin_url(event),
        {"registration": registration.pk, "q": "hildegard sauer"},
        follow=True,
    )

    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert response.redirect_chain[-1][0].endswith("?q=hildegard+sauer")
    assert "bereits eingecheckt um" in response.content.decode()


def test_attendance_figures_per_event_and_workshop(door, event):
    workshop = WorkshopFactory(event=event, code="A", title="Daten")
    present = WorkshopBookingFactory(workshop=workshop, registration__event=event)
    WorkshopBookingFactory(workshop=workshop, registration__event=event)
    RegistrationFactory(event=event)
    scan(door, event, str(present.registration.checkin_code))

    page = door.get(checkin_url(event)).content.decode()

    assert "<strong>1</strong> von 3 bestätigten Personen eingecheckt" in page
    row = page[page.index("Workshop A: Daten") :]
    cells = row[: row.index("</tr>")]
    assert '<td class="text-end">1</td><td class="text-end">2</td>' in cells
