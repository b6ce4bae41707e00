"""Helpers shared by the benchmark scripts: Django set-up and timing."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    """Configure Django from the environment; benchmarks are meant for PostgreSQL."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print(f"warning: running on {connection.vendor}; the goals are stated for PostgreSQL", file=sys.stderr)
    return connection


def timed(fn, *, runs=20, warmup=2, before=None):
    """Run ``fn`` ``warmup + runs`` times (each after ``before()``, untimed); return (p50 ms, p95 ms, last result)."""
    for _ in range(warmup):
        result = fn()
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, result


def row(label, p50, p95, extra=""):
    print(f"{label:<74} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   {extra}")
