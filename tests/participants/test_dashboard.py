"""The event dashboard: registrations over time, workshops, modes, kinds, attendance."""

import re
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
    MunicipalityFactory,
    RegistrationFactory,
    TimeSlotFactory,
    VerifiedUserFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from workshops.models import TimeSlot

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


def bar_values(page: str) -> dict[str, str]:
    """Label -> figures of the dashboard's horizontal bars."""
    return dict(
        re.findall(
            r'<span class="hbar-label">([^<]*)</span>\s*<span class="hbar-value">'
            r"([^<]*)</span>",
            page,
        )
    )


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
    assert bar_values(page)["Wissenschaft"] == "1"
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


NUMERIC_ATTRIBUTES = re.compile(r'\b(?:x|y|x1|x2|y1|y2|width|height|viewBox)="([^"]*)"')


def test_german_dashboard_svg_has_no_comma_in_any_number(organiser, event):
    today = timezone.localdate()
    for days in (9, 7, 7, 3, 0):  # odd counts give fractional bar geometry
        registered_on(event, today - timedelta(days=days))
    slot = TimeSlotFactory(event=event, allocation=TimeSlot.Allocation.PREFERENCE)
    workshop = WorkshopFactory(event=event, time_slot=slot, capacity=7)
    for registration in event.registrations.all()[:3]:
        WorkshopBookingFactory(
            registration=registration,
            workshop=workshop,
            status="requested",
            preference_rank=1,
        )

    response = organiser.get(
        reverse("staff:dashboard", kwargs={"slug": event.slug}),
        HTTP_ACCEPT_LANGUAGE="de",
    )

    page = response.content.decode()
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    numbers = [value for svg in svgs for value in NUMERIC_ATTRIBUTES.findall(svg)]
    assert '<html lang="de"' in page
    assert len(svgs) > 3 and len(numbers) > 20
    assert [value for value in numbers if "," in value] == []
    assert any("." in value for value in numbers)  # fractions are there, with '.'


def test_dashboard_shows_wishes_by_rank_before_the_allocation(organiser, event):
    slot = TimeSlotFactory(event=event, allocation=TimeSlot.Allocation.PREFERENCE)
    wanted = WorkshopFactory(
        event=event, time_slot=slot, code="A", title="Daten", capacity=2
    )
    other = WorkshopFactory(
        event=event, time_slot=slot, code="B", title="Mobilität", capacity=10
    )
    for n in range(3):
        registration = RegistrationFactory(event=event)
        first, second = (wanted, other) if n < 2 else (other, wanted)
        for rank, workshop in ((1, first), (2, second)):
            WorkshopBookingFactory(
                registration=registration,
                workshop=workshop,
                status="requested",
                preference_rank=rank,
            )

    response = organiser.get(reverse("staff:dashboard", kwargs={"slug": event.slug}))

    page = response.content.decode()
    assert "Workshops: Wünsche vor der Zuteilung" in page
    wishes = page[
        page.index('id="wishes-heading"') : page.index('id="seat-bars-heading"')
    ]
    bars = bar_values(wishes)
    assert bars["Workshop A: Daten"] == "2 erste, 3 alle Wünsche · 2 Plätze"
    assert bars["Workshop B: Mobilität"] == "1 erste, 3 alle Wünsche · 10 Plätze"


def test_dashboard_shows_participants_by_municipality(organiser, event):
    soest, olpe = MunicipalityFactory(name="Soest"), MunicipalityFactory(name="Olpe")
    for place in (soest, soest, olpe):
        RegistrationFactory(event=event, municipality=place)

    response = organiser.get(reverse("staff:dashboard", kwargs={"slug": event.slug}))

    bars = bar_values(response.content.decode())
    assert (bars["Soest"], bars["Olpe"]) == ("2", "1")


def test_staff_land_on_their_events_after_signing_in(client, event):
    user = VerifiedUserFactory(email="einlass@example.org", password="Ein-Lass-2026!")
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.STAFF
    )

    response = client.post(
        reverse("account_login"),
        {"login": "einlass@example.org", "password": "Ein-Lass-2026!"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:event_list")


def test_sign_in_still_follows_next(client, event):
    user = VerifiedUserFactory(email="orga@example.org", password="Orga-Nise-2026!")
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.ORGANISER
    )
    target = reverse("staff:checkin", kwargs={"slug": event.slug})

    response = client.post(
        f"{reverse('account_login')}?next={target}",
        {"login": "orga@example.org", "password": "Orga-Nise-2026!"},
    )

    assert response["Location"] == target


def test_citizen_lands_where_login_redirect_url_says(client, settings, db):
    VerifiedUserFactory(email="erika@example.org", password="Erika-Muster-2026!")

    response = client.post(
        reverse("account_login"),
        {"login": "erika@example.org", "password": "Erika-Muster-2026!"},
    )

    assert response["Location"] == settings.LOGIN_REDIRECT_URL
