from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _password_reset_by_link(sender, request, user, **kwargs):
    from projects.services import confirm_email_after_reset

    confirm_email_after_reset(user=user)


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projekte und Kommunen")

    def ready(self):
        # allauth's documented hook after a password reset. No model signal and
        # no logic here: the service decides (projects.services).
        from allauth.account.signals import password_reset

        password_reset.connect(
            _password_reset_by_link, dispatch_uid="projects.confirm_email_after_reset"
        )
