"""Every message the content loader writes, in English and Chinese.

`say(key, **fields)` fills both templates and returns a `Bilingual`: a str that is
the English message (so logs, tests and `str(error)` read as before) carrying the
Chinese one; `quizapp check` prints the configured language (`--lang`). Field names,
keys and ids inside the messages stay as written in the YAML: they are identifiers.
tests/test_i18n_catalogue.py checks both languages, placeholders and punctuation.
"""

from __future__ import annotations

from quizapp.i18n import Bilingual, fill

CONTENT_MESSAGES: dict[str, tuple[str, str]] = {
    # -- who is at fault ---------------------------------------------------------------
    "subject_card_n": ("card {n}", "第 {n} 张卡"),
    "subject_card": ("card '{id}'", "卡片 '{id}'"),
    "subject_deck": ("deck '{id}'", "卡组 '{id}'"),
    "subject_exercise": ("exercise '{id}'", "练习 '{id}'"),
    "noun_deck": ("deck", "卡组"),
    "noun_exercise": ("exercise", "练习"),
    "a_card": ("a card", "一张卡"),
    "a_deck": ("a deck", "一个卡组"),
    "an_exercise": ("an exercise", "一道练习"),
    "the_entry": ("'entry'", "'entry' 字段"),
    "field": ("'{name}'", "字段 '{name}'"),
    "field_item": ("'{name}' item {n}", "'{name}' 第 {n} 项"),
    # -- what YAML value was found ----------------------------------------------------------
    "kind_mapping": ("a mapping", "映射"),
    "kind_list": ("a list", "列表"),
    "kind_text": ("text", "文本"),
    "kind_bool": ("true/false", "布尔值 true/false"),
    "kind_nothing": ("nothing", "空值"),
    # -- the fields ---------------------------------------------------------------------------
    "expected_mapping": ("expected a mapping for {what}, got {kind}", "{what}应为映射，得到的是{kind}"),
    "unknown_key": ("unknown key '{key}'", "未知的键 '{key}'"),
    "unknown_key_close": (
        "unknown key '{key}' (did you mean '{close}'?)",
        "未知的键 '{key}'（是不是 '{close}'？）",
    ),
    "missing_field": ("missing required field '{name}'", "缺少必填字段 '{name}'"),
    "bad_id": (
        "'{name}' must be lowercase letters, digits and hyphens, got {raw}",
        "'{name}' 只能由小写字母、数字和连字符组成，得到的是 {raw}",
    ),
    "bad_ident": (
        "'{name}' must be a Python name, got {raw}",
        "'{name}' 必须是 Python 标识符，得到的是 {raw}",
    ),
    "bad_enum": (
        "'{name}' must be one of {choices}, got {raw}",
        "'{name}' 必须是 {choices} 之一，得到的是 {raw}",
    ),
    "bad_code": ("'{name}' must be non-empty text, got {kind}", "'{name}' 必须是非空文本，得到的是{kind}"),
    "bad_int": (
        "'{name}' must be a positive whole number, got {raw}",
        "'{name}' 必须是正整数，得到的是 {raw}",
    ),
    "unknown_reference": (
        "'reference' must name an entry point of the reference package ({names}), got '{name}'",
        "'reference' 必须是参考实现包中的入口之一（{names}），得到的是 '{name}'",
    ),
    "bad_number": (
        "'{name}' must be a finite non-negative number, got {raw}",
        "'{name}' 必须是有限的非负数，得到的是 {raw}",
    ),
    "text_empty": ("{label} is empty", "{label} 是空的"),
    "text_type": (
        "{label} must be a string or a mapping of languages, got {kind}",
        "{label} 必须是字符串或按语言给出的映射，得到的是{kind}",
    ),
    "text_unknown_lang": (
        "{label}: unknown language '{lang}' (use {langs})",
        "{label}：未知的语言 '{lang}'（可用 {langs}）",
    ),
    "text_lang_empty": (
        "{label}: the '{lang}' text is empty or not a string",
        "{label}：'{lang}' 文本为空或不是字符串",
    ),
    "text_missing_lang": ("{label}: missing language '{lang}'", "{label}：缺少语言 '{lang}'"),
    "not_list": ("'{name}' must be a list, got {kind}", "'{name}' 必须是列表，得到的是{kind}"),
    "too_few": (
        "'{name}' needs at least {min} item(s), has {n}",
        "'{name}' 至少要有 {min} 项，现有 {n} 项",
    ),
    "too_many": (
        "'{name}' takes at most {max} items, has {n}",
        "'{name}' 最多 {max} 项，现有 {n} 项",
    ),
    "item_empty": ("'{name}' item {n} must be non-empty text", "'{name}' 第 {n} 项必须是非空文本"),
    "bad_tag": (
        "tag {tag} must be lowercase letters, digits and hyphens",
        "标签 {tag} 只能由小写字母、数字和连字符组成",
    ),
    "bad_languages": (
        "'languages' must list some of {langs}, got {got}",
        "'languages' 必须列出 {langs} 中的若干项，得到的是 {got}",
    ),
    "bad_index": (
        "'{name}' item {n} must be a 0-based index, got {raw}",
        "'{name}' 第 {n} 项必须是从 0 开始的下标，得到的是 {raw}",
    ),
    "index_twice": ("'{name}' lists an index twice", "'{name}' 里有重复的下标"),
    "bad_tolerance": (
        "'tolerance' must map dtypes to {{atol, rtol}}, got {kind}",
        "'tolerance' 必须把 dtype 映射到 {{atol, rtol}}，得到的是{kind}",
    ),
    "tolerance_unknown": (
        "'tolerance': unknown dtype '{dtype}' (use {dtypes})",
        "'tolerance'：未知的 dtype '{dtype}'（可用 {dtypes}）",
    ),
    "tolerance_missing": (
        "'tolerance': missing dtype '{dtype}'",
        "'tolerance'：缺少 dtype '{dtype}'",
    ),
    "cases": ("cases: {message}", "cases：{message}"),
    "retired_type": (
        "'retired' must map retired card ids to their replacements, got {kind}",
        "'retired' 必须把停用的卡片 id 映射到替代它的卡片，得到的是{kind}",
    ),
    "retired_bad_old": (
        "'retired': {old} is not a card id (lowercase letters, digits, hyphens)",
        "'retired'：{old} 不是卡片 id（小写字母、数字、连字符）",
    ),
    "retired_bad_new": (
        "'retired': '{old}' must map to the id of the card replacing it, got {new}",
        "'retired'：'{old}' 必须映射到替代它的卡片的 id，得到的是 {new}",
    ),
    "bad_kind": ("'kind' must be one of {kinds}", "'kind' 必须是 {kinds} 之一"),
    "bad_kind_got": (
        "'kind' must be one of {kinds}, got {got}",
        "'kind' 必须是 {kinds} 之一，得到的是 {got}",
    ),
    "correct_range": (
        "'correct' index {index} is out of range for {count} options",
        "'correct' 的下标 {index} 超出了 {count} 个选项的范围",
    ),
    "answer_too_long": (
        "'answer' ({lang}) is {units} {unit} long, at most {limit} (about a minute of speech); "
        "move the depth to 'details'",
        "'answer'（{lang}）长 {units} 个{unit}，最多 {limit} 个（约一分钟的口述）；请把深入内容移到 'details'",
    ),
    "unit_words": ("words", "词"),
    "unit_chars": ("Chinese characters", "汉字"),
    "cards_empty": ("'cards' must be a non-empty list", "'cards' 必须是非空列表"),
    # -- the file -------------------------------------------------------------------------------
    "the_file": ("the file", "该文件"),
    "cannot_read": ("cannot read file: {reason}", "无法读取文件：{reason}"),
    "cannot_read_folder": ("cannot read folder: {reason}", "无法读取文件夹：{reason}"),
    "not_utf8": ("not UTF-8 text (byte {n} of the file)", "不是 UTF-8 文本（文件的第 {n} 个字节）"),
    "duplicate_key": ("duplicate key '{key}'", "重复的键 '{key}'"),
    "file_empty": ("the file is empty", "文件是空的"),
    "duplicate_id": ("duplicate id '{id}'", "重复的 id '{id}'"),
    "duplicate_id_at": (
        "duplicate id '{id}' (first at {where})",
        "重复的 id '{id}'（第一次出现在 {where}）",
    ),
    "retired_live": (
        "retired: '{old}' is a live card; only ids gone from the content can be retired",
        "retired：'{old}' 仍是在用的卡片；只有已从内容中删去的 id 才能停用",
    ),
    "retired_no_target": (
        "retired: '{old}' maps to '{new}', which is not a card in the content",
        "retired：'{old}' 映射到 '{new}'，但内容里没有这张卡",
    ),
    "retired_twice": ("retired: '{old}' is retired twice", "retired：'{old}' 被停用了两次"),
    "retired_twice_at": (
        "retired: '{old}' is retired twice (first at {where})",
        "retired：'{old}' 被停用了两次（第一次在 {where}）",
    ),
    # -- files `quizapp check` lists as not loaded ---------------------------------------------------------
    "unloaded_stopped": ("stopped looking after {n} files", "查看了 {n} 个文件后停止"),
    "unloaded_unreadable": ("cannot read folder ({reason})", "无法读取文件夹（{reason}）"),
    "unloaded_special": (
        "not a regular file (a pipe, device, socket or broken link)",
        "不是普通文件（是管道、设备、套接字或失效的链接）",
    ),
    "unloaded_top": (
        "YAML directly in the content folder; put decks in decks/ and exercises in exercises/",
        "YAML 直接放在了内容文件夹里；卡组请放进 decks/，练习请放进 exercises/",
    ),
    "unloaded_subfolder": (
        "in a sub-folder of {folder}/; only files directly in {folder}/ are read",
        "在 {folder}/ 的子文件夹里；只读取直接放在 {folder}/ 下的文件",
    ),
    "unloaded_outside": (
        "YAML outside decks/ and exercises/ (in {folder}/)",
        "YAML 不在 decks/ 或 exercises/ 里（在 {folder}/ 里）",
    ),
    "unloaded_model": (
        "a model answer without its exercise (no loaded exercises/{stem}.yaml)",
        "没有对应练习的参考答案（没有已加载的 exercises/{stem}.yaml）",
    ),
    "unloaded_extension": (
        "wrong extension '{suffix}' (content files end in .yaml or .yml)",
        "扩展名 '{suffix}' 不对（内容文件以 .yaml 或 .yml 结尾）",
    ),
    "unloaded_other": (
        "not a content file (only decks/*.yaml and exercises/*.yaml are read)",
        "不是内容文件（只读取 decks/*.yaml 和 exercises/*.yaml）",
    ),
    # -- YAML -------------------------------------------------------------------------------------
    # {problem}, {error}: the YAML parser's own words (English), quoted as such in Chinese.
    "yaml_syntax": ("YAML syntax error: {problem}", "YAML 语法错误，解析器原文：“{problem}”"),
    "yaml_key_collection": (
        "a key must be plain text, not a mapping or a list",
        "键必须是普通文本，不能是映射或列表",
    ),
    "yaml_anchor": (
        "aliases are not allowed in quizapp content (found the anchor &{anchor})",
        "quizapp 内容里不允许使用别名（发现锚点 &{anchor}）",
    ),
    "yaml_alias": (
        "aliases are not allowed in quizapp content (found *{anchor})",
        "quizapp 内容里不允许使用别名（发现 *{anchor}）",
    ),
    "yaml_long": ("a text longer than {limit} characters ({n})", "文本超过了 {limit} 个字符（{n} 个）"),
    "yaml_tag": (
        "the tag {tag} is not allowed in quizapp content",
        "quizapp 内容里不允许使用标签 {tag}",
    ),
    "yaml_merge": (
        "merge keys (<<) are not allowed in quizapp content",
        "quizapp 内容里不允许使用合并键（<<）",
    ),
    "yaml_scalar": ("cannot read {value} as {tag}: {error}", "无法把 {value} 读作 {tag}，解析器原文：“{error}”"),
    "yaml_deep": ("nested deeper than {limit} levels", "嵌套超过了 {limit} 层"),
    "yaml_second": (
        "a content file holds one YAML document; this is a second one",
        "一个内容文件只能有一个 YAML 文档；这里是第二个",
    ),
    # -- Chinese punctuation (a note: the file still loads) --------------------------------------------
    "punct_label": ("{label} (zh): {problem}", "{label}（zh）：{problem}"),
    "punct_space": (
        "no space next to full-width punctuation, in {excerpt}",
        "全角标点旁不要加空格，见 {excerpt}",
    ),
    "punct_half": (
        "half-width {found} in Chinese text (use {want}), in {excerpt}",
        "中文里用了半角 {found}（应为 {want}），见 {excerpt}",
    ),
}


def say(key: str, /, **fields: object) -> Bilingual:
    return fill(CONTENT_MESSAGES, key, **fields)
