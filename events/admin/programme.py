"""Venues, speakers and programme items."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    ProjectScopedAdmin,
    ScopedInline,
    action_page,
    exactly_one,
)
from core.errors import DomainError
from events.admin_forms import SpeeddatingForm
from events.models import (
    ProgrammeContribution,
    ProgrammeItem,
    Speaker,
    Venue,
)
from workshops.selectors import speeddating_registrations
from workshops.services import build_speeddating_plan


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "municipality"]
    list_filter = ["city"]
    search_fields = ["name", "street", "city"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "function", "organisation", "municipality", "project"]
    list_filter = ["organisation", "municipality"]
    search_fields = ["first_name", "last_name", "function", "organisation__name"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    autocomplete_fields = ["organisation", "municipality", "project"]


class ProgrammeContributionInline(ScopedInline):
    model = ProgrammeContribution
    extra = 0
    autocomplete_fields = ["speaker"]


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(ProjectScopedAdmin):
    list_display = ["title", "event", "kind", "start", "end", "plan_link"]
    list_filter = ["kind", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description", "event__title"]
    list_select_related = ["event", "rotation_plan"]
    autocomplete_fields = ["event"]
    inlines = [ProgrammeContributionInline]
    actions = ["speeddating_plan"]

    @admin.display(description=_("Rotationsplan"))
    def plan_link(self, obj):
        if not hasattr(obj, "rotation_plan"):
            return "–"
        url = reverse("workshops:speeddating_plan", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Plan ansehen"))

    @admin.action(description=_("Speeddating-Plan erstellen"), permissions=["manage"])
    def speeddating_plan(self, request, queryset):
        item = exactly_one(self, request, self.manageable(request, queryset))
        if item is None:
            return None
        people = len(speeddating_registrations(programme_item=item))
        form = SpeeddatingForm(
            request.POST if "apply" in request.POST else None, people=people
        )
        if form.is_valid():
            try:
                build_speeddating_plan(
                    programme_item=item,
                    rounds=form.cleaned_data["rounds"],
                    seed=form.cleaned_data["seed"] or 0,
                )
            except DomainError as exc:
                form.add_error("rounds", exc.message)
            else:
                self.message_user(
                    request, _("Speeddating-Plan erstellt."), messages.SUCCESS
                )
                return redirect(reverse("workshops:speeddating_plan", args=[item.pk]))
        return action_page(
            self,
            request,
            action="speeddating_plan",
            title=_("Speeddating-Plan erstellen"),
            intro=ngettext(
                "%(count)d Person hat einen Platz vor Ort.",
                "%(count)d Personen haben einen Platz vor Ort.",
                people,
            )
            % {"count": people},
            objects=[item],
            form=form,
            selected=[item],
            submit_label=_("Plan erstellen"),
        )
