"""Where a step of ``backprop.train`` spends its time, function by function.

Run with one BLAS thread::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/profile_step.py [iris|digits|large]

Every public function of :mod:`backprop.layers` is replaced, for the duration of one
``backprop.train`` call, by a wrapper that times each call (``time.perf_counter_ns``); the model
calls them through the module (``layers.softmax(...)``), so the real training loop is measured,
not a copy of it. The table gives, for each call in a step (``affine_forward #2`` is its second
call), the median time over the steps and its share of the sum of these medians; the wrapper
itself adds about 0.2 µs a call, which matters only at iris size, and the step time printed
above the table includes the wrappers and the Python code of ``model`` and ``training``.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import functools
import inspect
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench

import backprop as bp
from backprop import layers


def timed(fn, record):
    """``fn`` with every call's duration (ns) appended to ``record``."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter_ns()
        result = fn(*args, **kwargs)
        record.append(time.perf_counter_ns() - start)
        return result
    return wrapper


def profile(case, steps: int) -> None:
    """Print the per-function table for ``steps`` steps of ``case``."""
    names = [n for n, f in vars(layers).items() if inspect.isfunction(f) and not n.startswith("_")
             and f.__module__ == layers.__name__]
    records = {name: [] for name in names}
    originals = {name: getattr(layers, name) for name in names}
    bp.train(case.X, case.y, case.params, lr=bench.cd.LR, reg=bench.cd.REG, maxit=2, abstol=-1.0)  # warm up
    try:
        for name in names:
            setattr(layers, name, timed(originals[name], records[name]))
        start = time.perf_counter()
        bp.train(case.X, case.y, case.params, lr=bench.cd.LR, reg=bench.cd.REG, maxit=steps, abstol=-1.0)
        per_step = (time.perf_counter() - start) / steps
    finally:
        for name, fn in originals.items():
            setattr(layers, name, fn)
    print(f"{case.name} ({case.shape}): {steps} steps, {per_step * 1e6:.1f} µs per step with the wrappers")
    rows = []
    for name, times in records.items():
        if times:
            per_call = np.array(times).reshape(steps, -1)[1:]  # drop step 1 (first touch of buffers)
            for k, median in enumerate(np.median(per_call, axis=0) / 1e3, start=1):
                rows.append((median, f"{name} #{k}" if per_call.shape[1] > 1 else name))
    total = sum(median for median, _ in rows)
    print("| call | median time | share |")
    print("| --- | ---: | ---: |")
    for median, label in sorted(rows, reverse=True):
        print(f"| {label} | {median:.2f} µs | {median / total:.0%} |")
    print(f"| sum | {total:.2f} µs | |")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    name = argv[0] if argv else "iris"
    steps = {"iris": 3000, "digits": 200, "large": 4}[name]
    (case,) = bench.build_cases(quick=False, names=[name])
    profile(case, steps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
