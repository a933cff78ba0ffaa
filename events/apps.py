from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Veranstaltungen")

    def ready(self):
        from core.caching import connect_signals

        # Saves of anything a public page shows invalidate the cached pages.
        connect_signals()
