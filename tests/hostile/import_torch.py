# expect: runtime_error
# torch is installed next to numpy in the grader's own environment; it must not be
# importable in here, even by adding site-packages back to sys.path.
import os
import sys

import numpy as np

sys.path.append(os.path.dirname(os.path.dirname(os.path.realpath(np.__file__))))
import torch  # noqa: E402


class BatchNorm2D(torch.nn.BatchNorm2d):
    def forward(self, x):
        return super().forward(torch.from_numpy(x)).detach().numpy()
