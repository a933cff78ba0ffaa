"""Consent texts, versioned, and their withdrawal."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import Consent, Registration

CONSENT_TEXTS = {
    Consent.Kind.PRIVACY_NOTICE: (
        "2026-1",
        _(
            "Ich habe den Datenschutzhinweis zur Kenntnis genommen: Die Veranstalter "
            "verarbeiten meine Angaben zur Durchführung dieser Veranstaltung im "
            "Rahmen ihrer öffentlichen Aufgabe (Art. 6 Abs. 1 lit. e DSGVO) und "
            "löschen sie nach Ablauf der Aufbewahrungsfrist."
        ),
    ),
    Consent.Kind.PHOTOS: (
        "2026-1",
        _(
            "Ich bin einverstanden, dass Fotos und Aufzeichnungen, auf denen ich zu "
            "sehen oder zu hören bin, zur Dokumentation der Veranstaltung "
            "veröffentlicht werden. Ich kann diese Einwilligung jederzeit widerrufen."
        ),
    ),
    Consent.Kind.PARTICIPANT_LIST: (
        "2026-1",
        _(
            "Ich bin einverstanden, dass mein Name und meine Organisation in der "
            "veröffentlichten Teilnehmendenliste erscheinen. Ich kann diese "
            "Einwilligung jederzeit widerrufen."
        ),
    ),
}


def withdraw_consent(*, registration: Registration, kind: str) -> bool:
    """Stamp the withdrawal of a consent; False if there was none to withdraw."""
    updated = Consent.objects.filter(
        registration=registration, kind=kind, withdrawn_at__isnull=True
    ).exclude(kind=Consent.Kind.PRIVACY_NOTICE)
    return bool(updated.update(withdrawn_at=timezone.now()))
