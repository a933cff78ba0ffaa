"""The signature a receiver checks: HMAC-SHA256 of the raw body with the secret."""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Webhook-Signature"


def signature(*, secret: str, body: bytes) -> str:
    """The header value: ``sha256=<hex digest>``."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def is_valid(*, secret: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(signature(secret=secret, body=body), header or "")
