"""Shared pieces of the TUI tests: pinned content, a frozen clock, app builders.

The tests load only the content written here (not the shipped decks, which
grow), so flows and snapshots do not change when the content writers add cards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from quizapp.tui.app import QuizApp, create_app

FROZEN = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

DECK_YAML = """\
id: tui-test
title: {zh: "测试卡组", en: "Test deck"}
description: {zh: "界面测试用的卡片。", en: "Cards for the UI tests."}
languages: [zh, en]
cards:
  - id: t-why-bn
    kind: qa
    question: {zh: "BN 为什么能加速训练？", en: "Why does BN speed up training?"}
    answer:
      zh: |
        **更平滑的损失曲面**：Santurkar 等人（2018）指出 BN 让损失函数及其梯度的 Lipschitz 常数变小，因此可以使用更大的学习率，而训练依然稳定。
      en: |
        **A smoother loss landscape**: Santurkar et al. (2018) showed that BN makes the loss and its gradients more Lipschitz, so larger learning rates stay stable.
    key_points:
      - {zh: "允许更大的学习率。", en: "It allows larger learning rates."}
      - {zh: "损失曲面更平滑（Lipschitz 性更好），而不只是减少 internal covariate shift。", en: "A smoother loss landscape (better Lipschitzness), not only less internal covariate shift."}
      - {zh: "对初始化不那么敏感。", en: "Less sensitivity to initialisation."}
  - id: t-bn-eval
    kind: qa
    question: {zh: "推理时 BN 用什么统计量？", en: "Which statistics does BN use at inference?"}
    answer:
      zh: "训练时累计的 running_mean 和 running_var（指数滑动平均）。"
      en: "The running_mean and running_var accumulated in training (exponential moving averages)."
    key_points:
      - {zh: "running 统计量。", en: "The running statistics."}
      - {zh: "不再使用 batch 统计量。", en: "Batch statistics are no longer used."}
  - id: t-bn-axes
    kind: choice
    question: {zh: "BatchNorm2d 在哪些维度上求均值？", en: "Over which axes does BatchNorm2d take the mean?"}
    options:
      - {zh: "(N, H, W)", en: "(N, H, W)"}
      - {zh: "(C, H, W)", en: "(C, H, W)"}
      - {zh: "(H, W)", en: "(H, W)"}
    correct: [0]
    explanation: {zh: "每个通道一个统计量：在 batch 和空间维度上求。", en: "One statistic per channel: over the batch and spatial axes."}
  - id: t-ln-batch
    kind: choice
    question: {zh: "哪些归一化与 batch 大小无关？", en: "Which normalizations do not depend on the batch size?"}
    options:
      - {zh: "BatchNorm", en: "BatchNorm"}
      - {zh: "LayerNorm", en: "LayerNorm"}
      - {zh: "GroupNorm", en: "GroupNorm"}
    correct: [1, 2]
    explanation: {zh: "LN 与 GN 只在单个样本内部求统计量。", en: "LN and GN compute statistics within one sample."}
"""  # noqa: E501 (YAML text reads better unwrapped)

EXERCISE_YAML = """\
id: tui-rmsnorm
title: {zh: "RMSNorm 前向", en: "RMSNorm forward"}
prompt:
  zh: |
    用 numpy 实现 `class RMSNorm(dim, eps=1e-6)`，`forward(x)` 在最后一维上归一化：
    `y = x / sqrt(mean(x²) + eps) * gamma`。`gamma` 为全 1，形状 `(dim,)`。
  en: |
    Write `class RMSNorm(dim, eps=1e-6)` in numpy; `forward(x)` normalises over the last axis:
    `y = x / sqrt(mean(x²) + eps) * gamma`, with `gamma` ones of shape `(dim,)`.
entry: {name: RMSNorm, kind: class}
reference: RMSNorm
starter: |
  import numpy as np


  class RMSNorm:
      def __init__(self, dim, eps=1e-6):
          self.eps = eps
          self.gamma = np.ones(dim)

      def forward(self, x):
          raise NotImplementedError
hints:
  - {zh: "在 axis=-1 上求 mean(x * x)，keepdims=True。", en: "Take mean(x * x) over axis=-1 with keepdims=True."}
  - {zh: "float32 输入要返回 float32。", en: "Return float32 for float32 input."}
explanation:
  zh: "RMSNorm 去掉了减均值，只按均方根缩放；计算更省，在大模型中常用。"
  en: "RMSNorm drops the mean subtraction and only rescales by the root mean square; it is cheaper and common in large models."
time_limit_minutes: 10
tolerance:
  float32: {atol: 1.0e-5, rtol: 1.0e-5}
  float64: {atol: 1.0e-10, rtol: 1.0e-8}
