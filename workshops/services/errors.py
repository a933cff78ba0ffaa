"""Domain errors of allocation and rotation plans; organisers see ``message``."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class PlanningError(DomainError):
    """Base of the domain errors below; ``message`` is shown to organisers."""

    message = _("Das hat nicht geklappt.")


class NotPreferenceSlot(PlanningError):
    message = _("In diesem Zeitfenster werden Workshops nicht nach Wunsch vergeben.")


class AllocationClosed(PlanningError):
    message = _("Diese Zuteilung ist keine offene Vorschau mehr.")


class AllocationStale(PlanningError):
    message = _(
        "Seit der Vorschau haben sich Wünsche oder Buchungen geändert. "
        "Bitte erstellen Sie eine neue Vorschau."
    )


class CapacityExceeded(PlanningError):
    message = _("Dieser Workshop hat keinen freien Platz mehr.")


class InvalidWorkshop(PlanningError):
    message = _("Dieser Workshop gehört nicht zu diesem Zeitfenster.")


class NoStations(PlanningError):
    message = _("Für ein World Café braucht der Workshop mindestens eine Station.")


class PlanInfeasible(PlanningError):
    message = _(
        "So viele Runden sind ohne doppelte Begegnungen nicht möglich. "
        "Bitte wählen Sie weniger Runden."
    )
