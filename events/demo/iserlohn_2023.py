"""10. Regionalkonferenz der Modellprojekte Smart Cities in Iserlohn (06.09.2023)."""

from events.models import Event, ProgrammeItem, Role

from .loader import dt
from .network import PIONEERS

K = ProgrammeItem.Kind
SLOT = "Workshop-Phase"

WORKSHOP_A = {
    "code": "A",
    "title": (
        "Stadtlabore, Maker-Spaces, Digi Labs – Ort der Begegnung in der Smart City"
    ),
    "time_slot": SLOT,
    "designed_by": ["iserlohn", "arnsberg", "soest", "menden"],
    "speakers": [("dagmar-lehmann", Role.MODERATION)],
    "description": (
        "In Workshop A drehte sich alles um Stadtlabore, Maker-Spaces und Digi Labs "
        "als Orte der Begegnung in der Smart City. Im Rahmen eines World Cafés "
        "lernten die Teilnehmenden an Ständen die Stadtlabore in Iserlohn, Soest, "
        "Menden und Arnsberg kennen und arbeiteten gemeinsam Learnings und "
        "Herausforderungen heraus."
    ),
    "documentation": (
        "Nach einem kurzen Input zur Bedeutung und Funktion von Stadtlaboren "
        "stellten sich die vier Stadtlabore der Region Südwestfalen kurz mit ihren "
        "Schwerpunkten vor (siehe Präsentation). Im Anschluss folgte eine "
        "Workshop-Phase an vier Stationen: Die vier Stadtlabore präsentierten "
        "jeweils Inhalte aus ihren Laboren, und es wurde jeweils ein "
        "Schwerpunktthema vertieft."
    ),
    "stations": [
        {
            "title": "Waldstadtlabor Iserlohn",
            "question": "Wie fange ich an?",
            "city_lab": "waldstadtlabor-iserlohn",
            "description": (
                "Zum Iserlohner Waldstadtlabor wurden insbesondere die Zielgruppen "
                "in den Blick genommen und diskutiert, wie die verschiedenen Gruppen "
                "angesprochen und eingebunden werden können. Ein weiterer Fokus lag "
                "auf den Themen, die für die Einrichtung eines Stadtlabors von "
                "Bedeutung sind: politische Beschlüsse, Auswahl und Ausstattung der "
                "Räumlichkeit, Erarbeitung eines Konzeptes und eines ersten "
                "Programms sowie Marketing."
            ),
        },
        {
            "title": "stadtLABOR Soest",
            "question": "Gute Räume erzeugen!",
            "city_lab": "stadtlabor-soest",
            "description": (
                "Beim stadtLABOR Soest ging es um die Gestaltung von Räumlichkeiten "
                "und wie eng diese mit dem Ziel der Einrichtung verbunden sind. Die "
                "Gruppen sammelten Ideen und Kriterien, die ein Stadtlabor als Ort "
                "der Innovation ausmachen. Der Tenor: nicht wie im Rathaus, eher wie "
                "ein „Dritter Ort“ – einladend anders, zugänglich und offen. Take "
                "Away: Oft mangelt es nicht an Ideen für solche (für die Verwaltung) "
                "ungewöhnlichen Räume, sondern daran, sie umzusetzen und mit Leben "
                "zu befüllen."
            ),
        },
        {
            "title": "Zukunfts.Werk.Stadt Menden",
            "question": "Was muss/kann ich anbieten?",
            "city_lab": "zukunftswerkstadt-menden",
            "description": (
                "Erarbeitet wurde, welche Themen, Formate und Angebote ein "
                "Stadtlabor bieten kann. Anhand vorgegebener Handlungsfelder (z. B. "
                "MINT-Bildung, Nachhaltigkeit) wurde diskutiert, welche Angebote "
                "zielführend sind; Fragen zu Umsetzung, Erfahrungen mit einzelnen "
                "Formaten und Bewerbung der Inhalte wurden in der Runde beantwortet. "
                "Die richtigen Partner sind wichtig für das Gelingen – daher wurde "
                "auch überlegt, welche Partner für welches Format eingebunden werden "
                "können."
            ),
        },
        {
            "title": "freiRAUM Arnsberg",
            "question": "Wie gewinne ich Mitstreiterinnen und Mitstreiter?",
            "city_lab": "freiraum-arnsberg",
            "description": (
                "Das Team des freiRAUM Arnsberg und die Teilnehmenden fragten, wie "
                "sich nützliche Netzwerke knüpfen lassen. Das Team stellte seine "
                "kollaborative Herangehensweise in der Projektplanung und die "
                "Gewinnung örtlicher Multiplikatoren vor. Zu den Fragen, wie man "
                "Verbindlichkeit für Besucherinnen und Besucher schafft, Menschen "
                "nachhaltig für ein Projekt begeistert und ein Projekt zu einem "
                "wahrgenommenen Teil der Stadtgesellschaft wird, wurden erste "
                "Lösungsansätze gefunden."
            ),
        },
    ],
}

