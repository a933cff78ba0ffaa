"""Needs: what a person needs to take part (special-category data, Art. 9 GDPR).

Kept apart from the registration so that it can be shown only to those with the
"needs" permission (core.permissions.Perm.VIEW_NEEDS), counted without names and
deleted early (participants.services.retention.delete_due_needs). A row exists
only with the HEALTH_DATA consent (participants.services.registration).
"""

from datetime import datetime

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models.registrations import Registration, seat_q


class Need(models.TextChoices):
    """The common needs; each is a boolean field of Needs with the same name."""

    STEP_FREE = "step_free", _("Stufenloser Zugang")
    SIGN_LANGUAGE = "sign_language", _("Gebärdensprachdolmetschung")
    INDUCTION_LOOP = "induction_loop", _("Induktive Höranlage")
    ASSISTANCE = "assistance", _("Assistenz oder Begleitperson")
    VEGETARIAN = "vegetarian", _("Vegetarisches Essen")
    VEGAN = "vegan", _("Veganes Essen")


class NeedsQuerySet(models.QuerySet):
    def totals(self, *, event, now: datetime | None = None) -> dict[str, int]:
        """{need: count, "allergies": count} over the people who hold a seat at
        ``event``: the figures caterers and interpreters plan with, no names."""
        counts = {need: Count("pk", filter=Q(**{need: True})) for need in Need.values}
        counts["allergies"] = Count("pk", filter=~Q(allergies=""))
        return self.filter(
            seat_q(now or timezone.now(), prefix="registration__"),
            registration__event=event,
        ).aggregate(**counts)


class Needs(models.Model):
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("Anmeldung"),
        related_name="needs",
        on_delete=models.CASCADE,
    )
    step_free = models.BooleanField(Need.STEP_FREE.label, default=False)
    sign_language = models.BooleanField(Need.SIGN_LANGUAGE.label, default=False)
    induction_loop = models.BooleanField(Need.INDUCTION_LOOP.label, default=False)
    assistance = models.BooleanField(Need.ASSISTANCE.label, default=False)
    vegetarian = models.BooleanField(Need.VEGETARIAN.label, default=False)
    vegan = models.BooleanField(Need.VEGAN.label, default=False)
    allergies = models.TextField(_("Allergien und Unverträglichkeiten"), blank=True)
    notes = models.TextField(_("Weitere Bedarfe"), blank=True)
    created_at = models.DateTimeField(_("Angelegt"), auto_now_add=True)

    objects = NeedsQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bedarf")
        verbose_name_plural = _("Bedarfe")

    def __str__(self):
        return str(_("Bedarfe von Anmeldung %(pk)s")) % {"pk": self.registration_id}

    @property
    def chosen(self) -> list[str]:
        """The labels of the common needs ticked."""
        return [label for value, label in Need.choices if getattr(self, value)]
