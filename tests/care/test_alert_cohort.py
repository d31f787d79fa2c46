"""The alert rule on a small simulated caseload (bench/alert_cohort.py runs 500): every
stopping story caught within 7 days, stable pain quiet once seen, few alerts a week."""

import pytest

from bench import alert_cohort


@pytest.mark.django_db
def test_a_simulated_caseload_meets_the_alert_targets():
    result = alert_cohort.simulate(patients=90, weeks=12, seed=20)
    caught = {story: share for story, _, share, _ in result.rows if share is not None}
    assert set(caught) == set(alert_cohort.CAUGHT_BY)
    assert min(caught.values()) >= alert_cohort.TARGET_CAUGHT, caught
    assert result.pain_again <= alert_cohort.TARGET_PAIN_AGAIN
    assert result.per_50_a_week <= alert_cohort.TARGET_PER_50_A_WEEK
    assert result.targets_met
