"""Public endpoints: the seed conferences with their facts, filters, ETags, CORS,
constant query counts and the rate limit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from tests.factories import EventFactory, MunicipalityFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_events_list_returns_the_seed_conferences_with_their_facts(demo, client_api):
    response = client_api.get("/api/v1/events/", {"page_size": 100})

    assert response.status_code == 200
    body = response.json()
    expected = Event.objects.visible()
    assert body["count"] == expected.count() == 8
    by_slug = {event["slug"]: event for event in body["results"]}
    assert set(by_slug) == set(expected.values_list("slug", flat=True))
    menden = Event.objects.get(slug="11-regionalkonferenz-menden")
    fact = by_slug[menden.slug]
    assert fact["full_title"] == menden.full_title
    assert fact["host_project"] == "5-fuer-suedwestfalen"
    assert fact["venue"]["municipality"] == "menden"
    assert fact["url"] == "http://testserver" + menden.get_absolute_url()


def test_events_filter_by_place_and_when(demo, client_api):
    soest = client_api.get("/api/v1/events/", {"place": "soest"}).json()
    unknown = client_api.get("/api/v1/events/", {"place": "nirgendwo"}).json()
    upcoming = client_api.get("/api/v1/events/", {"when": "upcoming"}).json()
    past = client_api.get("/api/v1/events/", {"when": "past"}).json()

    assert {e["venue"]["municipality"] for e in soest["results"]} == {"soest"}
    assert soest["count"] == 2
    assert unknown["count"] == 0
    assert upcoming["count"] + past["count"] == 8
    starts = [e["start"] for e in past["results"]]
    assert starts == sorted(starts, reverse=True)


def test_event_detail_programme_and_workshops_of_a_seed_conference(demo, client_api):
    event = Event.objects.filter(programme_items__isnull=False).first()

    detail = client_api.get(f"/api/v1/events/{event.slug}/").json()
    programme = client_api.get(f"/api/v1/events/{event.slug}/programme/").json()
    workshops = client_api.get(f"/api/v1/events/{event.slug}/workshops/")

    assert detail["title"] == event.title
    assert "onsite_places" in detail
    assert [item["title"] for item in programme] == [
        item.title for item in event.programme_items.order_by("start", "order", "pk")
    ]
    assert workshops.status_code == 200
    for workshop in workshops.json():
        assert set(workshop["places"]) == {
            "capacity",
            "taken",
            "waiting",
            "free",
            "full",
        }


@pytest.mark.parametrize("path", ["speakers", "venues", "projects", "municipalities"])
def test_public_lists_show_the_seed_data(demo, client_api, path):
    response = client_api.get(f"/api/v1/{path}/")

    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_a_draft_is_not_public(demo, client_api):
    draft = EventFactory(status=Event.Status.DRAFT)

    assert client_api.get(f"/api/v1/events/{draft.slug}/").status_code == 404
    slugs = [e["slug"] for e in client_api.get("/api/v1/events/").json()["results"]]
    assert draft.slug not in slugs


def test_if_none_match_gets_304_and_cors_allows_any_origin(demo, client_api):
    first = client_api.get("/api/v1/events/", HTTP_ORIGIN="https://www.soest.de")
    again = client_api.get("/api/v1/events/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["Access-Control-Allow-Origin"] == "*"
    assert again.status_code == 304
    assert again.content == b""


def test_cors_is_for_reads_only(client_api, db):
    response = client_api.post("/api/v1/registrations/", {}, format="json")

    assert "Access-Control-Allow-Origin" not in response


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, {"page_size": 200}).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path", ["/api/v1/events/", "/api/v1/venues/", "/api/v1/projects/"]
)
def test_list_query_count_does_not_grow_with_rows(db, client_api, path):
    town = MunicipalityFactory()
    EventFactory.create_batch(2, venue=VenueFactory(municipality=town))
    few = _queries(client_api, path)
    for event in EventFactory.create_batch(20, venue=VenueFactory(municipality=town)):
        event.co_host_municipalities.add(MunicipalityFactory())
        event.host_project.municipalities.add(town)
    many = _queries(client_api, path)

    assert many == few


def test_too_many_requests_are_refused_with_429(db, client_api, settings):
    settings.API_RATE_LIMITS = {"anonymous": "3/min", "token": "3/min"}

    codes = [client_api.get("/api/v1/municipalities/").status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]
