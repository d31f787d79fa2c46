"""Support: the reminders of one local date, how many were sent, failed or are pending."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from reminders.models import Delivery


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date wants a date like 2026-11-23, not {value!r}.") from None


class Command(BaseCommand):
    help = "Show the reminder deliveries of one local date (sent, failed, pending) for support."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, type=str, help="the local date, YYYY-MM-DD")
        parser.add_argument(
            "--status", choices=Delivery.Status.values, help="list only deliveries in this state"
        )

    def handle(self, *args, **options):
        day = _date(options["date"])
        deliveries = Delivery.objects.filter(local_date=day)
        counts = dict(
            deliveries.order_by()
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        total = sum(counts.values())
        summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in Delivery.Status.values)
        self.stdout.write(f"Reminders for {day.isoformat()}: {total} ({summary})")
        if options["status"]:
            deliveries = deliveries.filter(status=options["status"])
        rows = deliveries.select_related("patient").order_by("status", "kind", "patient__email")
        for delivery in rows:
            sent = f"{delivery.sent_at:%Y-%m-%d %H:%M:%S}Z" if delivery.sent_at else "-"
            line = (
                f"{delivery.id:>8}  {delivery.status:<8} {delivery.kind:<12} "
                f"{delivery.patient.email:<40} attempts {delivery.attempts}  sent {sent}"
            )
            if delivery.error:
                line += f"  error: {delivery.error}"
            self.stdout.write(line)
