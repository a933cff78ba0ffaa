"""`manage.py load_demo`: every documented fact lands in the database, once."""

from datetime import timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.permissions import Perm, events_for
from demo.loader import load_demo
from events.models import (
    Event,
    Material,
    ProgrammeContribution,
    ProgrammeItem,
    Role,
    Speaker,
    Venue,
)
from projects.models import (
    CityLab,
    MeasureBundle,
    Municipality,
    Organisation,
    Project,
    ProjectMembership,
)
from workshops.models import Station, TimeSlot, Workshop, WorkshopContribution

BERLIN = ZoneInfo("Europe/Berlin")
ISERLOHN = "10-regionalkonferenz-iserlohn-2023"
FLENSBURG = "regionalkonferenz-flensburg-2022"
MENDEN = "11-regionalkonferenz-menden"

COUNTED = [
    Municipality,
    Organisation,
    Project,
    ProjectMembership,
    CityLab,
    MeasureBundle,
    Venue,
    Event,
    Speaker,
    ProgrammeItem,
    ProgrammeContribution,
    Material,
    TimeSlot,
    Workshop,
    WorkshopContribution,
    Station,
    get_user_model(),
]


def _counts():
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    counts["co_hosts"] = Event.co_host_municipalities.through.objects.count()
    counts["designed_by"] = Workshop.designed_by.through.objects.count()
    return counts


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    """Load once per module inside a transaction that is rolled back at the end.

    Each test's own `db` transaction nests inside it as a savepoint, so tests stay
    isolated while the loader runs once instead of forty times.
    """
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
    """The demo data as `manage.py load_demo` leaves it (without demo accounts)."""


def _local(value):
    return value.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")


def _workshop(slug, code):
    return Workshop.objects.get(event__slug=slug, code=code)


def _people(queryset, role):
    return [
        c.speaker.name for c in queryset.filter(role=role).select_related("speaker")
    ]


# Idempotence


def test_load_demo_twice_creates_no_duplicates(db):
    call_command("load_demo", "--with-demo-users", stdout=StringIO())
    first = _counts()

    call_command("load_demo", "--with-demo-users", stdout=StringIO())

    assert _counts() == first
    assert first["Event"] == 8
    assert first["Workshop"] == 4 + 3 + 2 + 4


def test_load_demo_again_later_moves_upcoming_dates_without_new_rows(db):
    now = timezone.now()
    load_demo(now=now)
    before = Event.objects.get(slug=MENDEN).start
    count = Event.objects.count()

    load_demo(now=now + timedelta(days=7))

    assert Event.objects.count() == count
    assert Event.objects.get(slug=MENDEN).start == before + timedelta(days=7)


# The documented conferences


@pytest.mark.parametrize(
    ("slug", "start", "end"),
    [
        (
            "3-projektmanagement-tagung-soest-2021",
            "26.08.2021 10:00",
            "27.08.2021 14:00",
        ),
        ("suedwestfalen-forum-2021", "27.08.2021 15:00", "27.08.2021 17:00"),
        (
            "smart-cities-konferenz-arnsberg-2021",
            "18.11.2021 10:00",
            "18.11.2021 16:00",
        ),
        ("fachkonferenz-siegen-2022", "09.11.2022 10:00", "09.11.2022 16:00"),
        (FLENSBURG, "22.11.2022 10:00", "22.11.2022 16:30"),
        (ISERLOHN, "06.09.2023 10:00", "06.09.2023 18:00"),
    ],
)
def test_documented_conference_has_its_dates_in_berlin_time(demo, slug, start, end):
    event = Event.objects.get(slug=slug)

    assert (_local(event.start), _local(event.end)) == (start, end)
    assert event.status == Event.Status.PUBLISHED
    assert event.is_past
    assert not event.registration_is_open()


