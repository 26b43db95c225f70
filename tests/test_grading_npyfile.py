"""Reading what the child wrote: headers validated against the byte count, no pickles."""

from __future__ import annotations

import os

import numpy as np
import pytest

from quizapp.grading import npyfile


def test_round_trip_c_and_fortran_order(tmp_path):
    a = np.arange(12.0).reshape(3, 4)
    np.save(tmp_path / "c.npy", a)
    np.save(tmp_path / "f.npy", np.asfortranarray(a))
    np.testing.assert_array_equal(npyfile.load(tmp_path / "c.npy", (3, 4)), a)
    np.testing.assert_array_equal(npyfile.load(tmp_path / "f.npy", (3, 4)), a)


def test_a_header_claiming_more_data_than_the_file_holds_is_refused(tmp_path):
    path = tmp_path / "x.npy"
    np.save(path, np.zeros(4))
    raw = path.read_bytes().replace(b"(4,)", b"(9999999999,)".ljust(4))
    path.write_bytes(raw)
    with pytest.raises(npyfile.BadFile):
        npyfile.load(path)


def test_truncated_and_padded_files_are_refused(tmp_path):
    path = tmp_path / "x.npy"
    np.save(path, np.zeros(16))
    raw = path.read_bytes()
    for bad in (raw[:-8], raw + b"\0" * 8, b"not an npy file"):
        path.write_bytes(bad)
        with pytest.raises(npyfile.BadFile):
            npyfile.load(path)


def test_object_arrays_are_refused_without_unpickling(tmp_path):
    path = tmp_path / "o.npy"
    np.save(path, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(npyfile.BadFile, match="not a plain numeric dtype"):
        npyfile.load(path)


def test_wrong_shape_returns_the_header_without_reading(tmp_path):
    path = tmp_path / "x.npy"
    np.save(path, np.zeros((2, 5)))
    header = npyfile.load(path, expected_shape=(3, 4))
    assert isinstance(header, npyfile.Header) and header.shape == (2, 5)


def test_symlinks_and_missing_files_are_refused(tmp_path):
    target = tmp_path / "real.npy"
    np.save(target, np.zeros(3))
    os.symlink(target, tmp_path / "link.npy")
    for name in ("link.npy", "missing.npy"):
        with pytest.raises(npyfile.BadFile):
            npyfile.load(tmp_path / name)


@pytest.mark.parametrize(
    "array",
    [
        np.zeros((2, 3)),
        np.ones(5, dtype=np.float32),
        np.asfortranarray(np.ones((3, 4))),
        np.zeros(()),
        np.zeros((0, 3)),
        np.arange(4, dtype=">f8"),
        np.arange(6).reshape(2, 3),
    ],
)
def test_fast_header_parse_agrees_with_numpy(tmp_path, array):
    path = tmp_path / "a.npy"
    np.save(path, array)
    with open(path, "rb") as f:
        fast = npyfile._fast_header(f)
        f.seek(0)
        assert np.lib.format.read_magic(f) == (1, 0)
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
    assert fast is not None and (fast.shape, fast.fortran, fast.dtype) == (shape, fortran, dtype)
    np.testing.assert_array_equal(npyfile.load(path), array)


def test_records_are_read_by_byte_range_and_ranges_are_checked(tmp_path):
    path = tmp_path / "r.npys"
    with open(path, "wb") as f:
        np.lib.format.write_array(f, np.arange(3.0))
        middle = f.tell()
        np.lib.format.write_array(f, np.ones((2, 2), dtype=np.float32))
        end = f.tell()
    with npyfile.Records(path) as records:
        np.testing.assert_array_equal(records.load(middle, end, (2, 2)), np.ones((2, 2)))
        np.testing.assert_array_equal(records.load(0, middle), np.arange(3.0))
        for start, stop in ((0, end), (middle, end + 1), (-1, middle), ("0", middle)):
            with pytest.raises(npyfile.BadFile):
                records.load(start, stop)
