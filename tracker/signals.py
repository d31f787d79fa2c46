"""What the diary tells other apps, so that they can react without the diary importing them
(the care team's list and alerts follow her diary: `care.receivers`)."""

from django.dispatch import Signal

# Her diary changed: a day, a therapy period, an appointment or her profile was saved or
# deleted (`tracker.receivers`). Arguments: `patient_id`, and `day` when a day changed (else
# None). Sent right after the write, inside the caller's transaction if there is one:
# receivers that start work do it on commit.
diary_changed = Signal()
