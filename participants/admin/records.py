"""The records kept about registrations: e-mails, messages and exports."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import ProjectScopedAdmin
from core.errors import DomainError
from participants import services
from participants.models import (
    Broadcast,
    EmailMessage,
    ExportLog,
)
from participants.staff.exports.formats import FORMATS, label_of

# The email log ---------------------------------------------------------------------


@admin.register(EmailMessage)
class EmailMessageAdmin(ProjectScopedAdmin):
    list_display = [
        "kind",
        "recipient",
        "event",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["recipient", "correlation_id"]
    list_select_related = ["event"]
    readonly_fields = [
        "registration",
        "event",
        "broadcast",
        "kind",
        "dedupe_key",
        "recipient",
        "language",
        "status",
        "attempts",
        "last_error",
        "correlation_id",
        "created_at",
        "sent_at",
    ]
    exclude = ["context"]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Erneut senden"), permissions=["manage"])
    def resend(self, request, queryset):
        done = 0
        for message in self.manageable(request, queryset).select_related(
            "registration"
        ):
            try:
                services.resend_email(message=message)
            except DomainError as exc:
                self.message_user(request, f"{message}: {exc.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            _("E-Mails erneut in den Versand gegeben: %(count)d") % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Broadcast)
class BroadcastAdmin(ProjectScopedAdmin):
    """Messages are written through the "Nachricht senden" action; here they are
    kept as a record with the number of emails they caused."""

    list_display = [
        "subject",
        "event",
        "workshop",
        "email_count",
        "created_by",
        "created_at",
    ]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["subject", "body"]
    list_select_related = ["event", "workshop", "created_by"]
    ordering = ["-created_at", "-pk"]
    fields = ["event", "workshop", "subject", "body", "created_by", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(email_count=Count("emails"))

    @admin.display(description=_("E-Mails"), ordering="email_count")
    def email_count(self, obj):
        return obj.email_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ExportFormatFilter(admin.SimpleListFilter):
    title = _("Format")
    parameter_name = "export_format"

    def lookups(self, request, model_admin):
        return [(key, export_format.label) for key, export_format in FORMATS.items()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(export_format=self.value())
        return queryset


@admin.register(ExportLog)
class ExportLogAdmin(ProjectScopedAdmin):
    list_display = ["created_at", "user", "event", "workshop", "format_label"]
    list_filter = [ExportFormatFilter, ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "event", "workshop"]
    readonly_fields = [
        "user",
        "event",
        "workshop",
        "format_label",
        "row_count",
        "filters",
        "created_at",
    ]
    exclude = ["export_format"]

    @admin.display(description=_("Format"), ordering="export_format")
    def format_label(self, obj):
        return label_of(obj.export_format)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
