"""Forms of the public registration pages; each module imports its own helpers."""

from participants.forms.groups import GroupRegistrationForm
from participants.forms.registration import (
    ColleagueConsentForm,
    ModeForm,
    RegistrationForm,
    ResendForm,
)
from participants.forms.workshops import WorkshopChangeForm

__all__ = [
    "ColleagueConsentForm",
    "GroupRegistrationForm",
    "ModeForm",
    "RegistrationForm",
    "ResendForm",
    "WorkshopChangeForm",
]
