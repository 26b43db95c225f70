# expect: output_limit_exceeded
# 100 MB on stdout, with a correct-looking shape afterwards.
import sys

import numpy as np

CHUNK = "x" * 1_000_000 + "\n"


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        for _ in range(100):
            sys.stdout.write(CHUNK)
        sys.stdout.flush()
        return np.zeros_like(x)
