# expect: time_limit_exceeded
# Ignores SIGTERM, SIGXCPU, SIGINT and SIGHUP, then spins: only SIGKILL (the hard CPU
# limit, or the parent's kill) can stop it.
import signal

import numpy as np

for sig in (signal.SIGTERM, signal.SIGXCPU, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
    signal.signal(sig, signal.SIG_IGN)


class BatchNorm2D:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps, self.training = momentum, eps, True
        self.gamma = np.ones(num_features)
        self.beta = np.zeros(num_features)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x):
        n = 0
        while True:
            n += 1
