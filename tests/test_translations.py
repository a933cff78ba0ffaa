"""The English translation: complete, faithful to placeholders, and what /en/ shows.

The catalogue is compiled from locale/en/LC_MESSAGES/django.po into a temporary
directory for these tests, so they check the .po in the repository, not whatever
.mo a developer last built.
"""

import ast
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from tests.factories import (
    EventFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    TimeSlotFactory,
    VenueFactory,
    WorkshopFactory,
)
from tests.visible_text import visible_texts as texts_on

PO_PATH = Path(django_settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


# --- A tiny .po reader -----------------------------------------------------


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return self.references[0] if self.references else f"django.po:{self.line}"


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, without the header and obsolete (#~) entries.

    Entries are separated by blank lines, as gettext's tools write them.
    """
    entries: list[Entry] = []
    entry: Entry | None = None
    target = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            entry = None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#:"):
            entry.references += line[2:].split()
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            target, _, rest = line.partition(" ")
            text = ast.literal_eval(rest)
        if target == "msgid":
            entry.msgid += text
        elif target == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        elif target == "msgstr":
            entry.msgstr += text
        elif target.startswith("msgstr["):
            index = int(target[7:-1])
            entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + text
        elif target != "msgctxt":
            raise AssertionError(f"django.po:{number}: cannot read {raw!r}")
    return [e for e in entries if e.msgid]


ENTRIES = read_po(PO_PATH)

PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{\w*\}")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def translations(entry: Entry) -> list[tuple[str, str]]:
    """(source, translation) pairs: msgid with msgstr[0], msgid_plural with the rest."""
    if entry.msgid_plural is None:
        return [(entry.msgid, entry.msgstr)]
    return [
        (entry.msgid if index == 0 else entry.msgid_plural, text)
        for index, text in sorted(entry.msgstr_plural.items())
    ]


def test_po_file_is_read_completely():
    assert len(ENTRIES) > 700
    assert any(e.msgid_plural for e in ENTRIES)
    assert {"Anmelden", "Warteliste", "Datenschutz"} <= {e.msgid for e in ENTRIES}


def test_po_has_no_untranslated_entries():
    untranslated = [
        f"{e.where}: {e.msgid!r}"
        for e in ENTRIES
        if not all(text.strip() for _, text in translations(e))
        or (e.msgid_plural is not None and len(e.msgstr_plural) != 2)
    ]
    assert untranslated == []


def test_po_has_no_fuzzy_entries():
    assert [f"{e.where}: {e.msgid!r}" for e in ENTRIES if "fuzzy" in e.flags] == []


def test_every_string_marked_in_the_code_is_in_the_catalogue(tmp_path):
    """A string marked for translation but missing from django.po would show in
    German on /en/: regenerate the catalogue from a copy of the sources (as
    `make messages` does) and find nothing new or changed in it."""
    root = Path(django_settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "tests", "staticfiles", "media", "*.sqlite3", "*.mo"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "-v", "0"]
        + ["--ignore=.venv", "--ignore=staticfiles", "--ignore=tests"],
        cwd=copy,
        check=True,
        capture_output=True,
    )

    regenerated = read_po(copy / PO_PATH.relative_to(root))
    missing = [
        f"{e.where}: {e.msgid!r}"
        for e in regenerated
        if "fuzzy" in e.flags or not all(text.strip() for _, text in translations(e))
    ]
    assert missing == []


def test_translations_keep_every_placeholder():
    mismatches = [
        f"{e.where}: {source!r} -> {text!r}"
        for e in ENTRIES
        for source, text in translations(e)
        if placeholders(source) != placeholders(text)
    ]
    assert mismatches == []


def test_translations_keep_every_html_tag():
    mismatches = [
        f"{e.where}: {source!r} -> {text!r}"
        for e in ENTRIES
        for source, text in translations(e)
        if tags(source) != tags(text)
    ]
    assert mismatches == []


def test_no_english_time_says_uhr():
    assert [
        f"{e.where}: {text!r}"
        for e in ENTRIES
        for _, text in translations(e)
        if re.search(r"\bUhr\b", text)
    ] == []


# --- The compiled catalogue in use ------------------------------------------


@pytest.fixture
def english(settings, compiled_locale):
    # Changing LOCALE_PATHS makes Django drop its cached catalogues.
    settings.LOCALE_PATHS = [compiled_locale]
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("german", "english_text"),
    [
        ("Anmelden", "Register"),
        ("Warteliste", "Waiting list"),
        ("ausgebucht – Warteliste", "fully booked – waiting list"),
        ("Datenschutz", "Privacy"),
        ("Datenschutzhinweis lesen", "Read the privacy notice"),
        ("Kommune", "Municipality"),
        ("Kreis", "District"),
        ("Veranstaltung", "Event"),
        ("Tagung", "Symposium"),
        ("Regionalkonferenz", "Regional conference"),
        ("Fachkonferenz", "Expert conference"),
        ("Programm", "Programme"),
    ],
)
def test_key_ui_strings_are_english(english, german, english_text):
    assert gettext(german) == english_text


def test_plural_forms_follow_the_count(english):
    message = "%(count)d Veranstaltung veröffentlicht."
    plural = "%(count)d Veranstaltungen veröffentlicht."

    assert ngettext(message, plural, 1) % {"count": 1} == "1 event published."
    assert ngettext(message, plural, 3) % {"count": 3} == "3 events published."


def test_email_subjects_keep_their_format_fields(english):
    subject = gettext("Erinnerung: {event} am {date}")

    assert subject.format(event="Forum", date="4 May") == "Reminder: Forum on 4 May"


@pytest.mark.django_db
def test_event_time_drops_uhr_in_english(english):
    event = EventFactory(
        start=datetime(2023, 9, 6, 8, 0, tzinfo=UTC),
        end=datetime(2023, 9, 6, 16, 0, tzinfo=UTC),
    )
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    date = formats.date_format(start, "DATE_FORMAT")

    html = render_to_string("includes/event_when.html", {"event": event})

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()
    assert text == (
        f"{formats.date_format(start, 'l')}, {date}, "
        f"{formats.time_format(start)}–{formats.time_format(end)}"
    )


@pytest.mark.django_db
def test_multi_day_event_time_drops_uhr_in_english(english):
    event = EventFactory(
        start=datetime(2021, 8, 26, 8, 0, tzinfo=UTC),
        end=datetime(2021, 8, 27, 12, 0, tzinfo=UTC),
    )
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)

    text = render_to_string("includes/event_when.html", {"event": event}).strip()

    assert text == (
        f"{formats.date_format(start, 'l')}, "
        f"{formats.date_format(start, 'DATE_FORMAT')}, "
        f"{formats.time_format(start)} to {formats.date_format(end, 'l')}, "
        f"{formats.date_format(end, 'DATE_FORMAT')}, {formats.time_format(end)}"
    )


# --- English pages show no German interface text -----------------------------


def visible_texts(response) -> list[str]:
    return texts_on(response.content.decode())


# German interface strings that are whole words or phrases on their own; a text
# node equal to one of them on an English page is an untranslated label.
GERMAN_UI = {
    e.msgid
    for e in ENTRIES
    if e.msgid_plural is None
    and e.msgstr != e.msgid
    and not PLACEHOLDER.search(e.msgid)
} - {"Deutsch"}  # the language switch names German in German, on purpose


@pytest.fixture
def full_event(db):
    """A hybrid event, fully booked on site, with a programme and a workshop."""
    event = EventFactory(
        title="Digitale Dörfer im Sauerland",
        format="hybrid",
        capacity_onsite=1,
        capacity_online=50,
        venue=VenueFactory(name="Schützenhalle", city="Olpe"),
    )
    RegistrationFactory(event=event)
    ProgrammeItemFactory(event=event, title="Eröffnung durch die Bürgermeisterin")
    slot = TimeSlotFactory(event=event, label="Vormittagsblock")
    WorkshopFactory(event=event, time_slot=slot, title="Offene Daten im Rathaus")
    return event


@pytest.mark.django_db
def test_english_event_page_speaks_english(client, english, full_event):
    response = client.get(f"/en/veranstaltungen/{full_event.slug}/")

    assert response.status_code == 200
    texts = visible_texts(response)
    assert [text for text in texts if text in GERMAN_UI] == []
    assert not [text for text in texts if re.search(r"\bUhr\b", text)]
    assert "Register" in texts
    assert "fully booked – waiting list" in texts
    assert "Privacy" in texts
    assert "Digitale Dörfer im Sauerland" in " ".join(texts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/projekte/",
        "/en/kommunen/",
        "/en/anmelden/{slug}/",
    ],
)
def test_english_pages_show_no_german_interface_text(client, english, full_event, path):
    response = client.get(path.format(slug=full_event.slug))

    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert [text for text in visible_texts(response) if text in GERMAN_UI] == []


@pytest.mark.django_db
def test_english_registration_form_offers_the_waiting_list(client, english, full_event):
    response = client.get(reverse("participants:register", args=[full_event.slug]))

    texts = visible_texts(response)
    assert "On site (fully booked – waiting list)" in texts
    assert "Read the privacy notice" in texts
    assert "The following consents are voluntary and can be withdrawn at any time." in (
        texts
    )


def test_german_stays_the_default(settings, compiled_locale):
    settings.LOCALE_PATHS = [compiled_locale]
    with translation.override("de"):
        assert gettext("Warteliste") == "Warteliste"