@pytest.mark.parametrize(
    ("slug", "kind", "full_title", "venue", "city"),
    [
        (
            "3-projektmanagement-tagung-soest-2021",
            Event.Kind.TAGUNG,
            "3. Projektmanagement-Tagung der 5 für Südwestfalen",
            "",  # the report names the town only
            "Soest",
        ),
        (
            "smart-cities-konferenz-arnsberg-2021",
            Event.Kind.KONFERENZ,
            "Smart Cities: Konferenz in Arnsberg",
            "Alte Realschule Arnsberg",
            "Arnsberg",
        ),
        (
            "fachkonferenz-siegen-2022",
            Event.Kind.FACHKONFERENZ,
            "Mit Digitalisierung Raum gestalten",
            "",
            "Siegen",
        ),
        (
            FLENSBURG,
            Event.Kind.REGIONALKONFERENZ,
            "Regionalkonferenz Flensburg",
            "Deutsches Haus",
            "Flensburg",
        ),
        (
            ISERLOHN,
            Event.Kind.REGIONALKONFERENZ,
            "10. Regionalkonferenz Iserlohn",
            "",
            "Iserlohn",
        ),
    ],
)
def test_documented_conference_has_kind_title_and_venue(
    demo, slug, kind, full_title, venue, city
):
    event = Event.objects.select_related("venue").get(slug=slug)

    assert (event.kind, event.full_title) == (kind, full_title)
    assert (event.venue.name, event.venue.city) == (venue, city)


def test_mottos_of_the_regional_conferences(demo):
    assert (
        Event.objects.get(slug=ISERLOHN).motto
        == "Wandel gestalten, authentisch kommunizieren"
    )
    assert Event.objects.get(slug=FLENSBURG).motto == (
        "Die Smart-City-Strategie wird Wirklichkeit: Maßnahmen zielgerichtet gestalten"
    )


def test_participant_numbers_from_the_reports(demo):
    reported = dict(
        Event.objects.filter(reported_participants__isnull=False).values_list(
            "slug", "reported_participants"
        )
    )

    assert reported == {"smart-cities-konferenz-arnsberg-2021": 100, ISERLOHN: 120}
    wording = dict(
        Event.objects.filter(slug__in=reported).values_list(
            "slug", "reported_participants_wording"
        )
    )
    # "gut 100" Teilnehmende in Arnsberg, "rund 120" in Iserlohn.
    assert wording == {
        "smart-cities-konferenz-arnsberg-2021": "over",
        ISERLOHN: "about",
    }


# Soest and the Forum


def test_forum_follows_the_tagung_streamed_from_the_stadtlabor(demo):
    forum = Event.objects.get(slug="suedwestfalen-forum-2021")

    assert forum.kind == Event.Kind.FORUM
    assert forum.parent.slug == "3-projektmanagement-tagung-soest-2021"
    assert forum.start >= forum.parent.end
    # The report gives no address of the stream; the home page is not one.
    assert forum.livestream_url == ""
    assert forum.venue.city_lab.name == "stadtLABOR Soest"
    assert "Smart Cities: Schule" in forum.documentation


def test_soest_tagung_has_two_workshops_and_the_bike_tour(demo):
    tagung = Event.objects.get(slug="3-projektmanagement-tagung-soest-2021")
    tour = tagung.programme_items.get(kind=ProgrammeItem.Kind.EXCURSION)

    assert sorted(tagung.workshops.values_list("title", flat=True)) == [
        "Coaching zu agilen Methoden",
        "Ko-kreative Beteiligungsprozesse",
    ]
    for place in ("Mitmachgarten", "Strabag-Areal", "Liebesleben-Museum", "Gräfte"):
        assert place in tour.description
    assert "Meckingsen" in tour.description
    assert "erstmals seit Ausbruch der Corona-Pandemie" in tagung.summary


# Arnsberg


def test_arnsberg_keynote_by_alanus_von_radecki_of_the_dksr(demo):
    keynote = ProgrammeContribution.objects.get(
        programme_item__event__slug="smart-cities-konferenz-arnsberg-2021",
        role=Role.KEYNOTE,
    )

    assert keynote.speaker.name == "Dr. Alanus von Radecki"
    assert keynote.speaker.organisation.short_name == "DKSR"


def test_arnsberg_names_the_visiting_model_projects_and_recording(demo):
    event = Event.objects.get(slug="smart-cities-konferenz-arnsberg-2021")

    for town in ("Detmold", "Zwönitz", "Süderbrarup"):
        assert town in event.documentation
    assert event.recording_url == "https://smartcities-suedwestfalen.com/"
    assert "Klassenzimmer" in event.description


# Iserlohn


def test_iserlohn_has_workshops_a_to_d_in_one_time_slot(demo):
    workshops = Workshop.objects.filter(event__slug=ISERLOHN).order_by("code")

    assert [(w.code, w.title) for w in workshops] == [
        (
            "A",
            "Stadtlabore, Maker-Spaces, Digi Labs – Ort der Begegnung "
            "in der Smart City",
        ),
        ("B", "Vom digitalen Wandel erzählen: Storytelling in der Smart City"),
        ("C", "Moderne Kollaborationsmethoden für die Arbeit im interkommunalen Team"),
        (
            "D",
            "Regionale Chancen und Herausforderungen: Interkommunale Kooperation "
            "zielführend gestalten",
        ),
    ]
    assert {w.time_slot.label for w in workshops} == {"Workshop-Phase"}


