from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory, MunicipalityFactory, VenueFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def summaries(calendar) -> set[str]:
    return {str(component["SUMMARY"]) for component in calendar.walk("VEVENT")}


def test_event_ics_describes_the_conference(client):
    event = EventFactory(
        title="Regionalkonferenz",
        series_number=10,
        motto="Wandel gestalten",
        start=datetime(2023, 9, 6, 8, 0, tzinfo=UTC),
        end=datetime(2023, 9, 6, 16, 0, tzinfo=UTC),
        venue=VenueFactory(
            name="Parktheater",
            street="Theodor-Heuss-Ring 24",
            postal_code="58636",
            city="Iserlohn",
        ),
        registration_opens=None,
        registration_closes=None,
    )

    response = client.get(reverse("events:event_ics", kwargs={"slug": event.slug}))

    calendar = parse(response)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "10. Regionalkonferenz"
    assert vevent.decoded("DTSTART") == datetime(2023, 9, 6, 10, 0, tzinfo=BERLIN)
    assert vevent.decoded("DTEND") == datetime(2023, 9, 6, 18, 0, tzinfo=BERLIN)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(vevent["LOCATION"]) == (
        "Parktheater, Theodor-Heuss-Ring 24, 58636 Iserlohn"
    )
    url = f"http://testserver/veranstaltungen/{event.slug}/"
    assert str(vevent["URL"]) == url
    assert url in str(vevent["DESCRIPTION"])
    assert "Wandel gestalten" in str(vevent["DESCRIPTION"])
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert response["Content-Disposition"] == (
        f'attachment; filename="{event.slug}.ics"'
    )


def test_event_ics_of_online_event_says_online(client):
    event = EventFactory(format=Event.Format.ONLINE, venue=None)

    calendar = parse(
        client.get(reverse("events:event_ics", kwargs={"slug": event.slug}))
    )

    assert str(calendar.walk("VEVENT")[0]["LOCATION"]) == "Online"


def test_event_ics_of_a_draft_is_not_found(client):
    event = EventFactory(status=Event.Status.DRAFT)

    response = client.get(reverse("events:event_ics", kwargs={"slug": event.slug}))

    assert response.status_code == 404


def test_feed_spans_every_organiser_and_skips_drafts(client):
    EventFactory(title="Tagung in Soest")
    EventFactory(title="Konferenz in Flensburg")
    EventFactory(title="Abgesagt", status=Event.Status.CANCELLED)
    EventFactory(title="Entwurf", status=Event.Status.DRAFT)

    calendar = parse(client.get("/kalender.ics"))

    assert summaries(calendar) == {
        "Tagung in Soest",
        "Konferenz in Flensburg",
        "Abgesagt",
    }
    statuses = {str(c["SUMMARY"]): str(c["STATUS"]) for c in calendar.walk("VEVENT")}
    assert statuses["Abgesagt"] == "CANCELLED"
    assert str(calendar["X-WR-CALNAME"]) == "Smart Cities Südwestfalen – Konferenzen"


def test_feed_of_all_regionalkonferenzen(client):
    EventFactory(title="10. Regionalkonferenz", kind=Event.Kind.REGIONALKONFERENZ)
    EventFactory(
        title="Regionalkonferenz 2022",
        kind=Event.Kind.REGIONALKONFERENZ,
        start=datetime(2022, 11, 22, 9, 0, tzinfo=UTC),
        end=datetime(2022, 11, 22, 16, 0, tzinfo=UTC),
        registration_opens=None,
        registration_closes=None,
    )
    EventFactory(title="Fachkonferenz", kind=Event.Kind.FACHKONFERENZ)

    calendar = parse(client.get("/kalender.ics?kind=regionalkonferenz"))

    assert summaries(calendar) == {"10. Regionalkonferenz", "Regionalkonferenz 2022"}
    assert str(calendar["X-WR-CALNAME"]).endswith(": Regionalkonferenz")


@pytest.fixture
def soest_events():
    soest = MunicipalityFactory(name="Soest", slug="soest")
    tagung = EventFactory(
        title="Tagung in Soest", venue=VenueFactory(municipality=soest)
    )
    tagung.co_host_municipalities.add(soest)
    co_hosted = EventFactory(title="Forum mit Soest")
    co_hosted.co_host_municipalities.add(soest)
    EventFactory(title="Konferenz in Arnsberg")
    return soest


def test_feed_of_the_events_held_in_soest(client, soest_events):
    calendar = parse(client.get("/kalender.ics?place=soest"))

    assert summaries(calendar) == {"Tagung in Soest"}
    assert str(calendar["X-WR-CALNAME"]).endswith(": Soest")


def test_feed_of_the_events_soest_takes_part_in(client, soest_events):
    calendar = parse(client.get("/kalender.ics?municipality=soest"))

    assert summaries(calendar) == {"Tagung in Soest", "Forum mit Soest"}


def test_feed_refuses_an_unknown_filter(client):
    response = client.get("/kalender.ics?place=atlantis")

    assert response.status_code == 400


def test_feed_is_a_valid_calendar_when_empty(client):
    calendar = parse(client.get("/kalender.ics"))

    assert calendar.walk("VEVENT") == []
    assert str(calendar["VERSION"]) == "2.0"
