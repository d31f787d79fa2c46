from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Security audit"

    def ready(self):
        from audit import receivers  # noqa: F401  (connects them)
