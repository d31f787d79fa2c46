from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from accounts import sessions  # noqa: F401  (connects the sign-in time receiver)


class AppAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site of accounts/admin_site.py."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "accounts.admin_site.AppAdminSite"