WORKSHOP_B = {
    "code": "B",
    "title": "Vom digitalen Wandel erzählen: Storytelling in der Smart City",
    "time_slot": SLOT,
    "speakers": [
        ("dorothee-fricke", Role.MODERATION),
        ("kathrin-viergutz", Role.INPUT),
        ("charlotte-raeuchle", Role.REFLECTION),
    ],
    "description": (
        "Mini-Drehbücher für den Wandel: Geschichten und Emotionen wecken "
        "Begeisterung, egal ob am Marktstand, beim Fachvortrag, im Beitrag für "
        "einen Newsletter oder in einem Film."
    ),
    "documentation": (
        "In ihrem Inputvortrag zeigte Kathrin Viergutz, warum jede Geschichte eine "
        "Heldin oder einen Helden braucht. Ihre Botschaft: Je abstrakter ein Thema "
        "ist, desto wichtiger ist es, mit Storys und Emotionen Begeisterung zu "
        "wecken.\n\n"
        "Dass es eine Herausforderung ist, die Themen der Smart City zu vermitteln, "
        "konnten die Teilnehmenden bestätigen. Im Hauptteil entwickelten sie in "
        "Kleingruppen ein Mini-Drehbuch rund um ein Smart-City-Konzept oder einen "
        "Alltagsgegenstand und trugen die Ergebnisse vor. Die wichtigste "
        "Erkenntnis: Storytelling ist kein „Hexenwerk“ und wirkt – egal ob am "
        "Marktstand, beim Fachvortrag, im Newsletter oder im Film.\n\n"
        "Die abschließende Reflexion mit Charlotte Räuchle vom Bundesinstitut für "
        "Bau-, Stadt- und Raumforschung, die als Forscherin Narrative von Smart "
        "Cities untersucht hat, machte deutlich: Ein Narrativ als übergreifende "
        "Vision ist wichtig, daraus müssen aber immer wieder einzelne Storys mit "
        "einfachen Botschaften abgeleitet werden."
    ),
}

WORKSHOP_C = {
    "code": "C",
    "title": "Moderne Kollaborationsmethoden für die Arbeit im interkommunalen Team",
    "time_slot": SLOT,
    "description": (
        "Die Grundprinzipien agilen Arbeitens: Wie setzt man schnell etwas um, statt "
        "lange Konzepte zu schreiben? Wie reflektiert man in der Runde und legt "
        "Anpassungen fest?"
    ),
    "documentation": (
        "Die Methoden wurden spielerisch anhand des „Ball Point Game“ eingeübt."
    ),
}

