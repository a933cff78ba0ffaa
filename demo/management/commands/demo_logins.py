from django.conf import settings
from django.core.management.base import BaseCommand

from demo.users import demo_login_lines


class Command(BaseCommand):
    help = "Zeigt die Zugänge der Demo-Konten für den Admin, sofern es sie gibt."

    def handle(self, *args, **options):
        lines = demo_login_lines()
        if not lines:
            self.stdout.write(
                "Keine Demo-Konten (anlegen mit `manage.py load_demo "
                "--with-demo-users`)."
            )
            return
        admin_url = getattr(settings, "SITE_URL", "").rstrip("/") + "/admin/"
        self.stdout.write(f"  Demo-Logins für {admin_url}")
        for line in lines:
            self.stdout.write(f"    {line}")
