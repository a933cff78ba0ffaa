"""API tokens per project, their use log, webhook endpoints and their outbox."""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Project

TOKEN_PREFIX = "sct_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def default_expiry():
    return timezone.now() + timedelta(days=365)


class Scope(models.TextChoices):
    READ_PUBLIC = "read_public", _("Öffentliche Daten lesen")
    READ_REGISTRATIONS = "read_registrations", _("Anmeldungen lesen")
    WRITE_REGISTRATIONS = "write_registrations", _("Anmeldungen anlegen und stornieren")
    CHECK_IN = "check_in", _("Einchecken")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A secret that lets a program act for one project within its scopes.

    Only the SHA-256 of the secret is stored; the admin shows the secret once.
    """

    project = models.ForeignKey(
        Project,
        verbose_name=_("Projekt"),
        related_name="api_tokens",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("Bezeichnung"), max_length=200)
    prefix = models.CharField(_("Kennung"), max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("Berechtigungen"), default=list)
    expires_at = models.DateTimeField(_("Gültig bis"), default=default_expiry)
    revoked_at = models.DateTimeField(_("Widerrufen am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("Zuletzt benutzt"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")
        ordering = ["project", "name"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def set_new_secret(self) -> str:
        """Give the token a fresh secret; returns it (the only time it is seen)."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.prefix = raw[: len(TOKEN_PREFIX) + 6]
        self.token_hash = hash_token(raw)
        return raw

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class ApiTokenUse(models.Model):
    """One request made with a token."""

    token = models.ForeignKey(
        ApiToken,
        verbose_name=_("API-Schlüssel"),
        related_name="uses",
        on_delete=models.CASCADE,
    )
    used_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    method = models.CharField(_("Methode"), max_length=10)
    path = models.CharField(_("Pfad"), max_length=500)

    class Meta:
        verbose_name = _("Verwendung eines API-Schlüssels")
        verbose_name_plural = _("Verwendungen von API-Schlüsseln")
        ordering = ["-used_at"]
        indexes = [models.Index(fields=["token", "used_at"])]

    def __str__(self):
        return f"{self.method} {self.path}"


class WebhookEvent(models.TextChoices):
    REGISTRATION_CONFIRMED = "registration.confirmed", _("Anmeldung bestätigt")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Anmeldung storniert")
    REGISTRATION_PROMOTED = "registration.promoted", _("Von der Warteliste nachgerückt")
    REGISTRATION_CHECKED_IN = "registration.checked_in", _("Eingecheckt")
    EVENT_PUBLISHED = "event.published", _("Veranstaltung veröffentlicht")
    EVENT_CHANGED = "event.changed", _("Veranstaltung geändert")
    EVENT_CANCELLED = "event.cancelled", _("Veranstaltung abgesagt")


def _all_events():
    return list(WebhookEvent.values)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A project's receiver: what happens to its events is POSTed there, signed."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("Projekt"),
        related_name="webhooks",
        on_delete=models.CASCADE,
    )
    url = models.URLField(_("Adresse (URL)"), max_length=500)
    events = models.JSONField(_("Ereignisse"), default=_all_events)
    secret = models.CharField(
        _("Geheimnis für die Signatur"),
        max_length=100,
        default=new_secret,
        editable=False,
    )
    is_active = models.BooleanField(_("Aktiv"), default=True)
    disabled_reason = models.CharField(
        _("Abgeschaltet, weil"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Webhook")
        verbose_name_plural = _("Webhooks")
        ordering = ["project", "url"]

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """The webhook outbox: one row per intended request, written with its cause."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet")
        SENT = "sent", _("Zugestellt")
        FAILED = "failed", _("Fehlgeschlagen")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("Webhook"),
        related_name="deliveries",
        on_delete=models.CASCADE,
    )
    event_type = models.CharField(
        _("Ereignis"), max_length=40, choices=WebhookEvent.choices
    )
    dedupe_key = models.CharField(_("Schlüssel"), max_length=200)
    # The exact bytes that are signed and sent, so every retry is identical.
    body = models.TextField(_("Inhalt"))
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("Nächster Versuch"), default=timezone.now)
    last_status_code = models.PositiveIntegerField(
        _("Letzte Antwort (HTTP)"), null=True, blank=True
    )
    last_error = models.TextField(_("Letzter Fehler"), blank=True)
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("Angelegt"), default=timezone.now)
    sent_at = models.DateTimeField(_("Zugestellt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Webhook-Zustellung")
        verbose_name_plural = _("Webhook-Protokoll")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "dedupe_key"], name="one_delivery_per_cause"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhook_pending_due",
            )
        ]

    def __str__(self):
        return f"{self.event_type} → {self.endpoint}"
