"""Phone benchmark: the demo patient's pages in Chromium at 360 px with the CPU slowed 4x.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phone python -m bench.phone

What runs: a PostgreSQL test database made for the run (dropped at the end) with the demo
patient (`seed_demo`, a year of diary) and the shipped tips, served by gunicorn as in
production (bench/dashboard.py's `serve`: DEBUG off, whitenoise's hashed, compressed files).
Chromium at 360 x 800 px, signed in as her, her cache warm (each page visited once first,
as a returning visitor), the CPU slowed 4x (DevTools `Emulation.setCPUThrottlingRate`, a
mid-range phone). The pages take turns, `--rounds` times, so a slower moment of the shared
machine falls on all of them alike: a page with no chart (her profile, the floor), Today,
Trends at its default range and over 1 year, and the summary.

For each page it prints the median of:
- time to ready: from the start of navigation until the page has loaded and every chart in
  view (the 360 x 800 px on screen at first) is drawn;
- long tasks: the main thread's tasks over 50 ms (PerformanceObserver 'longtask') that
  started before ready, summed;
each also as a multiple of the floor's. Figures and their history: docs/benchmarks.md.
"""

import argparse
import io
import statistics
import sys

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from bench.dashboard import serve, signed_in_cookies, wait_for
from bench.smtp_sink import free_port
from knowledge.services import load_content
from tracker.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PATIENT_EMAIL

CPU_SLOWDOWN = 4

# Installed before any script of the page: long tasks recorded from the first one.
RECORD_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    window.__longTasks.push([entry.startTime, entry.duration]);
  }
}).observe({type: "longtask", buffered: true});
"""

# The moment (performance.now()) the page is ready, or false: loaded, and every chart on the
# screen drawn (plotly.js's svg in its container).
READY = """() => {
  if (document.readyState !== "complete") { return false; }
  const inView = [...document.querySelectorAll("[data-figure]")].filter(element => {
    const box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  });
  return inView.every(element => element.querySelector("svg.main-svg")) && performance.now();
}"""


def pages():
    """(label, URL): the floor first."""
    trends = reverse("trends:index")
    return [
        ("no chart (profile), floor", reverse("tracker:profile")),
        ("today", reverse("tracker:home")),
        ("trends, default range", trends),
        ("trends, 1 year", trends + "?range=1y"),
        ("summary, default period", reverse("reports:summary")),
    ]


def measure(context, url):
    """One visit with the CPU slowed: (ms to ready, ms of long tasks before ready)."""
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="commit")
    ready = page.wait_for_function(READY, polling="raf", timeout=120_000).json_value()
    # A long task is reported once it ends: give the last one before ready time to arrive.
    page.wait_for_timeout(500)
    tasks = page.evaluate("window.__longTasks")
    page.close()
    return ready, sum(duration for start, duration in tasks if start < ready)


def in_chromium(base, rounds):
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

    found = pages()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base, viewport=PHONE, locale="en-GB")
        context.add_cookies(signed_in_cookies(browser, base, DEMO_PATIENT_EMAIL, DEMO_PASSWORD))
        context.add_init_script(RECORD_LONG_TASKS)
        for _, url in found:  # a returning visitor: her cache warm, her kept pages made
            page = context.new_page()
            page.goto(url, wait_until="networkidle")
            page.close()
        samples = {url: [] for _, url in found}
        for _ in range(rounds):
            for _, url in found:
                samples[url].append(measure(context, url))
        browser.close()
    return [
        (
            label,
            statistics.median(ready for ready, _ in samples[url]),
            statistics.median(tasks for _, tasks in samples[url]),
        )
        for label, url in found
    ]


def report(results):
    _, floor_ready, floor_tasks = results[0]
    for label, ready, tasks in results:
        tasks_ratio = f"{tasks / floor_tasks:5.1f}x" if floor_tasks else "   - "
        print(
            f"  {label:<28} ready {ready / 1000:5.2f} s {ready / floor_ready:5.1f}x floor   "
            f"long tasks {tasks:5.0f} ms {tasks_ratio}"
        )


def run(rounds):
    if connection.vendor != "postgresql":
        sys.exit("The phone benchmark runs on PostgreSQL: set DATABASE_URL.")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    server = None
    try:
        call_command("collectstatic", "--noinput", verbosity=0)  # hashed, compressed files
        cache.clear()  # no page kept from another database's patient of the same id
        load_content()
        call_command("seed_demo", stdout=io.StringIO())
        port = free_port()
        server = serve(port)
        wait_for(port)
        print(
            f"phone: Chromium at 360 px, CPU slowed {CPU_SLOWDOWN}x, the demo patient, "
            f"median of {rounds} rounds"
        )
        report(in_chromium(f"http://127.0.0.1:{port}", rounds))
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="visits to each page")
    args = parser.parse_args(argv)
    run(args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
