"""Forms of the event admin's action pages."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Event


class CopyEventForm(forms.Form):
    start_date = forms.DateField(
        label=_("Neues Datum"),
        help_text=_("Die Uhrzeiten bleiben; alle Termine verschieben sich mit."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    slug = forms.SlugField(label=_("Kurzname"), max_length=200)
    series_number = forms.IntegerField(
        label=_("Nummer in der Reihe"), required=False, min_value=1
    )

    def __init__(self, *args, event: Event, **kwargs):
        self.event = event
        start = timezone.localtime(event.start)
        try:
            next_year = start.date().replace(year=start.year + 1)
        except ValueError:  # 29 February
            next_year = start.date().replace(year=start.year + 1, day=28)
        kwargs.setdefault(
            "initial",
            {
                "start_date": next_year,
                "title": event.title,
                "slug": f"{event.slug}-{next_year.year}"[:200],
                "series_number": (
                    event.series_number + 1 if event.series_number else None
                ),
            },
        )
        super().__init__(*args, **kwargs)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Event.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Diesen Kurznamen trägt schon eine Veranstaltung. Bitte ändern.")
            )
        return slug

    def copy_arguments(self) -> dict:
        """The keyword arguments of events.services.copy_event, but the event."""
        start = timezone.localtime(self.event.start)
        data = self.cleaned_data
        return {
            "new_start": timezone.make_aware(
                datetime.combine(data["start_date"], start.time())
            ),
            "title": data["title"],
            "slug": data["slug"],
            "series_number": data["series_number"],
        }


class SpeeddatingForm(forms.Form):
    rounds = forms.IntegerField(
        label=_("Runden"),
        min_value=1,
        max_value=50,
        help_text=_("Niemand trifft dieselbe Person zweimal."),
    )
    seed = forms.IntegerField(
        label=_("Variante"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_("Eine andere Zahl ergibt eine andere, gleich gute Verteilung."),
    )

    def __init__(self, *args, people: int, **kwargs):
        # Everyone meets everyone else once at most; a dozen rounds fill a session.
        kwargs.setdefault("initial", {"rounds": max(1, min(people - 1, 12)), "seed": 0})
        super().__init__(*args, **kwargs)


class ReminderDaysField(forms.CharField):
    """Days before the event on which reminders go out, typed as "7, 1".

    Empty means the default (7 and 1 day before), "0" means no reminders: the
    rules of participants.reminders, which reads ``Event.reminder_days``.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Erinnerungen (Tage vorher)"))
        kwargs.setdefault(
            "help_text",
            _(
                "Tage vor Beginn, durch Kommas getrennt, z. B. „7, 1“. Leer: 7 und "
                "1 Tag vorher. „0“: keine Erinnerungen."
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(day) for day in value)
        return value

    def to_python(self, value) -> list[int]:
        text = super().to_python(value)
        days = set()
        for part in filter(
            None, (p.strip() for p in text.replace(";", ",").split(","))
        ):
            if not part.isdigit() or int(part) > MAX_REMINDER_DAYS:
                raise forms.ValidationError(
                    _(
                        "„%(part)s“ ist keine Tageszahl. Bitte ganze Zahlen von 0 "
                        "bis %(max)d eingeben, durch Kommas getrennt."
                    ),
                    params={"part": part, "max": MAX_REMINDER_DAYS},
                )
            days.add(int(part))
        if 0 in days and len(days) > 1:
            raise forms.ValidationError(
                _("„0“ heißt keine Erinnerungen: bitte allein eingeben.")
            )
        return sorted(days, reverse=True)

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != list(initial or [])
        except forms.ValidationError:
            return True


MAX_REMINDER_DAYS = 365


class EventAdminForm(forms.ModelForm):
    """The event page's form: reminder days as "7, 1" instead of raw JSON."""

    reminder_days = ReminderDaysField(
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 12})
    )

    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields
        widgets = {"co_host_municipalities": forms.CheckboxSelectMultiple}
