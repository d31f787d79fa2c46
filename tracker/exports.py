"""The patient's diary as files she can take away: CSV for spreadsheets, FHIR R4 for hospitals.

Plain functions, each scoped to one patient, reading every column and code from the measures
catalogue. Both read the entries in one query with `.iterator()`, so a long history is
streamed rather than held in memory.

CSV values: integers as digits, yes/no answers as `true`/`false`, an unanswered question as an
empty cell, the note as written, except that a text cell beginning with `=`, `+`, `-`, `@`, a
tab or a carriage return gets a `'` in front: a spreadsheet would otherwise run it as a formula
(OWASP's advice on CSV injection). Every cell is quoted: a spreadsheet set to split on `;` read
the unquoted note `ok;=formula` as two cells, the second a formula.
"""

import csv
import uuid

from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone

from tracker import measures
from tracker.models import DailyEntry

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
UCUM_UNITS = {measures.Kind.MINUTES: "min"}
# Local code systems for the answers that are choices rather than measures.
MISSED_REASON_SYSTEM = "urn:symptom-diary:missed-reason"


def option_system(group):
    return f"urn:symptom-diary:{group.code}"


def csv_columns():
    """(column, description) for every CSV column, in order: the documented file layout."""
    columns = [("day", "The diary day (YYYY-MM-DD), in the patient's own time zone")]
    for measure in measures.MEASURES:
        columns.append((measure.field, _describe(measure)))
        if measure is measures.HOT_FLASH_COUNT:
            columns += [
                (band.field, f"{band.label} hot flashes ({band.description}): count")
                for band in measures.HOT_FLASH_BANDS
            ]
    for group in measures.OPTION_GROUPS:
        columns += [
            (option.field, f"{group.label}: {option.label} (true/false)")
            for option in group.options
        ]
    reasons = ", ".join(code for code, _ in measures.MISSED_TABLET_REASONS)
    columns += [
        ("missed_reason", f"Why the tablet was not taken: {reasons}, or empty"),
        ("note", "The patient's own note, as written"),
    ]
    return columns


def _describe(measure):
    scale = measure.scale
    if scale.kind == measures.Kind.YES_NO:
        kind = "true/false"
    else:
        kind = f"{scale.minimum}–{scale.maximum}" + (f" {scale.unit}" if scale.unit else "")
    if measure.derived:
        return f"{measure.label}: {kind}, computed from the four bands below"
    return f"{measure.label}: {kind}; empty when not answered"


# The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """A file-like object whose write() returns the line, for streaming csv.writer rows."""

    def write(self, line):
        return line


def _entries(patient):
    return DailyEntry.objects.filter(patient=patient).order_by("day").iterator()


def entries_csv(*, patient):
    """The patient's diary as CSV lines, a header and then one row per day, oldest first."""
    names = [name for name, _ in csv_columns()]
    writer = csv.writer(_Line(), quoting=csv.QUOTE_ALL)
    yield writer.writerow(names)
    for entry in _entries(patient):
        yield writer.writerow(
            [entry.day.isoformat(), *(_cell(getattr(entry, name)) for name in names[1:])]
        )


def _id(patient, *parts):
    """A resource's stable id: name-based within her own random id (`PatientProfile.fhir_id`),
    so the same day keeps its ids from one export to the next, while nobody without her
    export can compute them from a guessed database id."""
    return str(uuid.uuid5(patient.patient_profile.fhir_id, "/".join(str(part) for part in parts)))


def _fhir_coding(coding):
    return {"system": coding.system, "code": coding.code, "display": coding.display}


def _answered(entry):
    for measure in measures.MEASURES:
        value = entry.value_of(measure)
        if value is not None:
            yield measure, value


def _value(measure, value):
    """The FHIR value[x] of one answer: boolean, a quantity with a UCUM unit, the answer's code
    and words on a coded scale (so "none" never reads as "present"), or an integer."""
    kind = measure.scale.kind
    if kind == measures.Kind.YES_NO:
        return {"valueBoolean": bool(value)}
    if kind in UCUM_UNITS:
        unit = UCUM_UNITS[kind]
        return {
            "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
        }
    answer = measure.scale.answer_coding(value)
    if answer:
        return {"valueCodeableConcept": {"coding": [_fhir_coding(answer)], "text": answer.display}}
    return {"valueInteger": int(value)}


