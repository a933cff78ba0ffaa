"""The one table of export formats: what each is called, how its file is named,
its content type and the function that writes it.

The export page's buttons, the download view and the export log all read
``FORMATS``; a new format is one more row here.
"""

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from participants.models import ExportLog

from . import pdf, tables
from .rows import Selection

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportFormat:
    """One format. Exactly one writer: ``stream`` yields text for a streaming
    response, ``write`` fills a binary file that the response sends afterwards."""

    key: str  # the ?format= value and ExportLog.export_format
    label: Promise
    # {event} is the event's slug, {workshop} "-workshop-<code>" or empty.
    filename: str
    content_type: str
    stream: Callable[[Selection], Iterator[str]] | None = None
    write: Callable[[Selection, BinaryIO], None] | None = None
    # Printed for the people in the room: without a mode filter, on-site only.
    onsite_by_default: bool = False

    def __post_init__(self):
        if (self.stream is None) == (self.write is None):
            raise ValueError(f"{self.key}: give either stream or write")

    def filename_for(self, selection: Selection) -> str:
        workshop = selection.filters.workshop
        return self.filename.format(
            event=selection.event.slug,
            workshop=f"-workshop-{workshop.code or workshop.pk}" if workshop else "",
        )

    def narrow(self, selection: Selection) -> Selection:
        """The registrations this format holds for ``selection``."""
        return selection.only_onsite() if self.onsite_by_default else selection

    def temporary_file(self, selection: Selection) -> BinaryIO:
        """The export written to an anonymous temporary file, rewound."""
        target = tempfile.TemporaryFile(suffix=".export")  # noqa: SIM115 - the response closes it
        self.write(self.narrow(selection), target)
        target.seek(0)
        return target


FORMATS: dict[str, ExportFormat] = {
    export_format.key: export_format
    for export_format in (
        ExportFormat(
            key="csv",
            label=_("CSV (Excel, Semikolon)"),
            filename="{event}-teilnehmende{workshop}.csv",
            content_type="text/csv; charset=utf-8",
            stream=tables.csv_chunks,
        ),
        ExportFormat(
            key="xlsx",
            label=_("Excel (XLSX)"),
            filename="{event}-teilnehmende{workshop}.xlsx",
            content_type=XLSX_TYPE,
            write=tables.write_xlsx,
        ),
        ExportFormat(
            key="signin",
            label=_("Teilnehmendenliste (PDF)"),
            filename="{event}-teilnehmendenliste{workshop}.pdf",
            content_type="application/pdf",
            write=pdf.write_sign_in_sheet,
            onsite_by_default=True,
        ),
        ExportFormat(
            key="badges",
            label=_("Namensschilder (PDF)"),
            filename="{event}-namensschilder{workshop}.pdf",
            content_type="application/pdf",
            write=pdf.write_badges,
            onsite_by_default=True,
        ),
    )
}


def label_of(key: str) -> str:
    """The format's name for the log; a key no longer in the table shows as is."""
    export_format = FORMATS.get(key)
    return str(export_format.label) if export_format else key


def log_export(*, user, selection: Selection, export_format: ExportFormat) -> ExportLog:
    """Write the audit row for one export (one COUNT, one INSERT)."""
    selection = export_format.narrow(selection)
    return ExportLog.objects.create(
        user=user,
        event=selection.event,
        workshop=selection.filters.workshop,
        export_format=export_format.key,
        filters=selection.filters.as_log(),
        row_count=selection.registrations.count(),
    )
