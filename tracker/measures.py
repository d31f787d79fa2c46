"""The one catalogue of what the diary measures.

The entry form, the history, the model's range constraints and every later feature (charts,
summary, alert rule, tip rules, exports) read this module instead of repeating symptom lists.
Adding a symptom means one `Measure` here and one migrated field on `DailyEntry`.

It imports nothing of the project, so any app may read it.

Codes for export: LOINC where a code exists, SNOMED CT for findings, and the app's own code
system (`LOCAL_SYSTEM`, documented in docs/measures.md) where no standard code fits.
"""

from dataclasses import dataclass, field
from enum import StrEnum

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
LOCAL_SYSTEM = "urn:symptom-diary:measure"
# The answers of the PRO-CTCAE five-point scale, so that a coded symptom exported with 0 reads
# "none" rather than "present" to a system that receives it (documented in docs/measures.md).
SEVERITY_SYSTEM = "urn:symptom-diary:severity"


class Kind(StrEnum):
    RATING = "rating"  # 0–10 numeric rating
    SEVERITY = "severity"  # 0–4, PRO-CTCAE words
    COUNT = "count"
    MINUTES = "minutes"
    YES_NO = "yes_no"


@dataclass(frozen=True)
class Coding:
    system: str
    code: str
    display: str


@dataclass(frozen=True)
class Scale:
    kind: Kind
    minimum: int
    maximum: int
    unit: str
    labels: dict[int, str] = field(default_factory=dict)
    unit_for_one: str = ""  # "cramp" beside "cramps"; empty when the unit does not change
    # Each point's code in `answer_system`, for scales whose points are answers, not amounts.
    answer_system: str = ""
    answer_codes: dict[int, str] = field(default_factory=dict)

    def label_for(self, value):
        if value is None:
            return "Not answered"
        if self.labels:
            return self.labels[int(value)]
        unit = self.unit_for_one if value == 1 and self.unit_for_one else self.unit
        return f"{value} {unit}" if unit else str(value)

    @property
    def choices(self):
        return list(self.labels.items())

    def bands(self):
        """(lowest, highest, words) for each run of points that share their words:
        (1, 3, "Mild") on the pain scale, (2, 2, "Moderate") on the severity scale."""
        runs = []
        for value, words in self.labels.items():
            if runs and runs[-1][2] == words:
                runs[-1] = (runs[-1][0], value, words)
            else:
                runs.append((value, value, words))
        return runs

    def answer_coding(self, value):
        """The answer's code and words, or None where the scale's points are not coded."""
        if not self.answer_codes:
            return None
        return Coding(self.answer_system, self.answer_codes[int(value)], self.labels[int(value)])


@dataclass(frozen=True)
class Measure:
    code: str
    field: str
    label: str
    question: str
    scale: Scale
    coding: Coding
    section: str
    severe_at: int | None = None
    required: bool = False
    derived: bool = False
    help: str = ""
    # The app's word for it first, then words people type for it: the knowledge search reads
    # each of them as the first ("hot flush" as "hot flash"). A word belongs to one measure.
    search_words: tuple[str, ...] = ()

    def is_severe(self, value):
        return self.severe_at is not None and value is not None and value >= self.severe_at


@dataclass(frozen=True)
class Option:
    """One box of a tick-all-that-apply question, stored as a yes/no field."""

    code: str
    field: str
    label: str


@dataclass(frozen=True)
class OptionGroup:
    code: str
    label: str
    question: str
    section: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    # For pages about a period (the summary), where "today" would be wrong.
    period_title: str = ""

    @property
    def heading(self):
        return self.period_title or self.title


