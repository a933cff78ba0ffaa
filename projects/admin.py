from django.contrib import admin

from .models import (
    CityLab,
    MeasureBundle,
    Municipality,
    Organisation,
    Project,
    ProjectMembership,
)


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
    model = ProjectMembership
    extra = 0
    autocomplete_fields = ["user"]


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
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities", "partner_projects"]
    inlines = [CityLabInline, MeasureBundleInline, ProjectMembershipInline]


@admin.register(CityLab)
class CityLabAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "project"]
    list_filter = ["municipality", "project"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MeasureBundle)
class MeasureBundleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "project", "order"]
    list_filter = ["kind", "project"]
    search_fields = ["title", "description"]
    filter_horizontal = ["municipalities"]


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "user__email", "project__name"]
    autocomplete_fields = ["user", "project"]
