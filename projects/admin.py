"""Admin for projects, municipalities and project teams.

Rows of a project are scoped like the event-bound admins (core.admin), through
the project instead of an event: organisers see and edit only their own
projects' rows.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.permissions import Perm, projects_for

from .forms import TeamInviteForm
from .models import (
    CityLab,
    MeasureBundle,
    Municipality,
    Organisation,
    Project,
    ProjectMembership,
)
from .services import AddressNotConfirmed, add_team_member, remove_team_member

# Projects ------------------------------------------------------------------


class ProjectOwnedAdmin(admin.ModelAdmin):
    """Rows of a project: organisers see and edit only their own projects' rows."""

    project_path = "project"
    # Foreign keys to these rows offer every row unless an admin says otherwise.
    scopes_choices = False

    def scope_queryset(self, queryset, user, perm):
        if user.is_superuser:
            return queryset
        field = f"{self.project_path}__in" if self.project_path else "pk__in"
        return queryset.filter(**{field: projects_for(user, perm)})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return self.scope_queryset(queryset, request.user, Perm.MANAGE)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Project and not request.user.is_superuser:
            kwargs["queryset"] = projects_for(request.user, Perm.MANAGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(_("Nicht gefunden."))


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district", "state"]
    list_filter = ["kind", "state", "district"]
    search_fields = ["name", "district"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "website"]
    search_fields = ["name", "short_name"]


class ProjectMembershipInline(admin.TabularInline):
    """The team, read only: people join and leave through ProjectMembershipAdmin,
    which sends the invitation and keeps ``is_staff`` in step with the roles."""

    model = ProjectMembership
    extra = 0
    fields = ["user", "role"]
    readonly_fields = ["user", "role"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CityLabInline(admin.TabularInline):
    model = CityLab
    extra = 0
    fields = ["name", "slug", "municipality"]
    prepopulated_fields = {"slug": ["name"]}


class MeasureBundleInline(admin.TabularInline):
    model = MeasureBundle
    extra = 0
    fields = ["kind", "title", "order"]


@admin.register(Project)
class ProjectAdmin(ProjectOwnedAdmin):
    project_path = ""
    # An event's host project is one the organiser belongs to (core.admin).
    scopes_choices = True
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities", "partner_projects"]
    inlines = [CityLabInline, MeasureBundleInline, ProjectMembershipInline]


@admin.register(CityLab)
class CityLabAdmin(ProjectOwnedAdmin):
    list_display = ["name", "municipality", "project"]
    list_filter = ["municipality", ("project", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MeasureBundle)
class MeasureBundleAdmin(ProjectOwnedAdmin):
    list_display = ["title", "kind", "project", "order"]
    list_filter = ["kind", ("project", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description"]
    filter_horizontal = ["municipalities"]


ADDRESS_NOT_CONFIRMED = _(
    "Zu dieser Adresse gibt es ein Konto, das sie nie bestätigt hat. Bitte laden "
    "Sie die Person mit der Adresse ein, mit der sie sich anmeldet."
)


def _invited_message(membership):
    user = membership.user
    if not user.has_usable_password():
        return _(
            "Die Einladung ist an {email} verschickt: Mit dem Link darin legt "
            "die Person ihr Passwort fest."
        ).format(email=user.email)
    return _("{person} gehört jetzt zum Team von „{project}“.").format(
        person=user.get_full_name() or user.email, project=membership.project
    )


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(ProjectOwnedAdmin):
    """A project's team. People join by invitation (add_team_member: by email, a
    new account gets a link to set its password) and leave through
    remove_team_member, so ``is_staff`` follows the memberships. Here only the
    role of a membership changes; organisers see and choose their own projects
    (ProjectOwnedAdmin)."""

    list_display = ["person", "email", "project", "role"]
    list_filter = ["role", ("project", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "project"]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__email",
        "project__name",
    ]
    fields = ["user", "project", "role"]
    readonly_fields = ["user", "project"]

    @admin.display(description=_("Person"), ordering="user__last_name")
    def person(self, obj):
        return obj.user.get_full_name() or obj.user.get_username()

    @admin.display(description=_("E-Mail-Adresse"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    def add_view(self, request, form_url="", extra_context=None):
        """Invite a person by email instead of picking an existing account."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TeamInviteForm(
            request.POST if request.method == "POST" else None,
            projects=projects_for(request.user, Perm.MANAGE),
        )
        if form.is_bound and form.is_valid():
            try:
                membership = add_team_member(**form.cleaned_data, request=request)
            except AddressNotConfirmed:
                form.add_error("email", ADDRESS_NOT_CONFIRMED)
            else:
                self.log_addition(request, membership, [{"added": {}}])
                self.message_user(
                    request, _invited_message(membership), messages.SUCCESS
                )
                return redirect("admin:projects_projectmembership_changelist")
        return TemplateResponse(
            request,
            "admin/projects/projectmembership/invite_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Person ins Team einladen"),
                "form": form,
            },
        )

    def delete_model(self, request, obj):
        remove_team_member(membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            remove_team_member(membership=membership)
