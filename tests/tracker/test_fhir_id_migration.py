"""The migration that gives every existing patient her own random FHIR id."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("tracker", "0004_joint_or_muscle_pain_label")]
AFTER = [("tracker", "0005_patientprofile_fhir_id")]


@pytest.fixture
def executor():
    """A migration executor that leaves the schema at the latest migrations again, for the
    tests after this one (tracker has migrations after AFTER)."""
    executor = MigrationExecutor(connection)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_patients_each_get_a_different_random_fhir_id(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User, Profile = old.get_model("accounts", "User"), old.get_model("tracker", "PatientProfile")
    for n in range(3):
        Profile.objects.create(user=User.objects.create(email=f"before{n}@example.org"))

    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("tracker", "PatientProfile")
    ids = list(new.objects.values_list("fhir_id", flat=True))
    assert len(ids) == 3
    assert len(set(ids)) == 3
    assert all(fhir_id.version == 4 for fhir_id in ids)
