"""Demo data: the network's documented conferences, plus two invented upcoming ones.

The facts come from five event reports of the "5 für Südwestfalen" network and
the Modellprojekte Smart Cities programme; they are copied into the TOML files in
`data/` (one for the network, one per conference), so nothing reads the reports
at run or test time. `loader.load_demo()` reads those files and writes them
idempotently: every row is found by a slug or another natural key and updated in
place. `manage.py load_demo` and `manage.py demo_logins` are this app's commands.

Dates the reports leave open, and how they were chosen
------------------------------------------------------
* 3. Projektmanagement-Tagung, Soest, 26.–27.08.**2021**. The report gives only
  "26. und 27.08."; it is the first in-person meeting since the outbreak of the
  Corona pandemic, announces the Smart Cities: Konferenz "am 18.11." as the next
  date, and the Arnsberg report of that conference says all five strategies had
  just been adopted after "two years" of intensive exchange – so 2021.
  Times 26.08. 10:00 to 27.08. 14:00 are assumed.
* Südwestfalen Forum, 27.08.2021, "directly after" the Tagung, livestreamed from
  the stadtLABOR Soest: its own event (kind Forum, format hybrid) whose parent is
  the Tagung; 15:00–17:00 assumed. Its livestream link is the network's website,
  the only address the report gives.
* Smart Cities: Konferenz, Alte Realschule Arnsberg, 18.11.**2021** (the date
  announced in the Soest report; the five strategies had just been adopted);
  10:00–16:00 assumed; "gut 100" participants; recording on the network website.
* Fachkonferenz "Mit Digitalisierung Raum gestalten", Siegen, 09.11.**2022**: the
  report celebrates the submitted Gesamtstrategie that ends the three-year
  strategy phase and looks forward to the "Jahresrückblick 2023", so this is the
  review of 2022. 10:00–16:00 assumed.
* Regionalkonferenz Flensburg, Deutsches Haus, 22.11.2022 (date in the report);
  10:00–16:30 assumed.
* 10. Regionalkonferenz Iserlohn, 06.09.2023, 10:00–18:00 (all in the report),
  offline, "rund 120" participants.
* All programme times inside the days are plausible assumptions built around
  the facts (keynote, panels, workshop phase, speeddating of about 45 minutes,
  excursions at the end); the reports give none of them.

Other choices
-------------
* All six documented events are published and past; their registration window
  is empty (closed).
* Host project: the 5 für Südwestfalen for Soest, Arnsberg, Siegen and Iserlohn
  (Iserlohn's own model project and the five pioneers co-host the Regionalkonferenz
  there); the "Smarte Grenzregion zwischen den Meeren" for Flensburg, with the city
  of Flensburg and the Kreise Nordfriesland and Schleswig-Flensburg as co-hosts.
* The reports do not name the buildings in Soest (Tagung), Iserlohn and Siegen:
  the Tagung is placed at the stadtLABOR Soest (where the Forum was streamed
  from); Iserlohn and Siegen get a venue named after the town, and the event
  text says that the exact place is not documented. No street addresses are
  invented.
* People keep the spelling of the reports ("Hennig Schulz"). Unnamed
  contributors (the agile coach, the futurist, the five project managers on the
  Arnsberg panel) are described in the text, not invented as people.
* The two upcoming events (11. Regionalkonferenz in Menden in six weeks, Smart
  Cities: Konferenz in Olpe in about three months) are invented, say so in their
  description, are open for registration from two weeks ago until the day before,
  and move with the calendar each time the data is loaded.
"""
