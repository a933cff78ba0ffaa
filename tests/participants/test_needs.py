"""Needs as special-category data: own consent, organisers only, totals, deletion."""

import io
import logging
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.permissions import Perm, has_perm
from participants import services
from participants.models import Consent, Need, Needs, Registration
from participants.services.retention import delete_due_needs
from participants.staff.dashboard import needs_totals
from projects.models import ProjectMembership
from projects.roles import permissions_for_roles
from tests.factories import EventFactory, RegistrationFactory
from tests.participants.helpers import form_data, service_data

pytestmark = pytest.mark.django_db

Role = ProjectMembership.Role


def member(client, event, role, name):
    user = get_user_model().objects.create_user(
        username=name, email=f"{name}@example.org", password=None
    )
    ProjectMembership.objects.create(project=event.host_project, user=user, role=role)
    client.force_login(user)
    return user


def with_needs(registration, **fields):
    return Needs.objects.create(registration=registration, **fields)


# The consent rule ----------------------------------------------------------------


def test_form_need_without_consent_is_refused_in_german_and_saves_nothing(client):
    event = EventFactory()
    path = reverse("participants:register", kwargs={"slug": event.slug})

    response = client.post(path, form_data(needs=["step_free"], allergies="Nüsse"))

    assert response.status_code == 400
    assert "Bitte willigen Sie in die Verarbeitung" in response.content.decode()
    assert Registration.objects.count() == 0
    assert Needs.objects.count() == 0


def test_service_need_without_consent_is_refused_and_saves_nothing():
    event = EventFactory()

    with pytest.raises(services.HealthDataConsentMissing) as raised:
        services.register(event=event, data=service_data(needs_notes="Rollstuhl"))

    assert "ohne Einwilligung speichern wir nichts" in str(raised.value.message)
    assert Registration.objects.count() == 0
    assert Needs.objects.count() == 0


def test_need_with_consent_is_saved_with_its_consent_text_and_version(client):
    event = EventFactory()
    path = reverse("participants:register", kwargs={"slug": event.slug})
    data = form_data(
        needs=["sign_language", "vegan"],
        allergies="Nüsse",
        consent_health_data="on",
    )

    response = client.post(path, data)

    assert response.status_code == 302
    needs = Needs.objects.get()
    assert (needs.sign_language, needs.vegan, needs.step_free) == (True, True, False)
    assert needs.allergies == "Nüsse"
    consent = Consent.objects.get(kind=Consent.Kind.HEALTH_DATA)
    assert consent.text_version == Consent.TEXTS[Consent.Kind.HEALTH_DATA][0]
    assert consent.registration == needs.registration


def test_no_needs_means_no_row_and_no_health_consent(client):
    event = EventFactory()
    path = reverse("participants:register", kwargs={"slug": event.slug})

    response = client.post(path, form_data())

    assert response.status_code == 302
    assert Needs.objects.count() == 0
    assert not Consent.objects.filter(kind=Consent.Kind.HEALTH_DATA).exists()


def test_health_consent_checkbox_is_never_pre_ticked(client):
    event = EventFactory()

    page = client.get(
        reverse("participants:register", kwargs={"slug": event.slug})
    ).content.decode()

    box = page.split('name="consent_health_data"')[1].split(">")[0]
    assert "checked" not in box


def test_withdrawing_the_health_consent_deletes_the_needs():
    registration = RegistrationFactory()
    with_needs(registration, vegan=True)
    Consent.objects.create(
        registration=registration,
        kind=Consent.Kind.HEALTH_DATA,
        text_version="2026-1",
        text="…",
        given_at=timezone.now(),
    )

    services.withdraw_consent(registration=registration, kind="health_data")

    assert Needs.objects.count() == 0


# Who sees needs ------------------------------------------------------------------


def test_door_staff_have_no_needs_permission_and_organisers_do(client):
    event = EventFactory()
    door = member(client, event, Role.STAFF, "einlass")
    organiser = get_user_model().objects.create_user(username="orga", password=None)
    ProjectMembership.objects.create(
        project=event.host_project, user=organiser, role=Role.ORGANISER
    )

    assert has_perm(door, event, Perm.VIEW_NEEDS) is False
    assert has_perm(organiser, event, Perm.VIEW_NEEDS) is True
    assert "participants.view_needs" not in permissions_for_roles([Role.STAFF])
    assert "participants.view_needs" in permissions_for_roles([Role.ORGANISER])


