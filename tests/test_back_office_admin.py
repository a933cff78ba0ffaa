"""The back office in the admin: links to the staff pages, the export action, the
reminder-days field and the labels."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events.admin_forms import ReminderDaysField
from participants.models import ExportLog, Registration
from projects.models import ProjectMembership
from tests.factories import EventFactory, RegistrationFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(title="Regionalkonferenz Menden")


def signed_in(client, event, role):
    user = VerifiedUserFactory(is_staff=True)
    ProjectMembership.objects.create(project=event.host_project, user=user, role=role)
    client.force_login(user)
    return client


@pytest.fixture
def organiser(client, event):
    return signed_in(client, event, ProjectMembership.Role.ORGANISER)


def test_admin_index_links_to_the_back_office_of_each_event(organiser, event):
    page = organiser.get(reverse("admin:index")).content.decode()

    assert "Smart Cities Südwestfalen – Verwaltung" in page
    assert "Django" not in page
    for url in (
        reverse("staff:dashboard", args=[event.slug]),
        reverse("staff:exports", args=[event.slug]),
        reverse("staff:checkin", args=[event.slug]),
        f"{reverse('admin:participants_registration_changelist')}"
        f"?event__id__exact={event.pk}",
        f"{reverse('staff:export_download', args=[event.slug])}"
        "?format=badges&amp;status=confirmed",
    ):
        assert f'href="{url}"' in page


def test_event_admin_page_links_to_the_back_office(organiser, event):
    url = reverse("admin:events_event_change", args=[event.pk])

    page = organiser.get(url).content.decode()

    assert "Diese Veranstaltung betreuen" in page
    assert f'href="{reverse("staff:dashboard", args=[event.slug])}"' in page


def test_export_action_exports_the_filtered_selection_and_logs_it(organiser, event):
    confirmed = RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    changelist = reverse("admin:participants_registration_changelist")
    url = f"{changelist}?event__id__exact={event.pk}&status__exact=confirmed"

    response = organiser.post(
        url,
        {
            "action": "export",
            "_selected_action": [r.pk for r in confirmed],
            "export_format": "xlsx",
        },
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-teilnehmende.xlsx"')
    rows = list(
        load_workbook(
            io.BytesIO(b"".join(response.streaming_content))
        ).active.iter_rows(values_only=True)
    )
    assert len(rows) == 3  # header and the two selected
    log = ExportLog.objects.get()
    assert (log.export_format, log.row_count) == ("xlsx", 2)
    assert log.filters == {"status": "confirmed"}


def test_export_action_first_asks_for_the_format(organiser, event):
    registration = RegistrationFactory(event=event)

    response = organiser.post(
        reverse("admin:participants_registration_changelist"),
        {"action": "export", "_selected_action": [registration.pk]},
    )

    page = response.content.decode()
    assert "Namensschilder (PDF)" in page and "Excel (XLSX)" in page
    assert ExportLog.objects.count() == 0


def test_export_log_shows_format_names(organiser, event):
    ExportLog.objects.create(event=event, export_format="signin", row_count=3)

    page = organiser.get(reverse("admin:participants_exportlog_changelist")).content

    assert "Teilnehmendenliste (PDF)" in page.decode()


@pytest.mark.parametrize(
    ("typed", "days"),
    [("7, 1", [7, 1]), ("1;14", [14, 1]), ("", []), ("0", [0]), ([3, 1], [3, 1])],
)
def test_reminder_days_are_typed_as_numbers(typed, days):
    field = ReminderDaysField()

    assert (
        field.clean(typed if isinstance(typed, str) else field.prepare_value(typed))
        == days
    )


@pytest.mark.parametrize("typed", ["sieben", "-1", "400", "0, 3"])
def test_reminder_days_refuse_what_is_no_day(typed):
    with pytest.raises(Exception, match="Tag|keine Erinnerungen"):
        ReminderDaysField().clean(typed)
