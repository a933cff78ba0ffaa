from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/checkin/", views.checkin_page, name="checkin"),
    path("<slug:slug>/exports/", views.export_page, name="exports"),
    path(
        "<slug:slug>/exports/download/",
        views.export_download,
        name="export_download",
    ),
]