@pytest.mark.parametrize(
    ("code", "role", "people"),
    [
        ("A", Role.MODERATION, ["Dr. Dagmar Lehmann"]),
        ("B", Role.MODERATION, ["Dorothee Fricke"]),
        ("B", Role.INPUT, ["Kathrin Viergutz"]),
        ("B", Role.REFLECTION, ["Dr. Charlotte Räuchle"]),
        ("D", Role.IMPULSE, ["Robin Eisbach", "Nora Immink"]),
    ],
)
def test_iserlohn_workshop_contributors(demo, code, role, people):
    workshop = _workshop(ISERLOHN, code)

    assert _people(workshop.contributions, role) == people


def test_iserlohn_workshop_a_was_designed_by_four_towns(demo):
    designed_by = _workshop(ISERLOHN, "A").designed_by.values_list("name", flat=True)

    assert sorted(designed_by) == ["Arnsberg", "Iserlohn", "Menden", "Soest"]


def test_iserlohn_workshop_a_has_four_city_lab_stations_with_questions(demo):
    stations = _workshop(ISERLOHN, "A").stations.select_related("city_lab")

    assert [(s.city_lab.name, s.question) for s in stations] == [
        ("Waldstadtlabor Iserlohn", "Wie fange ich an?"),
        ("stadtLABOR Soest", "Gute Räume erzeugen!"),
        ("Zukunfts.Werk.Stadt Menden", "Was muss/kann ich anbieten?"),
        ("freiRAUM Arnsberg", "Wie gewinne ich Mitstreiterinnen und Mitstreiter?"),
    ]
    assert "Dritter Ort" in stations[1].description


def test_iserlohn_workshop_texts_keep_the_reported_results(demo):
    assert "Ball Point Game" in _workshop(ISERLOHN, "C").documentation
    assert "Mönchengladbach" in _workshop(ISERLOHN, "D").documentation
    assert "Heldin oder einen Helden" in _workshop(ISERLOHN, "B").documentation


def test_iserlohn_morning_podium_of_the_smarties_with_moderation(demo):
    contributions = ProgrammeContribution.objects.filter(
        programme_item__event__slug=ISERLOHN,
        programme_item__title__contains="Smarties",
    )

    assert _people(contributions, Role.PANEL) == [
        "Sven Willerscheid",
        "Robin Eisbach",
        "Dr. Dagmar Lehmann",
        "Michaela Halbe",
        "Yvonne Kaiser",
        "Stephan Siegert",
    ]
    assert _people(contributions, Role.MODERATION) == ["Hennig Schulz"]


def test_iserlohn_afternoon_podium_panellists_with_their_organisations(demo):
    item = ProgrammeItem.objects.get(
        event__slug=ISERLOHN, title__contains="Erfolgsfaktoren"
    )
    panel = item.contributions.filter(role=Role.PANEL).select_related(
        "speaker__organisation", "speaker__project", "speaker__municipality"
    )

    assert [(c.speaker.name, c.speaker.affiliation) for c in panel] == [
        (
            "Michael Huch",
            "Stellvertretender Leiter, Koordinierungs- und Transferstelle "
            "Modellprojekte Smart Cities",
        ),
        ("Stephanie Arens", "Leiterin, Südwestfalen Agentur"),
        ("Andreas Haubrichs", "Stadt Werdohl"),
        (
            "Dr. Charlotte Räuchle",
            "Bundesinstitut für Bau-, Stadt- und Raumforschung",
        ),
        ("Hendrik Wächter", "Modellprojekt Smart Cities Oberhausen"),
    ]
    assert "Bürgermeisterbrunch" in item.event.documentation


def test_iserlohn_ends_with_excursions_to_the_city_labs(demo):
    last = ProgrammeItem.objects.filter(event__slug=ISERLOHN).order_by("order").last()

    assert last.kind == ProgrammeItem.Kind.EXCURSION
    assert "Iserlohn und Menden" in last.title
    assert "zwei mobilen Beispielen" in last.title
    assert _local(last.end) == "06.09.2023 18:00"


