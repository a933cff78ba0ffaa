"""Every admin list, change view, action and choice is limited to the user's
projects: superuser, organiser of A, organiser of B and staff of A on every view."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, ProgrammeItem
from participants.models import (
    Broadcast,
    EmailMessage,
    ExportLog,
    Registration,
    WorkshopBooking,
)
from tests.admin_support import (
    admin_url,
    build_side,
    build_world,
    changelist_url,
    client_for,
    post_action,
)
from tests.factories import WorkshopBookingFactory, WorkshopFactory
from workshops.models import AllocationRun, RotationPlan, TimeSlot, Workshop

pytestmark = pytest.mark.django_db

SCOPED = [
    "events.event",
    "events.programmeitem",
    "workshops.timeslot",
    "workshops.workshop",
    "workshops.allocationrun",
    "workshops.rotationplan",
    "participants.registration",
    "participants.emailmessage",
    "participants.broadcast",
    "participants.exportlog",
]

# What the staff role (the door) may open in the admin at all.
STAFF_SEES = {"events.event", "workshops.workshop", "participants.registration"}


@pytest.fixture
def world():
    return build_world()


def test_every_project_bound_admin_is_in_the_matrix():
    bound = {
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if hasattr(model_admin, "event_path")
    }
    assert bound == set(SCOPED)


@pytest.mark.parametrize("label", SCOPED)
def test_changelist_shows_each_role_only_its_projects_rows(world, label):
    own_a = admin_url(world.a.objects()[label])
    own_b = admin_url(world.b.objects()[label])

    for user, sees_a, sees_b in [
        (world.superuser, True, True),
        (world.organiser_a, True, False),
        (world.organiser_b, False, True),
        (world.staff_a, label in STAFF_SEES, False),
    ]:
        response = client_for(user).get(changelist_url(label))
        if not (sees_a or sees_b):
            assert response.status_code == 403, (user, label)
            continue
        content = response.content.decode()
        assert response.status_code == 200, (user, label)
        assert (own_a in content) is sees_a, (user, label)
        assert (own_b in content) is sees_b, (user, label)


@pytest.mark.parametrize("label", SCOPED)
@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_change_history_and_delete_views_of_another_project_give_404(
    world, label, view
):
    a_obj = world.a.objects()[label]
    url = admin_url(a_obj, view)

    response = client_for(world.organiser_b).get(url)

    assert response.status_code in (403, 404)
    assert str(a_obj) not in response.content.decode()
    assert client_for(world.superuser).get(url).status_code == 200


@pytest.mark.parametrize("label", SCOPED)
def test_organiser_opens_their_own_rows(world, label):
    response = client_for(world.organiser_a).get(admin_url(world.a.objects()[label]))

    assert response.status_code == 200


@pytest.mark.parametrize("label", SCOPED)
def test_staff_views_registrations_events_and_workshops_read_only(world, label):
    response = client_for(world.staff_a).get(admin_url(world.a.objects()[label]))

    if label not in STAFF_SEES:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in response.content.decode()


def test_staff_post_to_a_change_form_changes_nothing(world):
    registration = world.a.registration

    response = client_for(world.staff_a).post(
        admin_url(registration), {"first_name": "Geändert"}
    )

    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.first_name != "Geändert"


def test_walking_1000_registration_and_event_ids_as_b_finds_nothing_of_a(world):
    client = client_for(world.organiser_b)
    own = {
        "participants.registration": {world.b.registration.pk},
        "events.event": {world.b.event.pk},
    }
    for label, model in [
        ("participants.registration", Registration),
        ("events.event", Event),
    ]:
        start = max(1, model.objects.order_by("pk").first().pk - 500)
        found = set()
        for pk in range(start, start + 1000):
            url = changelist_url(label) + f"{pk}/change/"
            response = client.get(url)
            assert response.status_code in (200, 404), (label, pk)
            if response.status_code == 200:
                found.add(pk)
        assert found == own[label]
        a_ids = set(
            model.objects.exclude(pk__in=own[label]).values_list("pk", flat=True)
        )
        assert a_ids and a_ids <= set(range(start, start + 1000))


def test_actions_of_b_on_a_rows_change_nothing(world):
    client = client_for(world.organiser_b)
    world.a.event.status = Event.Status.DRAFT
    world.a.event.save()

    post_action(client, "events.event", "publish", [world.a.event])
    post_action(client, "events.event", "cancel", [world.a.event], apply="1")
    post_action(
        client,
        "events.event",
        "copy",
        [world.a.event],
        apply="1",
        start_date="2031-05-05",
        title="Geklaut",
        slug="geklaut",
    )
    post_action(client, "participants.registration", "cancel", [world.a.registration])
    post_action(client, "participants.registration", "check_in", [world.a.registration])
    post_action(
        client,
        "participants.registration",
        "send_message",
        [world.a.registration],
        send="1",
        subject="Spam",
        body="Spam",
    )
    post_action(client, "participants.emailmessage", "resend", [world.a.email])
    post_action(client, "workshops.allocationrun", "discard", [world.a.run])
    post_action(client, "workshops.timeslot", "allocate", [world.a.slot])
    post_action(
        client, "workshops.workshop", "delete_selected", [world.a.workshop], post="yes"
    )

    world.a.event.refresh_from_db()
    world.a.registration.refresh_from_db()
    world.a.run.refresh_from_db()
    assert world.a.event.status == Event.Status.DRAFT
    assert not Event.objects.filter(slug="geklaut").exists()
    assert world.a.registration.status == Registration.Status.CONFIRMED
    assert world.a.registration.checked_in_at is None
    assert not Broadcast.objects.filter(subject="Spam").exists()
    assert EmailMessage.objects.filter(event=world.a.event).count() == 1
    assert world.a.run.status == AllocationRun.Status.PREVIEW
    assert AllocationRun.objects.filter(time_slot=world.a.slot).count() == 1
    assert Workshop.objects.filter(pk=world.a.workshop.pk).exists()


def test_staff_checks_in_but_cannot_run_organiser_actions(world):
    client = client_for(world.staff_a)
    registration = world.a.registration

    changelist = client.get(changelist_url("participants.registration"))
    choices = [c[0] for c in changelist.context["action_form"].fields["action"].choices]
    post_action(client, "participants.registration", "cancel", [registration])
    post_action(client, "participants.registration", "check_in", [registration])

    assert choices == ["", "export", "check_in"]  # door staff export lists too
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.checked_in_at is not None


def test_autocomplete_offers_only_events_the_organiser_manages(world):
    client = client_for(world.organiser_b)

    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "workshops",
            "model_name": "workshop",
            "field_name": "event",
            "term": "Konferenz",
        },
    )

    ids = {int(r["id"]) for r in response.json()["results"]}
    assert ids == {world.b.event.pk}


def test_staff_autocomplete_offers_no_event_to_attach_things_to(world):
    response = client_for(world.staff_a).get(
        "/admin/autocomplete/",
        {
            "app_label": "participants",
            "model_name": "registration",
            "field_name": "event",
            "term": "",
        },
    )

    assert response.status_code in (403, 200)
    if response.status_code == 200:
        assert response.json()["results"] == []


def test_organiser_cannot_attach_a_workshop_to_another_projects_event(world):
    client = client_for(world.organiser_b)

    response = client.post(
        changelist_url("workshops.workshop") + "add/",
        {
            "event": world.a.event.pk,
            "title": "Untergeschoben",
            "order": 0,
            "contributions-TOTAL_FORMS": 0,
            "contributions-INITIAL_FORMS": 0,
            "stations-TOTAL_FORMS": 0,
            "stations-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "event" in response.context["adminform"].form.errors
    assert not Workshop.objects.filter(title="Untergeschoben").exists()


def test_organiser_can_pick_only_their_own_project_as_host(world):
    response = client_for(world.organiser_b).get(
        changelist_url("events.event") + "add/"
    )

    form = response.context["adminform"].form
    assert list(form.fields["host_project"].queryset) == [world.b.project]
    assert list(form.fields["parent"].queryset) == [world.b.event]


def test_registration_filters_list_only_the_users_events_and_workshops(world):
    # A filter shows from two choices on.
    WorkshopBookingFactory(registration__event=world.b.event)
    WorkshopBookingFactory(registration__event=world.a.event)
    response = client_for(world.organiser_b).get(
        changelist_url("participants.registration")
    )

    content = response.content.decode()
    assert world.b.event.title in content
    assert world.b.workshop.title in content
    assert world.a.event.title not in content
    assert world.a.workshop.title not in content


def test_admin_index_lists_for_staff_only_what_they_may_open(world):
    response = client_for(world.staff_a).get("/admin/")

    content = response.content.decode()
    assert response.status_code == 200
    assert changelist_url("participants.registration") in content
    assert changelist_url("workshops.allocationrun") not in content


def every_action():
    for label in SCOPED:
        model = apps.get_model(label)
        for name in admin.site._registry[model].actions or []:
            yield label, name
        yield label, "delete_selected"


# Everything an intermediate page could ask for, already filled in.
ACTION_FIELDS = {
    "apply": "1",
    "send": "1",
    "post": "yes",
    "start_date": "2031-05-05",
    "title": "Übernommen",
    "slug": "uebernommen",
    "subject": "Spam",
    "body": "Spam",
    "rounds": "1",
}


def snapshot():
    return {
        "events": list(
            Event.objects.order_by("pk").values_list("pk", "status", "title")
        ),
        "registrations": list(
            Registration.objects.order_by("pk").values_list(
                "pk", "status", "confirmed_at", "checked_in_at"
            )
        ),
        "bookings": list(
            WorkshopBooking.objects.order_by("pk").values_list("pk", "status")
        ),
        "runs": list(AllocationRun.objects.order_by("pk").values_list("pk", "status")),
        "plans": list(
            RotationPlan.objects.order_by("pk").values_list("pk", "updated_at")
        ),
        "counts": [
            model.objects.count()
            for model in (
                ProgrammeItem,
                TimeSlot,
                Workshop,
                EmailMessage,
                Broadcast,
                ExportLog,
            )
        ],
    }


@pytest.mark.parametrize(
    ("role", "label", "action"),
    [
        (role, label, action)
        for label, action in every_action()
        for role in ("organiser_b", "staff_a")
        # Staff checking people in at their own project's door is their job.
        if (role, action) != ("staff_a", "check_in")
    ],
)
def test_no_action_touches_another_projects_rows(world, label, action, role):
    a_obj = world.a.objects()[label]
    before = snapshot()

    response = post_action(
        client_for(getattr(world, role)), label, action, [a_obj], **ACTION_FIELDS
    )

    assert response.status_code in (200, 302, 403, 404)
    assert snapshot() == before


def test_booking_inline_offers_only_workshops_of_the_registrations_event(world):
    WorkshopFactory(event=world.b.event)

    response = client_for(world.organiser_a).get(admin_url(world.a.registration))

    formset = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is WorkshopBooking
    )
    choices = formset.formset.forms[0].fields["workshop"].queryset
    assert set(choices) == set(world.a.event.workshops.all())


def test_projects_admin_shows_organisers_only_their_own_projects(world):
    client = client_for(world.organiser_b)

    listing = client.get(changelist_url("projects.project")).content.decode()
    other = client.get(admin_url(world.a.project))

    assert admin_url(world.b.project) in listing
    assert admin_url(world.a.project) not in listing
    assert other.status_code == 404


@pytest.mark.parametrize("label", SCOPED)
def test_changelist_queries_do_not_grow_with_the_rows(world, label):
    client = client_for(world.organiser_a)
    url = changelist_url(label)
    client.get(url)  # warm caches (content types, sessions)

    with CaptureQueriesContext(connection) as few:
        before = client.get(url).context["cl"].result_count
    for n in range(3):
        build_side(f"a{n}", project=world.a.project)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.context["cl"].result_count == 4 * before
    assert len(many.captured_queries) == len(few.captured_queries)
