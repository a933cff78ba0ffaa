import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants import selectors
from participants.models import Consent, ParticipantKind, Question, Registration
from participants.services import CONSENT_TEXTS
from projects.models import Municipality

# Line breaks and other invisible control characters never belong in a name or
# an address: in an email header they would start a new header line.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_TEXTAREA_ALLOWED = {"\n", "\r", "\t"}
NOTES_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 500


def _has_control_chars(value: str, allowed=frozenset()) -> bool:
    return any(
        unicodedata.category(ch) in _FORBIDDEN_CATEGORIES and ch not in allowed
        for ch in value
    )


class SingleLineMixin:
    """Reject control characters before any stripping, then trim spaces."""

    def to_python(self, value):
        if isinstance(value, str) and _has_control_chars(value):
            raise ValidationError(
                _("Bitte nur eine Zeile ohne Steuerzeichen eingeben."),
                code="control_characters",
            )
        value = super().to_python(value)
        return value.strip() if isinstance(value, str) else value


class SingleLineField(SingleLineMixin, forms.CharField):
    pass


class SingleLineEmailField(SingleLineMixin, forms.EmailField):
    def to_python(self, value):
        value = super().to_python(value)
        return value.lower() if isinstance(value, str) else value


class NotesField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NOTES_MAX_LENGTH)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and _has_control_chars(value, _TEXTAREA_ALLOWED):
            raise ValidationError(
                _("Bitte keine Steuerzeichen eingeben."), code="control_characters"
            )
        return super().to_python(value)


def _slot_label(slot_choice: selectors.SlotChoice) -> str:
    if slot_choice.slot is None:
        return str(_("Workshop"))
    return str(_("Workshop – %(slot)s")) % {"slot": slot_choice.slot.label}


def _workshop_label(workshop, full: bool, by_preference: bool) -> str:
    if by_preference:
        return workshop.full_title
    if full:
        return str(_("%(title)s (ausgebucht – Warteliste)")) % {
            "title": workshop.full_title
        }
    return workshop.full_title


class WorkshopChoiceMixin:
    """One radio group per time slot: `slot_<id>` fields, empty = no workshop."""

    def add_workshop_fields(self, event: Event, initial=None, own=()) -> list[str]:
        """Add the radio groups; `own` are workshops the person already holds."""
        self.slot_choices = selectors.workshop_slots(event=event)
        all_ids = [w.pk for s in self.slot_choices for w in s.workshops]
        counts = selectors.workshop_counts(workshop_ids=all_ids)
        self._workshops = {w.pk: w for s in self.slot_choices for w in s.workshops}
        names = []
        for slot_choice in self.slot_choices:
            choices = [("", _("Kein Workshop"))] + [
                (
                    str(w.pk),
                    _workshop_label(
                        w,
                        w.pk not in own and selectors.workshop_is_full(w, counts),
                        slot_choice.allocates_by_preference,
                    ),
                )
                for w in slot_choice.workshops
            ]
            help_text = (
                _("Die Plätze werden nach den Wünschen aller verteilt.")
                if slot_choice.allocates_by_preference
                else ""
            )
            self.fields[slot_choice.key] = forms.ChoiceField(
                label=_slot_label(slot_choice),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                help_text=help_text,
                initial=(initial or {}).get(slot_choice.key, ""),
            )
            names.append(slot_choice.key)
        return names

    def chosen_workshops(self) -> list:
        return [
            self._workshops[int(self.cleaned_data[s.key])]
            for s in self.slot_choices
            if self.cleaned_data.get(s.key)
        ]


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
        choices=[("", "---------")] + list(ParticipantKind.choices),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Keine Angabe"),
        help_text=_("Falls Sie für eine Kommune des Netzwerks teilnehmen."),
    )
    mode = forms.ChoiceField(
        label=_("Teilnahme"),
        choices=Registration.Mode.choices,
        widget=forms.RadioSelect,
    )
    accessibility_needs = NotesField(
        label=_("Barrierefreiheit"),
        help_text=_("Was brauchen Sie, um gut teilnehmen zu können?"),
    )
    catering_notes = NotesField(
        label=_("Verpflegung"),
        help_text=_("Zum Beispiel vegetarisch, vegan oder Allergien."),
    )
    privacy_notice = forms.BooleanField(
        label=CONSENT_TEXTS[Consent.Kind.PRIVACY_NOTICE][1],
        error_messages={
            "required": _(
                "Bitte bestätigen Sie, dass Sie den Datenschutzhinweis zur Kenntnis "
                "genommen haben."
            )
        },
    )
    consent_photos = forms.BooleanField(
        label=CONSENT_TEXTS[Consent.Kind.PHOTOS][1], required=False
    )
    consent_participant_list = forms.BooleanField(
        label=CONSENT_TEXTS[Consent.Kind.PARTICIPANT_LIST][1], required=False
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
        self.counts = selectors.event_counts(event=event)
        if event.format == Event.Format.HYBRID:
            self.fields["mode"].choices = [
                (value, self._mode_label(value, label))
                for value, label in Registration.Mode.choices
            ]
        else:
            del self.fields["mode"]
        workshop_fields = self.add_workshop_fields(event)
        self.questions = list(event.questions.all())
        question_fields = [self._add_question(q) for q in self.questions]
        self.helper = self._helper(workshop_fields, question_fields)

    def _mode_label(self, mode, label):
        if selectors.mode_is_full(event=self.event, mode=mode, counts=self.counts):
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
                choices=[("", "---------")] + [(c, c) for c in question.choice_list],
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
        parts.append(Fieldset(_("Hinweise"), "accessibility_needs", "catering_notes"))
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
        parts.append(Submit("submit", _("Anmelden")))
        helper.layout = Layout(*parts)
        return helper

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def registration_data(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "organisation": data["organisation"],
            "participant_kind": data["participant_kind"],
            "municipality": data["municipality"],
            "mode": data.get("mode"),
            "workshops": self.chosen_workshops(),
            "accessibility_needs": data["accessibility_needs"],
            "catering_notes": data["catering_notes"],
            "answers": {
                q: self._answer_value(q, data.get(f"question_{q.pk}"))
                for q in self.questions
                if data.get(f"question_{q.pk}") not in (None, "", False)
            },
            "consents": {
                Consent.Kind.PRIVACY_NOTICE: data["privacy_notice"],
                Consent.Kind.PHOTOS: data["consent_photos"],
                Consent.Kind.PARTICIPANT_LIST: data["consent_participant_list"],
            },
        }

    @staticmethod
    def _answer_value(question, value) -> str:
        if question.kind == Question.Kind.CHECKBOX:
            return str(_("Ja"))
        return str(value)


class WorkshopChangeForm(WorkshopChoiceMixin, forms.Form):
    def __init__(self, *args, registration: Registration, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        initial = {}
        for booking in bookings:
            slot = booking.workshop.time_slot_id
            initial[f"slot_{slot}" if slot else "slot_none"] = str(booking.workshop_id)
        self.add_workshop_fields(
            registration.event,
            initial=initial,
            own={b.workshop_id for b in bookings if b.status == "booked"},
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


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
