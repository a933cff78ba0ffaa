import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event
from projects.models import MeasureBundle
from tests.factories import (
    CityLabFactory,
    EventFactory,
    MunicipalityFactory,
    ProjectFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    html = re.sub(r"</?(?:a|span|strong|em|time)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def past_event(**kwargs):
    start = timezone.now() - timedelta(days=300)
    return EventFactory(
        start=start,
        end=start + timedelta(hours=8),
        registration_opens=None,
        registration_closes=None,
        **kwargs,
    )


@pytest.fixture
def network():
    soest = MunicipalityFactory(name="Soest", slug="soest", district="Kreis Soest")
    arnsberg = MunicipalityFactory(name="Arnsberg", slug="arnsberg")
    project = ProjectFactory(
        name="5 für Südwestfalen",
        slug="5-fuer-suedwestfalen",
        summary="Fünf Pionierkommunen, eine aus jedem Kreis.",
    )
    project.municipalities.add(soest, arnsberg)
    partner = ProjectFactory(name="Smart City Iserlohn", slug="iserlohn")
    project.partner_projects.add(partner)
    CityLabFactory(
        name="stadtLABOR Soest", municipality=soest, project=project, slug="stadtlabor"
    )
    bundle = MeasureBundle.objects.create(
        project=project, kind=MeasureBundle.Kind.BUNDLE, title="Smarte Mobilität"
    )
    bundle.municipalities.add(soest)
    MeasureBundle.objects.create(
        project=project,
        kind=MeasureBundle.Kind.QUICK_WIN,
        title="Digitale Bürgerdienste",
    )
    return project, soest, arnsberg


def test_project_page_shows_members_labs_measures_and_hosted_events(client, network):
    project, soest, _arnsberg = network
    EventFactory(title="Kommende Tagung", host_project=project)
    past_event(title="Projektmanagement-Tagung", host_project=project)
    EventFactory(title="Entwurf", host_project=project, status=Event.Status.DRAFT)
    EventFactory(title="Fremde Konferenz")

    response = client.get(project.get_absolute_url())
    html, text = response.content.decode(), text_of(response)

    assert "Fünf Pionierkommunen, eine aus jedem Kreis." in text
    assert 'href="/kommunen/soest/">Soest</a>' in html
    assert 'href="/projekte/iserlohn/">Smart City Iserlohn</a>' in html
    assert "stadtLABOR Soest" in text
    assert "Maßnahmenbündel Smarte Mobilität Kommunen: Soest" in text
    assert "Quick Win Digitale Bürgerdienste" in text
    upcoming, past = text.split("Vergangene Veranstaltungen")
    assert "Kommende Tagung" in upcoming
    assert "Projektmanagement-Tagung" in past
    assert "Entwurf" not in text
    assert "Fremde Konferenz" not in text


def test_municipality_page_shows_hosted_and_co_hosted_events(client, network):
    project, soest, _arnsberg = network
    EventFactory(title="Tagung in Soest", venue=VenueFactory(municipality=soest))
    past_event(title="Forum mit Soest").co_host_municipalities.add(soest)
    EventFactory(title="Konferenz anderswo")

    response = client.get(soest.get_absolute_url())
    html, text = response.content.decode(), text_of(response)

    assert "<h1>Soest</h1>" in html
    assert "Kreis Soest" in text
    assert f'href="{project.get_absolute_url()}">5 für Südwestfalen</a>' in html
    assert "stadtLABOR Soest" in text
    assert "Smarte Mobilität (Projekt 5 für Südwestfalen)" in text
    upcoming, past = text.split("Vergangene Veranstaltungen")
    assert "Tagung in Soest" in upcoming
    assert "Forum mit Soest" in past
    assert "Konferenz anderswo" not in text


def test_unknown_project_and_municipality_are_not_found(client):
    assert client.get("/projekte/gibt-es-nicht/").status_code == 404
    assert client.get("/kommunen/gibt-es-nicht/").status_code == 404


def test_list_pages_link_every_project_and_municipality(client, network):
    project, soest, arnsberg = network

    projects_html = client.get("/projekte/").content.decode()
    towns_html = client.get("/kommunen/").content.decode()

    assert f'href="{project.get_absolute_url()}"' in projects_html
    assert f'href="{soest.get_absolute_url()}"' in towns_html
    assert f'href="{arnsberg.get_absolute_url()}"' in towns_html


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_events(project, town, count):
    for _ in range(count):
        event = EventFactory(
            host_project=project, venue=VenueFactory(municipality=town)
        )
        event.co_host_municipalities.add(MunicipalityFactory())
        past_event(host_project=project).co_host_municipalities.add(town)
        CityLabFactory(municipality=town, project=project)
        project.municipalities.add(MunicipalityFactory())


@pytest.mark.parametrize("page", ["project", "municipality", "lists"])
def test_query_count_does_not_grow_with_events(client, network, page):
    project, soest, _arnsberg = network
    urls = {
        "project": [project.get_absolute_url()],
        "municipality": [soest.get_absolute_url()],
        "lists": ["/projekte/", "/kommunen/"],
    }[page]
    add_events(project, soest, 2)
    for url in urls:
        count_queries(client, url)  # warm-up
    few = [count_queries(client, url) for url in urls]

    add_events(project, soest, 8)
    many = [count_queries(client, url) for url in urls]

    assert many == few
