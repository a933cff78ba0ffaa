from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Event, Role, Speaker
from projects.models import CityLab, Municipality


class TimeSlot(models.Model):
    """Workshops of one slot run in parallel: a participant books one of them."""

    class Allocation(models.TextChoices):
        FIRST_COME = "first_come", _("Wer zuerst kommt")
        PREFERENCE = "preference", _("Nach Wunsch (Zuteilung)")

    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        related_name="time_slots",
        on_delete=models.CASCADE,
    )
    label = models.CharField(_("Bezeichnung"), max_length=120)
    start = models.DateTimeField(_("Beginn"), null=True, blank=True)
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    allocation = models.CharField(
        _("Vergabe"),
        max_length=20,
        choices=Allocation.choices,
        default=Allocation.FIRST_COME,
    )

    class Meta:
        verbose_name = _("Zeitfenster")
        verbose_name_plural = _("Zeitfenster")
        ordering = ["event", "start", "label"]

    def __str__(self):
        return f"{self.label} ({self.event})"


class Workshop(models.Model):
    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        related_name="workshops",
        on_delete=models.CASCADE,
    )
    time_slot = models.ForeignKey(
        TimeSlot,
        verbose_name=_("Zeitfenster"),
        related_name="workshops",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    code = models.CharField(
        _("Kennung"), max_length=10, blank=True, help_text=_("Buchstabe oder Nummer.")
    )
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    documentation = models.TextField(_("Dokumentation"), blank=True)
    room = models.CharField(_("Raum"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Leer = unbegrenzt.")
    )
    designed_by = models.ManyToManyField(
        Municipality,
        verbose_name=_("Gestaltet von"),
        related_name="designed_workshops",
        blank=True,
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    speakers = models.ManyToManyField(
        Speaker, through="WorkshopContribution", related_name="workshops"
    )

    class Meta:
        verbose_name = _("Workshop")
        verbose_name_plural = _("Workshops")
        ordering = ["event", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "code"],
                condition=~Q(code=""),
                name="unique_workshop_code_per_event",
            )
        ]

    def __str__(self):
        return self.full_title

    @property
    def full_title(self):
        return f"Workshop {self.code}: {self.title}" if self.code else self.title


class WorkshopContribution(models.Model):
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("Workshop"),
        related_name="contributions",
        on_delete=models.CASCADE,
    )
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("Person"),
        related_name="workshop_contributions",
        on_delete=models.CASCADE,
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Mitwirkung")
        verbose_name_plural = _("Mitwirkungen")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "speaker", "role"],
                name="unique_workshop_contribution",
            )
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"


class Station(models.Model):
    """A table of a world café or market place inside a workshop."""

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("Workshop"),
        related_name="stations",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("Titel"), max_length=300)
    question = models.CharField(_("Leitfrage"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    city_lab = models.ForeignKey(
        CityLab,
        verbose_name=_("Stadtlabor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Station")
        verbose_name_plural = _("Stationen")
        ordering = ["workshop", "order"]

    def __str__(self):
        return self.title
