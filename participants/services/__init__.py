"""Registrations: every write that touches seats, links or consents.

Public API; see base.py for the locking rules and the test-only LOCKING switch.
"""

from participants.services.consents import CONSENT_TEXTS, withdraw_consent
from participants.services.errors import (
    AlreadyConfirmed,
    AlreadyRegistered,
    EventFull,
    InvalidChoice,
    InvalidLink,
    LinkExpired,
    NotChangeable,
    RegistrationClosed,
    RegistrationError,
    TryAgain,
    WorkshopFull,
)
from participants.services.registration import (
    confirm,
    open_manage_link,
    register,
    resend_links,
)
from participants.services.selfservice import cancel, change_workshops, switch_mode
from participants.services.waitlist import promote_waitlist, release_expired_holds

__all__ = [
    "CONSENT_TEXTS",
    "AlreadyConfirmed",
    "AlreadyRegistered",
    "EventFull",
    "InvalidChoice",
    "InvalidLink",
    "LinkExpired",
    "NotChangeable",
    "RegistrationClosed",
    "RegistrationError",
    "TryAgain",
    "WorkshopFull",
    "cancel",
    "change_workshops",
    "confirm",
    "open_manage_link",
    "promote_waitlist",
    "register",
    "release_expired_holds",
    "resend_links",
    "switch_mode",
    "withdraw_consent",
]
