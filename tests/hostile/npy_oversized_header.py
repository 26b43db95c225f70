# expect: wrong_answer
# Computes the right answer, but replaces numpy's .npy writer so every recorded result
# claims an absurd shape (a 64 TiB array) behind a header padded to 60 KB: the parent
# must check the header against the byte count before it allocates anything.
import sys

import numpy as np


def _evil_write(fp, arr, version=None, allow_pickle=True, pickle_kwargs=None):
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4096, 4096, 4096, 128), }"
    header += " " * (60_000 - len(header)) + "\n"
    fp.write(b"\x93NUMPY\x02\x00" + len(header).to_bytes(4, "little") + header.encode())
    fp.write(b"\0" * 64)


# The harness writes every observed array with its own _write_record (the harness is
# __main__); numpy's writer is replaced too, for good measure.
sys.modules["__main__"]._write_record = lambda fp, arr: _evil_write(fp, arr)
np.lib.format.write_array = _evil_write
np.save = lambda file, arr, *a, **k: _evil_write(open(file, "wb"), arr)


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        axes = (0, 2, 3)
        if self.training:
            mean = x.mean(axis=axes, dtype=np.float64)
            var = x.var(axis=axes, dtype=np.float64)
            m = x.size // x.shape[1]
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
        else:
            mean, var = np.asarray(self.running_mean), np.asarray(self.running_var)
        s = (1, -1, 1, 1)
        y = (x - mean.reshape(s)) / np.sqrt(var.reshape(s) + self.eps)
        return (y * np.reshape(self.gamma, s) + np.reshape(self.beta, s)).astype(x.dtype)
