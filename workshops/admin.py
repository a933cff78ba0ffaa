from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import (
    ProjectScopedAdmin,
    ScopedInline,
    ScopedStackedInline,
    report_promoted,
)
from core.errors import DomainError
from core.permissions import scope
from events.services import apply_capacity_changes
from participants.locking import seat_lock
from participants.models import Registration, WorkshopBooking, seat_q

from . import services
from .models import (
    AllocationRun,
    RotationPlan,
    Station,
    TimeSlot,
    Workshop,
    WorkshopContribution,
)


class WorkshopContributionInline(ScopedInline):
    model = WorkshopContribution
    extra = 0
    autocomplete_fields = ["speaker"]


class StationInline(ScopedStackedInline):
    model = Station
    extra = 0
    fields = ["order", "title", "question", "city_lab", "description"]


class WorkshopForm(forms.ModelForm):
    """The admin builds the fields; this adds the check across two of them."""

    def clean(self):
        cleaned = super().clean()
        event, slot = cleaned.get("event"), cleaned.get("time_slot")
        if event and slot and slot.event_id != event.pk:
            self.add_error(
                "time_slot",
                _("Bitte ein Zeitfenster derselben Veranstaltung wählen."),
            )
        return cleaned


def plan_link(url_name, pk):
    url = reverse(url_name, args=[pk])
    return format_html('<a href="{}">{}</a>', url, _("Druckansicht"))


@admin.register(Workshop)
class WorkshopAdmin(ProjectScopedAdmin):
    form = WorkshopForm
    list_display = [
        "full_title",
        "event",
        "time_slot",
        "room",
        "booked_of_capacity",
        "cafe_plan",
    ]
    list_filter = ["event__kind", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "code", "description", "event__title"]
    list_select_related = ["event", "time_slot__event", "rotation_plan"]
    filter_horizontal = ["designed_by"]
    ordering = ["event", "order", "code", "pk"]
    autocomplete_fields = ["event"]
    inlines = [WorkshopContributionInline, StationInline]
    actions = ["world_cafe_plan"]

    def get_queryset(self, request):
        booked = Q(bookings__status=WorkshopBooking.Status.BOOKED) & seat_q(
            timezone.now(), "bookings__registration__"
        )
        return (
            super()
            .get_queryset(request)
            .annotate(booked_count=Count("bookings", filter=booked))
        )

    @admin.display(description=_("Titel"), ordering="title")
    def full_title(self, obj):
        return obj.full_title

    @admin.display(description=_("Belegt / Plätze"), ordering="booked_count")
    def booked_of_capacity(self, obj):
        capacity = obj.capacity if obj.capacity is not None else "∞"
        return f"{obj.booked_count} / {capacity}"

    @admin.display(description=_("World Café"))
    def cafe_plan(self, obj):
        if not hasattr(obj, "rotation_plan"):
            return "–"
        return plan_link("workshops:world_cafe_plan", obj.pk)

    def save_model(self, request, obj, form, change):
        # A workshop row guards seats: take its event's lock first, as every
        # capacity transaction does, so this edit and a registration for the
        # workshop never wait on each other in opposite orders.
        with seat_lock(obj.event_id):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and "capacity" in form.changed_data:
            promoted = apply_capacity_changes(
                event=form.instance.event,
                changes=[(form.initial["capacity"], form.cleaned_data["capacity"])],
            )
            report_promoted(self, request, promoted)

    @admin.action(description=_("World-Café-Plan erstellen"), permissions=["manage"])
    def world_cafe_plan(self, request, queryset):
        built = []
        for workshop in self.manageable(request, queryset):
            try:
                services.build_world_cafe_plan(workshop=workshop)
            except DomainError as exc:
                self.message_user(request, f"{workshop}: {exc.message}", messages.ERROR)
            else:
                built.append(workshop)
        if len(built) == 1:
            self.message_user(request, _("World-Café-Plan erstellt."), messages.SUCCESS)
            return redirect(reverse("workshops:world_cafe_plan", args=[built[0].pk]))
        for workshop in built:
            self.message_user(
                request,
                format_html(
                    "{}: {}",
                    workshop,
                    plan_link("workshops:world_cafe_plan", workshop.pk),
                ),
                messages.SUCCESS,
            )
        return None


