from django.urls import path

from . import account_views, manage_views, views

app_name = "participants"

urlpatterns = [
    path("anmelden/<slug:slug>/", views.register, name="register"),
    path("anmelden/<slug:slug>/gruppe/", views.register_group, name="register_group"),
    path("anmelden/<slug:slug>/gesendet/", views.register_done, name="register_done"),
    path("anmeldung/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("anmeldung/link/<str:token>/", views.manage_link, name="manage_link"),
    path("anmeldung/link-anfordern/", views.resend, name="resend"),
    path("anmeldung/<int:pk>/", manage_views.manage, name="manage"),
    path(
        "anmeldung/<int:pk>/workshops/",
        manage_views.change_workshops,
        name="change_workshops",
    ),
    path("anmeldung/<int:pk>/teilnahme/", manage_views.switch_mode, name="switch_mode"),
    path("anmeldung/<int:pk>/stornieren/", manage_views.cancel, name="cancel"),
    path(
        "anmeldung/<int:pk>/einwilligung/<str:kind>/widerrufen/",
        manage_views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("anmeldung/<int:pk>/kalender.ics", manage_views.calendar, name="calendar"),
    path(
        "anmeldung/<int:pk>/check-in.png",
        manage_views.checkin_image,
        name="checkin_image",
    ),
    path(
        "anmeldung/<int:pk>/meine-daten.json",
        manage_views.download_data,
        name="download_data",
    ),
    path(
        "anmeldung/<int:pk>/daten-loeschen/", manage_views.erase_data, name="erase_data"
    ),
    path(
        "konto/anmeldungen/",
        account_views.my_registrations,
        name="my_registrations",
    ),
]