WORKSHOP_D = {
    "code": "D",
    "title": (
        "Regionale Chancen und Herausforderungen: Interkommunale Kooperation "
        "zielführend gestalten"
    ),
    "time_slot": SLOT,
    "speakers": [
        ("robin-eisbach", Role.IMPULSE),
        ("nora-immink", Role.IMPULSE),
    ],
    "description": (
        "Die Kernfrage: Wie können regionale Kooperationen zielführend gestaltet "
        "werden? Mit Beispielen und Musterlösungen aus dem Werkzeugkasten der "
        "„5 für Südwestfalen“ sowie existierenden Konsortien, Kooperationsmodellen "
        "und Musterlösungen im MPSC-Programm."
    ),
    "documentation": (
        "Zu Beginn verteilten sich die Teilnehmenden in einem Soziogramm im Raum, "
        "um den Status quo der Kommunen zu den Fragen „Wie aktiv bin ich in "
        "regionalen Kooperationen?“ und „Wie erfolgreich ist die regionale "
        "Kooperation?“ aufzunehmen. Beim Teilen ihrer Erkenntnisse zu diversen "
        "Kooperationsformen entstanden Schlagworte zu Herausforderungen und guten "
        "Wegen. Ein zentrales Ergebnis: Die MPSC können nicht nur mit ihren "
        "konkreten Maßnahmen, sondern auch über die Art der Zusammenarbeit eine "
        "Leuchtturmfunktion für andere Kommunen haben. Die Herausforderungen des "
        "Change Managements in regionalen Kooperationen sind nicht zu "
        "unterschätzen. Das Schaffen von Vertrauen wurde als Grundstein für "
        "funktionierende Kooperationen genannt; fehlende zeitliche und personelle "
        "Ressourcen und unterschiedliche Fördervorgaben als Stolpersteine.\n\n"
        "Im zweiten Teil gab es zwei Impulse: Robin Eisbach aus Menden (mendigital "
        "GmbH, MPSC 5 für Südwestfalen) stellte Beispiele und Musterlösungen aus "
        "dem Werkzeugkasten der 5 für Südwestfalen vor (z. B. Musterbeispiele für "
        "Geschäftsordnungen, Kooperationsverträge oder technische Tools für die "
        "interkommunale Zusammenarbeit). Nora Immink aus dem Projektbüro der KTS "
        "gab einen Überblick über existierende Konsortien, Kooperationsmodelle und "
        "Musterlösungen im MPSC-Programm.\n\n"
        "Zum Abschluss wurde gemeinsam ein Mini-Marktplatz für Musterlösungen "
        "erstellt und bestückt: bestehende Verträge, Organisationsformen, "
        "gemeinsame Vergaben. Der Marktplatz war voll befüllt; die Teilnehmenden "
        "gingen mit neuen Musterlösungen und Kontakten nach Hause – etwa einem "
        "Kooperationsvertrag der Stadt Mönchengladbach oder einem Steckbrief für "
        "Online-Kommunikation der 5 für Südwestfalen."
    ),
}

PODIUM_INSIGHTS = (
    "Wichtige Erkenntnisse der Runde:\n"
    "• Smart City ist vor allem eine Werkzeugbox, um kommunale Ziele im Sinne der "
    "integrierten Stadtentwicklung zu erreichen.\n"
    "• Am besten wäre es, wenn man nicht mehr den abstrakten Begriff Smart City "
    "erklären müsste, sondern sich der Begriff durch die gelebte Wirklichkeit "
    "überholt.\n"
    "• Kommunikation in und mit der Verwaltung ist mindestens genauso wichtig wie "
    "Öffentlichkeitsarbeit. Dazu braucht es passende Formate, zum Beispiel einen "
    "Bürgermeisterbrunch.\n"
    "• Für die Menschen in einer Stadt oder Region zählt bei Smart City, was ihr "
    "Leben verbessert.\n"
    "• Bürgerbeteiligung ist wichtig, braucht aber einen Rahmen und ein "
    "Erwartungsmanagement.\n"
    "• Für den Wissenstransfer von Smart-City-Lösungen braucht es nicht nur "
    "Geschichten, sondern auch Fakten: Was sind Erfolgsfaktoren, welche Ressourcen "
    "brauchen die Kommunen?\n"
    "• Mit festen oder mobilen Ankerorten zur Digitalisierung – ob Stadtlabor oder "
    "Lastenrad – kann man viele Menschen erreichen."
)

