"""The PDF exports, drawn with reportlab: the sign-in sheet and the name badges."""

from datetime import date, timedelta
from functools import cache
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from participants import qr

from .rows import Selection

DEFAULT_FUNDING_NOTE = gettext_lazy(
    "Gefördert durch das Bundesministerium für Wohnen, Stadtentwicklung und "
    "Bauwesen (BMWSB) – Modellprojekte Smart Cities"
)

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


def write_sign_in_sheet(selection: Selection, target) -> None:
    """Teilnehmendenliste: one section per event day, a signature column per row."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    event, workshop = selection.event, selection.filters.workshop
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
        for number, registration in enumerate(selection, start=1):
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
    """Draw a QR code of ``text`` as one vector path, bottom left at (x, y)."""
    symbol = qr.make(text)
    border = 2
    modules = symbol.symbol_size(border=border)[0]
    unit = size / modules
    path = pdf.beginPath()
    for row_index, row in enumerate(symbol.matrix):
        top = y + size - (row_index + border + 1) * unit
        column = 0
        for dark, run in groupby(row):
            length = len(list(run))
            if dark:
                path.rect(x + (column + border) * unit, top, length * unit, unit)
            column += length
    pdf.setFillColorRGB(0, 0, 0)
    pdf.drawPath(path, stroke=0, fill=1)


def write_badges(selection: Selection, target) -> None:
    """Name badges, eight per A4 page: name, organisation, event and a QR code."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    event = selection.event
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
    for registration in selection:
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
