from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "care"
    verbose_name = "Care team"

    def ready(self):
        from care import receivers  # noqa: F401  (connects them)
