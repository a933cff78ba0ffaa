"""The public registration form, and the small forms of the personal page."""

import hashlib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants import selectors
from participants.forms.fields import (
    ANSWER_MAX_LENGTH,
    NotesField,
    SingleLineEmailField,
    SingleLineField,
)
from participants.forms.workshops import WorkshopChoiceMixin
from participants.models import (
    Consent,
    Need,
    ParticipantKind,
    Question,
    Registration,
)
from participants.registration_data import RegistrationData
from participants.services.registration import HealthDataConsentMissing
from projects.models import Municipality

WAITLIST_NOTICE = _(
    "Alle Plätze sind vergeben. Wenn Sie das Formular absenden, kommen Sie auf "
    "die Warteliste; sobald ein Platz frei wird, rücken Sie nach und bekommen "
    "eine E-Mail."
)


class RegistrationForm(WorkshopChoiceMixin, forms.Form):
    first_name = SingleLineField(label=_("Vorname"), max_length=100)
    last_name = SingleLineField(label=_("Nachname"), max_length=100)
    email = SingleLineEmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_("Hierhin schicken wir den Link zum Bestätigen."),
    )
    organisation = SingleLineField(
        label=_("Organisation"), max_length=200, required=False
    )
    participant_kind = forms.ChoiceField(
        label=_("Ich nehme teil als"),
        choices=[("", _("Bitte wählen"))] + list(ParticipantKind.choices),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Keine Angabe"),
        help_text=_("Falls Sie für eine Kommune des Netzwerks teilnehmen."),
    )
    mode = forms.ChoiceField(
        label=_("Wie nehmen Sie teil?"),
        choices=Registration.Mode.choices,
        widget=forms.RadioSelect,
    )
    needs = forms.MultipleChoiceField(
        label=_("Was brauchen Sie, um gut teilnehmen zu können?"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    allergies = NotesField(
        label=_("Allergien und Unverträglichkeiten"),
        help_text=_("Zum Beispiel Nüsse, Gluten oder Laktose."),
    )
    needs_notes = NotesField(
        label=_("Weitere Bedarfe"),
        help_text=_("Was wir sonst wissen sollten, damit Sie gut teilnehmen können."),
    )
    consent_health_data = forms.BooleanField(
        label=Consent.TEXTS[Consent.Kind.HEALTH_DATA][1], required=False
    )
    privacy_notice = forms.BooleanField(
        label=Consent.TEXTS[Consent.Kind.PRIVACY_NOTICE][1],
        error_messages={
            "required": _(
                "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis zur Kenntnis "
                "genommen haben."
            )
        },
    )
    consent_photos = forms.BooleanField(
        label=Consent.TEXTS[Consent.Kind.PHOTOS][1], required=False
    )
    consent_participant_list = forms.BooleanField(
        label=Consent.TEXTS[Consent.Kind.PARTICIPANT_LIST][1], required=False
    )
    # The honeypot: people never see or reach it, form-filling robots fill it in.
    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.places = selectors.event_places(event=event)
        self.waitlist_only = event.is_full(self.places)
        if event.format == Event.Format.HYBRID:
            self.fields["mode"].choices = [
                (value, self._mode_label(value, label))
                for value, label in Registration.Mode.choices
            ]
        else:
            del self.fields["mode"]
        workshop_fields = self.add_workshop_fields(
            event, wish_required=event.format != Event.Format.HYBRID
        )
        self.questions = list(event.questions.all())
        question_fields = [self._add_question(q) for q in self.questions]
        self.helper = self._helper(workshop_fields, question_fields)

    def wish_needed(self, cleaned) -> bool:
        return cleaned.get("mode") == Registration.Mode.ONSITE

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("mode") or self.event.offered_modes[0]
        if not self.event.workshops_open_to(mode):
            for name in self.workshop_field_names():
                if cleaned.get(name):
                    self.add_error(name, selectors.ONLINE_TAKES_NO_WORKSHOP)
        has_needs = any(
            cleaned.get(name) for name in ("needs", "allergies", "needs_notes")
        )
        if has_needs and not cleaned.get("consent_health_data"):
            self.add_error("consent_health_data", HealthDataConsentMissing.message)
        return cleaned

    def _mode_label(self, mode, label):
        if self.places[mode].full:
            return str(_("%(mode)s (ausgebucht – Warteliste)")) % {"mode": label}
        return label

    def _add_question(self, question: Question) -> str:
        name = f"question_{question.pk}"
        common = {
            "label": question.label,
            "help_text": question.help_text,
            "required": question.required,
        }
        if question.kind == Question.Kind.CHOICE:
            field = forms.ChoiceField(
                choices=[("", _("Bitte wählen"))]
                + [(c, c) for c in question.choice_list],
                **common,
            )
        elif question.kind == Question.Kind.CHECKBOX:
            field = forms.BooleanField(**common)
        else:
            field = SingleLineField(max_length=ANSWER_MAX_LENGTH, **common)
        self.fields[name] = field
        return name

    def _helper(self, workshop_fields, question_fields) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "post"
        helper.attrs = {"novalidate": ""}
        parts = [
            Fieldset(
                _("Ihre Angaben"),
                "first_name",
                "last_name",
                "email",
                "organisation",
                "participant_kind",
                "municipality",
            ),
        ]
        if "mode" in self.fields:
            parts.append(Fieldset(_("Teilnahme"), "mode"))
        if workshop_fields:
            parts.append(Fieldset(_("Workshops"), *workshop_fields))
        parts.append(
            Fieldset(
                _("Barrierefreiheit und Verpflegung (freiwillig)"),
                HTML(
                    format_html(
                        '<p class="form-text">{}</p>',
                        _(
                            "Diese Angaben können Gesundheitsdaten sein. Wir "
                            "speichern sie nur mit Ihrer ausdrücklichen "
                            "Einwilligung darunter; nur das Organisationsteam "
                            "sieht sie, Caterer und Dolmetschende erfahren nur "
                            "Gesamtzahlen."
                        ),
                    )
                ),
                "needs",
                "allergies",
                "needs_notes",
                "consent_health_data",
            )
        )
        if question_fields:
            parts.append(Fieldset(_("Weitere Fragen"), *question_fields))
        parts.append(
            Fieldset(
                _("Datenschutz und Einwilligungen"),
                "privacy_notice",
                HTML(
                    format_html(
                        '<p class="form-text">{}</p>',
                        _(
                            "Die folgenden Einwilligungen sind freiwillig und "
                            "können jederzeit widerrufen werden."
                        ),
                    )
                ),
                "consent_photos",
                "consent_participant_list",
            )
        )
        parts.append(Div("website", css_class="visually-hidden", aria_hidden="true"))
        if self.waitlist_only:
            parts.insert(
                0,
                HTML(
                    format_html(
                        '<p class="alert alert-warning">{}</p>', WAITLIST_NOTICE
                    )
                ),
            )
            parts.append(Submit("submit", _("Auf die Warteliste setzen")))
        else:
            parts.append(Submit("submit", _("Anmelden")))
        helper.layout = Layout(*parts)
        return helper

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def render_signature(self) -> str:
        """What the empty form's HTML shows that registrations change: whether
        only the waiting list is left, every field's label, help, choices (free
        places and waiting lists are in the choice labels) and initial value, in
        the current language."""
        parts = [self.event.pk, translation.get_language(), self.waitlist_only]
        for name, field in self.fields.items():
            choices = getattr(field, "choices", ())
            parts.append(
                (
                    name,
                    str(field.label),
                    str(field.help_text),
                    field.required,
                    [(str(value), str(label)) for value, label in choices],
                    sorted((k, str(v)) for k, v in field.widget.attrs.items()),
                    str(self.get_initial_for_field(field, name)),
                )
            )
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()

    # The summary above the form names a field briefly; the consents' labels are
    # whole sentences.
    SUMMARY_LABELS = {
        "privacy_notice": _("Datenschutzhinweis"),
        "consent_photos": _("Fotos und Aufzeichnungen"),
        "consent_participant_list": _("Teilnehmendenliste"),
        "consent_health_data": _("Einwilligung zu Gesundheitsdaten"),
    }

    def error_summary(self):
        """(anchor, label, errors) of each field with errors; a group of radio
        buttons is reached through its first button."""
        for field in self:
            if field.errors:
                anchor = field.id_for_label or f"{field.auto_id}_0"
                label = self.SUMMARY_LABELS.get(field.name, field.label)
                yield anchor, label, field.errors

    def registration_data(self) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            organisation=data["organisation"],
            participant_kind=data["participant_kind"],
            municipality=data["municipality"],
            mode=data.get("mode"),
            workshops=tuple(self.chosen_workshops()),
            needs=frozenset(data["needs"]),
            allergies=data["allergies"],
            needs_notes=data["needs_notes"],
            answers={
                q: self._answer_value(q, data.get(f"question_{q.pk}"))
                for q in self.questions
                if data.get(f"question_{q.pk}") not in (None, "", False)
            },
            consents={
                Consent.Kind.PRIVACY_NOTICE: data["privacy_notice"],
                Consent.Kind.PHOTOS: data["consent_photos"],
                Consent.Kind.PARTICIPANT_LIST: data["consent_participant_list"],
                Consent.Kind.HEALTH_DATA: data["consent_health_data"],
            },
        )

    @staticmethod
    def _answer_value(question, value) -> str:
        if question.kind == Question.Kind.CHECKBOX:
            return str(_("Ja"))
        return str(value)


class ColleagueConsentForm(forms.Form):
    """What a colleague registered by someone else agrees to when confirming."""

    privacy_notice = RegistrationForm.base_fields["privacy_notice"]
    consent_photos = RegistrationForm.base_fields["consent_photos"]
    consent_participant_list = RegistrationForm.base_fields["consent_participant_list"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Anmeldung bestätigen")))

    def consents(self) -> dict:
        data = self.cleaned_data
        return {
            Consent.Kind.PRIVACY_NOTICE: data["privacy_notice"],
            Consent.Kind.PHOTOS: data["consent_photos"],
            Consent.Kind.PARTICIPANT_LIST: data["consent_participant_list"],
        }


class ModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Teilnahme"),
        choices=Registration.Mode.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ResendForm(forms.Form):
    email = SingleLineEmailField(label=_("E-Mail-Adresse"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Link schicken")))
