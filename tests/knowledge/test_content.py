"""The shipped tips and explainers: coverage, references, and sentences of our own."""

import ast
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from knowledge.content import read_content
from knowledge.models import Article, Condition, Reference
from tests.knowledge.originality import (
    RUN,
    copied_runs,
    fingerprint,
    shared_runs,
    stored_fingerprints,
)
from tracker import measures

pytestmark = pytest.mark.usefixtures("shipped_content")

ADVICE = {Article.Kind.WHEN_TO_CALL, Article.Kind.ASK_TEAM}

# Every management strategy the issue names, and words that only a tip about it contains.
STRATEGIES = {
    "stretching calf and hamstring before bed": ("calf", "hamstring", "bed"),
    "hydration": ("drink", "fluid"),
    "heat and cold": ("warm", "cold pack"),
    "massage": ("massage",),
    "magnesium and vitamin D only after asking": ("magnesium", "vitamin d", "ask"),
    "pain relievers after asking": ("paracetamol", "ibuprofen", "ask"),
    "regular gentle and aerobic exercise": ("aerobic", "walking"),
    "low-impact activity: swimming and yoga": ("swimming", "yoga"),
    "acupuncture evidence": ("acupuncture", "review"),
    "supervised short breaks": ("break", "supervised"),
    "switching to another aromatase inhibitor": ("another aromatase inhibitor",),
    "switching to tamoxifen": ("switching to tamoxifen",),
    "hot flashes: layers": ("layers",),
    "hot flashes: caffeine and spicy food": ("caffeine", "spicy"),
    "hot flashes: relaxation": ("relaxation", "breath"),
    "bone health: DEXA scans": ("dexa",),
    "bone health: calcium and vitamin D": ("calcium", "vitamin d"),
    "bone health: weight-bearing and resistance exercise": ("weight-bearing", "resistance"),
    "bone health: smoking and alcohol": ("smoking", "alcohol"),
    "mood": ("low mood", "counselling"),
    "fatigue": ("tired",),
    "sleep": ("sleep", "cbt-i"),
    "vaginal dryness": ("vaginal", "dry"),
    "cholesterol and heart": ("cholesterol", "blood pressure"),
    "liver warning signs": ("yellow", "dark urine"),
    "red flag: clot or stroke": ("clot", "stroke", "breathless"),
    "red flag: severe or persistent pain": ("severe", "persistent", "pain"),
    "talk to the team before stopping": ("before", "stop", "options"),
    "explainer: why joint pain": ("enzyme", "inflammat"),
    "explainer: when it starts and how long": ("first few months", "lasts"),
    "explainer: how common (with figures)": ("35–40%", "20–35%", "15%"),
    "explainer: compared with tamoxifen": ("tamoxifen", "bones", "clots"),
    "tingling, numbness and carpal tunnel": ("pins and needles", "numb", "carpal tunnel"),
    "trigger finger": ("trigger finger", "catch"),
    "hair thinning": ("hair", "thin"),
    "dry skin and rash, with an allergic reaction": ("dry", "moisturiser", "rash", "allergic"),
    "vaginal dryness: non-hormonal moisturisers and lubricants": ("moisturiser", "lubricant"),
    "libido and bladder symptoms to raise": ("interest in sex", "bladder"),
    "memory and concentration": ("memory", "concentration"),
    "on tamoxifen: vaginal bleeding and clots": ("tamoxifen", "bleeding", "clot"),
    "duloxetine for joint pain": ("duloxetine", "s1202"),
    "bone-protecting drugs and the sign of a fracture": ("bisphosphonate", "denosumab", "broken"),
}


def text_of(article):
    return f"{article.title}\n{article.summary}\n{article.body}"


def test_there_are_at_least_30_tips_and_explainers():
    assert Article.objects.filter(published=True).count() >= 30
    assert Article.objects.filter(kind=Article.Kind.EXPLAINER).count() >= 4


# A warning sign has no self-care: the only advice is to call (knowledge/content/red-flags.toml).
WARNING_SIGN_MEASURES = {measures.VAGINAL_BLEEDING.code}


@pytest.mark.parametrize("measure", measures.MEASURES, ids=lambda m: m.code)
def test_every_measure_has_a_self_care_tip_and_a_team_tip(measure):
    kinds = {a.kind for a in Article.objects.filter(published=True) if measure.code in a.measures}
    if measure.code in WARNING_SIGN_MEASURES:
        assert Article.Kind.WHEN_TO_CALL in kinds
        return
    assert Article.Kind.SELF_CARE in kinds
    assert kinds & ADVICE


def test_every_article_has_a_reference_and_a_reviewed_date_and_known_measures():
    for article in Article.objects.prefetch_related("references"):
        assert article.references.all(), article.slug
        assert article.reviewed_on, article.slug
        assert set(article.measures) <= set(measures.BY_CODE), article.slug
        article.full_clean()


def test_every_rule_is_valid():
    for condition in Condition.objects.all():
        condition.full_clean()


def test_tips_with_rules_are_tips_not_explainers():
    assert not Condition.objects.filter(article__kind=Article.Kind.EXPLAINER).exists()
    assert Condition.objects.values("article").distinct().count() >= 25


@pytest.mark.parametrize(("strategy", "words"), STRATEGIES.items(), ids=list(STRATEGIES))
def test_every_management_strategy_has_a_tip(strategy, words):
    texts = [text_of(article).lower() for article in Article.objects.filter(published=True)]
    assert any(all(word in text for word in words) for text in texts), strategy


def test_worst_joint_pain_of_4_or_more_on_most_days_brings_the_talk_before_stopping_tip():
    tip = Article.objects.get(slug="talk-before-stopping")
    [rule] = tip.conditions.all()
    assert (rule.measure, rule.threshold, rule.comparison) == ("joint_pain", 4, "at_least")
    assert rule.days > rule.window / 2


def test_no_run_of_ten_words_from_any_seed_appears_in_any_article():
    seeds = stored_fingerprints()
    assert seeds, "the seeds' fingerprint is empty"
    copied = {
        (article.slug, name): runs
        for article in Article.objects.all()
        for name, hashes in seeds.items()
        if (runs := copied_runs(text_of(article), hashes))
    }
    assert not copied


def test_the_originality_check_catches_a_copied_sentence():
    source = (
        "A made-up source document about stretching the calves before bed, drinking water "
        "through the day and asking the care team before taking any supplement at all."
    )
    borrowed = " ".join(source.split()[2 : 2 + RUN + 2])
    text = f"Our own opening. {borrowed} And our own ending."
    assert shared_runs(text, source)
    assert copied_runs(text, fingerprint(source))
    assert not copied_runs(
        "A sentence of our own that no source has ever used.", fingerprint(source)
    )


@pytest.mark.django_db(transaction=True)
def test_a_fresh_database_gets_the_content_from_the_command_not_the_migrations():
    Article.objects.all().delete()
    Reference.objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate([("knowledge", "0001_initial")])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("knowledge"))
    assert not Article.objects.exists()

    call_command("load_content", stdout=io.StringIO())

    _, files = read_content()
    assert sorted(Article.objects.values_list("slug", flat=True)) == sorted(f.slug for f in files)
    assert Condition.objects.count() == sum(len(f.rules) for f in files)


def test_no_migration_imports_the_content_or_other_live_code_of_the_app():
    # knowledge.models only for the choice callables Django serialises by reference.
    for path in (settings.BASE_DIR / "knowledge" / "migrations").glob("0*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            own = {name for name in names if name.split(".")[0] == "knowledge"}
            assert own <= {"knowledge.models"}, (path.name, own)
