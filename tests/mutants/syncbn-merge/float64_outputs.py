# Mistake: int64 counts times float32 means promote to float64, and the result stays float64
import numpy as np


def merge_moments(counts, means, variances):
    w = counts[:, None]
    total = counts.sum()
    mean = (w * means).sum(axis=0) / total
    var = (w * (variances + (means - mean) ** 2)).sum(axis=0) / total
    return mean, var
