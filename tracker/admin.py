from django.contrib import admin

from tracker.models import Appointment, DailyEntry, PatientProfile, TherapyPeriod


@admin.register(PatientProfile)
class PatientProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone", "reminder_time"]
    search_fields = ["user__email"]


@admin.register(TherapyPeriod)
class TherapyPeriodAdmin(admin.ModelAdmin):
    list_display = ["patient", "kind", "drug", "start", "end"]
    list_select_related = ["patient"]
    search_fields = ["patient__email"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["patient", "date", "note"]
    list_select_related = ["patient"]


@admin.register(DailyEntry)
class DailyEntryAdmin(admin.ModelAdmin):
    list_display = ["patient", "day", "joint_pain", "cramp_count", "hot_flash_score"]
    list_select_related = ["patient"]
    date_hierarchy = "day"
    search_fields = ["patient__email"]
    readonly_fields = ["hot_flash_count", "hot_flash_score", "created_at", "updated_at"]
