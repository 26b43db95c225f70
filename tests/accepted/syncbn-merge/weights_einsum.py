# Accepted: normalised weights and einsum, squared deviations from the merged mean
import numpy as np


def merge_moments(counts, means, variances):
    p = (counts / counts.sum()).astype(means.dtype)
    mean = np.einsum("k,kc->c", p, means)
    dev = means - mean
    var = np.einsum("k,kc->c", p, variances) + np.einsum("k,kc,kc->c", p, dev, dev)
    return mean, var
