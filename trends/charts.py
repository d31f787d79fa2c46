"""The dashboard's charts: Plotly figures built as plain data, with their words and tables.

A figure is the JSON plotly.js draws (`data` and `layout`), handed to the page in a
<script type="application/json"> (`Chart.figure_script`) and drawn by static/js/charts.js.
Plain dicts rather than plotly's Python objects: those validate every point as they are built
(about 200 ms for five years of days), while the dicts cost a few milliseconds. The tests
check each figure against plotly's schema.

Every chart comes with a summary in words and a table by week (by month on long ranges),
which is what a screen reader reads instead of the drawing.
"""

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

import orjson
from django.template.defaultfilters import pluralize
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from tracker import measures
from tracker.aggregates import measure_stats
from tracker.models import TherapyPeriod
from tracker.selectors import day_of_therapy
from trends import comparisons, series


def _days(n):
    return ngettext("day", "days", n)


INK = "#1d2430"
GRID = "#d5dae1"
POINTS = "#8fb3dc"
LINE = "#0b5cad"
MARK = "#9b1c31"
BAND = "rgba(120, 130, 145, 0.18)"
SWITCH = "#6b4c9a"
COLOURS = ("#0b5cad", "#b35c00", "#2e7d4f")

# What `json_script` escapes, so the JSON cannot close its <script> element early.
_SCRIPT_SAFE = ((b"&", b"\\u0026"), (b"<", b"\\u003C"), (b">", b"\\u003E"))


@dataclass(frozen=True)
class Range:
    key: str
    label: str
    first: date
    last: date


@dataclass
class Chart:
    slug: str
    title: str
    figure: dict
    summary: list[str]
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    small: bool = False  # a self-care chart: a title and the drawing, no words or table

    @property
    def script_id(self):
        return f"figure-{self.slug}"

    @property
    def height(self):
        return int(self.figure["layout"]["height"])

    @property
    def table_body(self):
        """Each row as its heading and its cells: the template then needs no test per cell
        (a third less time on the hundreds of cells of five years by month)."""
        return [(first, rest) for first, *rest in self.table_rows]

    def figure_script(self):
        """The figure as a JSON <script> for static/js/charts.js, like `json_script`.

        Encoded by orjson and escaped with bytes.replace: `json_script` (json and translate())
        took 90 ms a page on five years of days, this takes a few. A test pins it to what
        `json_script` writes (tests/trends/test_charts.py).
        """
        text = orjson.dumps(self.figure)
        for character, escaped in _SCRIPT_SAFE:
            text = text.replace(character, escaped)
        script_id = escape(self.script_id)
        return mark_safe(  # noqa: S308 (escaped above, as json_script does)
            f'<script id="{script_id}" type="application/json">{text.decode()}</script>'
        )


DEFAULT_RANGE = "3m"


SPANS = [("4w", "4 weeks", 28), ("3m", "3 months", 91), ("1y", "1 year", 365)]
RANGE_KEYS = frozenset([*(key for key, _, _ in SPANS), "all", "drug"])


def ranges(*, today, timeline):
    """The range switch: fixed spans back from today, all of it, and the current drug.

    No range starts before her therapy did: the diary has nothing earlier to draw.
    """
    started = timeline[0].start if timeline else today
    options = [
        Range(key, label, max(started, today - timedelta(days=days - 1)), today)
        for key, label, days in SPANS
    ]
    options.append(Range("all", "All", started, today))
    drug_start, drug = current_drug_start(timeline)
    if drug_start and drug_start > started:
        options.append(Range("drug", f"Since starting {drug}", drug_start, today))
    return options


def current_drug_start(timeline):
    """When she started the drug she is on now, breaks from it included, and its name."""
    if not timeline:
        return None, ""
    drug = timeline[-1].drug
    start = timeline[-1].start
    for period in reversed(timeline):
        if period.drug != drug:
            break
        start = period.start
    return start, _drug_name(timeline[-1])


def chosen_range(options, key):
    by_key = {option.key: option for option in options}
    return by_key.get(key) or by_key[DEFAULT_RANGE]


@dataclass(frozen=True)
class Change:
    """A switch of drug or the start of a break: the moments worth a before and after."""

    day: date
    words: str
    is_break: bool
    drug: str = ""


def changes(timeline):
    found = []
    for previous, period in itertools.pairwise(timeline):
        if period.kind == TherapyPeriod.Kind.BREAK:
            found.append(Change(period.start, "Break started", True))
        elif period.drug != previous.drug:
            drug = _drug_name(period)
            found.append(Change(period.start, f"Switched to {drug}", False, drug))
    return found


