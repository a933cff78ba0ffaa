from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("kalender.ics", views.feed, name="feed"),
    path("veranstaltungen/<slug:slug>/", views.event_detail, name="event_detail"),
    path(
        "veranstaltungen/<slug:slug>/kalender.ics",
        views.event_ics,
        name="event_ics",
    ),
]
