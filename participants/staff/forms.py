"""Forms of the staff pages: export filters and the check-in box."""

import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.models import ParticipantKind, Registration
from projects.models import Municipality
from workshops.models import Workshop

from .exports.rows import ExportFilters

UUID_PATTERN = re.compile(
    r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I
)


class ExportFilterForm(forms.Form):
    """The registration list's filters; every field may stay empty."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle"))] + Registration.Status.choices,
    )
    mode = forms.ChoiceField(
        label=_("Teilnahme"),
        required=False,
        choices=[("", _("Alle"))] + Registration.Mode.choices,
    )
    participant_kind = forms.ChoiceField(
        label=_("Teilnahme als"),
        required=False,
        choices=[("", _("Alle"))] + ParticipantKind.choices,
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        required=False,
        queryset=Municipality.objects.all(),
        empty_label=_("Alle"),
    )
    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        required=False,
        queryset=Workshop.objects.none(),
        empty_label=_("Ganze Veranstaltung"),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(event=event)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            registration__event=event
        ).distinct()

    def export_filters(self) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters(
            status=data.get("status") or "",
            mode=data.get("mode") or "",
            participant_kind=data.get("participant_kind") or "",
            municipality_id=data["municipality"].pk
            if data.get("municipality")
            else None,
            workshop=data.get("workshop"),
        )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, Organisation oder Code"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "autocapitalize": "off"}
        ),
    )


class CheckInForm(forms.Form):
    """Either a scanned or typed code, or the id of a search result."""

    code = forms.CharField(label=_("Check-in-Code"), required=False, max_length=500)
    registration = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )

    def clean_code(self):
        text = self.cleaned_data["code"].strip()
        if not text:
            return None
        # A scan may give the bare code or a link that contains it.
        match = UUID_PATTERN.search(text)
        if not match:
            raise forms.ValidationError(
                _(
                    "Das ist kein gültiger Check-in-Code. Bitte erneut scannen oder "
                    "nach dem Namen suchen."
                )
            )
        return uuid.UUID(match.group(0))

    def clean(self):
        data = super().clean()
        if self.errors.pop("registration", None):
            # Hidden: only a tampered page sends a bad id, and the page would not
            # show the field's error.
            self.add_error(
                None,
                _(
                    "Die gewählte Person ist unbekannt. Bitte erneut nach dem "
                    "Namen suchen oder den Code scannen."
                ),
            )
            return data
        if not data.get("code") and not data.get("registration") and not self.errors:
            raise forms.ValidationError(
                _("Bitte einen Code eingeben oder eine Person aus der Suche wählen.")
            )
        return data
