"""Roles scope everything to the user's projects: helpers, staff views, exports."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from core.permissions import (
    Perm,
    can_check_in,
    can_export,
    can_manage,
    can_view_registrations,
    events_for,
    projects_for,
    scope,
)
from participants.models import ExportLog, Registration, WorkshopBooking
from projects.models import ProjectMembership
from tests.factories import (
    EventFactory,
    ProjectFactory,
    RegistrationFactory,
    WorkshopBookingFactory,
)

pytestmark = pytest.mark.django_db

Role = ProjectMembership.Role


def make_user(name, *, project=None, role=None, **extra):
    user = get_user_model().objects.create_user(
        username=name, email=f"{name}@example.org", password=None, **extra
    )
    if project is not None:
        ProjectMembership.objects.create(project=project, user=user, role=role)
    return user


@pytest.fixture
def world():
    """Two projects, each with an event, an organiser and a staff member."""
    south, north = ProjectFactory(name="Südwestfalen"), ProjectFactory(name="Flensburg")
    south_event = EventFactory(host_project=south)
    north_event = EventFactory(host_project=north)
    return {
        "south": south,
        "north": north,
        "south_event": south_event,
        "north_event": north_event,
        "organiser": make_user("organiser", project=south, role=Role.ORGANISER),
        "staff": make_user("staff", project=south, role=Role.STAFF),
        "north_organiser": make_user("north", project=north, role=Role.ORGANISER),
        "nobody": make_user("nobody"),
        "superuser": make_user("root", is_superuser=True, is_staff=True),
    }


# --- The helpers ---------------------------------------------------------------


def test_superuser_has_every_right_on_every_event(world):
    for perm in Perm:
        assert set(events_for(world["superuser"], perm)) == {
            world["south_event"],
            world["north_event"],
        }


def test_organiser_manages_and_exports_only_their_projects_events(world):
    organiser = world["organiser"]

    assert list(events_for(organiser, Perm.MANAGE)) == [world["south_event"]]
    assert list(events_for(organiser, Perm.EXPORT)) == [world["south_event"]]
    assert can_manage(organiser, world["south_event"]) is True
    assert can_manage(organiser, world["north_event"]) is False
    assert can_export(organiser, world["north_event"]) is False
    assert list(projects_for(organiser, Perm.MANAGE)) == [world["south"]]


def test_staff_views_checks_in_and_exports_but_does_not_manage(world):
    staff, event = world["staff"], world["south_event"]

    assert can_view_registrations(staff, event) is True
    assert can_check_in(staff, event) is True
    assert can_export(staff, event) is True
    assert can_manage(staff, event) is False
    assert list(events_for(staff, Perm.MANAGE)) == []
    assert can_check_in(staff, world["north_event"]) is False


def test_user_without_role_anonymous_and_inactive_users_get_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    inactive = make_user("gone", project=world["south"], role=Role.ORGANISER)
    inactive.is_active = False
    inactive.save()

    for user in (world["nobody"], AnonymousUser(), inactive):
        for perm in Perm:
            assert list(events_for(user, perm)) == []
        assert can_view_registrations(user, world["south_event"]) is False


def test_scope_limits_registrations_and_bookings_by_their_event(world):
    own = WorkshopBookingFactory(registration__event=world["south_event"])
    WorkshopBookingFactory(registration__event=world["north_event"])

    registrations = scope(Registration.objects.all(), world["staff"], Perm.VIEW)
    bookings = scope(
        WorkshopBooking.objects.all(),
        world["staff"],
        Perm.VIEW,
        event_path="registration__event",
    )

    assert list(registrations) == [own.registration]
    assert list(bookings) == [own]
    assert scope(Registration.objects.all(), world["superuser"], Perm.VIEW).count() == 2


# --- Every staff view for every role --------------------------------------------

EVENT_VIEWS = [
    ("staff:dashboard", {}),
    ("staff:checkin", {}),
    ("staff:exports", {}),
    ("staff:export_download", {"format": "csv"}),
    ("staff:export_download", {"format": "xlsx"}),
    ("staff:export_download", {"format": "signin"}),
    ("staff:export_download", {"format": "badges"}),
]

ALLOWED = {  # role -> may open the pages of the Südwestfalen event
    "superuser": True,
    "organiser": True,
    "staff": True,
    "north_organiser": False,
    "nobody": False,
}


@pytest.mark.parametrize(("name", "query"), EVENT_VIEWS)
@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_staff_views_answer_each_role(client, world, name, query, who):
    RegistrationFactory(event=world["south_event"])
    client.force_login(world[who])
    url = reverse(name, kwargs={"slug": world["south_event"].slug})

    response = client.get(url, query)

    assert response.status_code == (200 if ALLOWED[who] else 403)
    if name == "staff:export_download":
        assert ExportLog.objects.count() == (1 if ALLOWED[who] else 0)


@pytest.mark.parametrize(("name", "query"), EVENT_VIEWS)
def test_staff_views_send_anonymous_visitors_to_the_login(client, world, name, query):
    url = reverse(name, kwargs={"slug": world["south_event"].slug})

    response = client.get(url, query)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unknown_event_is_404(client, world):
    client.force_login(world["superuser"])

    response = client.get(reverse("staff:dashboard", kwargs={"slug": "gibt-es-nicht"}))

    assert response.status_code == 404


def test_event_list_shows_only_the_users_events(client, world):
    client.force_login(world["staff"])

    response = client.get(reverse("staff:event_list"))

    assert response.status_code == 200
    assert world["south_event"].full_title in response.content.decode()
    assert world["north_event"].full_title not in response.content.decode()


def test_event_list_is_forbidden_without_a_role(client, world):
    client.force_login(world["nobody"])

    assert client.get(reverse("staff:event_list")).status_code == 403


def test_check_in_post_by_other_projects_organiser_is_refused(client, world):
    registration = RegistrationFactory(event=world["south_event"])
    client.force_login(world["north_organiser"])

    response = client.post(
        reverse("staff:checkin", kwargs={"slug": world["south_event"].slug}),
        {"code": str(registration.checkin_code)},
    )

    registration.refresh_from_db()
    assert response.status_code == 403
    assert registration.checked_in_at is None


def test_workshop_of_another_event_cannot_be_exported(client, world):
    other = WorkshopBookingFactory(registration__event=world["north_event"])
    client.force_login(world["staff"])

    response = client.get(
        reverse("staff:export_download", kwargs={"slug": world["south_event"].slug}),
        {"format": "csv", "workshop": other.workshop.pk},
    )

    assert response.status_code == 400
    assert ExportLog.objects.count() == 0


def test_walking_sequential_ids_finds_nothing_outside_the_users_project(client, world):
    """Staff of Südwestfalen posts 1,000 ids in a row to their own check-in page."""
    north = [RegistrationFactory(event=world["north_event"]) for _ in range(40)]
    south = [RegistrationFactory(event=world["south_event"]) for _ in range(10)]
    first = min(r.pk for r in north + south)
    client.force_login(world["staff"])
    url = reverse("staff:checkin", kwargs={"slug": world["south_event"].slug})
    north_names = {r.name for r in north}
    leaked, everything_said = [], []

    for pk in range(first, first + 1000):
        response = client.post(url, {"registration": pk})
        assert response.status_code == 302
        said = " ".join(str(m) for m in get_messages(response.wsgi_request))
        leaked += [name for name in north_names if name in said]
        everything_said.append(said)

    assert leaked == []
    assert all(any(r.name in said for said in everything_said) for r in south)
    assert (
        Registration.objects.filter(
            event=world["north_event"], checked_in_at__isnull=False
        ).count()
        == 0
    )
    assert Registration.objects.filter(
        event=world["south_event"], checked_in_at__isnull=False
    ).count() == len(south)


def test_search_never_returns_another_projects_registrations(client, world):
    RegistrationFactory(event=world["north_event"], last_name="Nordmann")
    RegistrationFactory(event=world["south_event"], last_name="Südmann")
    client.force_login(world["staff"])

    response = client.get(
        reverse("staff:checkin", kwargs={"slug": world["south_event"].slug}),
        {"q": "mann"},
    )

    page = response.content.decode()
    assert "Südmann" in page
    assert "Nordmann" not in page
