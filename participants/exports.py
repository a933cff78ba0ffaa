"""Participant exports: CSV, XLSX, PDF sign-in sheet and PDF name badges.

Every format walks the registrations with ``iterator(chunk_size=2000)`` so that
50,000 rows never sit in memory at once: CSV is yielded line by line into a
streaming response; XLSX (openpyxl's write-only mode) and the PDFs (reportlab's
canvas, page by page) are written to an anonymous temporary file that the
response then streams.

Cells that a spreadsheet could read as a formula are neutralised (see
``neutralise``) in CSV and XLSX alike.
"""

import csv
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import groupby
from pathlib import Path

import segno
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from workshops.models import Workshop

from .models import ExportLog, Question, Registration, WorkshopBooking

CHUNK_SIZE = 2000

# A cell starting with one of these may be run as a formula by Excel or
# LibreOffice (OWASP "CSV injection"); tab, CR and NUL are what defusedcsv misses.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "|", "%")

DEFAULT_FUNDING_NOTE = gettext_lazy(
    "Gefördert durch das Bundesministerium für Wohnen, Stadtentwicklung und "
    "Bauwesen (BMWSB) – Modellprojekte Smart Cities"
)


class Format:
    CSV = "csv"
    XLSX = "xlsx"
    SIGN_IN = "signin"
    BADGES = "badges"
    ALL = (CSV, XLSX, SIGN_IN, BADGES)


