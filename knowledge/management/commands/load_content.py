"""Load the shipped tips and explainers from knowledge/content/ (after every `migrate`)."""

from django.core.management.base import BaseCommand

from knowledge.services import load_content


class Command(BaseCommand):
    help = (
        "Create or update the articles from the Markdown files in knowledge/content/. "
        "Idempotent; articles changed in the admin are kept as they are."
    )

    def handle(self, *args, **options):
        report = load_content()
        self.stdout.write(
            f"Content: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        )
        if report.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"Kept {len(report.kept)} article(s) as edited in the admin, not replaced "
                    f"by their files: {', '.join(report.kept)}. To let a file replace one, "
                    "untick “edited in admin” on it and run load_content again."
                )
            )
