# Mistake: eps only in sigma(content): sigma(style) = sqrt(var)
# hint: eps-only-in-content-sigma
import numpy as np


def adain(content, style, eps=1e-5):
    axes = (2, 3)
    mu_c = content.mean(axis=axes, keepdims=True)
    sigma_c = np.sqrt(((content - mu_c) ** 2).mean(axis=axes, keepdims=True) + eps)
    mu_s = style.mean(axis=axes, keepdims=True)
    sigma_s = np.sqrt(((style - mu_s) ** 2).mean(axis=axes, keepdims=True))
    out = sigma_s * (content - mu_c) / sigma_c + mu_s
    return out.astype(content.dtype)
