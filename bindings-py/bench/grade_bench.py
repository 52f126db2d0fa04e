"""Grade 1,000,000 percentages: GradeScale.grade_many against a pure-Python bisect
loop over the same scale (goal: at least 30x faster).

    python bindings-py/bench/grade_bench.py
"""

import array
import bisect
import random
import sys
from typing import List, Optional

import gradebridge
from timing import median, paired

SYMBOLS = "7=86:6=74:5=62:4=50:3=35:2=20:1=0"


def main() -> int:
    rng = random.Random(7)
    percents: List[float] = [round(rng.uniform(0, 105), 3) for _ in range(1_000_000)]
    scale = gradebridge.GradeScale.from_blackboard_symbols(SYMBOLS)
    # The pure-Python baseline: ascending bounds and bisect, the usual idiom.
    levels = sorted((float(b), s) for s, b, _ in scale.levels)
    bounds = [b for b, _ in levels]
    symbols = [s for _, s in levels]

    def py_loop() -> List[str]:
        return [symbols[max(0, bisect.bisect_right(bounds, p) - 1)] for p in percents]

    assert py_loop() == scale.grade_many(percents)
    t_native = median(lambda: scale.grade_many(percents), 5)
    doubles = array.array("d", percents)
    t_array = median(lambda: scale.grade_many(doubles), 5)
    try:  # numpy is optional: a float64 array is read through the buffer protocol
        import numpy

        column = numpy.array(percents)
        assert scale.grade_many(column) == scale.grade_many(percents)
        t_numpy: Optional[float] = median(lambda: scale.grade_many(column), 5)
    except ImportError:
        t_numpy = None
    t_py = median(py_loop, 5)
    # The floor of any grading of a list of floats: CPython's own C loops that touch
    # every float object once (the list holds pointers to 1,000,000 objects spread
    # over ~24 MB, so this is memory traffic, not arithmetic).
    t_sum = median(lambda: sum(percents), 5)
    t_copy = median(lambda: list(percents), 5)
    print("grading 1,000,000 percentages on a 7-level scale, median of 5")
    print("| method | ms | ns per grade |")
    print("|---|---|---|")
    # ns per grade = seconds * 1e9 / 1e6 = ms
    print(f"| gradebridge GradeScale.grade_many | {t_native * 1e3:.1f} | {t_native * 1e3:.1f} |")
    print(f"| gradebridge grade_many on array('d') | {t_array * 1e3:.1f} | {t_array * 1e3:.1f} |")
    if t_numpy is not None:
        print(f"| gradebridge grade_many on a numpy float64 array | {t_numpy * 1e3:.1f} | {t_numpy * 1e3:.1f} |")
    print(f"| pure Python bisect loop | {t_py * 1e3:.1f} | {t_py * 1e3:.1f} |")
    print(f"| floor: `sum(percents)` (reads every float, no output) | {t_sum * 1e3:.1f} | {t_sum * 1e3:.1f} |")
    print(f"| floor: `list(percents)` (a new list of the same objects) | {t_copy * 1e3:.1f} | {t_copy * 1e3:.1f} |")
    print(f"speed-up on a list, medians of the table: {t_py / t_native:.1f}x")
    # The ratio that counts: each native run timed next to a bisect loop, so that a
    # busy spell on a shared machine slows both sides.
    side_by_side = paired(py_loop, lambda: scale.grade_many(percents), 15)
    print(f"speed-up on a list, side by side (median of 15 pairs): {side_by_side:.1f}x (goal: at least 30x)")
    print(f"the bisect loop over the floors: {t_py / t_sum:.1f}x sum, {t_py / t_copy:.1f}x list copy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
