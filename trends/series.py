"""The numbers behind the charts: which measures they draw, read by `tracker.aggregates`.

`daily` is one row per logged day with the 7-day rolling averages; `buckets` groups by week
(or month, on long ranges) for the joint-site and tablet charts and for the tables that stand
in for the charts for screen readers.
"""

from tracker import aggregates, measures

# What the charts draw, from the one catalogue.
AVERAGED = (
    measures.JOINT_PAIN,
    measures.CRAMP_COUNT,
    measures.HOT_FLASH_SCORE,
    measures.FATIGUE,
    measures.LOW_MOOD,
    measures.SLEEP_PROBLEMS,
)
MARKED = (measures.NIGHT_CRAMPS, measures.NIGHT_SWEATS, measures.TABLET_TAKEN)

# The shapes the charts read and the sizes of a bucket, as the aggregates give them.
Daily, Bucket = aggregates.Daily, aggregates.Bucket
WEEK, MONTH = aggregates.WEEK, aggregates.MONTH
MONTHS_AFTER_DAYS = 184  # beyond about six months, weeks get too thin to read: months


def daily(*, patient, first, last):
    """Her logged days from `first` to `last` with their rolling averages over a week (the
    aggregates' default): one query."""
    return aggregates.daily(
        patient=patient, first=first, last=last, averaged=AVERAGED, marked=MARKED
    )


def bucket_for(first, last):
    return MONTH if (last - first).days > MONTHS_AFTER_DAYS else WEEK


def buckets(*, patient, first, last, size=WEEK):
    """Week by week (from Monday) or month by month: averages, joint sites, tablets; one query."""
    return aggregates.buckets(
        patient=patient,
        first=first,
        last=last,
        size=size,
        averaged=AVERAGED,
        sites=measures.JOINT_SITES.options,
        tablet=measures.TABLET_TAKEN,
    )
