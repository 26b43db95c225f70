"""Instance normalisation and adaptive instance normalisation (AdaIN).

InstanceNorm2D is ``torch.nn.InstanceNorm2d(affine=True, track_running_stats=False)``:
per sample and channel statistics over H and W, in training and eval alike. AdaIN
renormalises the content's per-channel statistics to the style's.
"""

from __future__ import annotations

import numpy as np

from ._common import Layer, centered_moments, check_float_array, inverse_std, param

_SPATIAL = (-2, -1)


def _check_spatial(x: np.ndarray) -> None:
    """PyTorch refuses instance statistics over a single spatial element."""
    if x.shape[-2] * x.shape[-1] <= 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {x.shape}")


class InstanceNorm2D(Layer):
    """Input (N, C, H, W), or (C, H, W) unbatched as PyTorch also accepts."""

    def __init__(self, num_features: int, eps: float = 1e-5) -> None:
        self.num_features = int(num_features)
        self.eps = eps
        self.gamma = np.ones(self.num_features)
        self.beta = np.zeros(self.num_features)
        # Without running statistics the mode changes nothing; kept for symmetry.
        self.training = True


    def forward(self, x: np.ndarray) -> np.ndarray:
        x = check_float_array(x)
        if x.ndim not in (3, 4):
            raise ValueError(f"expected 3D or 4D input (got {x.ndim}D input)")
        if x.shape[-3] != self.num_features:
            raise ValueError(f"expected {self.num_features} channels, got input of shape {x.shape}")
        _check_spatial(x)
        c = (self.num_features,)
        gamma = param(self.gamma, x.dtype, "gamma", c)[:, None, None]
        beta = param(self.beta, x.dtype, "beta", c)[:, None, None]
        _, var, out = centered_moments(x, _SPATIAL)
        out *= inverse_std(var, self.eps)
        out *= gamma
        out += beta
        return out


def adain(content: np.ndarray, style: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """``sigma(s) * (c - mu(c)) / sigma(c) + mu(s)`` per sample and channel.

    ``mu`` and ``sigma = sqrt(biased_var + eps)`` are taken over the spatial axes, so
    the style may have a different H and W from the content. The result has the
    content's shape and dtype.
    """
    content = check_float_array(content, "content")
    style = check_float_array(style, "style")
    if content.ndim != 4 or style.ndim != 4:
        raise ValueError(f"content and style must be (N, C, H, W), got {content.shape} and {style.shape}")
    if content.shape[:2] != style.shape[:2]:
        raise ValueError(f"content and style must agree on N and C, got {content.shape} and {style.shape}")
    style = style.astype(content.dtype, copy=False)
    _, c_var, out = centered_moments(content, _SPATIAL)
    s_mean, s_var, _ = centered_moments(style, _SPATIAL)
    out *= np.sqrt(s_var + eps) * inverse_std(c_var, eps)
    out += s_mean
    return out
