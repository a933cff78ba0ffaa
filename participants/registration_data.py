"""What a registration form hands to participants.services.register()."""

from dataclasses import dataclass, field

from projects.models import Municipality
from workshops.models import Workshop


@dataclass(frozen=True)
class RegistrationData:
    """The cleaned answers of one person's registration.

    ``mode`` is None where the event's format decides it; ``workshops`` holds
    one workshop per time slot, or for a slot allocated by preference up to three
    wishes in order of preference; ``answers`` maps Question to its value and
    ``consents`` maps Consent.Kind to whether it was given. A full event (or mode)
    always puts the person on its waiting list: the form says so before sending.
    ``needs`` holds participants.models.Need values; with ``allergies`` and
    ``needs_notes`` they are health data, saved only with the HEALTH_DATA consent.
    """

    first_name: str
    last_name: str
    email: str
    participant_kind: str
    organisation: str = ""
    municipality: Municipality | None = None
    mode: str | None = None
    workshops: tuple[Workshop, ...] = ()
    needs: frozenset[str] = frozenset()
    allergies: str = ""
    needs_notes: str = ""
    answers: dict = field(default_factory=dict)
    consents: dict = field(default_factory=dict)

    @property
    def has_needs(self) -> bool:
        return bool(self.needs or self.allergies.strip() or self.needs_notes.strip())
