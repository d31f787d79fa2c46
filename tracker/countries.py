"""The numbers to call in an emergency and in a crisis, for the countries the diary knows.

Each number with the page that states it (a service's own home page where it says so). A
patient's country is asked at onboarding, defaulted from her time zone (`for_zone`), and
changed in Settings; a country not listed gets no number, only the words "your local
emergency number", never a number that may be wrong where she is.
"""

from dataclasses import dataclass

from tracker import phones

# A country not listed: no number at all rather than one that may be wrong there.
ELSEWHERE = "ZZ"


@dataclass(frozen=True)
class Number:
    name: str
    number: str  # as written for her to read and dial
    source: str  # the page that gives the number

    @property
    def tel(self):
        return phones.tel(self.number)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: Number | None
    crisis: Number | None


COUNTRIES = {
    country.code: country
    for country in (
        Country(
            "GB",
            "United Kingdom",
            Number(
                "Emergency (ambulance)",
                "999",
                "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/",
            ),
            Number(
                "Samaritans, day or night",
                "116 123",
                "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
            ),
        ),
        Country(
            "IE",
            "Ireland",
            Number(
                "Emergency (ambulance)",
                "112",
                "https://digital-strategy.ec.europa.eu/en/policies/112",
            ),
            Number(
                "Samaritans, day or night",
                "116 123",
                "https://www.samaritans.org/ireland/",
            ),
        ),
        Country(
            "US",
            "United States",
            Number("Emergency", "911", "https://www.911.gov/"),
            Number("988 Suicide & Crisis Lifeline", "988", "https://988lifeline.org/"),
        ),
        Country(
            "CA",
            "Canada",
            Number(
                "Emergency",
                "911",
                "https://crtc.gc.ca/eng/phone/911/",
            ),
            Number("9-8-8 Suicide Crisis Helpline", "988", "https://988.ca/"),
        ),
        Country(
            "AU",
            "Australia",
            Number("Emergency (Triple Zero)", "000", "https://www.triplezero.gov.au/"),
            Number("Lifeline", "13 11 14", "https://www.lifeline.org.au/"),
        ),
        Country(
            "NZ",
            "New Zealand",
            Number("Emergency", "111", "https://www.police.govt.nz/"),
            Number("Need to talk? (call or text)", "1737", "https://1737.org.nz/"),
        ),
        # 112 reaches the emergency services in every EU member state (EU law); the crisis
        # lines differ by country, so none is shown.
        Country(
            "EU",
            "Another country of the European Union",
            Number(
                "Emergency",
                "112",
                "https://digital-strategy.ec.europa.eu/en/policies/112",
            ),
            None,
        ),
        Country(ELSEWHERE, "Another country", None, None),
    )
}
CHOICES = [(country.code, country.name) for country in COUNTRIES.values()]

# Time zones of the listed countries (the tz database's zone.tab); anything else is "another
# country", which she can correct.
_ZONES = {
    "GB": ["Europe/London", "Europe/Belfast"],
    "IE": ["Europe/Dublin"],
    "US": [
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "America/Phoenix", "America/Anchorage", "America/Detroit", "America/Boise",
        "America/Juneau", "America/Sitka", "America/Nome", "America/Adak", "America/Yakutat",
        "America/Metlakatla", "America/Menominee", "Pacific/Honolulu",
    ],
    "CA": [
        "America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg",
        "America/Halifax", "America/St_Johns", "America/Regina", "America/Moncton",
        "America/Whitehorse", "America/Glace_Bay", "America/Goose_Bay", "America/Iqaluit",
        "America/Swift_Current", "America/Dawson_Creek", "America/Fort_Nelson",
    ],
    "NZ": ["Pacific/Auckland", "Pacific/Chatham"],
    "EU": [
        "Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Bratislava",
        "Europe/Brussels", "Europe/Bucharest", "Europe/Budapest", "Europe/Copenhagen",
        "Europe/Helsinki", "Europe/Lisbon", "Europe/Ljubljana", "Europe/Luxembourg",
        "Europe/Madrid", "Europe/Malta", "Europe/Paris", "Europe/Prague", "Europe/Riga",
        "Europe/Rome", "Europe/Sofia", "Europe/Stockholm", "Europe/Tallinn", "Europe/Vienna",
        "Europe/Vilnius", "Europe/Warsaw", "Europe/Zagreb", "Asia/Nicosia",
        "Atlantic/Canary", "Atlantic/Madeira", "Atlantic/Azores",
    ],
}  # fmt: skip
_COUNTRY_OF_ZONE = {zone: code for code, zones in _ZONES.items() for zone in zones}


def for_zone(zone):
    """The country code of a time zone: "Europe/London" -> "GB"; ELSEWHERE when not listed."""
    if zone.startswith(("America/Indiana/", "America/Kentucky/", "America/North_Dakota/")):
        return "US"
    if zone.startswith("Australia/"):
        return "AU"
    return _COUNTRY_OF_ZONE.get(zone, ELSEWHERE)


def of(code):
    return COUNTRIES.get(code, COUNTRIES[ELSEWHERE])
