"""Regionalkonferenz der Modellprojekte Smart Cities in Flensburg (22.11.2022)."""

from events.models import Event, ProgrammeItem, Role

from .loader import dt

K = ProgrammeItem.Kind
SLOT = "Workshop-Phase"

REGIONALKONFERENZ = {
    "slug": "regionalkonferenz-flensburg-2022",
    "kind": Event.Kind.REGIONALKONFERENZ,
    "title": "Regionalkonferenz Flensburg",
    "motto": (
        "Die Smart-City-Strategie wird Wirklichkeit: Maßnahmen zielgerichtet gestalten"
    ),
    "start": dt("2022-11-22 10:00"),
    "end": dt("2022-11-22 16:30"),
    "venue": "deutsches-haus-flensburg",
    "host_project": "smarte-grenzregion",
    "co_hosts": ["flensburg", "kreis-nordfriesland", "kreis-schleswig-flensburg"],
    "format": Event.Format.ONSITE,
    "summary": (
        "Regionalkonferenz der Modellprojekte Smart Cities im Deutschen Haus in "
        "Flensburg: Vertreterinnen und Vertreter von Kommunen sowie aus Politik, "
        "Wirtschaft und Bürgerschaft tauschten sich darüber aus, wie Smart-City-"
        "Maßnahmen zielgerichtet gestaltet werden."
    ),
    "description": (
        "Ziel der Veranstaltung unter dem Titel „Die Smart-City-Strategie wird "
        "Wirklichkeit: Maßnahmen zielgerichtet gestalten“ war auch die Vernetzung "
        "von geförderten und nicht geförderten Kommunen in Norddeutschland. "
        "Gastgeber war das Modellprojekt „Smarte Grenzregion zwischen den Meeren“ "
        "der Stadt Flensburg und der Kreise Nordfriesland und Schleswig-Flensburg."
    ),
    "documentation": (
        "Mathias Jahnke, Leiter der Regionalentwicklung beim Kreis "
        "Schleswig-Flensburg, stellte das Gastgeberprojekt „Smarte Grenzregion "
        "zwischen den Meeren“ vor. Digitalisierung, so Jahnke, sei auch eine Frage "
        "des „Mindsets“. Ziel der smarten Grenzregion sei es, Zukunftsräume für den "
        "Alltag zu schaffen, die das Leben in der Region erleichtern.\n\n"
        "In einem weiteren Fachimpuls zeigte Nora Reinecke, Gesamtprojektleiterin "
        "des Modellprojekts „Connected Urban Twins“, einer Kooperation der Städte "
        "Hamburg, Leipzig und München, die Chancen und Möglichkeiten Digitaler "
        "Zwillinge für die Stadtentwicklung auf. Mit dem in Hamburg entwickelten "
        "Storytelling-Tool können Datenplattformen mit Texten, Fotos und "
        "Abbildungen kombiniert werden; komplexe Themen lassen sich so anschaulich "
        "vermitteln. Die Vorträge wurden als PDF zum Download bereitgestellt.\n\n"
        "Speeddating als Initialzündung für vertieften Austausch: Drei Fragen in "
        "drei Minuten, dann zum nächsten Gegenüber – in knapp 45 Minuten lernten "
        "sich die Teilnehmenden kennen und tauschten sich kurz über ihre Wege zur "
        "Smart City aus. Dabei sprang so mancher Funke über. Rede und Antwort stand "
        "auch das Team von Start Smart, dem Angebot der Koordinierungs- und "
        "Transferstelle für nicht geförderte Kommunen.\n\n"
        "Workshops: Storytelling, Organisationsformen und regionale Netzwerke. Für "
        "regionale Netzwerke wurde klar, dass Austausch vor allem dann funktioniert, "
        "wenn er regelmäßig stattfindet, ein Mehrwert erkennbar und das gemeinsame "
        "Ziel klar ist; ebenso wichtig ist es, bestehende Netzwerke und "
        "Multiplikatoren zu nutzen. Fazit des Workshops zur Organisation der Smart "
        "City: Jenseits der grundsätzlichen „Philosophie“ – in der Verwaltung oder "
        "ausgelagert – bleibt die Organisation des Miteinanders der "
        "Organisationseinheiten zentraler Erfolgsfaktor und Herausforderung "
        "gleichermaßen.\n\n"
        "Gute Smart-City-Maßnahmen sind keine Insellösungen: Im moderierten "
        "Gespräch am Nachmittag waren sich die Panelisten einig, dass "
        "Smart-City-Lösungen dann erfolgreich sind, wenn sie auf eine übergreifende "
        "Strategie einzahlen, sich am Nutzenden ausrichten und auf andere Kommunen "
        "übertragbar sind. Renate Mitterhuber, Leiterin des Referats Smart Cities "
        "im Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen (BMWSB), "
        "rief die Modellprojekte Smart Cities und weitere Kommunen zu verstärkter "
        "Zusammenarbeit auf: sich auf dem Weg zur Smart City zusammenzutun, "
        "voneinander zu lernen und gemeinsam Lösungen zu entwickeln."
    ),
    "time_slots": [
        {"label": SLOT, "start": dt("2022-11-22 13:00"), "end": dt("2022-11-22 14:30")},
    ],
    "workshops": [
        {
            "title": "Storytelling: Smart-City-Maßnahmen anschaulich erzählen",
            "time_slot": SLOT,
            "description": (
                "Wie kann Storytelling die erfolgreiche Umsetzung von "
                "Smart-City-Maßnahmen begleiten? Die Teilnehmenden üben selbst, wie "
                "sich anschauliche Geschichten rund um abstrakte Begriffe wie Daten "
                "oder Gemeinwohl unterschiedlichen Zielgruppen – der Bürgerschaft "
                "oder Akteuren aus der Wirtschaft – erzählen lassen."
            ),
        },
        {
            "title": "Organisationsformen: Die Smart City organisatorisch verorten",
            "time_slot": SLOT,
            "description": (
                "Wie kann Smart City in einer Stadt oder Region erfolgreich "
                "organisatorisch verortet werden – in der Verwaltung oder ausgelagert?"
            ),
            "documentation": (
                "Fazit: Jenseits der grundsätzlichen „Philosophie“ – in der "
                "Verwaltung oder ausgelagert – bleibt die Organisation des "
                "Miteinanders der Organisationseinheiten zentraler Erfolgsfaktor und "
                "Herausforderung gleichermaßen. Dieses Management wird dadurch zu "
                "einem wichtigen „Projekt im Projekt“ und einer eigenständigen "
                "Aufgabe jeder Smart-City-Kommune."
            ),
        },
        {
            "title": "Regionale Netzwerke aufbauen",
            "time_slot": SLOT,
            "description": "Der Aufbau regionaler Netzwerke für die Smart City.",
            "documentation": (
                "Austausch funktioniert vor allem dann, wenn er regelmäßig "
                "stattfindet, ein Mehrwert erkennbar ist und das gemeinsame Ziel klar "
                "ist – ebenso ist es wichtig, bestehende Netzwerke und Multiplikatoren "
                "zu nutzen."
            ),
        },
    ],
    "programme": [
        {
            "kind": K.WELCOME,
            "title": "Begrüßung im Deutschen Haus",
            "start": dt("2022-11-22 10:00"),
            "end": dt("2022-11-22 10:15"),
        },
        {
            "kind": K.IMPULSE,
            "title": "Das Gastgeberprojekt „Smarte Grenzregion zwischen den Meeren“",
            "description": (
                "Digitalisierung ist auch eine Frage des „Mindsets“: Zukunftsräume "
                "für den Alltag schaffen, die das Leben in der Region erleichtern."
            ),
            "start": dt("2022-11-22 10:15"),
            "end": dt("2022-11-22 10:45"),
            "speakers": [("mathias-jahnke", Role.HOST)],
        },
        {
            "kind": K.IMPULSE,
            "title": "Fachimpuls: Digitale Zwillinge für die Stadtentwicklung",
            "description": (
                "Connected Urban Twins (Hamburg, Leipzig, München) und das in Hamburg "
                "entwickelte Storytelling-Tool für Datenplattformen."
            ),
            "start": dt("2022-11-22 10:45"),
            "end": dt("2022-11-22 11:15"),
            "speakers": [("nora-reinecke", Role.IMPULSE)],
        },
        {
            "kind": K.NETWORKING,
            "title": "Speeddating: Drei Fragen in drei Minuten",
            "description": (
                "Drei Fragen in drei Minuten, dann zum nächsten Gegenüber: knapp 45 "
                "Minuten Kennenlernen und Austausch über die Wege zur Smart City – "
                "zwischen geförderten und nicht geförderten Kommunen. Mit dabei: das "
                "Team von Start Smart (KTS)."
            ),
            "start": dt("2022-11-22 11:15"),
            "end": dt("2022-11-22 12:00"),
        },
        {
            "kind": K.BREAK,
            "title": "Mittagspause",
            "start": dt("2022-11-22 12:00"),
            "end": dt("2022-11-22 13:00"),
        },
        {
            "kind": K.WORKSHOPS,
            "title": (
                "Workshops: Storytelling, Organisationsformen, regionale Netzwerke"
            ),
            "start": dt("2022-11-22 13:00"),
            "end": dt("2022-11-22 14:30"),
        },
        {
            "kind": K.BREAK,
            "title": "Kaffeepause",
            "start": dt("2022-11-22 14:30"),
            "end": dt("2022-11-22 15:00"),
        },
        {
            "kind": K.PANEL,
            "title": "Moderiertes Gespräch: Gute Smart-City-Maßnahmen sind keine "
            "Insellösungen",
            "description": (
                "Was macht eine Smart-City-Maßnahme erfolgreich? Sie zahlt auf eine "
                "übergreifende Strategie ein, richtet sich am Nutzenden aus und ist "
                "auf andere Kommunen übertragbar."
            ),
            "start": dt("2022-11-22 15:00"),
            "end": dt("2022-11-22 16:30"),
            "speakers": [("renate-mitterhuber", Role.PANEL)],
        },
    ],
}

EVENTS = [REGIONALKONFERENZ]
