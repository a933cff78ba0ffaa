"""The admin's "send a message" page, shared by the event and registration lists.

Write, preview, then send; the preview and the sending are services
(participants.services.broadcasts), this only binds the form and shows the page.
"""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import action_page
from events.models import Event
from participants.services.broadcasts import preview_broadcast, send_broadcast


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
