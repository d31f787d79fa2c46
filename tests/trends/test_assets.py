"""plotly.js is served by the app, as the partial bundle of the plotly package's own version."""

import gzip
import re

from django.conf import settings
from plotly.offline import get_plotlyjs_version

VENDOR = settings.BASE_DIR / "static" / "vendor" / "plotly"


def test_the_served_bundle_matches_the_installed_plotly_package():
    head = (VENDOR / "plotly-cartesian.min.js").read_text()[:300]
    served = re.search(r"plotly\.js \(cartesian - minified\) v([\d.]+)", head).group(1)
    assert served == get_plotlyjs_version()


def test_the_bundle_is_light_enough_for_a_phone():
    # The full bundle is about 1.5 MB gzipped; the partial one must stay well under that.
    gzipped = len(gzip.compress((VENDOR / "plotly-cartesian.min.js").read_bytes()))
    assert gzipped < 600_000


def test_plotly_styles_come_from_a_file_not_inline():
    css = (VENDOR / "plotly.css").read_text()
    assert ".js-plotly-plot .plotly .main-svg" in css
