"""Domain errors of the registration services; views show `message`."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class RegistrationError(DomainError):
    """Base of the registration errors."""


class RegistrationClosed(RegistrationError):
    MESSAGES = {
        "draft": _("Diese Veranstaltung gibt es nicht."),
        "cancelled": _("Diese Veranstaltung wurde abgesagt."),
        "past": _("Diese Veranstaltung hat bereits begonnen oder ist vorbei."),
        "not_open": _("Die Anmeldung ist noch nicht geöffnet."),
        "closed": _("Die Anmeldung ist geschlossen."),
    }

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(self.MESSAGES[reason])


class AlreadyRegistered(RegistrationError):
    message = _(
        "Diese E-Mail-Adresse ist für diese Veranstaltung bereits angemeldet. "
        "Wir können Ihnen Ihren persönlichen Link noch einmal schicken."
    )


class EventFull(RegistrationError):
    message = _("Für diese Teilnahmeart sind keine Plätze mehr frei.")


class WorkshopFull(RegistrationError):
    message = _(
        "Der gewählte Workshop ist inzwischen ausgebucht. Ihr bisheriger Platz "
        "bleibt Ihnen erhalten."
    )


class InvalidChoice(RegistrationError):
    message = _("Diese Auswahl ist für diese Veranstaltung nicht möglich.")


class NotChangeable(RegistrationError):
    message = _("Diese Anmeldung kann nicht mehr geändert werden.")


class InvalidLink(RegistrationError):
    message = _(
        "Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig "
        "aus der E-Mail übernommen haben."
    )


class LinkExpired(RegistrationError):
    message = _(
        "Dieser Link ist abgelaufen. Sie können sich erneut anmelden oder sich einen "
        "neuen Link schicken lassen."
    )


class AlreadyConfirmed(RegistrationError):
    message = _("Ihre Anmeldung ist bereits bestätigt.")

    def __init__(self, registration):
        self.registration = registration
        super().__init__()


class RegistrationCancelled(RegistrationError):
    message = _(
        "Diese Anmeldung wurde storniert. Wenn Sie doch teilnehmen möchten, "
        "melden Sie sich bitte neu an."
    )

    def __init__(self, registration):
        self.registration = registration
        super().__init__()


class TryAgain(RegistrationError):
    message = _(
        "Gerade melden sich sehr viele Menschen gleichzeitig an. Bitte versuchen Sie "
        "es in einem Moment noch einmal."
    )
