"""Small statistics for benchmark samples (no numpy)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks."""
    if not samples:
        return math.nan
    data = sorted(samples)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def summary(samples: Sequence[float]) -> dict:
    """median, p95, min, max and n of `samples` (NaN when empty)."""
    return {
        "median": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "min": min(samples) if samples else math.nan,
        "max": max(samples) if samples else math.nan,
        "n": len(samples),
    }
