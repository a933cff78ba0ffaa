from django.urls import path

from . import staff_views

app_name = "staff"

urlpatterns = [
    path("", staff_views.event_list, name="event_list"),
    path("<slug:slug>/", staff_views.dashboard, name="dashboard"),
    path("<slug:slug>/checkin/", staff_views.checkin_page, name="checkin"),
    path("<slug:slug>/exports/", staff_views.export_page, name="exports"),
    path(
        "<slug:slug>/exports/download/",
        staff_views.export_download,
        name="export_download",
    ),
]
