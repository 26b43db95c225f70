# Mistake: centres the caller's means array in place
import numpy as np


def merge_moments(counts, means, variances):
    w = counts.astype(means.dtype)[:, None]
    total = w.sum()
    mean = (w * means).sum(axis=0) / total
    means -= mean
    var = (w * (variances + means ** 2)).sum(axis=0) / total
    return mean, var
