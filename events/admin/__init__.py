"""The events app's admin, one module per page family."""

from . import event, programme  # noqa: F401 - registers the admins
