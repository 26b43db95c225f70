"""Reference normalisation layers in numpy: the grader's oracle.

Every name in CONTRACT.md section 3 is exported here with PyTorch's semantics, plus the
extra backward passes and the numerical-gradient helper that tests and backward
exercises use. Pure numpy; never imported by the grader's child process.
"""

from .batchnorm import BatchNorm1D, BatchNorm2D, batchnorm2d_backward, batchnorm_backward
from .dyt import DyT
from .fold import fold_bn_into_conv
from .gradcheck import numerical_gradient, relative_error
from .groupnorm import GroupNorm, groupnorm_backward
from .instancenorm import InstanceNorm2D, adain
from .layernorm import LayerNorm, layernorm_backward
from .merge import merge_moments
from .rmsnorm import RMSNorm, rmsnorm_backward

__all__ = [
    "BatchNorm1D",
    "BatchNorm2D",
    "DyT",
    "GroupNorm",
    "InstanceNorm2D",
    "LayerNorm",
    "RMSNorm",
    "adain",
    "batchnorm2d_backward",
    "batchnorm_backward",
    "fold_bn_into_conv",
    "groupnorm_backward",
    "layernorm_backward",
    "merge_moments",
    "numerical_gradient",
    "relative_error",
    "rmsnorm_backward",
]
