"""Deleting a patient's account: every row of hers goes, her care team loses access, her
sessions end, the admin's log forgets her, and the security log keeps only that it happened."""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from audit.models import SecurityEvent
from audit.services import Kind, record, target
from care import services as care_services
from care.models import Grant
from privacy.graph import rows_of, user_paths

DELETED = "(deleted account)"


def delete_account(*, user):
    """Remove the account and, through the model graph's cascades, every row of hers.

    Grants are stopped first (logged as such), so a clinician with her page open is refused
    on the next request even before the rows go. The notice goes to her address once the
    deletion is committed; it names nothing from the diary.
    """
    email = user.email
    with transaction.atomic():
        for grant in Grant.objects.live().filter(patient=user):
            care_services.stop_grant(grant=grant)
        _scrub_admin_log(user)
        _end_sessions(user)
        record(Kind.ACCOUNT_DELETED, actor=user, target=target("user", user.pk))
        # The log keeps her id and what happened, not her address.
        SecurityEvent.objects.filter(actor_id=user.pk).update(actor_email=DELETED)
        SecurityEvent.objects.filter(target__iexact=target("email", email)).update(
            target=target("email", DELETED)
        )
        user.delete()
        transaction.on_commit(lambda: _send_notice(email))


def _scrub_admin_log(user):
    """The admin's log names objects by their text ("Profile of ana@...", "On treatment:
    anastrozole from ..."): entries about her account or any row of hers lose that text."""
    about_her = Q(object_repr__icontains=user.email) | Q(change_message__icontains=user.email)
    account = get_user_model()
    for model in [account, *user_paths()]:
        if model._meta.auto_created:
            continue
        mine = model.objects.filter(pk=user.pk) if model is account else rows_of(model, user)
        ids = [str(pk) for pk in mine.values_list("pk", flat=True)]
        if ids:
            kind = ContentType.objects.get_for_model(model, for_concrete_model=False)
            about_her |= Q(content_type=kind, object_id__in=ids)
    LogEntry.objects.filter(about_her).update(object_repr=DELETED, change_message="")


def _end_sessions(user):
    """Sign her out everywhere. Sessions are not indexed by account, so the live ones are read
    (only with the database session store, this project's; a session of a deleted account
    finds no user in any store anyway)."""
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return
    theirs = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=theirs).delete()


def _send_notice(email):
    send_mail(
        subject="Your Symptom Diary account has been deleted",
        message=render_to_string("privacy/email_deleted.txt", {"email": email}),
        from_email=None,
        recipient_list=[email],
    )


def what_goes():
    """The confirmation page's list: what her account deletion removes, in words."""
    return [
        "your diary: every day you logged, with its notes",
        "your therapy timeline and appointments",
        "your settings, reminders and the record of reminder emails",
        "your answers to tips",
        "your sharing: your care team loses access at once, and your invitations and visit "
        "links stop working",
        "the log of who opened your diary",
        "your account: your email address, password and two-step sign-in",
    ]
