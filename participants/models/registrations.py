"""Registrations, their workshop bookings, consents and personal links."""

import uuid
from datetime import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from projects.models import Municipality
from workshops.models import Workshop


class ParticipantKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Kommune / Verwaltung")
    POLITICS = "politics", _("Politik")
    BUSINESS = "business", _("Wirtschaft")
    RESEARCH = "research", _("Wissenschaft")
    CIVIL_SOCIETY = "civil_society", _("Zivilgesellschaft / Bürgerschaft")
    PRESS = "press", _("Presse")


def seat_q(now: datetime, prefix: str = "") -> Q:
    """The one rule of who holds a seat: confirmed registrations and unconfirmed
    ones whose time to confirm has not run out. ``prefix`` reaches registrations
    from another model, e.g. ``"registration__"`` from a booking."""
    return Q(**{f"{prefix}status": "confirmed"}) | Q(
        **{f"{prefix}status": "pending", f"{prefix}hold_expires_at__gt": now}
    )


def lapsed_q(now: datetime, prefix: str = "") -> Q:
    """Unconfirmed registrations (holding or waiting) whose time to confirm has run
    out; the sweeper expires them, and until it does they count nowhere."""
    return Q(
        **{
            f"{prefix}status__in": ("pending", "waitlisted"),
            f"{prefix}confirmed_at__isnull": True,
            f"{prefix}hold_expires_at__lte": now,
        }
    )


