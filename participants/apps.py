from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Teilnehmende")

    def ready(self):
        import logging

        from participants.log_filters import MaskPersonalData

        # Request lines of runserver and gunicorn's access log carry the path:
        # mask tokens of personal links there too (LOGGING covers the rest).
        for name in ("django.server", "gunicorn.access"):
            logging.getLogger(name).addFilter(MaskPersonalData())
