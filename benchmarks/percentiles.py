"""The percentile every benchmark prints: nearest rank over the sorted values (p50, p99 of a run)."""
from __future__ import annotations


def pct(values: list[float], q: float) -> float:
    """The value at fraction `q` (0.5 → the median, 0.99 → p99) of `values`; NaN when there are none."""
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))] if v else float("nan")
