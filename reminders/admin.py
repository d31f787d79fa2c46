from django.contrib import admin

from reminders.models import Delivery, ReminderSettings


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["patient", "enabled", "resume_on"]
    list_select_related = ["patient"]
    search_fields = ["patient__email"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["patient", "kind", "local_date", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "local_date"]
    list_select_related = ["patient"]
    search_fields = ["patient__email"]
