import json

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ProjectScopedAdmin, ScopedInline, action_page
from core.errors import DomainError
from core.permissions import Perm, events_for, scope
from events.models import Event
from workshops.models import Workshop
from workshops.services import remove_from_rotation_plans

from . import services
from .admin_forms import broadcast_page
from .models import (
    Broadcast,
    Consent,
    EmailMessage,
    ExportLog,
    Registration,
    WorkshopBooking,
)
from .services import cancel, data_rights
from .staff import checkin


class WorkshopBookingInline(ScopedInline):
    model = WorkshopBooking
    extra = 0
    fields = ["workshop", "status", "preference_rank", "queued_at"]
    readonly_fields = ["queued_at"]
    autocomplete_fields = ["workshop"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only workshops of the registration's own event.
        if db_field.name == "workshop":
            registration_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = scope(
                Workshop.objects.filter(event__registrations__pk=registration_id),
                request.user,
                Perm.MANAGE,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConsentInline(ScopedInline):
    model = Consent
    extra = 0
    fields = ["kind", "text_version", "given_at", "withdrawn_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EmailMessageInline(ScopedInline):
    model = EmailMessage
    extra = 0
    fields = ["kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    can_delete = False
    ordering = ["created_at"]

    def has_add_permission(self, request, obj=None):
        return False


# Registrations -------------------------------------------------------------------


@admin.register(Registration)
class RegistrationAdmin(ProjectScopedAdmin):
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
        ("event", admin.RelatedOnlyFieldListFilter),
        ("bookings__workshop", admin.RelatedOnlyFieldListFilter),
        ("municipality", admin.RelatedOnlyFieldListFilter),
        ("anonymised_at", admin.EmptyFieldListFilter),
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
    actions = [
        "confirm",
        "move_to_waitlist",
        "promote",
        "cancel",
        "check_in",
        "resend_confirmation",
        "send_message",
        "download_personal_data",
        "erase_personal_data",
    ]

    def has_checkin_permission(self, request):
        return self._holds_role(request, Perm.CHECK_IN)

    def _each(self, request, queryset, func, *, done_message, perm=Perm.MANAGE):
        """Call ``func(registration)`` for each row the user may act on; report."""
        rows = self.scope_queryset(queryset, request.user, perm).select_related("event")
        done = 0
        for registration in rows:
            try:
                func(registration)
            except DomainError as exc:
                self.message_user(
                    request, f"{registration}: {exc.message}", messages.WARNING
                )
            except checkin.NotConfirmed:
                self.message_user(
                    request,
                    _("%(name)s: nur bestätigte Anmeldungen können einchecken.")
                    % {"name": registration},
                    messages.WARNING,
                )
            else:
                done += 1
        self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Bestätigen"), permissions=["manage"])
    def confirm(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.confirm_registration(registration=r),
            done_message=_("Bestätigt: %(count)d"),
        )

    @admin.action(description=_("Auf die Warteliste setzen"), permissions=["manage"])
    def move_to_waitlist(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.move_to_waitlist(registration=r),
            done_message=_("Auf die Warteliste gesetzt: %(count)d"),
        )

    @admin.action(description=_("Nachrücken lassen"), permissions=["manage"])
    def promote(self, request, queryset):
        def promote(registration):
            if services.promote_registration(registration=registration):
                self.message_user(
                    request,
                    _("%(name)s ist über die Platzzahl hinaus nachgerückt.")
                    % {"name": registration},
                    messages.WARNING,
                )

        self._each(request, queryset, promote, done_message=_("Nachgerückt: %(count)d"))

    @admin.action(description=_("Stornieren"), permissions=["manage"])
    def cancel(self, request, queryset):
        def cancel_one(registration):
            cancel(registration=registration)
            remove_from_rotation_plans(registration=registration)

        self._each(
            request, queryset, cancel_one, done_message=_("Storniert: %(count)d")
        )

    @admin.action(description=_("Als anwesend markieren"), permissions=["checkin"])
    def check_in(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: checkin.check_in(registration=r),
            done_message=_("Eingecheckt: %(count)d"),
            perm=Perm.CHECK_IN,
        )

    @admin.action(description=_("Bestätigung erneut senden"), permissions=["manage"])
    def resend_confirmation(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.resend_confirmation(registration=r),
            done_message=_("E-Mails erneut in den Versand gegeben: %(count)d"),
        )

    @admin.action(description=_("Nachricht senden"), permissions=["manage"])
    def send_message(self, request, queryset):
        selected = self.manageable(request, queryset)
        event_ids = set(selected.values_list("event_id", flat=True))
        if len(event_ids) != 1:
            self.message_user(
                request,
                _("Bitte Anmeldungen genau einer Veranstaltung auswählen."),
                messages.WARNING,
            )
            return None
        event = Event.objects.get(pk=event_ids.pop())
        return broadcast_page(
            self, request, event=event, action="send_message", selected=selected
        )

    # Data subject rights (GDPR Art. 15 and 17) for the selected addresses --------

    def _addresses_and_events(self, request, queryset):
        """The selected addresses, and the events whose data this user may hand
        out or erase (None for superusers: every event)."""
        selected = self.manageable(request, queryset)
        addresses = sorted(set(selected.values_list("email", flat=True)) - {""})
        events = (
            None if request.user.is_superuser else events_for(request.user, Perm.MANAGE)
        )
        return addresses, events

    @admin.action(
        description=_("Datenauskunft für diese E-Mail-Adressen (JSON)"),
        permissions=["manage"],
    )
    def download_personal_data(self, request, queryset):
        addresses, events = self._addresses_and_events(request, queryset)
        data = [
            data_rights.export_personal_data(email=address, events=events)
            for address in addresses
        ]
        body = json.dumps(data, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        # The file name names no one: the addresses stay out of logs and histories.
        response["Content-Disposition"] = 'attachment; filename="datenauskunft.json"'
        return response

    @admin.action(
        description=_("Daten dieser E-Mail-Adressen löschen"), permissions=["manage"]
    )
    def erase_personal_data(self, request, queryset):
        addresses, events = self._addresses_and_events(request, queryset)
        if "apply" not in request.POST:
            return action_page(
                self,
                request,
                action="erase_personal_data",
                title=_("Daten löschen"),
                intro=_(
                    "Alle Anmeldungen dieser E-Mail-Adressen zu Ihren "
                    "Veranstaltungen werden anonymisiert; noch bevorstehende "
                    "werden vorher storniert, damit die Plätze nachrücken. "
                    "Nur anonyme Zahlen für die Statistik bleiben."
                ),
                objects=addresses,
                form=forms.Form(),
                selected=self.manageable(request, queryset),
                submit_label=_("Ja, endgültig löschen"),
            )
        erased = sum(
            data_rights.erase_personal_data(email=address, events=events)
            for address in addresses
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d Anmeldung anonymisiert.",
                "%(count)d Anmeldungen anonymisiert.",
                erased,
            )
            % {"count": erased},
            messages.SUCCESS,
        )
        return None


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


@admin.register(ExportLog)
class ExportLogAdmin(ProjectScopedAdmin):
    list_display = ["created_at", "user", "event", "workshop", "export_format"]
    list_filter = ["export_format", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "event", "workshop"]
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
