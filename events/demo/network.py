"""The network behind the conferences: towns, projects, city labs, people."""

from projects.models import MeasureBundle, Municipality, Project

CITY = Municipality.Kind.CITY
TOWN = Municipality.Kind.TOWN
DISTRICT = Municipality.Kind.DISTRICT
NRW = "Nordrhein-Westfalen"
SH = "Schleswig-Holstein"
KREISFREI = "kreisfreie Stadt"


def _town(slug, name, district, state, kind=CITY):
    return {
        "slug": slug,
        "name": name,
        "kind": kind,
        "district": district,
        "state": state,
    }


MUNICIPALITIES = [
    # The 5 für Südwestfalen: one pioneer town from each of the region's five Kreise.
    _town("arnsberg", "Arnsberg", "Hochsauerlandkreis", NRW),
    _town("bad-berleburg", "Bad Berleburg", "Kreis Siegen-Wittgenstein", NRW),
    _town("menden", "Menden", "Märkischer Kreis", NRW),
    _town("olpe", "Olpe", "Kreis Olpe", NRW),
    _town("soest", "Soest", "Kreis Soest", NRW),
    # Further towns in Südwestfalen named in the reports.
    _town("iserlohn", "Iserlohn", "Märkischer Kreis", NRW),
    _town("werdohl", "Werdohl", "Märkischer Kreis", NRW),
    _town("siegen", "Siegen", "Kreis Siegen-Wittgenstein", NRW),
    # Smarte Grenzregion zwischen den Meeren.
    _town("flensburg", "Flensburg", KREISFREI, SH),
    _town("kreis-nordfriesland", "Kreis Nordfriesland", "Nordfriesland", SH, DISTRICT),
    _town(
        "kreis-schleswig-flensburg",
        "Kreis Schleswig-Flensburg",
        "Schleswig-Flensburg",
        SH,
        DISTRICT,
    ),
    # Connected Urban Twins.
    _town("hamburg", "Hamburg", KREISFREI, "Hamburg"),
    _town("leipzig", "Leipzig", KREISFREI, "Sachsen"),
    _town("muenchen", "München", KREISFREI, "Bayern"),
    # Other model projects and towns named in the reports.
    _town("oberhausen", "Oberhausen", KREISFREI, NRW),
    _town("moenchengladbach", "Mönchengladbach", KREISFREI, NRW),
    _town("detmold", "Detmold", "Kreis Lippe", NRW),
    _town("zwoenitz", "Zwönitz", "Erzgebirgskreis", "Sachsen"),
    _town("suederbrarup", "Süderbrarup", "Kreis Schleswig-Flensburg", SH, TOWN),
]

PIONEERS = ["arnsberg", "bad-berleburg", "menden", "olpe", "soest"]

SWF_WEBSITE = "https://smartcities-suedwestfalen.com/"

ORGANISATIONS = [
    {"name": "Südwestfalen Agentur"},
    {
        "name": "Koordinierungs- und Transferstelle Modellprojekte Smart Cities",
        "short_name": "KTS",
    },
    {
        "name": "Bundesinstitut für Bau-, Stadt- und Raumforschung",
        "short_name": "BBSR",
    },
    {
        "name": "Datenkompetenzzentrum für Städte und Kommunen",
        "short_name": "DKSR",
    },
    {
        "name": "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen",
        "short_name": "BMWSB",
    },
    {"name": "Deutsches Zentrum für Luft- und Raumfahrt", "short_name": "DLR"},
    {"name": "mendigital GmbH"},
    {"name": "Stadt Werdohl"},
]
KTS = ORGANISATIONS[1]["name"]
BBSR = ORGANISATIONS[2]["name"]

MODEL = Project.Kind.MODEL_PROJECT

