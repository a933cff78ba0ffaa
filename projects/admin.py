"""Admin for projects, and the project scoping every other admin builds on.

``ProjectScopedAdmin`` limits a ModelAdmin to the rows whose event belongs to a
project of the signed-in user (projects.permissions): the changelist, the change,
delete and history views (another project's id gives 404, as a missing one does),
the actions, the related-object filters and the choices of every foreign key,
including autocomplete. Superusers see everything.

    view_perm    role needed to see a row (Perm.VIEW: organisers and staff)
    manage_perm  role needed to change, delete or act on it (Perm.MANAGE)
    event_path   lookup from the model to its Event ("" for Event itself)
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from events.models import Event, ProgrammeItem
from participants.models import Broadcast, Registration
from projects.permissions import Perm, has_perm, projects_for, scope
from workshops.models import AllocationRun, TimeSlot, Workshop

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

# Which event every project-bound model leads to, for foreign-key choices.
EVENT_PATHS = {
    Event: "",
    ProgrammeItem: "event",
    TimeSlot: "event",
    Workshop: "event",
    Registration: "event",
    Broadcast: "event",
    AllocationRun: "time_slot__event",
}


def scoped_choices(model, user, perm: Perm = Perm.MANAGE) -> QuerySet | None:
    """The rows of ``model`` the user may attach things to, or None if unscoped."""
    if model is Project:
        return projects_for(user, perm)
    if model in EVENT_PATHS:
        return scope(
            model._default_manager.all(), user, perm, event_path=EVENT_PATHS[model]
        )
    return None


def event_of(obj, event_path: str):
    """Follow ``event_path`` ("registration__event") from obj to its Event."""
    for name in filter(None, event_path.split("__")):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to the user's projects."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = scoped_choices(db_field.related_model, request.user)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = scoped_choices(db_field.related_model, request.user)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedInline(ScopedChoicesMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedChoicesMixin, admin.StackedInline):
    pass


class ProjectScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    event_path = "event"
    view_perm = Perm.VIEW
    manage_perm = Perm.MANAGE

    # Rows ---------------------------------------------------------------

    def scope_queryset(self, queryset, user, perm):
        return scope(queryset, user, perm, event_path=self.event_path)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        perm = self.view_perm
        if getattr(request.resolver_match, "url_name", "") == "autocomplete":
            # Autocomplete offers what may be attached to, not only what is seen.
            perm = self.manage_perm
        return self.scope_queryset(queryset, request.user, perm)

    def manageable(self, request, queryset):
        """The part of ``queryset`` the user may change or act on."""
        return self.scope_queryset(queryset, request.user, self.manage_perm)

    def event_of(self, obj):
        return event_of(obj, self.event_path)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another project's id looks exactly like a missing one: 404, no redirect.
        raise Http404(_("Nicht gefunden."))

    # Permissions --------------------------------------------------------

    def _holds_role(self, request, perm, obj=None) -> bool:
        user = request.user
        if user.is_superuser:
            return True
        if obj is not None:
            return has_perm(user, self.event_of(obj), perm)
        return projects_for(user, perm).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._holds_role(
            request, self.view_perm, obj
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._holds_role(
            request, self.manage_perm, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._holds_role(
            request, self.manage_perm, obj
        )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._holds_role(
            request, self.manage_perm
        )

    def has_manage_permission(self, request):
        """For actions: the user organises at least one project."""
        return self._holds_role(request, self.manage_perm)

    def has_module_permission(self, request):
        return super().has_module_permission(request) and (
            request.user.is_superuser or projects_for(request.user, Perm.VIEW).exists()
        )

    # Actions ------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (
                ProjectScopedAdmin.scoped_delete_selected,
                "delete_selected",
                actions["delete_selected"][2],
            )
        return actions

    def scoped_delete_selected(self, request, queryset):
        if self.manageable(request, queryset).count() != queryset.count():
            raise PermissionDenied
        return delete_selected(self, request, queryset)


def action_page(
    modeladmin,
    request,
    *,
    action: str,
    title,
    form,
    selected,
    submit_label,
    template: str = "admin/action_form.html",
    **context,
):
    """The intermediate page of an action (templates/admin/action_form.html)."""
    return TemplateResponse(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": title,
            "form": form,
            "action": action,
            "selected": list(selected),
            "submit_label": submit_label,
            **context,
        },
    )


def exactly_one(modeladmin, request, queryset):
    """The one selected row, or None after telling the user to pick one."""
    if queryset.count() != 1:
        modeladmin.message_user(
            request,
            _("Bitte wählen Sie genau einen Eintrag aus."),
            messages.WARNING,
        )
        return None
    return queryset.get()


# Projects ------------------------------------------------------------------


class ProjectOwnedAdmin(admin.ModelAdmin):
    """Rows of a project: organisers see and edit only their own projects' rows."""

    project_path = "project"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        field = f"{self.project_path}__in" if self.project_path else "pk__in"
        return queryset.filter(**{field: projects_for(request.user, Perm.MANAGE)})

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
