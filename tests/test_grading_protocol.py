"""The step protocol shared by the parent (reference) and the child (submission)."""

from __future__ import annotations

import numpy as np
import pytest

from quizapp.grading.harness import StepFailed, decode, run_case, split_outputs


class Scale:
    def __init__(self, n, factor=1.0):
        self.factor = factor
        self.calls = 0

    def forward(self, x):
        self.calls += 1
        return x * self.factor


class InPlace(Scale):
    def forward(self, x):
        x *= self.factor
        return x


STEPS = [
    {"op": "construct", "args": [3], "kwargs": {"factor": 2.0}},
    {"op": "call", "method": "forward", "args": [{"$array": "x"}], "kwargs": {}, "outputs": ["output"]},
    {"op": "set", "attrs": {"factor": 3.0}},
    {"op": "call", "method": "forward", "args": [{"$array": "x"}], "kwargs": {}, "outputs": ["output"]},
    {"op": "read", "attrs": ["calls", "factor"]},
]


def run(cls, x):
    seen, modified = {}, []
    run_case(
        cls,
        STEPS,
        {"x": x},
        lambda j, step, result: seen.__setitem__((j, 0), result),
        lambda j, k, value: seen.__setitem__((j, k), value),
        lambda j, changed: modified.append((j, changed)),
    )
    return seen, modified


def test_steps_run_in_order_and_report_every_observable():
    seen, modified = run(Scale, np.ones(3))
    np.testing.assert_array_equal(seen[(1, 0)], 2.0 * np.ones(3))
    np.testing.assert_array_equal(seen[(3, 0)], 3.0 * np.ones(3))
    assert seen[(4, 0)] == 2 and seen[(4, 1)] == 3.0 and modified == []


def test_a_modified_input_is_reported_at_its_step():
    x = np.ones(3)
    _, modified = run(InPlace, x)
    # Reported once, at the step that changed it.
    assert modified == [(1, ["x"])]


class KeepsInput(Scale):
    """Keeps x on the first call and writes into it on the second (issue 14)."""

    def forward(self, x):
        if self.calls == 1:
            self.kept[...] = 0
        self.kept = x
        self.calls += 1
        return x * self.factor


def test_an_input_kept_and_written_on_a_later_call_is_caught_at_that_call():
    _, modified = run(KeepsInput, np.ones(3))
    assert modified == [(3, ["x"])]


def test_an_input_changed_by_a_failing_step_is_still_reported():
    class BreaksAfterWriting(Scale):
        def forward(self, x):
            x[0] = 7
            raise ValueError("late")

    modified = []
    with pytest.raises(StepFailed):
        run_case(BreaksAfterWriting, STEPS, {"x": np.ones(3)}, lambda *a: None, lambda *a: None,
                 lambda j, names: modified.append((j, names)))  # fmt: skip
    assert modified == [(1, ["x"])]


def test_errors_carry_the_step_index_and_the_cause():
    class Broken(Scale):
        def forward(self, x):
            raise ValueError("nope")

    with pytest.raises(StepFailed) as info:
        run(Broken, np.ones(3))
    assert info.value.index == 1 and isinstance(info.value.__cause__, ValueError)


def test_outputs_split_by_count_and_values_decode():
    assert split_outputs("a", 1) == ["a"]
    assert split_outputs((1, 2, 3), 3) == [1, 2, 3] and split_outputs([1, 2, 3], 3) == [1, 2, 3]
    assert split_outputs((1, 2), 3) is None and split_outputs(np.zeros(3), 3) is None
    x = np.zeros(2)
    assert decode({"$tuple": [1, {"$array": "x"}]}, {"x": x})[1] is x