def neutralise(value: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would treat as a formula."""
    if value and (
        value.startswith(FORMULA_STARTS) or value.lstrip(" ").startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


# --- Selecting the rows ------------------------------------------------------


@dataclass(frozen=True)
class ExportFilters:
    """The filters of the admin's registration list, applied to an export."""

    status: str = ""
    mode: str = ""
    participant_kind: str = ""
    municipality_id: int | None = None
    workshop: Workshop | None = None

    def as_log(self) -> dict:
        data = {
            "status": self.status,
            "mode": self.mode,
            "participant_kind": self.participant_kind,
            "municipality": self.municipality_id,
            "workshop": self.workshop.pk if self.workshop else None,
        }
        return {key: value for key, value in data.items() if value not in ("", None)}


def registrations_for_export(event: Event, filters: ExportFilters) -> QuerySet:
    """Registrations of ``event`` matching ``filters``, ordered by name."""
    queryset = Registration.objects.filter(event=event)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.mode:
        queryset = queryset.filter(mode=filters.mode)
    if filters.participant_kind:
        queryset = queryset.filter(participant_kind=filters.participant_kind)
    if filters.municipality_id:
        queryset = queryset.filter(municipality_id=filters.municipality_id)
    if filters.workshop:
        queryset = queryset.filter(
            bookings__workshop=filters.workshop,
            bookings__status=WorkshopBooking.Status.BOOKED,
        )
    booked = WorkshopBooking.objects.filter(
        status=WorkshopBooking.Status.BOOKED
    ).select_related("workshop")
    return (
        queryset.select_related("municipality")
        .prefetch_related(
            Prefetch("bookings", queryset=booked, to_attr="booked"), "answers"
        )
        .order_by("last_name", "first_name", "id")
    )


def questions_of(event: Event) -> list[Question]:
    """The organiser's extra questions, one export column each."""
    return list(event.questions.order_by("order", "id"))


def log_export(
    *, user, event: Event, export_format: str, filters: ExportFilters, row_count: int
) -> ExportLog:
    """Write the audit row for one export."""
    return ExportLog.objects.create(
        user=user,
        event=event,
        workshop=filters.workshop,
        export_format=export_format,
        filters=filters.as_log(),
        row_count=row_count,
    )


def filename(event: Event, filters: ExportFilters, export_format: str) -> str:
    kind = {
        Format.CSV: "teilnehmende",
        Format.XLSX: "teilnehmende",
        Format.SIGN_IN: "teilnehmendenliste",
        Format.BADGES: "namensschilder",
    }[export_format]
    extension = {Format.CSV: "csv", Format.XLSX: "xlsx"}.get(export_format, "pdf")
    parts = [event.slug, kind]
    if filters.workshop:
        parts.append(f"workshop-{filters.workshop.code or filters.workshop.pk}")
    return "-".join(parts) + "." + extension


# --- Table rows (CSV and XLSX) -----------------------------------------------


def headers(questions: Sequence[Question] = ()) -> list[str]:
    return [
        _("Nr."),
        _("Nachname"),
        _("Vorname"),
        _("E-Mail"),
        _("Organisation"),
        _("Teilnahme als"),
        _("Kommune"),
        _("Teilnahme"),
        _("Status"),
        _("Workshops"),
        _("Angemeldet"),
        _("Eingecheckt"),
        _("Barrierefreiheit"),
        _("Verpflegung"),
        *(question.label for question in questions),
    ]


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def row_values(registration: Registration, questions: Sequence[Question] = ()) -> list:
    """One registration as a row: text, numbers and naive local datetimes."""
    answers = {
        answer.question_id: answer.value for answer in registration.answers.all()
    }
    return [
        registration.pk,
        registration.last_name,
        registration.first_name,
        registration.email,
        registration.organisation,
        registration.get_participant_kind_display(),
        registration.municipality.name if registration.municipality else "",
        registration.get_mode_display(),
        registration.get_status_display(),
        ", ".join(booking.workshop.full_title for booking in registration.booked),
        _local(registration.created_at),
        _local(registration.checked_in_at),
        registration.accessibility_needs,
        registration.catering_notes,
        *(answers.get(question.pk, "") for question in questions),
    ]


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def iter_registrations(queryset: QuerySet) -> Iterator[Registration]:
    return queryset.iterator(chunk_size=CHUNK_SIZE)


class _Echo:
    def write(self, value):
        return value


def csv_chunks(queryset: QuerySet, questions: Sequence[Question] = ()) -> Iterator[str]:
    """The CSV file in pieces: UTF-8 byte order mark, `;` separator, CRLF."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(headers(questions))
    batch = []
    for registration in iter_registrations(queryset):
        values = row_values(registration, questions)
        batch.append(writer.writerow([_as_text(v) for v in values]))
        if len(batch) == 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def write_xlsx(queryset: QuerySet, target, questions: Sequence[Question] = ()) -> None:
    """Write an .xlsx workbook to the binary file ``target``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Teilnehmende"))
    sheet.freeze_panes = "A2"
    widths = (7, 20, 18, 30, 30, 22, 18, 10, 12, 40, 17, 17, 25, 25)
    for column, width in enumerate(widths + (25,) * len(questions), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in headers(questions):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for registration in iter_registrations(queryset):
        cells = []
        for value in row_values(registration, questions):
            if isinstance(value, str):
                # Typed as text, so even a neutralised "=…" is never a formula.
                cell = WriteOnlyCell(sheet, value=neutralise(value))
                cell.data_type = "s"
            elif isinstance(value, datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD.MM.YYYY HH:MM"
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
    workbook.save(target)


# --- PDF ---------------------------------------------------------------------

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
)


@cache
def _fonts() -> tuple[str, str]:
    """Register a Unicode TrueType font (DejaVu, else reportlab's own Vera)."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            break
    else:
        folder = Path(reportlab.__file__).parent / "fonts"
        regular, bold = folder / "Vera.ttf", folder / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont("ExportSans", str(regular)))
    pdfmetrics.registerFont(TTFont("ExportSans-Bold", str(bold)))
    return "ExportSans", "ExportSans-Bold"


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def event_days(event: Event) -> list[date]:
    """Each calendar day of the event in local time (at most 14).

    An evening that runs past midnight does not make another day: a final day
    the event only touches before 6 o'clock is left out.
    """
    first = timezone.localtime(event.start).date()
    end = timezone.localtime(event.end)
    last = end.date() if end.hour >= 6 else end.date() - timedelta(days=1)
    last = max(first, last)
    count = min((last - first).days, 13) + 1
    return [first + timedelta(days=n) for n in range(count)]


def funding_note() -> str:
    return str(getattr(settings, "EXPORT_FUNDING_NOTE", DEFAULT_FUNDING_NOTE))


def _event_line(event: Event) -> str:
    parts = []
    if event.venue:
        parts.append(event.venue.address)
    return " · ".join(parts)


def write_sign_in_sheet(
    queryset: QuerySet, event: Event, target, workshop: Workshop | None = None
) -> None:
    """Teilnehmendenliste: one section per event day, a signature column per row."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = _fonts()
    width, height = A4
    left, right = 15 * mm, width - 15 * mm
    row_height = 9 * mm
    columns = [  # (title, x start)
        (_("Nr."), left),
        (_("Name"), left + 12 * mm),
        (_("Organisation"), left + 72 * mm),
        (_("Unterschrift"), left + 132 * mm),
    ]
    table_top = height - 52 * mm
    table_bottom = 22 * mm
    rows_per_page = int((table_top - table_bottom) // row_height) - 1
    note = funding_note()

    pdf = Canvas(target, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{_('Teilnehmendenliste')} – {event.full_title}")
    pdf.setAuthor(settings.DEFAULT_FROM_EMAIL.split("<")[0].strip())
    page_number = 0

    def start_page(day: date) -> float:
        nonlocal page_number
        page_number += 1
        y = height - 18 * mm
        pdf.setFont(bold, 15)
        pdf.drawString(left, y, _fit(event.full_title, bold, 15, right - left))
        pdf.setFont(regular, 10)
        y -= 6 * mm
        pdf.drawString(left, y, _fit(_event_line(event), regular, 10, right - left))
        y -= 10 * mm
        title = _("Teilnehmendenliste")
        if workshop:
            title += " – " + workshop.full_title
        pdf.setFont(bold, 12)
        pdf.drawString(left, y, _fit(title, bold, 12, right - left - 45 * mm))
        pdf.setFont(regular, 11)
        pdf.drawRightString(right, y, date_format(day, "l, j. F Y"))
        # Footer: the funding note and the page number.
        pdf.setFont(regular, 7.5)
        pdf.drawString(left, 12 * mm, _fit(note, regular, 7.5, right - left - 25 * mm))
        pdf.drawRightString(right, 12 * mm, _("Seite %(n)s") % {"n": page_number})
        # Table header.
        y = table_top
        pdf.setFont(bold, 9.5)
        for title, x in columns:
            pdf.drawString(x + 1.5 * mm, y - row_height + 3 * mm, title)
        pdf.setLineWidth(0.8)
        pdf.line(left, y - row_height, right, y - row_height)
        return y - row_height

    widths = [
        columns[i + 1][1] - columns[i][1] - 3 * mm for i in range(len(columns) - 1)
    ]
    for day in event_days(event):
        y = start_page(day)
        on_page = 0
        for number, registration in enumerate(iter_registrations(queryset), start=1):
            if on_page == rows_per_page:
                pdf.showPage()
                y = start_page(day)
                on_page = 0
            on_page += 1
            base = y - row_height + 3 * mm
            pdf.setFont(regular, 9.5)
            pdf.drawString(left + 1.5 * mm, base, str(number))
            name = f"{registration.last_name}, {registration.first_name}"
            pdf.drawString(
                columns[1][1] + 1.5 * mm, base, _fit(name, regular, 9.5, widths[1])
            )
            pdf.drawString(
                columns[2][1] + 1.5 * mm,
                base,
                _fit(registration.organisation, regular, 9.5, widths[2]),
            )
            y -= row_height
            pdf.setLineWidth(0.3)
            pdf.line(left, y, right, y)
            for _title, x in columns[1:]:
                pdf.line(x, y, x, y + row_height)
        pdf.showPage()
    pdf.save()


def _draw_qr(pdf, text: str, x: float, y: float, size: float) -> None:
    """Draw a QR code of ``text`` as one vector path, bottom left at (x, y).

    Upper case puts a UUID into QR's compact alphanumeric mode (version 2), and a
    fixed mask skips segno's scoring of all eight: any mask is valid QR, and
    together they make a code about five times faster to build.
    """
    qr = segno.make_qr(text.upper(), error="m", mask=4, boost_error=False)
    border = 2
    modules = qr.symbol_size(border=border)[0]
    unit = size / modules
    path = pdf.beginPath()
    for row_index, row in enumerate(qr.matrix):
        top = y + size - (row_index + border + 1) * unit
        column = 0
        for dark, run in groupby(row):
            length = len(list(run))
            if dark:
                path.rect(x + (column + border) * unit, top, length * unit, unit)
            column += length
    pdf.setFillColorRGB(0, 0, 0)
    pdf.drawPath(path, stroke=0, fill=1)


def write_badges(queryset: QuerySet, event: Event, target) -> None:
    """Name badges, eight per A4 page: name, organisation, event and a QR code."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = _fonts()
    width, height = A4
    badge_w, badge_h = 90 * mm, 62 * mm
    margin_x = (width - 2 * badge_w) / 2
    margin_y = (height - 4 * badge_h) / 2
    qr_size = 26 * mm
    pad = 5 * mm
    pdf = Canvas(target, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{_('Namensschilder')} – {event.full_title}")
    index = 0
    for registration in iter_registrations(queryset):
        slot = index % 8
        if index and slot == 0:
            pdf.showPage()
        index += 1
        column, row = slot % 2, slot // 2
        x = margin_x + column * badge_w
        y = height - margin_y - (row + 1) * badge_h
        pdf.setStrokeColorRGB(0.75, 0.75, 0.75)
        pdf.setLineWidth(0.4)
        pdf.rect(x, y, badge_w, badge_h, stroke=1, fill=0)
        text_w = badge_w - 2 * pad
        pdf.setFillColorRGB(0.3, 0.3, 0.3)
        pdf.setFont(regular, 8)
        pdf.drawString(
            x + pad,
            y + badge_h - pad - 3 * mm,
            _fit(event.full_title, regular, 8, text_w),
        )
        pdf.setFillColorRGB(0, 0, 0)
        pdf.setFont(bold, 17)
        pdf.drawString(
            x + pad,
            y + badge_h - pad - 13 * mm,
            _fit(registration.first_name, bold, 17, text_w),
        )
        pdf.drawString(
            x + pad,
            y + badge_h - pad - 20 * mm,
            _fit(registration.last_name, bold, 17, text_w),
        )
        pdf.setFont(regular, 10)
        pdf.drawString(
            x + pad,
            y + badge_h - pad - 28 * mm,
            _fit(registration.organisation, regular, 10, text_w - qr_size),
        )
        code = str(registration.checkin_code)
        _draw_qr(pdf, code, x + badge_w - pad - qr_size, y + pad - 1 * mm, qr_size)
        pdf.setFont(regular, 5.5)
        pdf.setFillColorRGB(0.3, 0.3, 0.3)
        pdf.drawString(x + pad, y + pad, code)
        pdf.setFillColorRGB(0, 0, 0)
    if index == 0:
        pdf.setFont(regular, 11)
        pdf.drawString(margin_x, height - margin_y, _("Keine Anmeldungen."))
    pdf.showPage()
    pdf.save()


def write_file(
    export_format: str, queryset: QuerySet, event: Event, filters: ExportFilters
):
    """Write an XLSX or PDF export to an anonymous temporary file, rewound."""
    target = tempfile.TemporaryFile(suffix=".export")  # noqa: SIM115 - the response closes it
    if export_format == Format.XLSX:
        write_xlsx(queryset, target, questions_of(event))
    elif export_format == Format.SIGN_IN:
        write_sign_in_sheet(queryset, event, target, workshop=filters.workshop)
    elif export_format == Format.BADGES:
        write_badges(queryset, event, target)
    else:
        raise ValueError(export_format)
    target.seek(0)
    return target
