"""Two upcoming conferences, invented for the demo and dated relative to today.

They are keyed by slug like everything else; loading again moves their dates
along with the calendar instead of adding new rows.
"""

from datetime import date, datetime, time, timedelta

from events.models import Event, ProgrammeItem, Role
from workshops.models import TimeSlot

from .loader import BERLIN
from .network import PIONEERS

K = ProgrammeItem.Kind
SLOT = "Workshop-Phase"

DEMO_NOTE = (
    "Hinweis: Diese Veranstaltung ist ein Beispiel (Demo-Daten) und findet nicht "
    "wirklich statt."
)

MENDEN_SLUG = "11-regionalkonferenz-menden"
OLPE_SLUG = "smart-cities-konferenz-olpe"
SLUGS = (MENDEN_SLUG, OLPE_SLUG)


def _at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=BERLIN)


def _registration(now: datetime, start: datetime) -> dict:
    return {
        "status": Event.Status.PUBLISHED,
        "registration_opens": now - timedelta(days=14),
        "registration_closes": start - timedelta(days=1),
    }


def menden(now: datetime) -> dict:
    day = now.astimezone(BERLIN).date() + timedelta(weeks=6)
    start = _at(day, "10:00")
    return {
        "slug": MENDEN_SLUG,
        "kind": Event.Kind.REGIONALKONFERENZ,
        "series_number": 11,
        "title": "Regionalkonferenz Menden",
        "motto": "Stadtlabore vernetzen – Smart City gemeinsam erleben",
        "start": start,
        "end": _at(day, "17:00"),
        "venue": "zukunftswerkstadt-menden",
        "host_project": "5-fuer-suedwestfalen",
        "co_hosts": ["menden", "iserlohn", *PIONEERS],
        "format": Event.Format.HYBRID,
        "capacity_onsite": 120,
        "capacity_online": 200,
        **_registration(now, start),
        "summary": (
            "Die Stadtlabore in Südwestfalen arbeiten im Verbund: Wie entstehen "
            "gemeinsame Ausstellungen, Vorträge und Programmpunkte, und was können "
            "andere Kommunen davon übernehmen? Vor Ort in der Zukunfts.Werk.Stadt "
            "Menden und online."
        ),
        "description": (
            "Die 11. Regionalkonferenz knüpft an Iserlohn 2023 an: Arnsberg, Bad "
            "Berleburg, Iserlohn, Menden und Soest haben sich mit ihren Stadtlaboren "
            "zusammengetan. Mit Workshops zu Stadtlaboren, Storytelling, agiler "
            "Zusammenarbeit und Musterlösungen für interkommunale Kooperation, "
            "Speeddating und einem Rundgang durch die Zukunfts.Werk.Stadt.\n\n"
            + DEMO_NOTE
        ),
        "time_slots": [
            {
                "label": SLOT,
                "start": _at(day, "11:30"),
                "end": _at(day, "13:00"),
                # Four parallel workshops as in Iserlohn: registrants rank them
                # and the places are allocated after registration closes.
                "allocation": TimeSlot.Allocation.PREFERENCE,
            }
        ],
        "workshops": [
            {
                "code": "A",
                "title": "World Café: Stadtlabore im Verbund",
                "time_slot": SLOT,
                "capacity": 25,
                "room": "Werkstatt",
                "designed_by": ["iserlohn", "arnsberg", "soest", "menden"],
                "speakers": [("dagmar-lehmann", Role.MODERATION)],
                "description": (
                    "Vier Stationen, vier Stadtlabore: Die Teilnehmenden wechseln "
                    "alle 20 Minuten den Tisch."
                ),
                "stations": [
                    {
                        "title": "Waldstadtlabor Iserlohn",
                        "question": "Wie planen wir eine gemeinsame Ausstellung?",
                        "city_lab": "waldstadtlabor-iserlohn",
                    },
                    {
                        "title": "stadtLABOR Soest",
                        "question": "Wie wird ein Raum zum „Dritten Ort“?",
                        "city_lab": "stadtlabor-soest",
                    },
                    {
                        "title": "Zukunfts.Werk.Stadt Menden",
                        "question": "Welche Formate tragen sich über Jahre?",
                        "city_lab": "zukunftswerkstadt-menden",
                    },
                    {
                        "title": "freiRAUM Arnsberg",
                        "question": "Wie bleiben Mitstreitende dabei?",
                        "city_lab": "freiraum-arnsberg",
                    },
                ],
            },
            {
                "code": "B",
                "title": "Storytelling: Vom Projekt zur Geschichte",
                "time_slot": SLOT,
                "capacity": 25,
                "room": "Seminarraum 1",
                "speakers": [("stephan-siegert", Role.MODERATION)],
                "description": "Mini-Drehbücher für Smart-City-Maßnahmen.",
            },
            {
                "code": "C",
                "title": "Agil im interkommunalen Team",
                "time_slot": SLOT,
                "capacity": 25,
                "room": "Seminarraum 2",
                "speakers": [("yvonne-kaiser", Role.MODERATION)],
                "description": "Scrum, Retrospektiven und das „Ball Point Game“.",
            },
            {
                "code": "D",
                "title": "Musterlösungen für interkommunale Kooperation",
                "time_slot": SLOT,
                "capacity": 25,
                "room": "Foyer",
                "speakers": [
                    ("robin-eisbach", Role.MODERATION),
                    ("michaela-halbe", Role.IMPULSE),
                ],
                "description": (
                    "Ein Marktplatz für Kooperationsverträge, Geschäftsordnungen und "
                    "Tools aus dem Werkzeugkasten der 5 für Südwestfalen."
                ),
            },
        ],
        "programme": [
            {
                "kind": K.WELCOME,
                "title": "Begrüßung",
                "start": _at(day, "10:00"),
                "end": _at(day, "10:15"),
                "speakers": [
                    ("stephanie-arens", Role.HOST),
                    ("hennig-schulz", Role.MODERATION),
                ],
            },
            {
                "kind": K.NETWORKING,
                "title": "Speeddating: Drei Fragen in drei Minuten",
                "description": "Kennenlernen im Drei-Minuten-Takt, rund 45 Minuten.",
                "start": _at(day, "10:15"),
                "end": _at(day, "11:00"),
            },
            {
                "kind": K.BREAK,
                "title": "Kaffeepause",
                "start": _at(day, "11:00"),
                "end": _at(day, "11:30"),
            },
            {
                "kind": K.WORKSHOPS,
                "title": "Workshop-Phase: Workshops A–D",
                "start": _at(day, "11:30"),
                "end": _at(day, "13:00"),
            },
            {
                "kind": K.BREAK,
                "title": "Mittagspause",
                "start": _at(day, "13:00"),
                "end": _at(day, "14:00"),
            },
            {
                "kind": K.PANEL,
                "title": "Podium: Was Stadtlabore für die Region leisten",
                "start": _at(day, "14:00"),
                "end": _at(day, "15:15"),
                "speakers": [
                    ("dagmar-lehmann", Role.PANEL),
                    ("stephan-siegert", Role.PANEL),
                    ("robin-eisbach", Role.PANEL),
                    ("hennig-schulz", Role.MODERATION),
                ],
            },
            {
                "kind": K.EXCURSION,
                "title": "Rundgang durch die Zukunfts.Werk.Stadt Menden",
                "start": _at(day, "15:30"),
                "end": _at(day, "17:00"),
            },
        ],
    }


