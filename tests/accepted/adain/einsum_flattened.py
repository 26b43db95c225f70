# Accepted: einsum over (N, C, S) views of both maps
import numpy as np


def _mean_std(z, eps):
    flat = z.reshape(z.shape[0], z.shape[1], -1)
    s = flat.shape[-1]
    mean = np.einsum("ncs->nc", flat) / s
    d = flat - mean[..., None]
    var = np.einsum("ncs,ncs->nc", d, d) / s
    return mean[..., None, None], np.sqrt(var + eps)[..., None, None]


def adain(content, style, eps=1e-5):
    mc, sc = _mean_std(content, eps)
    ms, ss = _mean_std(style, eps)
    return ((content - mc) * (ss / sc) + ms).astype(content.dtype)
