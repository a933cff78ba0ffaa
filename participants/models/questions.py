"""An event's extra questions and the answers a registration gives."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants.models.registrations import Registration


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