def test_iserlohn_is_hosted_by_the_5_fuer_suedwestfalen_with_iserlohn(demo):
    event = Event.objects.get(slug=ISERLOHN)

    assert event.host_project.name == "5 für Südwestfalen"
    assert "Iserlohn" in event.co_host_municipalities.values_list("name", flat=True)
    assert event.format == Event.Format.ONSITE


# Flensburg


def test_flensburg_speeddating_lasts_about_45_minutes(demo):
    item = ProgrammeItem.objects.get(
        event__slug=FLENSBURG, kind=ProgrammeItem.Kind.NETWORKING
    )

    assert item.title == "Speeddating: Drei Fragen in drei Minuten"
    assert item.end - item.start == timedelta(minutes=45)
    assert "Start Smart" in item.description


def test_flensburg_host_project_and_co_hosts(demo):
    event = Event.objects.get(slug=FLENSBURG)

    assert event.host_project.name == "Smarte Grenzregion zwischen den Meeren"
    assert sorted(event.co_host_municipalities.values_list("name", flat=True)) == [
        "Flensburg",
        "Kreis Nordfriesland",
        "Kreis Schleswig-Flensburg",
    ]


def test_flensburg_speakers_in_their_roles(demo):
    contributions = ProgrammeContribution.objects.filter(
        programme_item__event__slug=FLENSBURG
    ).select_related("speaker__organisation", "speaker__project")
    by_role = {c.role: c.speaker for c in contributions}

    assert by_role[Role.HOST].name == "Mathias Jahnke"
    assert "Regionalentwicklung" in by_role[Role.HOST].function
    assert by_role[Role.IMPULSE].project.name == "Connected Urban Twins"
    assert by_role[Role.PANEL].name == "Renate Mitterhuber"
    assert by_role[Role.PANEL].organisation.short_name == "BMWSB"


def test_flensburg_has_three_workshops(demo):
    titles = Workshop.objects.filter(event__slug=FLENSBURG).values_list(
        "title", flat=True
    )

    assert len(titles) == 3
    assert any("Storytelling" in t for t in titles)
    assert any("Organisation" in t for t in titles)
    assert any("Regionale Netzwerke" in t for t in titles)


def test_connected_urban_twins_joins_hamburg_leipzig_and_muenchen(demo):
    project = Project.objects.get(slug="connected-urban-twins")

    assert sorted(project.municipalities.values_list("name", flat=True)) == [
        "Hamburg",
        "Leipzig",
        "München",
    ]


# Siegen and the strategy


def test_siegen_reviews_the_strategy_with_16_bundles_and_quick_wins(demo):
    event = Event.objects.get(slug="fachkonferenz-siegen-2022")
    quick_wins = MeasureBundle.objects.filter(kind=MeasureBundle.Kind.QUICK_WIN)

    assert "16 Maßnahmenbündel" in event.documentation
    assert "Jahresrückblick 2023" in event.documentation
    assert sorted(quick_wins.values_list("title", flat=True)) == [
        "Digitaler Veranstaltungskalender Soest",
        "Grünes SOeFA",
    ]
    assert event.materials.get().url == (
        "https://www.smartcities-suedwestfalen.com/die-smart-cities-gesamtstrategie"
    )


# The network


def test_five_pioneer_towns_one_per_kreis(demo):
    project = Project.objects.get(slug="5-fuer-suedwestfalen")

    assert sorted(project.municipalities.values_list("name", "district")) == [
        ("Arnsberg", "Hochsauerlandkreis"),
        ("Bad Berleburg", "Kreis Siegen-Wittgenstein"),
        ("Menden", "Märkischer Kreis"),
        ("Olpe", "Kreis Olpe"),
        ("Soest", "Kreis Soest"),
    ]


def test_city_labs_belong_to_their_towns(demo):
    labs = CityLab.objects.values_list("name", "municipality__name")

    assert sorted(labs) == [
        ("Waldstadtlabor Iserlohn", "Iserlohn"),
        ("Zukunfts.Werk.Stadt Menden", "Menden"),
        ("freiRAUM Arnsberg", "Arnsberg"),
        ("stadtLABOR Soest", "Soest"),
    ]


def test_organisations_named_in_the_reports(demo):
    short_names = set(Organisation.objects.values_list("short_name", flat=True))

    assert {"KTS", "BBSR", "DKSR", "BMWSB", "DLR"} <= short_names
    assert Organisation.objects.filter(name="mendigital GmbH").exists()
    assert Project.objects.filter(name="Start Smart").exists()
    assert Project.objects.filter(name="Südwestfalen Agentur").exists()


