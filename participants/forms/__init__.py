"""Forms of the public registration pages; each module imports its own helpers."""

from participants.forms.registration import ModeForm, RegistrationForm, ResendForm
from participants.forms.workshops import WorkshopChangeForm

__all__ = ["ModeForm", "RegistrationForm", "ResendForm", "WorkshopChangeForm"]
