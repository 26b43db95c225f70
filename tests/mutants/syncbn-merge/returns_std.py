# Mistake: returns the standard deviation instead of the variance
import numpy as np


def merge_moments(counts, means, variances):
    w = counts.astype(means.dtype)[:, None]
    total = w.sum()
    mean = (w * means).sum(axis=0) / total
    var = (w * (variances + (means - mean) ** 2)).sum(axis=0) / total
    return mean, np.sqrt(var)
