"""Smart Cities: Konferenz in der alten Realschule Arnsberg (18.11.2021)."""

from events.models import Event, ProgrammeItem, Role

from .loader import dt
from .network import PIONEERS, SWF_WEBSITE

K = ProgrammeItem.Kind

KONFERENZ = {
    "slug": "smart-cities-konferenz-arnsberg-2021",
    "kind": Event.Kind.KONFERENZ,
    "title": "Smart Cities: Konferenz in Arnsberg",
    "motto": "Smarte Städte entstehen durch Spaß und gemeinsames Lernen",
    "start": dt("2021-11-18 10:00"),
    "end": dt("2021-11-18 16:00"),
    "venue": "alte-realschule-arnsberg",
    "host_project": "5-fuer-suedwestfalen",
    "co_hosts": PIONEERS,
    "format": Event.Format.ONSITE,
    "recording_url": SWF_WEBSITE,
    "reported_participants": 100,
    "summary": (
        "Die jährliche Projektpräsentation der 5 für Südwestfalen – Arnsberg, Bad "
        "Berleburg, Menden, Olpe und Soest – in einem Klassenzimmer in der alten "
        "Realschule Arnsberg: Startschuss für die fünfjährige Umsetzungsphase."
    ),
    "description": (
        "Ein Klassenzimmer: mit Schulmöbeln, Kreidetafel und Overheadprojektor, "
        "aber auch mit Smartboard und Tablets. Das ist das Bühnenbild für die Smart "
        "Cities: Konferenz, die jährliche Projektpräsentation der 5 für "
        "Südwestfalen. Fünf Städte, die sich als Pioniere verstehen und gemeinsam "
        "daran arbeiten, Südwestfalen zur smartesten Region Deutschlands zu machen. "
        "Das Klassenzimmer-Setting gibt den Hinweis, was smart für sie heißt: Bei "
        "Smart Cities geht es vor allem ums gemeinsame Lernen."
    ),
    "documentation": (
        "Smarte Städte machen Spaß – und auch ihre Entwicklung macht Spaß. Die "
        "Akteure der Konferenz haben eine Menge davon versprüht; das Thema des "
        "gemeinsamen Lernens zog sich durch alle Punkte der gut gefüllten "
        "Tagesordnung.\n\n"
        "Austausch und Zusammenarbeit sind das Geheimnis hinter der Smart City: Das "
        "war die Botschaft der Keynote, mit der Dr. Alanus von Radecki vom "
        "Datenkompetenzzentrum für Städte und Kommunen (DKSR) die gut 100 "
        "Teilnehmenden auf den Tag einstimmte.\n\n"
        "Wie gelebter und lebendiger Austausch aussehen kann, war Gegenstand der "
        "Diskussionsrunde der Projektmanagerinnen und Projektmanager der fünf "
        "Pionierkommunen, die dafür auf den Schulbänken im Klassenzimmer Platz "
        "genommen hatten. Alle fünf Städte hatten in den Wochen zuvor erfolgreich "
        "ihre Smart-City-Strategien verabschiedet. Das Teilen von Wissen und der "
        "intensive interkommunale Austausch der letzten zwei Jahre hat alle "
        "bereichert und Lust auf die nächsten fünf Jahre der Umsetzungsphase "
        "gemacht, für die die Konferenz der Startschuss war.\n\n"
        "In ihre Feierstunde holten die 5 für Südwestfalen zahlreiche weitere Städte "
        "aus dem Förderprogramm Modellprojekte Smart Cities, z. B. Detmold, Zwönitz "
        "und Süderbrarup, und zahlreiche Expertinnen und Experten aus Forschung, "
        "Wirtschaft und Verwaltung. Einig waren sich alle: Smarte Städte entstehen "
        "durch Spaß und gemeinsames Lernen und natürlich durch die Menschen in "
        "Südwestfalen.\n\n"
        "Die Aufzeichnung der Konferenz ist unter https://smartcities-suedwestfalen"
        ".com/ verfügbar."
    ),
    "programme": [
        {
            "kind": K.WELCOME,
            "title": "Begrüßung im Klassenzimmer",
            "description": (
                "Schulmöbel, Kreidetafel und Overheadprojektor – aber auch "
                "Smartboard und Tablets."
            ),
            "start": dt("2021-11-18 10:00"),
            "end": dt("2021-11-18 10:15"),
        },
        {
            "kind": K.KEYNOTE,
            "title": (
                "Keynote: Austausch und Zusammenarbeit – das Geheimnis hinter der "
                "Smart City"
            ),
            "start": dt("2021-11-18 10:15"),
            "end": dt("2021-11-18 11:00"),
            "speakers": [("alanus-von-radecki", Role.KEYNOTE)],
        },
        {
            "kind": K.BREAK,
            "title": "Kaffeepause",
            "start": dt("2021-11-18 11:00"),
            "end": dt("2021-11-18 11:15"),
        },
        {
            "kind": K.PANEL,
            "title": "Diskussionsrunde auf der Schulbank: gelebter Austausch",
            "description": (
                "Die Projektmanagerinnen und Projektmanager der fünf "
                "Pionierkommunen über zwei Jahre Wissensteilen und interkommunalen "
                "Austausch."
            ),
            "start": dt("2021-11-18 11:15"),
            "end": dt("2021-11-18 12:30"),
        },
        {
            "kind": K.BREAK,
            "title": "Mittagspause",
            "start": dt("2021-11-18 12:30"),
            "end": dt("2021-11-18 13:30"),
        },
        {
            "kind": K.PRESENTATION,
            "title": (
                "Fünf Smart-City-Strategien verabschiedet: Startschuss für die "
                "Umsetzungsphase"
            ),
            "description": (
                "Alle fünf Städte haben in den letzten Wochen ihre "
                "Smart-City-Strategien verabschiedet; nun beginnen fünf Jahre "
                "Umsetzung."
            ),
            "start": dt("2021-11-18 13:30"),
            "end": dt("2021-11-18 14:45"),
        },
        {
            "kind": K.NETWORKING,
            "title": "Feierstunde und Austausch mit Gästen aus dem Förderprogramm",
            "description": (
                "Mit weiteren Modellprojekten Smart Cities wie Detmold, Zwönitz und "
                "Süderbrarup sowie Expertinnen und Experten aus Forschung, "
                "Wirtschaft und Verwaltung."
            ),
            "start": dt("2021-11-18 14:45"),
            "end": dt("2021-11-18 16:00"),
        },
    ],
    "materials": [
        {"title": "Aufzeichnung der Konferenz", "url": SWF_WEBSITE},
    ],
}

EVENTS = [KONFERENZ]
