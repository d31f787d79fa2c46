from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project's own checks (config/checks.py); no models."""

    name = "config"
    label = "site"

    def ready(self):
        from config import checks  # noqa: F401  (registers them)