@admin.register(TimeSlot)
class TimeSlotAdmin(ProjectScopedAdmin):
    list_display = ["label", "event", "start", "end", "allocation"]
    list_filter = ["allocation", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["label", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
    actions = ["allocate"]

    @admin.action(
        description=_("Zuteilung nach Wunsch berechnen"), permissions=["manage"]
    )
    def allocate(self, request, queryset):
        runs = []
        for slot in self.manageable(request, queryset).select_related("event"):
            try:
                runs.append(
                    services.preview_allocation(time_slot=slot, user=request.user)
                )
            except DomainError as exc:
                self.message_user(request, f"{slot}: {exc.message}", messages.ERROR)
        if len(runs) == 1:
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Vorschau erstellt."),
                    reverse("admin:workshops_allocationrun_change", args=[runs[0].pk]),
                    _("Anpassen, übernehmen oder verwerfen"),
                ),
                messages.SUCCESS,
            )
            return redirect(reverse("workshops:allocation_preview", args=[runs[0].pk]))
        for run in runs:
            self.message_user(
                request,
                format_html(
                    '{}: <a href="{}">{}</a>',
                    run.time_slot,
                    reverse("workshops:allocation_preview", args=[run.pk]),
                    _("Vorschau ansehen"),
                ),
                messages.SUCCESS,
            )
        return None


# Allocation runs -------------------------------------------------------------


class AdjustForm(forms.Form):
    registration = forms.TypedChoiceField(label=_("Person"), coerce=int)
    workshop = forms.TypedChoiceField(
        label=_("Workshop"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, run: AllocationRun, **kwargs):
        super().__init__(*args, **kwargs)
        people = Registration.objects.filter(
            pk__in=[p["registration"] for p in run.placements]
        ).order_by("last_name", "first_name", "pk")
        self.fields["registration"].choices = [
            (r.pk, f"{r.last_name}, {r.first_name}") for r in people
        ]
        self.workshops = {w.pk: w for w in run.time_slot.workshops.all()}
        self.fields["workshop"].choices = [("", _("(kein Workshop)"))] + [
            (w.pk, w.full_title) for w in self.workshops.values()
        ]


@admin.register(AllocationRun)
class AllocationRunAdmin(ProjectScopedAdmin):
    event_path = "time_slot__event"
    list_display = [
        "time_slot",
        "event",
        "status",
        "objective",
        "created_by",
        "created_at",
        "preview_link",
    ]
    list_filter = ["status"]
    list_select_related = ["time_slot__event", "created_by"]
    fields = [
        "time_slot",
        "status",
        "objective",
        "allow_unranked",
        "created_by",
        "created_at",
        "committed_at",
        "preview_link",
    ]
    readonly_fields = fields
    actions = ["commit", "discard"]
    change_form_template = "admin/workshops/allocationrun/change_form.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Veranstaltung"))
    def event(self, obj):
        return obj.time_slot.event

    @admin.display(description=_("Vorschau"))
    def preview_link(self, obj):
        url = reverse("workshops:allocation_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Vorschau ansehen"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/anpassen/",
                view(self.adjust_view),
                name="workshops_allocationrun_adjust",
            ),
            path(
                "<int:pk>/uebernehmen/",
                view(self.commit_view),
                name="workshops_allocationrun_commit",
            ),
            path(
                "<int:pk>/verwerfen/",
                view(self.discard_view),
                name="workshops_allocationrun_discard",
            ),
            *super().get_urls(),
        ]

    def _run_for_change(self, request, pk):
        run = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, run):
            raise PermissionDenied
        return run

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        run = self.get_object(request, object_id)
        if (
            run is not None
            and run.status == AllocationRun.Status.PREVIEW
            and self.has_change_permission(request, run)
        ):
            extra_context["adjust_form"] = AdjustForm(run=run)
        extra_context.update(show_save=False, show_save_and_continue=False)
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _change_url(run):
        return reverse("admin:workshops_allocationrun_change", args=[run.pk])

    def _report(self, request, func, run, success):
        try:
            func(run=run)
        except DomainError as exc:
            self.message_user(request, f"{run}: {exc.message}", messages.ERROR)
            return False
        self.message_user(request, success, messages.SUCCESS)
        return True

    def adjust_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        run = self._run_for_change(request, pk)
        form = AdjustForm(request.POST, run=run)
        if not form.is_valid():
            self.message_user(
                request, _("Bitte Person und Workshop wählen."), messages.ERROR
            )
            return redirect(self._change_url(run))
        workshop = form.workshops.get(form.cleaned_data["workshop"])
        try:
            services.adjust_allocation(
                run=run,
                registration_id=form.cleaned_data["registration"],
                workshop=workshop,
            )
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, _("Zuteilung angepasst."), messages.SUCCESS)
        return redirect(self._change_url(run))

    def commit_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        run = self._run_for_change(request, pk)
        self._report(
            request,
            services.commit_allocation,
            run,
            _("Zuteilung übernommen; alle Betroffenen bekommen eine E-Mail."),
        )
        return redirect(self._change_url(run))

    def discard_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        run = self._run_for_change(request, pk)
        self._report(
            request, services.discard_allocation, run, _("Vorschau verworfen.")
        )
        return redirect(self._change_url(run))

    @admin.action(description=_("Zuteilung übernehmen"), permissions=["manage"])
    def commit(self, request, queryset):
        for run in self.manageable(request, queryset).select_related("time_slot"):
            self._report(
                request, services.commit_allocation, run, _("Zuteilung übernommen.")
            )

    @admin.action(description=_("Vorschau verwerfen"), permissions=["manage"])
    def discard(self, request, queryset):
        for run in self.manageable(request, queryset).select_related("time_slot"):
            self._report(
                request, services.discard_allocation, run, _("Vorschau verworfen.")
            )


