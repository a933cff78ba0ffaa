"""Withdrawing a consent; its wording lives with the model (Consent.TEXTS)."""

from django.utils import timezone

from participants.models import Consent, Registration


def withdraw_consent(*, registration: Registration, kind: str) -> bool:
    """Stamp the withdrawal of a consent; False if there was none to withdraw."""
    updated = Consent.objects.filter(
        registration=registration, kind=kind, withdrawn_at__isnull=True
    ).exclude(kind=Consent.Kind.PRIVACY_NOTICE)
    return bool(updated.update(withdrawn_at=timezone.now()))
