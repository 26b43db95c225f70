# The input's dtype throughout (no float64 anywhere), sums taken one value after another
import numpy as np


class LayerNorm:
    def __init__(self, normalized_shape, eps=1e-5):
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape = shape
        self.eps = eps
        self.gamma = np.ones(shape)
        self.beta = np.zeros(shape)

    def forward(self, x):
        dt = x.dtype
        k = len(self.normalized_shape)
        rows = x.reshape(x.shape[: x.ndim - k] + (-1,))
        d = rows.shape[-1]
        mean = np.cumsum(rows, axis=-1, dtype=dt)[..., -1:] / dt.type(d)
        xc = rows - mean
        var = np.cumsum(xc * xc, axis=-1, dtype=dt)[..., -1:] / dt.type(d)
        xhat = (xc / np.sqrt(var + dt.type(self.eps))).reshape(x.shape)
        return (xhat * self.gamma.astype(dt) + self.beta.astype(dt)).astype(dt)
