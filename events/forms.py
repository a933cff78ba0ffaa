from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Municipality, Project

from . import selectors
from .models import Event


class EventFilterForm(forms.Form):
    """The filters of the event list and the calendar feed, read from GET."""

    place = forms.ModelChoiceField(
        label=_("Veranstaltungsort"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Orte"),
        help_text=_("Die Stadt, in der die Veranstaltung stattfindet."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Beteiligte Kommune"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Kommunen"),
        help_text=_("Eine Kommune, die die Veranstaltung mit ausrichtet."),
    )
    project = forms.ModelChoiceField(
        label=_("Projekt"),
        queryset=Project.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Projekte"),
    )
    year = forms.TypedChoiceField(
        label=_("Jahr"), coerce=int, required=False, empty_value=None
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Alle Formate")), *Event.Format.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Art"),
        choices=[("", _("Alle Arten")), *Event.Kind.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = selectors.event_places()
        self.fields["municipality"].queryset = selectors.participating_municipalities()
        years = selectors.event_years()
        self.fields["year"].choices = [("", _("Alle Jahre"))] + [
            (year, str(year)) for year in years
        ]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select"
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def filters(self) -> dict:
        """The valid, non-empty filters; an invalid one is left out (and shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }

    def query_string(self) -> str:
        """The active filters as URL parameters, e.g. for the feed link."""
        params = {}
        for name, value in self.filters().items():
            params[name] = value.slug if hasattr(value, "slug") else value
        return urlencode(params)

    def describe(self) -> list[str]:
        """Human-readable labels of the active filters, for the calendar's name."""
        labels = []
        for name, value in self.filters().items():
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField) or name == "year":
                labels.append(str(value))
            else:
                labels.append(str(dict(field.choices).get(value, value)))
        return labels
