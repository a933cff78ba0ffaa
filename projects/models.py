from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("Stadt")
        TOWN = "town", _("Gemeinde")
        DISTRICT = "district", _("Kreis")

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    kind = models.CharField(
        _("Art"), max_length=20, choices=Kind.choices, default=Kind.CITY
    )
    district = models.CharField(_("Kreis"), max_length=120, blank=True)
    state = models.CharField(_("Bundesland"), max_length=80, blank=True)
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:municipality_detail", kwargs={"slug": self.slug})


class Organisation(models.Model):
    """A body people speak for: an agency, a ministry, an institute, a company."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    short_name = models.CharField(_("Kurzform"), max_length=40, blank=True)
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Project(models.Model):
    class Kind(models.TextChoices):
        MODEL_PROJECT = "model_project", _("Modellprojekt Smart Cities")
        NETWORK = "network", _("Netzwerk")
        AGENCY = "agency", _("Agentur / Geschäftsstelle")
        PROGRAMME = "programme", _("Förderprogramm / Transferstelle")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    kind = models.CharField(
        _("Art"), max_length=20, choices=Kind.choices, default=Kind.MODEL_PROJECT
    )
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("Beteiligte Kommunen"),
        related_name="projects",
        blank=True,
    )
    partner_projects = models.ManyToManyField(
        "self",
        verbose_name=_("Partnerprojekte"),
        blank=True,
        help_text=_("Projekte, mit denen dieses Projekt im Austausch steht."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProjectMembership",
        related_name="projects",
        blank=True,
    )

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project_detail", kwargs={"slug": self.slug})


class ProjectMembership(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organisation")
        STAFF = "staff", _("Einlass und Listen")

    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Person"), on_delete=models.CASCADE
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("Projektmitgliedschaft")
        verbose_name_plural = _("Projektmitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"], name="unique_project_membership"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.project} ({self.get_role_display()})"


class CityLab(models.Model):
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Kommune"),
        related_name="city_labs",
        on_delete=models.PROTECT,
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("Projekt"),
        related_name="city_labs",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Stadtlabor")
        verbose_name_plural = _("Stadtlabore")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MeasureBundle(models.Model):
    """A bundle of measures (Maßnahmenbündel) or a quick win of a project's strategy."""

    class Kind(models.TextChoices):
        BUNDLE = "bundle", _("Maßnahmenbündel")
        QUICK_WIN = "quick_win", _("Quick Win")

    project = models.ForeignKey(
        Project,
        verbose_name=_("Projekt"),
        related_name="measures",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("Kommunen"), blank=True
    )
    order = models.PositiveIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["project", "kind", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "title"], name="unique_measure_title_per_project"
            )
        ]

    def __str__(self):
        return self.title
