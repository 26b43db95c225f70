"""Cases from a seed: reproducible, layouts kept, random dims within range."""

from __future__ import annotations

import numpy as np

from quizapp.grading.casespec import parse_cases
from quizapp.grading.generate import build_cases

SPEC = parse_cases(
    {
        "samples": [
            {
                "name": "s",
                "arrays": {"x": {"shape": [2, 2], "values": [[1, 2], [3, 4]]}},
                "steps": [{"construct": {"args": [2]}}, {"call": {"method": "forward", "args": ["$x"]}}],
            }
        ],
        "hidden": [
            {
                "name": "views",
                "dtype": "float32",
                "dims": {"C": 3},
                "arrays": {
                    "t": {"shape": [2, "C", 4, 5], "layout": "transposed", "mean": 1000.0, "std": 0.001},
                    "s": {"shape": [2, "C", 4, 5], "layout": "strided"},
                    "g": {"shape": ["C"], "dist": "uniform", "low": 0.5, "high": 2.0},
                    "k": {"shape": ["C"], "dist": "const", "value": 7},
                },
                "steps": [
                    {"construct": {"args": ["C"], "kwargs": {"shape": ["C", 2]}}},
                    {"set": {"gamma": "$g"}},
                    {"call": {"method": "forward", "args": ["$t", "$s"]}},
                    {"read": ["running_mean"]},
                ],
            }
        ],
        "random": [
            {
                "name": "r N={N} {dtype}",
                "count": 5,
                "dtype": ["float32", "float64"],
                "dims": {"N": [2, 4]},
                "arrays": {"x": {"shape": ["N", 3]}},
                "steps": [{"construct": {"args": [3]}}, {"call": {"method": "forward", "args": ["$x"]}}],
            }
        ],
    }
)


def test_same_seed_same_cases_other_seed_other_values():
    a, b, c = build_cases(SPEC, 5), build_cases(SPEC, 5), build_cases(SPEC, 6)
    assert [x.name for x in a] == [x.name for x in b]
    np.testing.assert_array_equal(a[1].arrays["t"].base, b[1].arrays["t"].base)
    assert not np.array_equal(a[1].arrays["t"].base, c[1].arrays["t"].base)
    np.testing.assert_array_equal(a[0].arrays["x"].base, [[1, 2], [3, 4]])


def test_layouts_are_non_contiguous_views_of_the_logical_shape():
    case = build_cases(SPEC, 1)[1]
    t, s = case.arrays["t"].value(), case.arrays["s"].value()
    assert t.shape == s.shape == (2, 3, 4, 5)
    assert not t.flags.c_contiguous and not s.flags.c_contiguous
    assert t.dtype == np.float32 and case.arrays["t"].base.flags.c_contiguous
    assert abs(float(t.astype(np.float64).mean()) - 1000.0) < 0.01
    assert np.isfinite(s).all() and np.isnan(case.arrays["s"].base).any()
    g = case.arrays["g"].value()
    assert ((g >= 0.5) & (g <= 2.0)).all() and (case.arrays["k"].value() == 7).all()


def test_steps_are_protocol_json_with_dims_resolved():
    steps = build_cases(SPEC, 1)[1].steps
    assert steps[0] == {"op": "construct", "args": [3], "kwargs": {"shape": {"$tuple": [3, 2]}}}
    assert steps[1] == {"op": "set", "attrs": {"gamma": {"$array": "g"}}}
    assert steps[2]["args"] == [{"$array": "t"}, {"$array": "s"}] and steps[2]["outputs"] == ["output"]
    assert steps[3] == {"op": "read", "attrs": ["running_mean"]}


def test_random_cases_draw_dims_and_dtypes_and_name_them():
    cases = build_cases(SPEC, 3)[2:]
    assert len(cases) == 5
    for case in cases:
        assert 2 <= case.dims["N"] <= 4 and case.arrays["x"].base.shape == (case.dims["N"], 3)
        assert case.name == f"r N={case.dims['N']} {case.dtype}"
    assert build_cases(SPEC, 3, samples_only=True)[0].hidden is False
    assert len(build_cases(SPEC, 3, samples_only=True)) == 1


def test_int64_arrays_stay_exact_integers_and_do_not_set_the_output_dtype():
    from quizapp.grading.engine import observables

    spec = parse_cases(
        {
            "hidden": [
                {
                    "name": "merge",
                    "dtype": "float32",
                    "dims": {"K": 4, "C": 3},
                    "arrays": {
                        "counts": {"shape": ["K"], "dtype": "int64", "dist": "integers", "low": 1, "high": 3},
                        "fixed": {"shape": [2], "dtype": "int64", "values": [7, 9]},
                        "means": {"shape": ["K", "C"]},
                    },
                    "steps": [{"call": {"args": ["$counts", "$means", "$fixed"], "outputs": ["mean", "var"]}}],
                }
            ]
        }
    )
    for seed in range(20):
        (case,) = build_cases(spec, seed)
        counts = case.arrays["counts"].value(np.float64)  # the reference's upcast leaves integers alone
        assert counts.dtype == np.int64 and counts.min() >= 1 and counts.max() <= 3
        assert case.arrays["fixed"].base.tolist() == [7, 9]
        assert case.arrays["means"].value(np.float64).dtype == np.float64
        # int64 counts beside float32 means: the outputs must be float32, not float64.
        assert {o.dtype for o in observables(case, "merge_moments")} == {np.dtype(np.float32)}
    drawn = {int(v) for seed in range(20) for v in build_cases(spec, seed)[0].arrays["counts"].base}
    assert drawn == {1, 2, 3}  # both ends of the range are included
