from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from core import views as core_views

# Error pages that need neither the database nor the cache (core/views.py).
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("", include("core.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    # One sign-in for the admin and the site, with allauth's rate limit and 2FA.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
]
urlpatterns += i18n_patterns(
    # Inside i18n_patterns so /en/accounts/… serves the sign-in pages in English:
    # an unprefixed path is always German (prefix_default_language=False).
    # allauth's sign-in, with malformed input answered 400 (core/views.py).
    path("accounts/login/", core_views.LoginView.as_view(), name="account_login"),
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
