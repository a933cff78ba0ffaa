"""Print-ready exports, German order of people and accent-free search at the door."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from participants.collation import fold, in_german_order, sort_key
from participants.models import Registration
from participants.staff.exports.layout import fit
from participants.staff.exports.pdf import _fonts
from projects.models import ProjectMembership
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from workshops.models import TimeSlot

pytestmark = pytest.mark.django_db

# In German list order (DIN 5007-1, "von" left out of the order).
GERMAN_ORDER = [
    "Abel",
    "Äbel",
    "Abeln",
    "Brückner",
    "Dreyer",
    "Ellinghaus",
    "Hoffmann-Özdemir",
    "von Hohenlimburg",
    "Müller",
    "Muster",
    "Öztürk-Schäfer",
    "Yılmaz",
    "Zander",
]
# 60 characters as "first last", 90 characters of organisation.
LONG_FIRST = "Maximiliane Theresa"
LONG_LAST = "von Hohenlimburg-Freudenberg zu Diepholz"
LONG_ORG = (
    "Universität Siegen, Lehrstuhl für Stadtentwicklung, Digitalisierung "
    "und Bürgerbeteiligung."
)


@pytest.fixture
def event():
    return EventFactory(title="Smart-City-Tagung Südwestfalen")


@pytest.fixture
def staff_client(client, event):
    user = get_user_model().objects.create_user(
        username="einlass", email="einlass@example.org", password=None
    )
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.STAFF
    )
    client.force_login(user)
    return client


@pytest.fixture
def people(event):
    """The names of GERMAN_ORDER, registered in reverse code-point order."""
    return [
        RegistrationFactory(event=event, first_name="Kim", last_name=name)
        for name in sorted(GERMAN_ORDER, reverse=True)
    ]


def download(client, event, **query) -> bytes:
    response = client.get(
        reverse("staff:export_download", kwargs={"slug": event.slug}), query
    )
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    """Text without any whitespace: lines joined however the PDF broke them."""
    return re.sub(r"\s+", "", text)


def lines_among(text: str, names: list[str]) -> list[str]:
    """The lines of ``text`` that are one of ``names``, in the text's order."""
    return [line.strip() for line in text.splitlines() if line.strip() in names]


# German order ------------------------------------------------------------------


def test_sort_key_puts_names_in_german_order():
    shuffled = sorted(GERMAN_ORDER, key=lambda name: name[::-1])

    assert sorted(shuffled, key=sort_key) == GERMAN_ORDER


def test_database_order_is_german_and_agrees_with_sort_key(people):
    ordered = in_german_order(Registration.objects.all())

    assert [r.last_name for r in ordered] == GERMAN_ORDER


