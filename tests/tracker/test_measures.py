"""The catalogue and the model agree: every measure has its field, range and words."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import DailyEntryFactory
from tracker import measures
from tracker.models import DailyEntry


def test_every_measure_and_option_is_stored_on_the_entry():
    fields = {field.name for field in DailyEntry._meta.get_fields()}
    for measure in measures.MEASURES:
        assert measure.field in fields, measure.code
    for group in measures.OPTION_GROUPS:
        for option in group.options:
            assert option.field in fields, option.code
    for band in measures.HOT_FLASH_BANDS:
        assert band.field in fields


def test_every_point_of_every_labelled_scale_has_words():
    for measure in measures.MEASURES:
        scale = measure.scale
        if scale.labels:
            assert sorted(scale.labels) == list(range(scale.minimum, scale.maximum + 1))
            assert all(words.strip() for words in scale.labels.values())


def test_codes_are_unique_and_coded_for_export():
    codes = [measure.code for measure in measures.MEASURES]
    assert len(codes) == len(set(codes))
    assert measures.JOINT_PAIN.coding.code == "72514-3"
    assert measures.JOINT_PAIN.coding.system == measures.LOINC
    assert measures.HOT_FLASH_COUNT.coding.code == "198436008"
    assert measures.CRAMP_COUNT.coding.code == "55300003"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"joint_pain": 11},
        {"fatigue": 5},
        {"cramp_count": 51},
        {"hot_flashes_severe": 51},
        {"tablet_taken": True, "missed_reason": "forgot"},
    ],
)
def test_the_database_refuses_out_of_range_values(values):
    entry = DailyEntryFactory.build(**values)
    entry.patient.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


@pytest.mark.django_db
def test_the_database_refuses_a_second_row_for_the_same_day():
    entry = DailyEntryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyEntryFactory(patient=entry.patient, day=entry.day)


def test_the_measures_doc_is_generated_from_the_catalogue():
    from pathlib import Path

    from tracker.management.commands.measures_doc import render

    assert (Path(__file__).parents[2] / "docs" / "measures.md").read_text() == render()


def test_counts_read_in_words_with_singular_and_plural():
    assert measures.CRAMP_COUNT.scale.label_for(1) == "1 cramp"
    assert measures.CRAMP_COUNT.scale.label_for(3) == "3 cramps"
    assert measures.HOT_FLASH_COUNT.scale.label_for(1) == "1 hot flash"


def test_the_pain_scale_reads_in_the_bands_clinicians_use():
    scale = measures.JOINT_PAIN.scale
    assert [scale.label_for(v) for v in range(11)] == [
        "No pain",
        *["Mild"] * 3,
        *["Moderate"] * 3,
        *["Severe"] * 3,
        "Worst pain you can imagine",
    ]
    assert scale.bands() == [
        (0, 0, "No pain"),
        (1, 3, "Mild"),
        (4, 6, "Moderate"),
        (7, 9, "Severe"),
        (10, 10, "Worst pain you can imagine"),
    ]
    # The app's severe level starts the severe band.
    assert measures.JOINT_PAIN.severe_at == 7
    assert scale.label_for(measures.JOINT_PAIN.severe_at) == "Severe"
    assert scale.label_for(measures.JOINT_PAIN.severe_at - 1) == "Moderate"


def test_the_pain_question_says_joint_or_muscle_pain():
    assert measures.JOINT_PAIN.label == "Joint or muscle pain"
    assert "joint or muscle pain" in measures.JOINT_PAIN.question
    assert DailyEntry._meta.get_field("joint_pain").verbose_name == "Joint or muscle pain"


def test_a_search_word_belongs_to_one_measure_and_its_first_is_the_apps_own():
    words = [w for m in measures.MEASURES for w in m.search_words]
    assert len(words) == len(set(words))
    assert all(w == w.lower().strip() for w in words)
    assert measures.HOT_FLASH_COUNT.search_words[0] == "hot flash"
    assert {"hot flush", "flush"} <= set(measures.HOT_FLASH_COUNT.search_words)
    assert "sweats" in measures.NIGHT_SWEATS.search_words
    assert "aching joints" in measures.JOINT_PAIN.search_words
