"""The same new day posted twice at the same moment gives one row and two clean answers.

Runs on the configured database: PostgreSQL in CI (where the unique constraint decides the
race), SQLite locally (where IMMEDIATE transactions queue the two writers).
"""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import make_patient
from tracker.models import DailyEntry


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_simultaneous_posts_of_a_new_day_give_one_row(attempt):
    patient = make_patient()
    # A past day she may log (after her therapy started, within the form's bounds).
    day = date.today() - timedelta(days=10)
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def post(pain):
        client = Client()
        client.force_login(patient)
        try:
            barrier.wait(timeout=10)
            response = client.post(
                reverse("tracker:log"),
                {"day": day.isoformat(), "joint_pain": str(pain), "tablet_taken": "True"},
            )
            statuses.append(response.status_code)
        except Exception as error:  # reported below with the test's verdict
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(pain,)) for pain in (3, 8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert statuses == [302, 302]
    rows = DailyEntry.objects.filter(patient=patient, day=day)
    assert rows.count() == 1
    assert rows.get().joint_pain in (3, 8)
