from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Project, ProjectMembership


class TeamInviteForm(forms.Form):
    """Invite a person into a project team (projects.services.add_team_member).

    ``projects`` are the projects the inviting person may choose: for an organiser
    only those they organise.
    """

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_(
            "Wer noch kein Konto hat, bekommt an diese Adresse einen Link, um ein "
            "Passwort festzulegen."
        ),
    )
    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    project = forms.ModelChoiceField(
        label=_("Projekt"), queryset=Project.objects.none()
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=ProjectMembership.Role.choices)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
