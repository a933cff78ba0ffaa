"""Form fields that keep control characters and stray spaces out of the data."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Line breaks and other invisible control characters never belong in a name or
# an address: in an email header they would start a new header line.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_TEXTAREA_ALLOWED = {"\n", "\r", "\t"}
NOTES_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 500


def _has_control_chars(value: str, allowed=frozenset()) -> bool:
    return any(
        unicodedata.category(ch) in _FORBIDDEN_CATEGORIES and ch not in allowed
        for ch in value
    )


class SingleLineMixin:
    """Reject control characters before any stripping, then trim spaces."""

    def to_python(self, value):
        if isinstance(value, str) and _has_control_chars(value):
            raise ValidationError(
                _("Bitte nur eine Zeile ohne Steuerzeichen eingeben."),
                code="control_characters",
            )
        value = super().to_python(value)
        return value.strip() if isinstance(value, str) else value


class SingleLineField(SingleLineMixin, forms.CharField):
    pass


class SingleLineEmailField(SingleLineMixin, forms.EmailField):
    def to_python(self, value):
        value = super().to_python(value)
        return value.lower() if isinstance(value, str) else value


class NotesField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NOTES_MAX_LENGTH)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and _has_control_chars(value, _TEXTAREA_ALLOWED):
            raise ValidationError(
                _("Bitte keine Steuerzeichen eingeben."), code="control_characters"
            )
        return super().to_python(value)
