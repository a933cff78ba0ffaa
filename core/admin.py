"""The project scoping every project-bound admin builds on, and its page helpers.

``ProjectScopedAdmin`` limits a ModelAdmin to the rows whose event belongs to a
project of the signed-in user (core.permissions): the changelist, the change,
delete and history views (another project's id gives 404, as a missing one does),
the actions, the related-object filters and the choices of every foreign key,
including autocomplete. Superusers see everything.

    view_perm    role needed to see a row (Perm.VIEW: organisers and staff)
    manage_perm  role needed to change, delete or act on it (Perm.MANAGE)
    event_path   lookup from the model to its Event ("" for Event itself)

Each admin declares its own ``event_path``; foreign-key choices follow the
declaration of the admin registered for the related model (``scopes_choices``
and ``scope_queryset``), so this module needs to know no model.
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.sites import NotRegistered
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.permissions import Perm, has_perm, projects_for, scope

# The admin under the site's name; templates/admin/base_site.html adds the logo
# and static/css/admin.css the colours.
admin.site.site_header = _("Smart Cities Südwestfalen – Verwaltung")
admin.site.site_title = _("Smart Cities Südwestfalen – Verwaltung")
admin.site.index_title = _("Start")
# The index and the breadcrumbs lead everywhere; the list gets the width instead.
admin.site.enable_nav_sidebar = False


def scoped_choices(
    admin_site, model, user, perm: Perm = Perm.MANAGE
) -> QuerySet | None:
    """The rows of ``model`` the user may attach things to, or None if unscoped."""
    try:
        model_admin = admin_site.get_model_admin(model)
    except NotRegistered:
        return None
    if not getattr(model_admin, "scopes_choices", False):
        return None
    return model_admin.scope_queryset(model._default_manager.all(), user, perm)


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
            choices = scoped_choices(
                self.admin_site, db_field.related_model, request.user
            )
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = scoped_choices(
                self.admin_site, db_field.related_model, request.user
            )
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedInline(ScopedChoicesMixin, admin.TabularInline):
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A table row has column headers but no <label>s: name each field.
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and getattr(db_field, "verbose_name", None):
            formfield.widget.attrs.setdefault("aria-label", str(db_field.verbose_name))
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = _("Löschen")

        return LabelledFormSet


class ScopedStackedInline(ScopedChoicesMixin, admin.StackedInline):
    pass


class ProjectScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    event_path = "event"
    view_perm = Perm.VIEW
    manage_perm = Perm.MANAGE
    scopes_choices = True

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
        return super().has_module_permission(request) and self._holds_role(
            request, Perm.VIEW
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


def report_promoted(modeladmin, request, promoted) -> None:
    """Tell the organiser how many people a change let move up."""
    if promoted:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d Person ist von der Warteliste nachgerückt.",
                "%(count)d Personen sind von der Warteliste nachgerückt.",
                len(promoted),
            )
            % {"count": len(promoted)},
            messages.SUCCESS,
        )
