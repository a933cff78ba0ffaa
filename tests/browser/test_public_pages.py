import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, ProgrammeItem, Role
from tests.browser.conftest import assert_accessible
from tests.factories import (
    CityLabFactory,
    EventFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeContributionFactory,
    ProgrammeItemFactory,
    ProjectFactory,
    SpeakerFactory,
    StationFactory,
    TimeSlotFactory,
    VenueFactory,
    WorkshopBookingFactory,
    WorkshopContributionFactory,
    WorkshopFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conference():
    """An upcoming conference with programme, workshops and stations, plus others."""
    soest = MunicipalityFactory(name="Soest", slug="soest")
    iserlohn = MunicipalityFactory(name="Iserlohn", slug="iserlohn")
    project = ProjectFactory(name="5 für Südwestfalen", slug="5-fuer-suedwestfalen")
    project.municipalities.add(soest, iserlohn)
    start = (timezone.now() + timedelta(days=40)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    event = EventFactory(
        kind=Event.Kind.REGIONALKONFERENZ,
        title="Regionalkonferenz",
        series_number=11,
        slug="11-regionalkonferenz",
        motto="Wandel gestalten, authentisch kommunizieren",
        start=start,
        end=start + timedelta(hours=8),
        venue=VenueFactory(name="Parktheater", municipality=iserlohn),
        host_project=project,
        format=Event.Format.HYBRID,
        capacity_online=200,
        livestream_url="https://example.org/live",
    )
    event.co_host_municipalities.add(soest)
    keynote = ProgrammeItemFactory(
        event=event, kind=ProgrammeItem.Kind.KEYNOTE, title="Smart City auf dem Land"
    )
    ProgrammeContributionFactory(
        programme_item=keynote,
        speaker=SpeakerFactory(
            title="Dr.",
            first_name="Dagmar",
            last_name="Lehmann",
            organisation=OrganisationFactory(name="Stadt Iserlohn"),
        ),
        role=Role.KEYNOTE,
    )
    slot = TimeSlotFactory(event=event, label="Workshop-Phase")
    workshop_a = WorkshopFactory(
        event=event,
        time_slot=slot,
        code="A",
        title="Stadtlabore, Maker-Spaces, Digi Labs",
        capacity=25,
        room="Foyer",
    )
    workshop_a.designed_by.add(soest, iserlohn)
    WorkshopContributionFactory(workshop=workshop_a, role=Role.MODERATION)
    lab = CityLabFactory(name="Waldstadtlabor Iserlohn", municipality=iserlohn)
    StationFactory(
        workshop=workshop_a, title="Waldstadtlabor", question="Wie fange ich an?"
    )
    StationFactory(workshop=workshop_a, title="stadtLABOR Soest", city_lab=lab)
    workshop_b = WorkshopFactory(
        event=event, time_slot=slot, code="B", title="Storytelling", capacity=1
    )
    WorkshopBookingFactory(workshop=workshop_b, registration__event=event)

    past_start = timezone.now() - timedelta(days=400)
    EventFactory(
        title="Regionalkonferenz Flensburg",
        start=past_start,
        end=past_start + timedelta(hours=7),
        registration_opens=None,
        registration_closes=None,
        documentation="Speeddating im Deutschen Haus.",
        reported_participants=90,
        reported_participants_wording="about",
    )
    EventFactory(title="Abgesagtes Forum", status=Event.Status.CANCELLED)
    return event


def test_home_page_lists_conferences_and_filters(page, conference):
    page.goto("/")

    assert page.get_by_role("heading", level=1).count() == 1
    upcoming = page.get_by_role("region", name="Kommende Veranstaltungen")
    assert upcoming.get_by_role("link", name="11. Regionalkonferenz").is_visible()
    assert upcoming.get_by_text("Anmeldung offen").is_visible()
    assert upcoming.get_by_text("Abgesagt", exact=True).is_visible()
    past = page.get_by_role("region", name="Vergangene Veranstaltungen")
    assert past.get_by_role("link", name="Regionalkonferenz Flensburg").is_visible()
    assert_accessible(page)

    page.get_by_label("Beteiligte Kommune").select_option(label="Soest")
    page.get_by_role("button", name="Filter anwenden").click()

    page.wait_for_url(re.compile(r"municipality=soest"))
    assert page.get_by_role("link", name="11. Regionalkonferenz").is_visible()
    assert page.get_by_role("link", name="Regionalkonferenz Flensburg").count() == 0
    feed = page.get_by_role("link", name="iCal-Datei herunterladen")
    assert feed.get_attribute("href") == "/kalender.ics?municipality=soest"
    assert_accessible(page)


def test_conference_page_shows_programme_workshops_and_places(page, conference):
    page.goto("/")
    page.get_by_role("link", name="11. Regionalkonferenz").click()

    assert page.get_by_role(
        "heading", level=1, name="11. Regionalkonferenz"
    ).is_visible()
    programme = page.get_by_role("table", name="Programm")
    assert programme.get_by_role("row", name=re.compile("Smart City auf dem Land"))
    assert programme.get_by_text(
        "Keynote: Dr. Dagmar Lehmann, Projektleitung, Stadt Iserlohn"
    ).is_visible()
    workshops = page.get_by_role("region", name="Workshops")
    assert workshops.get_by_role(
        "heading", name="Workshop A: Stadtlabore, Maker-Spaces, Digi Labs"
    ).is_visible()
    assert workshops.get_by_text("noch 25 von 25 Plätzen frei").is_visible()
    assert workshops.get_by_text("ausgebucht – Warteliste").is_visible()
    assert workshops.get_by_text("Wie fange ich an?").is_visible()
    facts = page.get_by_role("region", name="Auf einen Blick")
    assert facts.get_by_role("link", name="Soest").is_visible()
    assert facts.get_by_role("link", name="Zum Livestream").is_visible()
    assert_accessible(page)


def test_past_conference_page_is_accessible(page, conference):
    page.goto("/")
    page.get_by_role("link", name="Regionalkonferenz Flensburg").click()

    assert page.get_by_text("Speeddating im Deutschen Haus.").is_visible()
    assert page.get_by_text("rund 90 Teilnehmende").is_visible()
    assert_accessible(page)


def test_language_switch_keeps_the_conference_page(page, conference):
    page.goto(f"/veranstaltungen/{conference.slug}/")
    assert page.locator("html").get_attribute("lang") == "de"

    page.get_by_role("button", name="English").click()

    page.wait_for_url(f"**/en/veranstaltungen/{conference.slug}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "11. Regionalkonferenz"
    assert_accessible(page)

    page.get_by_role("button", name="Deutsch").click()

    page.wait_for_url(re.compile(rf"/veranstaltungen/{conference.slug}/$"))
    assert "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "de"


def test_project_and_municipality_pages_are_accessible(page, conference):
    page.goto(f"/veranstaltungen/{conference.slug}/")
    page.get_by_role("link", name="5 für Südwestfalen").click()

    assert page.get_by_role("heading", level=1, name="5 für Südwestfalen").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Iserlohn").first.click()

    assert page.get_by_role("heading", level=1, name="Iserlohn").is_visible()
    assert page.get_by_role("link", name="11. Regionalkonferenz").is_visible()
    assert_accessible(page)


def test_home_page_on_a_phone_has_a_working_menu(phone_page, conference):
    phone_page.goto("/")

    phone_page.get_by_role("button", name="Menü").click()

    assert phone_page.get_by_role("link", name="Projekte").is_visible()
    assert_accessible(phone_page)


def test_skip_link_moves_focus_to_the_content(page, conference):
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"
