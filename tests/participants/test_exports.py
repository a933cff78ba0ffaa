"""Exports read back with csv, openpyxl and pypdf, compared with the registrations."""

import csv
import io
import re
import uuid
from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import load_workbook
from pypdf import PdfReader

from participants.models import ExportLog, ParticipantKind, Registration
from participants.staff.exports.formats import FORMATS
from participants.staff.exports.tables import FORMULA_STARTS, neutralise
from projects.models import ProjectMembership
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    RegistrationFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

HEADERS = [
    "Nr.",
    "Nachname",
    "Vorname",
    "E-Mail",
    "Organisation",
    "Teilnahme als",
    "Kommune",
    "Teilnahme",
    "Status",
    "Workshops",
    "Angemeldet",
    "Eingecheckt",
]


@pytest.fixture
def event():
    """A one-day conference from 9 to 17 o'clock, a month ahead."""
    day = timezone.localdate() + timedelta(days=30)
    start = timezone.make_aware(datetime.combine(day, time(9, 0)))
    return EventFactory(
        title="Smart-City-Tagung Südwestfalen",
        start=start,
        end=start + timedelta(hours=8),
    )


@pytest.fixture
def staff_client(client, event):
    user = get_user_model().objects.create_user(
        username="einlass", email="einlass@example.org", password=None
    )
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.STAFF
    )
    client.force_login(user)
    client.user = user
    return client


def download(client, event, **query):
    response = client.get(
        reverse("staff:export_download", kwargs={"slug": event.slug}), query
    )
    assert response.status_code == 200, response.content[:500]
    return response


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def expected_row(registration: Registration, number: int) -> list[str]:
    """What a person reading the CSV should see for this registration, the
    ``number``-th of the list."""
    registration.refresh_from_db()
    local = timezone.localtime
    workshops = ", ".join(
        b.workshop.full_title
        for b in registration.bookings.filter(status="booked").order_by(
            "workshop__order", "workshop__code"
        )
    )
    return [
        str(number),
        neutralise(registration.last_name),
        neutralise(registration.first_name),
        registration.email,
        neutralise(registration.organisation),
        registration.get_participant_kind_display(),
        registration.municipality.name if registration.municipality else "",
        registration.get_mode_display(),
        registration.get_status_display(),
        workshops,
        local(registration.created_at).strftime("%d.%m.%Y %H:%M"),
        local(registration.checked_in_at).strftime("%d.%m.%Y %H:%M")
        if registration.checked_in_at
        else "",
    ]


@pytest.fixture
def registrations(event):
    town = MunicipalityFactory(name="Arnsberg")
    workshop = WorkshopFactory(event=event, code="A", title="Daten im Quartier")
    people = [
        RegistrationFactory(
            event=event,
            first_name="Jürgen",
            last_name="Äbelmann",
            organisation="Stadt Arnsberg",
            municipality=town,
        ),
        RegistrationFactory(
            event=event,
            first_name="Zoë",
            last_name="Łukasiewicz",
            organisation='Hochschule; Fachbereich "IT"',
            participant_kind=ParticipantKind.RESEARCH,
            mode=Registration.Mode.ONLINE,
        ),
        RegistrationFactory(
            event=event,
            first_name="Erika",
            last_name="Mustermann",
            status=Registration.Status.WAITLISTED,
            checked_in_at=timezone.now(),
        ),
    ]
    WorkshopBookingFactory(registration=people[0], workshop=workshop)
    RegistrationFactory()  # another event's registration, never exported
    # German order: Ä as A, Ł as L.
    return [people[0], people[1], people[2]]


def read_csv(response) -> list[list[str]]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_has_bom_semicolons_and_every_cell_of_every_registration(
    staff_client, event, registrations
):
    response = download(staff_client, event, format="csv")

    rows = read_csv(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{event.slug}-teilnehmende.csv"'
    )
    assert rows[0] == HEADERS
    assert rows[1:] == [
        expected_row(r, n) for n, r in enumerate(registrations, start=1)
    ]


