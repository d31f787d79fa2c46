"""The security audit log: who did what to which account or share, from where, and when.

Never health data: an event names an account, an address or a row by its id, nothing from a
diary. The actor is kept as an id and the email of the moment, not a foreign key, so the log
outlives the account it speaks of (an account deletion is itself an event).
"""

from django.db import models
from django.utils import timezone


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOCKOUT = "lockout", "Sign-in refused: too many failures"
        MFA_FAILED = "mfa_failed", "Wrong second-step code"
        LOGOUT = "logout", "Signed out"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_SET = "password_set", "Password set"
        PASSWORD_RESET = "password_reset", "Password reset by email link"
        EMAIL_ADDED = "email_added", "Email address added"
        EMAIL_CONFIRMED = "email_confirmed", "Email address confirmed"
        EMAIL_CHANGED = "email_changed", "Primary email address changed"
        EMAIL_REMOVED = "email_removed", "Email address removed"
        MFA_ADDED = "mfa_added", "Second step added"
        MFA_REMOVED = "mfa_removed", "Second step removed"
        MFA_RESET = "mfa_reset", "Recovery codes made again"
        EXPORT = "export", "Diary downloaded"
        ACCOUNT_DELETED = "account_deleted", "Account deleted"
        GRANT_MADE = "grant_made", "Diary shared with a clinician"
        GRANT_REVOKED = "grant_revoked", "Sharing stopped"
        INVITATION_SENT = "invitation_sent", "Invitation sent"
        INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
        INVITATION_STOPPED = "invitation_stopped", "Invitation withdrawn"
        VISIT_LINK_MADE = "visit_link_made", "Visit link made"
        VISIT_LINK_STOPPED = "visit_link_stopped", "Visit link stopped"
        VISIT_LINK_OPENED = "visit_link_opened", "Visit link opened"

    at = models.DateTimeField(default=timezone.now)  # UTC, as every datetime stored here
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    # The client's address as allauth reads it (ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy).
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    event = models.CharField(max_length=32, choices=Kind.choices)
    # What it was done to, as "kind:id" or "kind:words" (an email address, an export's format).
    target = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            # The admin's list, newest first, and its filter by event.
            models.Index(fields=["-at"], name="audit_event_newest"),
            # One account's history (the admin's search by actor id, the deletion's scrub).
            models.Index(fields=["actor_id", "-at"], name="audit_event_actor"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event} by {self.actor_email or '-'}"
