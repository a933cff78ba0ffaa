"""The participants app's admin: registrations, and the records kept about them."""

from . import records, registrations  # noqa: F401 - registers the admins
