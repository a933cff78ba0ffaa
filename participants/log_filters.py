"""Keep secrets and addresses out of the logs.

Django logs the path of every 4xx/5xx response ("Not Found: /anmeldung/link/…/")
and runserver logs every request line; a personal link's token or an email
address in a query string would land in the log. This filter masks both.
"""

import logging
import re

PATTERNS = (
    # /anmeldung/bestaetigen/<token>/ and /anmeldung/link/<token>/ (any language)
    (re.compile(r"(/anmeldung/(?:bestaetigen|link)/)[^/\s?\"']+"), r"\1***"),
    (re.compile(r"([?&]email=)[^&\s\"']+", re.IGNORECASE), r"\1***"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "***@***"),
)


def mask(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class MaskPersonalData(logging.Filter):
    """Rewrites a record's message with tokens and email addresses masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is logged as it is
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
