"""Timing helpers shared by the benchmarks in this folder."""

import statistics
import time
from typing import Any, Callable


def median(fn: Callable[[], Any], repeat: int = 15) -> float:
    """The median of `repeat` timings of `fn()`, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def paired(fa: Callable[[], Any], fb: Callable[[], Any], repeat: int = 31) -> float:
    """The median of time(fa) / time(fb) over runs that alternate the two (in turn
    first), so that a busy spell on a shared machine slows both sides of a ratio."""
    ratios = []
    for i in range(repeat):
        took = [0.0, 0.0]
        for k in (0, 1) if i % 2 == 0 else (1, 0):
            t = time.perf_counter()
            (fa, fb)[k]()
            took[k] = time.perf_counter() - t
        ratios.append(took[0] / took[1])
    return statistics.median(ratios)
