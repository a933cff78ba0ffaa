"""One export as an HTTP download, logged: shared by the staff page and the admin."""

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from .exports.formats import ExportFormat, log_export
from .exports.rows import Selection


def export_response(*, user, selection: Selection, export_format: ExportFormat):
    """Write the ExportLog row, then the file as an attachment (never cached)."""
    log_export(user=user, selection=selection, export_format=export_format)
    name = export_format.filename_for(selection)
    response: HttpResponse
    if export_format.stream:
        response = StreamingHttpResponse(
            export_format.stream(selection), content_type=export_format.content_type
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(
            export_format.temporary_file(selection),
            as_attachment=True,
            filename=name,
            content_type=export_format.content_type,
        )
    response["Cache-Control"] = "no-store"
    return response
