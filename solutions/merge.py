"""Merging per-device batch moments, as SyncBatchNorm gathers them.

Each of K devices holds ``n_k`` samples with mean ``mu_k`` and biased variance
``var_k`` (per channel). The moments of the union are

    mean = sum_k n_k mu_k / N,    var = sum_k n_k (var_k + (mu_k - mean)^2) / N,

the second form being Chan et al.'s parallel merge written for K parts at once: it
adds up squared deviations from the merged mean, never the raw second moments
``var_k + mu_k^2``. The textbook ``E[x^2] - E[x]^2`` subtracts two numbers of size
``mean^2`` to find one of size ``var``, and loses every digit when the offset dwarfs
the spread (it can even return a negative variance).
"""

from __future__ import annotations

import numpy as np

from ._common import check_float_array


def merge_moments(counts: np.ndarray, means: np.ndarray, variances: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(mean, var)`` of shape (C,) from counts (K,) and per-device means, variances (K, C)."""
    means = check_float_array(means, "means")
    variances = check_float_array(variances, "variances").astype(means.dtype, copy=False)
    counts = np.asarray(counts)
    if means.ndim != 2 or variances.shape != means.shape or counts.shape != means.shape[:1]:
        raise ValueError(
            f"expected counts (K,), means and variances (K, C); got {counts.shape}, {means.shape}, {variances.shape}"
        )
    if counts.dtype.kind not in "iuf" or np.any(counts < 1):
        raise ValueError("counts must be numbers >= 1")
    # Weights in the means' dtype: an int64 count times a float32 mean would be float64.
    weights = counts.astype(means.dtype)[:, None]
    total = weights.sum(axis=0)
    mean = (weights * means).sum(axis=0) / total
    spread = means - mean
    var = (weights * (variances + spread * spread)).sum(axis=0) / total
    return mean, var
