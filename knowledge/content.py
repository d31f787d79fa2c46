"""The tips and explainers the app ships with, loaded by a data migration.

Written for this app from the facts in the seed documents (shared/seeds): the sentences are
ours, the facts and the figures are theirs, and each article cites where they come from.
`tests/knowledge/test_content.py` checks coverage, references and that no sentence is copied.

`load(apps)` is idempotent (articles by slug, references by title) so the migration, the
tests and a re-run all give the same rows. Staff may edit the rows afterwards in the admin;
changing this file changes only fresh databases, so ship later content in a new migration.
"""

from datetime import date

REVIEWED = date(2026, 11, 23)

REFERENCES = {
    "aimss": {
        "title": "Aromatase inhibitor-associated musculoskeletal syndrome: understanding "
        "mechanisms and management",
        "source": "Review, endocrinology, 2021",
        "pmid": "34385978",
    },
    "aerobic": {
        "title": "Aerobic exercise and aromatase inhibitor-associated musculoskeletal "
        "symptoms: results of a randomized clinical trial",
        "source": "Bender C et al. Support Care Cancer 2025;33(3):244",
        "pmid": "40035875",
    },
    "acupuncture": {
        "title": "Acupuncture for aromatase inhibitor-induced arthralgia in breast cancer: "
        "an umbrella review",
        "source": "Zhang Y et al. Breast Care (Basel) 2024;19(5):252-269",
        "pmid": "39439861",
    },
    "resistance": {
        "title": "Skeletal muscle mass, strength, and physical performance gains after 12 "
        "weeks of resistance exercise training in postmenopausal breast cancer survivors",
        "source": "Artigas-Arias M et al. Support Care Cancer 2024;32(12):818",
        "pmid": "39579274",
    },
    "osteoporosis": {
        "title": "Unveiling the link between breast cancer treatment and osteoporosis",
        "source": "Goel B et al. Biomed Res Int 2024;2024:5594542",
        "pmid": "39574432",
    },
    "risk_factors": {
        "title": "Musculoskeletal symptoms associated with aromatase inhibitors in early "
        "breast cancer: a scoping review of risk factors and outcomes",
        "source": "Jing F et al. Support Care Cancer 2025;33(2):124",
        "pmid": "39870932",
    },
    "prevalence": {
        "title": "Prevalence of aromatase inhibitor-induced arthralgia in breast cancer: "
        "a systematic review and meta-analysis",
        "source": "Beckwee D et al. Support Care Cancer 2017;25(5):1673-1686",
        "url": "https://doi.org/10.1007/s00520-017-3613-z",
    },
    "sole": {
        "title": "Quality of life under extended continuous versus intermittent adjuvant "
        "letrozole: the SOLE randomised phase 3 trial",
        "source": "Ribi K et al. Br J Cancer 2019;120(10):959-967",
        "url": "https://doi.org/10.1038/s41416-019-0435-4",
    },
    "atac": {
        "title": "Effect of anastrozole and tamoxifen as adjuvant treatment for early-stage "
        "breast cancer: 100-month analysis of the ATAC trial",
        "source": "The ATAC Trialists' Group. Lancet Oncol 2008;9(1):45-53",
        "url": "https://pubmed.ncbi.nlm.nih.gov/?term=100-month+analysis+of+the+ATAC+trial",
    },
    "macmillan": {
        "title": "Anastrozole: side effects and how to cope with them",
        "source": "Macmillan Cancer Support, patient information",
        "url": "https://www.macmillan.org.uk/cancer-information-and-support/treatments-and-drugs/anastrozole",
    },
}


def tip(
    slug, title, summary, body, *, kind, topic, measures=(), refs, self_care="", rules=(),
    priority=50,
):  # fmt: skip
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "body": body.strip(),
        "kind": kind,
        "topic": topic,
        "measures": list(measures),
        "self_care": self_care,
        "refs": refs,
        "rules": rules,
        "priority": priority,
    }


def rule(measure, threshold, days, window, **extra):
    return {"measure": measure, "threshold": threshold, "days": days, "window": window, **extra}


CRAMPS = ("cramp_count", "cramp_severity", "night_cramps")
JOINTS = ("joint_pain", "morning_stiffness")
FLASHES = ("hot_flash_count", "hot_flash_score", "night_sweats")

