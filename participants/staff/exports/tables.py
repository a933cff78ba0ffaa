"""The tabular exports, CSV and XLSX: one registration a row, one column a field.

Cells that a spreadsheet could read as a formula are neutralised (see
``neutralise``) in both.
"""

import csv
from collections.abc import Iterator, Sequence
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import Question, Registration

from .rows import Selection

# A cell starting with one of these may be run as a formula by Excel or
# LibreOffice (OWASP "CSV injection"); tab, CR and NUL are what defusedcsv misses.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "|", "%")


def neutralise(value: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would treat as a formula."""
    if value and (
        value.startswith(FORMULA_STARTS) or value.lstrip(" ").startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


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
        *(question.label for question in questions),
    ]


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def row_values(
    registration: Registration,
    questions: Sequence[Question] = (),
    *,
    number: int | None = None,
) -> list:
    """One registration as a row: text, numbers and naive local datetimes.

    ``number`` is the running number in the list ("Nr."); without one the row
    shows the registration's id.
    """
    answers = {
        answer.question_id: answer.value for answer in registration.answers.all()
    }
    return [
        registration.pk if number is None else number,
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


class _Echo:
    def write(self, value):
        return value


def csv_chunks(selection: Selection) -> Iterator[str]:
    """The CSV file in pieces: UTF-8 byte order mark, `;` separator, CRLF."""
    questions = selection.questions
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(headers(questions))
    batch = []
    for number, registration in enumerate(selection, start=1):
        values = row_values(registration, questions, number=number)
        batch.append(writer.writerow([_as_text(v) for v in values]))
        if len(batch) == 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def write_xlsx(selection: Selection, target) -> None:
    """Write an .xlsx workbook to the binary file ``target``: a frozen header row
    with an autofilter over every column."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    questions = selection.questions
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Teilnehmende"))
    sheet.freeze_panes = "A2"
    widths = (7, 20, 18, 30, 30, 22, 18, 10, 12, 40, 17, 17)
    for column, width in enumerate(widths + (25,) * len(questions), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in headers(questions):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    rows = 1
    for number, registration in enumerate(selection, start=1):
        rows += 1
        cells = []
        for value in row_values(registration, questions, number=number):
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
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header_cells))}{rows}"
    workbook.save(target)