def _drug_name(period):
    return period.get_drug_display().split(" (")[0]


# Figures -----------------------------------------------------------------------------------


def _layout(chosen, *, y_axis, decorations, height=240):
    shapes, annotations = decorations
    return {
        "height": height,
        "margin": {"l": 44, "r": 12, "t": 28, "b": 36},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "color": INK},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hovermode": "x unified",
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "xaxis": {
            "type": "date",
            "range": [chosen.first.isoformat(), (chosen.last + timedelta(days=1)).isoformat()],
            "gridcolor": GRID,
            "fixedrange": True,
        },
        "yaxis": {"gridcolor": GRID, "fixedrange": True, "zeroline": False, **y_axis},
        "shapes": shapes,
        "annotations": annotations,
    }


def timeline_decorations(*, timeline, appointments, chosen):
    """The therapy on the time axis: breaks shaded, switches as lines, appointments marked."""
    shapes, annotations = [], []
    for period in timeline:
        end = period.end or chosen.last
        if period.kind == TherapyPeriod.Kind.BREAK and end >= chosen.first:
            shapes.append(_band(max(period.start, chosen.first), end))
            annotations.append(_label(max(period.start, chosen.first), "Break", INK))
    for change in changes(timeline):
        if not change.is_break and chosen.first <= change.day <= chosen.last:
            shapes.append(_vertical(change.day, SWITCH, "solid"))
            annotations.append(_label(change.day, change.drug, SWITCH))
    for appointment in appointments:
        if chosen.first <= appointment.date <= chosen.last:
            shapes.append(_vertical(appointment.date, INK, "dot"))
            annotations.append(
                {
                    **_label(appointment.date, "▼", INK),
                    "xanchor": "center",
                    "hovertext": f"Appointment {appointment.date:%-d %b %Y}"
                    + (f": {appointment.note}" if appointment.note else ""),
                }
            )
    return shapes, annotations


def _band(first, last):
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": first.isoformat(),
        "x1": (last + timedelta(days=1)).isoformat(),
        "y0": 0,
        "y1": 1,
        "fillcolor": BAND,
        "line": {"width": 0},
        "layer": "below",
    }


def _vertical(day, colour, dash):
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": day.isoformat(),
        "x1": day.isoformat(),
        "y0": 0,
        "y1": 1,
        "line": {"color": colour, "width": 1.5, "dash": dash},
    }


def _label(day, text, colour):
    return {
        "x": day.isoformat(),
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "xanchor": "left",
        "text": text,
        "showarrow": False,
        "font": {"size": 11, "color": colour},
    }


def _points(days, measure, *, name="Each day", colour=POINTS, therapy_start=None):
    trace = {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": days.dates,
        "y": days.values[measure.code],
        "marker": {"color": colour, "size": 6},
    }
    if therapy_start:
        trace["customdata"] = [day_of_therapy(therapy_start, day) for day in days.days]
        trace["hovertemplate"] = f"{measure.label} %{{y}} · day %{{customdata}} of therapy"
        trace["hovertemplate"] += "<extra></extra>"
    return trace


def rolling_line(days, code):
    """The 7-day average as a line, broken where a whole week went unlogged.

    Between two logged days more than seven days apart some day's week held nothing, so the
    line stops there instead of drawing a slope through days nobody recorded.
    """
    averages = days.rolling[code]
    x, y = [], []
    start = 0
    for n in days.week_gaps:
        x += days.dates[start:n]
        x.append((days.days[n - 1] + timedelta(days=1)).isoformat())
        y += averages[start:n]
        y.append(None)
        start = n
    return x + days.dates[start:], y + averages[start:]


def _line(days, measure, *, name="7-day average", colour=LINE):
    x, y = rolling_line(days, measure.code)
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": x,
        "y": y,
        "connectgaps": False,
        "line": {"color": colour, "width": 2.5},
        "hovertemplate": f"{name} %{{y:.1f}}<extra></extra>",
    }


def _marked(days, flag, name):
    """Days a yes/no answer was yes, as a row of marks in a strip under another measure's
    chart (`NIGHTS_AXIS`): drawn on the measure's own points they hid them."""
    marked = [n for n, answer in enumerate(days.values[flag.code]) if answer]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": [days.dates[n] for n in marked],
        "y": [0] * len(marked),
        "yaxis": "y2",
        "marker": {"color": MARK, "symbol": "diamond-open", "size": 9, "line": {"width": 2}},
        "hovertemplate": f"{name} %{{x|%-d %b}}<extra></extra>",
    }


