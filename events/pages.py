"""Privacy notice, imprint and accessibility statement.

Organisers edit them in the admin as flat pages (django.contrib.flatpages) at the
paths below, with an English version under the same path prefixed by /en. Until a
page has been written there, a default text shipped with the site is shown.
"""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PAGES = {
    "privacy": ("/datenschutz/", _("Datenschutz")),
    "imprint": ("/impressum/", _("Impressum")),
    "accessibility": ("/barrierefreiheit/", _("Erklärung zur Barrierefreiheit")),
}


def edited_page(path: str, language: str) -> FlatPage | None:
    candidates = [path] if language == "de" else [f"/{language}{path}", path]
    pages = {
        page.url: page
        for page in FlatPage.objects.filter(url__in=candidates, sites=settings.SITE_ID)
    }
    return next((pages[url] for url in candidates if url in pages), None)


def site_page(request, key):
    path, title = PAGES[key]
    language = "en" if get_language() == "en" else "de"
    context = {
        "title": title,
        "page": edited_page(path, language),
        "default_template": f"pages/{key}_{language}.html",
        "retention_days": settings.RETENTION_DAYS,
        "confirm_hours": settings.REGISTRATION_CONFIRM_HOURS,
        "legal": settings.LEGAL,
        "legal_is_demo": settings.LEGAL_IS_DEMO,
    }
    return render(request, "pages/site_page.html", context)
