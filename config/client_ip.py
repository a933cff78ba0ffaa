"""The client's address as the rate limits see it.

Public forms (django-ratelimit) and the login lock-out (allauth) must count the
same client: behind ALLAUTH_TRUSTED_PROXY_COUNT reverse proxies that address is
taken from X-Forwarded-For, otherwise every visitor would share the proxy's.
"""

from allauth.account.adapter import get_adapter


def client_ip(request):
    return get_adapter(request).get_client_ip(request)
