"""Writes that change pages kept in the cache (`tracker.versions`): what she said of a tip
is part of her Trends section, an article's title and link part of everyone's."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from knowledge.models import Article, Feedback
from tracker import versions


@receiver(post_save, sender=Feedback, dispatch_uid="knowledge.feedback_saved")
@receiver(post_delete, sender=Feedback, dispatch_uid="knowledge.feedback_deleted")
def feedback_changed(sender, instance, **kwargs):
    versions.renew(versions.DIARY, [instance.patient_id])


@receiver(post_save, sender=Article, dispatch_uid="knowledge.article_saved")
@receiver(post_delete, sender=Article, dispatch_uid="knowledge.article_deleted")
def article_changed(sender, instance, **kwargs):
    versions.renew(versions.CONTENT, [versions.SHIPPED])
