"""Registrations: every write that touches seats, links or consents.

Each function runs in one transaction; those that take or free a seat lock rows
through participants.locking.seat_lock, in its one order.
"""

from participants.services.changes import cancel, change_workshops, switch_mode
from participants.services.consents import withdraw_consent
from participants.services.errors import (
    AlreadyConfirmed,
    AlreadyRegistered,
    EventFull,
    InvalidChoice,
    InvalidLink,
    LinkExpired,
    NotChangeable,
    RegistrationCancelled,
    RegistrationClosed,
    RegistrationError,
    TryAgain,
    WorkshopFull,
)
from participants.services.groups import register_group
from participants.services.links import (
    open_manage_link,
    resend_confirmation,
    resend_email,
    resend_links,
)
from participants.services.registration import (
    ConsentRequired,
    HealthDataConsentMissing,
    NoSeat,
    confirm,
    confirm_registration,
    register,
)
from participants.services.waitlist import (
    move_to_waitlist,
    promote_registration,
    promote_waitlist,
    release_expired_holds,
)

__all__ = [
    "AlreadyConfirmed",
    "AlreadyRegistered",
    "ConsentRequired",
    "EventFull",
    "HealthDataConsentMissing",
    "InvalidChoice",
    "InvalidLink",
    "LinkExpired",
    "NoSeat",
    "NotChangeable",
    "RegistrationCancelled",
    "RegistrationClosed",
    "RegistrationError",
    "TryAgain",
    "WorkshopFull",
    "cancel",
    "change_workshops",
    "confirm",
    "confirm_registration",
    "move_to_waitlist",
    "open_manage_link",
    "promote_registration",
    "promote_waitlist",
    "register",
    "register_group",
    "release_expired_holds",
    "resend_confirmation",
    "resend_email",
    "resend_links",
    "switch_mode",
    "withdraw_consent",
]