def test_csv_and_xlsx_list_people_in_german_order_numbered_from_one(
    staff_client, event, people
):
    rows = list(
        csv.reader(
            io.StringIO(
                download(staff_client, event, format="csv").decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    workbook = load_workbook(io.BytesIO(download(staff_client, event, format="xlsx")))
    sheet = workbook.active
    cells = list(sheet.iter_rows(values_only=True))

    assert [row[1] for row in rows[1:]] == GERMAN_ORDER
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 14)]
    assert [row[1] for row in cells[1:]] == GERMAN_ORDER
    assert [row[0] for row in cells[1:]] == list(range(1, 14))


def test_xlsx_has_an_autofilter_and_a_frozen_header_row(staff_client, event, people):
    workbook = load_workbook(io.BytesIO(download(staff_client, event, format="xlsx")))
    sheet = workbook.active

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:L{len(people) + 1}"


def test_pdfs_list_people_in_german_order(staff_client, event, people):
    sheet = pdf_text(download(staff_client, event, format="signin"))
    badges = pdf_text(download(staff_client, event, format="badges"))

    sheet_names = [f"{name}, Kim" for name in GERMAN_ORDER]
    assert lines_among(sheet, sheet_names) == sheet_names
    assert lines_among(badges, GERMAN_ORDER) == GERMAN_ORDER


def test_sign_in_sheet_numbers_rows_from_one(staff_client, event, people):
    text = pdf_text(download(staff_client, event, format="signin"))

    assert re.search(r"^1\nAbel, Kim$", text, re.M)
    assert re.search(r"^13\nZander, Kim$", text, re.M)


# Print-ready PDFs ----------------------------------------------------------------


@pytest.mark.parametrize("export_format", ["badges", "signin"])
def test_long_name_and_organisation_appear_whole(staff_client, event, export_format):
    assert len(f"{LONG_FIRST} {LONG_LAST}") == 60
    assert len(LONG_ORG) == 90
    RegistrationFactory(
        event=event, first_name=LONG_FIRST, last_name=LONG_LAST, organisation=LONG_ORG
    )

    text = pdf_text(download(staff_client, event, format=export_format))

    assert "…" not in text
    assert squeezed(LONG_FIRST) in squeezed(text)
    assert squeezed(LONG_LAST) in squeezed(text)
    assert squeezed(LONG_ORG) in squeezed(text)


def test_long_workshop_title_and_funding_note_appear_whole(staff_client, event):
    title = (
        "Datengestützte Quartiersentwicklung mit Bürgerinnen und Bürgern: "
        "Sensorik, Beteiligung und offene Daten"
    )
    workshop = WorkshopFactory(event=event, code="C", title=title)
    WorkshopBookingFactory(workshop=workshop, registration__event=event)

    text = pdf_text(
        download(staff_client, event, format="signin", workshop=workshop.pk)
    )

    assert squeezed(f"Teilnehmendenliste – Workshop C: {title}") in squeezed(text)
    assert squeezed(
        "Gefördert durch das Bundesministerium für Wohnen, Stadtentwicklung und "
        "Bauwesen (BMWSB) – Modellprojekte Smart Cities"
    ) in squeezed(text)


def test_text_shrinks_before_it_wraps_and_never_below_seven_points():
    regular, bold = _fonts()

    short = fit("Erika", bold, size=17, shrink_to=12, width=200)
    shrunk = fit("von Hohenlimburg-Freudenberg", bold, size=17, shrink_to=12, width=227)
    wrapped = fit(LONG_ORG, regular, size=10, shrink_to=8, width=150)

    assert (short.size, short.lines) == (17, ["Erika"])
    assert 12 <= shrunk.size < 17 and shrunk.lines == ["von Hohenlimburg-Freudenberg"]
    assert wrapped.size >= 7 and len(wrapped.lines) > 1
    assert "".join(wrapped.lines).replace(" ", "") == LONG_ORG.replace(" ", "")


def test_badges_and_sign_in_sheet_leave_out_online_participants_by_default(
    staff_client, event
):
    RegistrationFactory(event=event, first_name="Vorort")
    RegistrationFactory(event=event, first_name="Zugeschaltet", mode="online")

    for export_format in ("badges", "signin"):
        default = pdf_text(download(staff_client, event, format=export_format))
        online = pdf_text(
            download(staff_client, event, format=export_format, mode="online")
        )
        assert "Vorort" in default and "Zugeschaltet" not in default
        assert "Zugeschaltet" in online and "Vorort" not in online
    rows = download(staff_client, event, format="csv").decode("utf-8-sig")
    assert "Vorort" in rows and "Zugeschaltet" in rows  # tables keep everyone


def test_empty_workshop_list_before_allocation_says_so(staff_client, event):
    workshop = WorkshopFactory(
        event=event, time_slot__allocation=TimeSlot.Allocation.PREFERENCE
    )
    RegistrationFactory(event=event)

    for export_format in ("signin", "badges"):
        text = pdf_text(
            download(staff_client, event, format=export_format, workshop=workshop.pk)
        )
        assert "Noch keine Zuteilung" in " ".join(text.split())


# The door --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ozturk", "Öztürk-Schäfer"),
        ("OZTÜRK schafer", "Öztürk-Schäfer"),
        ("oeztuerk", "Öztürk-Schäfer"),
        ("muller", "Müller"),
        ("mueller", "Müller"),
        ("yilmaz", "Yılmaz"),
        ("lukasiewicz", "Łukasiewicz"),
        ("strasse", "Straßer"),
    ],
)
def test_search_at_the_door_ignores_accents_and_case(staff_client, event, query, found):
    for name in ("Öztürk-Schäfer", "Müller", "Yılmaz", "Łukasiewicz", "Straßer"):
        RegistrationFactory(event=event, first_name="Kim", last_name=name)
    RegistrationFactory(event=event, first_name="Kim", last_name="Ortmann")

    response = staff_client.get(
        reverse("staff:checkin", kwargs={"slug": event.slug}), {"q": query}
    )

    results = response.context["results"]
    assert [r.last_name for r in results] == [found]


def test_search_results_at_the_door_come_in_german_order(staff_client, event, people):
    response = staff_client.get(
        reverse("staff:checkin", kwargs={"slug": event.slug}), {"q": "kim"}
    )

    shown = re.findall(r"<strong>Kim (.+?)</strong>", response.content.decode())
    assert [r.last_name for r in response.context["results"]] == GERMAN_ORDER
    assert shown == GERMAN_ORDER


def test_fold_drops_accents_and_case():
    assert fold("Öztürk-Schäfer") == "ozturk-schafer"
    assert fold("Straße") == "strasse"
    assert fold("Yılmaz") == "yilmaz"
