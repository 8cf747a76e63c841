r"""Benchmark ``backprop.train`` per step against references, measured interleaved in one run.

Run with one BLAS thread (``make bench`` does this)::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/run.py [--quick] [--cases iris,digits,large]

Method
------
*Time per step.* Each contender (see :mod:`contenders`) is a callable ``run(steps)`` that takes
``steps`` full-batch steps from the same starting point; a call also has a fixed cost that is not
a step (input validation, allocating the workspace, scikit-learn's ~2 ms of set-up per ``fit``).
So a round times one call with ``k`` steps and one with 1 step, back to back, and takes

.. math:: t_\text{step} = \frac{t(k) - t(1)}{k - 1},

which cancels the fixed cost exactly for every contender alike (``k`` is the case's ``steps``).
Both timed calls follow an untimed 1-step call of the same contender: the fixed cost depends on
what ran just before (on this virtual machine, memory freed a second or more ago is slow to touch
again: at 60000×784 a ``train(1)`` takes 1.3 s after another ``train`` call and 1.6–1.8 s after
another contender), and without it ``t(k)`` would pay that and ``t(1)`` would not.
For scikit-learn, ``t(k)`` is one ``fit`` with ``max_iter=k`` and ``t(1)`` one with ``max_iter=1``,
so this is its time per epoch without the per-call overhead.

*Interleaving.* A machine shared with other jobs changes speed from second to second, so the
contenders are timed in rounds: every round times every contender once, in an order rotated from
round to round. Within a round the ratios ``train / contender`` are taken, and the table reports
the median over rounds of each ratio (and the median time per step). A ratio from one round
compares measurements a few seconds apart, so it is far steadier than the times themselves.

*Threads.* ``OPENBLAS_NUM_THREADS`` (and the OpenMP/MKL equivalents) default to 1 here, set before
numpy is imported; the table header reports what the BLAS actually uses (threadpoolctl).

Targets (from the issue): ``train`` at least 2× faster than scikit-learn per epoch at iris size
and 1.4× at digits size; never slower than the minimal loop; at 60000×784 within 1.1× of the
matrix products alone.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from threadpoolctl import threadpool_info

sys.path.insert(0, str(Path(__file__).resolve().parent))
import backprop as bp

import contenders as cd

# For each case and contender with a target: the largest allowed train/contender time ratio and
# what the target says in words.
TARGETS = {
    "iris": {"sklearn": (1 / 2.0, "2× faster"), "loop": (1.0, "not slower")},
    "digits": {"sklearn": (1 / 1.4, "1.4× faster"), "loop": (1.0, "not slower")},
    "large": {"loop": (1.0, "not slower"), "products": (1.1, "within 1.1×")},
}
LABELS = {"train": "backprop.train", "loop": "minimal loop (plain numpy)",
          "prealloc": "preallocated loop (inlined, in place)", "sklearn": "scikit-learn MLPClassifier.fit",
          "products": "matrix products only (floor)"}


def build_cases(quick: bool, names: list[str]) -> list[cd.Case]:
    """The three problem sizes of the issue (fewer steps and rounds with ``quick``)."""
    cases = []
    if "iris" in names:
        X, y, _, _ = bp.load_iris_data()
        split = bp.split_per_class(X, y, n_train_per_class=25, rng=1)  # the R program's 75-row batch
        cases.append(cd.make_case("iris", split.X_train, split.y_train, 10,
                                  steps=300 if quick else 2000, rounds=5 if quick else 21))
    if "digits" in names:
        from sklearn.datasets import load_digits
        digits = load_digits()
        cases.append(cd.make_case("digits", digits.data / 16.0, digits.target, 64,
                                  steps=30 if quick else 200, rounds=5 if quick else 15))
    if "large" in names:
        rng = np.random.default_rng(0)  # synthetic, MNIST-sized
        X, y = rng.random((60000, 784)), rng.integers(0, 10, 60000)
        cases.append(cd.make_case("large", X, y, 256, steps=2 if quick else 4, rounds=1 if quick else 5))
    return cases


def time_call(run, steps: int) -> float:
    """Wall-clock seconds of one ``run(steps)``."""
    start = time.perf_counter()
    run(steps)
    return time.perf_counter() - start


def measure(case: cd.Case, names: list[str]) -> dict[str, np.ndarray]:
    """Time per step of each contender in each round (seconds; an array over rounds)."""
    runs = {name: cd.CONTENDERS[name](case) for name in names}
    per_step = {name: [] for name in names}
    for r in range(case.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            runs[name](1)  # untimed: what the previous contender left behind is not charged to this one
            t_k = time_call(runs[name], case.steps)
            t_1 = time_call(runs[name], 1)
            per_step[name].append((t_k - t_1) / (case.steps - 1))
    return {name: np.array(times) for name, times in per_step.items()}


def fmt_time(seconds: float) -> str:
    """µs, ms or s with three significant figures."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale or unit == "µs":
            return f"{seconds / scale:.3g} {unit}"


def header() -> str:
    """Machine, versions, BLAS threads and load."""
    blas = ", ".join(f"{i['internal_api']} {i['version']} ({i['num_threads']} thread"
                     f"{'s' if i['num_threads'] != 1 else ''})" for i in threadpool_info() if i["user_api"] == "blas")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"Python {platform.python_version()}, numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
            f"BLAS: {blas}; CPU: {cpu} ({os.cpu_count()} cores), load average {load:.2f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps and rounds (about 30 s)")
    parser.add_argument("--cases", default="iris,digits,large", help="comma-separated: iris,digits,large")
    parser.add_argument("--contenders", default=",".join(cd.CONTENDERS),
                        help="comma-separated subset of " + ",".join(cd.CONTENDERS) + " (train is always timed)")
    args = parser.parse_args(argv)
    cases = build_cases(args.quick, args.cases.split(","))
    print(header())
    if os.getloadavg()[0] > 0.5 * os.cpu_count():
        print("Note: the machine is busy; expect noisier ratios (run again when it is quiet).")
    print()
    print("| size | contender | time per step | train ÷ contender (quartiles) | target | met |")
    print("| --- | --- | ---: | ---: | --- | --- |")
    all_met = True
    for case in cases:
        cd.check_same_steps(case)
        names = ["train"] + [name for name in args.contenders.split(",") if name in cd.CONTENDERS and name != "train"]
        per_step = measure(case, names)
        for name in names:
            ratios = per_step["train"] / per_step[name]  # per round, then the median over rounds
            ratio = np.median(ratios)
            limit, what = TARGETS[case.name].get(name, (None, ""))
            met = "" if limit is None else ("yes" if ratio <= limit else "**no**")
            all_met &= met != "**no**"
            target = "" if limit is None else f"≤ {limit:.2f} ({what})"
            q1, q3 = np.percentile(ratios, [25, 75])
            shown = "" if name == "train" else f"{ratio:.2f} ({q1:.2f}–{q3:.2f})"
            print(f"| {case.name} ({case.shape}) | {LABELS[name]} | {fmt_time(np.median(per_step[name]))} "
                  f"| {shown} | {target} | {met} |", flush=True)
    print()
    print("Steps timed: t(k) − t(1) over k − 1 steps; k = "
          + ", ".join(f"{c.steps} ({c.name}, {c.rounds} round{'s' if c.rounds != 1 else ''})" for c in cases) + ".")
    print(f"Load average at the end: {os.getloadavg()[0]:.2f}")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