PROJECTS = [
    {
        "slug": "5-fuer-suedwestfalen",
        "name": "5 für Südwestfalen",
        "kind": MODEL,
        "website": SWF_WEBSITE,
        "municipalities": PIONEERS,
        "partners": ["suedwestfalen-agentur", "mpsc-iserlohn", "smart-cities-schule"],
        "summary": (
            "Die 5 für Südwestfalen – das sind die fünf Städte Arnsberg, Bad "
            "Berleburg, Menden, Olpe und Soest, eine Kommune aus jedem Kreis der "
            "Region (Hochsauerlandkreis, Kreis Siegen-Wittgenstein, Märkischer "
            "Kreis, Kreis Olpe, Kreis Soest). Als Pionierkommunen des "
            "Modellprojekts Smart Cities arbeiten sie gemeinsam daran, Südwestfalen "
            "bis 2030 zur smartesten Region Deutschlands zu machen; davon sollen "
            "alle 59 Städte und Gemeinden der Region profitieren. Das Projektteam "
            "nennt sich die „Smarties“.\n\n"
            "Die Ziele stehen in der „Smart Cities: Rahmenstrategie für "
            "Südwestfalen“. 2021 haben alle fünf Städte ihre Smart-City-Strategien "
            "verabschiedet. 2022 schloss die Einreichung der „Smart Cities: "
            "Gesamtstrategie für Südwestfalen“ die dreijährige Strategiephase ab; "
            "sie beschreibt mit 16 Maßnahmenbündeln den Umsetzungsplan bis 2026. "
            "Der Grundgedanke aller Maßnahmen ist die interkommunale Zusammenarbeit "
            "und das Teilen und offene Bereitstellen von Wissen und Ergebnissen. "
            "Zum Werkzeugkasten gehören Musterbeispiele für Geschäftsordnungen, "
            "Kooperationsverträge, technische Tools für die interkommunale "
            "Zusammenarbeit und ein Steckbrief für Online-Kommunikation."
        ),
    },
    {
        "slug": "suedwestfalen-agentur",
        "name": "Südwestfalen Agentur",
        "kind": Project.Kind.AGENCY,
        "partners": ["5-fuer-suedwestfalen"],
        "summary": (
            "Die Südwestfalen Agentur ist der zentrale Netzwerkknoten für den "
            "Austausch und Wissenstransfer der 5 für Südwestfalen mit den weiteren "
            "Kommunen der Region. Leiterin: Stephanie Arens."
        ),
    },
    {
        "slug": "smart-cities-schule",
        "name": "Smart Cities: Schule",
        "kind": Project.Kind.NETWORK,
        "municipalities": PIONEERS,
        "partners": ["5-fuer-suedwestfalen"],
        "summary": (
            "Ein offener Wissenstransfer- und Lernraum für alle Kommunen in "
            "Südwestfalen: In unterschiedlichen Formaten werden Lösungen und "
            "Erfahrungen der Pioniere geteilt und verbreitet. Davon profitieren "
            "gerade kleine und mittlere Kommunen, die nur geringe eigene "
            "Ressourcen haben."
        ),
    },
    {
        "slug": "mpsc-iserlohn",
        "name": "Modellprojekt Smart Cities Iserlohn",
        "kind": MODEL,
        "municipalities": ["iserlohn"],
        "partners": ["5-fuer-suedwestfalen"],
        "summary": (
            "Die Stadt Iserlohn wird ebenfalls als Modellprojekt Smart Cities vom "
            "Bund gefördert und beteiligt sich am Austausch und Wissenstransfer der "
            "5 für Südwestfalen. Ihr Waldstadtlabor ist zur festen Institution "
            "geworden."
        ),
    },
    {
        "slug": "smarte-grenzregion",
        "name": "Smarte Grenzregion zwischen den Meeren",
        "kind": MODEL,
        "municipalities": [
            "flensburg",
            "kreis-nordfriesland",
            "kreis-schleswig-flensburg",
        ],
        "summary": (
            "Im Modellprojekt „Smarte Grenzregion zwischen den Meeren“ haben sich "
            "die Stadt Flensburg und die Kreise Nordfriesland und "
            "Schleswig-Flensburg zusammengetan. Ziel ist es, Zukunftsräume für den "
            "Alltag zu schaffen, die das Leben in der Region erleichtern. "
            "Digitalisierung sei auch eine Frage des „Mindsets“ (Mathias Jahnke)."
        ),
    },
    {
        "slug": "connected-urban-twins",
        "name": "Connected Urban Twins",
        "kind": MODEL,
        "municipalities": ["hamburg", "leipzig", "muenchen"],
        "summary": (
            "Eine Kooperation der Städte Hamburg, Leipzig und München zu Digitalen "
            "Zwillingen für die Stadtentwicklung. Mit dem in Hamburg entwickelten "
            "Storytelling-Tool lassen sich Datenplattformen mit Texten, Fotos und "
            "Abbildungen kombinieren, sodass komplexe Themen anschaulich werden. "
            "Gesamtprojektleiterin: Nora Reinecke."
        ),
    },
    {
        "slug": "mpsc-oberhausen",
        "name": "Modellprojekt Smart Cities Oberhausen",
        "kind": MODEL,
        "municipalities": ["oberhausen"],
        "summary": "Modellprojekt Smart Cities der Stadt Oberhausen.",
    },
    {
        "slug": "mpsc-detmold",
        "name": "Modellprojekt Smart Cities Detmold",
        "kind": MODEL,
        "municipalities": ["detmold"],
        "summary": (
            "Modellprojekt Smart Cities; zu Gast bei der Smart Cities: Konferenz "
            "2021 der 5 für Südwestfalen in Arnsberg."
        ),
    },
    {
        "slug": "mpsc-zwoenitz",
        "name": "Modellprojekt Smart Cities Zwönitz",
        "kind": MODEL,
        "municipalities": ["zwoenitz"],
        "summary": (
            "Modellprojekt Smart Cities; zu Gast bei der Smart Cities: Konferenz "
            "2021 der 5 für Südwestfalen in Arnsberg."
        ),
    },
    {
        "slug": "mpsc-suederbrarup",
        "name": "Modellprojekt Smart Cities Süderbrarup",
        "kind": MODEL,
        "municipalities": ["suederbrarup"],
        "summary": (
            "Modellprojekt Smart Cities; zu Gast bei der Smart Cities: Konferenz "
            "2021 der 5 für Südwestfalen in Arnsberg."
        ),
    },
    {
        "slug": "start-smart",
        "name": "Start Smart",
        "kind": Project.Kind.PROGRAMME,
        "summary": (
            "Das Angebot der Koordinierungs- und Transferstelle Modellprojekte "
            "Smart Cities (KTS) für nicht geförderte Kommunen."
        ),
    },
]