# The strip of night marks under a count's chart, and the room the chart leaves it.
NIGHTS_AXIS = {
    "domain": [0, 0.15],
    "range": [-1, 1],
    "showticklabels": False,
    "showgrid": False,
    "zeroline": False,
    "fixedrange": True,
}
ABOVE_NIGHTS = [0.22, 1]


def _count_axis(days, codes):
    """A count's axis from 0 with room above and below its highest and lowest point, so that
    no point is cut at the edges (plotly's `tozero` puts the zeros on the edge)."""
    top = max((v for code in codes for v in days.values[code] if v is not None), default=0)
    top = max(top, 1)
    return {"range": [-0.06 * top, 1.08 * top], "rangemode": "normal"}


def _before_after(before_after, code):
    """Dashed segments at the 4-week averages on each side of a change."""
    x, y = [], []
    for item in before_after:
        for (first, last), value in (
            (item.before_days, item.before.get(code)),
            (item.after_days, item.after.get(code)),
        ):
            if value is None:
                continue
            x += [first.isoformat(), last.isoformat(), None]
            y += [value, value, None]
    if not x:
        return []
    return [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "4 weeks before and after a change",
            "x": x,
            "y": y,
            "line": {"color": SWITCH, "width": 2, "dash": "dash"},
            "hovertemplate": "4-week average %{y:.1f}<extra></extra>",
        }
    ]


def _severity_axis():
    scale = measures.SEVERITY_SCALE
    return {
        "range": [-0.2, scale.maximum + 0.2],
        "tickvals": list(scale.labels),
        "ticktext": list(scale.labels.values()),
        "automargin": True,
    }


# The charts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """What every chart reads, gathered once by `dashboard_charts`."""

    chosen: Range
    days: list
    buckets: list  # series.Bucket: weeks, or months on long ranges
    bucket: str  # series.WEEK or series.MONTH
    bucket_labels: dict  # a bucket's start -> its words in the tables, written once a page
    stats: dict
    decorations: tuple
    therapy_start: date | None
    before_after: list


def _joint_pain(i):
    m = measures.JOINT_PAIN
    data = [_points(i.days, m, therapy_start=i.therapy_start), _line(i.days, m)]
    data += _before_after(i.before_after, m.code)
    layout = _layout(
        i.chosen, y_axis={"range": [-0.3, 10.3], "dtick": 2}, decorations=i.decorations
    )
    return Chart(
        "joint-pain",
        f"{m.label} (0 to 10)",
        {"data": data, "layout": layout},
        _measure_words(i, m),
        *_bucket_table(i, [m]),
    )


def _with_nights(i, measure, night, marked_as, night_words, slug, title):
    """A count with the nights of a yes/no answer marked: cramps that woke her, night sweats."""
    data = [
        _points(i.days, measure, therapy_start=i.therapy_start),
        _line(i.days, measure),
        _marked(i.days, night, marked_as),
        *_before_after(i.before_after, measure.code),
    ]
    y_axis = _count_axis(i.days, [measure.code]) | {"domain": ABOVE_NIGHTS}
    layout = _layout(i.chosen, y_axis=y_axis, decorations=i.decorations)
    layout["yaxis2"] = NIGHTS_AXIS
    words = _measure_words(i, measure)
    nights = i.stats[night.code]
    count = round(nights.average * nights.days) if nights.days else 0
    if count:
        words.append(f"{night_words} {count} night{pluralize(count)}.")
    return Chart(slug, title, {"data": data, "layout": layout}, words, *_bucket_table(i, [measure]))


def _cramps(i):
    return _with_nights(
        i,
        measures.CRAMP_COUNT,
        measures.NIGHT_CRAMPS,
        "Woke at night",
        "Woken by cramps on",
        "cramps",
        "Cramps (number each day)",
    )


def _hot_flashes(i):
    return _with_nights(
        i,
        measures.HOT_FLASH_SCORE,
        measures.NIGHT_SWEATS,
        "Night sweats",
        "Night sweats on",
        "hot-flashes",
        "Hot flash score (flashes weighted by how bad they were)",
    )


WELLBEING = (measures.FATIGUE, measures.LOW_MOOD, measures.SLEEP_PROBLEMS)


