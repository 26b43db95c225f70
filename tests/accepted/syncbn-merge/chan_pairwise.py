# Accepted: Chan et al.'s pairwise merge, one device at a time, in the means' dtype
import numpy as np


def merge_moments(counts, means, variances):
    t = means.dtype
    n = t.type(counts[0])
    mean = means[0].copy()
    m2 = variances[0] * n
    for k in range(1, counts.shape[0]):
        nb = t.type(counts[k])
        delta = means[k] - mean
        tot = n + nb
        mean = mean + delta * (nb / tot)
        m2 = m2 + variances[k] * nb + delta * delta * (n * nb / tot)
        n = tot
    return mean, m2 / n
