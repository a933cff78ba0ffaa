"""Forms of the public registration pages; each module imports its own helpers."""

from participants.forms.registration import (
    ColleagueConsentForm,
    ModeForm,
    RegistrationForm,
    ResendForm,
)
from participants.forms.workshops import WorkshopChangeForm

__all__ = [
    "ColleagueConsentForm",
    "ModeForm",
    "RegistrationForm",
    "ResendForm",
    "WorkshopChangeForm",
]
