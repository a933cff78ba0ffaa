from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
]
urlpatterns += i18n_patterns(
    path("staff/", include("participants.staff_urls")),
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
