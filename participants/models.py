import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def holding_seat(self, now: datetime | None = None):
        return self.filter(seat_q(now or timezone.now()))

    def lapsed(self, now: datetime | None = None):
        return self.filter(lapsed_q(now or timezone.now()))


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
    wants_waitlist = models.BooleanField(
        _("Auf die Warteliste, falls voll"), default=True
    )
    language = models.CharField(_("Sprache"), max_length=8, default="de")
    accessibility_needs = models.TextField(_("Barrierefreiheit"), blank=True)
    catering_notes = models.TextField(_("Verpflegung"), blank=True)
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


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Kurzer Text")
        CHOICE = "choice", _("Auswahl")
        CHECKBOX = "checkbox", _("Ankreuzfeld")

    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        related_name="questions",
        on_delete=models.CASCADE,
    )
    label = models.CharField(_("Frage"), max_length=200)
    help_text = models.CharField(_("Hinweis"), max_length=300, blank=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    choices = models.TextField(
        _("Auswahlmöglichkeiten"), blank=True, help_text=_("Eine pro Zeile.")
    )
    required = models.BooleanField(_("Pflichtfeld"), default=False)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Zusatzfrage")
        verbose_name_plural = _("Zusatzfragen")
        ordering = ["event", "order", "id"]

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Answer(models.Model):
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("Anmeldung"),
        related_name="answers",
        on_delete=models.CASCADE,
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("Frage"),
        related_name="answers",
        on_delete=models.CASCADE,
    )
    value = models.TextField(_("Antwort"), blank=True)

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.value}"


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
