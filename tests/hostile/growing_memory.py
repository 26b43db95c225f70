# expect: memory_limit_exceeded
# Grows 64 MiB at a time and keeps every block.
import numpy as np

HOARD = []


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        while True:
            HOARD.append(np.ones(64 * 2**20, dtype=np.uint8))