CITY_LABS = [
    {
        "slug": "waldstadtlabor-iserlohn",
        "name": "Waldstadtlabor Iserlohn",
        "municipality": "iserlohn",
        "project": "mpsc-iserlohn",
        "description": (
            "Das WaldStadtLabor in Iserlohn ist zur festen Institution geworden. "
            "Schwerpunkt bei der Regionalkonferenz 2023: Wie fange ich an? – "
            "Zielgruppen, politische Beschlüsse, Räume, Konzept, erstes Programm "
            "und Marketing."
        ),
    },
    {
        "slug": "stadtlabor-soest",
        "name": "stadtLABOR Soest",
        "municipality": "soest",
        "project": "5-fuer-suedwestfalen",
        "description": (
            "Aus dem stadtLABOR wurde 2021 das Südwestfalen Forum live gestreamt. "
            "Sein Leitgedanke: Gute Räume erzeugen! – nicht wie im Rathaus, eher "
            "wie ein „Dritter Ort“: einladend anders, zugänglich und offen."
        ),
    },
    {
        "slug": "zukunftswerkstadt-menden",
        "name": "Zukunfts.Werk.Stadt Menden",
        "municipality": "menden",
        "project": "5-fuer-suedwestfalen",
        "description": (
            "Die Zukunfts.Werk.Stadt fragt: Was muss/kann ich anbieten? – Themen, "
            "Formate und Angebote eines Stadtlabors, etwa zu MINT-Bildung und "
            "Nachhaltigkeit, mit den richtigen Partnern."
        ),
    },
    {
        "slug": "freiraum-arnsberg",
        "name": "freiRAUM Arnsberg",
        "municipality": "arnsberg",
        "project": "5-fuer-suedwestfalen",
        "description": (
            "Das Team des freiRAUM Arnsberg setzt auf eine kollaborative "
            "Projektplanung und gewinnt örtliche Multiplikatoren: Wie gewinne ich "
            "Mitstreiterinnen und Mitstreiter?"
        ),
    },
]

