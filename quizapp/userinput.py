"""What the command line says when a path, a file or the terminal it was given is unusable.

Each problem is one line, in English or Chinese, and carries its exit code: 2 when
what the user typed is wrong (a path that is a folder, a file too large, no
terminal for the app), 1 when the data found there is (quizapp.db is a folder).
The language: `--lang` where the command has it, else the locale (LC_ALL,
LC_MESSAGES, LANG starting with `zh`), else English. The settings in the database
are not read: the database may be the very thing that is broken.

Only the standard library, and only os at import: `quizapp grade` reads its FILE
through here before anything slow is imported.
"""

from __future__ import annotations

import os

EXIT_DATA, EXIT_USAGE = 1, 2

# key: (en, zh). tests/test_bad_input.py checks both exist and the Chinese punctuation.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("{path}: no such file", "{path}：没有这个文件"),
    "missing_dir": ("{path}: no such folder", "{path}：没有这个文件夹"),
    "denied": ("{path}: permission denied", "{path}：没有权限读取"),
    "is_dir": ("{path} is a folder, not a file", "{path} 是文件夹，不是文件"),
    "not_dir": ("{path} is not a folder", "{path} 不是文件夹"),
    "special": (
        "{path} is not a regular file (a device or a socket); give a file, a pipe or - for standard input",
        "{path} 不是普通文件（是设备或套接字）；请给出文件、管道，或用 - 表示标准输入",
    ),
    "too_large": ("{path} is larger than {limit}", "{path} 超过了 {limit}"),
    "silent_pipe": (
        "{path}: nothing arrived for {seconds} s; is anything writing to it?",
        "{path}：{seconds} 秒内没有收到任何数据；有程序在写入吗？",
    ),
    "unreadable": ("{path}: cannot read it ({reason})", "{path}：无法读取（{reason}）"),
    "no_stdin": ("standard input is closed", "标准输入已关闭"),
    "stdin_tty": (
        "reading the solution from the terminal; end it with Ctrl+D on a line of its own",
        "正在从终端读取答案；输入完毕后在新的一行按 Ctrl+D 结束",
    ),
    "home_not_dir": (
        "QUIZAPP_HOME={path} is not a folder; point it at a folder (or unset it)",
        "QUIZAPP_HOME={path} 不是文件夹；请让它指向一个文件夹（或取消设置）",
    ),
    "home_uncreatable": (
        "cannot create the data folder {path} ({reason}); set QUIZAPP_HOME to a folder you can write",
        "无法创建数据文件夹 {path}（{reason}）；请把 QUIZAPP_HOME 设为你能写入的文件夹",
    ),
    "home_unwritable": (
        "the data folder {path} is not writable; set QUIZAPP_HOME to a folder you can write",
        "数据文件夹 {path} 不可写；请把 QUIZAPP_HOME 设为你能写入的文件夹",
    ),
    "db_not_file": (
        "the review database {path} is a folder or a special file, not a database; "
        "move it away or point QUIZAPP_HOME elsewhere",
        "复习数据库 {path} 是文件夹或特殊文件，不是数据库；请把它移开，或让 QUIZAPP_HOME 指向别处",
    ),
    "content_missing": ("--content {path}: no such folder", "--content {path}：没有这个文件夹"),
    "content_not_dir": ("--content {path} is a file; give the folder that holds decks/ and exercises/",
                        "--content {path} 是文件；请给出包含 decks/ 和 exercises/ 的文件夹"),
    "target_is_dir": ("{path} is a folder; give a file name to write", "{path} 是文件夹；请给出要写入的文件名"),
    "target_special": ("{path} is not a regular file; give a file name to write",
                       "{path} 不是普通文件；请给出要写入的文件名"),
    "target_no_dir": ("cannot write {path}: the folder {folder} does not exist",
                      "无法写入 {path}：文件夹 {folder} 不存在"),
    "target_parent_not_dir": ("cannot write {path}: {folder} is not a folder",
                              "无法写入 {path}：{folder} 不是文件夹"),
    "target_unwritable": ("cannot write {path}: permission denied", "无法写入 {path}：没有写入权限"),
    "no_terminal": (
        "{command} opens a full-screen app and needs a terminal on standard input and output; "
        "without one, use the headless commands: quizapp list, check, stats, grade, config, mock --export",
        "{command} 会打开全屏界面，需要标准输入和标准输出都连着终端；"
        "没有终端时请用无界面的命令：quizapp list、check、stats、grade、config、mock --export",
    ),
}


def cli_language(explicit: str | None = None) -> str:
    """`--lang` if given, else `zh` when the locale is Chinese, else `en`."""
    if explicit in ("zh", "en"):
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def say(key: str, lang: str | None = None, **params: object) -> str:
    en, zh = MESSAGES[key]
    return (zh if cli_language(lang) == "zh" else en).format(**params)


class InputProblem(Exception):
    """A path or stream the user gave cannot be used; `str()` is the message for them."""

    def __init__(self, key: str, exit_code: int = EXIT_USAGE, **params: object) -> None:
        self.key, self.exit_code, self.params = key, exit_code, params
        super().__init__(say(key, **params))

    def message(self, lang: str | None = None, **override: object) -> str:
        """The message in `lang`; `override` replaces parameters (`path="the file"` where the path is shown)."""
        return say(self.key, lang, **{**self.params, **override})


def tolerate_undecodable_output() -> None:
    """Print a file name that is not UTF-8 with its odd bytes escaped, instead of failing on it.

    Python hands such names over with lone surrogates, which stdout's strict encoder
    refuses (stderr already escapes them): `quizapp list` would end in a traceback.
    """
    import contextlib
    import sys

    with contextlib.suppress(AttributeError, ValueError):  # not a TextIOWrapper (a test's capture)
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
