# expect: memory_limit_exceeded
# One 8 GiB allocation, touched so that overcommit cannot hide it.
import numpy as np


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        big = np.ones(8 * 2**30, dtype=np.uint8)
        return big[: x.size].reshape(x.shape).astype(x.dtype)