REGIONALKONFERENZ = {
    "slug": "10-regionalkonferenz-iserlohn-2023",
    "kind": Event.Kind.REGIONALKONFERENZ,
    "series_number": 10,
    "title": "Regionalkonferenz Iserlohn",
    "motto": "Wandel gestalten, authentisch kommunizieren",
    "start": dt("2023-09-06 10:00"),
    "end": dt("2023-09-06 18:00"),
    "venue": "iserlohn",
    "host_project": "5-fuer-suedwestfalen",
    "co_hosts": ["iserlohn", *PIONEERS],
    "format": Event.Format.ONSITE,
    "reported_participants": 120,
    "summary": (
        "Wie geht Smart City in einer ländlich geprägten Region? Wie können Städte "
        "und Gemeinden voneinander lernen und miteinander kooperieren? Und wie "
        "gelingt es, abstrakte Themen greifbar zu machen? Mit diesen Fragen "
        "beschäftigten sich rund 120 Teilnehmende bei der 10. Regionalkonferenz der "
        "Modellprojekte Smart Cities am 6. September 2023 in Iserlohn."
    ),
    "description": (
        "Südwestfalen hat sich zum Ziel gesetzt, die smarteste Region Deutschlands "
        "zu werden. Davon sollen alle 59 Städte und Gemeinden in der Region "
        "profitieren. Als „5 für Südwestfalen“ gehen die Pionierkommunen Arnsberg, "
        "Bad Berleburg, Menden, Olpe und Soest – eine Kommune aus jedem Kreis – "
        "voran. Auch die Stadt Iserlohn, die ebenfalls als Modellprojekt Smart "
        "Cities vom Bund gefördert wird, beteiligt sich an diesem Austausch und "
        "Wissenstransfer. Die Südwestfalen Agentur fungiert dabei als zentraler "
        "Netzwerkknoten.\n\n"
        "Art der Veranstaltung: offline (persönlich). Der genaue Tagungsort in "
        "Iserlohn ist in der Dokumentation nicht genannt."
    ),
    "documentation": (
        "Dass in Südwestfalen ein Modell entstanden ist, das auch Vorbild für andere "
        "Regionen in Deutschland sein kann, wurde auf der Konferenz deutlich. Ein "
        "Beispiel ist die „Smart Cities: Schule“: Hier werden in unterschiedlichen "
        "Formaten Lösungen und Erfahrungen der Pioniere geteilt und verbreitet. "
        "Davon profitieren gerade kleine und mittlere Kommunen, die nur geringe "
        "eigene Ressourcen haben.\n\n"
        "Die „Smarties“ aus Südwestfalen stellten auf dem Podium ihre Schwerpunkte "
        "vor Ort und ihr einzigartiges Kooperationsmodell vor (von links nach "
        "rechts): Sven Willerscheid (Bad Berleburg), Robin Eisbach (Menden), Dagmar "
        "Lehmann (Iserlohn), Michaela Halbe (Olpe), Yvonne Kaiser (Arnsberg), "
        "Stephan Siegert (Soest) und Hennig Schulz (Moderation).\n\n"
        "Die Workshops boten Smart City zum Anfassen und Ausprobieren: Themen "
        "wurden vertieft und Methoden ganz praktisch eingeübt (Workshops A–D).\n\n"
        "Erfolgsfaktoren von Smart-City-Kommunikation und -Vernetzung: Das Podium "
        "am Nachmittag mit Michael Huch (stellvertretender Leiter der KTS), "
        "Stephanie Arens (Leiterin der Südwestfalen Agentur), Andreas Haubrichs "
        "(Stadt Werdohl), Charlotte Räuchle (BBSR) und Hendrik Wächter "
        "(Modellprojekt Smart Cities Oberhausen).\n" + PODIUM_INSIGHTS + "\n\n"
        "Wie so ein Stadtlabor konkret aussieht, erlebten die Teilnehmenden zum "
        "Abschluss bei den Exkursionen zu den Stadtlaboren in Iserlohn und Menden "
        "sowie zwei mobilen Beispielen. Das WaldStadtLabor in Iserlohn ist zur "
        "festen Institution geworden.\n\n"
        "Fotos: DLR (Deutsches Zentrum für Luft- und Raumfahrt)."
    ),
    "time_slots": [
        {"label": SLOT, "start": dt("2023-09-06 11:15"), "end": dt("2023-09-06 13:00")},
    ],
    "workshops": [WORKSHOP_A, WORKSHOP_B, WORKSHOP_C, WORKSHOP_D],
    "programme": [
        {
            "kind": K.WELCOME,
            "title": (
                "Begrüßung: Wie geht Smart City in einer ländlich geprägten Region?"
            ),
            "start": dt("2023-09-06 10:00"),
            "end": dt("2023-09-06 10:15"),
        },
        {
            "kind": K.PANEL,
            "title": (
                "Podium: Die „Smarties“ aus Südwestfalen – Schwerpunkte vor Ort und "
                "ein einzigartiges Kooperationsmodell"
            ),
            "start": dt("2023-09-06 10:15"),
            "end": dt("2023-09-06 11:00"),
            "speakers": [
                ("sven-willerscheid", Role.PANEL),
                ("robin-eisbach", Role.PANEL),
                ("dagmar-lehmann", Role.PANEL),
                ("michaela-halbe", Role.PANEL),
                ("yvonne-kaiser", Role.PANEL),
                ("stephan-siegert", Role.PANEL),
                ("hennig-schulz", Role.MODERATION),
            ],
        },
        {
            "kind": K.BREAK,
            "title": "Kaffeepause",
            "start": dt("2023-09-06 11:00"),
            "end": dt("2023-09-06 11:15"),
        },
        {
            "kind": K.WORKSHOPS,
            "title": "Workshop-Phase: Workshops A–D",
            "description": "Smart City zum Anfassen und Ausprobieren.",
            "start": dt("2023-09-06 11:15"),
            "end": dt("2023-09-06 13:00"),
        },
        {
            "kind": K.BREAK,
            "title": "Mittagspause",
            "start": dt("2023-09-06 13:00"),
            "end": dt("2023-09-06 14:00"),
        },
        {
            "kind": K.PANEL,
            "title": "Podium: Erfolgsfaktoren von Smart-City-Kommunikation und "
            "-Vernetzung",
            "description": (
                "Was macht Smart-City-Kommunikation und Vernetzung erfolgreich? Die "
                "Erkenntnisse der Runde stehen in der Dokumentation."
            ),
            "start": dt("2023-09-06 14:00"),
            "end": dt("2023-09-06 15:15"),
            "speakers": [
                ("michael-huch", Role.PANEL),
                ("stephanie-arens", Role.PANEL),
                ("andreas-haubrichs", Role.PANEL),
                ("charlotte-raeuchle", Role.PANEL),
                ("hendrik-waechter", Role.PANEL),
            ],
        },
        {
            "kind": K.BREAK,
            "title": "Kaffeepause",
            "start": dt("2023-09-06 15:15"),
            "end": dt("2023-09-06 15:30"),
        },
        {
            "kind": K.EXCURSION,
            "title": "Exkursionen zu den Stadtlaboren in Iserlohn und Menden sowie "
            "zwei mobilen Beispielen",
            "description": (
                "Wie so ein Stadtlabor konkret aussieht: das Waldstadtlabor Iserlohn, "
                "die Zukunfts.Werk.Stadt Menden und zwei mobile Ankerorte der "
                "Digitalisierung."
            ),
            "start": dt("2023-09-06 15:30"),
            "end": dt("2023-09-06 18:00"),
        },
    ],
}

EVENTS = [REGIONALKONFERENZ]
