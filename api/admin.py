"""Tokens, webhooks and their logs in the admin: organisers see their projects'."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import (
    ApiToken,
    ApiTokenUse,
    Scope,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from core.permissions import Perm, projects_for


class ProjectOwnedAdmin(admin.ModelAdmin):
    """Rows of the projects the person organises; superusers see all."""

    project_path = "project"

    def _projects(self, request):
        return projects_for(request.user, Perm.MANAGE)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.project_path}__in": self._projects(request)})

    def _allowed(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        return request.user.is_active and self._projects(request).exists()

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project":
            kwargs["queryset"] = self._projects(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Berechtigungen"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ_PUBLIC],
    )

    class Meta:
        model = ApiToken
        fields = ["project", "name", "scopes", "expires_at"]


class ApiTokenUseInline(admin.TabularInline):
    model = ApiTokenUse
    fields = ["used_at", "method", "path"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-used_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(ProjectOwnedAdmin):
    form = ApiTokenForm
    list_display = [
        "name",
        "project",
        "prefix",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["project"]
    readonly_fields = [
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]
    inlines = [ApiTokenUseInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            request._new_api_token = obj.set_new_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The secret, once, on a page of its own: it is stored nowhere else."""
        raw = getattr(request, "_new_api_token", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        response = TemplateResponse(
            request,
            "api/admin/token_created.html",
            {
                **self.admin_site.each_context(request),
                "title": _("API-Schlüssel angelegt"),
                "token": obj,
                "raw_token": raw,
                "opts": self.model._meta,
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Widerrufen"))
    def revoke(self, request, queryset):
        done = queryset.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d Schlüssel widerrufen.",
                "%(count)d Schlüssel widerrufen.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("Ereignisse"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=WebhookEvent.values,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["project", "url", "events", "is_active"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ProjectOwnedAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "project", "is_active", "disabled_reason"]
    list_filter = ["project", "is_active"]
    readonly_fields = ["secret", "disabled_reason", "created_at"]

    def save_model(self, request, obj, form, change):
        if obj.is_active:
            obj.disabled_reason = ""
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ProjectOwnedAdmin):
    """The delivery log: read-only, like the email log."""

    project_path = "endpoint__project"
    list_display = [
        "created_at",
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "sent_at",
    ]
    list_filter = ["status", "event_type"]
    list_select_related = ["endpoint"]
    readonly_fields = [
        "endpoint",
        "event_type",
        "delivery_id",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "sent_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
