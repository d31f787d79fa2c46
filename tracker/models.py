import uuid
import zoneinfo
from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from tracker import countries, measures, phones, zones


def _time_zone_choices():
    return zones.choices()


def _country_choices():
    return countries.CHOICES


def measure_field(measure):
    """The model field that stores a measure, with its range and words from the catalogue."""
    if measure.scale.kind == measures.Kind.YES_NO:
        return models.BooleanField(measure.label, null=not measure.required, default=None)
    return models.PositiveSmallIntegerField(
        measure.label,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(measure.scale.minimum),
            MaxValueValidator(measure.scale.maximum),
        ],
    )


def option_field(group, code):
    option = next(option for option in group.options if option.code == code)
    return models.BooleanField(option.label, default=False)


def band_field(band):
    return models.PositiveSmallIntegerField(
        f"{band.label} hot flashes",
        default=0,
        validators=[
            MinValueValidator(measures.HOT_FLASH_BAND_SCALE.minimum),
            MaxValueValidator(measures.HOT_FLASH_BAND_SCALE.maximum),
        ],
    )


class Drug(models.TextChoices):
    ANASTROZOLE = "anastrozole", "Anastrozole (Arimidex)"
    LETROZOLE = "letrozole", "Letrozole (Femara)"
    EXEMESTANE = "exemestane", "Exemestane (Aromasin)"
    TAMOXIFEN = "tamoxifen", "Tamoxifen"
    OTHER = "other", "Another medicine"


class PatientProfile(models.Model):
    """What the diary needs to know about a patient beyond her account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="patient_profile",
    )
    time_zone = models.CharField(max_length=64, choices=_time_zone_choices, default="Europe/London")
    reminder_time = models.TimeField(default=time(20, 0))
    # How she wants her care team to see her named (on their list and her shared summary).
    care_name = models.CharField("your name for your care team", max_length=120, blank=True)
    # Optional, for the header of her printed summary, so a clinic can match it to her record.
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    hospital_number = models.CharField("hospital number", max_length=40, blank=True)
    # For the numbers on the "Get help now" card: her country's emergency number and crisis
    # line (empty: the country of her time zone), and her team's number as she typed it.
    country = models.CharField(max_length=2, blank=True, choices=_country_choices)
    team_phone_name = models.CharField("who answers", max_length=80, blank=True)
    team_phone = models.CharField(
        "your care team's number", max_length=32, blank=True, validators=[phones.validate]
    )
    # Her id in FHIR exports: random, so it says nothing of the database id and cannot be
    # guessed from another export; stored, so her exports agree with each other.
    fhir_id = models.UUIDField("FHIR id", default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # Reminders: the patients of one time zone whose reminder time has passed.
            models.Index(fields=["time_zone", "reminder_time"], name="profile_zone_reminder_time"),
        ]

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def shown_name(self):
        """Her name on what her care team reads: the one she gave them, else her account's."""
        return self.care_name or self.user.get_full_name() or self.user.email

    @property
    def handout_name(self):
        """Her name on the summary she hands over: never her email address (a printout
        travels), so empty when she has given no name."""
        return self.care_name or self.user.get_full_name()

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def country_numbers(self):
        """Her country (the one she chose, else her time zone's), with its numbers."""
        return countries.of(self.country or countries.for_zone(self.time_zone))

    @property
    def team_phone_tel(self):
        return phones.tel(self.team_phone)


class TherapyPeriod(models.Model):
    """A stretch of time on one drug, or a break from it.

    A switch or a break closes the open period and opens a new one, so the history of the
    therapy is kept rather than overwritten. `end` is empty while the period goes on.

    A break she starts herself waits for her care team: a clinician confirms it, with a planned
    end if they agreed one. Until then the alert rule tells the team about it, and only the
    days of a confirmed break are never counted as missed tablets (`reports.alerts`).
    """

    class Kind(models.TextChoices):
        TREATMENT = "treatment", "On treatment"
        BREAK = "break", "Break"

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapy_periods"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.TREATMENT)
    drug = models.CharField(max_length=32, choices=Drug.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    # A break only: who on her care team confirmed it, when, and the end they planned.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "start"], name="therapy_period_one_start_per_day"
            ),
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(end__isnull=True),
                name="therapy_period_one_open_per_patient",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="therapy_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind="break") | Q(confirmed_at__isnull=True, planned_end__isnull=True),
                name="therapy_period_only_a_break_is_confirmed",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("start")),
                name="therapy_period_planned_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_drug_display()} from {self.start}"

    @property
    def is_unconfirmed_break(self):
        return self.kind == self.Kind.BREAK and self.confirmed_at is None


class Appointment(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments"
    )
    date = models.DateField()
    note = models.CharField("with whom or what for", max_length=120, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="appointment_one_per_day"),
        ]

    def __str__(self):
        return f"Appointment on {self.date}"


def _hot_flash_sum(weighted):
    terms = [
        F(band.field) * (band.severity if weighted else 1) for band in measures.HOT_FLASH_BANDS
    ]
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


