"""Every message the grader writes, in English and Chinese.

`CATALOGUE` maps a key to its (en, zh) templates; both name the same {fields}
(tests/test_grading_messages.py checks it). `text(key, **fields)` fills both and
returns a `Text`: a `str` that is the English message (so code and tests that treat
messages as text keep working) and carries the Chinese one in `.zh`. A field that is
itself a Text is filled in the matching language. The renderers (report.py) pick a
language with `localized(value, lang)`.

Chinese templates use full-width punctuation, except inside code, identifiers and the
submission's own text (exception messages are shown as they were raised).
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

from quizapp.i18n import Bilingual

LANGS = ("en", "zh")

CATALOGUE: dict[str, tuple[str, str]] = {
    # -- `quizapp check`: one line per exercise check -----------------------------------
    "check_ok": ("ok  ", "通过"),
    "check_fail": ("FAIL", "失败"),
    "check_line": ("{mark} {exercise}: {check} {subject}", "{mark} {exercise}：{check} {subject}"),
    "check_line_detail": (
        "{mark} {exercise}: {check} {subject}: {detail}",
        "{mark} {exercise}：{check} {subject}：{detail}",
    ),
    "check_reference": ("reference", "参考实现"),
    "check_variant": ("variant", "错误变体"),
    "check_starter": ("starter", "初始代码"),
    "check_model": ("model", "参考答案"),
    "check_mutant": ("mutant", "变异解答"),
    "check_accepted": ("accepted", "应通过的解答"),
    "check_recognised": ("rejected and recognised", "被拒绝，也被识别出来了"),
    "check_accepted_all": ("accepted by every case", "每个用例都通过了"),
    "check_no_hint": ("no hint", "没有提示"),
    "check_other_hint": ("got hint {id}", "给出的是提示 {id}"),
    "check_no_reference": ("cannot import from solutions: {error}", "无法从 solutions 导入：{error}"),
    "check_no_model": ("every shipped exercise needs a model answer", "每道内置练习都需要参考答案"),
    "check_model_unreadable": ("cannot read the model answer: {error}", "无法读取参考答案：{error}"),
    "check_case": ("{name}: {problem}", "{name}：{problem}"),
    "check_run": ("{verdict} ({name}: {message})", "{verdict}（{name}：{message}）"),
    # -- what a message is about: the step, the mode, the value ------------------------
    "step": ("step {n} {what}", "第 {n} 步 {what}"),
    "mode_train": (" (train)", "（训练）"),
    "mode_eval": (" (eval)", "（评估）"),
    "after_train": (" (after train)", "（训练后）"),
    "after_eval": (" (after eval)", "（评估后）"),
    "after_construction": (" (after construction)", "（构造后）"),
    "value_of": ("{step}: {name}", "{step}：{name}"),
    "step_setting": ("step {n} setting {attrs}", "第 {n} 步 设置 {attrs}"),
    "step_reading": ("step {n} reading {attrs}", "第 {n} 步 读取 {attrs}"),
    "step_construct": ("step {n} {entry}(...)", "第 {n} 步 {entry}(...)"),
    "the_case": ("the case", "本用例"),
    # -- comparing one value -----------------------------------------------------------
    "subclass": (
        "{label}: must be exactly numpy.ndarray, got the subclass {type}",
        "{label}：必须正好是 numpy.ndarray，得到的是子类 {type}",
    ),
    "not_array": (
        "{label}: expected a numpy.ndarray of shape {shape}, got {type}",
        "{label}：应为形状 {shape} 的 numpy.ndarray，得到的是 {type}",
    ),
    "bad_dtype": (
        "{label}: dtype {type} cannot be compared (expected a numpy.ndarray of shape {shape} of floats)",
        "{label}：dtype {type} 无法比较（应为形状 {shape} 的浮点 numpy.ndarray）",
    ),
    "missing": ("{label}: no value was produced", "{label}：没有产生任何值"),
    "unreadable": ("{label}: the value could not be read back ({detail})", "{label}：无法读回这个值（{detail}）"),
    "shape": ("{label}: shape {got}, expected {want}", "{label}：形状为 {got}，应为 {want}"),
    "shape_broadcast": (
        "{label}: shape {got}, expected {want} (broadcastable is not enough: the shape must match exactly)",
        "{label}：形状为 {got}，应为 {want}（能广播还不够：形状必须完全一致）",
    ),
    "dtype": ("{label}: dtype {got}, expected {want}", "{label}：dtype 为 {got}，应为 {want}"),
    "dtype_input": (
        "{label}: dtype {got}, expected {want} (the input's dtype)",
        "{label}：dtype 为 {got}，应为 {want}（即输入的 dtype）",
    ),
    "dtype_float": ("{label}: dtype {got}, expected a float dtype", "{label}：dtype 为 {got}，应为浮点 dtype"),
    "nonfinite_one": (
        "{label}: 1 non-finite value (NaN or inf), first at {first}",
        "{label}：1 个非有限值（NaN 或 inf），位于 {first}",
    ),
    "nonfinite_many": (
        "{label}: {count} non-finite values (NaN or inf), first at {first}",
        "{label}：{count} 个非有限值（NaN 或 inf），第一个位于 {first}",
    ),
    "infinities": ("{label}: wrong infinities", "{label}：无穷值不对"),
    "values": (
        "{label}: wrong at {bad} of {size} positions; max abs error {abs} at {at}, max rel error {rel} "
        "(tolerance: atol {atol} + rtol {rtol} * |expected|{extra})",
        "{label}：{size} 个位置中有 {bad} 个不对；最大绝对误差 {abs}（位于 {at}），最大相对误差 {rel}"
        "（容差：atol {atol} + rtol {rtol} * |expected|{extra}）",
    ),
    "rounding_extra": (" + {slack} for this case's rounding", " + {slack}（本用例的舍入界）"),
    "wrong_list": ("wrong: {names}", "不对的输出：{names}"),
    # -- one case ------------------------------------------------------------------------
    "modified": ("{label}: the input array {what} was modified", "{label}：输入数组 {what} 被修改了"),
    "aliased": (
        "{label}: {names} are the same array, and your code wrote into it",
        "{label}：{names} 是同一个数组，而你的代码写入了它",
    ),
    "and": ("{a} and {b}", "{a} 和 {b}"),
    "an_input": ("an input", "某个输入"),
    "container": (
        "{label}: expected a tuple of {n} arrays ({names}), got {type}{length}",
        "{label}：应返回由 {n} 个数组组成的 tuple（{names}），得到的是 {type}{length}",
    ),
    "of_length": (" of length {n}", "（长度 {n}）"),
    "raised": ("{label}: {type}: {msg}", "{label}：{type}：{msg}"),
    # issue 14: seccomp refused a call (sandbox/refusals.py names it when it can)
    "refused_call": (" (the grader does not allow {call})", "（评测程序不允许系统调用 {call}）"),
    "refused_unknown": (
        " (the grader does not allow this system call)",
        "（评测程序不允许这个系统调用）",
    ),
    "exited_mid_case": ("the process exited in the middle of this case", "进程在本用例执行到一半时退出了"),
    "not_run": ("not run", "未运行"),
    "not_run_stopped": ("not run: the run stopped in '{case}'", "未运行：运行停在了“{case}”"),
    "reference_failed": ("the reference failed at step {n}: {error}", "参考实现在第 {n} 步失败：{error}"),
    "reference_no_array": ("the reference gave no array for {label}", "参考实现没有给出 {label} 的数组"),
    # -- how the process ended -------------------------------------------------------------
    "output_limit": ("more than 1 MiB written to {stream}", "向 {stream} 写入了超过 1 MiB"),
    "wall_time": ("stopped after {s} s of wall-clock time", "墙钟时间 {s} 秒后被停止"),
    "cpu_time": ("used more than {s} s of CPU time", "CPU 时间超过了 {s} 秒"),
    "killed": ("the process was killed by {name}", "进程被 {name} 终止"),
    "killed_syscall": (
        "the process was killed by {name} (a forbidden system call)",
        "进程被 {name} 终止（禁止的系统调用）",
    ),
    # -- the whole file ----------------------------------------------------------------------
    "syntax_where": ("{file}, line {line}, column {col}", "{file}，第 {line} 行，第 {col} 列"),
    "syntax": ("{where}: {msg}", "{where}：{msg}"),
    "while_loading": ("while loading {file}: {detail}", "加载 {file} 时：{detail}"),
    "exited_loading": ("the process exited (exit code {code})", "进程退出了（退出码 {code}）"),
    "grader_failed": (
        "the grading process failed before running the submission ({code}) {detail}",
        "评测进程在运行提交的代码之前失败了（{code}）{detail}",
    ),
    # issue 14 (sandbox): what the parent measured over the child's whole life
    "memory_used": ("used more than {mib} MiB of memory", "使用了超过 {mib} MiB 的内存"),
    "exited_code": ("the process exited with code {code}", "进程以退出码 {code} 退出"),
    "after_last_case": ("after the last case: {what}", "最后一个用例之后：{what}"),
    "ended_before_run": (
        "the process ended before the submission ran ({code})",
        "提交的代码运行之前进程就结束了（{code}）",
    ),
    "interfered": (
        "the submission interfered with the grader ({why})",
        "提交的代码干扰了评测程序（{why}）",
    ),
    "not_ready": ("it did not get ready", "它没有准备就绪"),
    "grader_crashed": ("the grader failed: {detail}", "评测程序出错了：{detail}"),
    "no_child": (
        "the grader could not start its child process: {detail}",
        "评测程序无法启动子进程：{detail}",
    ),
    "modified_passed_at": ("'{name}' (passed at step {n})", "{name}（在第 {n} 步传入）"),
    "no_entry": ("{file} does not define '{name}'{listing}", "{file} 没有定义 {name}{listing}"),
    "it_defines": (" (it defines: {names})", "（它定义了：{names}）"),
    "must_be_class": ("'{name}' must be a class, got {type}", "{name} 必须是类，得到的是 {type}"),
    "must_be_function": ("'{name}' must be a function, got {type}", "{name} 必须是函数，得到的是 {type}"),
    "no_method": ("class '{name}' has no method '{method}'", "类 {name} 没有方法 {method}"),
    "must_be_method": ("'{name}' must be a method, got {type}", "{name} 必须是方法，得到的是 {type}"),
    "bad_signature": (
        "'{name}' cannot be called as the grader calls it ({call}): {error}",
        "{name} 无法按评测的方式调用（{call}）：{error}",
    ),
    # -- the report ---------------------------------------------------------------------------
    "report_head": (
        "{exercise}: {verdict}  {passed}/{total} passed  {ms} ms  seed {seed}",
        "{exercise}：{verdict}  通过 {passed}/{total}  {ms} ms  种子 {seed}",
    ),
    "sample_tag": (" (sample)", "（示例）"),
    "cases_not_run": ("none of the {total} cases ran", "{total} 个用例都没有运行"),
    "stdout_head": ("stdout of the submission:", "提交代码的 stdout："),
    "hint": ("hint: {hint}", "提示：{hint}"),
    "reproduce": ("reproduce with: --seed {seed}", "复现：--seed {seed}"),
    "not_utf8": ("{path} is not UTF-8 text", "{path} 不是 UTF-8 文本"),
    "exercise_has_errors": (
        "exercise '{id}' cannot be graded: its file has content errors, the first: {first} (`quizapp check` lists all)",
        "练习 {id} 无法评测：它的文件有内容错误，第一个是：{first}（`quizapp check` 会列出全部）",
    ),
    "unknown_exercise": ("unknown exercise '{id}' (see `quizapp list`)", "未知的练习 {id}（见 `quizapp list`）"),
    "unknown_exercise_close": (
        "unknown exercise '{id}' (did you mean {close}?)",
        "未知的练习 {id}（你是不是想输入 {close}？）",
    ),
}


class Text(Bilingual):
    """A message: the English text as the str itself, the Chinese one in `.zh` (quizapp.i18n.Bilingual)."""

    def __new__(cls, en: str, zh: str | None = None) -> Text:
        return super().__new__(cls, en, zh)  # type: ignore[return-value]


def localized(value: Any, lang: str) -> str:
    """`value` in `lang` if it is a Text; any other text as it is."""
    if isinstance(value, Bilingual):
        return value.get(lang)
    return "" if value is None else str(value)


def _fill(template: str, fields: dict[str, Any], lang: str) -> str:
    return template.format(**{k: localized(v, lang) for k, v in fields.items()})


def text(key: str, **fields: Any) -> Text:
    en, zh = CATALOGUE[key]
    return Text(_fill(en, fields, "en"), _fill(zh, fields, "zh"))


def concat(*parts: Any) -> Text:
    return Text("".join(localized(p, "en") for p in parts), "".join(localized(p, "zh") for p in parts))


def join(sep: str, parts: Iterable[Any]) -> Text:
    parts = list(parts)
    return Text(sep.join(localized(p, "en") for p in parts), sep.join(localized(p, "zh") for p in parts))


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def shorten(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary and marked with "…" (never mid-word)."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


# The child reports interface problems in English (harness._check_interface); the
# parent gives them their Chinese twin here. Anything else is shown as it came.
_INTERFACE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("no_entry", r"(?P<file>.+?) does not define '(?P<name>[^']+)'(?: \(it defines: (?P<names>.*)\))?$"),
    ("must_be_class", r"'(?P<name>[^']+)' must be a class, got (?P<type>.+)$"),
    ("must_be_function", r"'(?P<name>[^']+)' must be a function, got (?P<type>.+)$"),
    ("no_method", r"class '(?P<name>[^']+)' has no method '(?P<method>[^']+)'$"),
    ("must_be_method", r"'(?P<name>[^']+)' must be a method, got (?P<type>.+)$"),
    ("bad_signature", r"'(?P<name>[^']+)' cannot be called as the grader calls it \((?P<call>.*?)\): (?P<error>.*)$"),
)


def interface_text(message: str) -> Text:
    import re

    for key, pattern in _INTERFACE_PATTERNS:
        m = re.match(pattern, message, re.DOTALL)
        if m is None:
            continue
        fields = m.groupdict()
        if key == "no_entry":
            names = fields.pop("names")
            fields["listing"] = text("it_defines", names=names) if names else ""
        out = text(key, **fields)
        if out.en == message:  # the same words both ways: safe to add the Chinese
            return out
    return Text(message)