def _wellbeing(i):
    data = []
    for m, colour in zip(WELLBEING, COLOURS, strict=True):
        points = _points(i.days, m, name=m.label, colour=colour)
        points["marker"]["opacity"] = 0.25
        points["showlegend"] = False
        points["hoverinfo"] = "skip"
        data += [points, _line(i.days, m, name=m.label, colour=colour)]
    layout = _layout(i.chosen, y_axis=_severity_axis(), decorations=i.decorations, height=280)
    words = [w for m in WELLBEING for w in _measure_words(i, m)]
    return Chart(
        "wellbeing",
        "Fatigue, mood and sleep (7-day averages)",
        {"data": data, "layout": layout},
        words,
        *_bucket_table(i, WELLBEING),
    )


def _tablets(i):
    weeks = [w for w in i.buckets if w.tablets_answered]
    data = [
        {
            "type": "bar",
            "name": "Tablets taken",
            "x": [w.start.isoformat() for w in weeks],
            "y": [round(100 * w.tablets_taken / w.tablets_answered) for w in weeks],
            "customdata": [
                f"{w.tablets_taken} of {w.tablets_answered} {_days(w.tablets_answered)}"
                for w in weeks
            ],
            "hovertemplate": f"{_period(i)} %{{x|{_hover_date(i)}}}: %{{y}}% (%{{customdata}})"
            "<extra></extra>",
            "marker": {"color": LINE},
            "xperiod": 7 * 24 * 3600 * 1000 if i.bucket == series.WEEK else "M1",
            "xperiodalignment": "start",
        }
    ]
    layout = _layout(
        i.chosen,
        y_axis={"range": [0, 100], "ticksuffix": "%", "dtick": 25},
        decorations=i.decorations,
        height=200,
    )
    layout["showlegend"] = False
    taken = sum(w.tablets_taken for w in weeks)
    answered = sum(w.tablets_answered for w in weeks)
    words = (
        [
            f"Tablet taken on {taken} of {answered} {_days(answered)} "
            f"({round(100 * taken / answered)}%)."
        ]
        if answered
        else ["No tablet answers in this range."]
    )
    rows = [[i.bucket_labels[w.start], f"{w.tablets_taken} of {w.tablets_answered}"] for w in weeks]
    return Chart(
        "tablets",
        f"Tablets taken (each {i.bucket})",
        {"data": data, "layout": layout},
        words,
        [_period(i), "Days taken"],
        rows,
    )


def _joint_sites(i):
    options = measures.JOINT_SITES.options
    weeks = i.buckets
    data = [
        {
            "type": "heatmap",
            "x": [w.start.isoformat() for w in weeks],
            "y": [o.label for o in options],
            "z": [[w.sites[o.code] for w in weeks] for o in options],
            "zmin": 0,
            "zmax": 7 if i.bucket == series.WEEK else 31,
            "colorscale": [[0, "#ffffff"], [1, "#0b3d75"]],
            "xgap": 1,
            "ygap": 1,
            # No colour bar: plotly paints its gradient with a style attribute, which our CSP
            # refuses. The title and the words say what the shades mean.
            "showscale": False,
            "hovertemplate": f"%{{y}}, {_period(i).lower()} %{{x|{_hover_date(i)}}}: %{{z}} days"
            "<extra></extra>",
        }
    ]
    layout = _layout(
        i.chosen,
        y_axis={"automargin": True, "autorange": "reversed"},
        decorations=([], []),
        height=300,
    )
    layout["showlegend"] = False
    layout["hovermode"] = "closest"
    layout["xaxis"] |= {"nticks": 4, "tickangle": 0, "tickformat": "%b\n%Y"}
    totals = {o.label: sum(w.sites[o.code] for w in weeks) for o in options}
    top = sorted((n, label) for label, n in totals.items() if n)[::-1][:3]
    words = (
        [
            "Where it hurt most: "
            + ", ".join(f"{label.lower()} ({n} {_days(n)})" for n, label in top)
            + "."
        ]
        if top
        else ["No painful joints ticked in this range."]
    )
    rows = [[i.bucket_labels[w.start]] + [str(w.sites[o.code]) for o in options] for w in weeks]
    return Chart(
        "joint-sites",
        f"Where the pain was (darker: more days that {i.bucket})",
        {"data": data, "layout": layout},
        words,
        [_period(i)] + [o.label for o in options],
        rows,
    )


CHARTS = (_joint_pain, _joint_sites, _cramps, _hot_flashes, _wellbeing, _tablets)