ARTICLES = [
    # Cramps and muscle pain
    tip(
        "stretch-calves-before-bed",
        "Stretch your calves and hamstrings before bed",
        "A few slow stretches in the evening can make night cramps less frequent.",
        """
Cramps that wake you are a known effect of the low oestrogen these tablets bring about.
Muscles that are stretched before you lie down tend to cramp less.

- Stand facing a wall, one foot back, heel down, and lean in until the calf pulls gently.
  Hold for about 30 seconds, then swap legs.
- Sit with one leg straight and reach towards your toes to stretch the back of the thigh
  (the hamstring).
- Repeat each stretch two or three times, every evening, not only after a bad night.

If a cramp strikes, flexing your foot up towards your knee usually loosens it.
""",
        kind="self_care",
        topic="cramps",
        measures=CRAMPS,
        self_care="stretching",
        priority=10,
        refs=["aimss", "macmillan"],
        rules=[rule("night_cramps", 1, 3, 7, words="cramps that woke you")],
    ),
    tip(
        "drink-through-the-day",
        "Drink enough through the day",
        "Being a little dehydrated makes muscle cramps more likely.",
        """
Your muscles cramp more easily when your body is short of fluid. Spread your drinks across
the day rather than catching up in the evening: a glass with each meal and one between
meals is an easy pattern to remember. Water, milk and diluted juice all count.

If you have been told to limit fluids for another condition, follow that advice and ask
your care team what amount suits you.
""",
        kind="self_care",
        topic="cramps",
        measures=CRAMPS,
        refs=["aimss", "macmillan"],
        rules=[rule("cramp_count", 1, 3, 7)],
    ),
    tip(
        "warm-or-cold-packs",
        "Try warmth for tight muscles, cold for sore spots",
        "A warm pack relaxes a tight muscle; a cold pack can calm a sore, inflamed area.",
        """
Heat and cold work in different ways, so it is worth trying both:

- **Warmth** (a warm bath, a wrapped hot-water bottle or heat pad for 15–20 minutes) helps
  tight, cramping muscles let go.
- **Cold** (a wrapped ice pack for 10–15 minutes) can ease a painful, swollen spot.

Always put a cloth between the pack and your skin, and skip either one on skin that feels
numb. Tick “Heat or cold packs” in your diary so you can see whether it makes a difference.
""",
        kind="self_care",
        topic="cramps",
        measures=(*CRAMPS, "joint_pain"),
        self_care="heat_cold",
        refs=["aimss", "macmillan"],
        rules=[rule("cramp_severity", 2, 2, 7)],
    ),
    tip(
        "gentle-massage",
        "A gentle massage for aching muscles",
        "Kneading a sore calf or thigh softly can soothe it and help blood flow.",
        """
Massage is a simple way to soothe muscles that ache or have just cramped. Use slow, light
strokes along the muscle towards the heart, for a few minutes at a time. A partner can help,
or you can use your own hands or a soft ball. It should feel comfortable: stop if it hurts.

Mark “Massage” in the self-care part of your diary to see whether your cramp days change.
""",
        kind="self_care",
        topic="cramps",
        measures=CRAMPS,
        self_care="massage",
        refs=["macmillan"],
        rules=[rule("cramp_count", 2, 2, 7)],
    ),
    tip(
        "ask-about-magnesium-and-vitamin-d",
        "Ask before taking magnesium or vitamin D",
        "Supplements are sometimes suggested for cramps and aches, but check with your team first.",
        """
Some people find magnesium helps with cramps, and a few studies suggest that high doses of
vitamin D may reduce the aches linked to aromatase inhibitors. The evidence is not settled,
and supplements can interact with other medicines or be wrong for your kidneys or blood
levels.

**Ask your oncology team before you start any supplement.** They can check whether you need
one, which form and how much, and whether a blood test should come first.
""",
        kind="ask_team",
        topic="cramps",
        measures=(*CRAMPS, "joint_pain"),
        refs=["aimss", "macmillan"],
        rules=[rule("cramp_count", 1, 4, 14)],
    ),
    tip(
        "cramps-that-do-not-settle",
        "Call your team about severe or lasting cramps",
        "Cramps that are severe, keep coming back or stop you sleeping need a check.",
        """
Contact your care team soon if:

- cramps are severe or very severe on several days,
- they go on for weeks despite stretching, fluids and warmth,
- a leg is swollen, red, hot or painful to touch between cramps (this needs a check the
  **same day**: it can be a sign of a clot).

Your team may look for other causes, such as the balance of salts in your blood, and
adjust how your pain is managed.
""",
        kind="when_to_call",
        topic="cramps",
        measures=CRAMPS,
        refs=["aimss", "macmillan"],
        rules=[rule("cramp_severity", 3, 3, 7)],
    ),
    # Joint pain
    tip(
        "keep-moving-gently",
        "Keep moving: regular gentle and aerobic exercise",
        "Walking or cycling most days eased joint symptoms in a trial of people on these tablets.",
        """
It is tempting to rest sore joints, but movement usually helps them more. In a randomised
trial of women taking aromatase inhibitors, a programme of aerobic exercise (activity that
makes you slightly out of breath, such as brisk walking) was tested against usual care for
its effect on joint and muscle symptoms.

Start small: ten minutes of walking, most days, and add a few minutes each week. Aim for
activity you can talk through. Tick “Walking or other aerobic exercise” in your diary to see
how your pain scores move over the following weeks.
""",
        kind="self_care",
        topic="joints",
        measures=JOINTS,
        self_care="walking",
        priority=20,
        refs=["aerobic", "aimss"],
        rules=[rule("joint_pain", 3, 3, 7)],
    ),
    tip(
        "swimming-and-yoga",
        "Low-impact activity: swimming, water exercise and yoga",
        "Exercise that is kind to the joints can loosen morning stiffness.",
        """
When your joints are stiff, activities that do not jolt them are a good place to begin.

- **Swimming or exercise in warm water** takes your weight off painful hips and knees.
- **Yoga or gentle stretching** keeps hands, wrists and shoulders moving; choose a class for
  beginners and tell the teacher about your joints.

Stiffness is often worst after sitting still or first thing in the morning: a warm shower
and a few minutes of movement can shorten it.
""",
        kind="self_care",
        topic="joints",
        measures=JOINTS,
        self_care="swimming",
        refs=["aimss", "macmillan"],
        rules=[rule("morning_stiffness", 30, 3, 7)],
    ),
    tip(
        "loosen-up-in-the-first-months",
        "Stiff mornings in the first months",
        "Joint stiffness often begins in the first months of treatment; a morning routine helps.",
        """
Joint symptoms from aromatase inhibitors usually appear within the first few months. Your
hands, wrists and knees may feel stiffest on waking or after sitting.

Before you get up, open and close your hands slowly ten times, circle your wrists and
ankles, and bend and straighten your knees. Then take a warm shower. Many people find this
shortens the stiff spell. Log your stiffness minutes so you and your team can see the trend.
""",
        kind="self_care",
        topic="joints",
        measures=JOINTS,
        self_care="stretching",
        refs=["aimss"],
        rules=[rule("morning_stiffness", 15, 3, 7, until_therapy_day=182)],
    ),
    tip(
        "ask-before-pain-relievers",
        "Ask before using pain relievers",
        "Paracetamol or ibuprofen may help mild to moderate pain, but check with your team.",
        """
For pain that is mild to moderate, your doctor may suggest an over-the-counter medicine such
as paracetamol (acetaminophen) or ibuprofen. These have side effects of their own, and
ibuprofen is not safe for everyone (for example with some stomach, kidney or heart problems).

**Ask your care team or pharmacist which one suits you and how much to take.** If pain stays
severe, your team can look at other medicines or refer you to a pain specialist.
""",
        kind="ask_team",
        topic="joints",
        measures=(*JOINTS, *CRAMPS),
        refs=["aimss", "macmillan"],
        rules=[rule("joint_pain", 4, 3, 7)],
    ),
    tip(
        "acupuncture",
        "Ask about acupuncture for joint pain",
        "Reviews of trials suggest acupuncture may ease joint pain from aromatase inhibitors.",
        """
Acupuncture has been tested in several trials for joint pain caused by aromatase
inhibitors. An umbrella review that pulled together the published reviews found it may
reduce pain, with few side effects, though the studies differ in quality and size.

If your joint pain keeps coming back, ask your care team whether acupuncture is offered
where you are treated, and whether it is safe for you (for example if your arm is at risk of
lymphoedema).
""",
        kind="ask_team",
        topic="joints",
        measures=JOINTS,
        refs=["acupuncture", "aimss"],
        rules=[rule("joint_pain", 5, 5, 14)],
    ),
    tip(
        "talk-before-stopping",
        "Talk to your team before you stop your tablet",
        "Joint pain is the main reason people stop early, and there are options to try first.",
        """
When joint pain stays at 4 out of 10 or more, people are more likely to give up their
aromatase inhibitor early, and that can raise the chance of the cancer coming back. You do
not have to put up with the pain in silence, and you do not have to stop to get relief.

Options your team can discuss with you:

- pain relief that suits you, and exercise such as walking, swimming or yoga,
- acupuncture,
- a **short break** from the tablet, planned and supervised by your team,
- **switching to a different aromatase inhibitor**, since people tolerate them differently,
- **switching to tamoxifen**, which causes joint pain less often.

Bring your diary: your pain scores over the last weeks help them choose.
""",
        kind="ask_team",
        topic="joints",
        measures=(*JOINTS, "tablet_taken"),
        priority=10,
        refs=["aimss", "risk_factors", "macmillan"],
        rules=[rule("joint_pain", 4, 4, 7)],
    ),
    tip(
        "supervised-short-break",
        "A short, supervised break from treatment",
        "Some teams offer a break of about two weeks to see whether the pain eases.",
        """
In some cases a care team agrees a short pause, often around two weeks, to see whether
symptoms improve while off the tablet. Trials of letrozole taken with planned gaps looked
at how people felt on this kind of schedule.

A break is only safe when your team plans it with you: **do not pause on your own.** If you
agree a break, record it on your Therapy page so your diary shows it on the timeline.
""",
        kind="ask_team",
        topic="joints",
        measures=(*JOINTS, "tablet_taken"),
        refs=["sole", "macmillan"],
        rules=[rule("joint_pain", 6, 5, 14)],
    ),
    tip(
        "switching-treatment",
        "Switching to another aromatase inhibitor or to tamoxifen",
        "If the pain cannot be managed, a change of medicine is an option to discuss.",
        """
Anastrozole, letrozole and exemestane all work by lowering oestrogen, yet one person can
feel quite different on each. When pain is severe and nothing else helps, your oncologist
may suggest trying another aromatase inhibitor.

Tamoxifen works another way: it blocks oestrogen at the cancer cell instead of lowering
it. It causes joint pain less often, but it has its own risks, such as blood clots and
cancer of the womb lining. Your team weighs these against the benefits for you.
""",
        kind="ask_team",
        topic="joints",
        measures=JOINTS,
        refs=["aimss", "atac", "macmillan"],
        rules=[rule("joint_pain", 6, 10, 28)],
    ),
    tip(
        "severe-or-persistent-pain",
        "Call about severe or persistent pain",
        "Pain at 7 or more that keeps coming back, or a sudden change, needs your team.",
        """
Contact your care team if:

- your pain is severe (7 out of 10 or more) on several days,
- it keeps you from sleeping, walking or using your hands,
- a joint becomes hot, red and swollen, or pain appears suddenly in a new place,
- you have bone pain that does not ease with rest.

These can have causes other than your tablet, and your team may need to change how your
pain is treated.
""",
        kind="when_to_call",
        topic="joints",
        measures=JOINTS,
        priority=10,
        refs=["aimss", "macmillan"],
        rules=[rule("joint_pain", 7, 3, 7)],
    ),
    # Hot flashes and night sweats
    tip(
        "dress-in-layers",
        "Dress in layers you can peel off",
        "Thin layers and a cool bedroom make hot flashes and night sweats easier to ride out.",
        """
A hot flash passes faster when you can cool down quickly.

- Wear light layers of cotton or breathable fabric, so you can take one off.
- Keep the bedroom cool, use light bedding, and keep a glass of water by the bed.
- A hand-held fan or a cool cloth on the neck helps during a flash.
""",
        kind="self_care",
        topic="hot_flashes",
        measures=FLASHES,
        refs=["macmillan"],
        rules=[rule("hot_flash_count", 3, 3, 7)],
    ),
    tip(
        "hot-flash-triggers",
        "Find your hot flash triggers",
        "Caffeine, spicy food, alcohol and hot drinks set off flashes for many people.",
        """
Common triggers are coffee and other caffeine drinks, spicy dishes, alcohol, hot drinks and
warm, crowded rooms. Everyone's list is different.

For two weeks, note in your diary's free text what you ate or drank before a bad flash.
Then try cutting one suspect at a time and watch your hot flash score.
""",
        kind="self_care",
        topic="hot_flashes",
        measures=FLASHES,
        refs=["macmillan"],
        rules=[rule("hot_flash_score", 8, 3, 7)],
    ),
    tip(
        "relax-through-a-flash",
        "Slow breathing and relaxation",
        "Calm, slow breathing at the start of a flash, and relaxation at bedtime, can help.",
        """
When you feel a flash starting, breathe in slowly through your nose for a count of four and
out through your mouth for a count of six, for a minute or two. Practising a relaxation
routine each evening (breathing, gentle stretching, listening to calm music) may also help
with night sweats, sleep and mood.
""",
        kind="self_care",
        topic="hot_flashes",
        measures=(*FLASHES, "sleep_problems", "low_mood"),
        refs=["macmillan"],
        rules=[rule("night_sweats", 1, 3, 7)],
    ),
    tip(
        "hot-flashes-ask-team",
        "Tell your team if hot flashes wear you down",
        "Frequent, strong flashes that disturb your days or nights can be treated.",
        """
Hot flashes are the most common side effect of aromatase inhibitors: about a third of
people have them. If yours are frequent or strong, spoil your sleep, or do not ease after
the first months, tell your care team. They can suggest treatments that are safe with your
cancer medicine. Do not take herbal or hormone products without asking: some act like
oestrogen.
""",
        kind="ask_team",
        topic="hot_flashes",
        measures=FLASHES,
        refs=["atac", "macmillan"],
        rules=[rule("hot_flash_score", 15, 5, 7)],
    ),
    # Bones
    tip(
        "bone-density-scans",
        "Ask about bone density (DEXA) scans",
        "Aromatase inhibitors thin the bones over time; a scan shows where you start.",
        """
Oestrogen slows down the cells that break bone down. With less oestrogen, bone is lost
faster, and after some years on treatment a minority of people develop osteoporosis, with a
higher chance of breaking a bone.

A **DEXA scan** measures bone density. It is usually done near the start of treatment and
repeated during it. Ask your team when your next one is due, and add it to your
appointments.
""",
        kind="ask_team",
        topic="bones",
        refs=["osteoporosis", "aimss"],
        rules=[rule("tablet_taken", 1, 1, 7, until_therapy_day=91, words="your tablet as taken")],
    ),
    tip(
        "calcium-and-vitamin-d",
        "Calcium and vitamin D for your bones",
        "Food rich in calcium, and enough vitamin D, support bone strength.",
        """
Your bones need calcium and vitamin D all the more while on an aromatase inhibitor. Dairy
foods, fortified plant drinks, tinned fish with soft bones, and green leafy vegetables
provide calcium. Vitamin D comes mostly from sunlight on the skin and from oily fish or eggs.

Your team may recommend a supplement after a blood test: ask before you buy one.
""",
        kind="self_care",
        topic="bones",
        refs=["osteoporosis", "macmillan"],
    ),
    tip(
        "weight-bearing-and-resistance-exercise",
        "Weight-bearing and muscle-strengthening exercise",
        "Walking and resistance training help keep bones and muscles strong.",
        """
Bones get stronger when they carry your weight and when muscles pull on them.

- **Weight-bearing activity**: walking, dancing, climbing stairs.
- **Resistance exercise**: light weights, resistance bands, or standing up from a chair
  several times. In one study, breast cancer survivors after menopause gained muscle mass
  and strength from 12 weeks of resistance training as well as women without cancer did.

Start gently and build up; a physiotherapist can show you safe moves.
""",
        kind="self_care",
        topic="bones",
        self_care="walking",
        refs=["resistance", "osteoporosis"],
    ),
    tip(
        "smoking-and-alcohol",
        "Smoking and alcohol weaken bones",
        "Stopping smoking and keeping alcohol low protect your bones and your heart.",
        """
Smoking speeds up bone loss, and heavy drinking both thins bone and makes falls more likely.
If you smoke, your care team or family doctor can help you stop. Keep alcohol to small
amounts, with several alcohol-free days each week.
""",
        kind="self_care",
        topic="bones",
        refs=["macmillan", "osteoporosis"],
    ),
    # Mood, sleep, tiredness
    tip(
        "low-mood-self-care",
        "When your mood is low",
        "Low mood is a recognised effect of lower oestrogen: support and small routines help.",
        """
Oestrogen affects the brain chemicals that steady mood, so low spells on these tablets are
not a weakness. Things that often help:

- talk to someone you trust, or join a support group of people on the same treatment,
- keep a little daily activity, ideally outdoors,
- try a relaxation routine in the evening.
""",
        kind="self_care",
        topic="mood_sleep",
        measures=("low_mood",),
        refs=["macmillan"],
        rules=[rule("low_mood", 2, 4, 7)],
    ),
    tip(
        "low-mood-get-help",
        "Get help for a low mood that lasts",
        "A low mood on most days for two weeks deserves a conversation with your team.",
        """
Tell your care team or family doctor if you have felt low, hopeless or lost interest in
things on most days for two weeks or more. Counselling and other treatments can help, and
your team needs to know.

**If you ever think about harming yourself, get help now**: call your doctor, an emergency
number, or a crisis line.
""",
        kind="when_to_call",
        topic="mood_sleep",
        measures=("low_mood",),
        refs=["macmillan"],
        rules=[rule("low_mood", 3, 5, 14)],
    ),
    tip(
        "pace-your-energy",
        "Pace yourself when you are tired",
        "Plan the day around your best hours and keep moving a little.",
        """
Tiredness on these tablets may not lift with rest alone. Plan demanding tasks for the time
of day you feel best, break jobs into short pieces, and accept help. Gentle activity, such as
a short walk, often gives more energy than resting all day. A balanced diet and enough
fluids help too.
""",
        kind="self_care",
        topic="mood_sleep",
        measures=("fatigue",),
        self_care="walking",
        refs=["macmillan"],
        rules=[rule("fatigue", 2, 4, 7)],
    ),
    tip(
        "tiredness-ask-team",
        "Ask your team about tiredness that does not lift",
        "Severe tiredness most days should be checked: it can have other causes.",
        """
If you are severely tired on most days for two weeks, tell your care team. They may check
your blood (for example for anaemia or thyroid problems), look at your sleep and mood, and
suggest an exercise programme. Tell them at once if tiredness comes with breathlessness or
chest pain.
""",
        kind="ask_team",
        topic="mood_sleep",
        measures=("fatigue",),
        refs=["macmillan"],
        rules=[rule("fatigue", 3, 7, 14)],
    ),
    tip(
        "sleep-routine",
        "A steady routine for better sleep",
        "Regular hours, a cool room and less caffeine help sleep that is broken by sweats.",
        """
Go to bed and get up at about the same times every day, keep the bedroom cool and dark, and
avoid caffeine after lunch. If you cannot sleep, get up and do something quiet in dim light
until you feel sleepy again. Night sweats often break sleep: see the tips on hot flashes.
""",
        kind="self_care",
        topic="mood_sleep",
        measures=("sleep_problems", "night_sweats"),
        refs=["macmillan"],
        rules=[rule("sleep_problems", 2, 3, 7)],
    ),
    tip(
        "sleep-ask-team",
        "Ask about treatment for poor sleep",
        "Talking therapy for insomnia (CBT-I) works; ask before trying melatonin.",
        """
When poor sleep goes on for weeks, ask your team about cognitive behavioural therapy for
insomnia (CBT-I), a short course that retrains sleep habits. Melatonin may also help some
people: check with your team before taking it, as with any supplement.
""",
        kind="ask_team",
        topic="mood_sleep",
        measures=("sleep_problems",),
        refs=["macmillan"],
        rules=[rule("sleep_problems", 3, 5, 14)],
    ),
    # Vaginal dryness
    tip(
        "vaginal-dryness-self-care",
        "Vaginal dryness is common: you can bring it up",
        "About one person in seven notices it; noting it in your diary makes it easier to raise.",
        """
With less oestrogen, the lining of the vagina becomes thinner and drier, which can make sex
painful. It affects roughly one in seven people on these tablets and can get worse with
time. It is a medical side effect like any other. Logging it gives you words and dates to
share, and talking openly with a partner can ease the strain it puts on a relationship.
""",
        kind="self_care",
        topic="intimacy",
        measures=("vaginal_dryness",),
        refs=["macmillan", "atac"],
        rules=[rule("vaginal_dryness", 1, 3, 14)],
    ),
    tip(
        "vaginal-dryness-ask-team",
        "Ask your team about treatments for dryness",
        "There are products and treatments that suit people on aromatase inhibitors.",
        """
Ask your care team which moisturisers or lubricants they recommend and whether any local
treatment would be safe with your cancer medicine. Do not use hormone creams without their
advice.
""",
        kind="ask_team",
        topic="intimacy",
        measures=("vaginal_dryness",),
        refs=["macmillan"],
        rules=[rule("vaginal_dryness", 2, 5, 14)],
    ),
    # Headache and nausea
    tip(
        "headache-and-nausea-self-care",
        "Easing headaches and queasiness",
        "Both are usually mild; fluids, regular meals and rest often settle them.",
        """
Headaches on aromatase inhibitors are usually mild to moderate, and feeling sick tends to
be mild and to pass on its own. Drink regularly, eat small meals often, rest in a quiet
room, and taking the tablet at the same time each day with food may suit you better.
""",
        kind="self_care",
        topic="other",
        measures=("headache", "nausea"),
        refs=["macmillan"],
        rules=[rule("headache", 2, 3, 7)],
    ),
    tip(
        "headache-or-nausea-ask-team",
        "Tell your team about severe headache or sickness",
        "Sickness or headache that is severe, or lasts, needs to be checked.",
        """
Tell your care team if headaches or sickness are severe, last more than a few days, or stop
you eating and drinking. Call **at once** for a sudden, very bad headache, or a headache with
weakness, confusion or trouble speaking.
""",
        kind="ask_team",
        topic="other",
        measures=("headache", "nausea"),
        refs=["macmillan"],
        rules=[rule("nausea", 3, 3, 7)],
    ),
    # Heart, cholesterol, liver, clots
    tip(
        "cholesterol-and-heart",
        "Cholesterol, blood pressure and your heart",
        "Lower oestrogen can raise “bad” cholesterol; ask about checks.",
        """
Oestrogen helps keep cholesterol in balance. On an aromatase inhibitor, LDL (“bad”)
cholesterol can go up and HDL (“good”) cholesterol down, and long use has been linked to a
small rise in heart problems. Ask your team or family doctor to check your cholesterol and
blood pressure from time to time, especially if you have had heart trouble. Regular
exercise, a balanced diet and not smoking all help.
""",
        kind="ask_team",
        topic="heart_liver",
        refs=["atac", "macmillan"],
    ),
    tip(
        "liver-warning-signs",
        "Liver warning signs: call your team",
        "Yellow skin or eyes, dark urine or pain in the belly need a prompt check.",
        """
Liver problems on these tablets are rare. Contact your care team **the same day** if you
notice:

- yellowing of your skin or the whites of your eyes,
- dark urine,
- pain in your belly, especially on the right under the ribs.

A blood test of your liver will show what is going on.
""",
        kind="when_to_call",
        topic="heart_liver",
        refs=["macmillan"],
    ),
    tip(
        "clot-and-stroke-signs",
        "Signs of a blood clot or stroke: get help now",
        "Clots and strokes are rare on these tablets, but need emergency care.",
        """
Call an emergency number **straight away** for:

- a face that droops, an arm that is weak, or speech that is slurred (signs of a stroke),
- sudden breathlessness or chest pain (a clot may have reached the lungs).

Contact your team the **same day** for one leg that is swollen, warm, red or painful
(a possible clot in the leg). Clots happen less often than on tamoxifen, but they can happen.
""",
        kind="when_to_call",
        topic="heart_liver",
        refs=["atac", "macmillan"],
    ),
    # The tablet
    tip(
        "tablet-routine",
        "Make your tablet part of a routine",
        "Taking it at the same moment each day makes a missed dose less likely.",
        """
Link the tablet to something you do every day, such as breakfast or brushing your teeth.
A weekly pill box shows at a glance whether today's dose is gone. If you forget one, do not
take two the next day: carry on as usual and tell your team if it keeps happening.
""",
        kind="self_care",
        topic="tablet",
        measures=("tablet_taken",),
        refs=["macmillan"],
        rules=[rule("tablet_taken", 0, 2, 14, comparison="at_most", words="a missed tablet")],
    ),
    tip(
        "missed-because-of-side-effects",
        "Missed a tablet because of side effects? Tell your team",
        "Side effects are a reason to talk, and there is usually something to try.",
        """
Skipping tablets because of how they make you feel is common, and it is exactly what your
team wants to hear about. They can treat the side effect, plan a supervised break, or
change your medicine, so that you keep the protection the treatment gives.
""",
        kind="ask_team",
        topic="tablet",
        measures=("tablet_taken",),
        refs=["aimss", "risk_factors"],
        rules=[
            rule(
                "tablet_taken",
                0,
                1,
                14,
                comparison="at_most",
                missed_reason="side_effects",
                words="a tablet missed because of side effects",
            )
        ],
    ),
    # Explainers
    tip(
        "why-joint-pain",
        "Why aromatase inhibitors cause joint pain",
        "Less oestrogen means more inflammation in joints and a lower pain threshold.",
        """
Aromatase is the enzyme that turns other hormones into oestrogen after menopause, mostly in
fat tissue. These tablets block it and can cut oestrogen by up to 95%, which starves
hormone-sensitive cancer cells.

Oestrogen also looks after joints. It keeps inflammation in check, helps keep joints
lubricated, and damps down how strongly nerves signal pain. Without it:

- joint linings release more inflammatory messengers,
- fluid can build up around the tendons of the hands and wrists, sometimes with tingling
  like carpal tunnel syndrome,
- nerves fire at a lower threshold, so the same movement hurts more.

The joints are not being damaged: the pain comes from these changes.
""",
        kind="explainer",
        topic="treatment",
        measures=JOINTS,
        refs=["aimss", "prevalence"],
    ),
    tip(
        "when-joint-pain-starts",
        "When joint pain starts and how long it lasts",
        "It usually begins in the first months; for many it eases, for some it lasts.",
        """
Joint pain usually starts within the first few months of treatment, though it can begin
later. Fingers, wrists, knees and hips are the usual places, and stiffness is often worst
in the morning or after sitting.

For many people it improves as the body gets used to the medicine. For others it lasts as
long as they take the tablet, and it may take a while to fade after stopping. Keeping your
diary shows which pattern is yours.
""",
        kind="explainer",
        topic="treatment",
        measures=JOINTS,
        refs=["aimss", "risk_factors"],
    ),
    tip(
        "how-common-side-effects",
        "How common each side effect is",
        "Hot flashes and joint pain are the most common; the figures from trials.",
        """
Figures from the ATAC trial and similar studies of anastrozole (people taking the tablet
who reported each effect):

| Side effect | About how many |
| --- | --- |
| Hot flashes | 35–40% (36% in ATAC) |
| Joint pain | 20–35% (27% in ATAC) |
| Tiredness | 10–19% |
| Low mood or depression | 11–15% |
| Vaginal dryness | about 15% |
| Feeling sick | 10–13% |
| Headache | about 10% |
| Osteoporosis after some years | 10–20% |

Reviews that look for all joint and muscle symptoms find them in up to half of people on an
aromatase inhibitor. Blood clots, heart problems and liver trouble are rare.
""",
        kind="explainer",
        topic="treatment",
        refs=["atac", "prevalence", "aimss"],
    ),
    tip(
        "ai-versus-tamoxifen",
        "Aromatase inhibitors compared with tamoxifen",
        "Two ways to starve a hormone-sensitive cancer, with different side effects.",
        """
**Aromatase inhibitors** (anastrozole, letrozole, exemestane) lower the amount of oestrogen
in the body. **Tamoxifen** leaves oestrogen where it is but blocks it at the breast, while
acting a little like oestrogen elsewhere.

- **Joints**: pain is common on aromatase inhibitors, less common on tamoxifen.
- **Bones**: aromatase inhibitors thin them; tamoxifen tends to protect them after menopause.
- **Clots and the womb**: tamoxifen carries a higher risk of blood clots and of cancer of the
  womb lining.
- **Hot flashes**: common on both.

Aromatase inhibitors are usually preferred after menopause; tamoxifen can be used before it.
""",
        kind="explainer",
        topic="treatment",
        refs=["atac", "macmillan"],
    ),
]


def load(apps):
    """Create or update the shipped articles, their references and rules (idempotent)."""
    Article = apps.get_model("knowledge", "Article")
    Condition = apps.get_model("knowledge", "Condition")
    Reference = apps.get_model("knowledge", "Reference")
    references = {
        key: Reference.objects.update_or_create(title=fields["title"], defaults=fields)[0]
        for key, fields in REFERENCES.items()
    }
    for data in ARTICLES:
        fields = {k: v for k, v in data.items() if k not in ("slug", "refs", "rules")}
        article, _ = Article.objects.update_or_create(
            slug=data["slug"], defaults={**fields, "reviewed_on": REVIEWED}
        )
        article.references.set([references[key] for key in data["refs"]])
        article.conditions.all().delete()
        Condition.objects.bulk_create(Condition(article=article, **r) for r in data["rules"])
