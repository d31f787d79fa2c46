""" "Download everything": one ZIP of every row that belongs to her, with a README.txt.

Her days go in as the exports she already knows (CSV and FHIR); every other table of hers is
JSON, one file per subject. Which rows are hers comes from the model graph
(`privacy.graph`): a table in the graph is either written to a file below or named in
`LEFT_OUT` with the reason, and the tests fail for a table that is neither.
"""

import json
import tempfile
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.http import FileResponse
from django.utils import timezone

from audit.models import SecurityEvent
from privacy.graph import rows_of
from tracker import exports


@dataclass(frozen=True)
class Table:
    model: str  # app label and model name
    name: str  # its key in the file
    fields: tuple = ()  # only these (leaving secrets out); empty: every column
    extra: tuple = ()  # (name, lookup) pairs added in words, e.g. a clinician's email


@dataclass(frozen=True)
class File:
    name: str
    about: str
    tables: tuple


ACCOUNT = ("id", "email", "first_name", "last_name", "role", "date_joined", "last_login")
SECOND_STEP = ("id", "type", "created_at", "last_used_at")  # not its secret
# Spooled to disk past this size: five years of FHIR is tens of megabytes.
IN_MEMORY = 8 * 1024 * 1024

DAYS = "tracker.DailyEntry"  # in entries.csv and entries.fhir.json
FILES = (
    File(
        "account.json",
        "Your account: email addresses, name, when it was made and last used, which second "
        "steps at sign-in you set up (their secrets are not included), your diary settings.",
        (
            Table("accounts.User", "account", ACCOUNT),
            Table("account.EmailAddress", "email_addresses"),
            Table("account.EmailConfirmation", "email_confirmations", ("id", "created", "sent")),
            Table(
                "mfa.Authenticator", "second_steps", ("id", "type", "created_at", "last_used_at")
            ),
            Table("tracker.PatientProfile", "profile"),
        ),
    ),
    File(
        "therapy.json",
        "Your therapy timeline (each period on a drug or on a break) and your appointments.",
        (
            Table("tracker.TherapyPeriod", "therapy_timeline"),
            Table("tracker.Appointment", "appointments"),
        ),
    ),
    File(
        "reminders.json",
        "Your reminder settings and every reminder email recorded for you, with its state.",
        (
            Table("reminders.ReminderSettings", "settings"),
            Table("reminders.Delivery", "deliveries"),
        ),
    ),
    File(
        "tip_feedback.json",
        "Your answers to tips: helped, didn't help, or hidden.",
        (Table("knowledge.Feedback", "feedback", extra=(("tip", "article__slug"),)),),
    ),
    File(
        "sharing.json",
        "Who you share your diary with (grants), your invitations and visit links, and the "
        "alerts your care team was shown.",
        (
            Table("care.Grant", "grants", extra=(("clinician_email", "clinician__email"),)),
            Table("care.Invitation", "invitations"),
            Table("care.VisitLink", "visit_links"),
            Table("care.Alert", "alerts"),
        ),
    ),
    File(
        "access_log.json",
        "Every opening of your diary by your care team or through a visit link.",
        (Table("care.AccessEvent", "access_log"),),
    ),
)
# Tables in the model graph that this download leaves out, and why.
LEFT_OUT = {
    "admin.LogEntry": "what a staff account did in the admin: the admin's record",
    "accounts.User_groups": "staff permissions, not part of a diary",
    "accounts.User_user_permissions": "staff permissions, not part of a diary",
    "care.ClinicianProfile": "a clinician's; this download is a patient's",
    "care.WeeklyDigest": "a clinician's; this download is a patient's",
}


def table_rows(table, user):
    model = apps.get_model(table.model)
    names = table.fields or [field.attname for field in model._meta.concrete_fields]
    # Her account's own row (never its password); every other table's rows point at it.
    mine = model.objects.filter(pk=user.pk) if model is get_user_model() else rows_of(model, user)
    rows = mine.order_by("pk")
    return list(rows.values(*names, **{name: F(lookup) for name, lookup in table.extra}))


def security_log(user):
    """Her own rows of the security audit log (sign-ins, changes, downloads)."""
    return list(
        SecurityEvent.objects.filter(actor_id=user.pk)
        .order_by("at")
        .values("at", "event", "ip_address", "target")
    )


def readme(user, made_at):
    lines = [
        "Everything the Symptom Diary holds about your account",
        f"Made {made_at:%Y-%m-%d %H:%M} UTC for {user.email}.",
        "",
        "entries.csv        Your diary, one row per day (columns as in docs/measures.md).",
        "entries.fhir.json  The same days as a FHIR R4 Bundle, for a hospital system.",
    ]
    lines += [f"{file.name:<18} {file.about}" for file in FILES]
    lines += [
        "security_log.json  Your sign-ins, account changes and downloads, with the address each",
        "                   came from.",
        "",
        "JSON files hold lists of rows, one per record; times are UTC, days are your own dates.",
    ]
    return "\n".join(lines) + "\n"


def write_zip(out, *, user):
    made_at = timezone.now()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(user, made_at))
        archive.writestr("entries.csv", "".join(exports.entries_csv(patient=user)))
        archive.writestr("entries.fhir.json", _json(exports.fhir_bundle(patient=user)))
        for file in FILES:
            content = {table.name: table_rows(table, user) for table in file.tables}
            archive.writestr(file.name, _json(content))
        archive.writestr("security_log.json", _json({"security_log": security_log(user)}))


def _json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def zip_download(*, user, today):
    # Closed by FileResponse once sent.
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115
    write_zip(out, user=user)
    out.seek(0)
    response = FileResponse(
        out,
        as_attachment=True,
        filename=f"symptom-diary-everything-{today.isoformat()}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"  # her health data: no shared caches
    return response