def olpe(now: datetime) -> dict:
    day = now.astimezone(BERLIN).date() + timedelta(days=91)
    start = _at(day, "10:00")
    return {
        "slug": OLPE_SLUG,
        "kind": Event.Kind.KONFERENZ,
        "title": "Smart Cities: Konferenz in Olpe",
        "motto": "Halbzeit der Umsetzungsphase",
        "start": start,
        "end": _at(day, "16:00"),
        "venue": "olpe",
        "host_project": "5-fuer-suedwestfalen",
        "co_hosts": PIONEERS,
        "format": Event.Format.ONSITE,
        "capacity_onsite": 150,
        **_registration(now, start),
        "summary": (
            "Die jährliche Projektpräsentation der 5 für Südwestfalen, diesmal in "
            "Olpe: Was die 16 Maßnahmenbündel bisher bewegt haben."
        ),
        "description": "Bilanz, Podium und Austausch.\n\n" + DEMO_NOTE,
        "programme": [
            {
                "kind": K.WELCOME,
                "title": "Begrüßung",
                "start": _at(day, "10:00"),
                "end": _at(day, "10:30"),
                "speakers": [("michaela-halbe", Role.HOST)],
            },
            {
                "kind": K.PRESENTATION,
                "title": "Bilanz: Die 16 Maßnahmenbündel zur Halbzeit",
                "start": _at(day, "10:30"),
                "end": _at(day, "12:00"),
            },
            {
                "kind": K.BREAK,
                "title": "Mittagspause",
                "start": _at(day, "12:00"),
                "end": _at(day, "13:00"),
            },
            {
                "kind": K.PANEL,
                "title": "Podium der Pionierkommunen",
                "start": _at(day, "13:00"),
                "end": _at(day, "14:30"),
                "speakers": [
                    ("sven-willerscheid", Role.PANEL),
                    ("robin-eisbach", Role.PANEL),
                    ("michaela-halbe", Role.PANEL),
                    ("yvonne-kaiser", Role.PANEL),
                    ("stephan-siegert", Role.PANEL),
                    ("hennig-schulz", Role.MODERATION),
                ],
            },
            {
                "kind": K.NETWORKING,
                "title": "Austausch und Ausklang",
                "start": _at(day, "14:30"),
                "end": _at(day, "16:00"),
            },
        ],
    }


def events(now: datetime) -> list[dict]:
    return [menden(now), olpe(now)]
