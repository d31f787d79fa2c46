"""The time zones a person can choose: real places, grouped by region.

The tz database also holds names that are no place at all ("localtime", "Factory", "UTC",
"Etc/GMT+5", "EST5EDT") and old country-wide aliases ("US/Eastern", "GB"): 599 raw names in
one list, where a patient looking for her city met "Factory" and "localtime". She chooses a
city of her region instead; anything else is refused in words.
"""

import zoneinfo

from django.core.exceptions import ValidationError

# The tz database's regions whose names are "Region/City": continents and oceans.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)
PLACES = frozenset(name for name in zoneinfo.available_timezones() if name.split("/")[0] in REGIONS)


def _place_label(name):
    """ "America/Argentina/Buenos_Aires" -> "Buenos Aires (Argentina)"."""
    _, *parts = name.replace("_", " ").split("/")
    city = parts[-1]
    return f"{city} ({', '.join(parts[:-1])})" if len(parts) > 1 else city


def choices():
    """[(region, [(name, city), ...]), ...]: a `<select>` with one group per region."""
    by_region = {region: [] for region in REGIONS}
    for name in PLACES:
        by_region[name.split("/")[0]].append((name, _place_label(name)))
    return [
        (region, sorted(places, key=lambda place: place[1])) for region, places in by_region.items()
    ]


def validate_place(value):
    """Refuse, in words, a zone that is not a place in the list."""
    if value in PLACES:
        return
    if value in zoneinfo.available_timezones():
        raise ValidationError(
            "“%(value)s” is not a place: choose the city nearest you that keeps the same "
            "clock, for example Europe/London.",
            code="not_a_place",
            params={"value": value},
        )
    raise ValidationError(
        "We do not know the time zone “%(value)s”: choose a city from the list.",
        code="unknown_time_zone",
        params={"value": value[:64]},
    )
