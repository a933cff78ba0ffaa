"""Fachkonferenz „Mit Digitalisierung Raum gestalten“ in Siegen (09.11.2022)."""

from events.models import Event, ProgrammeItem

from .loader import dt
from .network import PIONEERS

K = ProgrammeItem.Kind

STRATEGY_URL = (
    "https://www.smartcities-suedwestfalen.com/die-smart-cities-gesamtstrategie"
)

FACHKONFERENZ = {
    "slug": "fachkonferenz-siegen-2022",
    "kind": Event.Kind.FACHKONFERENZ,
    "title": "Mit Digitalisierung Raum gestalten",
    "motto": "Jahresrückblick der 5 für Südwestfalen",
    "start": dt("2022-11-09 10:00"),
    "end": dt("2022-11-09 16:00"),
    "venue": "siegen",
    "host_project": "5-fuer-suedwestfalen",
    "co_hosts": PIONEERS,
    "format": Event.Format.ONSITE,
    "summary": (
        "Die 5 für Südwestfalen feiern die erfolgreiche Einreichung der Smart "
        "Cities: Gesamtstrategie für Südwestfalen: Damit steht der Umsetzungsplan "
        "bis 2026 – mit 16 innovativen Maßnahmenbündeln."
    ),
    "description": (
        "Das Ziel: Südwestfalen zur smartesten Region Deutschlands machen. Das "
        "Erfolgsrezept: die Smart Cities: Rahmenstrategie für Südwestfalen. Die "
        "Zutaten: die 5 engagierten Pionierkommunen, viele weitere Kommunen, die den "
        "Faden aufnehmen und sich den Pionieren anschließen, und ein Portfolio aus "
        "16 innovativen Maßnahmenbündeln. Dazu ein paar große Prisen Spaß, "
        "Teamgeist, Kreativität und Durchhaltevermögen. Die Zubereitung: eine "
        "konzentrierte Zusammenarbeit über mehrere Monate.\n\n"
        "Der genaue Konferenzort in Siegen ist in der Dokumentation nicht genannt."
    ),
    "documentation": (
        "Ein intensives Jahr für die 5 für Südwestfalen: Der Jahresrückblick im "
        "Rahmen der Konferenz „Mit Digitalisierung Raum gestalten“ am 09.11. in "
        "Siegen kann sich sehen lassen. Vor allem die neue Gesamtstrategie: Mit ihr "
        "wurde die dreijährige Strategiephase erfolgreich abgeschlossen, und sie "
        "beschreibt den Weg für die Umsetzungsphase bis 2026.\n\n"
        "Das Kernstück der Strategie bilden 16 Maßnahmenbündel. Dahinter verbergen "
        "sich dutzende Projekte zu Zukunftsthemen, von der Weiterentwicklung der "
        "Regionalen Datenplattform über digitale Bildungsangebote und die Erkundung "
        "neuer Arbeitswelten bis hin zu smarten Lösungen im Gesundheitswesen oder "
        "dem Aufbau von Sensor- und Funknetzen. Der Grundgedanke aller Maßnahmen "
        "ist die interkommunale Zusammenarbeit und das Teilen und offene "
        "Bereitstellen von Wissen und Ergebnissen.\n\n"
        "In einer kleinen Bühnenshow blickten die Projektmanager auch auf zahlreiche "
        "Quick-Win-Projekte zurück: In Soest ist im Laufe des Jahres ein digitaler "
        "Veranstaltungskalender entstanden, und mit dem Grünen SOeFA wurde eine "
        "Ruheoase geschaffen, die über intelligente Bewässerungssensoren verfügt "
        "und nebenbei noch Vögel per KI erfasst.\n\n"
        "Jetzt richtet sich der Blick nach vorne. An einigen Maßnahmenbündeln wird "
        "bereits kräftig gearbeitet: Arnsberg, Bad Berleburg, Iserlohn, Menden und "
        "Soest haben sich mit ihren Stadtlaboren zusammengetan und tüfteln an Plänen "
        "für gemeinsame Ausstellungen, Vorträge und Programmpunkte. Man darf schon "
        "jetzt auf den Jahresrückblick 2023 gespannt sein."
    ),
    "programme": [
        {
            "kind": K.WELCOME,
            "title": "Begrüßung",
            "start": dt("2022-11-09 10:00"),
            "end": dt("2022-11-09 10:30"),
        },
        {
            "kind": K.PRESENTATION,
            "title": "Jahresrückblick: ein intensives Jahr für die 5 für Südwestfalen",
            "description": (
                "Die Einreichung der Smart Cities: Gesamtstrategie schließt die "
                "dreijährige Strategiephase ab."
            ),
            "start": dt("2022-11-09 10:30"),
            "end": dt("2022-11-09 11:30"),
        },
        {
            "kind": K.PRESENTATION,
            "title": "Die Gesamtstrategie und ihre 16 Maßnahmenbündel",
            "description": (
                "Regionale Datenplattform, digitale Bildungsangebote, neue "
                "Arbeitswelten, smarte Lösungen im Gesundheitswesen, Sensor- und "
                "Funknetze – der Umsetzungsplan bis 2026."
            ),
            "start": dt("2022-11-09 11:30"),
            "end": dt("2022-11-09 12:30"),
        },
        {
            "kind": K.BREAK,
            "title": "Mittagspause",
            "start": dt("2022-11-09 12:30"),
            "end": dt("2022-11-09 13:30"),
        },
        {
            "kind": K.PRESENTATION,
            "title": "Bühnenshow: Quick Wins aus den Pionierkommunen",
            "description": (
                "Zum Beispiel der digitale Veranstaltungskalender Soest und das "
                "Grüne SOeFA mit intelligenten Bewässerungssensoren und "
                "KI-Vogelerfassung."
            ),
            "start": dt("2022-11-09 13:30"),
            "end": dt("2022-11-09 14:30"),
        },
        {
            "kind": K.PRESENTATION,
            "title": "Ausblick: gemeinsame Stadtlabore und die Umsetzungsphase",
            "description": (
                "Arnsberg, Bad Berleburg, Iserlohn, Menden und Soest planen mit "
                "ihren Stadtlaboren gemeinsame Ausstellungen, Vorträge und "
                "Programmpunkte."
            ),
            "start": dt("2022-11-09 14:30"),
            "end": dt("2022-11-09 15:15"),
        },
        {
            "kind": K.NETWORKING,
            "title": "Ausklang und Austausch",
            "start": dt("2022-11-09 15:15"),
            "end": dt("2022-11-09 16:00"),
        },
    ],
    "materials": [
        {
            "title": "Die Smart Cities: Gesamtstrategie für Südwestfalen (Download)",
            "url": STRATEGY_URL,
        },
    ],
}

EVENTS = [FACHKONFERENZ]