def _measure_words(i, measure):
    stats = i.stats[measure.code]
    if not stats.days:
        return [f"{measure.label}: nothing logged in this range."]
    words = f"{measure.label}: average {stats.average:.1f}" + _worst(measure, stats.worst)
    averages = [value for value in i.days.rolling[measure.code] if value is not None]
    if len(averages) > 1:
        words += f"; the 7-day average went from {averages[0]:.1f} to {averages[-1]:.1f}"
    return [words + f" ({stats.days} day{pluralize(stats.days)} logged)."]


def _worst(measure, worst):
    label = measure.scale.label_for(worst).lower()
    if measure.scale.kind == measures.Kind.RATING:
        return f" out of 10, worst {worst} ({label})"
    if measure.scale.kind == measures.Kind.SEVERITY:
        return f" (0 none to 4 very severe), worst {label}"
    return f" a day, most {worst} in a day"


def _bucket_table(i, chosen_measures):
    head = [_period(i), "Days logged"] + [m.label for m in chosen_measures]
    rows = [
        [i.bucket_labels[b.start], str(b.days_logged)]
        + [_number(b.averages[m.code]) for m in chosen_measures]
        for b in i.buckets
    ]
    return head, rows


def _period(i):
    return "Week of" if i.bucket == series.WEEK else "Month"


def _hover_date(i):
    return "%-d %b" if i.bucket == series.WEEK else "%b %Y"


def _bucket_labels(buckets, size):
    label = "{:%-d %b %Y}" if size == series.WEEK else "{:%B %Y}"
    return {bucket.start: label.format(bucket.start) for bucket in buckets}


def _number(value):
    return "–" if value is None else f"{value:.1f}"


def self_care_chart(effect):
    """Two bars: her headline symptom on days with the activity and on the other days (None
    when no symptom is worth drawing). A rated symptom is drawn on its whole scale, so that a
    small difference looks small."""
    measure = effect.headline()
    if measure is None:
        return None
    label = effect.option.label.lower()
    y_axis = {"rangemode": "tozero", "gridcolor": GRID, "fixedrange": True}
    if measure.scale.kind in (measures.Kind.RATING, measures.Kind.SEVERITY):
        y_axis["range"] = [0, measure.scale.maximum * 1.15]  # room for the value above a bar
    return Chart(
        f"self-care-{effect.option.code}",
        f"{measure.label} with and without {label}",
        {
            "data": [
                {
                    "type": "bar",
                    "x": ["Days with it", "Other days"],  # the title names the activity
                    "y": [effect.with_[measure.code], effect.without[measure.code]],
                    "marker": {"color": [LINE, POINTS]},
                    "text": [
                        _number(effect.with_[measure.code]),
                        _number(effect.without[measure.code]),
                    ],
                    "textposition": "outside",
                    "hovertemplate": "%{x}: %{y:.1f}<extra></extra>",
                }
            ],
            "layout": {
                "height": 180,
                "margin": {"l": 36, "r": 8, "t": 8, "b": 28},
                "font": {"family": "system-ui, sans-serif", "color": INK},
                "showlegend": False,
                "yaxis": y_axis,
                "xaxis": {"fixedrange": True},
            },
        },
        effect.lines(),
        small=True,
    )


# The range's words read these; the before/after comparisons read the averaged ones.
STATS_MEASURES = (*series.AVERAGED, measures.NIGHT_CRAMPS, measures.NIGHT_SWEATS)


@dataclass
class Dashboard:
    ranges: list
    chosen: Range
    charts: list
    before_after: list
    self_care: list  # (SelfCareEffect, Chart)
    days_logged: int


def dashboard(*, patient, today, timeline, appointments, range_key):
    """Everything the dashboard draws, for the range she picked, in a fixed number of queries."""
    options = ranges(today=today, timeline=timeline)
    chosen = chosen_range(options, range_key)
    found_changes = changes(timeline)
    windows = comparisons.before_after_windows(found_changes, today)
    # The range's own numbers and every before/after window: one query.
    stats = measure_stats(
        patient=patient,
        windows={**windows, "range": (chosen.first, chosen.last)},
        of=STATS_MEASURES,
    )
    found = comparisons.before_after(found_changes, windows, stats)
    stats = stats["range"]
    size = series.bucket_for(chosen.first, chosen.last)
    buckets = series.buckets(patient=patient, first=chosen.first, last=chosen.last, size=size)
    inputs = Inputs(
        chosen=chosen,
        days=series.daily(patient=patient, first=chosen.first, last=chosen.last),
        buckets=buckets,
        bucket=size,
        bucket_labels=_bucket_labels(buckets, size),
        stats=stats,
        decorations=timeline_decorations(
            timeline=timeline, appointments=appointments, chosen=chosen
        ),
        therapy_start=timeline[0].start if timeline else None,
        before_after=[
            item
            for item in found
            if item.after_days[1] >= chosen.first and item.before_days[0] <= chosen.last
        ],
    )
    effects = comparisons.self_care_effects(patient=patient, first=chosen.first, last=chosen.last)
    return Dashboard(
        ranges=options,
        chosen=chosen,
        charts=[chart(inputs) for chart in CHARTS] if stats.days_logged else [],
        before_after=found,
        self_care=[(effect, self_care_chart(effect)) for effect in effects],
        days_logged=stats.days_logged,
    )


