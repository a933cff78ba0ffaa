from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Lädt die Demo-Daten: die dokumentierten Konferenzen des Netzwerks und zwei "
        "kommende Beispielkonferenzen. Mehrfach ausführbar, ohne zu verdoppeln."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help=(
                "Legt zusätzlich Demo-Konten für den Admin an (feste Passwörter, "
                "nur für Demo-Datenbanken). Anzeigen mit `manage.py demo_logins`."
            ),
        )

    def handle(self, *args, with_demo_users=False, **options):
        result = load_demo(with_users=with_demo_users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Daten geladen: {len(result['events'])} Veranstaltungen"
                + (f", {len(result['users'])} Demo-Konten" if with_demo_users else "")
                + "."
            )
        )
