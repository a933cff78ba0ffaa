"""Form fields that keep control characters, broken characters and stray spaces
out of the data."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Line breaks and other invisible control characters never belong in a name or
# an address: in an email header they would start a new header line.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_TEXTAREA_ALLOWED = {"\n", "\r", "\t"}
# What a decoder puts where the bytes were not valid UTF-8: the text as sent is
# lost, and a confirmation email must not go out to "J\ufffdrg".
REPLACEMENT_CHARACTER = "\ufffd"
NOTES_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 500


def _has_control_chars(value: str, allowed=frozenset()) -> bool:
    return any(
        unicodedata.category(ch) in _FORBIDDEN_CATEGORIES and ch not in allowed
        for ch in value
    )


def _reject_broken(value) -> None:
    """Text that arrived broken: undecodable bytes (U+FFFD) or lone surrogates
    (category Cs, which no UTF-8 encoder would produce either)."""
    if isinstance(value, str) and (
        REPLACEMENT_CHARACTER in value
        or any(unicodedata.category(ch) == "Cs" for ch in value)
    ):
        raise ValidationError(
            _(
                "Dieser Text enthält Zeichen, die bei der Übertragung beschädigt "
                "wurden. Bitte geben Sie ihn noch einmal ein."
            ),
            code="broken_characters",
        )


class SingleLineMixin:
    """Reject control characters before any stripping, then trim spaces."""

    def to_python(self, value):
        _reject_broken(value)
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
    # Our own wording: Django REST framework's German catalogue overrides
    # Django's for this message with the informal "Gib …".
    default_error_messages = {
        "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein."),
    }

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
        _reject_broken(value)
        if isinstance(value, str) and _has_control_chars(value, _TEXTAREA_ALLOWED):
            raise ValidationError(
                _("Bitte keine Steuerzeichen eingeben."), code="control_characters"
            )
        return super().to_python(value)