# The bands clinicians use on a 0–10 numeric rating (mild 1–3, moderate 4–6, severe 7–9),
# which the severe level (7) and the pain alert (4) follow; each point shows its band.
PAIN_BANDS = ((0, 0, "No pain"), (1, 3, "Mild"), (4, 6, "Moderate"), (7, 9, "Severe"))
PAIN_SCALE = Scale(
    Kind.RATING,
    0,
    10,
    unit="",
    labels={
        **{value: words for low, high, words in PAIN_BANDS for value in range(low, high + 1)},
        10: "Worst pain you can imagine",
    },
)
SEVERITY_SCALE = Scale(
    Kind.SEVERITY,
    0,
    4,
    unit="",
    labels={0: "None", 1: "Mild", 2: "Moderate", 3: "Severe", 4: "Very severe"},
    answer_system=SEVERITY_SYSTEM,
    answer_codes={0: "none", 1: "mild", 2: "moderate", 3: "severe", 4: "very-severe"},
)
YES_NO_SCALE = Scale(Kind.YES_NO, 0, 1, unit="", labels={0: "No", 1: "Yes"})
CRAMP_COUNT_SCALE = Scale(Kind.COUNT, 0, 50, unit="cramps", unit_for_one="cramp")
HOT_FLASH_BAND_SCALE = Scale(Kind.COUNT, 0, 50, unit="hot flashes", unit_for_one="hot flash")
# The sum of the four bands.
HOT_FLASH_COUNT_SCALE = Scale(Kind.COUNT, 0, 200, unit="hot flashes", unit_for_one="hot flash")
STIFFNESS_SCALE = Scale(Kind.MINUTES, 0, 1440, unit="min")
# Sum over the day's flashes of their severity (1–4): at most 4 bands x 50 x 4.
HOT_FLASH_SCORE_SCALE = Scale(Kind.COUNT, 0, 800, unit="points", unit_for_one="point")

SECTIONS = (
    Section("pain", "Joint and muscle pain"),
    Section("cramps", "Cramps"),
    Section("hot_flashes", "Hot flashes and night sweats"),
    Section("other", "Other symptoms today", period_title="Other symptoms"),
    Section("tablet", "Your tablet"),
    Section("self_care", "What you did for yourself"),
)


def _local(code, display):
    return Coding(LOCAL_SYSTEM, code, display)


JOINT_PAIN = Measure(
    code="joint_pain",
    field="joint_pain",
    label="Joint or muscle pain",
    question="Worst joint or muscle pain today",
    help="0 means no pain, 10 the worst pain you can imagine.",
    scale=PAIN_SCALE,
    coding=Coding(
        LOINC, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
    ),
    section="pain",
    severe_at=7,
    required=True,
    search_words=(
        "joint pain",
        "aching joints",
        "aching joint",
        "achy joints",
        "joint ache",
        "joint aches",
        "sore joints",
        "painful joints",
        "arthralgia",
        "muscle pain",
        "muscle ache",
        "muscle aches",
    ),
)
MORNING_STIFFNESS = Measure(
    code="morning_stiffness",
    field="morning_stiffness_minutes",
    label="Morning stiffness",
    question="Stiff joints after getting up this morning (minutes)",
    help="Leave at 0 if you were not stiff.",
    scale=STIFFNESS_SCALE,
    coding=_local("morning-stiffness-minutes", "Duration of morning joint stiffness"),
    section="pain",
)
CRAMP_COUNT = Measure(
    code="cramp_count",
    field="cramp_count",
    label="Cramps",
    question="How many cramps today (including last night)",
    scale=CRAMP_COUNT_SCALE,
    coding=Coding(SNOMED, "55300003", "Cramp"),
    section="cramps",
    search_words=("cramp", "cramping", "leg cramp", "leg cramps", "muscle spasm", "charley horse"),
)
CRAMP_SEVERITY = Measure(
    code="cramp_severity",
    field="cramp_severity",
    label="Worst cramp",
    question="How bad was the worst cramp",
    scale=SEVERITY_SCALE,
    coding=_local("cramp-severity", "Severity of worst cramp"),
    section="cramps",
    severe_at=3,
)
NIGHT_CRAMPS = Measure(
    code="night_cramps",
    field="cramps_woke_me",
    label="Night cramps",
    question="Did cramps wake you last night",
    scale=YES_NO_SCALE,
    coding=_local("night-cramps", "Cramps waking from sleep"),
    section="cramps",
)
HOT_FLASH_COUNT = Measure(
    code="hot_flash_count",
    field="hot_flash_count",
    label="Hot flashes",
    question="Hot flashes today",
    scale=HOT_FLASH_COUNT_SCALE,
    coding=Coding(SNOMED, "198436008", "Menopausal flushing"),
    section="hot_flashes",
    derived=True,
    search_words=(
        "hot flash",
        "hot flush",
        "hot flushes",
        "hot flushing",
        "flush",
        "flushes",
        "flushing",
    ),
)
HOT_FLASH_SCORE = Measure(
    code="hot_flash_score",
    field="hot_flash_score",
    label="Hot flash score",
    question="Hot flash score (number of flashes weighted by severity)",
    scale=HOT_FLASH_SCORE_SCALE,
    coding=_local("hot-flash-score", "Hot flash score: sum of flash severities (1-4)"),
    section="hot_flashes",
    derived=True,
)
NIGHT_SWEATS = Measure(
    code="night_sweats",
    field="night_sweats",
    label="Night sweats",
    question="Night sweats last night",
    scale=YES_NO_SCALE,
    coding=Coding(SNOMED, "42984000", "Night sweats"),
    section="hot_flashes",
    search_words=("night sweats", "night sweat", "sweats", "sweating", "sweaty"),
)


