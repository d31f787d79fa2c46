from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The patient's rights over her data: download everything, delete her account.

    Reads every other app (it has to know every table that holds her rows); none imports it.
    """

    name = "privacy"
    verbose_name = "Privacy"
