# Planes moved to the front and flattened, sums taken one value after another (cumsum)
import numpy as np


class InstanceNorm2D:
    def __init__(self, num_features, eps=1e-5):
        self.eps = eps
        self.training = True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)

    def forward(self, x):
        n, c, h, w = x.shape
        planes = np.moveaxis(x.reshape(n, c, h * w), -1, 0)  # (H*W, N, C)
        mean = np.cumsum(planes, axis=0)[-1] / (h * w)
        var = np.cumsum((planes - mean) ** 2, axis=0)[-1] / (h * w)
        y = (x - mean[..., None, None]) / np.sqrt(var[..., None, None] + self.eps)
        return (y * self.gamma[:, None, None] + self.beta[:, None, None]).astype(x.dtype)