def _symptom(code, label, question, coding, search_words=()):
    return Measure(
        code=code,
        field=code,
        label=label,
        question=question,
        scale=SEVERITY_SCALE,
        coding=coding,
        section="other",
        severe_at=3,
        search_words=search_words,
    )


FATIGUE = _symptom(
    "fatigue",
    "Fatigue",
    "Tiredness or lack of energy today",
    Coding(SNOMED, "84229001", "Fatigue"),
    search_words=("tiredness", "fatigue", "exhausted", "exhaustion", "no energy"),
)
SLEEP_PROBLEMS = _symptom(
    "sleep_problems",
    "Sleep problems",
    "Trouble falling or staying asleep last night",
    # A nightly symptom, not the diagnosis (insomnia, 193462001).
    Coding(SNOMED, "301345002", "Difficulty sleeping"),
    search_words=("sleep", "sleepless", "cannot sleep", "can't sleep", "trouble sleeping"),
)
LOW_MOOD = _symptom(
    "low_mood",
    "Low mood",
    "Feeling sad, low or down today",
    Coding(SNOMED, "366979004", "Depressed mood"),
    search_words=("low mood", "depression", "depressed", "feeling down"),
)
HEADACHE = _symptom(
    "headache", "Headache", "Headache today", Coding(SNOMED, "25064002", "Headache")
)
NAUSEA = _symptom("nausea", "Nausea", "Feeling sick today", Coding(SNOMED, "422587007", "Nausea"))
VAGINAL_DRYNESS = _symptom(
    "vaginal_dryness",
    "Vaginal dryness",
    "Vaginal dryness today",
    Coding(SNOMED, "31908003", "Vaginal dryness"),
)
HAND_TINGLING = _symptom(
    "hand_tingling",
    "Tingling or numbness in the hands",
    "Tingling, pins and needles or numbness in your hands or fingers today",
    _local("hand-tingling", "Tingling or numbness in the hands"),
    search_words=("tingling", "pins and needles", "numbness", "numb hands", "carpal tunnel"),
)
# Any bleeding after the menopause needs a check (knowledge/content/red-flags.toml): one "yes"
# is its severe level, so that saving it shows her what to do at once.
VAGINAL_BLEEDING = Measure(
    code="vaginal_bleeding",
    field="vaginal_bleeding",
    label="Vaginal bleeding",
    question="Any bleeding or spotting from the vagina today",
    help="Even a little, or a blood-stained discharge.",
    scale=YES_NO_SCALE,
    coding=_local("vaginal-bleeding", "Bleeding or spotting from the vagina"),
    section="other",
    severe_at=1,
    search_words=("vaginal bleeding", "spotting", "bleeding"),
)
TABLET_TAKEN = Measure(
    code="tablet_taken",
    field="tablet_taken",
    label="Tablet taken",
    question="Did you take your tablet today",
    scale=YES_NO_SCALE,
    coding=_local("tablet-taken", "Endocrine therapy tablet taken today"),
    section="tablet",
    required=True,
)

