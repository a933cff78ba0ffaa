"""Demo data: the network's documented conferences, plus two invented upcoming ones.

The facts come from five event reports of the "5 für Südwestfalen" network and
the Modellprojekte Smart Cities programme; they are copied into the TOML files in
`data/` (one for the network, one per conference), so nothing reads the reports
at run or test time. `loader.load_demo()` reads those files and writes them
idempotently: every row is found by a slug or another natural key and updated in
place. `manage.py load_demo` and `manage.py demo_logins` are this app's commands.

The content rule
----------------
Only what the reports say is shown to citizens as fact. Where a report leaves
something open, the public pages simply do not claim it:

* no invented place names: a venue the report does not name is the town alone
  (a Venue without a name), never "Tagungsort Iserlohn";
* no notes from the authors of this data on public pages ("… ist in der
  Dokumentation nicht genannt"): such notes live in this docstring and in the
  comments of the TOML files, which organisers read;
* no reference to something the site does not have: a document the report
  offers ("als Download", "siehe Präsentation", the agenda) ships as a one-page
  placeholder PDF under static/demo/ that says it is one, or the mention is left
  out (the photo credits "Fotos: DLR", since there are no photos); no livestream
  link where the report gives no stream address;
* the report's own wording where it qualifies a fact ("gut 100", "rund 120"),
  and a programme item's kind only as the report has it (no "Speeddating" where
  there was none);
* no filler: a sentence said once, not repeated on every row.

The times inside a day and the years below are the exception: the reports omit
them, and the pages need them; they are chosen as described next.

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
  the Tagung; 15:00–17:00 assumed. It has no livestream link: the report gives
  no address of the stream, and the network's home page is not one.
* Smart Cities: Konferenz, Alte Realschule Arnsberg, 18.11.**2021** (the date
  announced in the Soest report; the five strategies had just been adopted);
  10:00–16:00 assumed; "gut 100" participants; recording on the network website
  (the address the report gives). Its "Feierstunde" is the closing item, not
  networking.
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
  those events take place at a venue that is only the town (no name), so the
  pages say "Soest", "Iserlohn", "Siegen" and claim no building. The Forum is at
  the stadtLABOR Soest, which its report names. No street addresses are
  invented.
* Flensburg's talks ("als Download (pdf)"), Iserlohn's Workshop A presentation
  and its agenda are placeholder PDFs in static/demo/ (materials with `static`).
* People keep the spelling of the reports ("Hennig Schulz"). Unnamed
  contributors (the agile coach, the futurist, the five project managers on the
  Arnsberg panel) are described in the text, not invented as people.
* The two upcoming events (11. Regionalkonferenz in Menden in six weeks, Smart
  Cities: Konferenz in Olpe in about three months) are invented, say so in their
  description, are open for registration from two weeks ago until the day before,
  and move with the calendar each time the data is loaded.
"""
