"""The workshop fields of the registration and self-service forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants import selectors
from participants.models import Registration


def _slot_label(slot_choice: selectors.SlotChoice) -> str:
    """The time slot as the heading of its workshops (they stand under the
    heading "Workshops"), with its time: "Workshop-Phase, 11:30–13:00 Uhr"."""
    slot = slot_choice.slot
    if slot is None:
        return str(_("Workshop"))
    if not (slot.start and slot.end):
        return slot.label
    return str(_("%(slot)s, %(start)s–%(end)s Uhr")) % {
        "slot": slot.label,
        "start": time_format(timezone.localtime(slot.start), "TIME_FORMAT"),
        "end": time_format(timezone.localtime(slot.end), "TIME_FORMAT"),
    }


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
# Said before sending at a hybrid event, where the 1st wish cannot be a required
# field (online participants choose no workshop, selectors.ONLINE_TAKES_NO_WORKSHOP).
WISH_HYBRID = _(
    "Wenn Sie vor Ort teilnehmen, ist ein 1. Wunsch nötig. Wenn Sie online "
    "teilnehmen, lassen Sie die Wünsche leer: Die Workshops finden vor Ort statt."
)


class WorkshopChoiceMixin:
    """The workshop fields, per time slot: `slot_<id>` is a radio group (empty =
    no workshop); a slot allocated by preference instead gets ranked selects
    `slot_<id>_1` … `slot_<id>_3` while it takes wishes, and no field while its
    allocation is pending (see participants.selectors.SlotRules)."""

    def add_workshop_fields(
        self, event: Event, initial=None, own=(), wish_required=True
    ) -> list:
        """Add the fields; return their layout. `own` are workshops the person
        already holds a seat in; `wish_required` makes the 1st wish a required
        field (at hybrid events only people on site need one, see clean())."""
        self.wish_required = wish_required
        self.slot_choices = selectors.workshop_slots(event=event)
        self.slot_rules = selectors.slot_rules(event)
        self._workshops = {w.pk: w for s in self.slot_choices for w in s.workshops}
        places = selectors.workshop_places(workshops=self._workshops.values())
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
                    _workshop_label(w, w.pk not in own and places[w.pk].full),
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
                empty = _("Bitte wählen (nur vor Ort)")
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
        explanation = WISH_EXPLANATION
        if not self.wish_required:
            explanation = format_html("{} {}", WISH_EXPLANATION, WISH_HYBRID)
        return Fieldset(
            _slot_label(slot_choice),
            HTML(
                format_html(
                    '<p class="form-text" id="{}">{}</p>', explanation_id, explanation
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

    def workshop_field_names(self) -> list[str]:
        return [
            name
            for name in self.fields
            if any(name.startswith(s.key) for s in self.slot_choices)
        ]

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
        if not registration.event.workshops_open_to(registration.mode):
            for name in self.workshop_field_names():
                del self.fields[name]
            layout = []
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
            raise ValidationError(selectors.WISHES_CLOSED, code="wishes_closed")
        return cleaned

    def slot_states(self) -> dict[int, str]:
        """{slot id: "wishes" | "waiting"} for the slots allocated by preference
        whose allocation is still to come."""
        states = dict.fromkeys(self.slot_rules.wishes, "wishes")
        states.update(dict.fromkeys(self.slot_rules.waiting, "waiting"))
        return states
