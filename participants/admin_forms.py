"""The admin's action pages for registrations: send a message, export a list.

Messages: write, preview, then send; the preview and the sending are services
(participants.services.broadcasts), this only binds the form and shows the page.
Exports: the selected rows in one of the staff exports' formats, logged as the
staff export page logs them.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import action_page
from core.permissions import Perm, has_perm
from events.models import Event
from participants.services.broadcasts import preview_broadcast, send_broadcast
from participants.staff.downloads import export_response
from participants.staff.exports.formats import FORMATS
from participants.staff.exports.rows import ExportFilters, Selection, select
from participants.staff.forms import ExportFilterForm


class BroadcastForm(forms.Form):
    workshop = forms.ModelChoiceField(
        label=_("Empfänger"),
        queryset=None,
        required=False,
        empty_label=_("Alle bestätigten Teilnehmenden der Veranstaltung"),
        help_text=_("Oder nur die bestätigten Teilnehmenden eines Workshops."),
    )
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = event.workshops.all()

    def freeze(self):
        """Show the previewed values as hidden fields: what is sent is what was seen."""
        for field in self.fields.values():
            field.widget = field.hidden_widget()


def broadcast_page(modeladmin, request, *, event: Event, action: str, selected):
    """The action page: the form, then its preview, then one email per recipient."""
    post = request.POST
    submitted = any(key in post for key in ("preview", "send", "edit"))
    form = BroadcastForm(post if submitted else None, event=event)
    context = {"event": event}
    if submitted and "edit" not in post and form.is_valid():
        data = form.cleaned_data
        if "send" in post:
            broadcast = send_broadcast(event=event, user=request.user, **data)
            count = broadcast.emails.count()
            modeladmin.message_user(
                request,
                ngettext(
                    "Nachricht „%(subject)s“ an %(count)d Person in den Versand "
                    "gegeben.",
                    "Nachricht „%(subject)s“ an %(count)d Personen in den Versand "
                    "gegeben.",
                    count,
                )
                % {"subject": broadcast.subject, "count": count},
                messages.SUCCESS,
            )
            return None
        preview = preview_broadcast(event=event, **data)
        form.freeze()
        context.update(
            previewing=True,
            recipient_count=preview.recipient_count,
            preview_subject=preview.subject,
            preview_text=preview.text,
            workshop=data["workshop"],
        )
    return action_page(
        modeladmin,
        request,
        action=action,
        title=_("Nachricht an Teilnehmende: %(event)s") % {"event": event},
        form=form,
        selected=selected,
        submit_label=_("Vorschau"),
        template="admin/participants/broadcast_form.html",
        **context,
    )


# The registration list's filter parameters, by the export filter each one sets.
CHANGELIST_FILTERS = {
    "status__exact": "status",
    "mode__exact": "mode",
    "participant_kind__exact": "participant_kind",
    "municipality__id__exact": "municipality",
    "bookings__workshop__id__exact": "workshop",
}


def _changelist_filters(request, event: Event) -> ExportFilters:
    """The list's filters as the export log records them (the action posts to the
    list's own address, so its query string holds them)."""
    data = {
        field: request.GET.get(param, "") for param, field in CHANGELIST_FILTERS.items()
    }
    form = ExportFilterForm(data, event=event)
    return form.export_filters() if form.is_valid() else ExportFilters()


def export_page(modeladmin, request, queryset, *, action: str):
    """Choose a format for the selected registrations of one event, then download."""
    selected = modeladmin.scope_queryset(queryset, request.user, Perm.EXPORT)
    event_ids = set(selected.values_list("event_id", flat=True))
    if len(event_ids) != 1:
        modeladmin.message_user(
            request,
            _(
                "Bitte Anmeldungen genau einer Veranstaltung auswählen, etwa mit "
                "dem Filter „Nach Veranstaltung“."
            ),
            messages.WARNING,
        )
        return None
    event = Event.objects.get(pk=event_ids.pop())
    if not has_perm(request.user, event, Perm.EXPORT):
        raise PermissionDenied
    export_format = FORMATS.get(request.POST.get("export_format", ""))
    if export_format is not None:
        filters = _changelist_filters(request, event)
        rows = select(event=event, filters=filters).registrations
        selection = Selection(
            event=event,
            filters=filters,
            registrations=rows.filter(pk__in=selected.values("pk")),
        )
        return export_response(
            user=request.user, selection=selection, export_format=export_format
        )
    return action_page(
        modeladmin,
        request,
        action=action,
        title=_("Exportieren: %(event)s") % {"event": event},
        intro=ngettext(
            "%(count)d ausgewählte Anmeldung, in der Reihenfolge der Namen. Der "
            "Export wird mit Person, Zeitpunkt, Filtern und Zeilenzahl protokolliert.",
            "%(count)d ausgewählte Anmeldungen, in der Reihenfolge der Namen. Der "
            "Export wird mit Person, Zeitpunkt, Filtern und Zeilenzahl protokolliert.",
            selected.count(),
        )
        % {"count": selected.count()},
        form=forms.Form(),
        selected=selected.order_by("pk").distinct(),
        submit_label=_("Exportieren"),
        template="admin/participants/export_form.html",
        formats=FORMATS.values(),
        event=event,
    )
