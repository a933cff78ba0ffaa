"""Personal links: random tokens of 256 bits, of which only the SHA-256 is stored."""

import hashlib
import secrets
from datetime import datetime

from django.utils import timezone

from participants.models import AccessToken, Registration


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_token(
    *, registration: Registration, purpose: str, expires_at: datetime
) -> str:
    """Store the hash of a new token and return the raw token for the email."""
    raw = secrets.token_urlsafe(32)
    AccessToken.objects.create(
        registration=registration,
        purpose=purpose,
        token_hash=hash_token(raw),
        expires_at=expires_at,
    )
    return raw


def find_token(*, raw: str, purpose: str) -> AccessToken | None:
    """The stored token for a raw token and purpose, expired or not; None if forged."""
    if not raw or len(raw) > 100:
        return None
    return (
        AccessToken.objects.select_related("registration__event")
        .filter(token_hash=hash_token(raw), purpose=purpose)
        .first()
    )


def is_expired(token: AccessToken, now: datetime | None = None) -> bool:
    return token.expires_at <= (now or timezone.now())
