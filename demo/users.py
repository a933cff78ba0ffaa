"""Demo accounts for the admin: only created with `load_demo --with-demo-users`.

Their passwords are fixed and printed by `demo_logins`: fine for a demo database
on a developer's machine, never for a real one.
"""

from django.contrib.auth import get_user_model

from projects.models import Project, ProjectMembership

ORGANISER = ProjectMembership.Role.ORGANISER
STAFF = ProjectMembership.Role.STAFF

DEMO_USERS = [
    {
        "username": "orga-suedwestfalen",
        "email": "orga-suedwestfalen@example.org",
        "first_name": "Olga",
        "last_name": "Organisation (Demo)",
        "password": "demo-suedwestfalen",
        "label": "Organisation 5 für Südwestfalen / Südwestfalen Agentur",
        "memberships": [
            ("5-fuer-suedwestfalen", ORGANISER),
            ("suedwestfalen-agentur", ORGANISER),
        ],
    },
    {
        "username": "einlass-suedwestfalen",
        "email": "einlass-suedwestfalen@example.org",
        "first_name": "Emil",
        "last_name": "Einlass (Demo)",
        "password": "demo-einlass",
        "label": "Einlass und Listen, 5 für Südwestfalen",
        "memberships": [("5-fuer-suedwestfalen", STAFF)],
    },
    {
        "username": "orga-grenzregion",
        "email": "orga-grenzregion@example.org",
        "first_name": "Greta",
        "last_name": "Grenzregion (Demo)",
        "password": "demo-grenzregion",
        "label": "Organisation Smarte Grenzregion zwischen den Meeren",
        "memberships": [("smarte-grenzregion", ORGANISER)],
    },
]


def create_demo_users():
    """Create or reset the demo accounts and their memberships (= their rights)."""
    User = get_user_model()
    users = []
    for spec in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=spec["username"],
            defaults={
                "email": spec["email"],
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "is_staff": True,
                "is_superuser": False,
                "is_active": True,
            },
        )
        user.set_password(spec["password"])
        user.save(update_fields=["password"])
        # Their rights come from the roles below (projects.roles); drop any
        # permissions an older version of this loader ticked by hand.
        user.user_permissions.clear()
        keep = []
        for slug, role in spec["memberships"]:
            membership, _ = ProjectMembership.objects.update_or_create(
                project=Project.objects.get(slug=slug),
                user=user,
                defaults={"role": role},
            )
            keep.append(membership.pk)
        ProjectMembership.objects.filter(user=user).exclude(pk__in=keep).delete()
        _verify_email(user)
        users.append(user)
    return users


def _verify_email(user):
    """allauth asks for a verified address; the demo addresses count as verified."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": True},
    )


def demo_login_lines():
    """One line per demo account that still has its demo password."""
    User = get_user_model()
    by_name = User.objects.in_bulk(
        [spec["username"] for spec in DEMO_USERS], field_name="username"
    )
    lines = []
    for spec in DEMO_USERS:
        user = by_name.get(spec["username"])
        if user is None or not user.check_password(spec["password"]):
            continue
        lines.append(
            # People sign in with their email address, never the user name.
            f"{spec['label']}: {spec['email']} / Passwort {spec['password']}"
        )
    return lines
