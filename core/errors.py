"""The one base of the domain errors, so views and the admin catch them alike."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A step that does not apply; ``message`` is shown to the person, translated."""

    message = _("Das hat leider nicht geklappt.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
