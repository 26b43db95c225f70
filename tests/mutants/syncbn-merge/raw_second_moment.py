# Mistake: E[x^2] - E[x]^2 from the raw second moments: cancels catastrophically when the offset dwarfs the spread
import numpy as np


def merge_moments(counts, means, variances):
    w = counts.astype(means.dtype)[:, None]
    total = w.sum()
    mean = (w * means).sum(axis=0) / total
    second = (w * (variances + means * means)).sum(axis=0) / total
    return mean, second - mean * mean
