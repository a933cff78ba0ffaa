"""The PDF exports, drawn with reportlab: the sign-in sheet and the name badges."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import chain, groupby
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event
from participants import qr

from . import layout
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


def empty_note(selection: Selection) -> str:
    """What an empty sheet says instead of an empty table."""
    if selection.awaiting_allocation():
        return _(
            "Noch keine Zuteilung: Die Plätze dieses Workshops werden nach Wunsch "
            "zugeteilt. Die Liste füllt sich, sobald die Zuteilung übernommen ist."
        )
    return _("Keine Anmeldungen für diese Auswahl.")


def no_photos_label() -> str:
    return _("Keine Fotos")


def draw_no_photos(pdf, x: float, baseline: float, font: str, size: float) -> float:
    """The discreet mark for someone who gave no photo consent (or withdrew it):
    a crossed-out camera and the words "Keine Fotos"; returns its width."""
    h = size * 0.8
    w = h * 1.4
    pdf.saveState()
    pdf.setStrokeColorRGB(0.2, 0.2, 0.2)
    pdf.setFillColorRGB(0.2, 0.2, 0.2)
    pdf.setLineWidth(0.5)
    # Outlines as paths, not rectangles: the badge's QR code is the only thing
    # drawn of small rectangles.
    body = pdf.beginPath()
    body.moveTo(x, baseline)
    for px, py in (
        (x + w, baseline),
        (x + w, baseline + h * 0.8),
        (x + w * 0.65, baseline + h * 0.8),
        (x + w * 0.6, baseline + h),
        (x + w * 0.35, baseline + h),
        (x + w * 0.3, baseline + h * 0.8),
        (x, baseline + h * 0.8),
    ):
        body.lineTo(px, py)
    body.close()
    pdf.drawPath(body, stroke=1, fill=0)
    pdf.circle(x + w / 2, baseline + h * 0.4, h * 0.25, stroke=1, fill=0)  # lens
    pdf.setLineWidth(0.8)
    pdf.line(x - h * 0.1, baseline - h * 0.1, x + w + h * 0.1, baseline + h * 1.1)
    pdf.setFont(font, size)
    label = no_photos_label()
    pdf.drawString(x + w + size * 0.4, baseline, label)
    pdf.restoreState()
    return w + size * 0.4 + layout.text_width(label, font, size)


def _photos_declined(registration) -> bool:
    return not getattr(registration, "photos_allowed", False)


@dataclass(frozen=True)
class _Column:
    title: str
    x: float
    width: float


def write_sign_in_sheet(selection: Selection, target) -> None:
    """Teilnehmendenliste: one section per event day, a signature column per row.

    Rows grow to hold a long name or organisation; nothing is cut. Under the name
    of someone without photo consent stands the "Keine Fotos" mark.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    event, workshop = selection.event, selection.filters.workshop
    regular, bold = _fonts()
    width, height = A4
    left, right = 15 * mm, width - 15 * mm
    pad = 1.5 * mm
    min_row = 9 * mm
    mark_height = 3.2 * mm
    edges = [left, left + 12 * mm, left + 72 * mm, left + 132 * mm, right]
    titles = [_("Nr."), _("Name"), _("Organisation"), _("Unterschrift")]
    columns = [
        _Column(title, x, edges[i + 1] - x - 2 * pad)
        for i, (title, x) in enumerate(zip(titles, edges, strict=False))
    ]
    title_block = layout.fit(
        event.full_title, bold, size=15, shrink_to=11, width=right - left
    )
    line_block = layout.fit(
        _event_line(event), regular, size=10, shrink_to=8, width=right - left
    )
    list_title = _("Teilnehmendenliste")
    if workshop:
        list_title += " – " + workshop.full_title
    date_size = 11
    date_width = max(
        layout.text_width(date_format(day, "l, j. F Y"), regular, date_size)
        for day in event_days(event)
    )
    list_block = layout.fit(
        list_title, bold, size=12, shrink_to=9, width=right - left - date_width - 6 * mm
    )
    footer = layout.fit(
        funding_note(), regular, size=7.5, shrink_to=7, width=right - left - 14 * mm
    )
    footer_bottom = 10 * mm
    table_bottom = footer_bottom + footer.height + 4 * mm

    pdf = Canvas(target, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{_('Teilnehmendenliste')} – {event.full_title}")
    pdf.setAuthor(settings.DEFAULT_FROM_EMAIL.split("<")[0].strip())
    page_number = 0

    def start_page(day: date, *, table: bool = True) -> float:
        nonlocal page_number
        page_number += 1
        y = title_block.draw(pdf, left, height - 13 * mm) - 1.5 * mm
        y = line_block.draw(pdf, left, y) - 6 * mm
        pdf.setFont(regular, date_size)
        pdf.drawRightString(right, y - list_block.size, date_format(day, "l, j. F Y"))
        y = list_block.draw(pdf, left, y) - 6 * mm
        # Footer: the whole funding note and the page number.
        footer.draw(pdf, left, footer_bottom + footer.height)
        pdf.setFont(regular, 7.5)
        pdf.drawRightString(
            right,
            footer_bottom + footer.height - footer.size,
            _("Seite %(n)s") % {"n": page_number},
        )
        if not table:
            return y
        # Table header.
        row = 7 * mm
        pdf.setFont(bold, 9.5)
        for column in columns:
            pdf.drawString(column.x + pad, y - row + 2.2 * mm, column.title)
        pdf.setLineWidth(0.8)
        pdf.line(left, y - row, right, y - row)
        return y - row

    def cell(text: str, column: _Column) -> layout.Block:
        return layout.fit(
            text, regular, size=9.5, shrink_to=8, width=column.width, max_height=None
        )

    for day in event_days(event):
        rows = iter(selection)
        first = next(rows, None)
        y = start_page(day, table=first is not None)
        if first is None:
            # An empty table says nothing: say why the list is empty.
            note = layout.fit(
                empty_note(selection),
                regular,
                size=11,
                shrink_to=11,
                width=right - left,
            )
            note.draw(pdf, left, y)
        for number, registration in enumerate(chain([first], rows), start=1):
            if registration is None:
                break
            name = f"{registration.last_name}, {registration.first_name}"
            blocks = [
                (cell(str(number), columns[0]), columns[0]),
                (cell(name, columns[1]), columns[1]),
                (cell(registration.organisation, columns[2]), columns[2]),
            ]
            declined = _photos_declined(registration)
            mark = mark_height if declined else 0
            name_block = blocks[1][0]
            row = max(
                min_row,
                max(b.height for b, _c in blocks) + 2 * pad,
                name_block.height + mark + 2 * pad,
            )
            if y - row < table_bottom:
                pdf.showPage()
                y = start_page(day)
            for block, column in blocks:
                if declined and column is columns[1]:
                    top = y - (row - block.height - mark) / 2
                    below = block.draw(pdf, column.x + pad, top)
                    draw_no_photos(
                        pdf, column.x + pad, below - mark + 0.6 * mm, regular, 6.5
                    )
                else:
                    block.draw(pdf, column.x + pad, y - (row - block.height) / 2)
            y -= row
            pdf.setLineWidth(0.3)
            pdf.line(left, y, right, y)
            for column in columns[1:]:
                pdf.line(column.x, y, column.x, y + row)
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
    """Name badges, eight per A4 page: name, organisation, event and a QR code.

    Long names and organisations shrink and wrap inside the badge; nothing is cut.
    A badge of someone without photo consent carries the "Keine Fotos" mark above
    the code line, for photographers.
    """
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
    text_w = badge_w - 2 * pad
    event_block = layout.fit(
        event.full_title, regular, size=8, shrink_to=7, width=text_w
    )
    # Names use the room between the event line and the top of the QR code.
    names_height = badge_h - 2 * pad - event_block.height - 2 * mm - qr_size
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
        pdf.setFillColorRGB(0.3, 0.3, 0.3)
        top = event_block.draw(pdf, x + pad, y + badge_h - pad) - 2 * mm
        pdf.setFillColorRGB(0, 0, 0)
        first = layout.fit(
            registration.first_name,
            bold,
            size=17,
            shrink_to=12,
            width=text_w,
            max_height=names_height / 2,
        )
        last = layout.fit(
            registration.last_name,
            bold,
            size=first.size,
            shrink_to=min(12, first.size),
            width=text_w,
            max_height=names_height - first.height,
        )
        top = first.draw(pdf, x + pad, top)
        top = last.draw(pdf, x + pad, top) - 2 * mm
        code_line = y + pad
        above_code = code_line + 3 * mm
        if _photos_declined(registration):
            draw_no_photos(pdf, x + pad, above_code, regular, 7)
            above_code += 4 * mm
        if registration.organisation:
            organisation = layout.fit(
                registration.organisation,
                regular,
                size=10,
                shrink_to=8,
                width=text_w - qr_size - 2 * mm,
                max_height=top - above_code,
            )
            organisation.draw(pdf, x + pad, top)
        code = str(registration.checkin_code)
        _draw_qr(pdf, code, x + badge_w - pad - qr_size, y + pad - 1 * mm, qr_size)
        pdf.setFont(regular, 5.5)
        pdf.setFillColorRGB(0.3, 0.3, 0.3)
        pdf.drawString(x + pad, code_line, code)
        pdf.setFillColorRGB(0, 0, 0)
    if index == 0:
        note = layout.fit(
            empty_note(selection), regular, size=11, shrink_to=11, width=2 * badge_w
        )
        note.draw(pdf, margin_x, height - margin_y)
    pdf.showPage()
    pdf.save()
