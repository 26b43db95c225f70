# expect: runtime_error
# Lifts the recursion limit and makes C code recurse 300,000 levels deep (the json
# encoder on a nested list; Python-to-Python calls no longer use the C stack in 3.11):
# the C stack overflows and the process dies of SIGSEGV.
import json
import sys

import numpy as np


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        sys.setrecursionlimit(10**8)
        nested = []
        for _ in range(300_000):
            nested = [nested]
        return json.dumps(nested)