def _answer(measure, value):
    """The same value as a QuestionnaireResponse answer, which takes a Coding, not a concept."""
    value = _value(measure, value)
    if "valueCodeableConcept" in value:
        return {"valueCoding": value["valueCodeableConcept"]["coding"][0]}
    return value


def _questionnaire_response(entry, patient, answered):
    items = [
        {
            "linkId": measure.code,
            "text": measure.question,
            "answer": [_answer(measure, value)],
        }
        for measure, value in answered
    ]
    items += [
        {
            "linkId": band.field,
            "text": f"{band.label} hot flashes ({band.description})",
            "answer": [{"valueInteger": getattr(entry, band.field)}],
        }
        for band in measures.HOT_FLASH_BANDS
        if getattr(entry, band.field)
    ]
    for group in measures.OPTION_GROUPS:
        ticked = entry.selected(group)
        if ticked:
            items.append(
                {
                    "linkId": group.code,
                    "text": group.question,
                    "answer": [
                        {
                            "valueCoding": {
                                "system": option_system(group),
                                "code": option.field,
                                "display": option.label,
                            }
                        }
                        for option in ticked
                    ],
                }
            )
    if entry.missed_reason:
        items.append(
            {
                "linkId": "missed_reason",
                "text": "Why the tablet was not taken",
                "answer": [
                    {
                        "valueCoding": {
                            "system": MISSED_REASON_SYSTEM,
                            "code": entry.missed_reason,
                            "display": entry.get_missed_reason_display(),
                        }
                    }
                ],
            }
        )
    if entry.note:
        items.append({"linkId": "note", "text": "Note", "answer": [{"valueString": entry.note}]})
    resource = {
        "resourceType": "QuestionnaireResponse",
        "id": _id(patient, "entry", entry.pk),
        "status": "completed",
        "subject": subject_reference(patient),
        "authored": entry.day.isoformat(),
    }
    if items:
        resource["item"] = items
    return resource


def _observation(entry, patient, measure, value, response_url):
    return {
        "resourceType": "Observation",
        "id": _id(patient, "entry", entry.pk, measure.code),
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": {"coding": [_fhir_coding(measure.coding)], "text": measure.label},
        "subject": subject_reference(patient),
        "effectiveDateTime": entry.day.isoformat(),
        "derivedFrom": [{"reference": response_url}],
        **_value(measure, value),
    }


def _patient_url(patient):
    return f"urn:uuid:{patient.patient_profile.fhir_id}"


def subject_reference(patient):
    """Who the resources are about, without her name or email: the bundle's Patient entry,
    by her random, stable id."""
    return {"reference": _patient_url(patient)}


def _patient_resource(patient):
    """Her Patient resource: her id only, and her name as she gave it to her care team if
    she gave one. Never her email."""
    profile = patient.patient_profile
    resource = {"resourceType": "Patient", "id": str(profile.fhir_id)}
    if profile.care_name:
        resource["name"] = [{"text": profile.care_name}]
    return resource


def fhir_bundle(*, patient):
    """The patient's diary as a FHIR R4 Bundle (type collection), oldest day first.

    Her Patient resource first, which the others name as their subject; then per day one
    QuestionnaireResponse with the answers, and one Observation per answered measure, coded
    from the catalogue (LOINC, SNOMED CT or the local code system).
    """
    entries = []
    for entry in _entries(patient):
        answered = list(_answered(entry))
        response = _questionnaire_response(entry, patient, answered)
        response_url = f"urn:uuid:{response['id']}"
        entries.append({"fullUrl": response_url, "resource": response})
        for measure, value in answered:
            observation = _observation(entry, patient, measure, value, response_url)
            entries.append({"fullUrl": f"urn:uuid:{observation['id']}", "resource": observation})
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
    }
    if entries:  # FHIR JSON allows no empty arrays: an empty history has no `entry`.
        patient_entry = {"fullUrl": _patient_url(patient), "resource": _patient_resource(patient)}
        bundle["entry"] = [patient_entry, *entries]
    return bundle


def csv_download(*, patient, today):
    """Her CSV as a download named for `today` (her date), whoever asked for it."""
    response = StreamingHttpResponse(
        entries_csv(patient=patient), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, today, "csv")


def fhir_download(*, patient, today):
    response = JsonResponse(fhir_bundle(patient=patient), content_type="application/fhir+json")
    return _attachment(response, today, "fhir.json")


def _attachment(response, today, extension):
    filename = f"symptom-diary-{today.isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # her health data: no shared caches
    return response
