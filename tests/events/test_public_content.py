"""The demo data as citizens read it (issue 18): only what the reports say is shown
as fact, nothing points at nothing, and the filters do what their names say."""

import re
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import transaction

from events.models import Event
from events.templatetags.documentation import documentation
from projects.models import Municipality, Project
from tests.visible_text import visible_texts

# Editorial notes and placeholders that once read as facts on the public pages.
NOT_FACTS = [
    "Tagungsort Iserlohn",
    "Konferenzort Siegen",
    "nicht genannt",
    "Art der Veranstaltung",
    "offline (persönlich)",
    "Fotos: DLR",
    "rund 100",
    "genannt im Jahresrückblick 2022",
    "zu Gast bei der Smart Cities: Konferenz 2021",
]
# Words that offer something to open; each mention needs a working link.
OFFERS = ("Download", "Präsentation", "Aufzeichnung", "Livestream")


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_for_module, db):
    """The demo data as `manage.py load_demo` leaves it."""


def public_paths() -> list[str]:
    paths = ["/", "/en/", "/projekte/", "/kommunen/", "/impressum/", "/datenschutz/"]
    paths += [event.get_absolute_url() for event in Event.objects.visible()]
    paths += [project.get_absolute_url() for project in Project.objects.all()]
    paths += [town.get_absolute_url() for town in Municipality.objects.all()]
    return paths


class Links(HTMLParser):
    """(href, text) of every link on a page."""

    def __init__(self):
        super().__init__()
        self.links, self._open = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([dict(attrs).get("href", ""), ""])

    def handle_data(self, data):
        for link in self._open:
            link[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join(text.split())))


def links_of(html: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def works(client, href: str) -> bool:
    """A local page answers 200, a shipped file exists, an outside address is one."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    if parts.path.startswith("/static/"):
        return finders.find(parts.path.removeprefix("/static/")) is not None
    return client.get(parts.path).status_code == 200


def test_no_public_page_shows_an_editorial_note_or_a_placeholder_venue(client, demo):
    found = {}
    for path in public_paths():
        text = " ".join(visible_texts(client.get(path).content.decode()))
        found.update({(path, note): True for note in NOT_FACTS if note in text})

    assert found == {}


def test_a_venue_the_reports_do_not_name_is_the_town_alone(client, demo):
    iserlohn = Event.objects.get(slug="10-regionalkonferenz-iserlohn-2023")

    html = client.get(iserlohn.get_absolute_url()).content.decode()

    assert (iserlohn.venue.name, iserlohn.venue.city) == ("", "Iserlohn")
    assert re.search(r"<address[^>]*>\s*Iserlohn\s*</address>", html)


def test_arnsberg_says_gut_100_as_the_report_does(client, demo):
    event = Event.objects.get(slug="smart-cities-konferenz-arnsberg-2021")

    text = " ".join(
        visible_texts(client.get(event.get_absolute_url()).content.decode())
    )

    assert "gut 100 Teilnehmende" in text


def test_every_offered_document_recording_or_stream_has_a_working_link(client, demo):
    missing = []
    for event in Event.objects.visible().prefetch_related("workshops"):
        html = client.get(event.get_absolute_url()).content.decode()
        links = links_of(html)
        texts = [event.summary, event.description, event.documentation]
        texts += [w.documentation for w in event.workshops.all()]
        mentioned = {word for word in OFFERS if any(word in t for t in texts)}
        mentioned |= {word for word in OFFERS for _, text in links if word in text}
        for word in sorted(mentioned):
            targets = [href for href, text in links if word in text]
            if word == "Livestream" and not event.livestream_url:
                continue  # a past stream told of, no stream offered
            if not targets or not all(works(client, href) for href in targets):
                missing.append((event.slug, word, targets))

    assert missing == []


def test_placeholder_documents_are_pdfs_that_say_they_are_placeholders(demo):
    for event in Event.objects.visible():
        for material in event.materials.all():
            if material.link.startswith("/static/"):
                path = finders.find(material.link.removeprefix("/static/"))
                content = open(path, "rb").read()  # noqa: SIM115
                assert content.startswith(b"%PDF-1.4")
                assert b"Platzhalter der Demo-Daten" in content
                assert "Platzhalter" in material.title


def test_no_livestream_link_points_to_a_home_page(demo):
    streams = Event.objects.exclude(livestream_url="").values_list(
        "livestream_url", flat=True
    )

    assert [url for url in streams if urlsplit(url).path in ("", "/")] == []


def test_place_filter_lists_the_events_held_there(client, demo):
    text = " ".join(visible_texts(client.get("/", {"place": "soest"}).content.decode()))

    held = Event.objects.visible().filter(venue__municipality__slug="soest")
    assert sorted(held.values_list("slug", flat=True)) == [
        "3-projektmanagement-tagung-soest-2021",
        "suedwestfalen-forum-2021",
    ]
    assert f"{held.count()} Veranstaltungen passen zu den Filtern." in text
    for event in Event.objects.visible():
        assert (event.full_title in text) == (event in held), event.slug


def test_municipality_filter_lists_the_events_it_co_hosts(client, demo):
    text = " ".join(
        visible_texts(client.get("/", {"municipality": "soest"}).content.decode())
    )

    co_hosted = Event.objects.visible().filter(co_host_municipalities__slug="soest")
    assert co_hosted.count() == 7
    assert "7 Veranstaltungen passen zu den Filtern." in text
    for event in Event.objects.visible():
        assert (event.full_title in text) == (event in co_hosted), event.slug


def test_documentation_turns_bullet_lines_into_a_list_and_escapes_html():
    text = "Erkenntnisse:\n• Eins <b>fett</b>\n- Zwei\n\nDanach <script>x</script>"

    assert str(documentation(text)) == (
        "<p>Erkenntnisse:</p>\n<ul><li>Eins &lt;b&gt;fett&lt;/b&gt;</li>"
        "<li>Zwei</li></ul>\n<p>Danach &lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_iserlohn_findings_are_a_list_on_the_page(client, demo):
    event = Event.objects.get(slug="10-regionalkonferenz-iserlohn-2023")

    html = client.get(event.get_absolute_url()).content.decode()

    assert "•" not in html
    assert "<li>Smart City ist vor allem eine Werkzeugbox" in html


def test_only_the_speeddating_is_typed_networking(demo):
    networking = Event.objects.filter(programme_items__kind="networking").values_list(
        "programme_items__title", flat=True
    )

    assert all("Speeddating" in title for title in networking)


def test_measures_and_model_projects_do_not_repeat_a_filler_sentence(demo):
    from projects.models import MeasureBundle

    sentences = [m.description for m in MeasureBundle.objects.exclude(description="")]
    sentences += [p.summary for p in Project.objects.exclude(summary="")]

    assert len(sentences) == len(set(sentences))
