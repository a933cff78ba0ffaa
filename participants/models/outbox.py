"""The outbox: one row per intended email, and the broadcasts that cause them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants.models.registrations import Registration
from workshops.models import Workshop


class Broadcast(models.Model):
    """A message an organiser writes to the confirmed participants of an event."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        related_name="broadcasts",
        on_delete=models.CASCADE,
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("Nur Workshop"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    subject = models.CharField(_("Betreff"), max_length=200)
    body = models.TextField(_("Text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        on_delete=models.SET_NULL,
        null=True,
    )
    created_at = models.DateTimeField(_("Verfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Rundschreiben")
        verbose_name_plural = _("Rundschreiben")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


class EmailMessage(models.Model):
    """The outbox: one row per intended email, written with the change causing it."""

    class Kind(models.TextChoices):
        CONFIRM_REQUEST = "confirm_request", _("Bitte bestätigen")
        CONFIRMATION = "confirmation", _("Anmeldebestätigung")
        WAITLISTED = "waitlisted", _("Warteliste")
        PROMOTED = "promoted", _("Nachgerückt")
        CANCELLED = "cancelled", _("Stornierung")
        EXPIRED = "expired", _("Reservierung verfallen")
        MANAGE_LINK = "manage_link", _("Persönlicher Link")
        WORKSHOP_CHANGED = "workshop_changed", _("Workshop geändert")
        REMINDER = "reminder", _("Erinnerung")
        FOLLOW_UP = "follow_up", _("Nachbereitung")
        EVENT_CANCELLED = "event_cancelled", _("Veranstaltung abgesagt")
        BROADCAST = "broadcast", _("Rundschreiben")
        TEAM_INVITATION = "team_invitation", _("Einladung ins Team")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet")
        SENT = "sent", _("Gesendet")
        FAILED = "failed", _("Fehlgeschlagen")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("Anmeldung"),
        related_name="emails",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    # Empty only for emails about no event: team invitations.
    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        related_name="emails",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    # Kept when the membership goes, as a record; its invitation is then not sent.
    membership = models.ForeignKey(
        "projects.ProjectMembership",
        verbose_name=_("Mitgliedschaft im Team"),
        related_name="invitation_emails",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    broadcast = models.ForeignKey(
        Broadcast,
        verbose_name=_("Rundschreiben"),
        related_name="emails",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    dedupe_key = models.CharField(
        _("Schlüssel"),
        max_length=200,
        unique=True,
        help_text=_("Verhindert, dass dieselbe E-Mail zweimal entsteht."),
    )
    recipient = models.EmailField(_("Empfänger"), max_length=254)
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    context = models.JSONField(_("Daten"), default=dict, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("Letzter Fehler"), blank=True)
    correlation_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("Gesendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("E-Mail")
        verbose_name_plural = _("E-Mail-Protokoll")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"
