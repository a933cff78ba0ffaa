from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Event, ProgrammeItem, Role, Speaker
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


class AllocationRun(models.Model):
    """One run of the preference allocation for a time slot: a preview that an
    organiser may adjust by hand, then commits (turning wishes into bookings)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Vorschau")
        COMMITTED = "committed", _("Übernommen")
        DISCARDED = "discarded", _("Verworfen")

    time_slot = models.ForeignKey(
        TimeSlot,
        verbose_name=_("Zeitfenster"),
        related_name="allocation_runs",
        on_delete=models.CASCADE,
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PREVIEW
    )
    allow_unranked = models.BooleanField(
        _("Auch nicht gewählte Workshops zuteilen"),
        default=True,
        help_text=_(
            "Wer in keinem Wunsch-Workshop Platz findet, kommt in einen "
            "anderen Workshop mit freien Plätzen."
        ),
    )
    placements = models.JSONField(_("Zuteilung"), default=list, blank=True)
    objective = models.PositiveIntegerField(_("Zielwert"), default=0)
    stats = models.JSONField(
        _("Kennzahlen"),
        default=dict,
        blank=True,
        help_text=_("Kosten je Rang und schon vorher belegte Plätze."),
    )
    input_fingerprint = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Erstellt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("Erstellt"), auto_now_add=True)
    committed_at = models.DateTimeField(_("Übernommen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Workshop-Zuteilung")
        verbose_name_plural = _("Workshop-Zuteilungen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["time_slot"],
                condition=Q(status="committed"),
                name="one_committed_allocation_per_slot",
            )
        ]

    def __str__(self):
        return f"{self.time_slot} ({self.get_status_display()})"


class RotationPlan(models.Model):
    """Who meets whom (speeddating) or which group is at which station (world
    café), round by round. ``data`` holds the plan as written by workshops.services.
    """

    class Kind(models.TextChoices):
        SPEEDDATING = "speeddating", _("Speeddating")
        WORLD_CAFE = "world_cafe", _("World Café")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    programme_item = models.OneToOneField(
        ProgrammeItem,
        verbose_name=_("Programmpunkt"),
        related_name="rotation_plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    workshop = models.OneToOneField(
        Workshop,
        verbose_name=_("Workshop"),
        related_name="rotation_plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    data = models.JSONField(_("Plan"), default=dict, blank=True)
    stats = models.JSONField(_("Kennzahlen"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Erstellt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Rotationsplan")
        verbose_name_plural = _("Rotationspläne")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="speeddating",
                        programme_item__isnull=False,
                        workshop__isnull=True,
                    )
                    | Q(
                        kind="world_cafe",
                        workshop__isnull=False,
                        programme_item__isnull=True,
                    )
                ),
                name="rotation_plan_belongs_to_one_thing",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.programme_item or self.workshop}"

    @property
    def event_id(self):
        owner = self.programme_item or self.workshop
        return owner.event_id
