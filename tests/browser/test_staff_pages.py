"""Staff in Chromium: sign in, check people in on a phone, download an export."""

import re

import pytest
from openpyxl import load_workbook

from participants.models import ExportLog, Registration
from projects.models import ProjectMembership
from tests.browser.conftest import assert_accessible
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    VerifiedUserFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Einlass-Südwestfalen-2026"


@pytest.fixture
def event():
    event = EventFactory(title="Smart-City-Tagung")
    workshop = WorkshopFactory(event=event, code="A", title="Daten im Quartier")
    WorkshopBookingFactory(
        workshop=workshop,
        registration__event=event,
        registration__first_name="Hildegard",
        registration__last_name="Sauerland",
        registration__organisation="Kreis Soest",
    )
    for n in range(5):
        RegistrationFactory(event=event, last_name=f"Muster{n}")
    user = VerifiedUserFactory(
        username="einlass", email="einlass@example.org", password=PASSWORD
    )
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.STAFF
    )
    return event


def sign_in(page, path):
    """Open a staff page, get sent to the login, sign in, come back."""
    page.goto(path)
    page.get_by_label(re.compile("^E-Mail")).fill("einlass@example.org")
    page.get_by_label(re.compile("^Passwort")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^Einloggen")).click()
    page.wait_for_url(re.compile(re.escape(path) + r"$"))


def test_staff_checks_people_in_on_a_phone(phone_page, event):
    page = phone_page
    sign_in(page, f"/staff/{event.slug}/checkin/")

    assert_accessible(page)
    page.get_by_label("Name, Organisation oder Code").fill("Sauerland")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_role("button", name="Hildegard Sauerland einchecken").click()

    alert = page.locator(".messages .alert-success")
    assert re.fullmatch(
        r"Hildegard Sauerland ist eingecheckt \(\d\d:\d\d Uhr\)\.", alert.inner_text()
    )
    assert page.get_by_text(re.compile("bereits eingecheckt um")).count() == 1
    assert_accessible(page)

    other = Registration.objects.get(last_name="Muster0")
    for _ in range(2):
        page.get_by_label("Check-in-Code").fill(str(other.checkin_code))
        page.get_by_role("button", name="Einchecken", exact=True).click()

    assert re.fullmatch(
        r"Erika\d+ Muster0 ist bereits eingecheckt um \d\d:\d\d Uhr\.",
        page.locator(".messages .alert", has_text="bereits eingecheckt").inner_text(),
    )
    assert (
        "2 von 6 bestätigten Personen eingecheckt"
        in page.locator(".checkin-count").inner_text()
    )
    assert page.viewport_size["width"] == 390
    # Nothing wider than the phone: no sideways scrolling at the door.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_staff_downloads_the_excel_list(page, event, tmp_path):
    sign_in(page, f"/staff/{event.slug}/exports/")
    assert_accessible(page)

    page.get_by_label("Workshop").select_option(label="Workshop A: Daten im Quartier")
    with page.expect_download() as info:
        page.get_by_role("button", name="Excel (XLSX)").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert download.suggested_filename == f"{event.slug}-teilnehmende-workshop-A.xlsx"
    assert [row[1:3] for row in rows[1:]] == [("Sauerland", "Hildegard")]
    assert ExportLog.objects.get().row_count == 1


def test_dashboard_is_accessible(page, event):
    sign_in(page, f"/staff/{event.slug}/")

    assert page.get_by_role("img", name="Neue Anmeldungen pro Tag").is_visible()
    page.get_by_text("Zahlen als Tabelle").click()
    assert_accessible(page)
