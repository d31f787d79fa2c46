"""Tips and explainers, the rules that decide when a tip is shown, and patients' feedback."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from knowledge.markdown import render
from tracker import measures as catalogue
from tracker.models import Drug


# Choices read from the catalogue when asked (migrations keep the function, not the list):
# adding a measure or a self-care option needs no migration here.
def measure_choices():
    return [(measure.code, measure.label) for measure in catalogue.MEASURES]


# A rule may name one drug, or any of the three aromatase inhibitors: advice that is right on
# all three but wrong on tamoxifen ("ask about switching to tamoxifen").
AROMATASE_INHIBITOR = "aromatase_inhibitor"
AROMATASE_INHIBITORS = frozenset({Drug.ANASTROZOLE, Drug.LETROZOLE, Drug.EXEMESTANE})


def drug_choices():
    return [*Drug.choices, (AROMATASE_INHIBITOR, "Any aromatase inhibitor")]


def drugs_of(code):
    """The drugs a rule's `drug` stands for."""
    return AROMATASE_INHIBITORS if code == AROMATASE_INHIBITOR else frozenset({code})


def self_care_choices():
    return [(option.code, option.label) for option in catalogue.SELF_CARE.options]


# How far back a rule may look; bounds the one query over a patient's recent entries.
MAX_WINDOW_DAYS = 90


class Reference(models.Model):
    title = models.CharField(max_length=300)
    source = models.CharField(max_length=300, help_text="Journal and year, or the publisher.")
    pmid = models.CharField("PMID", max_length=12, blank=True)
    url = models.URLField("link", blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(pmid="") | ~Q(url=""), name="reference_has_pmid_or_link"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.source})"

    @property
    def link(self):
        return self.url or f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"