_BUNDLE = MeasureBundle.Kind.BUNDLE
_THEME = (
    "Zukunftsthema aus den 16 Maßnahmenbündeln der Smart Cities: Gesamtstrategie "
    "für Südwestfalen (Umsetzungsphase bis 2026), genannt im Jahresrückblick 2022."
)
MEASURES = [
    {
        "project": "5-fuer-suedwestfalen",
        "kind": _BUNDLE,
        "title": "Weiterentwicklung der Regionalen Datenplattform",
        "description": _THEME,
        "municipalities": PIONEERS,
    },
    {
        "project": "5-fuer-suedwestfalen",
        "kind": _BUNDLE,
        "title": "Digitale Bildungsangebote",
        "description": _THEME,
        "municipalities": PIONEERS,
    },
    {
        "project": "5-fuer-suedwestfalen",
        "kind": _BUNDLE,
        "title": "Erkundung neuer Arbeitswelten",
        "description": _THEME,
        "municipalities": PIONEERS,
    },
    {
        "project": "5-fuer-suedwestfalen",
        "kind": _BUNDLE,
        "title": "Smarte Lösungen im Gesundheitswesen",
        "description": _THEME,
        "municipalities": PIONEERS,
    },
    {
        "project": "5-fuer-suedwestfalen",
        "kind": _BUNDLE,
        "title": "Aufbau von Sensor- und Funknetzen",
        "description": _THEME,
        "municipalities": PIONEERS,
    },
    {
        "project": "5-fuer-suedwestfalen",
        "kind": _BUNDLE,
        "title": "Gemeinsame Stadtlabore",
        "description": (
            "Arnsberg, Bad Berleburg, Iserlohn, Menden und Soest haben sich mit "
            "ihren Stadtlaboren zusammengetan und tüfteln an Plänen für gemeinsame "
            "Ausstellungen, Vorträge und Programmpunkte. " + _THEME
        ),
        "municipalities": ["arnsberg", "bad-berleburg", "iserlohn", "menden", "soest"],
    },
    {
        "project": "5-fuer-suedwestfalen",
        "kind": MeasureBundle.Kind.QUICK_WIN,
        "title": "Digitaler Veranstaltungskalender Soest",
        "description": (
            "Quick-Win-Projekt: In Soest ist 2022 ein digitaler "
            "Veranstaltungskalender entstanden."
        ),
        "municipalities": ["soest"],
    },
    {
        "project": "5-fuer-suedwestfalen",
        "kind": MeasureBundle.Kind.QUICK_WIN,
        "title": "Grünes SOeFA",
        "description": (
            "Quick-Win-Projekt in Soest: eine Ruheoase mit intelligenten "
            "Bewässerungssensoren, die nebenbei noch Vögel per KI erfasst."
        ),
        "municipalities": ["soest"],
    },
]


def _person(slug, first, last, title="", **rest):
    return {
        "slug": slug,
        "title": title,
        "first_name": first,
        "last_name": last,
        "function": rest.pop("function", ""),
        "organisation": rest.pop("organisation", None),
        "municipality": rest.pop("municipality", None),
        "project": rest.pop("project", None),
        "bio": rest.pop("bio", ""),
    }


_SWF = "5-fuer-suedwestfalen"

