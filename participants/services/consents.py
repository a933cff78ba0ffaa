"""Withdrawing a consent; its wording lives with the model (Consent.TEXTS)."""

from django.utils import timezone

from participants.models import Consent, Needs, Registration


def withdraw_consent(*, registration: Registration, kind: str) -> bool:
    """Stamp the withdrawal of a consent; False if there was none to withdraw.
    Withdrawing the health-data consent deletes the needs it covered."""
    updated = Consent.objects.filter(
        registration=registration, kind=kind, withdrawn_at__isnull=True
    ).exclude(kind=Consent.Kind.PRIVACY_NOTICE)
    if kind == Consent.Kind.HEALTH_DATA:
        Needs.objects.filter(registration=registration).delete()
    return bool(updated.update(withdrawn_at=timezone.now()))
