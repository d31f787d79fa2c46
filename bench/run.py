"""`make bench`: the benchmarks in bench/, one after another.

They need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); each makes its own test database.
BENCH_PATIENTS sets the size of the fan-out (default 100,000).
"""

from bench import alerts, care_list, dashboard, fanout

if __name__ == "__main__":
    dashboard.main([])
    care_list.main([])
    alerts.main([])
    fanout.main([])
