"""Accessibility proven: axe-core (WCAG 2.1 A/AA) on every public page, the
registration form with its errors, the personal pages, the legal pages and the
check-in page; and a whole registration with the keyboard alone.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from participants.models import Registration
from projects.models import Municipality, Project, ProjectMembership
from tests.browser.conftest import assert_accessible
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    TimeSlotFactory,
    VerifiedUserFactory,
    WorkshopFactory,
)
from tests.participants.helpers import CONFIRM_LINK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_public_page_of_the_demo_site(page):
    call_command("load_demo", verbosity=0)
    events = Event.objects.visible()
    paths = ["/", "/en/", "/?format=online", "/projekte/", "/kommunen/"]
    paths += [event.get_absolute_url() for event in events]
    paths += ["/en" + events.first().get_absolute_url()]
    paths += [project.get_absolute_url() for project in Project.objects.all()[:3]]
    paths += [town.get_absolute_url() for town in Municipality.objects.all()[:3]]
    paths += ["/datenschutz/", "/impressum/", "/barrierefreiheit/", "/en/datenschutz/"]
    paths += ["/anmeldung/link-anfordern/", "/gibt-es-nicht/"]
    open_event = next(e for e in events if e.registration_is_open())
    paths += [f"/anmelden/{open_event.slug}/"]

    checked = []
    for path in paths:
        response = page.goto(path)
        assert response.status in (200, 404), path
        assert_accessible(page)
        checked.append(path)
    assert len(checked) == len(paths) >= 20


@pytest.fixture
def conference():
    event = EventFactory(title="Regionalkonferenz Digitale Dörfer", capacity_onsite=80)
    slot = TimeSlotFactory(event=event, label="Nachmittag")
    WorkshopFactory(event=event, time_slot=slot, code="A", title="Offene Daten")
    WorkshopFactory(event=event, time_slot=slot, code="B", title="Mobilität")
    return event


def open_personal_page(page, email):
    [message] = [m for m in mail.outbox if m.to == [email]]
    page.goto(CONFIRM_LINK.search(message.body).group(1))
    page.wait_for_url(re.compile(r"/anmeldung/\d+/$"))


def test_personal_pages_and_the_data_rights(page, conference):
    page.goto(f"/anmelden/{conference.slug}/")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_text("Bitte prüfen Sie Ihre Angaben").is_visible()
    assert_accessible(page)  # the form with its error messages

    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("Nachname").fill("Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Ich nehme teil als").select_option(label="Presse")
    page.get_by_label("Ich habe den Datenschutzhinweis zur Kenntnis genommen").check()
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fast")
    assert_accessible(page)  # "check your inbox"

    open_personal_page(page, "erika@example.org")
    assert_accessible(page)  # self-service page with its data section

    with page.expect_download() as download:
        page.get_by_role("link", name="Meine Daten herunterladen").click()
    assert download.value.suggested_filename == "meine-daten.json"

    page.get_by_role("link", name="Anmeldung stornieren").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nein, zurück zu meiner Anmeldung").click()

    page.get_by_role("link", name="Meine Daten löschen").click()
    assert page.get_by_role("heading", name="Meine Daten löschen?").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, meine Daten endgültig löschen").click()
    assert page.get_by_text("Ihre Daten sind gelöscht.").is_visible()
    assert_accessible(page)
    registration = Registration.objects.get()
    assert registration.anonymised_at is not None


def test_link_error_pages(page):
    page.goto("/anmeldung/link/" + "x" * 43 + "/")
    assert page.get_by_role("heading", name="Link ungültig").is_visible()
    assert_accessible(page)


def test_expired_form_page(page, conference):
    page.goto(f"/anmelden/{conference.slug}/")
    page.context.clear_cookies()  # as when the CSRF cookie is blocked or gone

    page.get_by_role("button", name="Anmelden").click()

    heading = "Bitte senden Sie das Formular noch einmal"
    assert page.get_by_role("heading", name=heading).is_visible()
    assert Registration.objects.count() == 0
    assert_accessible(page)


def test_checkin_page_for_staff(page, conference):
    RegistrationFactory(event=conference, first_name="Hildegard", last_name="Sauer")
    user = VerifiedUserFactory(
        username="einlass", email="einlass@example.org", password="Einlass-2026-xyz"
    )
    ProjectMembership.objects.create(
        project=conference.host_project, user=user, role=ProjectMembership.Role.STAFF
    )
    page.goto(f"/staff/{conference.slug}/checkin/")
    assert_accessible(page)  # the sign-in page
    page.get_by_label(re.compile("^E-Mail")).fill("einlass@example.org")
    page.get_by_label(re.compile("^Passwort")).fill("Einlass-2026-xyz")
    page.get_by_role("button", name=re.compile("^Einloggen")).click()
    page.wait_for_url(re.compile(r"/checkin/$"))

    page.get_by_label("Name, Organisation oder Code").fill("Sauer")
    page.get_by_role("button", name="Suchen").click()
    assert page.get_by_role("button", name="Hildegard Sauer einchecken").is_visible()
    assert_accessible(page)


# Keyboard only ---------------------------------------------------------------------


def focused_name(page) -> str:
    """What a screen reader would announce for the focused element (roughly)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return "";
            const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
            return (label || el.getAttribute("aria-label") || el.innerText
                    || el.value || "").trim();
        }"""
    )


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's name starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_name(page).startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_whole_registration_with_the_keyboard_alone(page, conference):
    """Only Tab, Space, Enter and typing: find the button, fill the form, agree,
    send; then cancel from the personal page."""
    page.goto(conference.get_absolute_url())

    tab_to(page, "Anmelden")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/anmelden/{conference.slug}/")
    for label, text in (
        ("Vorname", "Erika"),
        ("Nachname", "Mustermann"),
        ("E-Mail-Adresse", "tasten@example.org"),
    ):
        tab_to(page, label)
        page.keyboard.type(text)
    tab_to(page, "Ich nehme teil als")
    page.keyboard.type("Presse")  # a focused list selects what is typed
    tab_to(page, "Ich habe den Datenschutzhinweis")
    page.keyboard.press("Space")
    tab_to(page, "Anmelden")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/anmelden/{conference.slug}/gesendet/")
    registration = Registration.objects.get(email="tasten@example.org")
    assert registration.participant_kind == "press"
    assert registration.consents.filter(kind="privacy_notice").exists()

    # The link from the email, then cancel with the keyboard too.
    open_personal_page(page, "tasten@example.org")
    tab_to(page, "Anmeldung stornieren")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stornieren/")
    tab_to(page, "Ja, verbindlich stornieren")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/anmeldung/\d+/$"))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_workshop_radio_group_works_with_the_keyboard(page, conference):
    """Inside a radio group the arrow keys choose (the standard pattern); Tab
    enters the group at the chosen option and leaves it again."""
    page.goto(f"/anmelden/{conference.slug}/")

    tab_to(page, "Kein Workshop")
    page.keyboard.press("ArrowDown")

    assert page.get_by_label("Workshop A: Offene Daten").is_checked()
    page.keyboard.press("Tab")
    assert not focused_name(page).startswith("Workshop B")


def test_skip_link_is_the_first_stop(page, conference):
    page.goto(conference.get_absolute_url())

    page.keyboard.press("Tab")

    assert focused_name(page) == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_past_event_page(page):
    start = timezone.now() - timedelta(days=30)
    event = EventFactory(start=start, end=start + timedelta(hours=6), documentation="x")

    page.goto(event.get_absolute_url())

    assert_accessible(page)
