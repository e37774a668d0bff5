"""Latency samples and their percentiles; a process's memory."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def percentile(samples: list[float], share: float) -> float:
    """The `share` quantile (0..1), interpolated between the nearest ranks."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = share * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(
    samples_ms: list[float], errors: int = 0, first_error: str = "", slowest: str = ""
) -> dict[str, Any]:
    """p50/p95/p99 and the rest of a class's figures, in milliseconds."""
    if not samples_ms:
        return {"available": True, "n": 0, "errors": errors, "first_error": first_error}
    return {
        "available": True,
        "n": len(samples_ms),
        "p50": round(percentile(samples_ms, 0.50), 2),
        "p95": round(percentile(samples_ms, 0.95), 2),
        "p99": round(percentile(samples_ms, 0.99), 2),
        "max": round(max(samples_ms), 2),
        "mean": round(sum(samples_ms) / len(samples_ms), 2),
        "errors": errors,
        "first_error": first_error,
        "slowest": slowest,
    }


def unavailable(reason: str) -> dict[str, Any]:
    return {"available": False, "reason": reason}


def time_each(
    run: Callable[[Any], Any], items: Iterable[Any], describe: Callable[[Any], str] = repr
) -> dict[str, Any]:
    """Runs `run` on each item once and summarises the milliseconds; failures are counted."""
    samples, errors, first_error = [], 0, ""
    slowest, slowest_ms = "", -1.0
    for item in items:
        started = time.perf_counter()
        try:
            run(item)
        except Exception as exc:  # a failing query is a finding to report, not a crash
            errors += 1
            first_error = first_error or f"{type(exc).__name__}: {exc}"[:300]
            continue
        elapsed = (time.perf_counter() - started) * 1000
        samples.append(elapsed)
        if elapsed > slowest_ms:
            slowest, slowest_ms = describe(item)[:300], elapsed
    return summary(samples, errors, first_error, slowest)


def warm(run: Callable[[Any], Any], items: Iterable[Any]) -> None:
    """Runs each item untimed, so caches and columns are loaded before anything is timed."""
    for item in items:
        # The timed run reports failures; warming only loads.
        with contextlib.suppress(Exception):
            run(item)


def current_rss_mb(pid: int | str = "self") -> float | None:
    """A process's resident memory now (VmRSS), or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None
