from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import CityLab, Municipality, Organisation, Project


class Venue(models.Model):
    name = models.CharField(_("Name"), max_length=200, blank=True)  # blank: unknown
    street = models.CharField(_("Straße"), max_length=200, blank=True)
    postal_code = models.CharField(_("PLZ"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=120)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Kommune"),
        related_name="venues",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    city_lab = models.ForeignKey(
        CityLab,
        verbose_name=_("Stadtlabor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        verbose_name = _("Veranstaltungsort")
        verbose_name_plural = _("Veranstaltungsorte")
        ordering = ["city", "name"]

    def __str__(self):
        return f"{self.name}, {self.city}" if self.name else self.city

    @property
    def address(self):
        locality = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.name, self.street, locality) if part)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def visible(self):
        """Published and cancelled events stay on the public site; drafts do not."""
        return self.exclude(status=Event.Status.DRAFT)

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now())


class Event(models.Model):
    class Kind(models.TextChoices):
        TAGUNG = "tagung", _("Tagung")
        REGIONALKONFERENZ = "regionalkonferenz", _("Regionalkonferenz")
        KONFERENZ = "konferenz", _("Konferenz")
        FACHKONFERENZ = "fachkonferenz", _("Fachkonferenz")
        FORUM = "forum", _("Forum")

    class Format(models.TextChoices):
        ONSITE = "onsite", _("Vor Ort")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("Veröffentlicht")
        CANCELLED = "cancelled", _("Abgesagt")

    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    series_number = models.PositiveIntegerField(
        _("Nummer in der Reihe"),
        null=True,
        blank=True,
        help_text=_("Zum Beispiel 10 für die 10. Regionalkonferenz."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    motto = models.CharField(_("Motto"), max_length=300, blank=True)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    start = models.DateTimeField(_("Beginn"))
    end = models.DateTimeField(_("Ende"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("Veranstaltungsort"),
        related_name="events",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    host_project = models.ForeignKey(
        Project,
        verbose_name=_("Gastgebendes Projekt"),
        related_name="hosted_events",
        on_delete=models.PROTECT,
    )
    co_host_municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("Mitgastgebende Kommunen"),
        related_name="co_hosted_events",
        blank=True,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Teil von"),
        related_name="side_events",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Etwa ein Forum, das im Anschluss an eine Tagung stattfindet."),
    )
    format = models.CharField(
        _("Format"), max_length=10, choices=Format.choices, default=Format.ONSITE
    )
    livestream_url = models.URLField(_("Livestream"), blank=True)
    recording_url = models.URLField(_("Aufzeichnung"), blank=True)
    capacity_onsite = models.PositiveIntegerField(
        _("Plätze vor Ort"), null=True, blank=True, help_text=_("Leer = unbegrenzt.")
    )
    capacity_online = models.PositiveIntegerField(
        _("Plätze online"), null=True, blank=True, help_text=_("Leer = unbegrenzt.")
    )
    registration_opens = models.DateTimeField(_("Anmeldung ab"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("Anmeldung bis"), null=True, blank=True
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    documentation = models.TextField(_("Dokumentation"), blank=True)
    reported_participants = models.PositiveIntegerField(
        _("Teilnehmende laut Dokumentation"), null=True, blank=True
    )
    reported_participants_wording = models.CharField(
        _("Wortlaut der Zahl"),
        max_length=10,
        choices=[("about", _("rund")), ("over", _("gut"))],
        blank=True,
    )
    email_text = models.TextField(
        _("Zusatztext für E-Mails"),
        blank=True,
        help_text=_("Etwa Anfahrt oder Änderungen im Ablauf."),
    )
    reminder_days = models.JSONField(
        _("Erinnerungen (Tage vorher)"), default=list, blank=True
    )
    retention_days = models.PositiveIntegerField(
        _("Aufbewahrung nach Ende (Tage)"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="event_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.full_title

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    @property
    def full_title(self):
        if self.series_number:
            return f"{self.series_number}. {self.title}"
        return self.title

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Das Ende liegt vor dem Beginn.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Die Anmeldung endet, bevor sie beginnt.")}
            )

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def has_onsite(self):
        return self.format in (self.Format.ONSITE, self.Format.HYBRID)

    @property
    def has_online(self):
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def offered_modes(self) -> tuple[str, ...]:
        """The ways of taking part ("onsite", "online") the format offers."""
        return {
            self.Format.ONSITE: ("onsite",),
            self.Format.ONLINE: ("online",),
            self.Format.HYBRID: ("onsite", "online"),
        }[self.format]

    def workshops_open_to(self, mode: str) -> bool:
        """Workshops take place where the event does: at a hybrid event they are
        on site, so online participants neither book nor wish one."""
        return self.format == self.Format.ONLINE or mode == "onsite"

    def is_full(self, places: dict) -> bool:
        """True when every way of taking part the event offers is full
        (``places``: {mode: Places}); a newcomer can only join the waiting list."""
        return all(places[mode].full for mode in self.offered_modes)

    def capacity_for(self, mode: str) -> int | None:
        """Seats for on-site ("onsite") or online ("online") participants."""
        return self.capacity_online if mode == "online" else self.capacity_onsite

    def registration_closed_reason(self, now=None) -> str | None:
        """The one rule of whether registration is open: None when it is, else why
        not ("draft", "cancelled", "past", "not_open", "closed")."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.start <= now:
            return "past"
        if self.registration_opens is None or now < self.registration_opens:
            return "not_open"
        if self.registration_closes and now > self.registration_closes:
            return "closed"
        return None

    def registration_is_open(self, now=None) -> bool:
        return self.registration_closed_reason(now) is None


@dataclass(frozen=True)
class Places:
    """The one rule of whether an event mode or a workshop is full.

    Capacity against seats taken (Registration.seat_q) and people waiting; None
    means no limit. A seat is free for a newcomer only while nobody waits for it,
    so the public page, the form, the services and the admin agree.
    """

    capacity: int | None
    taken: int
    waiting: int = 0

    @property
    def unlimited(self) -> bool:
        return self.capacity is None

    @property
    def free(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.taken - self.waiting, 0)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.taken + self.waiting >= self.capacity

    @property
    def seats_left(self) -> int | None:
        """Seats not taken, ignoring the queue (what promotion may hand out)."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.taken, 0)


class Speaker(models.Model):
    title = models.CharField(_("Titel"), max_length=40, blank=True)
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        related_name="speakers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Kommune"),
        related_name="speakers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("Projekt"),
        related_name="speakers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    bio = models.TextField(_("Kurzbiografie"), blank=True)

    class Meta:
        verbose_name = _("Mitwirkende Person")
        verbose_name_plural = _("Mitwirkende")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def affiliation(self):
        """Function and organisation as printed beside the name in a programme."""
        body = self.organisation or self.project or self.municipality
        parts = [self.function, body.name if body else ""]
        return ", ".join(p for p in parts if p)


class Role(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    MODERATION = "moderation", _("Moderation")
    INPUT = "input", _("Input")
    IMPULSE = "impulse", _("Impuls")
    PANEL = "panel", _("Podium")
    REFLECTION = "reflection", _("Reflexion")
    HOST = "host", _("Gastgeber")


class ProgrammeItem(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Begrüßung")
        KEYNOTE = "keynote", _("Keynote")
        IMPULSE = "impulse", _("Impuls")
        PANEL = "panel", _("Podium / Diskussion")
        WORKSHOPS = "workshops", _("Workshop-Phase")
        EXCURSION = "excursion", _("Exkursion")
        NETWORKING = "networking", _("Vernetzung / Speeddating")
        CLOSING = "closing", _("Feier / Ausklang")
        PRESENTATION = "presentation", _("Präsentation")
        BREAK = "break", _("Pause")

    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        related_name="programme_items",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    start = models.DateTimeField(_("Beginn"), null=True, blank=True)
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    room = models.CharField(_("Raum"), max_length=120, blank=True)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    speakers = models.ManyToManyField(
        Speaker, through="ProgrammeContribution", related_name="programme_items"
    )

    class Meta:
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programmpunkte")
        ordering = ["event", "order", "start"]

    def __str__(self):
        return self.title


class ProgrammeContribution(models.Model):
    programme_item = models.ForeignKey(
        ProgrammeItem,
        verbose_name=_("Programmpunkt"),
        related_name="contributions",
        on_delete=models.CASCADE,
    )
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("Person"),
        related_name="contributions",
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
                fields=["programme_item", "speaker", "role"],
                name="unique_programme_contribution",
            )
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"


class Material(models.Model):
    event = models.ForeignKey(
        Event,
        verbose_name=_("Veranstaltung"),
        related_name="materials",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("Titel"), max_length=200)
    url = models.URLField(_("Link"), blank=True)
    file = models.FileField(_("Datei"), upload_to="materials/", blank=True)
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Material")
        verbose_name_plural = _("Materialien")
        ordering = ["event", "order", "title"]

    def __str__(self):
        return self.title

    @property
    def link(self):
        return self.file.url if self.file else self.url
