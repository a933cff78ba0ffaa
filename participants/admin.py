from django.contrib import admin

from .models import (
    Broadcast,
    Consent,
    EmailMessage,
    ExportLog,
    Registration,
    WorkshopBooking,
)


class WorkshopBookingInline(admin.TabularInline):
    model = WorkshopBooking
    extra = 0
    fields = ["workshop", "status", "preference_rank", "queued_at"]
    readonly_fields = ["queued_at"]
    autocomplete_fields = ["workshop"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["kind", "text_version", "given_at", "withdrawn_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EmailMessageInline(admin.TabularInline):
    model = EmailMessage
    extra = 0
    fields = ["kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    can_delete = False
    ordering = ["created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "organisation",
        "event",
        "mode",
        "status",
        "created_at",
        "checked_in_at",
    ]
    list_filter = [
        "status",
        "mode",
        "participant_kind",
        "event",
        "bookings__workshop",
        "municipality",
    ]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    list_select_related = ["event"]
    readonly_fields = [
        "created_at",
        "queued_at",
        "hold_expires_at",
        "confirmed_at",
        "cancelled_at",
        "checked_in_at",
        "anonymised_at",
    ]
    autocomplete_fields = ["event", "municipality"]
    inlines = [WorkshopBookingInline, ConsentInline, EmailMessageInline]


@admin.register(EmailMessage)
class EmailMessageAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "event", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "event"]
    search_fields = ["recipient"]
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

    def has_add_permission(self, request):
        return False


@admin.register(Broadcast)
class BroadcastAdmin(admin.ModelAdmin):
    list_display = ["subject", "event", "workshop", "created_by", "created_at"]
    list_filter = ["event"]
    search_fields = ["subject", "body"]
    autocomplete_fields = ["event", "workshop"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "event", "workshop", "export_format"]
    list_filter = ["export_format", "event"]
    readonly_fields = [
        "user",
        "event",
        "workshop",
        "export_format",
        "row_count",
        "filters",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
