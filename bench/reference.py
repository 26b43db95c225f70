"""Time each reference forward/backward against the floor: ``numpy.mean`` + ``numpy.var``.

The floor is what any normaliser must at least do: one read of the input for the mean
and one for the variance, over the same axes the layer reduces. Each line prints the
best time of the reference, of the floor, and their ratio. Target: forward <= 4x.

    python bench/reference.py                  # N=64, C=64, 32x32, float32
    python bench/reference.py --dtype float64 --repeat 30
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

# One thread, so that the ratio compares algorithms rather than thread pools.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import solutions  # noqa: E402


def best_times(a: Callable[[], object], b: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Fastest of ``repeat`` runs of ``a`` and of ``b``, interleaved.

    Interleaving exposes both to the same background load, and the minimum is the run
    least disturbed by it (what ``timeit`` recommends), so the ratio is stable on a busy
    machine where medians drift.
    """
    a(), b()  # warm up: first-touch page faults and caches are not what we measure
    times_a, times_b = [], []
    for _ in range(repeat):
        for fn, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return min(times_a), min(times_b)


def floor(arrays: tuple[np.ndarray, ...], axes: tuple[int, ...]) -> Callable[[], object]:
    return lambda: [(np.mean(a, axis=axes), np.var(a, axis=axes)) for a in arrays]


Case = tuple[str, Callable[[], object], tuple[int, ...], tuple[np.ndarray, ...]]


def cases(x: np.ndarray, dout: np.ndarray) -> list[Case]:
    """(name, call, axes of the floor's mean and var, arrays the floor reads)."""
    n, c, h, w = x.shape
    style = dout
    bn_axes = (0, 2, 3)
    gamma = np.ones(c)
    bn_train = solutions.BatchNorm2D(c)
    bn_eval = solutions.BatchNorm2D(c).eval()
    flat = x.reshape(n, -1)  # (N, C*H*W): layer norm over every feature of a sample
    flat_rows = x.reshape(-1, w)  # (N*C*H, W): layer/RMS norm over the last axis
    ln = solutions.LayerNorm((c, h, w))
    gn = solutions.GroupNorm(8, c)
    inorm = solutions.InstanceNorm2D(c)
    rms = solutions.RMSNorm(w)
    bn_flat = x.transpose(0, 2, 3, 1).reshape(-1, c).copy()  # (N*H*W, C), as a BN1d sees it
    return [
        ("BatchNorm2D train", lambda: bn_train.forward(x), bn_axes, (x,)),
        ("BatchNorm2D eval", lambda: bn_eval.forward(x), bn_axes, (x,)),
        ("BatchNorm1D train (N*H*W, C)", lambda: solutions.BatchNorm1D(c).forward(bn_flat), (0,), (bn_flat,)),
        ("LayerNorm (C, H, W)", lambda: ln.forward(x), (1, 2, 3), (x,)),
        ("GroupNorm 8 groups", lambda: gn.forward(x), (1, 2, 3), (x,)),
        ("InstanceNorm2D", lambda: inorm.forward(x), (2, 3), (x,)),
        ("RMSNorm (last axis)", lambda: rms.forward(x), (3,), (x,)),
        # AdaIN takes the statistics of two arrays (content and style): its floor reads both.
        ("adain (floor: both arrays)", lambda: solutions.adain(x, style), (2, 3), (x, style)),
        ("batchnorm2d_backward", lambda: solutions.batchnorm2d_backward(dout, x, gamma), bn_axes, (x,)),
        (
            "batchnorm_backward (N*H*W, C)",
            lambda: solutions.batchnorm_backward(bn_flat, bn_flat, gamma),
            (0,),
            (bn_flat,),
        ),
        (
            "layernorm_backward (N, C*H*W)",
            lambda: solutions.layernorm_backward(flat, flat, np.ones(flat.shape[1])),
            (1, 2, 3),
            (x,),
        ),
        (
            "layernorm_backward (rows of W)",
            lambda: solutions.layernorm_backward(flat_rows, flat_rows, np.ones(w)),
            (3,),
            (x,),
        ),
        (
            "groupnorm_backward 8 groups",
            lambda: solutions.groupnorm_backward(dout, x, 8, gamma),
            (1, 2, 3),
            (x,),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", type=int, nargs=4, default=[64, 64, 32, 32])
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    x = rng.normal(1.0, 2.0, size=args.shape).astype(args.dtype)
    dout = rng.normal(size=args.shape).astype(args.dtype)
    mib = x.nbytes / 2**20
    print(f"input {tuple(args.shape)} {args.dtype} ({mib:.0f} MiB), numpy {np.__version__}")
    print(f"{'reference':34} {'ms':>8} {'floor ms':>9} {'ratio':>6}")
    for name, fn, axes, floor_arrays in cases(x, dout):
        ours, base = best_times(fn, floor(floor_arrays, axes), args.repeat)
        print(f"{name:34} {ours * 1e3:8.2f} {base * 1e3:9.2f} {ours / base:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
