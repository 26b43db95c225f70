import numpy as np


def adain(content, style, eps=1e-5):
    # Per sample and channel statistics over the spatial axes; style may have a
    # different H, W, which is fine: only its statistics are used.
    c_mean = content.mean(axis=(2, 3), keepdims=True)
    c_std = np.sqrt(content.var(axis=(2, 3), keepdims=True) + eps)  # eps in BOTH stds
    s_mean = style.mean(axis=(2, 3), keepdims=True)
    s_std = np.sqrt(style.var(axis=(2, 3), keepdims=True) + eps)
    # Normalise the content, then give it the style's statistics: the content
    # supplies the structure, the style only a scale and a shift per channel.
    out = s_std * (content - c_mean) / c_std + s_mean
    return out.astype(content.dtype)
