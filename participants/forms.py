import hashlib
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants import selectors
from participants.models import Consent, ParticipantKind, Question, Registration
from participants.services import CONSENT_TEXTS
from participants.services.registration import WISHES_CLOSED, slot_rules
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


def _workshop_label(workshop, full: bool) -> str:
    if full:
        return str(_("%(title)s (ausgebucht – Warteliste)")) % {
            "title": workshop.full_title
        }
    return workshop.full_title


WISH_LABELS = (_("1. Wunsch"), _("2. Wunsch"), _("3. Wunsch"))
WISH_EXPLANATION = _(
    "Die Plätze in diesen Workshops werden nach Anmeldeschluss verteilt. Nennen "
    "Sie bis zu drei Wünsche in Ihrer Reihenfolge: Alle bekommen die beste "
    "Zuteilung, die die Plätze zulassen. Bis zum Anmeldeschluss können Sie Ihre "
    "Wünsche auf Ihrer persönlichen Seite ändern."
)
WISH_REQUIRED = _("Bitte wählen Sie Ihren Wunsch-Workshop.")
WISH_ONSITE = _(
    "Wer vor Ort teilnimmt, wählt bitte einen Wunsch-Workshop. Online Teilnehmende "
    "lassen die Wünsche leer."
)


class WorkshopChoiceMixin:
    """The workshop fields, per time slot: `slot_<id>` is a radio group (empty =
    no workshop); a slot allocated by preference instead gets ranked selects
    `slot_<id>_1` … `slot_<id>_3` while it takes wishes, and no field while its
    allocation is pending (see participants.services.registration.SlotRules)."""

    def add_workshop_fields(
        self, event: Event, initial=None, own=(), wish_required=True
    ) -> list:
        """Add the fields; return their layout. `own` are workshops the person
        already holds a seat in; `wish_required` makes the 1st wish a required
        field (at hybrid events only people on site need one, see clean())."""
        self.wish_required = wish_required
        self.slot_choices = selectors.workshop_slots(event=event)
        self.slot_rules = slot_rules(event)
        all_ids = [w.pk for s in self.slot_choices for w in s.workshops]
        counts = selectors.workshop_counts(workshop_ids=all_ids)
        self._workshops = {w.pk: w for s in self.slot_choices for w in s.workshops}
        initial = initial or {}
        layout = []
        for slot_choice in self.slot_choices:
            slot_id = slot_choice.slot.pk if slot_choice.slot else None
            if slot_id in self.slot_rules.waiting:
                continue
            if slot_id in self.slot_rules.wishes:
                layout.append(self._add_wish_fields(slot_choice, initial))
                continue
            choices = [("", _("Kein Workshop"))] + [
                (
                    str(w.pk),
                    _workshop_label(
                        w, w.pk not in own and selectors.workshop_is_full(w, counts)
                    ),
                )
                for w in slot_choice.workshops
            ]
            self.fields[slot_choice.key] = forms.ChoiceField(
                label=_slot_label(slot_choice),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=initial.get(slot_choice.key, ""),
            )
            layout.append(slot_choice.key)
        return layout

    def _add_wish_fields(self, slot_choice: selectors.SlotChoice, initial) -> Fieldset:
        explanation_id = f"{slot_choice.key}_explanation"
        names = []
        for index, label in enumerate(WISH_LABELS[: len(slot_choice.workshops)]):
            name = f"{slot_choice.key}_{index + 1}"
            if index:
                empty = _("Kein weiterer Wunsch")
            elif self.wish_required:
                empty = _("Bitte wählen")
            else:
                empty = _("Kein Workshop (online)")
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[("", empty)]
                + [(str(w.pk), w.full_title) for w in slot_choice.workshops],
                required=index == 0 and self.wish_required,
                error_messages={"required": WISH_REQUIRED},
                widget=forms.Select(attrs={"aria-describedby": explanation_id}),
                initial=initial.get(name, ""),
            )
            names.append(name)
        return Fieldset(
            _slot_label(slot_choice),
            HTML(
                format_html(
                    '<p class="form-text" id="{}">{}</p>',
                    explanation_id,
                    WISH_EXPLANATION,
                )
            ),
            *names,
            css_class="border rounded p-3 mb-3",
        )

    def clean(self):
        cleaned = super().clean()
        for slot_choice in self.slot_choices:
            slot_id = slot_choice.slot.pk if slot_choice.slot else None
            if slot_id not in self.slot_rules.wishes:
                continue
            seen = {}
            for rank in range(1, len(WISH_LABELS) + 1):
                name = f"{slot_choice.key}_{rank}"
                value = cleaned.get(name)
                if not value:
                    continue
                if value in seen:
                    self.add_error(
                        name,
                        _(
                            "Diesen Workshop haben Sie schon als %(rank)s. Wunsch "
                            "gewählt. Bitte wählen Sie einen anderen Workshop oder "
                            "„Kein weiterer Wunsch“."
                        )
                        % {"rank": seen[value]},
                    )
                else:
                    seen[value] = rank
            first = f"{slot_choice.key}_1"
            if not seen and first in self.fields and self.wish_needed(cleaned):
                self.add_error(first, WISH_ONSITE)
        return cleaned

    def wish_needed(self, cleaned) -> bool:
        """Whether an optional 1st wish must be given after all."""
        return False

    def chosen_workshops(self) -> list:
        """One workshop per slot, or the wishes of a preference slot in order
        (a wish left empty between two others is skipped)."""
        chosen = []
        for slot_choice in self.slot_choices:
            names = [slot_choice.key] + [
                f"{slot_choice.key}_{rank}" for rank in range(1, len(WISH_LABELS) + 1)
            ]
            chosen += [
                self._workshops[int(self.cleaned_data[name])]
                for name in names
                if self.cleaned_data.get(name)
            ]
        return chosen


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
        workshop_fields = self.add_workshop_fields(
            event, wish_required=event.format != Event.Format.HYBRID
        )
        self.questions = list(event.questions.all())
        question_fields = [self._add_question(q) for q in self.questions]
        self.helper = self._helper(workshop_fields, question_fields)

    def wish_needed(self, cleaned) -> bool:
        return cleaned.get("mode") == Registration.Mode.ONSITE

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

    def render_signature(self) -> str:
        """What the empty form's HTML shows that registrations change: every
        field's label, help, choices (free places and waiting lists are in the
        choice labels) and initial value, in the current language."""
        parts = [self.event.pk, translation.get_language()]
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

    def error_summary(self):
        """(anchor, label, errors) of each field with errors; a group of radio
        buttons is reached through its first button."""
        for field in self:
            if field.errors:
                anchor = field.id_for_label or f"{field.auto_id}_0"
                yield anchor, field.label, field.errors

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
        ranked = sorted(bookings, key=lambda b: (b.preference_rank or 0, b.pk))
        for booking in ranked:
            slot = booking.workshop.time_slot_id
            key = f"slot_{slot}" if slot else "slot_none"
            if booking.status == "requested" and booking.preference_rank:
                key = f"{key}_{booking.preference_rank}"
            initial[key] = str(booking.workshop_id)
        layout = self.add_workshop_fields(
            registration.event,
            initial=initial,
            own={b.workshop_id for b in bookings if b.status == "booked"},
            wish_required=(
                registration.event.format != Event.Format.HYBRID
                or registration.mode == Registration.Mode.ONSITE
            ),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*layout)

    def clean(self):
        cleaned = super().clean()
        late = [
            key
            for key in self.data
            for slot in self.slot_rules.waiting
            if key.startswith(f"slot_{slot}_")
        ]
        if late:
            raise ValidationError(WISHES_CLOSED, code="wishes_closed")
        return cleaned

    def slot_states(self) -> dict[int, str]:
        """{slot id: "wishes" | "waiting"} for the slots allocated by preference
        whose allocation is still to come."""
        states = dict.fromkeys(self.slot_rules.wishes, "wishes")
        states.update(dict.fromkeys(self.slot_rules.waiting, "waiting"))
        return states


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
