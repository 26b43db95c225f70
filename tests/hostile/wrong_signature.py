# expect: interface_error
# forward takes no input, and the constructor takes no momentum or eps.
import numpy as np


class BatchNorm2D:
    def __init__(self, num_features):
        self.gamma = np.ones(num_features)

    def forward(self):
        return None
