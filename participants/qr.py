"""The check-in code a person shows at the door: its printed form and its QR code.

Only the models and segno: the outbox renders the code into emails, so nothing
here may import from above it.
"""

from io import BytesIO

import segno

from .models import Registration


def display_code(registration: Registration) -> str:
    """The code as printed under the QR image, in emails and on badges."""
    return str(registration.checkin_code).upper()


def shows_code(registration: Registration) -> bool:
    """Only a confirmed place on site is checked in at the door."""
    return (
        registration.status == Registration.Status.CONFIRMED
        and registration.mode != Registration.Mode.ONLINE
        and registration.anonymised_at is None
    )


def make(code: str) -> segno.QRCode:
    """The QR code of ``code``, the same in emails, on the page and on badges.

    Upper case puts a UUID into QR's compact alphanumeric mode (version 2), and a
    fixed mask skips segno's scoring of all eight: any mask is valid QR, and
    together they make a code about five times faster to build.
    """
    return segno.make_qr(code.upper(), error="m", mask=4, boost_error=False)


def qr_png(code: str) -> bytes:
    """The check-in code as a QR code in PNG, for the email and the personal page."""
    buffer = BytesIO()
    make(code).save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()
