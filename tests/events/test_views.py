import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from events.models import Event, ProgrammeItem, Role
from participants.models import Registration, WorkshopBooking
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeContributionFactory,
    ProgrammeItemFactory,
    ProjectFactory,
    RegistrationFactory,
    SpeakerFactory,
    StationFactory,
    TimeSlotFactory,
    VenueFactory,
    WorkshopBookingFactory,
    WorkshopContributionFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/"


def detail_url(event):
    return reverse("events:event_detail", kwargs={"slug": event.slug})


def past_event(**kwargs):
    start = timezone.now() - timedelta(days=200)
    return EventFactory(
        start=start,
        end=start + timedelta(hours=8),
        registration_opens=None,
        registration_closes=None,
        **kwargs,
    )


def text_of(response) -> str:
    """The page's visible text with whitespace collapsed, as a reader sees it."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r"</?(?:a|span|strong|em|time)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- List page -------------------------------------------------------------


def test_event_list_shows_upcoming_before_past(client):
    past = past_event(title="Vergangene Tagung")
    later = EventFactory(
        title="Spätere Konferenz", start=timezone.now() + timedelta(days=60)
    )
    sooner = EventFactory(
        title="Nächste Konferenz", start=timezone.now() + timedelta(days=10)
    )

    html = client.get(LIST_URL).content.decode()

    positions = [html.index(e.title) for e in (sooner, later, past)]
    assert positions == sorted(positions)
    assert html.index("Kommende Veranstaltungen") < positions[0]
    assert positions[1] < html.index("Vergangene Veranstaltungen") < positions[2]


def test_event_list_hides_drafts(client):
    EventFactory(title="Geheimer Entwurf", status=Event.Status.DRAFT)
    EventFactory(title="Offene Konferenz")

    html = client.get(LIST_URL).content.decode()

    assert "Offene Konferenz" in html
    assert "Geheimer Entwurf" not in html


def test_event_detail_of_a_draft_is_not_found(client):
    draft = EventFactory(status=Event.Status.DRAFT)

    response = client.get(detail_url(draft))

    assert response.status_code == 404


def test_event_list_marks_cancelled_events(client):
    EventFactory(title="Ausgefallene Konferenz", status=Event.Status.CANCELLED)

    text = text_of(client.get(LIST_URL))

    assert "Ausgefallene Konferenz (Abgesagt)" in text
    assert "Anmeldung offen" not in text


def test_event_list_badges_open_registration_only(client):
    EventFactory(title="Offen", start=timezone.now() + timedelta(days=10))
    EventFactory(
        title="Noch nicht offen",
        start=timezone.now() + timedelta(days=20),
        registration_opens=timezone.now() + timedelta(days=5),
    )

    html = client.get(LIST_URL).content.decode()

    assert html.count("Anmeldung offen") == 1
    badge = html.index("Anmeldung offen")
    assert html.index("Offen<") < badge < html.index("Noch nicht offen")


@pytest.fixture
def towns():
    soest = MunicipalityFactory(name="Soest", slug="soest")
    arnsberg = MunicipalityFactory(name="Arnsberg", slug="arnsberg")
    return soest, arnsberg


def test_event_list_filters_by_place_and_by_participating_municipality(client, towns):
    soest, arnsberg = towns
    held = EventFactory(title="In Soest", venue=VenueFactory(municipality=soest))
    held.co_host_municipalities.add(soest)
    co_hosted = EventFactory(
        title="Mit Soest", venue=VenueFactory(municipality=arnsberg)
    )
    co_hosted.co_host_municipalities.add(soest)
    EventFactory(title="In Arnsberg", venue=VenueFactory(municipality=arnsberg))

    at_place = text_of(client.get(LIST_URL, {"place": "soest"}))
    taking_part = text_of(client.get(LIST_URL, {"municipality": "soest"}))

    assert ("In Soest" in at_place, "Mit Soest" in at_place) == (True, False)
    assert "1 Veranstaltung passt zu den Filtern." in at_place
    assert ("In Soest" in taking_part, "Mit Soest" in taking_part) == (True, True)
    assert "In Arnsberg" not in taking_part
    assert "2 Veranstaltungen passen zu den Filtern." in taking_part


def test_event_list_filters_by_project_year_format_and_kind(client):
    project = ProjectFactory(slug="fuenf-fuer-suedwestfalen")
    match = past_event(
        title="Treffer",
        host_project=project,
        format=Event.Format.HYBRID,
        kind=Event.Kind.REGIONALKONFERENZ,
    )
    past_event(title="Anderes Projekt", format=Event.Format.HYBRID)
    past_event(
        title="Anderes Format", host_project=project, kind=Event.Kind.REGIONALKONFERENZ
    )
    EventFactory(
        title="Anderes Jahr",
        host_project=project,
        format=Event.Format.HYBRID,
        kind=Event.Kind.REGIONALKONFERENZ,
        start=match.start + timedelta(days=400),
    )

    text = text_of(
        client.get(
            LIST_URL,
            {
                "project": project.slug,
                "year": match.start.year,
                "format": "hybrid",
                "kind": "regionalkonferenz",
            },
        )
    )

    assert "Treffer" in text
    for other in ("Anderes Projekt", "Anderes Format", "Anderes Jahr"):
        assert other not in text


def test_event_list_reports_an_unknown_filter_and_keeps_the_others(client):
    EventFactory(title="Eine Tagung", kind=Event.Kind.TAGUNG)
    EventFactory(title="Ein Forum", kind=Event.Kind.FORUM)

    response = client.get(LIST_URL, {"place": "atlantis", "kind": "forum"})

    text = text_of(response)
    assert response.status_code == 200
    assert "Ein Forum" in text
    assert "Eine Tagung" not in text
    assert "Auswahl" in text  # Django's "Select a valid choice" message


def test_event_list_filter_form_has_labels(client):
    html = client.get(LIST_URL).content.decode()

    for name, label in [
        ("place", "Veranstaltungsort"),
        ("municipality", "Beteiligte Kommune"),
        ("project", "Projekt"),
        ("year", "Jahr"),
        ("format", "Format"),
        ("kind", "Art"),
    ]:
        assert f'<label class="form-label" for="id_{name}">{label}</label>' in html


def test_event_list_links_the_feed_for_the_current_filter(client, towns):
    EventFactory(venue=VenueFactory(municipality=towns[0]))

    html = client.get(LIST_URL, {"place": "soest", "kind": "regionalkonferenz"})
    html = html.content.decode()

    assert 'href="/kalender.ics?place=soest&amp;kind=regionalkonferenz"' in html
    assert "webcal://testserver/kalender.ics?place=soest&amp;kind=" in html


# --- Conference page -------------------------------------------------------


def test_event_detail_shows_berlin_time_in_german_formats(client):
    event = past_event(title="10. Regionalkonferenz Iserlohn")
    event.start = datetime(2023, 9, 6, 8, 0, tzinfo=UTC)
    event.end = datetime(2023, 9, 6, 16, 0, tzinfo=UTC)
    event.save()

    text = text_of(client.get(detail_url(event)))

    assert "Mittwoch, 6. September 2023, 10:00–18:00 Uhr" in text


def test_event_detail_shows_title_kind_motto_venue_and_hosts(client, towns):
    soest, arnsberg = towns
    event = EventFactory(
        kind=Event.Kind.REGIONALKONFERENZ,
        title="Regionalkonferenz",
        series_number=10,
        motto="Wandel gestalten, authentisch kommunizieren",
        venue=VenueFactory(
            name="Parktheater", street="Theodor-Heuss-Ring 24", postal_code="58636"
        ),
        host_project=ProjectFactory(name="5 für Südwestfalen", slug="5fsw"),
    )
    event.co_host_municipalities.add(soest, arnsberg)

    response = client.get(detail_url(event))
    html, text = response.content.decode(), text_of(response)

    assert "<h1" in html and html.count("<h1") == 1
    assert "10. Regionalkonferenz" in text
    assert "Nr. 10 der Reihe" in text
    assert "Wandel gestalten, authentisch kommunizieren" in text
    assert "Parktheater Theodor-Heuss-Ring 24 58636 Iserlohn" in text
    assert 'href="/projekte/5fsw/">5 für Südwestfalen</a>' in html
    assert 'href="/kommunen/soest/">Soest</a>' in html
    assert 'href="/kommunen/arnsberg/">Arnsberg</a>' in html


def test_event_detail_shows_programme_as_timetable_with_roles(client):
    event = EventFactory()
    speaker = SpeakerFactory(
        title="Dr.",
        first_name="Dagmar",
        last_name="Lehmann",
        function="Projektleitung",
        organisation=OrganisationFactory(name="Stadt Iserlohn"),
    )
    item = ProgrammeItemFactory(
        event=event,
        kind=ProgrammeItem.Kind.PANEL,
        title="Podium: Smarte Region",
        start=event.start.replace(hour=9, minute=30, second=0, microsecond=0),
        end=event.start.replace(hour=10, minute=15, second=0, microsecond=0),
    )
    ProgrammeContributionFactory(
        programme_item=item, speaker=speaker, role=Role.MODERATION
    )

    text = text_of(client.get(detail_url(event)))

    start = timezone.localtime(item.start).strftime("%H:%M")
    end = timezone.localtime(item.end).strftime("%H:%M")
    assert f"{start}–{end} Podium / Diskussion Podium: Smarte Region" in text
    assert "Moderation: Dr. Dagmar Lehmann, Projektleitung, Stadt Iserlohn" in text


def test_event_detail_groups_workshops_by_slot_with_all_details(client, towns):
    soest, arnsberg = towns
    event = EventFactory()
    slot = TimeSlotFactory(event=event, label="Workshop-Phase I")
    workshop = WorkshopFactory(
        event=event,
        time_slot=slot,
        code="A",
        title="Stadtlabore als Orte der Begegnung",
        description="World Café an vier Stationen.",
        room="Raum 1.02",
    )
    workshop.designed_by.add(soest, arnsberg)
    WorkshopContributionFactory(
        workshop=workshop,
        speaker=SpeakerFactory(first_name="Dagmar", last_name="Lehmann"),
        role=Role.MODERATION,
    )
    StationFactory(
        workshop=workshop, title="Waldstadtlabor Iserlohn", question="Wie fange ich an?"
    )

    response = client.get(detail_url(event))
    html, text = response.content.decode(), text_of(response)

    assert "Workshop-Phase I" in text
    assert "Workshop A: Stadtlabore als Orte der Begegnung" in text
    assert "World Café an vier Stationen." in text
    assert "Raum 1.02" in text
    assert 'href="/kommunen/soest/">Soest</a>' in html
    assert "Moderation: Dagmar Lehmann" in text
    assert "Waldstadtlabor Iserlohn – Wie fange ich an?" in text
    assert "Mitwirkende" in text


def test_event_detail_counts_free_workshop_places(client):
    event = EventFactory()
    workshop = WorkshopFactory(event=event, capacity=5)
    for _ in range(3):
        WorkshopBookingFactory(workshop=workshop, registration__event=event)
    WorkshopBookingFactory(
        workshop=workshop,
        registration__event=event,
        registration__status=Registration.Status.PENDING,
    )
    # Neither a cancelled registration nor a waitlisted booking holds a place.
    WorkshopBookingFactory(
        workshop=workshop,
        registration__event=event,
        registration__status=Registration.Status.CANCELLED,
    )
    WorkshopBookingFactory(
        workshop=workshop,
        registration__event=event,
        status=WorkshopBooking.Status.WAITLISTED,
    )

    text = text_of(client.get(detail_url(event)))

    assert "noch 1 von 5 Plätzen frei" in text


def test_event_detail_shows_full_and_unlimited_workshops(client):
    event = EventFactory()
    full = WorkshopFactory(event=event, capacity=2, title="Voller Workshop")
    WorkshopBookingFactory.create_batch(2, workshop=full, registration__event=event)
    WorkshopFactory(event=event, capacity=None, title="Offener Workshop")

    text = text_of(client.get(detail_url(event)))

    assert "Voller Workshop Plätze ausgebucht – Warteliste" in text
    assert "Offener Workshop Plätze Plätze frei (ohne Begrenzung)" in text


def test_event_detail_counts_free_event_places_per_mode(client):
    event = EventFactory(
        format=Event.Format.HYBRID, capacity_onsite=10, capacity_online=50
    )
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=Registration.Status.PENDING)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=event, mode=Registration.Mode.ONLINE)

    text = text_of(client.get(detail_url(event)))

    assert "Plätze vor Ort noch 6 von 10 Plätzen frei" in text
    assert "Plätze online noch 49 von 50 Plätzen frei" in text


def test_event_detail_of_past_event_shows_documentation_not_places(client):
    event = past_event(
        documentation="Wie geht Smart City in einer ländlich geprägten Region?",
        reported_participants=120,
        reported_participants_wording="about",
        recording_url="https://example.org/aufzeichnung",
        livestream_url="https://example.org/live",
    )
    WorkshopFactory(event=event, capacity=20)

    response = client.get(detail_url(event))
    html, text = response.content.decode(), text_of(response)

    assert "rund 120 Teilnehmende" in text
    assert "Wie geht Smart City in einer ländlich geprägten Region?" in text
    assert 'href="https://example.org/aufzeichnung"' in html
    assert 'href="https://example.org/live"' in html
    assert "Plätzen frei" not in text
    assert "Anmelden" not in text


def test_event_detail_offers_registration_only_while_open(client):
    open_event = EventFactory()
    closed = EventFactory(registration_closes=timezone.now() - timedelta(hours=1))
    try:
        register_url = reverse("participants:register", args=[open_event.slug])
    except NoReverseMatch:
        register_url = None

    open_html = client.get(detail_url(open_event)).content.decode()
    closed_text = text_of(client.get(detail_url(closed)))

    if register_url:
        assert f'href="{register_url}">Anmelden</a>' in open_html
    assert "Die Anmeldung ist geschlossen." in closed_text
    assert ">Anmelden<" not in closed_text


def test_event_detail_marks_cancelled_event(client):
    event = EventFactory(status=Event.Status.CANCELLED)

    text = text_of(client.get(detail_url(event)))

    assert "Diese Veranstaltung ist abgesagt." in text
    assert "Anmelden" not in text


def test_event_detail_links_its_ics_file(client):
    event = EventFactory()

    html = client.get(detail_url(event)).content.decode()

    assert f'href="/veranstaltungen/{event.slug}/kalender.ics"' in html


# --- JSON-LD ---------------------------------------------------------------


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_event_detail_embeds_schema_org_event(client):
    event = past_event(
        title="Regionalkonferenz",
        series_number=10,
        venue=VenueFactory(
            name="Parktheater",
            street="Theodor-Heuss-Ring 24",
            postal_code="58636",
            city="Iserlohn",
        ),
        host_project=ProjectFactory(name="Smart City Iserlohn"),
    )
    event.start = datetime(2023, 9, 6, 8, 0, tzinfo=UTC)
    event.end = datetime(2023, 9, 6, 16, 0, tzinfo=UTC)
    event.save()

    data = json_ld(client.get(detail_url(event)))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "10. Regionalkonferenz"
    assert data["startDate"] == "2023-09-06T10:00:00+02:00"
    assert data["endDate"] == "2023-09-06T18:00:00+02:00"
    assert (
        data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    )
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Parktheater",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Iserlohn",
            "streetAddress": "Theodor-Heuss-Ring 24",
            "postalCode": "58636",
            "addressCountry": "DE",
        },
    }
    assert data["organizer"]["@type"] == "Organization"
    assert data["organizer"]["name"] == "Smart City Iserlohn"
    assert data["url"] == f"http://testserver/veranstaltungen/{event.slug}/"


def test_json_ld_of_cancelled_hybrid_event_has_both_locations(client):
    event = EventFactory(
        status=Event.Status.CANCELLED,
        format=Event.Format.HYBRID,
        livestream_url="https://example.org/live",
    )

    data = json_ld(client.get(detail_url(event)))

    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == [
        "Place",
        "VirtualLocation",
    ]
    assert data["location"][1]["url"] == "https://example.org/live"


def test_json_ld_cannot_close_its_script_element(client):
    event = EventFactory(title="</script><script>alert(1)</script>")

    response = client.get(detail_url(event))

    assert "</script><script>alert(1)" not in response.content.decode()
    assert json_ld(response)["name"] == "</script><script>alert(1)</script>"


# --- Language --------------------------------------------------------------


def test_pages_set_lang_attribute_of_active_language(client):
    event = EventFactory()

    german = client.get(detail_url(event)).content.decode()
    english = client.get("/en" + detail_url(event)).content.decode()

    assert '<html lang="de">' in german
    assert '<html lang="en">' in english


def test_language_switch_keeps_the_page_and_needs_csrf_token():
    event = EventFactory()
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(detail_url(event) + "?x=1").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    next_path = re.search(r'name="next" value="([^"]+)"', html).group(1)

    without_token = browser.post(
        "/i18n/setlang/", {"language": "en", "next": next_path}
    )
    switched = browser.post(
        "/i18n/setlang/",
        {"language": "en", "next": next_path, "csrfmiddlewaretoken": token},
    )

    assert without_token.status_code == 403
    assert switched.status_code == 302
    assert switched["Location"] == f"/en/veranstaltungen/{event.slug}/?x=1"


@pytest.mark.parametrize("cookie", ["de", "en", None])
def test_language_switch_back_to_german_drops_the_prefix(client, cookie):
    event = EventFactory()
    if cookie:
        client.cookies["django_language"] = cookie
    html = client.get(f"/en/veranstaltungen/{event.slug}/").content.decode()
    next_path = re.search(r'name="next" value="([^"]+)"', html).group(1)

    response = client.post("/i18n/setlang/", {"language": "de", "next": next_path})

    assert response["Location"] == f"/veranstaltungen/{event.slug}/"


# --- Error pages -----------------------------------------------------------


def test_unknown_page_shows_the_friendly_404(client):
    response = client.get("/veranstaltungen/gibt-es-nicht/")

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in text_of(response)


def test_error_pages_render_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Ein Fehler ist aufgetreten" in html
    assert '<html lang="de">' in html


def test_too_many_requests_page_explains_what_to_do(rf):
    from django.template.loader import render_to_string

    html = render_to_string("429.html", request=rf.get("/"))

    assert "Bitte warten Sie ein paar Minuten" in html


@pytest.mark.parametrize(
    ("prefix", "expected", "lang"),
    [
        ("", "Bitte senden Sie das Formular noch einmal", "de"),
        ("/en", "Please submit the form again", "en"),
    ],
)
def test_form_without_valid_csrf_token_explains_in_the_visitors_language(
    prefix, expected, lang
):
    event = EventFactory()
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        f"{prefix}/anmelden/{event.slug}/",
        {"first_name": "Ada", "email": "ada@example.org", "privacy_notice": "on"},
    )

    assert response.status_code == 403
    assert expected in text_of(response)
    assert f'<html lang="{lang}">' in response.content.decode()
    assert Registration.objects.count() == 0


# --- Query counts ----------------------------------------------------------


def count_queries(client, url) -> int:
    # The work of rendering is measured, not the page cache (tests/events/test_caching).
    with (
        override_settings(PUBLIC_PAGE_CACHE_SECONDS=0),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def make_listed_events(count):
    town = MunicipalityFactory()
    for _ in range(count):
        event = EventFactory(venue=VenueFactory(municipality=town))
        event.co_host_municipalities.add(MunicipalityFactory(), MunicipalityFactory())
        past_event().co_host_municipalities.add(town)


def test_event_list_query_count_does_not_grow_with_events(client):
    make_listed_events(2)
    count_queries(client, LIST_URL)  # warm-up: caches filled once per process
    few = count_queries(client, LIST_URL)
    make_listed_events(8)

    many = count_queries(client, LIST_URL)

    assert many == few
    print(f"\nevent list: {many} queries for 20 events")


def fill_event(event, count):
    slot = TimeSlotFactory(event=event)
    for _ in range(count):
        item = ProgrammeItemFactory(event=event)
        ProgrammeContributionFactory(
            programme_item=item,
            speaker=SpeakerFactory(organisation=OrganisationFactory()),
        )
        workshop = WorkshopFactory(event=event, time_slot=slot)
        workshop.designed_by.add(MunicipalityFactory())
        WorkshopContributionFactory(
            workshop=workshop, speaker=SpeakerFactory(project=ProjectFactory())
        )
        StationFactory(workshop=workshop)
        StationFactory(workshop=workshop)
        WorkshopBookingFactory(workshop=workshop, registration__event=event)
        event.co_host_municipalities.add(MunicipalityFactory())
        EventFactory(parent=event)


def test_event_detail_query_count_does_not_grow_with_workshops_and_speakers(client):
    small, large = EventFactory(), EventFactory()
    fill_event(small, 2)
    fill_event(large, 10)

    count_queries(client, detail_url(small))  # warm-up
    few = count_queries(client, detail_url(small))
    many = count_queries(client, detail_url(large))

    assert many == few
    print(f"\nconference page: {many} queries for 10 workshops/speakers/items")