def test_xlsx_cells_match_the_registrations(staff_client, event, registrations):
    response = download(staff_client, event, format="xlsx")

    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = [
        [
            value.strftime("%d.%m.%Y %H:%M")
            if hasattr(value, "strftime")
            else ("" if value is None else str(value))
            for value in row
        ]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows[0] == HEADERS
    assert rows[1:] == [
        expected_row(r, n) for n, r in enumerate(registrations, start=1)
    ]


def test_filters_narrow_the_export_like_the_admin_list(
    staff_client, event, registrations
):
    jurgen, zoe, erika = (
        next(r for r in registrations if r.first_name == name)
        for name in ("Jürgen", "Zoë", "Erika")
    )
    workshop = event.workshops.get()
    cases = [
        ({"status": "confirmed"}, [jurgen, zoe]),
        ({"status": "waitlisted"}, [erika]),
        ({"mode": "online"}, [zoe]),
        ({"participant_kind": "research"}, [zoe]),
        ({"municipality": jurgen.municipality_id}, [jurgen]),
        ({"workshop": workshop.pk}, [jurgen]),
    ]
    for query, expected in cases:
        rows = read_csv(download(staff_client, event, format="csv", **query))
        assert [row[2] for row in rows[1:]] == [r.first_name for r in expected], query


def test_each_export_is_logged_with_who_what_filters_and_rows(
    staff_client, event, registrations
):
    workshop = event.workshops.get()

    download(staff_client, event, format="csv", status="confirmed")
    download(staff_client, event, format="badges", workshop=workshop.pk)

    logs = list(ExportLog.objects.order_by("created_at"))
    assert [(log.export_format, log.row_count) for log in logs] == [
        ("csv", 2),
        ("badges", 1),
    ]
    assert logs[0].filters == {"status": "confirmed"}
    # Badges are for the people in the room: on-site unless a mode was chosen.
    assert logs[1].filters == {"workshop": workshop.pk, "mode": "onsite"}
    assert logs[1].workshop == workshop
    assert {log.user for log in logs} == {staff_client.user}
    assert all(log.event == event for log in logs)


def pdf_text(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(body(response)))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_sign_in_sheet_lists_names_and_organisations_with_header_and_funding_note(
    staff_client, event, registrations
):
    response = download(staff_client, event, format="signin", status="confirmed")

    reader, text = pdf_text(response)
    assert response["Content-Type"] == "application/pdf"
    assert len(reader.pages) == 1
    assert event.full_title in text
    assert "Teilnehmendenliste" in text
    assert "Unterschrift" in text
    assert "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen" in text
    assert "Äbelmann, Jürgen" in text
    assert "Łukasiewicz, Zoë" not in text  # online: not on the sheet by default
    assert "Stadt Arnsberg" in text
    assert "Mustermann, Erika" not in text  # waitlisted, filtered out


def test_sign_in_sheet_has_its_own_pages_for_each_event_day(staff_client, event):
    event.end = event.start + timedelta(days=1)
    event.save()
    names = [f"Person{n:02d}, Erika{n}" for n in range(40)]
    for n in range(40):
        RegistrationFactory(
            event=event, first_name=f"Erika{n}", last_name=f"Person{n:02d}"
        )

    reader, _text = pdf_text(download(staff_client, event, format="signin"))

    with translation.override("de"):
        days = [
            date_format(timezone.localtime(moment).date(), "l, j. F Y")
            for moment in (event.start, event.end)
        ]
    pages = [page.extract_text() for page in reader.pages]
    for day in days:
        text = "\n".join(page for page in pages if day in page)
        assert [name for name in names if text.count(name) == 1] == names
    assert len(pages) >= 4  # forty rows need two pages per day
    assert sum(1 for page in pages if days[0] in page) == len(pages) // 2


def test_badges_carry_name_organisation_event_and_check_in_code(staff_client, event):
    people = [
        RegistrationFactory(
            event=event, first_name=f"Vorname{n}", organisation=f"Org {n}"
        )
        for n in range(9)
    ]

    reader, text = pdf_text(download(staff_client, event, format="badges"))

    assert len(reader.pages) == 2  # eight badges fit on one A4 sheet
    for person in people:
        assert person.first_name in text
        assert person.organisation in text
        assert str(person.checkin_code) in text
    assert text.count(event.full_title) == 9


def test_workshop_export_contains_only_its_participants(staff_client, event):
    workshop = WorkshopFactory(event=event, code="B", title="Mobilität")
    inside = WorkshopBookingFactory(workshop=workshop, registration__event=event)
    RegistrationFactory(event=event, first_name="Draußen")

    response = download(staff_client, event, format="signin", workshop=workshop.pk)

    _reader, text = pdf_text(response)
    assert response["Content-Disposition"].endswith(
        f'filename="{event.slug}-teilnehmendenliste-workshop-B.pdf"'
    )
    assert "Workshop B: Mobilität" in text
    assert inside.registration.first_name in text
    assert "Draußen" not in text


# --- Formula neutralisation ----------------------------------------------------


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_neutralise_prefixes_every_dangerous_first_character(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise("Stadt Arnsberg") == "Stadt Arnsberg"
    assert neutralise("") == ""
    assert neutralise("a=b") == "a=b"
    assert neutralise("  =1+1") == "'  =1+1"


DANGEROUS = [
    '=HYPERLINK("http://evil.example","klick")',
    "+49 2931 1234",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "|calc",
    "%0A=1",
]


def test_csv_and_xlsx_neutralise_formulas_from_registrations(staff_client, event):
    for n, value in enumerate(DANGEROUS):
        RegistrationFactory(event=event, last_name=f"Person{n}", organisation=value)

    csv_rows = read_csv(download(staff_client, event, format="csv"))[1:]
    sheet = load_workbook(
        io.BytesIO(body(download(staff_client, event, format="xlsx")))
    ).active
    xlsx_cells = [row[4] for row in sheet.iter_rows(min_row=2)]

    assert [row[4] for row in csv_rows] == ["'" + value for value in DANGEROUS]
    # XML reads a carriage return back as a line feed; the apostrophe stays.
    assert [cell.value for cell in xlsx_cells] == [
        "'" + value.replace("\r", "\n") for value in DANGEROUS
    ]
    assert {cell.data_type for cell in xlsx_cells} == {"s"}


def test_export_page_offers_every_format_and_names_it_in_the_log(
    staff_client, event, registrations
):
    download(staff_client, event, format="signin")

    page = staff_client.get(
        reverse("staff:exports", kwargs={"slug": event.slug})
    ).content.decode()

    buttons = re.findall(r'<button type="submit" name="format" value="(\w+)"', page)
    assert buttons == list(FORMATS)
    assert all(str(export_format.label) in page for export_format in FORMATS.values())
    assert "<td>Teilnehmendenliste (PDF)</td>" in page


@pytest.mark.parametrize("export_format", list(FORMATS))
def test_export_queries_do_not_grow_with_the_rows(
    staff_client, event, export_format, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    workshop = WorkshopFactory(event=event)
    WorkshopBookingFactory(workshop=workshop, registration__event=event)
    with CaptureQueriesContext(connection) as few:
        body(download(staff_client, event, format=export_format))
    for _ in range(20):
        WorkshopBookingFactory(workshop=workshop, registration__event=event)

    with django_assert_max_num_queries(len(few)):
        body(download(staff_client, event, format=export_format))


def test_missing_format_shows_the_page_with_an_error(staff_client, event):
    response = staff_client.get(
        reverse("staff:export_download", kwargs={"slug": event.slug})
    )

    assert response.status_code == 400
    assert "Bitte ein Format wählen." in response.content.decode()
    assert ExportLog.objects.count() == 0


def qr_from_badge_page(page) -> str:
    """Rebuild the QR code drawn as small squares on a one-badge page and scan it."""
    import numpy as np
    import zxingcpp
    from pypdf.generic import ContentStream

    content = ContentStream(page.get_contents(), page.pdf)
    squares = [
        [float(v) for v in operands]
        for operands, operator in content.operations
        if operator == b"re" and float(operands[3]) < 10
    ]
    unit = min(height for _x, _y, _w, height in squares)
    left = min(x for x, _y, _w, _h in squares)
    top = max(y + height for _x, y, _w, height in squares)
    size = round((top - min(y for _x, y, _w, _h in squares)) / unit)
    image = np.full((size + 8, size + 8), 255, dtype=np.uint8)
    for x, y, width, height in squares:
        row = round((top - y - height) / unit) + 4
        column = round((x - left) / unit) + 4
        image[row, column : column + round(width / unit)] = 0
    scaled = np.kron(image, np.ones((8, 8), dtype=np.uint8))
    (result,) = zxingcpp.read_barcodes(scaled)
    return result.text


def test_badge_qr_code_scans_to_the_check_in_code(staff_client, event):
    registration = RegistrationFactory(event=event)

    reader, _text = pdf_text(download(staff_client, event, format="badges"))

    scanned = qr_from_badge_page(reader.pages[0])
    assert uuid.UUID(scanned) == registration.checkin_code


def test_extra_questions_become_columns_with_each_registrations_answer(
    staff_client, event
):
    from participants.models import Answer, Question

    diet = Question.objects.create(
        event=event, label="Ernährung", kind=Question.Kind.TEXT, order=1
    )
    bus = Question.objects.create(
        event=event, label="Shuttlebus", kind=Question.Kind.CHECKBOX, order=2
    )
    answered = RegistrationFactory(event=event, last_name="Albers")
    silent = RegistrationFactory(event=event, last_name="Berger")
    Answer.objects.create(registration=answered, question=diet, value="vegan")
    Answer.objects.create(registration=answered, question=bus, value="=ja")

    csv_rows = read_csv(download(staff_client, event, format="csv"))
    sheet = load_workbook(
        io.BytesIO(body(download(staff_client, event, format="xlsx")))
    ).active
    xlsx_rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert csv_rows[0][-2:] == ["Ernährung", "Shuttlebus"]
    assert csv_rows[1][-2:] == ["vegan", "'=ja"]
    assert csv_rows[2][-2:] == ["", ""]
    assert [row[-2:] for row in xlsx_rows[:2]] == [
        ["Ernährung", "Shuttlebus"],
        ["vegan", "'=ja"],
    ]
    assert silent.last_name in csv_rows[2]
