"""What stays when personal data goes: the export log and anonymous headcounts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event
from workshops.models import Workshop


class ExportLog(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.SET_NULL,
        null=True,
    )
    event = models.ForeignKey(
        Event, verbose_name=_("Veranstaltung"), on_delete=models.CASCADE
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("Workshop"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    export_format = models.CharField(_("Format"), max_length=20)
    row_count = models.PositiveIntegerField(_("Zeilen"), default=0)
    filters = models.JSONField(_("Filter"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Export")
        verbose_name_plural = _("Export-Protokoll")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.export_format} {self.event} ({self.created_at:%Y-%m-%d %H:%M})"


class EventStatistic(models.Model):
    """One anonymous headcount of an event, kept when its personal data is purged.

    Written by participants.services.retention before registrations are
    anonymised, so the figures survive however the rows change afterwards.
    `count` is the number of confirmed registrations in the group (for the status
    and consent groups: registrations in that status, consents given); `attended`
    how many of them were checked in, where that means something.
    """

    class Dimension(models.TextChoices):
        TOTAL = "total", _("Gesamt")
        STATUS = "status", _("Status")
        KIND = "kind", _("Teilnahme als")
        MUNICIPALITY = "municipality", _("Kommune")
        MODE = "mode", _("Teilnahme")
        WORKSHOP = "workshop", _("Workshop")
        CONSENT = "consent", _("Einwilligung")

    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        related_name="statistics",
        on_delete=models.CASCADE,
    )
    dimension = models.CharField(
        _("Gruppierung"), max_length=20, choices=Dimension.choices
    )
    key = models.CharField(_("Schlüssel"), max_length=100)
    label = models.CharField(_("Bezeichnung"), max_length=300)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)
    attended = models.PositiveIntegerField(_("Anwesend"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("Erfasst am"))

    class Meta:
        verbose_name = _("Statistik")
        verbose_name_plural = _("Statistiken")
        ordering = ["event", "dimension", "-count", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "dimension", "key"], name="one_statistic_per_key"
            )
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.label} ({self.count})"
