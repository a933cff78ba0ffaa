"""A citizen registers, confirms from the email, changes a workshop and cancels."""

import re

import pytest
from django.core import mail

from participants.models import Registration
from tests.browser.conftest import assert_accessible
from tests.factories import EventFactory, TimeSlotFactory, WorkshopFactory
from tests.participants.helpers import CONFIRM_LINK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conference():
    event = EventFactory(title="Regionalkonferenz Digitale Dörfer", capacity_onsite=80)
    slot = TimeSlotFactory(event=event, label="Nachmittag")
    WorkshopFactory(event=event, time_slot=slot, code="A", title="Offene Daten")
    WorkshopFactory(event=event, time_slot=slot, code="B", title="Mobilität")
    return event


def test_registration_journey(page, conference):
    page.goto(conference.get_absolute_url())
    # The first of the two (top of the page, and again after the documentation).
    page.get_by_role("link", name="Anmelden", exact=True).first.click()
    assert page.get_by_role("heading", name="Anmeldung", level=1).is_visible()
    assert_accessible(page)

    # Sending the empty form shows the errors, which must be accessible too.
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_text("Bitte prüfen Sie Ihre Angaben").is_visible()
    assert_accessible(page)

    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("Nachname").fill("Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Ich nehme teil als").select_option(label="Presse")
    page.get_by_label("Workshop A: Offene Daten").check()
    page.get_by_label("Ich habe den Datenschutzhinweis zur Kenntnis genommen").check()
    page.get_by_label("Fotos und Aufzeichnungen", exact=False).first.check()
    page.get_by_role("button", name="Anmelden").click()

    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Fast geschafft")
    assert_accessible(page)

    [message] = [m for m in mail.outbox if m.to == ["erika@example.org"]]
    page.goto(CONFIRM_LINK.search(message.body).group(1))

    assert re.search(r"/anmeldung/\d+/$", page.url)  # the token left the address bar
    assert page.get_by_text("Vielen Dank! Ihre Anmeldung ist bestätigt.").is_visible()
    assert_accessible(page)

    page.get_by_label("Workshop B: Mobilität").check()
    page.get_by_role("button", name="Workshops speichern").click()
    assert page.get_by_text("Ihre Workshop-Auswahl ist gespeichert.").is_visible()
    booked = "Workshop B: Mobilität (Nachmittag): Platz reserviert"
    assert page.get_by_text(booked).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Anmeldung stornieren").click()
    assert page.get_by_role("heading", name="Anmeldung stornieren?").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, verbindlich stornieren").click()

    assert page.get_by_text("Diese Anmeldung ist storniert.").is_visible()
    assert_accessible(page)
    assert Registration.objects.get().status == Registration.Status.CANCELLED


def test_resend_page_is_accessible(page):
    page.goto("/anmeldung/link-anfordern/")
    page.get_by_label("E-Mail-Adresse").fill("wer@example.org")
    page.get_by_role("button", name="Link schicken").click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Bitte sehen Sie in Ihr Postfach"
    assert_accessible(page)


def test_hybrid_form_with_questions_and_full_workshop_on_a_phone(phone_page):
    from participants.models import Question

    event = EventFactory(format="hybrid", capacity_onsite=0, capacity_online=50)
    WorkshopFactory(event=event, code="C", title="Voll", capacity=0)
    Question.objects.create(
        event=event, label="Anreise", kind="choice", choices="Bahn\nAuto", required=True
    )
    Question.objects.create(event=event, label="Newsletter", kind="checkbox")
    phone_page.goto(f"/anmelden/{event.slug}/")

    assert phone_page.get_by_label("Vor Ort (ausgebucht – Warteliste)").is_visible()
    assert phone_page.get_by_label("Workshop C: Voll (ausgebucht – Warteliste)").count()
    phone_page.get_by_role("button", name="Anmelden").click()
    assert phone_page.get_by_text("Bitte prüfen Sie Ihre Angaben").is_visible()
    assert_accessible(phone_page)


def test_english_form_is_accessible(page, conference):
    page.goto(f"/en/anmelden/{conference.slug}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
