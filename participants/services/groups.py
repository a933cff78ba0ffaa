"""Group registration: one person registers themselves and colleagues at once.

Everyone of a group is a registration of their own: their own confirmation email
and personal link, their own consents (a colleague gives them when confirming,
participants.services.registration.confirm), their own cancellation. Colleagues
take the lead's mode and workshop choice; needs are the lead's only, since nobody
gives health data for someone else.
"""

from dataclasses import replace

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.models import Event
from participants.locking import seat_lock
from participants.models import Registration
from participants.registration_data import RegistrationData
from participants.services.errors import (
    AlreadyRegistered,
    RegistrationClosed,
    RegistrationError,
)
from participants.services.links import resend_links
from participants.services.registration import (
    check_needs_consent,
    register_locked,
    resolve_mode,
)


class GroupTooLarge(RegistrationError):
    message = _("Sie können höchstens %(max)s Personen mit anmelden.")

    def __init__(self):
        super().__init__(self.message % {"max": settings.GROUP_MAX})


class DuplicateInGroup(RegistrationError):
    message = _("Jede E-Mail-Adresse darf in einer Gruppe nur einmal vorkommen.")


def colleague_data(lead: RegistrationData, colleague: RegistrationData):
    """A colleague as registered: the lead's mode and workshops, no needs, no
    consents (they give their own when confirming)."""
    return replace(
        colleague,
        mode=lead.mode,
        workshops=lead.workshops,
        needs=frozenset(),
        allergies="",
        needs_notes="",
        answers={},
        consents={},
    )


def register_group(
    *,
    event: Event,
    lead: RegistrationData,
    colleagues: list[RegistrationData],
    language: str = "de",
) -> list[Registration]:
    """Register the lead, then each colleague in order, in one transaction under
    one seat_lock: seats while they last, the waiting list after. Each gets their
    own confirmation request email. A colleague already registered is left out
    and sent their links instead (the form tells nobody who is registered).
    Returns the new registrations, the lead first."""
    if len(colleagues) > settings.GROUP_MAX:
        raise GroupTooLarge()
    emails = [p.email.strip().lower() for p in (lead, *colleagues)]
    if len(set(emails)) != len(emails):
        raise DuplicateInGroup()
    check_needs_consent(lead)
    mode = resolve_mode(event, lead.mode)
    skipped = []
    with seat_lock(event.pk) as lock:
        reason = lock.event.registration_closed_reason(lock.now)
        if reason:
            raise RegistrationClosed(reason)
        head = register_locked(lock, lead, mode=mode, language=language)
        registrations = [head]
        for colleague in colleagues:
            try:
                registrations.append(
                    register_locked(
                        lock,
                        colleague_data(lead, colleague),
                        mode=mode,
                        language=language,
                        group_lead=head,
                    )
                )
            except AlreadyRegistered:
                skipped.append(colleague.email)
    for email in skipped:
        resend_links(email=email)
    return registrations
