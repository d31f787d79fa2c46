"""Writes for the knowledge app."""

from knowledge.models import Feedback


def record_feedback(*, patient, article, verdict):
    """Her answer on a tip: one row per patient and tip, a new answer replaces the old."""
    feedback, _ = Feedback.objects.update_or_create(
        patient=patient, article=article, defaults={"verdict": verdict}
    )
    return feedback