class Article(models.Model):
    """A tip (self-care, ask your care team, when to call) or a short explainer."""

    class Kind(models.TextChoices):
        # Declared most urgent first: the dashboard orders tips this way.
        WHEN_TO_CALL = "when_to_call", "When to call your care team"
        ASK_TEAM = "ask_team", "Ask your care team"
        SELF_CARE = "self_care", "Self-care"
        EXPLAINER = "explainer", "Explainer"

    class Topic(models.TextChoices):
        # Declared in the library's order: the signs that need help now come first.
        WARNING_SIGNS = "warning_signs", "Warning signs: get help now"
        JOINTS = "joints", "Joint and muscle pain"
        CRAMPS = "cramps", "Cramps"
        HOT_FLASHES = "hot_flashes", "Hot flashes and night sweats"
        BONES = "bones", "Bone health"
        MOOD_SLEEP = "mood_sleep", "Mood, sleep and tiredness"
        INTIMACY = "intimacy", "Vaginal dryness"
        HEART_LIVER = "heart_liver", "Heart, cholesterol and liver"
        OTHER = "other", "Headache and nausea"
        SKIN_HAIR = "skin_hair", "Skin and hair"
        TABLET = "tablet", "Taking your tablet"
        TREATMENT = "treatment", "Understanding your treatment"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=160)
    summary = models.CharField(max_length=300, help_text="One plain sentence for lists.")
    body = models.TextField(help_text="Markdown. Raw HTML is removed when the page is shown.")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    topic = models.CharField(max_length=16, choices=Topic.choices)
    measures = models.JSONField(
        default=list, blank=True, help_text="Codes from the measures catalogue this is for."
    )
    self_care = models.CharField(
        max_length=16,
        blank=True,
        choices=self_care_choices,
        help_text="The self-care the diary records for this tip, if any.",
    )
    references = models.ManyToManyField(Reference, related_name="articles")
    supports = models.JSONField(
        "what each source supports",
        default=dict,
        blank=True,
        help_text="For each reference (by its link), the statements of the article it supports.",
    )
    # When and by whom the text was written from its sources (the content file's `reviewed`
    # and `reviewer`): not a clinical review, and never shown as one.
    reviewed_on = models.DateField("written on")
    reviewed_by = models.CharField("written by", max_length=120, blank=True)
    # A named clinician's sign-off, recorded here in the admin only. The page says "reviewed
    # by NAME, ROLE on DATE" only with all three; `load_content` clears them when the file
    # changes the text, which then awaits review again.
    signed_off_by = models.CharField(
        "signed off by", max_length=120, blank=True, help_text="The clinician's full name."
    )
    signed_off_role = models.CharField(
        "their role", max_length=120, blank=True, help_text="For example “consultant oncologist”."
    )
    signed_off_on = models.DateField("signed off on", null=True, blank=True)
    published = models.BooleanField(default=True)
    priority = models.PositiveSmallIntegerField(
        default=50, help_text="Among matching tips of the same kind, lower shows first."
    )
    # The shipped files are loaded again on every deployment (`load_content`): a change made
    # here must survive that, so the admin sets this and the loader leaves the article alone.
    edited_in_admin = models.BooleanField(
        default=False,
        help_text="Set when staff change this article here: the shipped content file no "
        "longer replaces it. Untick (and change nothing else) to let the file replace it.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_off_by="", signed_off_role="", signed_off_on__isnull=True)
                | (~Q(signed_off_by="") & ~Q(signed_off_role="") & Q(signed_off_on__isnull=False)),
                name="article_sign_off_complete_or_absent",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        unknown = set(self.measures or []) - set(catalogue.BY_CODE)
        if unknown:
            raise ValidationError({"measures": f"Not in the catalogue: {', '.join(unknown)}."})

    @property
    def signed_off(self):
        return bool(self.signed_off_by and self.signed_off_role and self.signed_off_on)

    @property
    def urgency(self):
        return list(self.Kind.values).index(self.kind)

    @property
    def body_html(self):
        return render(self.body)


class Condition(models.Model):
    """One test a patient's recent diary must pass for the tip to show: all must hold.

    "`measure` at least (or at most) `threshold` on `days` of the last `window` days",
    optionally only while on `drug` and within a range of days since therapy started.
    """

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", "at least"
        AT_MOST = "at_most", "at most"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="conditions")
    measure = models.CharField(max_length=32, choices=measure_choices)
    comparison = models.CharField(
        max_length=8, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    threshold = models.PositiveSmallIntegerField(
        help_text="On the measure's own scale: 0–10, 0–4 severity, a count; yes is 1, no is 0."
    )
    missed_reason = models.CharField(
        max_length=16,
        blank=True,
        choices=catalogue.MISSED_TABLET_REASONS,
        help_text="Only for “tablet taken”: the reason given for the missed tablet.",
    )
    days = models.PositiveSmallIntegerField(default=1, help_text="On how many days…")
    window = models.PositiveSmallIntegerField(default=7, help_text="…of the last this many days.")
    drug = models.CharField(
        max_length=32,
        blank=True,
        choices=drug_choices,
        help_text="Only while on this drug (or any aromatase inhibitor); only days on it count.",
    )
    from_therapy_day = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only from this day of therapy (day 1 is the start)."
    )
    until_therapy_day = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only up to this day of therapy (91 ≈ 3 months)."
    )
    words = models.CharField(
        max_length=120,
        blank=True,
        help_text="What was logged, for the reason shown (“night cramps”); empty: generated.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, window__gte=F("days"), window__lte=MAX_WINDOW_DAYS),
                name="condition_days_within_window",
            ),
            models.CheckConstraint(
                condition=Q(from_therapy_day__isnull=True)
                | Q(until_therapy_day__isnull=True)
                | Q(until_therapy_day__gte=F("from_therapy_day")),
                name="condition_therapy_days_ordered",
            ),
            models.CheckConstraint(
                condition=Q(missed_reason="") | Q(measure=catalogue.TABLET_TAKEN.code),
                name="condition_missed_reason_only_for_tablet",
            ),
        ]

    def __str__(self):
        return f"{self.get_measure_display()} {self.get_comparison_display()} {self.threshold}"

    def clean(self):
        measure = catalogue.BY_CODE.get(self.measure)
        if measure is None or self.threshold is None:
            return
        if not measure.scale.minimum <= self.threshold <= measure.scale.maximum:
            raise ValidationError(
                {
                    "threshold": f"{measure.label} goes from {measure.scale.minimum} "
                    f"to {measure.scale.maximum}."
                }
            )


class Feedback(models.Model):
    """What a patient thought of a tip; one answer per patient per tip, the latest wins."""

    class Verdict(models.TextChoices):
        HELPED = "helped", "Helped"
        NOT_HELPED = "not_helped", "Didn't help"
        HIDDEN = "hidden", "Hide"

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tip_feedback"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Also the index behind "tips this patient has hidden" in tips_for.
            models.UniqueConstraint(
                fields=["patient", "article"], name="feedback_one_per_patient_per_tip"
            ),
        ]

    def __str__(self):
        return f"{self.patient}: {self.article} {self.verdict}"