cases:
  samples:
    - name: "sample: N=2 D=3"
      arrays:
        x: {shape: [2, 3], values: [[1, 2, 3], [-1, 0, 1]]}
      steps:
        - construct: {args: [3]}
        - call: {method: forward, args: [$x]}
  hidden:
    - name: "float64 N=4 D=5"
      dims: {N: 4, D: 5}
      arrays:
        x: {shape: [N, D], mean: 0.5, std: 2.0}
      steps:
        - construct: {args: [D]}
        - call: {method: forward, args: [$x]}
    - name: "float32 N=3 D=8"
      dtype: float32
      dims: {N: 3, D: 8}
      arrays:
        x: {shape: [N, D], std: 3.0}
      steps:
        - construct: {args: [D]}
        - call: {method: forward, args: [$x]}
"""  # noqa: E501

CORRECT_SOLUTION = """\
import numpy as np


class RMSNorm:
    def __init__(self, dim, eps=1e-6):
        self.eps = eps
        self.gamma = np.ones(dim)

    def forward(self, x):
        rms = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps)
        return (x / rms * self.gamma).astype(x.dtype)
"""

# Divides by the mean absolute value instead of the root mean square.
WRONG_SOLUTION = CORRECT_SOLUTION.replace("np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps)",
                                          "np.mean(np.abs(x), axis=-1, keepdims=True)")


def write_content(root: Path) -> Path:
    (root / "decks").mkdir(parents=True, exist_ok=True)
    (root / "exercises").mkdir(parents=True, exist_ok=True)
    (root / "decks" / "tui-test.yaml").write_text(DECK_YAML, encoding="utf-8")
    (root / "exercises" / "tui-rmsnorm.yaml").write_text(EXERCISE_YAML, encoding="utf-8")
    return root


@dataclass
class FakeCase:
    name: str
    verdict: str
    message: str = ""
    hidden: bool = True
    hint: dict[str, str] | None = None
    cpu_ms: int | None = 3  # fixed, for snapshots


@dataclass
class FakeReport:
    verdict: str
    cases: list[FakeCase]
    time_ms: int = 42
    message: str = ""
    stdout: str = ""

    @property
    def passed(self) -> int:
        return sum(c.verdict == "accepted" for c in self.cases)

    @property
    def total(self) -> int:
        return len(self.cases)


@dataclass
class FakeGrader:
    """Deterministic reports (fixed times), for snapshots; records every call."""

    calls: list[tuple[str, bool]] = field(default_factory=list)

    def __call__(self, exercise: Any, source: str, *, samples_only: bool = False) -> FakeReport:
        self.calls.append((source, samples_only))
        if "NotImplementedError" in source:
            return FakeReport(
                "runtime_error",
                [FakeCase("sample: N=2 D=3", "runtime_error", "step 2 forward: NotImplementedError", hidden=False)],
            )
        return FakeReport("accepted", [FakeCase("sample: N=2 D=3", "accepted", hidden=False)])


def make_app(home: Path, content: Path, *, lang: str = "en", grader: Any = None) -> QuizApp:
    """The app on pinned content, a frozen clock, and `lang` already chosen in settings."""
    if lang != "en":
        from quizapp.review import ReviewStore

        with ReviewStore.open(home) as store:
            store.set_setting("language", lang)
    return create_app(home=home, content_roots=[content], clock=lambda: FROZEN, grader=grader)


async def _workers_done(pilot: Pilot[Any]) -> None:
    # An exclusive worker replaced by a newer one ends "cancelled": that is fine here.
    with contextlib.suppress(WorkerCancelled):
        await pilot.app.workers.wait_for_complete()


async def ready(pilot: Pilot[Any]) -> None:
    """Wait until start-up work (home counts, then content and store) has landed on screen."""
    app = pilot.app
    assert isinstance(app, QuizApp)
    for _ in range(200):
        await _workers_done(pilot)
        await pilot.pause()
        overview = getattr(app.screen, "overview", None)
        if overview is not None and app.screen.query("#decks") and app.boot_result is not None:
            await pilot.pause()  # the loading thread's message to home (notices, keys) lands
            return
    raise AssertionError("the home screen never finished loading")


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen repaint."""
    await _workers_done(pilot)
    await pilot.pause()
    await pilot.pause()


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Pause until `condition()` holds: a worker's result arrives as a message, a little after the worker ends."""
    for _ in range(500):
        await settle(pilot)
        if condition():
            return
    raise AssertionError(f"never happened: {what}")


async def steady(pilot: Pilot[Any], *, tries: int = 40) -> None:
    """Pause until two screenshots in a row are the same: the layout has settled.

    A table sizes its columns, a footer recomposes, a Markdown block reflows a few
    frames after the data lands; a snapshot taken in between differs at random
    (home-en-100x30 once had a column one cell narrower). Gives up quietly after
    `tries`: a screen that never stops changing shows in the snapshot's diff.
    """
    await settle(pilot)
    before = pilot.app.export_screenshot()
    for _ in range(tries):
        await pilot.pause(0.05)
        await settle(pilot)
        now = pilot.app.export_screenshot()
        if now == before:
            return
        before = now


def settled(steps: Callable[[Pilot[Any]], Awaitable[None]]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """`steps`, then `steady`: a snapshot's run_before that does not depend on timing."""

    async def run(pilot: Pilot[Any]) -> None:
        await steps(pilot)
        await steady(pilot)

    return run
