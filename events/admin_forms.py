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
