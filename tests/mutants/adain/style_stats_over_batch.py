# Mistake: style statistics pooled over the whole batch (axes 0, 2, 3)
# hint: style-stats-over-batch
import numpy as np


def adain(content, style, eps=1e-5):
    axes = (2, 3)
    mu_c = content.mean(axis=axes, keepdims=True)
    sigma_c = np.sqrt(((content - mu_c) ** 2).mean(axis=axes, keepdims=True) + eps)
    mu_s = style.mean(axis=(0, 2, 3), keepdims=True)
    sigma_s = np.sqrt(((style - mu_s) ** 2).mean(axis=(0, 2, 3), keepdims=True) + eps)
    out = sigma_s * (content - mu_c) / sigma_c + mu_s
    return out.astype(content.dtype)
