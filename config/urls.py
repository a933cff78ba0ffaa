from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # One sign-in for the admin and the site, with allauth's rate limit and 2FA.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    # Inside i18n_patterns so /en/accounts/… serves the sign-in pages in English:
    # an unprefixed path is always German (prefix_default_language=False).
    path("accounts/", include("allauth.urls")),
    path("staff/", include("participants.staff.urls")),
    path("", include("workshops.urls")),
    path("", include("events.urls")),
    path("", include("events.page_urls")),
    path("", include("projects.urls")),
    path("", include("participants.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
