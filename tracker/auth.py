"""The signed-in user, read with her diary profile in one query.

Every patient page needs the profile (`access.patient_required`: her time zone decides what
"today" is), so loading it with the account saves a query on each of them. A clinician has no
profile: the join finds none and reading it raises, without a query.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ModelBackendWithProfile(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("patient_profile")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
