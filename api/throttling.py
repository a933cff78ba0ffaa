"""Rate limits per token, else per client address, counted in the cache.

The rates are read from settings at each request (API_RATE_LIMITS) so they can
change without a restart of the class; a cache that is down reads as empty
(core/cache_backend.py), so the limit fails open rather than the API.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        return None  # decided per request in allow_request

    def allow_request(self, request, view):
        kind = "token" if request.auth is not None else "anonymous"
        self.rate = settings.API_RATE_LIMITS[kind]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request.auth is not None:
            ident = f"token-{request.auth.pk}"
        else:
            ident = self.get_ident(request)
        return f"throttle_api_{ident}"
