# Mistake: Chan's pairwise merge with the correction delta^2 * na * nb instead of delta^2 * na * nb / n
import numpy as np


def merge_moments(counts, means, variances):
    n = float(counts[0])
    mean = means[0].copy()
    m2 = variances[0] * counts[0]
    for k in range(1, len(counts)):
        nb = float(counts[k])
        delta = means[k] - mean
        tot = n + nb
        mean = mean + delta * (nb / tot)
        m2 = m2 + variances[k] * nb + delta * delta * n * nb
        n = tot
    return mean.astype(means.dtype), (m2 / n).astype(means.dtype)
