# expect: runtime_error
# Opens files until the open-files limit says no (EMFILE).
import numpy as np

KEEP = []


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        for i in range(10_000):
            KEEP.append(open(f"f{i % 50}.txt", "a"))
        return np.zeros_like(x)
