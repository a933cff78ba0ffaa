from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api.views import docs, organiser, public

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    path("events/", public.EventList.as_view(), name="event_list"),
    path("events/<slug:slug>/", public.EventDetail.as_view(), name="event_detail"),
    path(
        "events/<slug:slug>/programme/",
        public.EventProgramme.as_view(),
        name="event_programme",
    ),
    path(
        "events/<slug:slug>/workshops/",
        public.EventWorkshops.as_view(),
        name="event_workshops",
    ),
    path("speakers/", public.SpeakerList.as_view(), name="speaker_list"),
    path("venues/", public.VenueList.as_view(), name="venue_list"),
    path("projects/", public.ProjectList.as_view(), name="project_list"),
    path(
        "municipalities/", public.MunicipalityList.as_view(), name="municipality_list"
    ),
    path(
        "organiser/events/",
        organiser.OrganiserEventList.as_view(),
        name="organiser_event_list",
    ),
    path(
        "organiser/events/<int:pk>/export/",
        organiser.EventExport.as_view(),
        name="event_export",
    ),
    path(
        "organiser/events/<int:pk>/statistics/",
        organiser.EventStatistics.as_view(),
        name="event_statistics",
    ),
    path(
        "registrations/", organiser.RegistrationList.as_view(), name="registration_list"
    ),
    path(
        "registrations/<int:pk>/",
        organiser.RegistrationDetail.as_view(),
        name="registration_detail",
    ),
    path(
        "registrations/<int:pk>/cancel/",
        organiser.RegistrationCancel.as_view(),
        name="registration_cancel",
    ),
    path(
        "registrations/<int:pk>/check-in/",
        organiser.RegistrationCheckIn.as_view(),
        name="registration_check_in",
    ),
]
