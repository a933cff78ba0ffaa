"""A citizen ranks the workshops of a slot allocated by preference, with the
keyboard alone, and changes the wishes on the self-service page."""

import re

import pytest
from django.core import mail

from participants.models import Registration, WorkshopBooking
from tests.browser.conftest import assert_accessible
from tests.factories import EventFactory, TimeSlotFactory, WorkshopFactory
from tests.participants.helpers import CONFIRM_LINK
from workshops.models import TimeSlot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conference():
    event = EventFactory(title="Regionalkonferenz Digitale Dörfer", capacity_onsite=80)
    slot = TimeSlotFactory(
        event=event, label="Nachmittag", allocation=TimeSlot.Allocation.PREFERENCE
    )
    for code, title in (("A", "Offene Daten"), ("B", "Mobilität"), ("C", "Klima")):
        WorkshopFactory(event=event, time_slot=slot, code=code, title=title)
    return event


def focused_label(page) -> str:
    return page.evaluate(
        "() => document.activeElement.labels?.[0]?.innerText.trim() ?? ''"
    )


def choose_with_keys(page, label, presses):
    """Focus a select by its label and move through its options with ArrowDown."""
    page.get_by_label(label, exact=True).focus()
    for _ in range(presses):
        page.keyboard.press("ArrowDown")


def wishes() -> list[tuple[str, int]]:
    return [
        (b.workshop.code, b.preference_rank)
        for b in WorkshopBooking.objects.filter(
            status=WorkshopBooking.Status.REQUESTED
        ).order_by("preference_rank")
    ]


def test_rank_workshops_with_the_keyboard_and_change_them_later(page, conference):
    page.goto(f"/anmelden/{conference.slug}/")
    assert page.get_by_text("beste Zuteilung, die die Plätze zulassen").is_visible()
    assert_accessible(page)

    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("Nachname").fill("Mustermann")
    page.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Ich nehme teil als").select_option(label="Presse")
    choose_with_keys(page, "1. Wunsch*", 2)  # Bitte wählen → A → B
    page.keyboard.press("Tab")
    assert focused_label(page) == "2. Wunsch"
    page.keyboard.press("ArrowDown")  # Kein weiterer Wunsch → A
    page.keyboard.press("Tab")
    assert focused_label(page) == "3. Wunsch"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # → B, the same as the 1st wish
    page.get_by_label("Ich habe den Datenschutzhinweis zur Kenntnis genommen").check()
    page.get_by_role("button", name="Anmelden").click()

    # The doubled wish is refused with a message that says what to do.
    error = "Diesen Workshop haben Sie schon als 1. Wunsch gewählt."
    assert page.get_by_text(error).first.is_visible()
    assert_accessible(page)
    choose_with_keys(page, "3. Wunsch", 1)  # B → C
    page.get_by_label("Ich habe den Datenschutzhinweis zur Kenntnis genommen").check()
    page.get_by_role("button", name="Anmelden").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Fast")
    assert wishes() == [("B", 1), ("A", 2), ("C", 3)]

    [message] = [m for m in mail.outbox if m.to == ["erika@example.org"]]
    page.goto(CONFIRM_LINK.search(message.body).group(1))
    page.wait_for_url(re.compile(r"/anmeldung/\d+/$"))
    assert page.get_by_text("1. Wunsch, Zuteilung folgt").is_visible()
    assert_accessible(page)

    page.get_by_label("1. Wunsch*").select_option(label="Workshop C: Klima")
    page.get_by_label("3. Wunsch").select_option(label="Workshop B: Mobilität")
    page.get_by_role("button", name="Workshops speichern").click()

    assert page.get_by_text("Ihre Workshop-Auswahl ist gespeichert.").is_visible()
    assert page.get_by_text("Workshop C: Klima (Nachmittag): 1. Wunsch").is_visible()
    assert_accessible(page)
    assert wishes() == [("C", 1), ("A", 2), ("B", 3)]
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
