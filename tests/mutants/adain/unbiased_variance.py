# Mistake: unbiased variance in both sigmas
# hint: unbiased-variance
import numpy as np


def adain(content, style, eps=1e-5):
    axes = (2, 3)
    mu_c = content.mean(axis=axes, keepdims=True)
    sigma_c = np.sqrt(content.var(axis=axes, ddof=1, keepdims=True) + eps)
    mu_s = style.mean(axis=axes, keepdims=True)
    sigma_s = np.sqrt(style.var(axis=axes, ddof=1, keepdims=True) + eps)
    out = sigma_s * (content - mu_c) / sigma_c + mu_s
    return out.astype(content.dtype)