# Rotation plans --------------------------------------------------------------


@admin.register(RotationPlan)
class RotationPlanAdmin(ProjectScopedAdmin):
    list_display = ["__str__", "kind", "event", "people", "updated_at", "printable"]
    list_filter = ["kind"]
    list_select_related = ["programme_item__event", "workshop__event"]
    fields = ["kind", "programme_item", "workshop", "people", "updated_at", "printable"]
    readonly_fields = fields
    actions = ["regenerate"]

    def scope_queryset(self, queryset, user, perm):
        if user.is_superuser:
            return queryset
        items = scope(queryset, user, perm, event_path="programme_item__event")
        workshops = scope(queryset, user, perm, event_path="workshop__event")
        return queryset.filter(Q(pk__in=items.values("pk")) | Q(pk__in=workshops))

    def event_of(self, obj):
        owner = obj.programme_item or obj.workshop
        return owner.event if owner else None

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("Veranstaltung"))
    def event(self, obj):
        return self.event_of(obj)

    @admin.display(description=_("Personen"))
    def people(self, obj):
        return obj.stats.get("people", "–")

    @admin.display(description=_("Druckansicht"))
    def printable(self, obj):
        if obj.kind == RotationPlan.Kind.SPEEDDATING:
            return plan_link("workshops:speeddating_plan", obj.programme_item_id)
        return plan_link("workshops:world_cafe_plan", obj.workshop_id)

    @admin.action(
        description=_("Neu erstellen (mit den aktuellen Anmeldungen)"),
        permissions=["manage"],
    )
    def regenerate(self, request, queryset):
        plans = self.manageable(request, queryset).select_related(
            "programme_item", "workshop"
        )
        done = 0
        for plan in plans:
            try:
                if plan.kind == RotationPlan.Kind.SPEEDDATING:
                    services.build_speeddating_plan(
                        programme_item=plan.programme_item,
                        rounds=len(plan.data.get("rounds", [])) or 1,
                        seed=plan.data.get("seed", 0),
                    )
                else:
                    services.build_world_cafe_plan(workshop=plan.workshop)
            except DomainError as exc:
                self.message_user(request, f"{plan}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request, _("Pläne neu erstellt: %(count)d") % {"count": done}
            )
