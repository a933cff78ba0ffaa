"""3. Projektmanagement-Tagung in Soest (26.–27.08.2021) and the Südwestfalen Forum."""

from events.models import Event, ProgrammeItem

from .loader import dt
from .network import SWF_WEBSITE

K = ProgrammeItem.Kind

TAGUNG = {
    "slug": "3-projektmanagement-tagung-soest-2021",
    "kind": Event.Kind.TAGUNG,
    "series_number": 3,
    "title": "Projektmanagement-Tagung der 5 für Südwestfalen",
    "start": dt("2021-08-26 10:00"),
    "end": dt("2021-08-27 14:00"),
    "venue": "stadtlabor-soest",
    "host_project": "5-fuer-suedwestfalen",
    "co_hosts": ["soest"],
    "format": Event.Format.ONSITE,
    "summary": (
        "Am 26. und 27.08. fand in Soest die dritte Projektmanagement-Tagung der "
        "5 für Südwestfalen statt. Das Projektteam (die „Smarties“) kam dafür "
        "erstmals seit Ausbruch der Corona-Pandemie wieder persönlich zusammen."
    ),
    "description": (
        "Die jährlich stattfindende Tagung ist Teil des Wissenstransfers im Projekt "
        "5 für Südwestfalen und beinhaltet methodische Fortbildungen, "
        "Diskussionsrunden zu Smart City Themen und Stadtrundgänge. Südwestfalen "
        "möchte 2030 die smarteste Region Deutschlands sein – wie der Weg dahin "
        "aussehen kann und wie die in der „Smart Cities: Rahmenstrategie“ "
        "festgehaltenen Ziele für die Region weiterentwickelt werden können, ist "
        "ebenfalls Gegenstand der Tagungen. Darüber hinaus dient das Format auch "
        "der Stärkung der Zusammenarbeit unter den fünf Kommunen.\n\n"
        "Eine interne Tagung des Projektteams; der genaue Tagungsort in Soest ist "
        "in der Dokumentation nicht genannt. Das Südwestfalen Forum im Anschluss "
        "wurde aus dem stadtLABOR Soest übertragen."
    ),
    "documentation": (
        "Zwei Tage lang setzten sich die Projektmanagerinnen und -manager intensiv "
        "mit den Themen Verwaltungsinnovation und Beteiligung auseinander.\n\n"
        "Die 5 für Südwestfalen erhielten ein Coaching zu agilen Methoden. Agile "
        "Methoden wie Scrum oder Design Sprints ermöglichen Projektteams, in hoher "
        "Geschwindigkeit innovative Lösungen für neuartige Probleme zu finden. Für "
        "Verwaltungen eignen sich diese Methoden besonders für den Umgang mit "
        "Querschnittsthemen wie der Entwicklung zu Smart Cities, aber auch "
        "Nachhaltigkeitsmanagement oder der Erreichung von Klimaneutralität.\n\n"
        "Die Verstärkung und Innovation von Bürgerinnen- und Bürgerbeteiligung ist "
        "ein weiterer wichtiger Baustein für eine erfolgreiche Transformation der "
        "Region Südwestfalen. Die Projektmanagerinnen und -manager tauschten sich "
        "daher mit einer Zukunftsforscherin über die Möglichkeiten ko-kreativer "
        "Beteiligungsprozesse aus.\n\n"
        "Zwischen den beiden Workshops führte das Soester Smart City Team die "
        "Projektkolleginnen und -kollegen auf einer Radtour zu verschiedenen "
        "Stationen in der Stadt, u. a. zum Mitmachgarten, zum sogenannten "
        "Strabag-Areal hinter dem Bahnhof, zum Liebesleben-Museum, zur Gräfte und "
        "in den Ortsteil Meckingsen. Diese Orte boten reichlich Gesprächsstoff für "
        "intensive Diskussionen zu Mobilität, Klimafolgenanpassung, Aneignung "
        "öffentlicher Räume und der Rolle von Kultureinrichtungen in smarten "
        "Städten.\n\n"
        "Die nächste Möglichkeit, mehr über die 5 für Südwestfalen zu erfahren, "
        "bot die Smart Cities: Konferenz am 18.11.2021. Weitere Infos: "
        "smartcities-suedwestfalen.com"
    ),
    "time_slots": [
        {
            "label": "Workshop 1 (26.08.)",
            "start": dt("2021-08-26 10:30"),
            "end": dt("2021-08-26 13:00"),
        },
        {
            "label": "Workshop 2 (27.08.)",
            "start": dt("2021-08-27 09:00"),
            "end": dt("2021-08-27 12:00"),
        },
    ],
    "workshops": [
        {
            "title": "Coaching zu agilen Methoden",
            "time_slot": "Workshop 1 (26.08.)",
            "description": (
                "Agile Methoden wie Scrum oder Design Sprints ermöglichen "
                "Projektteams, in hoher Geschwindigkeit innovative Lösungen für "
                "neuartige Probleme zu finden – in Verwaltungen besonders für "
                "Querschnittsthemen wie Smart City, Nachhaltigkeitsmanagement oder "
                "Klimaneutralität."
            ),
        },
        {
            "title": "Ko-kreative Beteiligungsprozesse",
            "time_slot": "Workshop 2 (27.08.)",
            "description": (
                "Austausch mit einer Zukunftsforscherin über Prozesse, die "
                "Bürgerinnen und Bürger intensiver in die Stadtgestaltung einbeziehen "
                "und sie zu gleichberechtigten Akteuren in Planung und teilweise auch "
                "Umsetzung von Entwicklungsvorhaben machen."
            ),
        },
    ],
    "programme": [
        {
            "kind": K.WELCOME,
            "title": "Ankommen und Begrüßung: erstmals seit Corona wieder persönlich",
            "start": dt("2021-08-26 10:00"),
            "end": dt("2021-08-26 10:30"),
        },
        {
            "kind": K.WORKSHOPS,
            "title": "Workshop: Coaching zu agilen Methoden",
            "description": "Scrum, Design Sprints und agile Verwaltung.",
            "start": dt("2021-08-26 10:30"),
            "end": dt("2021-08-26 13:00"),
        },
        {
            "kind": K.BREAK,
            "title": "Mittagspause",
            "start": dt("2021-08-26 13:00"),
            "end": dt("2021-08-26 14:00"),
        },
        {
            "kind": K.EXCURSION,
            "title": "Radtour durch Soest mit dem Soester Smart City Team",
            "description": (
                "Stationen u. a.: Mitmachgarten, Strabag-Areal hinter dem Bahnhof, "
                "Liebesleben-Museum, Gräfte, Ortsteil Meckingsen. Themen: Mobilität, "
                "Klimafolgenanpassung, Aneignung öffentlicher Räume, die Rolle von "
                "Kultureinrichtungen in smarten Städten."
            ),
            "start": dt("2021-08-26 14:00"),
            "end": dt("2021-08-26 17:30"),
        },
        {
            "kind": K.WORKSHOPS,
            "title": "Workshop: Ko-kreative Beteiligung mit einer Zukunftsforscherin",
            "description": (
                "Bürgerinnen und Bürger als gleichberechtigte Akteure in Planung "
                "und Umsetzung."
            ),
            "start": dt("2021-08-27 09:00"),
            "end": dt("2021-08-27 12:00"),
        },
        {
            "kind": K.PANEL,
            "title": "Diskussionsrunde: Die Rahmenstrategie weiterentwickeln",
            "description": (
                "Wie kann der Weg zur smartesten Region Deutschlands 2030 aussehen, "
                "und wie lassen sich die Ziele der Smart Cities: Rahmenstrategie "
                "weiterentwickeln?"
            ),
            "start": dt("2021-08-27 12:00"),
            "end": dt("2021-08-27 13:00"),
        },
        {
            "kind": K.BREAK,
            "title": "Mittagspause und Abschluss",
            "start": dt("2021-08-27 13:00"),
            "end": dt("2021-08-27 14:00"),
        },
    ],
    "materials": [
        {"title": "Weitere Infos: smartcities-suedwestfalen.com", "url": SWF_WEBSITE},
    ],
}

