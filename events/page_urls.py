from django.urls import path

from . import pages

app_name = "pages"

urlpatterns = [
    path("datenschutz/", pages.site_page, {"key": "privacy"}, name="privacy"),
    path("impressum/", pages.site_page, {"key": "imprint"}, name="imprint"),
    path(
        "barrierefreiheit/",
        pages.site_page,
        {"key": "accessibility"},
        name="accessibility",
    ),
]
