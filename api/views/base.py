"""The two kinds of API view: public reads, and a token's project data."""

from rest_framework import permissions
from rest_framework.views import APIView

from api.authentication import TokenAuthentication
from api.conditional import ConditionalGetMixin
from api.permissions import HasScope
from api.throttling import ApiRateThrottle


class PublicMixin(ConditionalGetMixin):
    """No token needed; one that is sent must be valid. GET only."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ApiRateThrottle]
    http_method_names = ["get", "head", "options"]


class TokenMixin:
    """A token of the project, with the scope each method needs
    (``required_scopes``: {method: Scope})."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [ApiRateThrottle]
    required_scopes: dict = {}

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "token": getattr(self.request, "auth", None),
        }


class TokenView(TokenMixin, APIView):
    pass
