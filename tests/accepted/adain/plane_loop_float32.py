# Accepted: loops over (sample, channel) planes, accumulating in the content's dtype
import numpy as np


def _stats(plane, eps, t):
    m = t.type(plane.size)
    mu = plane.sum(dtype=t) / m
    d = plane - mu
    return mu, np.sqrt((d * d).sum(dtype=t) / m + t.type(eps))


def adain(content, style, eps=1e-5):
    t = content.dtype
    style = style.astype(t, copy=False)
    n, c = content.shape[:2]
    out = np.empty(content.shape, dtype=t)
    for i in range(n):
        for j in range(c):
            mu_c, sd_c = _stats(content[i, j], eps, t)
            mu_s, sd_s = _stats(style[i, j], eps, t)
            out[i, j] = (content[i, j] - mu_c) * (sd_s / sd_c) + mu_s
    return out
