"""Scopes: each view names the one each of its methods needs."""

from rest_framework import permissions


class HasScope(permissions.BasePermission):
    """A token (else 401) holding the scope the view requires for the request's
    method (else 403). A method the view names no scope for is refused."""

    def has_permission(self, request, view):
        token = request.auth
        if token is None:
            return False
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        needed = view.required_scopes.get(method)
        return needed is not None and token.has_scope(needed)