FORUM = {
    "slug": "suedwestfalen-forum-2021",
    "kind": Event.Kind.FORUM,
    "title": "Südwestfalen Forum",
    "parent": TAGUNG["slug"],
    "start": dt("2021-08-27 15:00"),
    "end": dt("2021-08-27 17:00"),
    "venue": "stadtlabor-soest",
    "host_project": "5-fuer-suedwestfalen",
    "co_hosts": ["soest"],
    "format": Event.Format.HYBRID,
    "livestream_url": SWF_WEBSITE,
    "summary": (
        "Das Südwestfalen Forum fand direkt im Anschluss an die 3. "
        "Projektmanagement-Tagung statt – per Livestream aus dem stadtLABOR Soest."
    ),
    "description": (
        "Über einen Livestream aus dem stadtLABOR konnte eine breite Öffentlichkeit "
        "aus Unternehmerinnen und Unternehmern, Kommunalvertretungen, interessierten "
        "Bürgerinnen und Bürgern und Vertretungen von Verbänden und Vereinen aus "
        "allen fünf Kreisen der Region das Projekt 5 für Südwestfalen näher "
        "kennenlernen."
    ),
    "documentation": (
        "Als besonderes Element kam 2021 das Südwestfalen Forum zur Tagung hinzu. "
        "Die Projektmanagerinnen und -manager luden auch zur Beteiligung an der "
        "Smart Cities: Schule ein – einem offenen Wissenstransfer- und Lernraum für "
        "alle Kommunen in Südwestfalen."
    ),
    "programme": [
        {
            "kind": K.PRESENTATION,
            "title": "Das Projekt 5 für Südwestfalen stellt sich vor",
            "description": "Livestream aus dem stadtLABOR Soest.",
            "start": dt("2021-08-27 15:00"),
            "end": dt("2021-08-27 16:15"),
        },
        {
            "kind": K.PRESENTATION,
            "title": "Einladung zur Smart Cities: Schule",
            "description": (
                "Ein offener Wissenstransfer- und Lernraum für alle Kommunen in "
                "Südwestfalen."
            ),
            "start": dt("2021-08-27 16:15"),
            "end": dt("2021-08-27 17:00"),
        },
    ],
}

EVENTS = [TAGUNG, FORUM]
