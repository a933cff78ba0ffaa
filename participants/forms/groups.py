"""Registering colleagues together: the registration form plus one row a person."""

from crispy_forms.layout import HTML, Div, Fieldset
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from participants.forms.fields import SingleLineEmailField, SingleLineField
from participants.forms.registration import RegistrationForm
from participants.registration_data import RegistrationData

ROW_FIELDS = ("first_name", "last_name", "email")
ROW_INCOMPLETE = _("Bitte Vorname, Nachname und E-Mail-Adresse angeben.")
NO_COLLEAGUE = _(
    "Bitte geben Sie mindestens eine weitere Person an, oder melden Sie sich allein an."
)


class GroupRegistrationForm(RegistrationForm):
    """The lead's registration, and up to GROUP_MAX colleagues who each confirm
    with their own link and give their own consents."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = range(1, settings.GROUP_MAX + 1)
        rows = []
        for row in self.rows:
            self.fields[f"colleague_{row}_first_name"] = SingleLineField(
                label=_("Vorname"), max_length=100, required=False
            )
            self.fields[f"colleague_{row}_last_name"] = SingleLineField(
                label=_("Nachname"), max_length=100, required=False
            )
            self.fields[f"colleague_{row}_email"] = SingleLineEmailField(
                label=_("E-Mail-Adresse"), max_length=254, required=False
            )
            rows.append(
                Fieldset(
                    _("Person %(number)s") % {"number": row + 1},
                    *(f"colleague_{row}_{name}" for name in ROW_FIELDS),
                    css_class="border rounded p-3 mb-3",
                )
            )
        group = Fieldset(
            _("Kolleginnen und Kollegen"),
            HTML(
                format_html(
                    '<p class="form-text">{}</p>',
                    _(
                        "Jede Person bekommt eine eigene E-Mail, bestätigt selbst "
                        "und gibt ihre eigenen Einwilligungen. Sie nehmen so teil "
                        "wie Sie (Teilnahmeart und Workshops); Leerzeilen bleiben "
                        "einfach leer."
                    ),
                )
            ),
            Div(*rows),
        )
        layout = self.helper.layout
        after_person = next(
            index
            for index, part in enumerate(layout.fields)
            if isinstance(part, Fieldset) and part.legend == _("Ihre Angaben")
        )
        layout.insert(after_person + 1, group)

    def clean(self):
        cleaned = super().clean()
        filled = 0
        for row in self.rows:
            values = {
                name: cleaned.get(f"colleague_{row}_{name}") for name in ROW_FIELDS
            }
            if not any(values.values()):
                continue
            filled += 1
            for name, value in values.items():
                if not value and f"colleague_{row}_{name}" not in self.errors:
                    self.add_error(f"colleague_{row}_{name}", ROW_INCOMPLETE)
        if not filled:
            self.add_error(None, NO_COLLEAGUE)
        return cleaned

    def colleagues(self) -> list[RegistrationData]:
        """The filled rows, in order; they share the lead's organisation."""
        lead = self.cleaned_data
        return [
            RegistrationData(
                first_name=self.cleaned_data[f"colleague_{row}_first_name"],
                last_name=self.cleaned_data[f"colleague_{row}_last_name"],
                email=self.cleaned_data[f"colleague_{row}_email"],
                participant_kind=lead["participant_kind"],
                organisation=lead["organisation"],
                municipality=lead["municipality"],
            )
            for row in self.rows
            if self.cleaned_data.get(f"colleague_{row}_email")
        ]
