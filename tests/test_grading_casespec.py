"""The `cases:` grammar: what parses, and the key paths of what does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.grading.casespec import CASES_SCHEMA, ArrayRef, CaseSpecErrors, DimRef, parse_cases

BN2D = Path(__file__).resolve().parents[1] / "content" / "exercises" / "bn2d-forward.yaml"


def minimal(**extra: object) -> dict:
    case = {
        "name": "one",
        "dims": {"C": 3},
        "arrays": {"x": {"shape": [2, "C", 4, 4]}},
        "steps": [{"construct": {"args": ["C"]}}, {"call": {"method": "forward", "args": ["$x"]}}],
    }
    case.update(extra)
    return {"hidden": [case]}


def errors_of(data: object) -> list[tuple[tuple, str]]:
    with pytest.raises(CaseSpecErrors) as info:
        parse_cases(data)
    return info.value.errors


def test_bn2d_forward_yaml_parses_with_every_kind_of_case():
    cases = parse_cases(yaml.safe_load(BN2D.read_text(encoding="utf-8"))["cases"])
    assert len(cases.samples) == 2 and len(cases.hidden) >= 12 and cases.random[0].count == 3
    assert {v.id for v in cases.variants} >= {
        "unbiased-variance",
        "eps-outside-sqrt",
        "running-stats-not-updated",
        "batch-stats-in-eval",
        "momentum-reversed",
    }
    layouts = {a.layout for c in cases.hidden for _, a in c.arrays}
    assert layouts == {"contiguous", "transposed", "strided"}
    assert {d for c in cases.hidden for d in c.dtypes} == {"float32", "float64"}


def test_values_resolve_to_array_refs_dims_and_tuples():
    data = minimal()
    data["hidden"][0]["steps"][0] = {"construct": {"args": ["C"], "kwargs": {"shape": [1, 2], "b": None}}}
    step = parse_cases(data).hidden[0].steps[0]
    assert step.args == (DimRef("C"),)
    assert dict(step.kwargs) == {"shape": (1, 2), "b": None}
    call = parse_cases(minimal()).hidden[0].steps[1]
    assert call.args == (ArrayRef("x"),) and call.outputs == ("output",)


def test_train_and_eval_are_training_toggles():
    data = minimal()
    data["hidden"][0]["steps"] += ["eval", {"call": {"method": "forward", "args": ["$x"]}}, "train"]
    steps = parse_cases(data).hidden[0].steps
    assert steps[2].op == "set" and dict(steps[2].kwargs) == {"training": False}
    assert dict(steps[4].kwargs) == {"training": True}


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        (lambda d: d.update(bogus=1), ("bogus",), "unknown key 'bogus'"),
        (lambda d: d["hidden"][0].update(extra=1), ("hidden", 0, "extra"), "unknown key"),
        (
            lambda d: d["hidden"][0]["steps"][1]["call"].update(args=["$y"]),
            ("hidden", 0, "steps", 1, "call", "args", 0),
            "unknown array '$y'",
        ),
        (
            lambda d: d["hidden"][0]["arrays"]["x"].update(shape=[2, "Q"]),
            ("hidden", 0, "arrays", "x", "shape", 1),
            "unknown dim 'Q'",
        ),
        (lambda d: d["hidden"][0]["arrays"]["x"].update(dist="cauchy"), ("hidden", 0, "arrays", "x", "dist"), "'dist'"),
        (
            lambda d: d["hidden"][0]["arrays"]["x"].update(layout="diagonal"),
            ("hidden", 0, "arrays", "x", "layout"),
            "'layout'",
        ),
        (lambda d: d["hidden"][0].update(dtype="float16"), ("hidden", 0, "dtype"), "float16"),
        (lambda d: d["hidden"][0]["steps"].append({"jump": {}}), ("hidden", 0, "steps", 2), "unknown step 'jump'"),
        (lambda d: d["hidden"][0]["steps"].append({"construct": {}}), ("hidden", 0, "steps"), "first step"),
        (lambda d: d["hidden"][0].update(count=2), ("hidden", 0, "count"), "unknown key"),
        (
            lambda d: d.update(variants=[{"id": "v", "hint": "h", "source": "def ("}]),
            ("variants", 0, "source"),
            "does not compile",
        ),
        (lambda d: d.update(limits={"cpu_seconds": -1}), ("limits", "cpu_seconds"), "positive"),
        # Integer arrays (per-device counts) are drawn exactly, never truncated floats.
        (
            lambda d: d["hidden"][0]["arrays"]["x"].update(dtype="int64"),
            ("hidden", 0, "arrays", "x", "dist"),
            "needs dist 'integers'",
        ),
        (
            lambda d: d["hidden"][0]["arrays"]["x"].update(dtype="int64", dist="integers", low=0.5),
            ("hidden", 0, "arrays", "x", "low"),
            "whole number",
        ),
        (
            lambda d: d["hidden"][0]["arrays"]["x"].update(dtype="int64", values=[1.5, 2]),
            ("hidden", 0, "arrays", "x", "values"),
            "whole numbers",
        ),
        (
            lambda d: d["hidden"][0]["arrays"]["x"].update(dist="integers", low=5, high=1),
            ("hidden", 0, "arrays", "x"),
            "low <= high",
        ),
        (lambda d: d["hidden"][0].update(dtype="int64"), ("hidden", 0, "dtype"), "int64"),
    ],
)
def test_errors_name_the_key_path(mutate, path, fragment):
    data = minimal()
    mutate(data)
    errors = errors_of(data)
    assert any(p == path and fragment in m for p, m in errors), errors


def test_every_error_is_reported_at_once():
    data = minimal(bogus=1)
    data["hidden"][0]["arrays"]["x"]["dist"] = "nope"
    assert len(errors_of(data)) == 2


def test_needs_a_hidden_or_random_case_and_something_to_compare():
    assert any("at least one hidden" in m for _, m in errors_of({"samples": []}))
    data = minimal()
    data["hidden"][0]["steps"] = [{"construct": {"args": ["C"]}}, "eval"]
    assert any("something to compare" in m for _, m in errors_of(data))


def test_random_dims_are_ranges():
    data = {"random": [{**minimal()["hidden"][0], "count": 4, "dims": {"C": [1, 5]}, "dtype": ["float32", "float64"]}]}
    spec = parse_cases(data).random[0]
    assert spec.count == 4 and dict(spec.dims) == {"C": (1, 5)} and spec.dtypes == ("float32", "float64")
    data["random"][0]["dims"] = {"C": [5, 1]}
    assert any("empty dim range" in m for _, m in errors_of(data))


def test_schema_fragment_is_plain_json():
    text = json.dumps(CASES_SCHEMA)
    assert '"additionalProperties": false' in text and "$ref" not in text


junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False)
    | st.sampled_from(["$x", "C", "train", "forward", "steps"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["hidden", "name", "steps", "call", "arrays", "shape", "dims", "construct", "x"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(junk)
def test_junk_gives_casespec_errors_never_a_crash(data):
    try:
        parse_cases(data)
    except CaseSpecErrors as exc:
        assert exc.errors and all(isinstance(p, tuple) and isinstance(m, str) for p, m in exc.errors)
