"""An account deleted by staff in the admin goes the way she would delete it herself: every
row of hers, her sessions, and the admin log's text about her (including the entry the admin
has just written for this deletion, which names her by her email)."""

from django.contrib import admin
from django.contrib.auth import get_user_model

from accounts.admin import AppUserAdmin
from privacy import services

admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(AppUserAdmin):
    def get_deleted_objects(self, objs, request):
        """Her rows go with her account, including the records staff may not delete one by
        one (the access log, the alerts): the right to delete the account is enough."""
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        services.delete_account(user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.delete_account(user=user)
