"""Read .npy records the child wrote, trusting nothing in them.

`np.load` believes the header: a forged shape makes it allocate whatever the header
says, and `allow_pickle=True` would run code. Here the header is parsed on its own, the
dtype must be plain numeric, the byte count must match the header exactly, and the
shape is compared with the expected one *before* any data is read.

The child appends every observed array, as one .npy record each, to a single results
file (one open and one write per array instead of a file each); a `Records` reader
takes a record by its byte range.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass
from typing import Any, BinaryIO

import numpy as np
from numpy.lib import format as npformat

MAX_BYTES = 512 * 2**20


class BadFile(Exception):
    """The file is not a well-formed plain numeric .npy (only the submission can cause that)."""


@dataclass(frozen=True)
class Header:
    """A validated .npy header: dtype, shape and memory order."""

    shape: tuple[int, ...]
    dtype: np.dtype
    fortran: bool
    offset: int

    @property
    def nbytes(self) -> int:
        return math.prod(self.shape) * self.dtype.itemsize


# The exact header numpy writes; parsed by regex because ast.literal_eval (what numpy uses)
# costs ~0.3 ms a record. Anything else falls back to numpy's own (safe) parser.
_HEADER = re.compile(
    rb"\{'descr': '([<>|=]?[a-z]\d{1,2})', 'fortran_order': (True|False), 'shape': \(((?:\d+, ?)*\d*)\), \} *\n"
)


def _fast_header(f: BinaryIO) -> Header | None:
    start = f.tell()
    prefix = f.read(10)
    if len(prefix) == 10 and prefix[:8] == b"\x93NUMPY\x01\x00":
        length = int.from_bytes(prefix[8:10], "little")
        raw = f.read(length)
        m = _HEADER.fullmatch(raw)
        if m is not None and len(raw) == length:
            shape = tuple(int(n) for n in m.group(3).replace(b" ", b"").split(b",") if n)
            dtype = np.dtype(m.group(1).decode("ascii"))
            if dtype.kind in "biufc":
                return Header(shape, dtype, m.group(2) == b"True", f.tell())
    f.seek(start)
    return None


def read_header(f) -> Header:  # noqa: ANN001 - a binary file object
    fast = _fast_header(f)
    if fast is not None:
        return fast
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


def _open_regular(path: os.PathLike[str] | str) -> tuple[BinaryIO, int]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)  # no symlinks, no FIFOs
    except OSError as exc:
        raise BadFile(f"missing or unreadable: {exc.strerror}") from None
    f = os.fdopen(fd, "rb")
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        f.close()
        raise BadFile("not a regular file")
    return f, info.st_size


def _read_record(f: BinaryIO, start: int, end: int, expected_shape: tuple[int, ...] | None) -> np.ndarray | Header:
    f.seek(start)
    header = read_header(f)
    if header.offset + header.nbytes != end:
        raise BadFile(f"record of {end - start} bytes does not match its header ({header.nbytes} bytes of data)")
    if expected_shape is not None and header.shape != tuple(expected_shape):
        return header
    if header.nbytes > MAX_BYTES:
        raise BadFile(f"{header.nbytes} bytes is more than any expected output")
    data = f.read(header.nbytes)
    if len(data) != header.nbytes:
        raise BadFile("file shrank while being read")
    return np.frombuffer(data, dtype=header.dtype).reshape(header.shape, order="F" if header.fortran else "C")


def load(path: os.PathLike[str] | str, expected_shape: tuple[int, ...] | None = None) -> np.ndarray | Header:
    """The array of a whole .npy file, or only its Header when its shape is not `expected_shape`."""
    f, size = _open_regular(path)
    with f:
        return _read_record(f, 0, size, expected_shape)


class Records:
    """A file of concatenated .npy records, read by byte ranges the child reported."""

    def __init__(self, path: os.PathLike[str] | str) -> None:
        try:
            self._file: BinaryIO | None
            self._file, self._size = _open_regular(path)
        except BadFile:
            self._file, self._size = None, 0

    def load(self, start: Any, end: Any, expected_shape: tuple[int, ...] | None = None) -> np.ndarray | Header:
        ok = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= self._size
        if self._file is None or not ok:
            raise BadFile("the result record is missing or out of range")
        return _read_record(self._file, start, end, expected_shape)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def __enter__(self) -> Records:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