def waiting_q(now: datetime, prefix: str = "") -> Q:
    """Registrations in the queue for a seat: waitlisted and not lapsed."""
    return Q(**{f"{prefix}status": "waitlisted"}) & ~lapsed_q(now, prefix)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def holding_seat(self, now: datetime | None = None):
        return self.filter(seat_q(now or timezone.now()))

    def lapsed(self, now: datetime | None = None):
        return self.filter(lapsed_q(now or timezone.now()))

    def waiting(self, now: datetime | None = None):
        return self.filter(waiting_q(now or timezone.now()))

    def with_photo_consent(self):
        """Annotate ``photos_allowed``: a PHOTOS consent given and not withdrawn
        (badges, sign-in sheets and the check-in page mark everyone else)."""
        given = Consent.objects.filter(
            registration=OuterRef("pk"),
            kind=Consent.Kind.PHOTOS,
            withdrawn_at__isnull=True,
        )
        return self.annotate(photos_allowed=Exists(given))


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Unbestätigt")
        CONFIRMED = "confirmed", _("Bestätigt")
        WAITLISTED = "waitlisted", _("Warteliste")
        CANCELLED = "cancelled", _("Storniert")
        EXPIRED = "expired", _("Verfallen")

    class Mode(models.TextChoices):
        ONSITE = "onsite", _("Vor Ort")
        ONLINE = "online", _("Online")

    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)

    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        related_name="registrations",
        on_delete=models.PROTECT,
    )
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    email = models.EmailField(_("E-Mail"), max_length=254)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    participant_kind = models.CharField(
        _("Teilnahme als"), max_length=20, choices=ParticipantKind.choices
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Kommune"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    mode = models.CharField(
        _("Teilnahme"), max_length=10, choices=Mode.choices, default=Mode.ONSITE
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    # Set on the colleagues one person registered together with themselves
    # (participants.services.groups); the lead sees their status.
    group_lead = models.ForeignKey(
        "self",
        verbose_name=_("Angemeldet von"),
        related_name="group_members",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("Angemeldet"), auto_now_add=True)
    queued_at = models.DateTimeField(
        _("In der Warteschlange seit"), null=True, blank=True
    )
    hold_expires_at = models.DateTimeField(_("Platz reserviert bis"), null=True)
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("Storniert am"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("Eingecheckt"), null=True, blank=True)
    checkin_code = models.UUIDField(
        _("Check-in-Code"), default=uuid.uuid4, unique=True, editable=False
    )
    anonymised_at = models.DateTimeField(_("Anonymisiert"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["event", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=("pending", "confirmed", "waitlisted")),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}"

    def holds_seat(self, now: datetime | None = None) -> bool:
        """seat_q for one row in memory."""
        now = now or timezone.now()
        return self.status == self.Status.CONFIRMED or (
            self.status == self.Status.PENDING
            and self.hold_expires_at is not None
            and self.hold_expires_at > now
        )

    def has_lapsed(self, now: datetime | None = None) -> bool:
        """lapsed_q for one row in memory."""
        now = now or timezone.now()
        return (
            self.status in (self.Status.PENDING, self.Status.WAITLISTED)
            and self.confirmed_at is None
            and self.hold_expires_at is not None
            and self.hold_expires_at <= now
        )


class WorkshopBooking(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Gebucht")
        WAITLISTED = "waitlisted", _("Warteliste")
        REQUESTED = "requested", _("Wunsch (Zuteilung offen)")
        CANCELLED = "cancelled", _("Storniert")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("Anmeldung"),
        related_name="bookings",
        on_delete=models.CASCADE,
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("Workshop"),
        related_name="bookings",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    preference_rank = models.PositiveSmallIntegerField(
        _("Wunsch-Rang"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    queued_at = models.DateTimeField(
        _("In der Warteschlange seit"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("Workshop-Buchung")
        verbose_name_plural = _("Workshop-Buchungen")
        ordering = ["workshop", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "workshop"],
                condition=~Q(status="cancelled"),
                name="one_active_booking_per_workshop",
            )
        ]

    def __str__(self):
        return f"{self.registration} – {self.workshop}"


class Consent(models.Model):
    class Kind(models.TextChoices):
        PRIVACY_NOTICE = "privacy_notice", _("Datenschutzhinweis zur Kenntnis genommen")
        PHOTOS = "photos", _("Fotos und Aufzeichnungen")
        PARTICIPANT_LIST = "participant_list", _("Veröffentlichte Teilnehmendenliste")
        HEALTH_DATA = "health_data", _("Gesundheitsdaten (Bedarfe)")

    # (version, wording) of what a person agrees to; each Consent row keeps the
    # version and the wording it was given with.
    TEXTS = {
        Kind.PRIVACY_NOTICE: (
            "2026-1",
            _(
                "Ich habe den Datenschutzhinweis zur Kenntnis genommen: Die "
                "Veranstalter verarbeiten meine Angaben zur Durchführung dieser "
                "Veranstaltung im Rahmen ihrer öffentlichen Aufgabe (Art. 6 Abs. 1 "
                "lit. e DSGVO) und löschen sie nach Ablauf der Aufbewahrungsfrist."
            ),
        ),
        Kind.PHOTOS: (
            "2026-1",
            _(
                "Ich bin einverstanden, dass Fotos und Aufzeichnungen, auf denen ich "
                "zu sehen oder zu hören bin, zur Dokumentation der Veranstaltung "
                "veröffentlicht werden. Ich kann diese Einwilligung jederzeit "
                "widerrufen."
            ),
        ),
        Kind.PARTICIPANT_LIST: (
            "2026-1",
            _(
                "Ich bin einverstanden, dass mein Name und meine Organisation in der "
                "veröffentlichten Teilnehmendenliste erscheinen. Ich kann diese "
                "Einwilligung jederzeit widerrufen."
            ),
        ),
        # Art. 9(2)(a) GDPR: explicit, separate, never pre-ticked.
        Kind.HEALTH_DATA: (
            "2026-1",
            _(
                "Nur wenn Sie Bedarfe angeben: Ich willige ausdrücklich ein, dass die "
                "Veranstalter meine Angaben zu Barrierefreiheit und Ernährung (sie "
                "können Gesundheitsdaten sein, Art. 9 DSGVO) nutzen, um die "
                "Veranstaltung für mich vorzubereiten. Nur das Organisationsteam "
                "sieht sie; sie werden kurz nach der Veranstaltung gelöscht. "
                "Ich kann diese Einwilligung jederzeit widerrufen."
            ),
        ),
    }

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("Anmeldung"),
        related_name="consents",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    text_version = models.CharField(_("Textversion"), max_length=40)
    text = models.TextField(_("Wortlaut"))
    given_at = models.DateTimeField(_("Erteilt am"))
    withdrawn_at = models.DateTimeField(_("Widerrufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        ordering = ["registration", "kind"]

    def __str__(self):
        return self.get_kind_display()


class AccessToken(models.Model):
    """A personal link. Only the SHA-256 of the token is stored."""

    class Purpose(models.TextChoices):
        CONFIRM = "confirm", _("Anmeldung bestätigen")
        MANAGE = "manage", _("Anmeldung verwalten")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("Anmeldung"),
        related_name="tokens",
        on_delete=models.CASCADE,
    )
    purpose = models.CharField(_("Zweck"), max_length=20, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("Gültig bis"))
    used_at = models.DateTimeField(_("Verwendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Persönlicher Link")
        verbose_name_plural = _("Persönliche Links")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.registration_id})"
