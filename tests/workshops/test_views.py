"""Printable plan pages and the allocation preview."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from events.models import ProgrammeItem
from participants.models import WorkshopBooking
from projects.models import ProjectMembership
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    ProgrammeItemFactory,
    ProjectFactory,
    RegistrationFactory,
    StationFactory,
    TimeSlotFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import TimeSlot

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser(
        "orga", "orga@example.org", "pw-orga-123"
    )
    client.force_login(user)
    return user


def speeddating(people):
    event = EventFactory(capacity_onsite=500)
    item = ProgrammeItemFactory(
        event=event, kind=ProgrammeItem.Kind.NETWORKING, title="Speeddating"
    )
    town = MunicipalityFactory(name="Iserlohn")
    for i in range(people):
        RegistrationFactory(
            event=event,
            last_name=f"Person{i:03d}",
            municipality=town if i % 2 else None,
        )
    services.build_speeddating_plan(programme_item=item, rounds=3)
    return item


def test_plan_pages_need_a_login_of_the_events_team(client):
    item = speeddating(4)
    url = reverse("workshops:speeddating_plan", args=[item.pk])

    anonymous = client.get(url)
    client.force_login(get_user_model().objects.create_user("someone", is_staff=True))
    outsider = client.get(url)

    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    assert outsider.status_code == 404


@pytest.mark.parametrize(
    ("role", "own_project", "status"),
    [
        (ProjectMembership.Role.ORGANISER, True, 200),
        (ProjectMembership.Role.STAFF, True, 200),
        (ProjectMembership.Role.ORGANISER, False, 404),
    ],
)
def test_plan_pages_are_limited_to_the_events_project(
    client, role, own_project, status
):
    item = speeddating(4)
    cafe = StationFactory(workshop__event=item.event).workshop
    services.build_world_cafe_plan(workshop=cafe)
    project = item.event.host_project if own_project else ProjectFactory()
    user = get_user_model().objects.create_user("member", is_staff=True)
    ProjectMembership.objects.create(project=project, user=user, role=role)
    client.force_login(user)

    responses = [
        client.get(reverse("workshops:speeddating_plan", args=[item.pk])),
        client.get(reverse("workshops:world_cafe_plan", args=[cafe.pk])),
    ]

    assert [r.status_code for r in responses] == [status, status]


def test_speeddating_page_shows_a_table_per_round_and_a_seating_sheet(client, staff):
    item = speeddating(5)

    response = client.get(reverse("workshops:speeddating_plan", args=[item.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    for number in (1, 2, 3):
        assert f"<caption>Runde {number}</caption>" in html
    assert "Person000, Erika" in html
    assert "css/print.css" in html


def test_speeddating_page_query_count_does_not_grow_with_people(
    client, staff, django_assert_max_num_queries
):
    small, large = speeddating(6), speeddating(40)
    with django_assert_max_num_queries(8) as small_queries:
        client.get(reverse("workshops:speeddating_plan", args=[small.pk]))
    with django_assert_max_num_queries(len(small_queries)):
        client.get(reverse("workshops:speeddating_plan", args=[large.pk]))


def test_speeddating_page_without_a_plan_says_so(client, staff):
    item = ProgrammeItemFactory(kind=ProgrammeItem.Kind.NETWORKING)

    response = client.get(reverse("workshops:speeddating_plan", args=[item.pk]))

    assert "noch keinen Plan" in response.content.decode()


def test_world_cafe_page_shows_stations_per_round(client, staff):
    cafe = WorkshopFactory(title="World Café")
    for title in ("Mobilität", "Energie", "Bildung"):
        StationFactory(workshop=cafe, title=title)
    for _ in range(7):
        WorkshopBookingFactory(
            registration=RegistrationFactory(event=cafe.event), workshop=cafe
        )
    services.build_world_cafe_plan(workshop=cafe)

    response = client.get(reverse("workshops:world_cafe_plan", args=[cafe.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Gruppe 3 (2 Personen)" in html
    assert html.count("<td>Mobilität</td>") == 3  # each group once


def test_allocation_preview_lists_ranks_and_who_got_nothing(client, staff):
    slot = TimeSlotFactory(allocation=TimeSlot.Allocation.PREFERENCE)
    x = WorkshopFactory(event=slot.event, time_slot=slot, code="A", capacity=1)
    WorkshopFactory(event=slot.event, time_slot=slot, code="B", capacity=5)
    for name in ("Früh", "Spät"):
        WorkshopBookingFactory(
            registration=RegistrationFactory(event=slot.event, last_name=name),
            workshop=x,
            status=WorkshopBooking.Status.REQUESTED,
            preference_rank=1,
        )
    run = services.preview_allocation(time_slot=slot, allow_unranked=False)

    response = client.get(reverse("workshops:allocation_preview", args=[run.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "1. Wunsch" in html
    assert "Alle gewünschten Workshops sind voll." in html
