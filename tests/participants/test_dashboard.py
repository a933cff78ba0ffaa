"""The event dashboard: registrations over time, workshops, modes, kinds, attendance."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from participants.models import ParticipantKind, Registration
from participants.staff.dashboard import registrations_per_day
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
def organiser(client, event):
    user = get_user_model().objects.create_user(
        username="orga", email="orga@example.org", password=None
    )
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.ORGANISER
    )
    client.force_login(user)
    return client


def registered_on(event, day, **fields):
    registration = RegistrationFactory(event=event, **fields)
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time())) + (
        timedelta(hours=12)
    )
    Registration.objects.filter(pk=registration.pk).update(created_at=moment)
    return registration


def test_registrations_per_day_fills_the_quiet_days(event):
    today = timezone.localdate()
    registered_on(event, today - timedelta(days=3))
    registered_on(event, today - timedelta(days=3))
    registered_on(event, today - timedelta(days=1))

    series = registrations_per_day(event=event)

    assert series == [
        (today - timedelta(days=3), 2),
        (today - timedelta(days=2), 0),
        (today - timedelta(days=1), 1),
    ]


def test_dashboard_shows_chart_table_modes_kinds_workshops_and_attendance(
    organiser, event
):
    today = timezone.localdate()
    registered_on(event, today - timedelta(days=2))
    registered_on(
        event,
        today - timedelta(days=1),
        mode=Registration.Mode.ONLINE,
        participant_kind=ParticipantKind.RESEARCH,
    )
    registered_on(event, today, status=Registration.Status.WAITLISTED)
    workshop = WorkshopFactory(event=event, code="A", title="Daten", capacity=12)
    booking = WorkshopBookingFactory(workshop=workshop, registration__event=event)
    Registration.objects.filter(pk=booking.registration_id).update(
        checked_in_at=timezone.now()
    )

    response = organiser.get(reverse("staff:dashboard", kwargs={"slug": event.slug}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "4 Anmeldungen insgesamt." in page
    assert page.count('class="chart-bar"') == 3  # three days with a bar each
    assert '<svg viewBox="0 0 720 240" role="img"' in page
    assert '<title id="chart-title">Neue Anmeldungen pro Tag</title>' in page
    # The table under the chart: day, new, running total.
    assert '<td class="text-end">2</td><td class="text-end">4</td>' in page  # today
    assert '<th scope="row">Online</th><td class="text-end">1</td>' in page
    assert '<th scope="row">Vor Ort</th><td class="text-end">2</td>' in page
    assert '<th scope="row">Wissenschaft</th><td class="text-end">1</td>' in page
    assert '<th scope="row">Warteliste</th><td class="text-end">1</td>' in page
    assert 'max="12" high="12" value="1"' in page
    assert "1 von 3 bestätigten Personen eingecheckt" in page


def test_dashboard_queries_do_not_grow_with_registrations(
    organiser, event, django_assert_max_num_queries
):
    url = reverse("staff:dashboard", kwargs={"slug": event.slug})
    for n in range(3):
        WorkshopFactory(event=event, code=f"W{n}")
    RegistrationFactory(event=event)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        organiser.get(url)
    for _ in range(30):
        WorkshopBookingFactory(
            registration__event=event, workshop=event.workshops.first()
        )

    with django_assert_max_num_queries(len(few)):
        organiser.get(url)


def test_staff_member_sees_dashboard_but_not_another_projects(client, event):
    other = EventFactory()
    user = get_user_model().objects.create_user(
        username="einlass", email="einlass@example.org", password=None
    )
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.STAFF
    )
    client.force_login(user)

    own = client.get(reverse("staff:dashboard", kwargs={"slug": event.slug}))
    foreign = client.get(reverse("staff:dashboard", kwargs={"slug": other.slug}))

    assert own.status_code == 200
    assert foreign.status_code == 403


def test_dashboard_counts_lapsed_holds_as_no_seat_at_the_event_or_workshop(
    organiser, event
):
    now = timezone.now()
    event.capacity_onsite = 10
    event.save()
    workshop = WorkshopFactory(event=event, code="A", title="Daten", capacity=12)
    people = [
        RegistrationFactory(event=event),
        RegistrationFactory(event=event),
        RegistrationFactory(
            event=event,
            status=Registration.Status.PENDING,
            confirmed_at=None,
            hold_expires_at=now + timedelta(minutes=20),
        ),
        RegistrationFactory(
            event=event,
            status=Registration.Status.PENDING,
            confirmed_at=None,
            hold_expires_at=now - timedelta(minutes=1),
        ),
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED),
    ]
    for person in people:
        WorkshopBookingFactory(workshop=workshop, registration=person)

    response = organiser.get(reverse("staff:dashboard", kwargs={"slug": event.slug}))

    page = response.content.decode()
    seats = (
        '<th scope="row">Vor Ort</th><td class="text-end">3</td>'
        '<td class="text-end">10</td><td class="text-end">1</td>'
    )
    assert seats in page
    assert '<th scope="row">Unbestätigt</th><td class="text-end">1</td>' in page
    assert '<th scope="row">Verfallen</th><td class="text-end">1</td>' in page
    assert 'max="12" high="12" value="3"' in page
