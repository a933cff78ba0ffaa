"""Pages that show personal data are never stored by browsers or proxies."""

from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language_from_path

# URL namespaces whose pages show or take personal data: the registration form
# and self-service pages, the staff pages and the admin.
PERSONAL_NAMESPACES = frozenset({"participants", "staff", "admin"})
PERSONAL_PATH_PREFIXES = ("/accounts/",)


class NoStoreMiddleware:
    """Adds `Cache-Control: no-store` (and friends) to personal pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        namespaces = set(match.namespaces) if match else set()
        if namespaces & PERSONAL_NAMESPACES or is_personal_path(request.path_info):
            add_never_cache_headers(response)
        return response


def is_personal_path(path: str) -> bool:
    """Whether `path`, in any language (/accounts/…, /en/accounts/…), is personal."""
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    return path.startswith(PERSONAL_PATH_PREFIXES)
