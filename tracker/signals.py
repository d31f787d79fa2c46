"""What the diary tells other apps, so that they can react without the diary importing them
(the care team's alerts are evaluated after a day changes: `care.receivers`)."""

from django.dispatch import Signal

# A day of her diary was saved or deleted: `patient_id` and `day`. Sent right after the write,
# inside the caller's transaction if there is one: receivers that start work do it on commit.
day_changed = Signal()
