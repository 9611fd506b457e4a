"""The Europa app: competitions, their knockout brackets and the pages that show them."""
from django.apps import AppConfig


class EuropaConfig(AppConfig):
    name = "europa"
    verbose_name = "Competitions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from europa import live  # noqa: F401  (connects the signals that bump versions)
