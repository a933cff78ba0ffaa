"""Model permissions that come from project roles instead of ticked boxes.

``ProjectRoleBackend`` authenticates nobody. It answers ``user.has_perm`` with the
permissions of the roles (projects.roles) the active user holds in any project,
so an organiser or door staff account works as soon as it has a membership and
``is_staff``: nobody has to tick permissions in the user admin. Rows stay scoped
per project by core.permissions and the admin classes built on it.

The roles are read once per user object and kept on it, as ModelBackend does with
its ``_perm_cache``; a membership added or removed shows on the next request.
"""

from django.contrib.auth.backends import BaseBackend

from projects.models import ProjectMembership
from projects.roles import permissions_for_roles

_CACHE = "_project_role_perm_cache"


class ProjectRoleBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        # Like ModelBackend: no object-level answers, nothing for inactive users.
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, _CACHE):
            roles = (
                ProjectMembership.objects.filter(user=user_obj)
                .values_list("role", flat=True)
                .distinct()
            )
            setattr(user_obj, _CACHE, set(permissions_for_roles(roles)))
        return getattr(user_obj, _CACHE)

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return any(
            perm.partition(".")[0] == app_label
            for perm in self.get_all_permissions(user_obj)
        )
