# Mistake: returns the unbiased variance (divides by N - 1), though normalisation uses the biased one
import numpy as np


def merge_moments(counts, means, variances):
    w = counts.astype(means.dtype)[:, None]
    total = w.sum()
    mean = (w * means).sum(axis=0) / total
    var = (w * (variances + (means - mean) ** 2)).sum(axis=0) / (total - 1)
    return mean, var
