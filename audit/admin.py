from django.contrib import admin

from audit.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Staff read the log; nobody edits it here, not even a superuser."""

    list_display = ["at", "event", "actor_email", "actor_id", "ip_address", "target"]
    list_filter = ["event"]
    search_fields = ["actor_email", "=actor_id", "=ip_address", "target"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
