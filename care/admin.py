"""Staff see the care side in the admin: clinicians' profiles and grants can be managed; the
access log and the alerts are records, read-only."""

from django.contrib import admin

from audit.admin import ReadOnlyAdmin
from care.models import AccessEvent, Alert, ClinicianProfile, Grant


@admin.register(ClinicianProfile)
class ClinicianProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "time_zone"]
    search_fields = ["name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["patient", "clinician", "created_at", "ends_on", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["patient__email", "clinician__email"]
    raw_id_fields = ["patient", "clinician"]


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "viewer", "what", "patient"]
    list_filter = ["what"]
    search_fields = ["patient__email", "viewer"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["raised_at", "patient", "key", "day", "seen_at", "seen_by"]
    list_filter = ["key"]
    search_fields = ["patient__email"]
