from django.contrib import admin

from audit.models import SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record staff read and nobody edits here, not even a superuser (the audit log, and
    care's access log and alerts)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "event", "actor_email", "actor_id", "ip_address", "target"]
    list_filter = ["event"]
    search_fields = ["actor_email", "=actor_id", "=ip_address", "target"]
    date_hierarchy = "at"