MEASURES = (
    JOINT_PAIN,
    MORNING_STIFFNESS,
    CRAMP_COUNT,
    CRAMP_SEVERITY,
    NIGHT_CRAMPS,
    HOT_FLASH_COUNT,
    HOT_FLASH_SCORE,
    NIGHT_SWEATS,
    FATIGUE,
    SLEEP_PROBLEMS,
    LOW_MOOD,
    HEADACHE,
    NAUSEA,
    VAGINAL_DRYNESS,
    HAND_TINGLING,
    VAGINAL_BLEEDING,
    TABLET_TAKEN,
)
BY_CODE = {measure.code: measure for measure in MEASURES}
# What the log form asks of every day: the history's calendar counts a day with all of these
# answered as logged, with some as partly logged.
DAY_QUESTIONS = (JOINT_PAIN, CRAMP_COUNT, NIGHT_SWEATS, TABLET_TAKEN)


@dataclass(frozen=True)
class HotFlashBand:
    """Hot flashes are logged as a count per severity band; the score weighs each by it."""

    field: str
    label: str
    severity: int
    description: str


HOT_FLASH_BANDS = (
    HotFlashBand("hot_flashes_mild", "Mild", 1, "warm, no sweating"),
    HotFlashBand("hot_flashes_moderate", "Moderate", 2, "warm and sweating, you carry on"),
    HotFlashBand("hot_flashes_severe", "Severe", 3, "very hot, you have to stop"),
    HotFlashBand("hot_flashes_very_severe", "Very severe", 4, "drenching, you cannot carry on"),
)

JOINT_SITES = OptionGroup(
    code="joint_sites",
    label="Where it hurt",
    question="Where did it hurt? Tick all that apply",
    section="pain",
    options=(
        Option("hands", "site_hands", "Hands or fingers"),
        Option("wrists", "site_wrists", "Wrists"),
        Option("elbows", "site_elbows", "Elbows"),
        Option("shoulders", "site_shoulders", "Shoulders"),
        Option("hips", "site_hips", "Hips"),
        Option("knees", "site_knees", "Knees"),
        Option("ankles_feet", "site_ankles_feet", "Ankles or feet"),
        Option("back", "site_back", "Back"),
    ),
)
CRAMP_SITES = OptionGroup(
    code="cramp_sites",
    label="Where the cramps were",
    question="Where were the cramps? Tick all that apply",
    section="cramps",
    options=(
        Option("calf", "cramp_calf", "Calf"),
        Option("thigh", "cramp_thigh", "Thigh"),
        Option("foot", "cramp_foot", "Foot"),
        Option("other", "cramp_other_site", "Somewhere else"),
    ),
)
SELF_CARE = OptionGroup(
    code="self_care",
    label="Self-care",
    question="What did you do for yourself today? Tick all that apply",
    section="self_care",
    options=(
        Option("stretching", "did_stretching", "Stretching"),
        Option("walking", "did_walking", "Walking or other aerobic exercise"),
        Option("yoga", "did_yoga", "Yoga"),
        Option("swimming", "did_swimming", "Swimming"),
        Option("heat_cold", "did_heat_cold", "Heat or cold packs"),
        Option("massage", "did_massage", "Massage"),
        Option("other", "did_other_self_care", "Something else"),
    ),
)
OPTION_GROUPS = (JOINT_SITES, CRAMP_SITES, SELF_CARE)

# The answer that tells her care team she has stopped the tablet (`reports.alerts`).
STOPPED_TABLET = "stopped"
MISSED_TABLET_REASONS = (
    ("forgot", "I forgot"),
    ("side_effects", "Because of side effects"),
    ("agreed_break", "I am on a break I told my care team about"),
    (STOPPED_TABLET, "I have stopped taking it"),
    ("other", "Another reason"),
)