class DailyEntry(models.Model):
    """One patient's day in the diary: one row per patient per local date."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    day = models.DateField()

    joint_pain = measure_field(measures.JOINT_PAIN)
    morning_stiffness_minutes = measure_field(measures.MORNING_STIFFNESS)
    site_hands = option_field(measures.JOINT_SITES, "hands")
    site_wrists = option_field(measures.JOINT_SITES, "wrists")
    site_elbows = option_field(measures.JOINT_SITES, "elbows")
    site_shoulders = option_field(measures.JOINT_SITES, "shoulders")
    site_hips = option_field(measures.JOINT_SITES, "hips")
    site_knees = option_field(measures.JOINT_SITES, "knees")
    site_ankles_feet = option_field(measures.JOINT_SITES, "ankles_feet")
    site_back = option_field(measures.JOINT_SITES, "back")

    cramp_count = measure_field(measures.CRAMP_COUNT)
    cramp_severity = measure_field(measures.CRAMP_SEVERITY)
    cramps_woke_me = measure_field(measures.NIGHT_CRAMPS)
    cramp_calf = option_field(measures.CRAMP_SITES, "calf")
    cramp_thigh = option_field(measures.CRAMP_SITES, "thigh")
    cramp_foot = option_field(measures.CRAMP_SITES, "foot")
    cramp_other_site = option_field(measures.CRAMP_SITES, "other")

    hot_flashes_mild = band_field(measures.HOT_FLASH_BANDS[0])
    hot_flashes_moderate = band_field(measures.HOT_FLASH_BANDS[1])
    hot_flashes_severe = band_field(measures.HOT_FLASH_BANDS[2])
    hot_flashes_very_severe = band_field(measures.HOT_FLASH_BANDS[3])
    # Derived in the database, so charts and rules aggregate them without Python.
    hot_flash_count = models.GeneratedField(
        expression=_hot_flash_sum(weighted=False),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    hot_flash_score = models.GeneratedField(
        expression=_hot_flash_sum(weighted=True),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    night_sweats = measure_field(measures.NIGHT_SWEATS)

    fatigue = measure_field(measures.FATIGUE)
    sleep_problems = measure_field(measures.SLEEP_PROBLEMS)
    low_mood = measure_field(measures.LOW_MOOD)
    headache = measure_field(measures.HEADACHE)
    nausea = measure_field(measures.NAUSEA)
    vaginal_dryness = measure_field(measures.VAGINAL_DRYNESS)
    hand_tingling = measure_field(measures.HAND_TINGLING)
    vaginal_bleeding = measure_field(measures.VAGINAL_BLEEDING)

    tablet_taken = measure_field(measures.TABLET_TAKEN)
    missed_reason = models.CharField(
        "why the tablet was not taken",
        max_length=16,
        choices=measures.MISSED_TABLET_REASONS,
        blank=True,
    )

    did_stretching = option_field(measures.SELF_CARE, "stretching")
    did_walking = option_field(measures.SELF_CARE, "walking")
    did_yoga = option_field(measures.SELF_CARE, "yoga")
    did_swimming = option_field(measures.SELF_CARE, "swimming")
    did_heat_cold = option_field(measures.SELF_CARE, "heat_cold")
    did_massage = option_field(measures.SELF_CARE, "massage")
    did_other_self_care = option_field(measures.SELF_CARE, "other")

    note = models.TextField(max_length=2000, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        verbose_name_plural = "daily entries"
        constraints = [
            # Also the index behind every per-patient date query (history, charts).
            models.UniqueConstraint(
                fields=["patient", "day"], name="entry_one_per_patient_per_day"
            ),
            models.CheckConstraint(
                condition=Q(tablet_taken=True, missed_reason="") | Q(tablet_taken=False),
                name="entry_missed_reason_only_when_missed",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{m.field}__isnull": True})
                    | Q(**{f"{m.field}__gte": m.scale.minimum, f"{m.field}__lte": m.scale.maximum}),
                    name=f"entry_{m.code}_in_range",
                )
                for m in measures.MEASURES
                if m.scale.kind != measures.Kind.YES_NO and not m.derived
            ],
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{band.field}__lte": measures.HOT_FLASH_BAND_SCALE.maximum}),
                    name=f"entry_{band.field}_in_range",
                )
                for band in measures.HOT_FLASH_BANDS
            ],
        ]

    def __str__(self):
        return f"{self.patient} on {self.day}"

    def value_of(self, measure):
        return getattr(self, measure.field)

    @property
    def said_stopped(self):
        """She answered "I have stopped taking it": saving it shows her what to know first."""
        return self.tablet_taken is False and self.missed_reason == measures.STOPPED_TABLET

    def severe_measures(self):
        """The measures she answered at their severe level or worse (the catalogue's
        `severe_at`) this day: saving such a day shows her what to do about each."""
        return [m for m in measures.MEASURES if m.is_severe(self.value_of(m))]

    def selected(self, group):
        return [option for option in group.options if getattr(self, option.field)]

    def readings(self):
        """The day in words, measure by measure, leaving out what was not answered or was zero.

        Joint pain and the tablet always show: a 0 there is worth seeing.
        """
        always = {measures.JOINT_PAIN.code, measures.TABLET_TAKEN.code}
        for measure in measures.MEASURES:
            value = self.value_of(measure)
            if value is None or (not value and measure.code not in always):
                continue
            if measure.scale.kind == measures.Kind.RATING:
                words = f"{value} – {measure.scale.label_for(value)}"
            else:
                words = measure.scale.label_for(int(value))
            sites = self.selected(measures.JOINT_SITES) if measure is measures.JOINT_PAIN else []
            if sites:
                words += " (" + ", ".join(site.label.lower() for site in sites) + ")"
            if measure is measures.TABLET_TAKEN and not value and self.missed_reason:
                words += f" ({self.get_missed_reason_display().lower()})"
            yield measure, words
        self_care = self.selected(measures.SELF_CARE)
        if self_care:
            yield measures.SELF_CARE, ", ".join(option.label for option in self_care)