# The upcoming conferences


def test_upcoming_regional_conference_is_open_for_registration(demo):
    event = Event.objects.get(slug=MENDEN)
    now = timezone.now()

    assert event.registration_is_open()
    assert timedelta(weeks=5) < event.start - now < timedelta(weeks=7)
    assert event.registration_closes == event.start - timedelta(days=1)
    assert event.format == Event.Format.HYBRID
    assert (event.capacity_onsite, event.capacity_online) == (120, 200)
    assert "Demo-Daten" in event.description


def test_upcoming_regional_conference_has_four_workshops_and_speeddating(demo):
    event = Event.objects.get(slug=MENDEN)
    workshops = event.workshops.order_by("code")

    assert [(w.code, w.capacity) for w in workshops] == [
        ("A", 25),
        ("B", 25),
        ("C", 25),
        ("D", 25),
    ]
    assert workshops[0].stations.count() == 4
    assert event.time_slots.get().workshops.count() == 4
    assert all(w.contributions.filter(role=Role.MODERATION).exists() for w in workshops)
    assert event.programme_items.filter(title__startswith="Speeddating").exists()


def test_second_upcoming_conference_is_open_too(demo):
    event = Event.objects.get(slug="smart-cities-konferenz-olpe")

    assert event.registration_is_open()
    assert event.start > Event.objects.get(slug=MENDEN).start


# Demo accounts


def test_without_the_flag_no_demo_accounts_are_created(demo):
    assert not get_user_model().objects.exists()


def test_demo_users_are_staff_with_project_memberships(db):
    call_command("load_demo", "--with-demo-users", stdout=StringIO())
    users = get_user_model().objects.filter(is_staff=True)

    memberships = sorted(
        ProjectMembership.objects.filter(user__in=users).values_list(
            "user__username", "project__slug", "role"
        )
    )

    assert memberships == [
        ("einlass-suedwestfalen", "5-fuer-suedwestfalen", "staff"),
        ("orga-grenzregion", "smarte-grenzregion", "organiser"),
        ("orga-suedwestfalen", "5-fuer-suedwestfalen", "organiser"),
        ("orga-suedwestfalen", "suedwestfalen-agentur", "organiser"),
    ]
    assert not users.filter(is_superuser=True).exists()


def test_demo_organiser_and_door_staff_have_admin_permissions(db):
    call_command("load_demo", "--with-demo-users", stdout=StringIO())
    User = get_user_model()
    organiser = User.objects.get(username="orga-suedwestfalen")
    door = User.objects.get(username="einlass-suedwestfalen")

    assert organiser.has_perms(
        [
            "events.add_event",
            "events.change_event",
            "events.change_programmeitem",
            "workshops.change_workshop",
            "events.change_speaker",
            "events.change_venue",
            "participants.view_registration",
        ]
    )
    assert door.has_perms(
        ["participants.view_registration", "participants.change_registration"]
    )
    assert not door.has_perm("events.change_event")


def test_demo_logins_prints_the_accounts_only_when_they_exist(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "Passwort" not in out.getvalue()

    call_command("load_demo", "--with-demo-users", stdout=StringIO())
    out = StringIO()
    call_command("demo_logins", stdout=out)

    assert "orga-suedwestfalen@example.org / Passwort demo-suedwestfalen" in (
        out.getvalue()
    )
    assert "einlass-suedwestfalen@example.org" in out.getvalue()
    assert "orga-grenzregion@example.org" in out.getvalue()
    assert "/admin/" in out.getvalue()


def test_demo_organiser_signs_in_with_the_printed_login_and_opens_the_admin(client, db):
    call_command("load_demo", "--with-demo-users", stdout=StringIO())
    out = StringIO()
    call_command("demo_logins", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if "orga-suedwestfalen" in x)
    login, password = line.split(": ", 1)[1].split(" / Passwort ")

    response = client.post(
        reverse("account_login"), {"login": login, "password": password}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_organisers_see_only_their_own_projects_events(db):
    call_command("load_demo", "--with-demo-users", stdout=StringIO())
    User = get_user_model()

    north = events_for(User.objects.get(username="orga-grenzregion"), Perm.MANAGE)
    south = events_for(User.objects.get(username="orga-suedwestfalen"), Perm.MANAGE)

    assert list(north.values_list("slug", flat=True)) == [FLENSBURG]
    assert FLENSBURG not in south.values_list("slug", flat=True)
    assert ISERLOHN in south.values_list("slug", flat=True)
