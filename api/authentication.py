"""Bearer tokens: looked up by their SHA-256, every use logged."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken, ApiTokenUse, hash_token


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>``. No header: anonymous (public data only);
    an unknown, expired or revoked token: 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ungültiger Authorization-Kopf."))
        try:
            raw = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Ungültiger Schlüssel.")) from exc
        token = (
            ApiToken.objects.select_related("project")
            .filter(token_hash=hash_token(raw))
            .first()
        )
        now = timezone.now()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ungültiger Schlüssel."))
        if not token.is_usable(now):
            raise exceptions.AuthenticationFailed(
                _("Der Schlüssel ist abgelaufen oder widerrufen.")
            )
        ApiTokenUse.objects.create(
            token=token, method=request.method, path=request.path[:500]
        )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (TokenUser(token), token)

    def authenticate_header(self, request):
        return self.keyword


class TokenUser:
    """The request's user for a token: authenticated, no Django permissions."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    is_staff = False
    is_anonymous = False

    def __init__(self, token: ApiToken):
        self.token = token
        self.pk = None

    def __str__(self):
        return str(self.token)
