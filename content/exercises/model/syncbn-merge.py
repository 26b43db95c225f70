import numpy as np


def merge_moments(counts, means, variances):
    # Each device sends (n_k, mu_k, var_k) per channel, not its activations.
    # Weights in the means' dtype: int64 counts would promote float32 to float64.
    n = counts.astype(means.dtype)[:, None]
    total = n.sum()
    mean = np.sum(n * means, axis=0) / total
    # Sum of squares = within-device part + between-device part:
    #   N var = sum_k n_k var_k + sum_k n_k (mu_k - mean)^2
    # Only deviations from the merged mean are added up (Chan's merge), never
    # E[x^2] - E[x]^2, which cancels every digit when the offset dwarfs the spread.
    dev = means - mean
    var = np.sum(n * (variances + dev * dev), axis=0) / total
    return mean, var  # biased: what normalises; running_var would use N / (N - 1)