def test_dashboard_shows_totals_to_organisers_only(client):
    event = EventFactory()
    with_needs(RegistrationFactory(event=event), vegan=True)
    dashboard = reverse("staff:dashboard", kwargs={"slug": event.slug})

    member(client, event, Role.STAFF, "einlass")
    door_page = client.get(dashboard).content.decode()
    member(client, event, Role.ORGANISER, "orga")
    organiser_page = client.get(dashboard).content.decode()

    assert "Bedarfe: Gesamtzahlen" not in door_page
    assert "Bedarfe: Gesamtzahlen" in organiser_page


def test_checkin_page_shows_no_needs_to_door_staff(client):
    event = EventFactory()
    registration = RegistrationFactory(event=event, first_name="Erika")
    with_needs(registration, allergies="Erdnussallergie", notes="Rollstuhl")
    member(client, event, Role.STAFF, "einlass")

    page = client.get(
        reverse("staff:checkin", kwargs={"slug": event.slug}), {"q": "Erika"}
    ).content.decode()

    assert registration.name in page
    assert "Erdnussallergie" not in page
    assert "Rollstuhl" not in page


def exported_text(response, export_format) -> str:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    if export_format == "csv":
        return content.decode("utf-8-sig")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return "\n".join(
        " ".join(str(value) for value in row if value is not None)
        for row in sheet.iter_rows(values_only=True)
    )


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_exports_do_not_contain_needs(client, export_format):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    with_needs(registration, allergies="Erdnussallergie", notes="Rollstuhl")
    member(client, event, Role.ORGANISER, "orga")

    response = client.get(
        reverse("staff:export_download", kwargs={"slug": event.slug}),
        {"format": export_format, "status": "confirmed"},
    )
    text = exported_text(response, export_format)

    assert response.status_code == 200
    assert registration.first_name in text
    assert "Erdnussallergie" not in text
    assert "Rollstuhl" not in text
    assert "Barrierefreiheit" not in text


# Totals --------------------------------------------------------------------------


def test_totals_count_people_holding_a_seat_only():
    event = EventFactory()
    with_needs(RegistrationFactory(event=event), vegan=True, sign_language=True)
    with_needs(RegistrationFactory(event=event), vegan=True, allergies="Nüsse")
    with_needs(RegistrationFactory(event=event), vegetarian=True, step_free=True)
    with_needs(
        RegistrationFactory(event=event, status=Registration.Status.CANCELLED),
        vegan=True,
    )
    with_needs(
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED),
        sign_language=True,
    )
    with_needs(RegistrationFactory(), vegan=True)  # another event

    totals = Needs.objects.totals(event=event)
    shown = needs_totals(event=event)

    assert totals == {
        Need.STEP_FREE: 1,
        Need.SIGN_LANGUAGE: 1,
        Need.INDUCTION_LOOP: 0,
        Need.ASSISTANCE: 0,
        Need.VEGETARIAN: 1,
        Need.VEGAN: 2,
        "allergies": 1,
    }
    assert dict(shown["catering"]) == {
        "Vegetarisches Essen": 1,
        "Veganes Essen": 2,
        "Allergien und Unverträglichkeiten": 1,
    }
    assert dict(shown["access"])["Gebärdensprachdolmetschung"] == 1


# Deletion ------------------------------------------------------------------------


def ended(days_ago: float):
    end = timezone.now() - timedelta(days=days_ago)
    return EventFactory(
        start=end - timedelta(hours=8),
        end=end,
        registration_opens=end - timedelta(days=30),
        registration_closes=end - timedelta(days=1),
    )


def test_deletion_removes_needs_at_day_14_and_leaves_the_rest(settings, caplog):
    settings.NEEDS_RETENTION_DAYS = 14
    due, recent = ended(14), ended(13)
    old = RegistrationFactory(event=due, first_name="Erika")
    with_needs(old, vegan=True, notes="Rollstuhl")
    with_needs(RegistrationFactory(event=recent), vegan=True)

    with caplog.at_level(logging.INFO, logger="participants.services.retention"):
        result = delete_due_needs()

    assert result == {due.pk: 1}
    assert list(Needs.objects.values_list("registration__event", flat=True)) == [
        recent.pk
    ]
    old.refresh_from_db()
    assert old.first_name == "Erika"  # the registration itself stays
    assert old.anonymised_at is None
    assert f"needs deleted: event={due.pk} count=1" in caplog.text
    assert "Erika" not in caplog.text and "Rollstuhl" not in caplog.text
    assert delete_due_needs() == {}


def test_deletion_task_and_beat_entry_exist(settings):
    from participants import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["participants-delete-due-needs"]
    due = ended(20)
    with_needs(RegistrationFactory(event=due), vegan=True)

    assert entry["task"] == "participants.tasks.delete_due_needs"
    assert tasks.delete_due_needs() == {str(due.pk): 1}
