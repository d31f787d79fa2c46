"""Finding 7: "Download everything" holds every row that belongs to her, table by table, as
found from the model graph, and nothing of anyone else's."""

import csv
import io
import json
import zipfile

from django.urls import reverse

from audit.models import SecurityEvent
from privacy import download
from tests.privacy.accounts_graph import NOTE, rows_pointing_at, tables_of_accounts


def her_zip(client, patient):
    client.force_login(patient)
    response = client.get(reverse("privacy:download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def tables_in(archive):
    """{model label: (file, the rows)} of every JSON table in the ZIP."""
    found = {}
    for file in download.FILES:
        content = json.loads(archive.read(file.name))
        for table in file.tables:
            found[table.model] = (file.name, content[table.name])
    return found


def test_the_download_holds_every_row_of_hers_table_by_table(client, her, someone_else):
    archive = her_zip(client, her)
    tables = tables_in(archive)
    unplaced = []
    for model, lookups in tables_of_accounts().items():
        label = model._meta.label
        theirs = rows_pointing_at(model, lookups, her.pk)
        if label in download.LEFT_OUT:
            continue
        if label == download.DAYS:
            days = [
                row["day"]
                for row in csv.DictReader(io.StringIO(archive.read("entries.csv").decode()))
            ]
            stored = (
                model.objects.filter(pk__in=theirs).order_by("day").values_list("day", flat=True)
            )
            assert days == [day.isoformat() for day in stored]
            bundle = json.loads(archive.read("entries.fhir.json"))
            responses = [
                e
                for e in bundle["entry"]
                if e["resource"]["resourceType"] == "QuestionnaireResponse"
            ]
            assert len(responses) == len(theirs)
            continue
        if label not in tables:
            unplaced.append(label)
            continue
        assert theirs, f"the test's patient has no row in {label}: fill() must make one"
        file, rows = tables[label]
        assert {row[model._meta.pk.attname] for row in rows} == theirs, f"{label} in {file}"
    assert not unplaced, f"tables of hers neither downloaded nor in LEFT_OUT: {unplaced}"
    # Her account's own row, without its password.
    (account,) = tables["accounts.User"][1]
    assert account["email"] == her.email
    assert "password" not in account


def test_the_download_has_a_readme_and_nothing_of_anyone_else(client, her, someone_else):
    archive = her_zip(client, her)
    names = set(archive.namelist())
    assert names == {
        "README.txt",
        "entries.csv",
        "entries.fhir.json",
        "security_log.json",
        *(file.name for file in download.FILES),
    }
    readme = archive.read("README.txt").decode()
    for name in names - {"README.txt"}:
        assert name in readme
    everything = b"".join(archive.read(name) for name in names).decode()
    assert NOTE in everything
    assert "someone@example.org" not in everything
    assert "Someone else's note" not in everything
    # Second-step secrets stay out.
    assert '"secret"' not in everything and "seed" not in everything
    assert SecurityEvent.objects.filter(
        event=SecurityEvent.Kind.EXPORT, actor_id=her.pk, target="zip:everything"
    ).exists()


def test_settings_page_offers_the_download_and_the_deletion(client, her):
    client.force_login(her)
    page = client.get(reverse("tracker:profile")).content.decode()
    assert reverse("privacy:download") in page
    assert reverse("privacy:delete") in page


def test_only_patients_download(client, her):
    assert client.get(reverse("privacy:download")).status_code == 302
    client.force_login(her.grants_given.first().clinician)
    assert client.get(reverse("privacy:download")).status_code == 403