SPEAKERS = [
    _person(
        "alanus-von-radecki",
        "Alanus",
        "von Radecki",
        "Dr.",
        organisation="Datenkompetenzzentrum für Städte und Kommunen",
    ),
    _person(
        "sven-willerscheid",
        "Sven",
        "Willerscheid",
        function="Smart-City-Team der Stadt Bad Berleburg",
        municipality="bad-berleburg",
        project=_SWF,
    ),
    _person(
        "robin-eisbach",
        "Robin",
        "Eisbach",
        function="Modellprojekt Smart Cities „5 für Südwestfalen“, Menden",
        organisation="mendigital GmbH",
        municipality="menden",
        project=_SWF,
    ),
    _person(
        "dagmar-lehmann",
        "Dagmar",
        "Lehmann",
        "Dr.",
        municipality="iserlohn",
        project="mpsc-iserlohn",
    ),
    _person(
        "michaela-halbe",
        "Michaela",
        "Halbe",
        function="Smart-City-Team der Stadt Olpe",
        municipality="olpe",
        project=_SWF,
    ),
    _person(
        "yvonne-kaiser",
        "Yvonne",
        "Kaiser",
        function="Smart-City-Team der Stadt Arnsberg",
        municipality="arnsberg",
        project=_SWF,
    ),
    _person(
        "stephan-siegert",
        "Stephan",
        "Siegert",
        function="Smart-City-Team der Stadt Soest",
        municipality="soest",
        project=_SWF,
    ),
    # Spelled as in the Iserlohn documentation ("Hennig").
    _person("hennig-schulz", "Hennig", "Schulz"),
    _person("dorothee-fricke", "Dorothee", "Fricke", organisation=KTS),
    _person(
        "kathrin-viergutz",
        "Kathrin",
        "Viergutz",
        function="Mobilitätsforscherin, Speakerin und Science Slammerin",
        organisation=KTS,
        bio=(
            "Als Mobilitätsforscherin, Speakerin und Science Slammerin steht "
            "Kathrin Viergutz oft auf Bühnen und setzt dabei auf Storytelling: "
            "„Es geht mir darum, das Publikum gleichzeitig zum Nachdenken anzuregen "
            "und zum Lachen bringen.“"
        ),
    ),
    _person(
        "charlotte-raeuchle",
        "Charlotte",
        "Räuchle",
        "Dr.",
        organisation=BBSR,
        bio="Forscherin am BBSR; hat Narrative von Smart Cities untersucht.",
    ),
    _person(
        "nora-immink",
        "Nora",
        "Immink",
        function="Projektbüro der KTS",
        organisation=KTS,
    ),
    _person(
        "michael-huch",
        "Michael",
        "Huch",
        function="Stellvertretender Leiter",
        organisation=KTS,
    ),
    _person(
        "stephanie-arens",
        "Stephanie",
        "Arens",
        function="Leiterin",
        organisation="Südwestfalen Agentur",
    ),
    _person(
        "andreas-haubrichs",
        "Andreas",
        "Haubrichs",
        organisation="Stadt Werdohl",
        municipality="werdohl",
    ),
    _person(
        "hendrik-waechter",
        "Hendrik",
        "Wächter",
        municipality="oberhausen",
        project="mpsc-oberhausen",
    ),
    _person(
        "mathias-jahnke",
        "Mathias",
        "Jahnke",
        function="Leiter der Regionalentwicklung beim Kreis Schleswig-Flensburg",
        municipality="kreis-schleswig-flensburg",
        project="smarte-grenzregion",
    ),
    _person(
        "nora-reinecke",
        "Nora",
        "Reinecke",
        function="Gesamtprojektleiterin",
        project="connected-urban-twins",
    ),
    _person(
        "renate-mitterhuber",
        "Renate",
        "Mitterhuber",
        function="Leiterin des Referats Smart Cities",
        organisation="Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen",
    ),
]

VENUES = {
    "stadtlabor-soest": {
        "name": "stadtLABOR Soest",
        "city": "Soest",
        "municipality": "soest",
        "city_lab": "stadtlabor-soest",
    },
    "alte-realschule-arnsberg": {
        "name": "Alte Realschule Arnsberg",
        "city": "Arnsberg",
        "municipality": "arnsberg",
    },
    "siegen": {
        "name": "Konferenzort Siegen",
        "city": "Siegen",
        "municipality": "siegen",
    },
    "deutsches-haus-flensburg": {
        "name": "Deutsches Haus",
        "city": "Flensburg",
        "municipality": "flensburg",
    },
    "iserlohn": {
        "name": "Tagungsort Iserlohn",
        "city": "Iserlohn",
        "municipality": "iserlohn",
    },
    "zukunftswerkstadt-menden": {
        "name": "Zukunfts.Werk.Stadt Menden",
        "city": "Menden",
        "municipality": "menden",
        "city_lab": "zukunftswerkstadt-menden",
    },
    "olpe": {
        "name": "Stadthalle Olpe",
        "city": "Olpe",
        "municipality": "olpe",
    },
}