PERIOD_CHART_WIDTH = 200  # three side by side fit the A4 page of the summary


def period_charts(*, patient, first, last, timeline, appointments):
    """Small charts of a period for the printed summary: joint pain, cramps, hot flashes.

    A fixed width, so that the drawing made on screen is the one that prints: three fit across
    an A4 page, and on a phone they stack. One query (the daily series).
    """
    chosen = Range("period", "", first, last)
    days = series.daily(patient=patient, first=first, last=last)
    decorations = timeline_decorations(timeline=timeline, appointments=appointments, chosen=chosen)
    start = timeline[0].start if timeline else None
    found = []
    for measure, y_axis in (
        (measures.JOINT_PAIN, {"range": [-0.3, 10.3], "dtick": 5}),
        (measures.CRAMP_COUNT, _count_axis(days, [measures.CRAMP_COUNT.code])),
        (measures.HOT_FLASH_SCORE, _count_axis(days, [measures.HOT_FLASH_SCORE.code])),
    ):
        layout = _layout(chosen, y_axis=y_axis, decorations=decorations, height=130)
        layout |= {
            "width": PERIOD_CHART_WIDTH,
            "autosize": False,
            "showlegend": False,
            "margin": {"l": 28, "r": 6, "t": 18, "b": 26},
            "font": {**layout["font"], "size": 10},
        }
        layout["xaxis"] |= {"nticks": 3}
        points = _points(days, measure, therapy_start=start)
        points["marker"]["size"] = 4
        found.append(
            Chart(
                f"period-{measure.code.replace('_', '-')}",
                measure.label,
                {"data": [points, _line(days, measure)], "layout": layout},
                [],
            )
        )
    return found


SPARKLINE_DAYS = 28


@dataclass(frozen=True)
class Sparkline:
    """A small drawing of her joint pain over the last 4 weeks, for the Today page: an SVG the
    server writes (no plotly.js to load on Today), with its words beside it."""

    width: int
    height: int
    lines: list  # SVG path data, one run of consecutive logged days each
    dots: list  # (x, y) of each logged day
    words: str


def pain_sparkline(days, *, today, width=280, height=56):
    """`days`: her logged days (anything with `day` and `joint_pain`) of the 28 ending today,
    already read by the page; no query here."""
    first = today - timedelta(days=SPARKLINE_DAYS - 1)
    pad = 4  # a dot's radius and a little: no dot is cut at the edges
    step = (width - 2 * pad) / (SPARKLINE_DAYS - 1)
    scale = (height - 2 * pad) / measures.JOINT_PAIN.scale.maximum
    answered = sorted(
        (d.day, d.joint_pain) for d in days if first <= d.day <= today and d.joint_pain is not None
    )
    dots = [
        (round(pad + (day - first).days * step, 1), round(height - pad - pain * scale, 1))
        for day, pain in answered
    ]
    lines, run = [], []
    for n, dot in enumerate(dots):
        if run and (answered[n][0] - answered[n - 1][0]).days > 1:
            lines.append(run)
            run = []
        run.append(dot)
    lines.append(run)
    label = measures.JOINT_PAIN.label
    if answered:
        average = sum(pain for _, pain in answered) / len(answered)
        count = len(answered)
        words = (
            f"{label}, last 4 weeks: average {average:.1f} out of 10 over {count} "
            f"day{pluralize(count)}, {answered[-1][1]} on {answered[-1][0]:%-d %B}."
        )
    else:
        words = f"{label}: nothing logged in the last 4 weeks."
    return Sparkline(
        width=width,
        height=height,
        lines=["M" + " L".join(f"{x} {y}" for x, y in run) for run in lines if len(run) > 1],
        dots=dots,
        words=words,
    )
