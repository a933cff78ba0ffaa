from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and its commands; no models of its own."""

    name = "demo"
