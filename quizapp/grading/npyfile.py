"""Read a .npy file the child wrote, trusting nothing in it.

`np.load` believes the header: a forged shape makes it allocate whatever the header
says, and `allow_pickle=True` would run code. Here the header is parsed on its own, the
dtype must be plain numeric, the byte count must match the header exactly, and the
shape is compared with the expected one *before* any data is read.
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass

import numpy as np
from numpy.lib import format as npformat

MAX_BYTES = 512 * 2**20


class BadFile(Exception):
    """The file is not a well-formed plain numeric .npy (only the submission can cause that)."""


@dataclass(frozen=True)
class Header:
    shape: tuple[int, ...]
    dtype: np.dtype
    fortran: bool
    offset: int

    @property
    def nbytes(self) -> int:
        return math.prod(self.shape) * self.dtype.itemsize


def read_header(f) -> Header:  # noqa: ANN001 - a binary file object
    try:
        version = npformat.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = npformat.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran, dtype = npformat.read_array_header_2_0(f)
        else:
            raise BadFile(f"unsupported .npy version {version}")
    except BadFile:
        raise
    except Exception as exc:  # ValueError and friends from a mangled header
        raise BadFile(f"unreadable .npy header: {exc}") from None
    if dtype.hasobject or dtype.names is not None or dtype.subdtype is not None or dtype.kind not in "biufc":
        raise BadFile(f"dtype {dtype} is not a plain numeric dtype")
    if not all(isinstance(n, int) and n >= 0 for n in shape):
        raise BadFile("bad shape in header")
    return Header(tuple(shape), dtype, bool(fortran), f.tell())


def load(path: os.PathLike[str] | str, expected_shape: tuple[int, ...] | None = None) -> np.ndarray | Header:
    """The array, or only its Header when its shape is not `expected_shape` (nothing read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise BadFile(f"missing or unreadable: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise BadFile("not a regular file")
        header = read_header(f)
        if header.offset + header.nbytes != info.st_size:
            raise BadFile(f"size {info.st_size} does not match its header ({header.offset} + {header.nbytes})")
        if expected_shape is not None and header.shape != tuple(expected_shape):
            return header
        if header.nbytes > MAX_BYTES:
            raise BadFile(f"{header.nbytes} bytes is more than any expected output")
        data = f.read(header.nbytes)
    if len(data) != header.nbytes:
        raise BadFile("file shrank while being read")
    return np.frombuffer(data, dtype=header.dtype).reshape(header.shape, order="F" if header.fortran else "C")
